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
import { CompiledQuery, PostgresAdapter, SqliteAdapter, type Kysely } from 'kysely';
import type { AccessAuditEntry } from '../core/access-event.ts';
import { InputError, PiguardError } from '../core/errors.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import type { Schema } from '../store/schema.ts';
import { gatewayEntriesJson } from './gateway/gateway-entry-json.ts';
import { indexAccessPostgres } from './gateway/pg-access-index.ts';

// Rows per multi-row INSERT on PostgreSQL (65,535 bound parameters per statement).
const REF_ROWS_PER_INSERT = 20_000;
const EVENT_ROWS_PER_INSERT = 4_000;

/**
 * SQLite: all of a batch's rows in ONE bound parameter (a JSON array of row arrays) unpacked by
 * json_each in C. Kysely prepares every statement it runs, so one statement per table per batch
 * costs one prepare instead of one per few thousand rows, and no JavaScript builds or binds
 * parameter lists (measured ~25% less CPU than multi-row VALUES for the same rows). Each is an
 * `insert or ignore` whose row count is checked ({@link insertCountedSqlite} says why).
 */
const SQLITE_INSERT_EVENTS =
  'insert or ignore into access_events (audit_idx, ts, actor, action, purpose, source, role, ' +
  'branch, outcome, decision, customers, export_id) select value->>0, value->>1, value->>2, ' +
  'value->>3, value->>4, value->>5, value->>6, value->>7, value->>8, value->>9, value->>10, ' +
  'value->>11 from json_each(?)';
const SQLITE_INSERT_REFS =
  'insert or ignore into access_event_refs (audit_idx, customer_id) select value->>0, value->>1 ' +
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
  // Access entries have a known shape: written directly (byte-identical to the generic
  // canonical encoder, which answers for any other shape).
  const texts = gatewayEntriesJson(entries);
  const bytes = new Array<Buffer>(texts.length);
  for (let i = 0; i < texts.length; i++) bytes[i] = Buffer.from(texts[i]!);
  const indexes = await log.appendCanonicalInTransaction(trx, bytes);
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

/** The columns of access_events after audit_idx, in the order of {@link eventCells}. */
const EVENT_COLUMNS = [
  'ts',
  'actor',
  'action',
  'purpose',
  'source',
  'role',
  'branch',
  'outcome',
  'decision',
  'customers',
  'export_id',
] as const;
/** Bit of the actor column: always sent per row, so json_each yields one row per entry. */
const ACTOR_BIT = 1 << EVENT_COLUMNS.indexOf('actor');

/** An entry's access_events cells after audit_idx (EVENT_COLUMNS order). */
function eventCells(e: AccessAuditEntry, ts: string, customers: number): unknown[] {
  return [
    ts,
    e.actor,
    e.action,
    e.purpose ?? null,
    e.source,
    e.role ?? null,
    e.branch ?? null,
    e.outcome ?? null,
    e.decision,
    customers,
    e.export_id ?? null,
  ];
}

/** SQL of {@link indexAccessSqlite}'s event insert, by the bit set of per-row columns. */
const eventInsertSql = new Map<number, string>();

/**
 * `insert or ignore into access_events … select ? + key, <cell>… from json_each(?)`, where a
 * column whose bit is set in `perRow` comes from the row's JSON and every other column is one
 * bound value ({@link insertCountedSqlite} says why `or ignore`).
 * Why: json_each's `value->>k` re-reads the row's JSON text for each column it extracts; in a
 * gateway batch most columns are equal for every entry (time, source, decision, often actor and
 * purpose), and binding those once cost 2.4 µs per row against 5.9 µs for twelve extractions
 * (better-sqlite3, 64-row batches, same run).
 */
function eventInsert(perRow: number): string {
  let text = eventInsertSql.get(perRow);
  if (text !== undefined) return text;
  const jsonColumns = EVENT_COLUMNS.filter((_, c) => (perRow & (1 << c)) !== 0).length;
  let k = 0;
  const cells = EVENT_COLUMNS.map((_, c) => {
    if ((perRow & (1 << c)) === 0) return '?';
    // One per-row column: the rows are a flat array and `value` is the cell itself.
    return jsonColumns === 1 ? 'value' : `value->>${k++}`;
  });
  text =
    `insert or ignore into access_events (audit_idx, ${EVENT_COLUMNS.join(', ')}) ` +
    `select ? + key, ${cells.join(', ')} from json_each(?)`;
  eventInsertSql.set(perRow, text);
  return text;
}

/** References of entries that each name exactly one customer: `first + key` is the entry. */
const SQLITE_INSERT_SINGLE_REFS =
  'insert or ignore into access_event_refs (audit_idx, customer_id) ' +
  'select ? + key, value from json_each(?)';

