/**
 * Counts what quotas limit: distinct customers an actor was shown through the gateway since the
 * start of the business day, from the access-event index (access_event_customers joined with
 * access_events for the decision and source). Refusals and events imported from other systems do
 * not count: the quota bounds what piguard itself shows.
 *
 * Read inside the gateway's transaction, after the audit head is locked, so two processes cannot
 * both spend the last unit of a quota.
 */
import { sql, type Kysely } from 'kysely';
import type { Schema } from '../../store/schema.ts';

const IDS_PER_SELECT = 5_000;

/**
 * For each actor, which of `customerIds` they were already shown today.
 *
 * @example
 * const seen = await customersShownToday(trx, ['S001'], ['C1', 'C2'], dayStart); // Map S001 → Set{C1}
 */
export async function customersShownToday(
  db: Kysely<Schema>,
  actors: readonly string[],
  customerIds: readonly string[],
  since: string,
): Promise<Map<string, Set<string>>> {
  const out = new Map<string, Set<string>>();
  const uniqueActors = [...new Set(actors)];
  const unique = [...new Set(customerIds)];
  if (uniqueActors.length === 0 || unique.length === 0) return out;
  for (let i = 0; i < unique.length; i += IDS_PER_SELECT) {
    const rows = await db
      .selectFrom('access_event_customers as aec')
      .innerJoin('access_events as ae', 'ae.audit_idx', 'aec.audit_idx')
      .select(['aec.actor', 'aec.customer_id'])
      .distinct()
      .where('aec.customer_id', 'in', unique.slice(i, i + IDS_PER_SELECT))
      .where('aec.actor', 'in', uniqueActors)
      .where('aec.ts', '>=', since)
      .where('ae.decision', '=', 'allow')
      .where('ae.source', '=', 'gateway')
      .execute();
    for (const r of rows) {
      let set = out.get(r.actor);
      if (!set) out.set(r.actor, (set = new Set()));
      set.add(r.customer_id);
    }
  }
  return out;
}

/**
 * Distinct customers `actor` was shown through the gateway since `since`.
 *
 * @example
 * const n = await distinctCustomersShown(trx, 'S001', dayStart);
 */
export async function distinctCustomersShown(
  db: Kysely<Schema>,
  actor: string,
  since: string,
): Promise<number> {
  const row = await db
    .selectFrom('access_event_customers as aec')
    .innerJoin('access_events as ae', 'ae.audit_idx', 'aec.audit_idx')
    .select(sql<number | string>`count(distinct aec.customer_id)`.as('n'))
    .where('aec.actor', '=', actor)
    .where('aec.ts', '>=', since)
    .where('ae.decision', '=', 'allow')
    .where('ae.source', '=', 'gateway')
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}
