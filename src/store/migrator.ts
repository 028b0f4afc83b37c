/**
 * Runs piguard's migrations with Kysely's Migrator and a static provider (no directory scanning,
 * so the bundled CLI and tests see exactly the same list).
 */
import {
  Migrator,
  sql,
  type DatabaseIntrospector,
  type Kysely,
  type Migration,
  type MigrationProvider,
  type TableMetadata,
} from 'kysely';
import type { Engine } from './database-url.ts';
import { auditLogMigration } from './migrations/0001-audit-log.ts';
import { vaultMigration } from './migrations/0002-vault.ts';
import { traceMigration } from './migrations/0003-trace.ts';
import { watchMigration } from './migrations/0004-watch.ts';
import { casesMigration } from './migrations/0005-cases.ts';
import { auditSparseNodesMigration } from './migrations/0006-audit-sparse-nodes.ts';
import { accessIndexMigration } from './migrations/0007-access-index.ts';
import { vaultIndexMigration } from './migrations/0008-vault-index.ts';
import { accessAppendMigration } from './migrations/0009-access-append.ts';
import type { Schema } from './schema.ts';

/** Every migration, by name; names sort in the order they run. Append only. */
export function allMigrations(engine: Engine): Record<string, Migration> {
  return {
    '0001-audit-log': auditLogMigration(engine),
    '0002-vault': vaultMigration(engine),
    '0003-trace': traceMigration(engine),
    '0004-watch': watchMigration(engine),
    '0005-cases': casesMigration(engine),
    '0006-audit-sparse-nodes': auditSparseNodesMigration(engine),
    '0007-access-index': accessIndexMigration(engine),
    '0008-vault-index': vaultIndexMigration(engine),
    '0009-access-append': accessAppendMigration(engine),
  };
}

class StaticMigrationProvider implements MigrationProvider {
  readonly #migrations: Record<string, Migration>;
  constructor(migrations: Record<string, Migration>) {
    this.#migrations = migrations;
  }
  async getMigrations(): Promise<Record<string, Migration>> {
    return this.#migrations;
  }
}

/**
 * Brings the schema up to date. Returns the names of the migrations it applied (empty when the
 * schema was already current). Throws the migration's own error on failure.
 *
 * @example
 * const applied = await migrateToLatest(db, 'sqlite'); // ['0001-audit-log'] on a new database
 */
export async function migrateToLatest(db: Kysely<Schema>, engine: Engine): Promise<string[]> {
  // On PostgreSQL the migration tables live in the current schema (search_path), named
  // explicitly: Kysely would otherwise find another schema's kysely_migration table.
  const migrationTableSchema =
    engine === 'postgres'
      ? (await sql<{ s: string }>`select current_schema() as s`.execute(db)).rows[0]?.s
      : undefined;
  const migrator = new Migrator({
    db: migrationTableSchema ? withSchemaIntrospection(db, migrationTableSchema) : db,
    provider: new StaticMigrationProvider(allMigrations(engine)),
    ...(migrationTableSchema ? { migrationTableSchema } : {}),
  });
  for (let attempt = 1; ; attempt++) {
    const { error, results } = await migrator.migrateToLatest();
    if (!error) {
      return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
    }
    if (attempt < 3 && isOtherSchemaDropped(error, migrationTableSchema)) continue;
    throw error instanceof Error ? error : new Error(String(error));
  }
}

/**
 * Kysely's PostgreSQL introspector lists the tables of every schema in the database; when another
 * schema is dropped while that catalog query runs (a test or benchmark cleaning up beside us),
 * the query fails with invalid_schema_name for a schema that is not ours. Nothing was migrated
 * yet (the check comes before the migrations run, and each migration is transactional on
 * PostgreSQL), so trying again is safe.
 */
function isOtherSchemaDropped(error: unknown, ownSchema: string | undefined): boolean {
  const e = error as { code?: unknown; message?: unknown };
  return (
    e.code === '3F000' &&
    typeof e.message === 'string' &&
    ownSchema !== undefined &&
    !e.message.includes(`"${ownSchema}"`)
  );
}

/**
 * Kysely's Migrator asks `db.introspection.getTables()` whether its own two tables exist, and on
 * PostgreSQL that lists every column of every table in EVERY schema of the database, with two
 * function calls per column: about a second per call once the database holds a few hundred
 * schemas (`npm test` makes one per test), paid twice by each migration run. The Migrator needs
 * only the tables of its own schema, so it is handed `db` with an introspector listing just
 * those (names only: it reads nothing else). Everything else is `db` itself.
 */
function withSchemaIntrospection(db: Kysely<Schema>, schema: string): Kysely<Schema> {
  const inner = db.introspection;
  const introspection: DatabaseIntrospector = {
    getSchemas: () => inner.getSchemas(),
    getTables: async (): Promise<TableMetadata[]> => {
      const { rows } = await sql<{ name: string; kind: string }>`
        select c.relname as name, c.relkind as kind
          from pg_catalog.pg_class c
          join pg_catalog.pg_namespace n on n.oid = c.relnamespace
         where n.nspname = ${schema} and c.relkind in ('r', 'v', 'p')
      `.execute(db);
      return rows.map((r) => ({ name: r.name, schema, isView: r.kind === 'v', columns: [] }));
    },
    getMetadata: async () => ({ tables: await introspection.getTables() }),
  };
  // Kysely keeps its state in #private fields, so its methods must run on the real object.
  return new Proxy(db, {
    get(target, prop) {
      if (prop === 'introspection') return introspection;
      const value: unknown = Reflect.get(target, prop, target);
      return typeof value === 'function'
        ? (value as (...a: unknown[]) => unknown).bind(target)
        : value;
    },
  });
}