/**
 * Runs one of the SQLite index inserts (`insert or ignore … select … from json_each(?)`) and
 * checks that it wrote all `expected` rows; `what` names them in the error.
 *
 * Why `or ignore`: a multi-row INSERT that could abort half-way (a constraint with the default
 * ABORT) makes SQLite keep a statement journal — the original of every page the statement
 * touches, to undo just that statement. Index rows land on scattered pages: references on the
 * customer index (one random page per read), events on the (actor, ts) index (one place per
 * actor). A batch's journal then outgrows SQLite's in-memory limit (64 KiB) and spills to a
 * temporary file: ~7 µs of CPU per reference row, mostly write syscalls, against ~2 µs without it
 * (64-row batches on a 125,000-reference index, same run); events of 64 actors out of 500, ~24
 * against ~16.5 µs per row with the commit. With `or ignore` no row can abort the statement, so
 * no journal is kept. Nothing is silently dropped: every row is distinct by construction (new
 * audit indexes; ids de-duplicated per entry) and has its required values, and a skipped row
 * shows as a short count here and fails the caller's transaction, as the constraint error did.
 */
async function insertCountedSqlite(
  trx: Kysely<Schema>,
  text: string,
  parameters: unknown[],
  expected: number,
  what: string,
): Promise<void> {
  const { numAffectedRows } = await trx.executeQuery(CompiledQuery.raw(text, parameters));
  if (numAffectedRows !== BigInt(expected)) {
    throw new PiguardError(
      `access index: ${String(numAffectedRows)} of ${expected} ${what} written ` +
        '(a duplicate or incomplete row); nothing was recorded',
    );
  }
}

/**
 * SQLite index rows of entries appended at `indexes`: contiguous indexes (every append) take the
 * bound-constant form ({@link eventInsert}); anything else the general one-array-per-row form.
 */
async function indexAccessSqlite(
  trx: Kysely<Schema>,
  entries: readonly AccessAuditEntry[],
  indexes: readonly number[],
): Promise<void> {
  const n = entries.length;
  const first = indexes[0]!;
  let contiguous = true;
  let oneCustomerEach = true;
  const rows: unknown[][] = new Array<unknown[]>(n);
  // Entries of one batch usually share their time: convert each distinct string once.
  let lastTs: string | undefined;
  let lastInstant = '';
  for (let i = 0; i < n; i++) {
    const e = entries[i]!;
    if (indexes[i] !== first + i) contiguous = false;
    if (e.ts !== lastTs) {
      lastInstant = utcInstant(e.ts);
      lastTs = e.ts;
    }
    const count = e.customers.length === 1 ? 1 : new Set(e.customers).size;
    if (e.customers.length !== 1) oneCustomerEach = false;
    rows[i] = eventCells(e, lastInstant, count);
  }
  if (contiguous) {
    let perRow = ACTOR_BIT;
    const row0 = rows[0]!;
    for (let c = 0; c < EVENT_COLUMNS.length; c++) {
      for (let i = 1; i < n; i++) {
        if (rows[i]![c] !== row0[c]) {
          perRow |= 1 << c;
          break;
        }
      }
    }
    const params: unknown[] = [first];
    for (let c = 0; c < EVENT_COLUMNS.length; c++) {
      if ((perRow & (1 << c)) === 0) params.push(row0[c]);
    }
    const flat = perRow === ACTOR_BIT;
    const json = rows.map((r) => (flat ? r[1] : r.filter((_, c) => (perRow & (1 << c)) !== 0)));
    params.push(JSON.stringify(json));
    await insertCountedSqlite(trx, eventInsert(perRow), params, n, 'access events');
  } else {
    const events = rows.map((r, i) => [indexes[i]!, ...r]);
    await insertCountedSqlite(
      trx,
      SQLITE_INSERT_EVENTS,
      [JSON.stringify(events)],
      n,
      'access events',
    );
  }
  if (contiguous && oneCustomerEach) {
    const ids = entries.map((e) => e.customers[0]!);
    await insertCountedSqlite(
      trx,
      SQLITE_INSERT_SINGLE_REFS,
      [first, JSON.stringify(ids)],
      n,
      'customer references',
    );
    return;
  }
  const refs: unknown[][] = [];
  for (let i = 0; i < n; i++) {
    const customers = entries[i]!.customers;
    const unique = customers.length === 1 ? customers : [...new Set(customers)];
    for (const customer of unique) refs.push([indexes[i]!, customer]);
  }
  if (refs.length > 0) {
    await insertCountedSqlite(
      trx,
      SQLITE_INSERT_REFS,
      [JSON.stringify(refs)],
      refs.length,
      'customer references',
    );
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
  const adapter = trx.getExecutor().adapter;
  if (adapter instanceof SqliteAdapter) {
    await indexAccessSqlite(trx, entries, indexes);
    return;
  }
  // PostgreSQL: both tables in one prepared statement of fixed text (one round trip per batch).
  if (adapter instanceof PostgresAdapter) {
    await indexAccessPostgres(trx, entries, indexes);
    return;
  }
  await indexAccessPortable(trx, entries, indexes);
}

/**
 * The index rows of {@link indexAccess} through Kysely's portable multi-row INSERTs: the path of
 * any other dialect, and the reference the engine-specific writers are tested against.
 *
 * @example
 * await indexAccessPortable(trx, entries, await log.appendInTransaction(trx, entries));
 */
export async function indexAccessPortable(
  trx: Kysely<Schema>,
  entries: readonly AccessAuditEntry[],
  indexes: readonly number[],
): Promise<void> {
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
