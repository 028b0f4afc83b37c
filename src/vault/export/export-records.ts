/**
 * The `exports` and `export_rows` tables: every export request with its recipient, purpose,
 * filter, status and decision, and the row set of every produced export (which real customer went
 * out in which row). Written only inside the gateway's audited transactions.
 */
import type { Kysely, Selectable, Updateable } from 'kysely';
import { NotFoundError } from '../../core/errors.ts';
import type { Schema } from '../../store/schema.ts';
import type { ExportsTable } from '../../store/schema-vault.ts';
import { loadStoredFilter } from '../gateway/resolved-filter.ts';
import type { ExportFormat, ExportStatus, ExportSummary } from '../gateway/gateway-types.ts';

/** SQLite allows 32,766 bound parameters per statement; an export row binds 3. */
const ROWS_PER_INSERT = 5_000;

/** A stored export record. */
export type ExportRecord = Selectable<ExportsTable>;

/**
 * Inserts a new export record.
 *
 * @example
 * await insertExport(trx, { export_id, actor, purpose, recipient, format: 'csv', filter: '{}', status: 'pending', rows: 12, requested_at: ts });
 */
export async function insertExport(
  trx: Kysely<Schema>,
  record: Pick<
    ExportRecord,
    | 'export_id'
    | 'actor'
    | 'purpose'
    | 'recipient'
    | 'format'
    | 'filter'
    | 'status'
    | 'rows'
    | 'requested_at'
  >,
): Promise<void> {
  await trx
    .insertInto('exports')
    .values({
      ...record,
      decided_by: null,
      decided_at: null,
      decision_reason: null,
      completed_at: null,
      file_sha256: null,
    })
    .execute();
}

/**
 * The export record, or NotFoundError.
 *
 * @example
 * const record = await getExportRecord(db, 'E20260301-…');
 */
export async function getExportRecord(db: Kysely<Schema>, exportId: string): Promise<ExportRecord> {
  const row = await db
    .selectFrom('exports')
    .selectAll()
    .where('export_id', '=', exportId)
    .executeTakeFirst();
  if (!row) throw new NotFoundError(`export ${exportId} does not exist`);
  return row;
}

/**
 * Export records, newest first.
 *
 * @example
 * const pending = await listExportRecords(db, { status: 'pending' });
 */
export async function listExportRecords(
  db: Kysely<Schema>,
  query: { actor?: string; status?: ExportStatus; limit?: number },
): Promise<ExportRecord[]> {
  let q = db.selectFrom('exports').selectAll();
  if (query.actor !== undefined) q = q.where('actor', '=', query.actor);
  if (query.status !== undefined) q = q.where('status', '=', query.status);
  return q
    .orderBy('requested_at', 'desc')
    .orderBy('export_id')
    .limit(query.limit ?? 1_000)
    .execute();
}

/**
 * Updates an export record.
 *
 * @example
 * await updateExportRecord(trx, id, { status: 'approved', decided_by: 'S009', decided_at: ts });
 */
export async function updateExportRecord(
  trx: Kysely<Schema>,
  exportId: string,
  patch: Updateable<ExportsTable>,
): Promise<void> {
  await trx.updateTable('exports').set(patch).where('export_id', '=', exportId).execute();
}

/**
 * Records the row set of an export: `rows[i]` went out as data row `rowNumbers[i]` (1-based,
 * counting canary rows, so a row number points into the file).
 *
 * @example
 * await insertExportRows(trx, id, [{ rowNo: 1, customerId: 'C1' }]);
 */
export async function insertExportRows(
  trx: Kysely<Schema>,
  exportId: string,
  rows: ReadonlyArray<{ rowNo: number; customerId: string }>,
): Promise<void> {
  const values = rows.map((r) => ({
    export_id: exportId,
    row_no: r.rowNo,
    customer_id: r.customerId,
  }));
  for (let i = 0; i < values.length; i += ROWS_PER_INSERT) {
    await trx
      .insertInto('export_rows')
      .values(values.slice(i, i + ROWS_PER_INSERT))
      .execute();
  }
}

/**
 * The summary an approver or requester sees.
 *
 * @example
 * toExportSummary(record, ['customer_id', 'name'])
 */
export function toExportSummary(record: ExportRecord, columns: string[]): ExportSummary {
  return {
    exportId: record.export_id,
    actor: record.actor,
    purpose: record.purpose,
    recipient: record.recipient,
    format: record.format as ExportFormat,
    filter: loadStoredFilter(record.filter).display,
    status: record.status as ExportStatus,
    rows: record.rows,
    columns,
    requestedAt: record.requested_at,
    decidedBy: record.decided_by,
    decidedAt: record.decided_at,
    decisionReason: record.decision_reason,
    completedAt: record.completed_at,
    fileSha256: record.file_sha256,
  };
}
