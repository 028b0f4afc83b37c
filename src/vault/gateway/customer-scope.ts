/**
 * Row scopes in the database: the clear attributes a scope tests (assigned agent, the agent's
 * team, branch, region) for given customers, and the search/export query that applies a grant's
 * scope and a filter in SQL. Reads only clear columns — no PI is decrypted to decide scope.
 */
import type { Kysely, SelectQueryBuilder } from 'kysely';
import type { Schema } from '../../store/schema.ts';
import type { Grant, Policy } from '../policy/policy.ts';
import type { ScopeSubject } from '../policy/policy-evaluator.ts';
import type { StoredCustomer } from '../customer-vault.ts';
import type { StaffMember } from '../staff-member.ts';
import type { ResolvedFilter } from './resolved-filter.ts';

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

/**
 * Scope attributes of a row the vault read ({@link CustomerVault.readStored}).
 *
 * @example
 * const subject = scopeRowOf((await vault.readStored(trx, ['C1'])).get('C1')!);
 */
export function scopeRowOf(row: StoredCustomer): CustomerScopeRow {
  return {
    agentId: row.agent_id,
    agentTeam: row.team,
    branch: row.branch,
    region: row.region,
    shredded: row.shredded_at !== null,
  };
}

type CustomerQuery = SelectQueryBuilder<
  Schema & { c: Schema['customers']; s: Schema['staff'] },
  'c' | 's',
  { customer_id: string }
>;

/**
 * Ids of live (not shredded) customers within the grant's scope for `member` that match
 * `filter`, ordered by id; `limit`/`offset` page them. PI criteria are blind-index digests
 * (resolved-filter.ts): equality on HMACs, no decryption.
 *
 * @example
 * const ids = await findCustomers(trx, policy, grant, member, resolveFilter(index, { branch: 'SH' }), { limit: 51 });
 */
export async function findCustomers(
  db: Kysely<Schema>,
  policy: Policy,
  grant: Grant,
  member: StaffMember,
  filter: ResolvedFilter,
  page: { limit?: number; offset?: number } = {},
): Promise<string[]> {
  const { clear } = filter;
  let q = db
    .selectFrom('customers as c')
    .leftJoin('staff as s', 's.staff_id', 'c.agent_id')
    .select('c.customer_id')
    .where('c.shredded_at', 'is', null) as unknown as CustomerQuery;
  for (const { kind, digest } of filter.digests) {
    q = q.where('c.customer_id', 'in', (eb) =>
      eb
        .selectFrom('customer_index as ci')
        .select('ci.customer_id')
        .where('ci.kind', '=', kind)
        .where('ci.digest', '=', digest),
    );
  }
  if (clear.customerId !== undefined) q = q.where('c.customer_id', '=', clear.customerId);
  if (clear.agent !== undefined) q = q.where('c.agent_id', '=', clear.agent);
  if (clear.branch !== undefined) q = q.where('c.branch', '=', clear.branch);
  if (clear.region !== undefined) q = q.where('c.region', '=', clear.region);
  if (clear.team !== undefined) q = q.where('s.team', '=', clear.team);
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
