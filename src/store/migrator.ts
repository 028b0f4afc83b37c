/**
 * Runs piguard's migrations with Kysely's Migrator and a static provider (no directory scanning,
 * so the bundled CLI and tests see exactly the same list).
 */
import { Migrator, sql, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import type { Engine } from './database-url.ts';
import { auditLogMigration } from './migrations/0001-audit-log.ts';
import { vaultMigration } from './migrations/0002-vault.ts';
import { traceMigration } from './migrations/0003-trace.ts';
import { watchMigration } from './migrations/0004-watch.ts';
import { casesMigration } from './migrations/0005-cases.ts';
import { auditSparseNodesMigration } from './migrations/0006-audit-sparse-nodes.ts';
import { accessIndexMigration } from './migrations/0007-access-index.ts';
import { vaultIndexMigration } from './migrations/0008-vault-index.ts';
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
    db,
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
