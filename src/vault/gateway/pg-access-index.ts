/**
 * PostgreSQL: the access index rows of a batch of audit entries (`access_events`, one per entry,
 * and `access_event_refs`, one per distinct customer of an entry) in ONE statement of fixed text.
 *
 * Why: access-recorder.ts's portable path builds two multi-row INSERTs with Kysely — 12 bound
 * values per event row and 2 per reference, compiled by Kysely on every batch, a different SQL
 * text for every batch size (so never a reusable prepared statement), two round trips. Here each
 * column travels as one array parameter unpacked by `unnest`, and both tables are written by one
 * statement (a data-modifying CTE): one round trip, one text that postgres-prepared-pool.ts
 * prepares once per connection. Same rows, same order, same values as indexAccess.
 *
 * The rows go into the caller's transaction (invariant 1: they commit or roll back with the
 * audit entries they index).
 */
import { CompiledQuery, PostgresAdapter, type Kysely } from 'kysely';
import type { AccessAuditEntry } from '../../core/access-event.ts';
import type { Schema } from '../../store/schema.ts';
import { utcInstant } from '../access-recorder.ts';

/** access_events and access_event_refs from column arrays ($1–$12 events, $13–$14 refs). */
export const POSTGRES_INDEX_ACCESS_SQL = `with e as (
  insert into access_events (audit_idx, ts, actor, action, purpose, source, role, branch,
    outcome, decision, customers, export_id)
  select * from unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[],
    $7::text[], $8::text[], $9::text[], $10::text[], $11::integer[], $12::text[])
)
insert into access_event_refs (audit_idx, customer_id)
select * from unnest($13::bigint[], $14::text[])`;

/** The access-index columns of a batch of entries, apart from the audit indexes. */
export interface AccessIndexColumns {
  /** access_events cells after audit_idx, one array per column (ts … export_id). */
  readonly events: unknown[][];
  /** Per access_event_refs row: the position of its entry in the batch, and the customer. */
  readonly refEntry: number[];
  readonly refCustomer: string[];
}

/**
 * The index columns of `entries` (duplicate customer ids within an entry count once).
 *
 * @example
 * const cols = accessIndexColumns(entries); // cols.events[1][0] is the first entry's actor
 */
export function accessIndexColumns(entries: readonly AccessAuditEntry[]): AccessIndexColumns {
  const n = entries.length;
  const events: unknown[][] = Array.from({ length: 11 }, () => new Array<unknown>(n));
  const refEntry: number[] = [];
  const refCustomer: string[] = [];
  // Batches share one timestamp: convert it once.
  let lastTs: string | undefined;
  let lastInstant = '';
  for (let i = 0; i < n; i++) {
    const e = entries[i]!;
    if (e.ts !== lastTs) {
      lastInstant = utcInstant(e.ts);
      lastTs = e.ts;
    }
    const unique = e.customers.length === 1 ? e.customers : [...new Set(e.customers)];
    events[0]![i] = lastInstant;
    events[1]![i] = e.actor;
    events[2]![i] = e.action;
    events[3]![i] = e.purpose ?? null;
    events[4]![i] = e.source;
    events[5]![i] = e.role ?? null;
    events[6]![i] = e.branch ?? null;
    events[7]![i] = e.outcome ?? null;
    events[8]![i] = e.decision;
    events[9]![i] = unique.length;
    events[10]![i] = e.export_id ?? null;
    for (const customer of unique) {
      refEntry.push(i);
      refCustomer.push(customer);
    }
  }
  return { events, refEntry, refCustomer };
}

/**
 * Writes the index rows of `entries`, already appended to the audit log at `indexes`, in `trx`
 * (PostgreSQL only; a TypeError elsewhere). Duplicate customer ids within an entry count once.
 *
 * @example
 * const indexes = await log.appendInTransaction(trx, entries);
 * await indexAccessPostgres(trx, entries, indexes);
 */
export async function indexAccessPostgres(
  trx: Kysely<Schema>,
  entries: readonly AccessAuditEntry[],
  indexes: readonly number[],
): Promise<void> {
  if (!(trx.getExecutor().adapter instanceof PostgresAdapter)) {
    throw new TypeError('indexAccessPostgres is for PostgreSQL; use indexAccess');
  }
  if (entries.length === 0) return;
  const { events, refEntry, refCustomer } = accessIndexColumns(entries);
  await trx.executeQuery(
    CompiledQuery.raw(POSTGRES_INDEX_ACCESS_SQL, [
      indexes,
      ...events,
      refEntry.map((i) => indexes[i]!),
      refCustomer,
    ]),
  );
}
