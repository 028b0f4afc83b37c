/**
 * Kysely's SQLite dialect over better-sqlite3, configured for piguard's durability and locking
 * needs.
 *
 * Durability decision: WAL journal with `synchronous = FULL`. In WAL mode NORMAL survives a
 * process crash but may lose the last commits on power loss or an OS crash; an acknowledged audit
 * entry must never disappear (the crash test and invariant 3 rely on it), so every commit syncs
 * the WAL. Group commit in the audit log amortises that fsync over many entries.
 *
 * Locking: every transaction starts with `BEGIN IMMEDIATE`, which takes SQLite's write lock at
 * the start. A deferred transaction that reads first and writes later can fail with
 * SQLITE_BUSY_SNAPSHOT when another process (CLI next to the server) committed in between; an
 * immediate one waits for the lock (busy timeout) instead. Within one process Kysely already
 * serialises the single connection, so nothing is lost.
 */
import Database from 'better-sqlite3';
import {
  CompiledQuery,
  SqliteDialect,
  SqliteDriver,
  type DatabaseConnection,
  type Driver,
  type SqliteDialectConfig,
} from 'kysely';
import { CachedStatementDatabase } from './cached-statement-database.ts';

/** How long a statement waits for another process's write lock before failing, in ms. */
export const SQLITE_BUSY_TIMEOUT_MS = 10_000;

/** A SQLite driver whose transactions begin IMMEDIATE (see the module comment). */
class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

/** SqliteDialect whose driver begins transactions IMMEDIATE. */
class ImmediateSqliteDialect extends SqliteDialect {
  readonly #config: SqliteDialectConfig;

  constructor(config: SqliteDialectConfig) {
    super(config);
    this.#config = config;
  }

  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.#config);
  }
}

/**
 * Opens the SQLite file (created if missing) with WAL, synchronous=FULL, foreign keys and a busy
 * timeout, and returns a Kysely dialect over it that reuses compiled statements.
 *
 * @example
 * const db = new Kysely<Schema>({ dialect: createSqliteDialect('./piguard.db') });
 */
export function createSqliteDialect(path: string): SqliteDialect {
  const database = new Database(path, { timeout: SQLITE_BUSY_TIMEOUT_MS });
  if (path !== ':memory:') database.pragma('journal_mode = WAL');
  database.pragma('synchronous = FULL');
  database.pragma('foreign_keys = ON');
  database.pragma(`busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`);
  return new ImmediateSqliteDialect({ database: new CachedStatementDatabase(database) });
}
