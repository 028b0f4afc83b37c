/**
 * The gateway (DESIGN §4.3): the only path to personal data. Every read, search and export
 *
 *   authorises — the actor is a member of staff employed today, their role has a grant for the
 *   purpose (deny by default), the customers are in the grant's row scope, and the daily quota of
 *   distinct customers holds;
 *   reads — decrypting only the fields the grant shows;
 *   masks — each field through the grant's mask;
 *   audits — one audit entry (recordAccess) per request,
 *
 * all in ONE transaction (invariant 1): if the audit append fails, the transaction rolls back and
 * the caller gets the error, never the data. Refusals are audited too (decision `deny` with a
 * reason) and then thrown as AccessDeniedError; a quota breach is such a refusal, so it lands in
 * access_events where watch sees it.
 *
 * Group commit. Reads and searches are queued and processed in batches: every request that
 * arrives while a batch's transaction is in flight joins the next one, which authorises, reads,
 * masks and appends all their entries in one transaction with one durable commit. Results are
 * released only after that commit; if it fails, every request of the batch fails. Quotas are
 * counted inside the transaction (after the audit head is locked), including what earlier
 * requests of the same batch were shown. With `parallelBatches` > 1 (PostgreSQL), a second batch
 * reads while the first appends, then waits for the head row lock.
 *
 * PostgreSQL round trips. A batch there is begin, the customers' rows, ONE audit statement
 * (pg-record-access.ts: head lock, entries, tree nodes, head, access-index rows, and the check
 * that staff did not change since the cached staff records were read — staff-cache.ts) and
 * commit. When staff changed, nothing is written and the batch is redone on fresh records.
 *
 * Exports run in their own transaction each: the row set, decorators (trace's canaries and marks),
 * export_rows, the audit entries and the export record commit together; the file's bytes are
 * returned only after the commit, for the caller to write.
 */
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { AuditLog } from '../../audit/audit-log.ts';
import type { AccessAuditEntry } from '../../core/access-event.ts';
import {
  AccessDeniedError,
  ConflictError,
  InputError,
  NotFoundError,
  PiguardError,
} from '../../core/errors.ts';
import type { Database } from '../../store/open-database.ts';
import type { Schema } from '../../store/schema.ts';
import { recordAccess } from '../access-recorder.ts';
import type { ExportDecorator, ExportRow } from '../export-decorator.ts';
import { csvBytes } from '../export/csv-writer.ts';
import { registeredExportDecorators } from '../export/decorator-registry.ts';
import { newExportId } from '../export/export-id.ts';
import {
  getExportRecord,
  insertExport,
  insertExportRows,
  listExportRecords,
  toExportSummary,
  updateExportRecord,
  type ExportRecord,
} from '../export/export-records.ts';
import { xlsxBytes } from '../export/xlsx-writer.ts';
import { grantFor, quotaDayStart, type Grant, type Policy } from '../policy/policy.ts';
import {
  authorise,
  inScope,
  mayApprove,
  quotaAllows,
  type DenyReason,
} from '../policy/policy-evaluator.ts';
import type { StaffMember } from '../staff-member.ts';
import { getStaff, getStaffMany } from '../staff-store.ts';
import { findCustomers, scopeRowOf } from './customer-scope.ts';
import { recordAccessPostgres, StaffChangedError } from './pg-record-access.ts';
import { StaffCache } from './staff-cache.ts';
import {
  loadStoredFilter,
  resolveFilter,
  storeFilter,
  type ResolvedFilter,
} from './resolved-filter.ts';
import {
  EXPORT_FORMATS,
  FILTER_KEYS,
  type CustomerFilter,
  type CustomerKey,
  type ExportDecisionRequest,
  type ExportFile,
  type ExportFormat,
  type ExportOutcome,
  type ExportRequest,
  type ExportStatus,
  type ExportSummary,
  type MaskedCustomer,
  type ReadRequest,
  type ReadResult,
  type SearchRequest,
  type SearchResult,
  type VaultReader,
} from './gateway-types.ts';
import type { StoredCustomer } from '../customer-vault.ts';
import { customersShownToday, distinctCustomersShown } from './quota-counter.ts';
import { fieldsToLoad, maskRecord, visibleFields } from './record-masker.ts';

