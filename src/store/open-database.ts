/**
 * Opens piguard's database from a URL: one function every command and the server call, so the
 * engine choice (DESIGN §6) stays in one place.
 */
import { Kysely } from 'kysely';
import { parseDatabaseUrl, type Engine } from './database-url.ts';
import type { PostgresPoolOptions } from './postgres-dialect.ts';
import type { Schema } from './schema.ts';

/** An open database. `close()` releases the file or the pool; call it once. */
export interface Database {
  readonly db: Kysely<Schema>;
  readonly engine: Engine;
  close(): Promise<void>;
}

/**
 * Opens (and for SQLite creates) the database named by `url`; `options.postgres` sets the pool
 * (postgres-dialect.ts). Does not migrate: `piguard init`
 * and the test harness call migrateToLatest.
 *
 * @example
 * const { db, engine, close } = await openDatabase('sqlite:./piguard.db');
 * try { ... } finally { await close(); }
 * // PostgreSQL pool settings (ignored for SQLite); statements are prepared by default:
 * await openDatabase('postgres://127.0.0.1/piguard', { postgres: { maxConnections: 4, prepare: false } });
 */
export async function openDatabase(
  url: string,
  options: { postgres?: PostgresPoolOptions } = {},
): Promise<Database> {
  const target = parseDatabaseUrl(url);
  // Each engine's driver is loaded only when used: start-up time matters for the CLI.
  const dialect =
    target.engine === 'sqlite'
      ? (await import('./sqlite-dialect.ts')).createSqliteDialect(target.path)
      : (await import('./postgres-dialect.ts')).createPostgresDialect(
          target.connectionString,
          options.postgres,
        );
  const db = new Kysely<Schema>({ dialect });
  let closed = false;
  return {
    db,
    engine: target.engine,
    async close() {
      if (closed) return;
      closed = true;
      await db.destroy();
    },
  };
}
