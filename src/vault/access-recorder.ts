/**
 * The one write path for access events: every access — a gateway read, search, export or
 * refusal, or an event imported from another system — becomes one audit entry and, in the same
 * transaction, one `access_events` row (keyed by the entry's index) plus one
 * `access_event_customers` row per customer, which watch and trace query.
 *
 * Times in the index tables are UTC instants (see {@link utcInstant}).
 *
 * Keeping both writes in the caller's transaction is invariant 1 (DESIGN §3): if the audit append
 * fails, the caller's transaction rolls back and nothing is returned or kept.
 */
import type { Kysely } from 'kysely';
import type { AccessAuditEntry } from '../core/access-event.ts';
import { InputError } from '../core/errors.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import type { Schema } from '../store/schema.ts';

// Rows per multi-row INSERT: access_event_customers has 5 columns, and SQLite allows 32,766
// bound parameters per statement; PostgreSQL allows 65,535.
const CUSTOMER_ROWS_PER_INSERT = 6_000;
const EVENT_ROWS_PER_INSERT = 2_500;

/**
 * The index tables store every time as a UTC instant in one fixed format
 * (`2025-03-01T15:30:00.000Z`), so that the string comparisons of range queries (`ts < seen_at`)
 * order instants correctly whatever offset a source system wrote; the audit entry keeps the time
 * exactly as reported.
 *
 * @example
 * utcInstant('2025-03-01T23:30:00+08:00') // '2025-03-01T15:30:00.000Z'
 */
export function utcInstant(ts: string): string {
  const t = new Date(ts);
  if (Number.isNaN(t.getTime()))
    throw new InputError(`access event time is not an ISO-8601 instant`);
  return t.toISOString();
}

/**
 * Appends `entries` to the audit log inside `trx` and indexes them; returns their audit indexes.
 * Duplicate customer ids within one entry are indexed once.
 *
 * @example
 * await db.transaction().execute(async (trx) => {
 *   const [idx] = await recordAccess(trx, log, [{ type: 'access', ts, actor: 'S001', action: 'view',
 *     customers: ['C1'], purpose: 'claims', source: 'gateway', decision: 'allow' }]);
 * });
 */
export async function recordAccess(
  trx: Kysely<Schema>,
  log: AuditLog,
  entries: readonly AccessAuditEntry[],
): Promise<number[]> {
  if (entries.length === 0) return [];
  const indexes = await log.appendInTransaction(trx, entries);
  const events: Schema['access_events'][] = [];
  const touched: Schema['access_event_customers'][] = [];
  entries.forEach((e, i) => {
    const idx = indexes[i]!;
    const ts = utcInstant(e.ts);
    const unique = [...new Set(e.customers)];
    events.push({
      audit_idx: idx,
      ts,
      actor: e.actor,
      action: e.action,
      purpose: e.purpose ?? null,
      source: e.source,
      role: e.role ?? null,
      branch: e.branch ?? null,
      outcome: e.outcome ?? null,
      decision: e.decision,
      customers: unique.length,
      export_id: e.export_id ?? null,
    });
    for (const customer_id of unique) {
      touched.push({ audit_idx: idx, customer_id, actor: e.actor, ts, action: e.action });
    }
  });
  for (let i = 0; i < events.length; i += EVENT_ROWS_PER_INSERT) {
    await trx
      .insertInto('access_events')
      .values(events.slice(i, i + EVENT_ROWS_PER_INSERT))
      .execute();
  }
  for (let i = 0; i < touched.length; i += CUSTOMER_ROWS_PER_INSERT) {
    await trx
      .insertInto('access_event_customers')
      .values(touched.slice(i, i + CUSTOMER_ROWS_PER_INSERT))
      .execute();
  }
  return indexes;
}
