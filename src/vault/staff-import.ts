/**
 * Writes staff (from a file, the CLI or the API) in one transaction with its audit entry
 * (`{type:'import', what:'staff', …}`), so that the staff table never changes unaudited and a
 * failed import keeps nothing.
 */
import type { AuditLog } from '../audit/audit-log.ts';
import type { Database } from '../store/open-database.ts';
import type { StaffMember } from './staff-member.ts';
import { upsertStaff } from './staff-store.ts';

/** What an import did. */
export interface StaffImportResult {
  rows: number;
  inserted: number;
  updated: number;
  auditIndex: number;
}

/**
 * Upserts `members` and appends the audit entry, atomically.
 *
 * @example
 * const r = await importStaff(database, log, members, { actor: 'admin', source: 'staff.csv', sha256 });
 */
export async function importStaff(
  database: Pick<Database, 'db'>,
  log: AuditLog,
  members: readonly StaffMember[],
  options: { actor: string; source?: string; sha256?: string; now?: Date; what?: string },
): Promise<StaffImportResult> {
  const ts = (options.now ?? new Date()).toISOString();
  return database.db.transaction().execute(async (trx) => {
    const { inserted, updated } = await upsertStaff(trx, members, ts);
    const [auditIndex] = await log.appendInTransaction(trx, [
      {
        type: 'import',
        what: options.what ?? 'staff',
        actor: options.actor,
        ts,
        rows: members.length,
        inserted,
        updated,
        // Ids are listed for small changes; an entry must stay under 64 KiB (tlog-tiles).
        ...(members.length <= 500 ? { staff: members.map((m) => m.staffId) } : {}),
        ...(options.source !== undefined ? { source: options.source } : {}),
        ...(options.sha256 !== undefined ? { file_sha256: options.sha256 } : {}),
      },
    ]);
    return { rows: members.length, inserted, updated, auditIndex: auditIndex! };
  });
}
