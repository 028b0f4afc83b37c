/**
 * PostgreSQL: a gateway batch's audit entries, their access-index rows and the staff check in
 * ONE statement (piguard_record_access, migration 0009) — the PostgreSQL form of
 * access-recorder.ts's recordAccess.
 *
 * Why: a batch's audit used three round trips (lock the head, append entries + nodes + head,
 * index rows), plus one to read the actors' staff records; on a 2-core machine shared with the
 * load generator each round trip is a wait for the backend to be scheduled, and the batch's
 * latency is what bounds reads per second. The audit log plans the append from its cached tree
 * border (AuditLog.appendPlanned) and the function checks it under the head's row lock.
 *
 * Staff: when the caller's staff records came from a cache, it passes the staff_version they
 * were read at; the function refuses (writing nothing) if staff changed since, and this module
 * throws StaffChangedError so the caller redoes the batch with fresh records. The check runs
 * under the head lock, after the reads: a batch never authorises on records older than the
 * latest staff change committed before its audit entries.
 */
import { CompiledQuery, PostgresAdapter, type Kysely } from 'kysely';
import type { AuditLog } from '../../audit/audit-log.ts';
import type { AccessAuditEntry } from '../../core/access-event.ts';
import { PiguardError } from '../../core/errors.ts';
import {
  RECORD_ACCESS_HEAD_MOVED,
  RECORD_ACCESS_STAFF_CHANGED,
  RECORD_ACCESS_WRITTEN,
} from '../../store/migrations/0009-access-append.ts';
import type { Schema } from '../../store/schema.ts';
import { gatewayEntriesJson } from './gateway-entry-json.ts';
import { accessIndexColumns } from './pg-access-index.ts';

/** Staff changed since the records the batch authorised with were cached; nothing was written. */
export class StaffChangedError extends PiguardError {}

const RECORD_ACCESS_SQL =
  'select piguard_record_access($1::bigint, $2::bigint, $3::bytea, $4::bigint, ' +
  '$5::bigint[], $6::bytea[], $7::bytea[], $8::integer[], $9::bigint[], $10::bytea[], ' +
  '$11::bigint, $12::bytea, $13::text[], $14::text[], $15::text[], $16::text[], $17::text[], ' +
  '$18::text[], $19::text[], $20::text[], $21::text[], $22::integer[], $23::text[], ' +
  '$24::bigint[], $25::text[]) as status';

/**
 * Appends `entries` to the audit log inside `trx` and indexes them, in one statement per attempt
 * (PostgreSQL only; a TypeError elsewhere); returns their audit indexes. With `staffVersion`
 * (the staff_version the caller's staff records were read at), throws StaffChangedError when
 * staff changed since; null skips the check (records read in this transaction).
 *
 * @example
 * await db.transaction().execute(async (trx) => {
 *   const [idx] = await recordAccessPostgres(trx, log, [entry], cachedStaffVersion);
 * });
 */
export async function recordAccessPostgres(
  trx: Kysely<Schema>,
  log: AuditLog,
  entries: readonly AccessAuditEntry[],
  staffVersion: number | null,
): Promise<number[]> {
  if (!(trx.getExecutor().adapter instanceof PostgresAdapter)) {
    throw new TypeError('recordAccessPostgres is for PostgreSQL; use recordAccess');
  }
  if (entries.length === 0) return [];
  const texts = gatewayEntriesJson(entries);
  const bytes = new Array<Buffer>(texts.length);
  for (let i = 0; i < texts.length; i++) bytes[i] = Buffer.from(texts[i]!);
  const { events, refEntry, refCustomer } = accessIndexColumns(entries);
  return log.appendPlanned(trx, bytes, async (plan) => {
    const { rows } = await trx.executeQuery<{ status: number }>(
      CompiledQuery.raw(RECORD_ACCESS_SQL, [
        plan.logId,
        plan.sizeBefore,
        plan.rootBefore,
        staffVersion,
        plan.idx,
        plan.leafHash,
        plan.entry,
        plan.nodeLevel,
        plan.nodeIdx,
        plan.nodeHash,
        plan.size,
        plan.root,
        ...events,
        refEntry.map((i) => plan.idx[i]!),
        refCustomer,
      ]),
    );
    const status = rows[0]?.status;
    if (status === RECORD_ACCESS_WRITTEN) return true;
    if (status === RECORD_ACCESS_HEAD_MOVED) return false;
    if (status === RECORD_ACCESS_STAFF_CHANGED) {
      throw new StaffChangedError('staff changed while the batch was authorised; redo it');
    }
    throw new PiguardError(`piguard_record_access answered ${String(status)}`);
  });
}
