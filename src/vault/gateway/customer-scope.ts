/**
 * Row scopes in the database: the clear attributes a scope tests (assigned agent, the agent's
 * team, branch, region) for given customers, and the search/export query that applies a grant's
 * scope and a filter in SQL. Reads only clear columns — no PI is decrypted to decide scope.
 */
import type { Kysely, SelectQueryBuilder } from 'kysely';
import type { Schema } from '../../store/schema.ts';
import type { Grant, Policy } from '../policy/policy.ts';
import type { ScopeSubject } from '../policy/policy-evaluator.ts';
import type { StaffMember } from '../staff-member.ts';
import type { CustomerFilter, VaultReader } from './gateway-types.ts';

const IDS_PER_SELECT = 5_000;

/** A customer's scope attributes, and whether its PI was shredded. */
export interface CustomerScopeRow extends ScopeSubject {
  shredded: boolean;
}

/**
 * Scope attributes of existing customers among `ids` (absent ids are missing from the map).
 *
 * @example
 * const subjects = await loadScopeSubjects(trx, ['C1', 'C2']);
 */
export async function loadScopeSubjects(
  db: Kysely<Schema>,
  ids: readonly string[],
): Promise<Map<string, CustomerScopeRow>> {
  const out = new Map<string, CustomerScopeRow>();
  const unique = [...new Set(ids)];
  for (let i = 0; i < unique.length; i += IDS_PER_SELECT) {
    const rows = await db
      .selectFrom('customers as c')
      .leftJoin('staff as s', 's.staff_id', 'c.agent_id')
      .select(['c.customer_id', 'c.agent_id', 'c.branch', 'c.region', 's.team', 'c.shredded_at'])
      .where('c.customer_id', 'in', unique.slice(i, i + IDS_PER_SELECT))
      .execute();
    for (const r of rows) {
      out.set(r.customer_id, {
        agentId: r.agent_id,
        agentTeam: r.team ?? null,
        branch: r.branch,
        region: r.region,
        shredded: r.shredded_at !== null,
      });
    }
  }
  return out;
}

type CustomerQuery = SelectQueryBuilder<
  Schema & { c: Schema['customers']; s: Schema['staff'] },
  'c' | 's',
  { customer_id: string }
>;

/**
 * Ids of live (not shredded) customers within the grant's scope for `member` that match
 * `filter`, ordered by id; `limit`/`offset` page them. Blind-indexed filter values are resolved
 * through the vault's lookup (equality on HMACs, no decryption).
 *
 * @example
 * const ids = await findCustomers(trx, vault, policy, grant, member, { branch: 'SH' }, { limit: 51, offset: 0 });
 */
export async function findCustomers(
  db: Kysely<Schema>,
  vault: VaultReader,
  policy: Policy,
  grant: Grant,
  member: StaffMember,
  filter: CustomerFilter,
  page: { limit?: number; offset?: number } = {},
): Promise<string[]> {
  // Blind-indexed criteria first: each narrows to a (usually tiny) id set.
  const idSets: string[][] = [];
  if (filter.phone !== undefined) idSets.push(await vault.lookup(db, 'phone', filter.phone));
  if (filter.idNumber !== undefined) {
    idSets.push(await vault.lookup(db, 'id_number', filter.idNumber));
  }
  if (filter.email !== undefined) idSets.push(await vault.lookup(db, 'email', filter.email));
  if (filter.name !== undefined || filter.birthDate !== undefined) {
    idSets.push(
      await vault.lookup(db, 'name_birth_date', {
        name: filter.name ?? '',
        birthDate: filter.birthDate ?? '',
      }),
    );
  }
  if (filter.customerId !== undefined) idSets.push([filter.customerId]);
  let ids: string[] | undefined;
  for (const set of idSets) {
    ids = ids === undefined ? set : ids.filter((id) => set.includes(id));
  }
  if (ids !== undefined && ids.length === 0) return [];

  let q = db
    .selectFrom('customers as c')
    .leftJoin('staff as s', 's.staff_id', 'c.agent_id')
    .select('c.customer_id')
    .where('c.shredded_at', 'is', null) as unknown as CustomerQuery;
  if (ids !== undefined) q = q.where('c.customer_id', 'in', ids.slice(0, 30_000));
  if (filter.agent !== undefined) q = q.where('c.agent_id', '=', filter.agent);
  if (filter.branch !== undefined) q = q.where('c.branch', '=', filter.branch);
  if (filter.region !== undefined) q = q.where('c.region', '=', filter.region);
  if (filter.team !== undefined) q = q.where('s.team', '=', filter.team);
  switch (grant.scope) {
    case 'all':
      break;
    case 'assigned':
      q = q.where('c.agent_id', '=', member.staffId);
      break;
    case 'team':
      q =
        member.team === null
          ? q.where('c.agent_id', '=', member.staffId)
          : q.where((eb) =>
              eb.or([eb('c.agent_id', '=', member.staffId), eb('s.team', '=', member.team)]),
            );
      break;
    case 'branch':
      if (member.branch === null) return [];
      q = q.where('c.branch', '=', member.branch);
      break;
    case 'region': {
      const regions = member.branch === null ? [] : (policy.branchRegions.get(member.branch) ?? []);
      if (regions.length === 0) return [];
      q = q.where('c.region', 'in', [...regions]);
      break;
    }
  }
  q = q.orderBy('c.customer_id');
  if (page.limit !== undefined) q = q.limit(page.limit);
  if (page.offset !== undefined && page.offset > 0) q = q.offset(page.offset);
  return (await q.execute()).map((r) => r.customer_id);
}
