/**
 * Migration 0001: the audit log tables. Portable SQL only (bigint keys, blob/bytea chosen per
 * engine through Kysely's types, composite primary keys that start with the log id).
 */
import type { Kysely, Migration } from 'kysely';
import type { Engine } from '../database-url.ts';

/**
 * @example
 * const m = auditLogMigration('sqlite'); await m.up(db);
 */
export function auditLogMigration(engine: Engine): Migration {
  const bytes = engine === 'postgres' ? 'bytea' : 'blob';
  return {
    // Kysely hands migrations an untyped Kysely: the schema at this point in history.
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('audit_logs')
        .addColumn('log_id', 'bigint', (c) => c.primaryKey())
        .addColumn('origin', 'text', (c) => c.notNull().unique())
        .addColumn('size', 'bigint', (c) => c.notNull())
        .addColumn('root_hash', bytes, (c) => c.notNull())
        .addColumn('verifier_key', 'text', (c) => c.notNull())
        .addColumn('signer_key_wrapped', bytes, (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('audit_entries')
        .addColumn('log_id', 'bigint', (c) => c.notNull())
        .addColumn('idx', 'bigint', (c) => c.notNull())
        .addColumn('leaf_hash', bytes, (c) => c.notNull())
        .addColumn('entry', bytes, (c) => c.notNull())
        .addPrimaryKeyConstraint('audit_entries_pk', ['log_id', 'idx'])
        .execute();
      await db.schema
        .createTable('audit_nodes')
        .addColumn('log_id', 'bigint', (c) => c.notNull())
        .addColumn('level', 'integer', (c) => c.notNull())
        .addColumn('idx', 'bigint', (c) => c.notNull())
        .addColumn('hash', bytes, (c) => c.notNull())
        .addPrimaryKeyConstraint('audit_nodes_pk', ['log_id', 'level', 'idx'])
        .execute();
      await db.schema
        .createTable('audit_checkpoints')
        .addColumn('log_id', 'bigint', (c) => c.notNull())
        .addColumn('size', 'bigint', (c) => c.notNull())
        .addColumn('root_hash', bytes, (c) => c.notNull())
        .addColumn('note', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('audit_checkpoints_pk', ['log_id', 'size'])
        .execute();
    },
    async down(db: Kysely<unknown>): Promise<void> {
      for (const t of ['audit_checkpoints', 'audit_nodes', 'audit_entries', 'audit_logs']) {
        await db.schema.dropTable(t).execute();
      }
    },
  };
}
