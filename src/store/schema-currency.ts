/**
 * Whether the database's schema has every migration this build of piguard knows.
 *
 * Migrations run only in `piguard init` (explicit: a security system should not reshape its own
 * database as a side effect of starting a server). A database created by an older piguard and
 * then served by a newer one would otherwise fail on its first request with an engine error
 * naming a missing function or column; this check turns that into one clear line at start-up.
 */
import { sql, type Kysely } from 'kysely';
import { PiguardError } from '../core/errors.ts';
import type { Engine } from './database-url.ts';
import { allMigrations } from './migrator.ts';
import type { Schema } from './schema.ts';

/** Kysely's default name for the table recording applied migrations. */
const MIGRATION_TABLE = 'kysely_migration';

/**
 * Names of the migrations this build knows that the database has not applied; `undefined` when
 * the database has no migration table at all (never initialised).
 *
 * @example
 * const pending = await pendingMigrations(database.db, database.engine); // [] when current
 */
export async function pendingMigrations(
  db: Kysely<Schema>,
  engine: Engine,
): Promise<string[] | undefined> {
  const exists =
    engine === 'sqlite'
      ? await sql<{ n: number }>`
          select count(*) as n from sqlite_master where type = 'table' and name = ${MIGRATION_TABLE}`.execute(
          db,
        )
      : await sql<{ n: number }>`
          select count(*)::int as n from pg_catalog.pg_tables
           where schemaname = current_schema() and tablename = ${MIGRATION_TABLE}`.execute(db);
  if (Number(exists.rows[0]?.n ?? 0) === 0) return undefined;
  const applied = await sql<{
    name: string;
  }>`select name from ${sql.table(MIGRATION_TABLE)}`.execute(db);
  const have = new Set(applied.rows.map((r) => r.name));
  return Object.keys(allMigrations(engine)).filter((name) => !have.has(name));
}

/**
 * Throws a one-line PiguardError unless the schema is current.
 *
 * @example
 * await assertSchemaCurrent(database.db, database.engine); // before serving requests
 */
export async function assertSchemaCurrent(db: Kysely<Schema>, engine: Engine): Promise<void> {
  const pending = await pendingMigrations(db, engine);
  if (pending === undefined) {
    throw new PiguardError('the database is not initialised; run `piguard init`');
  }
  if (pending.length > 0) {
    throw new PiguardError(
      `the database schema is older than this piguard (missing migration${pending.length > 1 ? 's' : ''} ${pending.join(', ')}); run \`piguard init\` to bring it up to date`,
    );
  }
}