/** What a gateway is built from. */
export interface GatewayOptions {
  database: Pick<Database, 'db' | 'engine'>;
  log: AuditLog;
  vault: VaultReader;
  policy: Policy;
  /** Key of the `hash` mask (≥ 16 bytes); derive it with maskHashKey(masterKey). */
  hashKey: Buffer;
  /** Export decorators; default: those registered with registerExportDecorator, per export. */
  decorators?: readonly ExportDecorator[];
  now?: () => Date;
  /** Most requests per group-commit transaction (default 256). */
  maxBatch?: number;
  /**
   * Group-commit transactions in flight at once (default 1; SQLite's single connection runs one
   * at a time anyway). On PostgreSQL a batch spends much of its time waiting for round trips; with
   * 2, a second batch reads its staff and customers meanwhile, in its own transaction, and then
   * waits for the audit head's row lock, so appends stay serialised and every read is still
   * audited in the transaction that read it. Not the default: on a 2-core machine shared with the
   * load generator, smaller batches cost more CPU per read (server thread and PostgreSQL
   * backends, measured A/B in bench/http.bench.ts) than the overlap gains.
   */
  parallelBatches?: number;
  /**
   * PostgreSQL: cache staff records between batches, checked against staff_version in the
   * batch's audit append (staff-cache.ts; default true). False reads them in every batch.
   */
  cacheStaff?: boolean;
  /**
   * PostgreSQL: audit a batch with one statement (pg-record-access.ts; default true). False
   * takes the engine-neutral path (head lock, append, index rows: three statements), kept for
   * A/B measurements (bench/http.bench.ts --ab) and as the reference the fused path is tested
   * against. Without it the staff cache is off too (its check lives in the fused statement).
   */
  fusedAppend?: boolean;
}

/** Default and largest search page sizes. */
export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 500;

/**
 * Customer-id bytes listed per audit entry of an export: an entry must stay below 64 KiB (C2SP
 * tlog-tiles bundles), so a large export is recorded as several entries with the same export id,
 * each listing ids whose JSON takes at most this many bytes (the rest of the entry is small).
 */
const CUSTOMER_BYTES_PER_EXPORT_ENTRY = 48_000;

/** A queued read or search and what the batch decided for it. */
interface Job {
  readonly kind: 'read' | 'search';
  readonly actor: string;
  readonly purpose: string;
  readonly by?: CustomerKey;
  readonly filter?: ResolvedFilter;
  readonly page: number;
  readonly pageSize: number;
  readonly resolve: (value: ReadResult | SearchResult) => void;
  readonly reject: (err: unknown) => void;
  member?: StaffMember;
  grant?: Grant;
  ids: string[];
  hasMore: boolean;
  entry?: AccessAuditEntry;
  /** Thrown to the caller after the commit (a refusal, a bad input). */
  failure?: Error;
  customers?: MaskedCustomer[];
  auditIndex?: number;
}

/** Clears what a batch attempt decided for `j`, so that the batch can be redone. */
function resetJob(j: Job): void {
  delete j.member;
  delete j.grant;
  delete j.entry;
  delete j.failure;
  delete j.customers;
  delete j.auditIndex;
  j.ids = [];
  j.hasMore = false;
}

/** A transaction's outcome: a value, or an audited refusal to throw after the commit. */
type Outcome<T> = { ok: true; value: T } | { ok: false; error: Error };

function requireText(value: unknown, what: string): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new InputError(`${what} is required`);
  }
  return value;
}

function checkKey(by: CustomerKey | undefined): CustomerKey {
  if (by === undefined || by === null || typeof by !== 'object') {
    throw new InputError(
      'a read names its customer: customerId, phone, idNumber, email, or name + birthDate',
    );
  }
  const keys = Object.keys(by).filter((k) => (by as Record<string, unknown>)[k] !== undefined);
  const ok =
    (keys.length === 1 && ['customerId', 'phone', 'idNumber', 'email'].includes(keys[0]!)) ||
    (keys.length === 2 && keys.includes('name') && keys.includes('birthDate'));
  if (!ok) {
    throw new InputError(
      'a read names its customer by exactly one of: customerId, phone, idNumber, email, name + birthDate',
    );
  }
  for (const k of keys) requireText((by as Record<string, unknown>)[k], k);
  return by;
}

function checkFilter(filter: CustomerFilter | undefined): CustomerFilter {
  const f = filter ?? {};
  const out: CustomerFilter = {};
  for (const [k, v] of Object.entries(f)) {
    if (v === undefined) continue;
    if (!(FILTER_KEYS as readonly string[]).includes(k)) {
      throw new InputError(`unknown filter "${k}"; filters are ${FILTER_KEYS.join(', ')}`);
    }
    out[k as keyof CustomerFilter] = requireText(v, `filter ${k}`);
  }
  if ((out.name === undefined) !== (out.birthDate === undefined)) {
    throw new InputError('filters name and birthDate go together (name + birth date blind index)');
  }
  return out;
}

/** Splits ids into runs whose JSON array text stays within `maxBytes` (at least one id each). */
function chunkByBytes(ids: readonly string[], maxBytes: number): string[][] {
  const out: string[][] = [];
  let run: string[] = [];
  let bytes = 2;
  for (const id of ids) {
    const size = Buffer.byteLength(JSON.stringify(id)) + 1;
    if (run.length > 0 && bytes + size > maxBytes) {
      out.push(run);
      run = [];
      bytes = 2;
    }
    run.push(id);
    bytes += size;
  }
  out.push(run);
  return out;
}

/**
 * @example
 * const gateway = new Gateway({ database, log, vault, policy, hashKey });
 * const { customers } = await gateway.read({ actor: 'S001', purpose: 'customer_service', by: { customerId: 'C1' } });
 */
