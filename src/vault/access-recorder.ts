/**
 * The one write path for access events: every access — a gateway read, search, export or
 * refusal, or an event imported from another system — becomes one audit entry and, in the same
 * transaction, one `access_events` row (keyed by the entry's index) plus one `access_event_refs`
 * row per customer (read through the `access_event_customers` view), which watch and trace query.
 *
 * Times in the index tables are UTC instants (see {@link utcInstant}).
 *
 * Keeping both writes in the caller's transaction is invariant 1 (DESIGN §3): if the audit append
 * fails, the caller's transaction rolls back and nothing is returned or kept.
 */
import { CompiledQuery, SqliteAdapter, type Kysely } from 'kysely';
import type { AccessAuditEntry } from '../core/access-event.ts';
import { InputError } from '../core/errors.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import type { Schema } from '../store/schema.ts';

// Rows per multi-row INSERT on PostgreSQL (65,535 bound parameters per statement).
const REF_ROWS_PER_INSERT = 20_000;
const EVENT_ROWS_PER_INSERT = 4_000;

/**
 * SQLite: all of a batch's rows in ONE bound parameter (a JSON array of row arrays) unpacked by
 * json_each in C. Kysely prepares every statement it runs, so one statement per table per batch
 * costs one prepare instead of one per few thousand rows, and no JavaScript builds or binds
 * parameter lists (measured ~25% less CPU than multi-row VALUES for the same rows).
 */
const SQLITE_INSERT_EVENTS =
  'insert into access_events (audit_idx, ts, actor, action, purpose, source, role, branch, ' +
  'outcome, decision, customers, export_id) select value->>0, value->>1, value->>2, value->>3, ' +
  'value->>4, value->>5, value->>6, value->>7, value->>8, value->>9, value->>10, value->>11 ' +
  'from json_each(?)';
const SQLITE_INSERT_REFS =
  'insert into access_event_refs (audit_idx, customer_id) select value->>0, value->>1 ' +
  'from json_each(?)';

/**
 * The index rows of an encoded import batch (event-batch-encoder.ts): rows carry their position
 * in the batch, json_each's `key` / the ref's first element, added to the first audit index.
 * Imported events are always `allow` with no export id. The JSON arrives as UTF-8 bytes (cast to
 * text: a blob would be read as JSONB).
 */
const SQLITE_INSERT_ENCODED_EVENTS =
  'insert into access_events (audit_idx, ts, actor, action, purpose, source, role, branch, ' +
  'outcome, decision, customers, export_id) select ? + key, value->>0, value->>1, value->>2, ' +
  "value->>3, value->>4, value->>5, value->>6, value->>7, 'allow', value->>8, null " +
  'from json_each(cast(? as text))';
const SQLITE_INSERT_ENCODED_REFS =
  'insert into access_event_refs (audit_idx, customer_id) select ? + (value->>0), value->>1 ' +
  'from json_each(cast(? as text))';

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
 * The index is `access_events` (one row per entry) and `access_event_refs` (one narrow row per
 * customer; readers see them joined as the `access_event_customers` view, migration 0007).
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
  await indexAccess(trx, entries, indexes);
  return indexes;
}

/**
 * Writes the index rows of an encoded import batch whose entries were appended from audit index
 * `first` on (SQLite only: the rows are JSON text unpacked by json_each). `eventRows` and
 * `refRows` are as EncodedEventBatch describes them (event-batch-encoder.ts).
 *
 * @example
 * const first = await log.appendEncodedInTransaction(trx, batch);
 * await indexEncodedAccess(trx, first, batch.eventRows, batch.refRows);
 */
export async function indexEncodedAccess(
  trx: Kysely<Schema>,
  first: number,
  eventRows: Uint8Array,
  refRows: Uint8Array,
): Promise<void> {
  if (!(trx.getExecutor().adapter instanceof SqliteAdapter)) {
    throw new TypeError('indexEncodedAccess is for SQLite; use indexAccess');
  }
  await trx.executeQuery(CompiledQuery.raw(SQLITE_INSERT_ENCODED_EVENTS, [first, eventRows]));
  if (refRows.length > 2) {
    await trx.executeQuery(CompiledQuery.raw(SQLITE_INSERT_ENCODED_REFS, [first, refRows]));
  }
}

/**
 * Writes the index rows of entries already appended at `indexes` (the second half of
 * {@link recordAccess}; benchmarks call it alone to separate index cost from audit cost).
 *
 * @example
 * await indexAccess(trx, entries, await log.appendInTransaction(trx, entries));
 */
export async function indexAccess(
  trx: Kysely<Schema>,
  entries: readonly AccessAuditEntry[],
  indexes: readonly number[],
): Promise<void> {
  if (trx.getExecutor().adapter instanceof SqliteAdapter) {
    const events: unknown[][] = new Array<unknown[]>(entries.length);
    const refs: unknown[][] = [];
    for (let i = 0; i < entries.length; i++) {
      const e = entries[i]!;
      const idx = indexes[i]!;
      const unique = e.customers.length === 1 ? e.customers : [...new Set(e.customers)];
      events[i] = [
        idx,
        utcInstant(e.ts),
        e.actor,
        e.action,
        e.purpose ?? null,
        e.source,
        e.role ?? null,
        e.branch ?? null,
        e.outcome ?? null,
        e.decision,
        unique.length,
        e.export_id ?? null,
      ];
      for (const customer of unique) refs.push([idx, customer]);
    }
    await trx.executeQuery(CompiledQuery.raw(SQLITE_INSERT_EVENTS, [JSON.stringify(events)]));
    if (refs.length > 0) {
      await trx.executeQuery(CompiledQuery.raw(SQLITE_INSERT_REFS, [JSON.stringify(refs)]));
    }
    return;
  }
  const events: Schema['access_events'][] = [];
  const refs: Schema['access_event_refs'][] = [];
  entries.forEach((e, i) => {
    const idx = indexes[i]!;
    const unique = [...new Set(e.customers)];
    events.push({
      audit_idx: idx,
      ts: utcInstant(e.ts),
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
    for (const customer_id of unique) refs.push({ audit_idx: idx, customer_id });
  });
  for (let i = 0; i < events.length; i += EVENT_ROWS_PER_INSERT) {
    await trx
      .insertInto('access_events')
      .values(events.slice(i, i + EVENT_ROWS_PER_INSERT))
      .execute();
  }
  for (let i = 0; i < refs.length; i += REF_ROWS_PER_INSERT) {
    await trx
      .insertInto('access_event_refs')
      .values(refs.slice(i, i + REF_ROWS_PER_INSERT))
      .execute();
  }
}
