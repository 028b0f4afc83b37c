/**
 * Migration 0005: the cases tables (owned by src/cases). Portable SQL only; every table is keyed
 * by the case id first (DESIGN §6).
 */
import type { Kysely, Migration } from 'kysely';
import type { Engine } from '../database-url.ts';

/**
 * @example
 * const m = casesMigration('sqlite'); await m.up(db);
 */
export function casesMigration(engine: Engine): Migration {
  void engine; // text and bigint columns only: the same DDL on both engines
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('cases')
        .addColumn('case_id', 'text', (c) => c.primaryKey())
        .addColumn('suspect', 'text', (c) => c.notNull())
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('assignee', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('cases_suspect').on('cases').column('suspect').execute();
      await db.schema
        .createTable('case_items')
        .addColumn('case_id', 'text', (c) => c.notNull())
        .addColumn('item_no', 'integer', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('ref', 'text', (c) => c.notNull())
        .addColumn('snapshot', 'text', (c) => c.notNull())
        .addColumn('snapshot_sha256', 'text', (c) => c.notNull())
        .addColumn('attached_at', 'text', (c) => c.notNull())
        .addColumn('attached_by', 'text', (c) => c.notNull())
        .addColumn('audit_idx', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('case_items_pk', ['case_id', 'item_no'])
        .addUniqueConstraint('case_items_ref', ['case_id', 'kind', 'ref'])
        .execute();
      await db.schema
        .createTable('case_notes')
        .addColumn('case_id', 'text', (c) => c.notNull())
        .addColumn('note_no', 'integer', (c) => c.notNull())
        .addColumn('author', 'text', (c) => c.notNull())
        .addColumn('text', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('audit_idx', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('case_notes_pk', ['case_id', 'note_no'])
        .execute();
      await db.schema
        .createTable('case_history')
        .addColumn('case_id', 'text', (c) => c.notNull())
        .addColumn('seq', 'integer', (c) => c.notNull())
        .addColumn('ts', 'text', (c) => c.notNull())
        .addColumn('actor', 'text', (c) => c.notNull())
        .addColumn('change', 'text', (c) => c.notNull())
        .addColumn('audit_idx', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('case_history_pk', ['case_id', 'seq'])
        .execute();
    },
  };
}