export class Gateway {
  readonly #db: Kysely<Schema>;
  readonly #engine: Database['engine'];
  readonly #log: AuditLog;
  readonly #vault: VaultReader;
  readonly #hashKey: Buffer;
  readonly #decorators: readonly ExportDecorator[] | undefined;
  readonly #now: () => Date;
  readonly #maxBatch: number;
  #policy: Policy;
  #queue: Job[] = [];
  #scheduled = false;
  /** Batches in flight (at most #parallel). */
  readonly #running = new Set<Promise<void>>();
  readonly #parallel: number;
  /** PostgreSQL: staff records cached by staff_version (staff-cache.ts); SQLite reads them. */
  readonly #staffCache: StaffCache | undefined;
  /** PostgreSQL: audit each batch in one statement (GatewayOptions.fusedAppend). */
  readonly #fused: boolean;

  constructor(options: GatewayOptions) {
    if (options.hashKey.length < 16) throw new PiguardError('gateway hash key must be ≥ 16 bytes');
    this.#db = options.database.db;
    this.#engine = options.database.engine;
    this.#log = options.log;
    this.#vault = options.vault;
    this.#policy = options.policy;
    this.#hashKey = Buffer.from(options.hashKey);
    this.#decorators = options.decorators;
    this.#now = options.now ?? (() => new Date());
    this.#maxBatch = options.maxBatch ?? 256;
    this.#parallel = options.parallelBatches ?? 1;
    this.#fused = this.#engine === 'postgres' && options.fusedAppend !== false;
    this.#staffCache =
      this.#fused && options.cacheStaff !== false ? new StaffCache(this.#engine) : undefined;
  }

  /** The policy in force. */
  get policy(): Policy {
    return this.#policy;
  }

  /** Replaces the policy (a reloaded file); batches already running use the old one. */
  setPolicy(policy: Policy): void {
    this.#policy = policy;
  }

  /**
   * Reads the customer(s) named by `by` — one for a customer id, possibly several sharing a
   * phone — masked per policy, within the actor's scope; audited. Throws AccessDeniedError
   * (audited) when refused, NotFoundError (audited) when nothing matches, InputError on a
   * malformed request (nothing looked up).
   *
   * @example
   * const r = await gateway.read({ actor: 'S001', purpose: 'customer_service', by: { phone: '138 1234 5678' } });
   * r.customers[0].fields.phone; // '13812345678' or '138****5678', per policy
   */
  read(request: ReadRequest): Promise<ReadResult> {
    return new Promise((resolve, reject) => {
      try {
        const job: Job = {
          kind: 'read',
          actor: requireText(request.actor, 'actor'),
          purpose: requireText(request.purpose, 'purpose'),
          by: checkKey(request.by),
          page: 1,
          pageSize: 1,
          resolve: resolve as Job['resolve'],
          reject,
          ids: [],
          hasMore: false,
        };
        this.#enqueue(job);
      } catch (err) {
        reject(err);
      }
    });
  }

  /**
   * One page of customers in the actor's scope matching `filter` (clear columns and
   * blind-indexed values only), ordered by id, masked per policy; audited as one `search` entry
   * listing the customers shown.
   *
   * @example
   * const page = await gateway.search({ actor: 'S050', purpose: 'quality_review', filter: { agent: 'S001' } });
   */
  search(request: SearchRequest): Promise<SearchResult> {
    return new Promise((resolve, reject) => {
      try {
        const page = request.page ?? 1;
        const pageSize = request.pageSize ?? DEFAULT_PAGE_SIZE;
        if (!Number.isInteger(page) || page < 1) throw new InputError('page must be ≥ 1');
        if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
          throw new InputError(`pageSize must be between 1 and ${MAX_PAGE_SIZE}`);
        }
        const job: Job = {
          kind: 'search',
          actor: requireText(request.actor, 'actor'),
          purpose: requireText(request.purpose, 'purpose'),
          filter: resolveFilter(this.#vault.blindIndex, checkFilter(request.filter)),
          page,
          pageSize,
          resolve: resolve as Job['resolve'],
          reject,
          ids: [],
          hasMore: false,
        };
        this.#enqueue(job);
      } catch (err) {
        reject(err);
      }
    });
  }

