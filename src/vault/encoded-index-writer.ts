/**
 * SQLite writer of an import batch's access-index rows (encoded-index-rows.ts): multi-row
 * INSERTs with bound values, a few hundred rows per statement.
 *
 * Why this shape: better-sqlite3's cost per statement run (and Kysely's per query) is large next to
 * one row's insert, and a statement's cost grows with its parameter count only through binding; a
 * few hundred rows per run amortise the former, and a fixed row count keeps the same four SQL
 * texts in the statement cache (the rest of a batch goes row by row). Measured on 200,000
 * access_events rows (same run): ~2.0–2.3 µs per row against ~3.9 µs for json_each over JSON rows.
 */
import { CompiledQuery, type Kysely } from 'kysely';
import { PiguardError } from '../core/errors.ts';
import type { Schema } from '../store/schema.ts';
import { EVENT_ROW_VALUES, type IndexRows } from './encoded-index-rows.ts';

/** access_events rows per multi-row INSERT (10 bound values each). */
const EVENT_ROWS_PER_INSERT = 200;
/** access_event_refs rows per multi-row INSERT (2 bound values each). */
const REF_ROWS_PER_INSERT = 500;

const EVENT_COLUMNS =
  'audit_idx, ts, actor, action, purpose, source, role, branch, outcome, customers, decision, export_id';
/** Imported events are always `allow` with no export id. */
const EVENT_VALUES = "(?,?,?,?,?,?,?,?,?,?,'allow',null)";

function eventInsert(rows: number): string {
  return `insert or ignore into access_events (${EVENT_COLUMNS}) values ${`${EVENT_VALUES},`.repeat(rows - 1)}${EVENT_VALUES}`;
}
function refInsert(rows: number): string {
  return `insert or ignore into access_event_refs (audit_idx, customer_id) values ${'(?,?),'.repeat(rows - 1)}(?,?)`;
}

const EVENTS_MANY = eventInsert(EVENT_ROWS_PER_INSERT);
const EVENTS_ONE = eventInsert(1);
const REFS_MANY = refInsert(REF_ROWS_PER_INSERT);
const REFS_ONE = refInsert(1);

/**
 * Runs `values` (rowValues per row) through the many-row statement, the rest one row each.
 *
 * The statements are `insert or ignore` and every run's row count is checked: a statement that
 * cannot abort half-way needs no statement journal, which SQLite otherwise keeps for each
 * multi-row INSERT (and spills to a temporary file once it outgrows memory) — measured at about
 * half the cost of a reference row. No row can be silently ignored: the rows are new audit
 * indexes and each entry's customers are distinct, and a short count throws, failing the import's
 * transaction exactly as the constraint error would have (access-recorder.ts does the same).
 */
async function run(
  trx: Kysely<Schema>,
  text: string,
  params: unknown[],
  rows: number,
): Promise<void> {
  const { numAffectedRows } = await trx.executeQuery(CompiledQuery.raw(text, params));
  if (numAffectedRows !== BigInt(rows)) {
    throw new PiguardError(
      `access index: ${String(numAffectedRows)} of ${rows} rows written (a duplicate row); nothing was imported`,
    );
  }
}

async function insertRows(
  trx: Kysely<Schema>,
  values: ReadonlyArray<unknown>,
  rowValues: number,
  rowsPerInsert: number,
  many: string,
  one: string,
): Promise<void> {
  const rows = values.length / rowValues;
  let row = 0;
  for (; row + rowsPerInsert <= rows; row += rowsPerInsert) {
    const params = values.slice(row * rowValues, (row + rowsPerInsert) * rowValues);
    await run(trx, many, params, rowsPerInsert);
  }
  for (; row < rows; row++) {
    const params = values.slice(row * rowValues, (row + 1) * rowValues);
    await run(trx, one, params, 1);
  }
}

/**
 * Inserts decoded index rows into access_events and access_event_refs inside `trx` (SQLite).
 *
 * @example
 * const first = await log.appendEncodedInTransaction(trx, batch);
 * await writeIndexRowsSqlite(trx, decodeIndexRows(batch.indexText, batch.indexLengths, batch.entryCount, first));
 */
export async function writeIndexRowsSqlite(trx: Kysely<Schema>, rows: IndexRows): Promise<void> {
  await insertRows(
    trx,
    rows.events,
    EVENT_ROW_VALUES,
    EVENT_ROWS_PER_INSERT,
    EVENTS_MANY,
    EVENTS_ONE,
  );
  await insertRows(trx, rows.refs, 2, REF_ROWS_PER_INSERT, REFS_MANY, REFS_ONE);
}
