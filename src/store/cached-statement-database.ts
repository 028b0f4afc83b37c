/**
 * A better-sqlite3 database as Kysely's `SqliteDatabase`, with compiled statements kept in a
 * small LRU keyed by SQL text.
 *
 * Why: Kysely's SQLite driver calls `prepare(sql)` for every query it runs, and compiling a
 * statement costs more than executing a one-row read or insert (measured on the HTTP read path:
 * ~12% of the server's CPU was `prepare`). The gateway, the audit log and the event import send
 * the same few SQL texts over and over, so caching them removes that cost.
 *
 * Safe because Kysely holds the single connection for the whole of a query (and of a streamed
 * query), so a cached statement is never re-entered while it is still iterating; SQLite itself
 * recompiles a prepared statement after a schema change. Very long texts (multi-row inserts with
 * inlined shapes) are compiled each time rather than evicting the hot statements.
 */
import type Database from 'better-sqlite3';
import type { SqliteDatabase, SqliteStatement } from 'kysely';

/** Statements kept per connection. */
export const STATEMENT_CACHE_SIZE = 128;
/** Longer SQL texts are not cached (they are rarely repeated and would pin memory). */
export const MAX_CACHED_SQL_LENGTH = 16_384;

/**
 * Wraps `database` so that `prepare` reuses compiled statements.
 *
 * @example
 * const dialect = new SqliteDialect({ database: new CachedStatementDatabase(new Database(path)) });
 */
export class CachedStatementDatabase implements SqliteDatabase {
  readonly #database: Database.Database;
  readonly #size: number;
  // Map iteration order is insertion order: re-inserting on a hit makes the first key the LRU.
  readonly #statements = new Map<string, Database.Statement>();

  constructor(database: Database.Database, size: number = STATEMENT_CACHE_SIZE) {
    this.#database = database;
    this.#size = size;
  }

  /** Number of statements currently cached (for tests). */
  get cached(): number {
    return this.#statements.size;
  }

  prepare(sql: string): SqliteStatement {
    if (sql.length > MAX_CACHED_SQL_LENGTH) return this.#database.prepare(sql);
    const hit = this.#statements.get(sql);
    if (hit !== undefined) {
      this.#statements.delete(sql);
      this.#statements.set(sql, hit);
      return hit;
    }
    const statement = this.#database.prepare(sql);
    this.#statements.set(sql, statement);
    if (this.#statements.size > this.#size) {
      const oldest = this.#statements.keys().next().value;
      if (oldest !== undefined) this.#statements.delete(oldest);
    }
    return statement;
  }

  close(): void {
    this.#statements.clear();
    this.#database.close();
  }
}
