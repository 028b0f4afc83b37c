/**
 * Migration 0006: the audit log stores only every 4th tree level in audit_nodes (see
 * src/audit/node-layout.ts); the rows of the other levels that older versions wrote are never read
 * again (they are rebuilt from the stored level below), so they are deleted. No table changes:
 * an un-migrated database works too, with the extra rows ignored.
 *
 * Down is a no-op: the schema is unchanged. Code older than the sparse layout expects every level,
 * so going back to it means restoring a backup, as for any release.
 */
import { sql, type Kysely, type Migration } from 'kysely';
import type { Engine } from '../database-url.ts';

/** Must equal NODE_LEVEL_STRIDE in src/audit/node-layout.ts (a migration freezes its own copy). */
const STRIDE = 4;

/**
 * @example
 * const m = auditSparseNodesMigration('sqlite'); await m.up(db);
 */
export function auditSparseNodesMigration(_engine: Engine): Migration {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await sql`delete from audit_nodes where level % ${sql.lit(STRIDE)} <> 0`.execute(db);
    },
    async down(): Promise<void> {
      // Nothing to undo in the schema; see the module comment.
    },
  };
}