  /**
   * Requests an export. Per the grant: `forbidden` → refused (audited, AccessDeniedError);
   * `approval` → an export record `pending` (audited) for an approver to decide;
   * `allowed` → the file is produced now (status `done`).
   *
   * @example
   * const out = await gateway.export({ actor: 'S001', purpose: 'sales_follow_up', filter: {}, format: 'csv', recipient: 'S001' });
   * if (out.status === 'done') writeFileSync('out.csv', out.file.bytes);
   */
  async export(request: ExportRequest): Promise<ExportOutcome> {
    const actor = requireText(request.actor, 'actor');
    const purpose = requireText(request.purpose, 'purpose');
    const filter = resolveFilter(this.#vault.blindIndex, checkFilter(request.filter));
    const format = request.format;
    if (!(EXPORT_FORMATS as readonly string[]).includes(format)) {
      throw new InputError(`format must be one of ${EXPORT_FORMATS.join(', ')}`);
    }
    const recipient = request.recipient ?? null;
    const now = this.#now();
    const ts = now.toISOString();
    const policy = this.#policy;
    const outcome = await this.#db
      .transaction()
      .execute(async (trx): Promise<Outcome<ExportOutcome>> => {
        await this.#lockHead(trx);
        const member = await getStaff(trx, actor);
        const auth = authorise(policy, member, purpose, now);
        if (!auth.allow) {
          return this.#refuseExport(trx, { actor, purpose, member, ts }, auth.reason, auth.message);
        }
        const grant = auth.grant;
        if (grant.export === 'forbidden') {
          return this.#refuseExport(
            trx,
            { actor, purpose, member, ts },
            'export-forbidden',
            `role ${grant.role} may not export for purpose "${purpose}"`,
          );
        }
        const ids = await findCustomers(trx, policy, grant, member!, filter);
        const exportId = newExportId(now);
        const record = {
          export_id: exportId,
          actor,
          purpose,
          recipient,
          format,
          filter: storeFilter(filter),
          status: grant.export === 'approval' ? 'pending' : 'approved',
          rows: ids.length,
          requested_at: ts,
        };
        await insertExport(trx, record);
        const columns = visibleFields(grant);
        if (grant.export === 'approval') {
          await this.#log.appendInTransaction(trx, [
            {
              type: 'export_request',
              ts,
              actor,
              purpose,
              role: member!.role,
              export_id: exportId,
              format,
              filter: filter.display,
              rows: ids.length,
              columns,
              ...(recipient !== null ? { recipient } : {}),
            },
          ]);
          return { ok: true, value: { status: 'pending', exportId, rows: ids.length, columns } };
        }
        const produced = await this.#produce(trx, {
          record: {
            ...record,
            decided_by: null,
            decided_at: null,
            decision_reason: null,
            completed_at: null,
            file_sha256: null,
          },
          member: member!,
          grant,
          ids,
          now,
        });
        return produced.ok
          ? { ok: true, value: { status: 'done', exportId, file: produced.value } }
          : produced;
      });
    if (!outcome.ok) throw outcome.error;
    return outcome.value;
  }

  /**
   * Export records, newest first. With `approver`, only pending requests that member may decide
   * (their role is one of the grant's approvers, and the request is not their own).
   *
   * @example
   * const waiting = await gateway.listExports({ approver: 'S900' });
   */
  async listExports(
    query: { actor?: string; status?: ExportStatus; approver?: string } = {},
  ): Promise<ExportSummary[]> {
    const policy = this.#policy;
    const now = this.#now();
    const records = await listExportRecords(this.#db, {
      ...(query.actor !== undefined ? { actor: query.actor } : {}),
      ...(query.approver !== undefined
        ? { status: 'pending' as const }
        : query.status !== undefined
          ? { status: query.status }
          : {}),
    });
    const staff = await getStaffMany(this.#db, [
      ...records.map((r) => r.actor),
      ...(query.approver !== undefined ? [query.approver] : []),
    ]);
    const out: ExportSummary[] = [];
    for (const r of records) {
      const requester = staff.get(r.actor);
      const grant = requester ? grantFor(policy, requester.role, r.purpose) : undefined;
      if (query.approver !== undefined) {
        const check = mayApprove(policy, grant, staff.get(query.approver), r.actor, now);
        if (!check.allow) continue;
      }
      out.push(toExportSummary(r, grant ? visibleFields(grant) : []));
    }
    return out;
  }

  /**
   * One export record (NotFoundError when absent).
   *
   * @example
   * const summary = await gateway.getExport('E20260301-…');
   */
  async getExport(exportId: string): Promise<ExportSummary> {
    const record = await getExportRecord(this.#db, exportId);
    const requester = await getStaff(this.#db, record.actor);
    const grant = requester ? grantFor(this.#policy, requester.role, record.purpose) : undefined;
    return toExportSummary(record, grant ? visibleFields(grant) : []);
  }

  /**
   * An approver approves or denies a pending export; audited (`export_decision`). Refused —
   * and the refusal audited — when the approver is the requester, is not employed, or their
   * role is not one of the grant's approvers. ConflictError when the export is not pending.
   *
   * @example
   * await gateway.decideExport({ exportId, approver: 'S900', decision: 'approve', reason: 'renewal campaign' });
   */
  async decideExport(request: ExportDecisionRequest): Promise<ExportSummary> {
    const approver = requireText(request.approver, 'approver');
    const exportId = requireText(request.exportId, 'export id');
    if (request.decision !== 'approve' && request.decision !== 'deny') {
      throw new InputError('decision must be approve or deny');
    }
    const now = this.#now();
    const ts = now.toISOString();
    const policy = this.#policy;
    const outcome = await this.#db
      .transaction()
      .execute(async (trx): Promise<Outcome<ExportSummary>> => {
        await this.#lockHead(trx);
        const record = await getExportRecord(trx, exportId);
        if (record.status !== 'pending') {
          throw new ConflictError(`export ${exportId} is ${record.status}, not pending`);
        }
        const staff = await getStaffMany(trx, [record.actor, approver]);
        const requester = staff.get(record.actor);
        const grant = requester ? grantFor(policy, requester.role, record.purpose) : undefined;
        const check = mayApprove(policy, grant, staff.get(approver), record.actor, now);
        if (!check.allow) {
          await this.#log.appendInTransaction(trx, [
            {
              type: 'export_decision',
              ts,
              export_id: exportId,
              approver,
              requester: record.actor,
              decision: 'refused',
              reason: check.reason,
            },
          ]);
          return { ok: false, error: new AccessDeniedError(check.message, check.reason) };
        }
        const status = request.decision === 'approve' ? 'approved' : 'denied';
        const reason = request.reason ?? null;
        await updateExportRecord(trx, exportId, {
          status,
          decided_by: approver,
          decided_at: ts,
          decision_reason: reason,
        });
        await this.#log.appendInTransaction(trx, [
          {
            type: 'export_decision',
            ts,
            export_id: exportId,
            approver,
            requester: record.actor,
            decision: request.decision,
            ...(reason !== null ? { reason } : {}),
          },
        ]);
        return {
          ok: true,
          value: toExportSummary(
            { ...record, status, decided_by: approver, decided_at: ts, decision_reason: reason },
            grant ? visibleFields(grant) : [],
          ),
        };
      });
    if (!outcome.ok) throw outcome.error;
    return outcome.value;
  }

  /**
   * The requester produces the file of an approved export (once). The policy is checked again
   * and the filter re-run: the file holds what the requester may export now. Audited like any
   * export; refusals are audited.
   *
   * @example
   * const file = await gateway.fetchExport({ exportId, actor: 'S001' });
   * writeFileSync('out.xlsx', file.bytes);
   */
  async fetchExport(request: { exportId: string; actor: string }): Promise<ExportFile> {
    const actor = requireText(request.actor, 'actor');
    const exportId = requireText(request.exportId, 'export id');
    const now = this.#now();
    const ts = now.toISOString();
    const policy = this.#policy;
    const outcome = await this.#db
      .transaction()
      .execute(async (trx): Promise<Outcome<ExportFile>> => {
        await this.#lockHead(trx);
        const record = await getExportRecord(trx, exportId);
        const member = await getStaff(trx, actor);
        const who = { actor, purpose: record.purpose, member, ts, exportId };
        if (record.actor !== actor) {
          return this.#refuseExport(
            trx,
            who,
            'not-requester',
            `export ${exportId} was requested by someone else`,
          );
        }
        if (record.status === 'pending') {
          throw new ConflictError(`export ${exportId} is awaiting approval`);
        }
        if (record.status === 'done') {
          throw new ConflictError(`export ${exportId} was already produced; request a new export`);
        }
        if (record.status === 'denied') {
          return this.#refuseExport(
            trx,
            who,
            'export-denied',
            `export ${exportId} was denied by ${record.decided_by ?? 'an approver'}`,
          );
        }
        const auth = authorise(policy, member, record.purpose, now);
        if (!auth.allow) return this.#refuseExport(trx, who, auth.reason, auth.message);
        if (auth.grant.export === 'forbidden') {
          return this.#refuseExport(
            trx,
            who,
            'export-forbidden',
            `role ${auth.grant.role} may no longer export for purpose "${record.purpose}"`,
          );
        }
        const filter = loadStoredFilter(record.filter);
        const ids = await findCustomers(trx, policy, auth.grant, member!, filter);
        return this.#produce(trx, { record, member: member!, grant: auth.grant, ids, now });
      });
    if (!outcome.ok) throw outcome.error;
    return outcome.value;
  }

  /**
   * Waits for queued reads and searches to finish. Does not close the database or the log.
   *
   * @example
   * await gateway.close();
   */
  async close(): Promise<void> {
    while (this.#queue.length > 0 || this.#running.size > 0 || this.#scheduled) {
      if (this.#running.size > 0) await Promise.all(this.#running);
      else await new Promise((r) => setImmediate(r));
    }
  }

  // ---- reads and searches: group commit ----

  #enqueue(job: Job): void {
    this.#queue.push(job);
    if (this.#running.size < this.#parallel && !this.#scheduled) {
      this.#scheduled = true;
      // One macrotask of delay lets requests issued together share a transaction.
      setImmediate(() => {
        this.#scheduled = false;
        this.#pump();
      });
    }
  }

  /** Starts batches while fewer than #parallel run; each finished batch starts the next. */
  #pump(): void {
    while (this.#running.size < this.#parallel && this.#queue.length > 0) {
      const run: Promise<void> = this.#runBatch(this.#queue.splice(0, this.#maxBatch)).finally(
        () => {
          this.#running.delete(run);
          this.#pump();
        },
      );
      this.#running.add(run);
    }
  }

  async #runBatch(batch: Job[]): Promise<void> {
    const now = this.#now();
    const ts = now.toISOString();
    const policy = this.#policy;
    // PostgreSQL: staff from the cache unless a previous attempt found them changed.
    let cached = this.#staffCache !== undefined;
    for (;;) {
      try {
        await this.#db.transaction().execute(async (trx) => {
          // The head lock is taken in #decide, just before quotas are counted (the only reads
          // that must not be overtaken by another process); a batch without quotas gets it from
          // the audit append below, one PostgreSQL round trip fewer.
          const staffVersion = await this.#decide(trx, batch, policy, now, ts, cached);
          const recorded = batch.filter((j) => j.entry !== undefined);
          const entries = recorded.map((j) => j.entry!);
          const indexes = this.#fused
            ? await recordAccessPostgres(trx, this.#log, entries, staffVersion)
            : await recordAccess(trx, this.#log, entries);
          recorded.forEach((j, i) => (j.auditIndex = indexes[i]!));
        });
        break;
      } catch (err) {
        if (err instanceof StaffChangedError && cached) {
          // Nothing was written: redo the batch on staff rows read in its own transaction.
          this.#staffCache!.clear();
          cached = false;
          for (const j of batch) resetJob(j);
          continue;
        }
        for (const j of batch) j.reject(err);
        return;
      }
    }
    for (const j of batch) {
      if (j.failure) {
        j.reject(j.failure);
      } else if (j.kind === 'read') {
        j.resolve({
          customers: j.customers!,
          fields: visibleFields(j.grant!),
          auditIndex: j.auditIndex!,
        });
      } else {
        j.resolve({
          customers: j.customers!,
          fields: visibleFields(j.grant!),
          page: j.page,
          pageSize: j.pageSize,
          hasMore: j.hasMore,
          auditIndex: j.auditIndex!,
        });
      }
    }
  }

  /**
   * Authorises, reads and masks every job of a batch; sets each job's entry and result. Returns
   * the staff_version to check at the append when staff records came from the cache, else null.
   */
  async #decide(
    trx: Kysely<Schema>,
    batch: Job[],
    policy: Policy,
    now: Date,
    ts: string,
    cachedStaff: boolean,
  ): Promise<number | null> {
    const actors = batch.map((j) => j.actor);
    let staff: Map<string, StaffMember>;
    let staffVersion: number | null = null;
    if (cachedStaff && this.#staffCache) {
      ({ members: staff, checkVersion: staffVersion } = await this.#staffCache.get(trx, actors));
    } else if (this.#staffCache) {
      // A fresh read in this transaction, which also refreshes the cache.
      ({ members: staff } = await this.#staffCache.get(trx, actors, true));
    } else {
      staff = await getStaffMany(trx, actors);
    }
    // The same actor and purpose authorise the same way within a batch (one member record, one
    // clock reading): decide each pair once.
    const decisions = new Map<string, ReturnType<typeof authorise>>();
    // 1. Who may act, and which customers each request names.
    for (const j of batch) {
      j.member = staff.get(j.actor);
      const pair = `${j.actor}\u0000${j.purpose}`;
      let auth = decisions.get(pair);
      if (auth === undefined) {
        auth = authorise(policy, j.member, j.purpose, now);
        decisions.set(pair, auth);
      }
      if (!auth.allow) {
        const named = j.by && 'customerId' in j.by ? [j.by.customerId] : [];
        this.#deny(j, ts, auth.reason, auth.message, named);
        continue;
      }
      j.grant = auth.grant;
      try {
        if (j.kind === 'read') {
          j.ids = await this.#resolveKey(trx, j.by!);
        } else {
          const found = await findCustomers(trx, policy, j.grant, j.member!, j.filter!, {
            limit: j.pageSize + 1,
            offset: (j.page - 1) * j.pageSize,
          });
          j.hasMore = found.length > j.pageSize;
          j.ids = found.slice(0, j.pageSize);
        }
      } catch (err) {
        if (!(err instanceof InputError)) throw err;
        j.failure = err; // a malformed phone or ID: nothing was looked up
      }
    }
    // 2. Row scope of reads (searches applied it in SQL).
    const reads = batch.filter((j) => j.kind === 'read' && j.grant && !j.failure && !j.entry);
    // One SELECT reads the scope attributes AND the ciphertexts: rows in scope are decrypted from
    // it in step 4, so a read costs one query on customers, not two.
    const stored = await this.#vault.readStored(
      trx,
      reads.flatMap((j) => j.ids),
    );
    for (const j of reads) {
      const existing = j.ids.filter((id) => stored.has(id));
      if (existing.length === 0) {
        this.#deny(
          j,
          ts,
          'not-found',
          'no customer matches',
          [],
          new NotFoundError('no customer matches'),
        );
        continue;
      }
      const visible = existing.filter((id) =>
        inScope(policy, j.grant!, j.member!, scopeRowOf(stored.get(id)!)),
      );
      if (visible.length === 0) {
        this.#deny(
          j,
          ts,
          'out-of-scope',
          `the customer is outside the ${j.grant!.scope} scope of role ${j.grant!.role}`,
          existing,
        );
        continue;
      }
      j.ids = visible;
    }
    // 3. Quotas: distinct customers shown today, including earlier requests of this batch.
    // Only actors with a quota in this batch need counting (the common no-quota read skips it).
    const quotaActors = new Set(
      batch
        .filter((j) => j.grant && j.grant.quota !== null && !j.failure && !j.entry)
        .map((j) => j.actor),
    );
    const live = batch.filter((j) => j.grant && !j.failure && !j.entry && quotaActors.has(j.actor));
    if (live.length > 0) await this.#lockHead(trx);
    const dayStart = quotaDayStart(now, policy.timezone);
    const shown = await customersShownToday(
      trx,
      [...quotaActors],
      live.flatMap((j) => j.ids),
      dayStart,
    );
    const counts = new Map<string, number>();
    for (const j of live) {
      let seen = shown.get(j.actor);
      if (!seen) shown.set(j.actor, (seen = new Set()));
      const fresh = [...new Set(j.ids)].filter((id) => !seen.has(id));
      if (fresh.length === 0) continue;
      let count = counts.get(j.actor);
      if (j.grant!.quota !== null) {
        if (count === undefined) count = await distinctCustomersShown(trx, j.actor, dayStart);
        if (!quotaAllows(j.grant!, count, fresh.length)) {
          counts.set(j.actor, count);
          this.#deny(
            j,
            ts,
            'quota',
            `daily quota of ${j.grant!.quota} distinct customers reached for role ${j.grant!.role}`,
            j.ids,
          );
          continue;
        }
      }
      if (count !== undefined) counts.set(j.actor, count + fresh.length);
      for (const id of fresh) seen.add(id);
    }
    // 4. Read only the granted fields, mask, and write the entries.
    const byGrant = new Map<Grant, Job[]>();
    for (const j of batch) {
      if (!j.grant || j.failure || j.entry) continue;
      const group = byGrant.get(j.grant);
      if (group) group.push(j);
      else byGrant.set(j.grant, [j]);
    }
    // Searches named their rows in SQL (findCustomers): read those not read in step 2.
    const missing = [...byGrant.values()]
      .flat()
      .flatMap((j) => j.ids.filter((id) => !stored.has(id)));
    if (missing.length > 0) {
      for (const [id, row] of await this.#vault.readStored(trx, missing)) stored.set(id, row);
    }
    for (const [grant, jobs] of byGrant) {
      const rows = new Map<string, StoredCustomer>();
      for (const j of jobs) {
        for (const id of j.ids) {
          const row = stored.get(id);
          if (row !== undefined) rows.set(id, row);
        }
      }
      const loaded = await this.#vault.open(rows.values(), fieldsToLoad(grant));
      const fields = visibleFields(grant);
      for (const j of jobs) {
        // A customer deleted between the scope check and the load is simply not shown.
        j.ids = j.ids.filter((id) => loaded.has(id));
        j.customers = j.ids.map((id) => maskRecord(grant, loaded.get(id)!, this.#hashKey));
        j.entry = {
          type: 'access',
          ts,
          actor: j.actor,
          action: j.kind === 'read' ? 'view' : 'search',
          customers: j.ids,
          purpose: j.purpose,
          source: 'gateway',
          role: j.member!.role,
          ...(j.member!.branch !== null ? { branch: j.member!.branch } : {}),
          decision: 'allow',
          fields,
        };
      }
    }
    return staffVersion;
  }

  /** Marks a job refused: its deny entry is written with the batch, the error thrown after. */
  #deny(
    j: Job,
    ts: string,
    reason: DenyReason,
    message: string,
    customers: string[],
    error: Error = new AccessDeniedError(message, reason),
  ): void {
    j.entry = {
      type: 'access',
      ts,
      actor: j.actor,
      action: j.kind === 'read' ? 'view' : 'search',
      customers,
      purpose: j.purpose,
      source: 'gateway',
      ...(j.member ? { role: j.member.role } : {}),
      ...(j.member?.branch ? { branch: j.member.branch } : {}),
      decision: 'deny',
      reason,
    };
    j.failure = error;
  }

  async #resolveKey(trx: Kysely<Schema>, by: CustomerKey): Promise<string[]> {
    if ('customerId' in by) return [by.customerId];
    if ('phone' in by) return this.#vault.lookup(trx, 'phone', by.phone);
    if ('idNumber' in by) return this.#vault.lookup(trx, 'id_number', by.idNumber);
    if ('email' in by) return this.#vault.lookup(trx, 'email', by.email);
    return this.#vault.lookup(trx, 'name_birth_date', { name: by.name, birthDate: by.birthDate });
  }

  /**
   * Serialises gateway transactions with every other audit append: PostgreSQL locks the log's
   * head row first (SQLite transactions already begin IMMEDIATE), so quota counts read here
   * cannot be overtaken by another process before this transaction's entries commit.
   */
  async #lockHead(trx: Kysely<Schema>): Promise<void> {
    if (this.#engine !== 'postgres') return;
    await trx
      .selectFrom('audit_logs')
      .select('size')
      .where('log_id', '=', this.#log.logId)
      .forUpdate()
      .execute();
  }

  // ---- exports ----

  /** Audits a refused export request (an `export` access entry, decision deny). */
  async #refuseExport<T>(
    trx: Kysely<Schema>,
    who: {
      actor: string;
      purpose: string;
      member: StaffMember | undefined;
      ts: string;
      exportId?: string;
    },
    reason: string,
    message: string,
    customers: string[] = [],
  ): Promise<Outcome<T>> {
    await recordAccess(trx, this.#log, [
      {
        type: 'access',
        ts: who.ts,
        actor: who.actor,
        action: 'export',
        customers,
        purpose: who.purpose,
        source: 'gateway',
        ...(who.member ? { role: who.member.role } : {}),
        ...(who.member?.branch ? { branch: who.member.branch } : {}),
        decision: 'deny',
        reason,
        ...(who.exportId !== undefined ? { export_id: who.exportId } : {}),
      },
    ]);
    return { ok: false, error: new AccessDeniedError(message, reason) };
  }

  /** Builds, decorates, records and audits the file of an export, in `trx`. */
  async #produce(
    trx: Kysely<Schema>,
    input: { record: ExportRecord; member: StaffMember; grant: Grant; ids: string[]; now: Date },
  ): Promise<Outcome<ExportFile>> {
    const { record, member, grant, now } = input;
    const exportId = record.export_id;
    const ts = now.toISOString();
    const policy = this.#policy;
    const who = { actor: record.actor, purpose: record.purpose, member, ts, exportId };
    // Quota: an export shows its customers like a read does.
    if (grant.quota !== null) {
      const dayStart = quotaDayStart(now, policy.timezone);
      const seen = (await customersShownToday(trx, [record.actor], input.ids, dayStart)).get(
        record.actor,
      );
      const fresh = input.ids.filter((id) => !seen?.has(id)).length;
      if (fresh > 0) {
        const count = await distinctCustomersShown(trx, record.actor, dayStart);
        if (!quotaAllows(grant, count, fresh)) {
          await updateExportRecord(trx, exportId, { status: 'denied', decision_reason: 'quota' });
          return this.#refuseExport(
            trx,
            who,
            'quota',
            `the export's ${input.ids.length} customers exceed the daily quota of ${grant.quota} for role ${grant.role}`,
          );
        }
      }
    }
    const loaded = await this.#vault.load(trx, input.ids, fieldsToLoad(grant));
    const ids = input.ids.filter((id) => loaded.has(id) && !loaded.get(id)!.shredded);
    let columns = visibleFields(grant);
    let rows: ExportRow[] = ids.map((id) => {
      const masked = maskRecord(grant, loaded.get(id)!, this.#hashKey);
      const cells: Record<string, string> = {};
      for (const c of columns) cells[c] = masked.fields[c] ?? '';
      return { customerId: id, cells };
    });
    for (const decorator of this.#decorators ?? registeredExportDecorators()) {
      ({ columns, rows } = await decorator.decorate({
        trx,
        exportId,
        actor: record.actor,
        purpose: record.purpose,
        recipient: record.recipient,
        columns,
        rows,
      }));
    }
    const rowSet: Array<{ rowNo: number; customerId: string }> = [];
    rows.forEach((r, i) => {
      if (r.customerId !== null) rowSet.push({ rowNo: i + 1, customerId: r.customerId });
    });
    await insertExportRows(trx, exportId, rowSet);
    const format = record.format as ExportFormat;
    const cells = rows.map((r) => r.cells);
    const bytes =
      format === 'xlsx'
        ? await xlsxBytes(columns, cells, exportId)
        : csvBytes(columns, cells, format === 'csv' ? 'utf-8' : 'gb18030');
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const customers = rowSet.map((r) => r.customerId);
    const parts = chunkByBytes(customers, CUSTOMER_BYTES_PER_EXPORT_ENTRY);
    const indexes = await recordAccess(
      trx,
      this.#log,
      parts.map((part, i) => ({
        type: 'access' as const,
        ts,
        actor: record.actor,
        action: 'export' as const,
        customers: part,
        purpose: record.purpose,
        source: 'gateway',
        role: member.role,
        ...(member.branch !== null ? { branch: member.branch } : {}),
        decision: 'allow' as const,
        fields: columns,
        export_id: exportId,
        ...(record.recipient !== null ? { recipient: record.recipient } : {}),
        format,
        rows: customers.length,
        file_rows: rows.length,
        file_sha256: sha256,
        ...(parts.length > 1 ? { part: i + 1, parts: parts.length } : {}),
      })),
    );
    await updateExportRecord(trx, exportId, {
      status: 'done',
      rows: customers.length,
      completed_at: ts,
      file_sha256: sha256,
    });
    return {
      ok: true,
      value: {
        exportId,
        format,
        bytes,
        sha256,
        columns,
        rows: customers.length,
        fileRows: rows.length,
        auditIndex: indexes[0]!,
      },
    };
  }
}
