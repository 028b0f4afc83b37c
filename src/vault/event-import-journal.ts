/**
 * The journal a bulk event import writes through on SQLite (issue 5: `import events` of ~19 M
 * events ≥ 100,000 events/s).
 *
 * Why: piguard runs SQLite in WAL mode (store/sqlite-dialect.ts). A WAL can only be checkpointed
 * up to its last commit, so an import that is one transaction (all or nothing) grows the WAL by
 * everything it writes — 10.5 GB for the 18.9 M events of the full-size organisation — and then
 * copies all of it into the database file when the last connection closes: every page is written
 * twice, and the second copy (plus its fsync) happens after the last event, when nothing else
 * overlaps it.
 *
 * With a rollback journal SQLite writes the new pages once, straight into the database file, and
 * journals only the pages that existed before the transaction (their original content, synced
 * before they are overwritten). Pages past the file's original end are not journaled at all: on
 * rollback the file is truncated back to its original size. A SIGKILL anywhere leaves a hot
 * journal that the next connection to open the file rolls back (tests: event-import-crash), so
 * the import stays all or nothing and crash-safe with `synchronous = FULL` unchanged.
 *
 * The price is concurrency: leaving WAL mode needs the file to itself, and during the import other
 * processes cannot open it (piguard's open switches to WAL, which needs the lock the import holds)
 * nor read it once the import has spilled pages to the file. So the switch is only tried for bulk
 * loads (the caller decides: the same imports that rebuild the access indexes), and only succeeds
 * when no other connection has the database open; otherwise the import runs in WAL mode as before.
 * A server that is running keeps its connection open, so an import next to it never takes the
 * database away from it. WAL mode is restored right after the commit (or rollback); should that
 * fail, the next `openDatabase` restores it anyway.
 */
import { sql, type Kysely } from 'kysely';
import type { Schema } from '../store/schema.ts';

/** The rollback journal mode used for bulk imports (DELETE: the journal file is removed at commit). */
const BULK_JOURNAL_MODE = 'delete';

async function journalMode(db: Kysely<Schema>, mode?: string): Promise<string | undefined> {
  const statement = mode === undefined ? 'pragma journal_mode' : `pragma journal_mode = ${mode}`;
  const { rows } = await sql.raw<{ journal_mode: string }>(statement).execute(db);
  return rows[0]?.journal_mode;
}

/** SQLite's "database is locked": another connection has the file open (see the module comment). */
function isBusy(err: unknown): boolean {
  const code = (err as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_BUSY');
}

/**
 * Runs `work` with the SQLite database `db` (a file in WAL mode, outside any transaction) switched
 * to a rollback journal when no other connection has it open; otherwise, or for a database not in
 * WAL mode, runs `work` unchanged. Returns `work`'s result and whether the switch happened.
 *
 * @example
 * const { result, rollbackJournal } = await withBulkJournal(db, () =>
 *   db.transaction().execute((trx) => writeEverything(trx)),
 * );
 */
export async function withBulkJournal<T>(
  db: Kysely<Schema>,
  work: () => Promise<T>,
): Promise<{ result: T; rollbackJournal: boolean }> {
  if ((await journalMode(db)) !== 'wal') return { result: await work(), rollbackJournal: false };
  let switched: boolean;
  try {
    // Fails at once (no busy wait) while another connection has the file open.
    switched = (await journalMode(db, BULK_JOURNAL_MODE)) === BULK_JOURNAL_MODE;
  } catch (err) {
    if (!isBusy(err)) throw err;
    switched = false;
  }
  if (!switched) return { result: await work(), rollbackJournal: false };
  try {
    return { result: await work(), rollbackJournal: true };
  } finally {
    await restoreWal(db);
  }
}

/**
 * Switches back to WAL mode after the import's commit or rollback. Never throws: the import's
 * outcome stands either way, and should the switch fail (another process opened the file after
 * the commit and holds it, or switched it back already), every open sets WAL mode again.
 */
async function restoreWal(db: Kysely<Schema>): Promise<void> {
  try {
    await journalMode(db, 'wal');
  } catch {
    // See above: left to the next open.
  }
}
