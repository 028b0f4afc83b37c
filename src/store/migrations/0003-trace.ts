/**
 * Migration 0003: the trace tables (owned by src/trace; see schema-trace.ts). Portable SQL only.
 */
import type { Kysely, Migration } from 'kysely';
import type { Engine } from '../database-url.ts';

/**
 * @example
 * const m = traceMigration('sqlite'); await m.up(db);
 */
export function traceMigration(engine: Engine): Migration {
  const bytes = engine === 'postgres' ? 'bytea' : 'blob';
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('canary_pool')
        .addColumn('identity', 'text', (c) => c.primaryKey())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('added_at', 'text', (c) => c.notNull())
        .addColumn('added_by', 'text')
        .addColumn('retired_at', 'text')
        .execute();
      await db.schema
        .createTable('canaries')
        .addColumn('canary_id', 'text', (c) => c.primaryKey())
        .addColumn('identity', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('birth_date', 'text', (c) => c.notNull())
        .addColumn('id_number', 'text', (c) => c.notNull())
        .addColumn('address', 'text', (c) => c.notNull())
        .addColumn('phone', 'text')
        .addColumn('email', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('canaries_identity').on('canaries').column('identity').execute();
      await db.schema
        .createTable('canary_index')
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('digest', bytes, (c) => c.notNull())
        .addColumn('canary_id', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('canary_index_pk', ['kind', 'digest', 'canary_id'])
        .execute();
      await db.schema
        .createTable('export_canaries')
        .addColumn('export_id', 'text', (c) => c.notNull())
        .addColumn('canary_id', 'text', (c) => c.notNull())
        .addColumn('row_no', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('export_canaries_pk', ['export_id', 'canary_id'])
        .execute();
      await db.schema
        .createIndex('export_canaries_canary')
        .on('export_canaries')
        .column('canary_id')
        .execute();
      await db.schema
        .createTable('export_marks')
        .addColumn('export_id', 'text', (c) => c.primaryKey())
        .addColumn('serial', 'text', (c) => c.notNull().unique())
        .addColumn('mark_key', bytes, (c) => c.notNull())
        .addColumn('schemes', 'text', (c) => c.notNull())
        .addColumn('actor', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('canary_hits')
        .addColumn('hit_id', 'text', (c) => c.primaryKey())
        .addColumn('identity', 'text', (c) => c.notNull())
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('evidence', 'text', (c) => c.notNull())
        .addColumn('canary_ids', 'text', (c) => c.notNull())
        .addColumn('export_ids', 'text', (c) => c.notNull())
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('said_sha256', 'text')
        .addColumn('recorded_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('canary_hits_identity')
        .on('canary_hits')
        .columns(['identity', 'at'])
        .execute();
      await db.schema
        .createTable('complaints')
        .addColumn('complaint_id', 'text', (c) => c.primaryKey())
        .addColumn('ts', 'text', (c) => c.notNull())
        .addColumn('customer_id', 'text')
        .addColumn('phone_digest', 'text')
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('caller', 'text')
        .addColumn('text_sha256', 'text')
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('recorded_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('complaints_ts').on('complaints').column('ts').execute();
      await db.schema
        .createTable('traces')
        .addColumn('trace_id', 'text', (c) => c.primaryKey())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('subject', 'text', (c) => c.notNull())
        .addColumn('subject_sha256', 'text')
        .addColumn('seen_at', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('created_by', 'text')
        .addColumn('result', 'text', (c) => c.notNull())
        .execute();
    },
  };
}
