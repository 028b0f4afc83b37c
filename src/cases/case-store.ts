/**
 * Cases in the database: open, attach items, add notes, move status, assign — each change written
 * together with its audit entry (`{type:'case', case, change, actor, ts}`) and a history row in ONE
 * transaction, so the history a case shows is exactly what the log can prove.
 *
 * Serialisation. Every write first locks the audit log's head row (PostgreSQL `FOR UPDATE`;
 * SQLite transactions are IMMEDIATE already), the same lock the append takes, so case numbers,
 * item numbers and history sequence numbers are computed without races between processes.
 */
import { sql, type Kysely } from 'kysely';
import { canonicalJsonString } from '../audit/canonical-json.ts';
import { AuditLog } from '../audit/audit-log.ts';
import { ConflictError, InputError, NotFoundError } from '../core/errors.ts';
import type { Database } from '../store/open-database.ts';
import type { Schema } from '../store/schema.ts';
import {
  canMove,
  isCaseItemKind,
  isCaseStatus,
  sha256Hex,
  type CaseAuditEntry,
  type CaseChange,
  type CaseDetail,
  type CaseHistoryEntry,
  type CaseItem,
  type CaseItemInput,
  type CaseNote,
  type CaseRecord,
  type CaseStatus,
} from './case-model.ts';
import { sanitizeSnapshot } from './snapshot-sanitizer.ts';

/** Longest title, suspect id, assignee, actor and item ref accepted. */
const MAX_LABEL = 200;
/** Longest note. */
const MAX_NOTE = 20_000;
/** Largest snapshot (canonical JSON bytes): a trace of a large leak stays well below this. */
const MAX_SNAPSHOT_BYTES = 4 * 1024 * 1024;

/** Filters for {@link CaseStore.list}. */
export interface CaseListFilter {
  status?: CaseStatus;
  suspect?: string;
  assignee?: string;
}

/** Which rows {@link CaseStore.listPage} returns. */
export interface CasePageWindow {
  limit: number;
  offset: number;
}

function checkLabel(what: string, value: string, optional = false): void {
  if (typeof value !== 'string' || (!optional && value.trim() === '')) {
    throw new InputError(`${what} must be a non-empty string`);
  }
  if ([...value].length > MAX_LABEL) {
    throw new InputError(`${what} is longer than ${MAX_LABEL} characters`);
  }
  if ([...value].some((ch) => ch.charCodeAt(0) < 0x20 || ch.charCodeAt(0) === 0x7f)) {
    throw new InputError(`${what} contains a control character`);
  }
}

function toRecord(row: Schema['cases']): CaseRecord {
  return {
    caseId: row.case_id,
    suspect: row.suspect,
    title: row.title,
    status: row.status as CaseStatus,
    assignee: row.assignee,
    createdAt: row.created_at,
    createdBy: row.created_by,
    updatedAt: row.updated_at,
  };
}

/**
 * @example
 * const store = new CaseStore(new AuditLog(database), database.engine);
 * const c = await store.openCase({ suspect: 'S0042', title: 'QA clerk drip', actor: 'inv1' });
 * await store.attachItem(c.caseId, { kind: 'alert', ref: 'A-17', snapshot: alert }, 'inv1');
 * await store.setStatus(c.caseId, 'investigating', 'inv1');
 */
export class CaseStore {
  readonly #log: AuditLog;
  readonly #engine: Database['engine'];
  readonly #now: () => Date;

  constructor(log: AuditLog, engine: Database['engine'], options: { now?: () => Date } = {}) {
    this.#log = log;
    this.#engine = engine;
    this.#now = options.now ?? (() => new Date());
  }

  /** The audit log case changes are written to. */
  get log(): AuditLog {
    return this.#log;
  }

  /**
   * Opens a case about `suspect`; returns it with its new id (`CASE-1`, `CASE-2`, …).
   *
   * @example
   * const { caseId } = await store.openCase({ suspect: 'S0042', title: '…', actor: 'inv1' });
   */
  async openCase(input: {
    suspect: string;
    title: string;
    actor: string;
    assignee?: string | null;
  }): Promise<CaseRecord> {
    checkLabel('suspect', input.suspect);
    checkLabel('title', input.title);
    checkLabel('actor', input.actor);
    if (input.assignee) checkLabel('assignee', input.assignee);
    return this.#write(async (trx, ts) => {
      const count = await trx
        .selectFrom('cases')
        .select((eb) => eb.fn.countAll<number | string>().as('n'))
        .executeTakeFirstOrThrow();
      const caseId = `CASE-${Number(count.n) + 1}`;
      const row: Schema['cases'] = {
        case_id: caseId,
        suspect: input.suspect,
        title: input.title,
        status: 'open',
        assignee: input.assignee ?? null,
        created_at: ts,
        created_by: input.actor,
        updated_at: ts,
      };
      await trx.insertInto('cases').values(row).execute();
      await this.#record(trx, caseId, input.actor, ts, {
        what: 'opened',
        suspect: input.suspect,
        title_sha256: sha256Hex(input.title),
      });
      if (input.assignee) {
        await this.#record(trx, caseId, input.actor, ts, {
          what: 'assignee',
          from: null,
          to: input.assignee,
        });
      }
      return toRecord(row);
    });
  }

  /**
   * Cases, newest first, optionally filtered.
   *
   * @example
   * const open = await store.list({ status: 'open' });
   */
  async list(filter: CaseListFilter = {}): Promise<CaseRecord[]> {
    const rows = await this.#filtered(filter)
      .selectAll()
      .orderBy('created_at', 'desc')
      .orderBy('case_id', 'desc')
      .execute();
    return rows.map(toRecord);
  }

  /**
   * One page of {@link list}'s order (newest first; `case_id` breaks ties so pages never overlap)
   * and the number of cases matching the filter.
   *
   * @example
   * const { cases, total } = await store.listPage({ status: 'open' }, { limit: 50, offset: 100 });
   */
  async listPage(
    filter: CaseListFilter,
    window: CasePageWindow,
  ): Promise<{ cases: CaseRecord[]; total: number }> {
    const base = this.#filtered(filter);
    const [count, rows] = await Promise.all([
      base.select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow(),
      base
        .selectAll()
        .orderBy('created_at', 'desc')
        .orderBy('case_id', 'desc')
        .limit(window.limit)
        .offset(window.offset)
        .execute(),
    ]);
    return { cases: rows.map(toRecord), total: Number(count.n) };
  }

  /** The cases table narrowed by the filter (shared by list, listPage and their count). */
  #filtered(filter: CaseListFilter) {
    let q = this.#log.db.selectFrom('cases');
    if (filter.status) q = q.where('status', '=', filter.status);
    if (filter.suspect) q = q.where('suspect', '=', filter.suspect);
    if (filter.assignee) q = q.where('assignee', '=', filter.assignee);
    return q;
  }

  /**
   * One case with its items, notes and history; NotFoundError when there is none.
   *
   * @example
   * const c = await store.get('CASE-1'); c.items.length
   */
  async get(caseId: string, db: Kysely<Schema> = this.#log.db): Promise<CaseDetail> {
    const row = await db
      .selectFrom('cases')
      .selectAll()
      .where('case_id', '=', caseId)
      .executeTakeFirst();
    if (!row) throw new NotFoundError(`case ${caseId} does not exist`);
    const [items, notes, history] = await Promise.all([
      db
        .selectFrom('case_items')
        .selectAll()
        .where('case_id', '=', caseId)
        .orderBy('item_no')
        .execute(),
      db
        .selectFrom('case_notes')
        .selectAll()
        .where('case_id', '=', caseId)
        .orderBy('note_no')
        .execute(),
      db
        .selectFrom('case_history')
        .selectAll()
        .where('case_id', '=', caseId)
        .orderBy('seq')
        .execute(),
    ]);
    return {
      ...toRecord(row),
      items: items.map((r): CaseItem => ({
        itemNo: Number(r.item_no),
        kind: r.kind as CaseItem['kind'],
        ref: r.ref,
        snapshot: JSON.parse(r.snapshot) as unknown,
        snapshotSha256: r.snapshot_sha256,
        attachedAt: r.attached_at,
        attachedBy: r.attached_by,
        auditIdx: Number(r.audit_idx),
      })),
      notes: notes.map((r): CaseNote => ({
        noteNo: Number(r.note_no),
        author: r.author,
        text: r.text,
        createdAt: r.created_at,
        auditIdx: Number(r.audit_idx),
      })),
      history: history.map((r): CaseHistoryEntry => ({
        seq: Number(r.seq),
        ts: r.ts,
        actor: r.actor,
        change: JSON.parse(r.change) as CaseChange,
        auditIdx: Number(r.audit_idx),
      })),
    };
  }

  /**
   * Attaches an item, freezing its snapshot (PI masked, canonical JSON) and recording the
   * snapshot's SHA-256 in the audit entry. The same kind and ref twice is a ConflictError.
   *
   * @example
   * await store.attachItem('CASE-1', { kind: 'trace', ref: 'T-3', snapshot: traceJson }, 'inv1');
   */
  async attachItem(caseId: string, item: CaseItemInput, actor: string): Promise<CaseItem> {
    return (await this.attachItems(caseId, [item], actor))[0]!;
  }

  /**
   * Attaches several items in ONE transaction: all of them or none (a bad or duplicate item
   * leaves the case unchanged).
   *
   * @example
   * await store.attachItems('CASE-1', alerts.map((a) => ({ kind: 'alert', ref: refOf(a), snapshot: a })), 'inv1');
   */
  async attachItems(
    caseId: string,
    items: readonly CaseItemInput[],
    actor: string,
  ): Promise<CaseItem[]> {
    checkLabel('actor', actor);
    const prepared = items.map((item, i) => {
      const which = items.length > 1 ? `item ${i + 1}: ` : '';
      if (!isCaseItemKind(item.kind)) {
        throw new InputError(`${which}unknown item kind "${String(item.kind)}"`);
      }
      checkLabel(`${which}item ref`, item.ref);
      if (item.snapshot === undefined) throw new InputError(`${which}item snapshot is missing`);
      const frozen = sanitizeSnapshot(item.snapshot);
      let text: string;
      try {
        text = canonicalJsonString(frozen);
      } catch (err) {
        throw new InputError(`${which}item snapshot is not JSON data (${(err as Error).message})`);
      }
      if (Buffer.byteLength(text) > MAX_SNAPSHOT_BYTES) {
        throw new InputError(`${which}item snapshot is larger than ${MAX_SNAPSHOT_BYTES} bytes`);
      }
      return { item, frozen, text, digest: sha256Hex(text) };
    });
    const refs = new Set<string>();
    for (const p of prepared) {
      const key = `${p.item.kind}\u0000${p.item.ref}`;
      if (refs.has(key)) throw new InputError(`${p.item.kind} ${p.item.ref} is given twice`);
      refs.add(key);
    }
    return this.#write(async (trx, ts) => {
      await this.#openCaseRow(trx, caseId);
      const out: CaseItem[] = [];
      let itemNo = await this.#count(trx, 'case_items', caseId);
      for (const { item, frozen, text, digest } of prepared) {
        const dup = await trx
          .selectFrom('case_items')
          .select('item_no')
          .where('case_id', '=', caseId)
          .where('kind', '=', item.kind)
          .where('ref', '=', item.ref)
          .executeTakeFirst();
        if (dup) {
          throw new ConflictError(`case ${caseId} already holds ${item.kind} ${item.ref}`);
        }
        itemNo++;
        const auditIdx = await this.#record(trx, caseId, actor, ts, {
          what: 'item',
          item: itemNo,
          kind: item.kind,
          ref: item.ref,
          snapshot_sha256: digest,
        });
        await trx
          .insertInto('case_items')
          .values({
            case_id: caseId,
            item_no: itemNo,
            kind: item.kind,
            ref: item.ref,
            snapshot: text,
            snapshot_sha256: digest,
            attached_at: ts,
            attached_by: actor,
            audit_idx: auditIdx,
          })
          .execute();
        out.push({
          itemNo,
          kind: item.kind,
          ref: item.ref,
          snapshot: frozen,
          snapshotSha256: digest,
          attachedAt: ts,
          attachedBy: actor,
          auditIdx,
        });
      }
      await this.#touch(trx, caseId, ts);
      return out;
    });
  }

  /**
   * Adds a note. The note's text stays in the database; the audit entry carries its SHA-256.
   *
   * @example
   * await store.addNote('CASE-1', 'Interviewed the team lead.', 'inv1');
   */
  async addNote(caseId: string, text: string, actor: string): Promise<CaseNote> {
    checkLabel('actor', actor);
    if (typeof text !== 'string' || text.trim() === '') {
      throw new InputError('note text must be a non-empty string');
    }
    if ([...text].length > MAX_NOTE) {
      throw new InputError(`note is longer than ${MAX_NOTE} characters`);
    }
    return this.#write(async (trx, ts) => {
      await this.#openCaseRow(trx, caseId);
      const noteNo = (await this.#count(trx, 'case_notes', caseId)) + 1;
      const auditIdx = await this.#record(trx, caseId, actor, ts, {
        what: 'note',
        note: noteNo,
        text_sha256: sha256Hex(text),
      });
      await trx
        .insertInto('case_notes')
        .values({
          case_id: caseId,
          note_no: noteNo,
          author: actor,
          text,
          created_at: ts,
          audit_idx: auditIdx,
        })
        .execute();
      await this.#touch(trx, caseId, ts);
      return { noteNo, author: actor, text, createdAt: ts, auditIdx };
    });
  }

  /**
   * Moves the case's status (see canMove); ConflictError for a move that is not allowed.
   *
   * @example
   * await store.setStatus('CASE-1', 'referred', 'inv1');
   */
  async setStatus(caseId: string, status: string, actor: string): Promise<CaseRecord> {
    checkLabel('actor', actor);
    if (!isCaseStatus(status)) {
      throw new InputError(`unknown status "${status}" (open, investigating, referred, closed)`);
    }
    return this.#write(async (trx, ts) => {
      const row = await this.#caseRow(trx, caseId);
      const from = row.status as CaseStatus;
      if (!canMove(from, status)) {
        throw new ConflictError(`case ${caseId} cannot move from ${from} to ${status}`);
      }
      await this.#record(trx, caseId, actor, ts, { what: 'status', from, to: status });
      await trx
        .updateTable('cases')
        .set({ status, updated_at: ts })
        .where('case_id', '=', caseId)
        .execute();
      return toRecord({ ...row, status, updated_at: ts });
    });
  }

  /**
   * Assigns the case (null unassigns).
   *
   * @example
   * await store.setAssignee('CASE-1', 'inv2', 'lead');
   */
  async setAssignee(caseId: string, assignee: string | null, actor: string): Promise<CaseRecord> {
    checkLabel('actor', actor);
    if (assignee !== null) checkLabel('assignee', assignee);
    return this.#write(async (trx, ts) => {
      const row = await this.#openCaseRow(trx, caseId);
      if (row.assignee === assignee) {
        throw new ConflictError(`case ${caseId} is already assigned to ${assignee ?? 'nobody'}`);
      }
      await this.#record(trx, caseId, actor, ts, {
        what: 'assignee',
        from: row.assignee,
        to: assignee,
      });
      await trx
        .updateTable('cases')
        .set({ assignee, updated_at: ts })
        .where('case_id', '=', caseId)
        .execute();
      return toRecord({ ...row, assignee, updated_at: ts });
    });
  }

  /**
   * Records that an evidence bundle with this manifest was exported (a custody record the bundle
   * itself then proves). Allowed on closed cases too: handing over evidence changes nothing.
   *
   * @example
   * const idx = await store.recordEvidence('CASE-1', manifestSha256, 'inv1');
   */
  async recordEvidence(caseId: string, manifestSha256: string, actor: string): Promise<number> {
    checkLabel('actor', actor);
    return this.#write(async (trx, ts) => {
      await this.#caseRow(trx, caseId);
      return this.#record(trx, caseId, actor, ts, {
        what: 'evidence',
        manifest_sha256: manifestSha256,
      });
    });
  }

  /** Runs `body` in a transaction that holds the audit head lock, with one timestamp. */
  async #write<T>(body: (trx: Kysely<Schema>, ts: string) => Promise<T>): Promise<T> {
    const ts = this.#now().toISOString();
    return this.#log.db.transaction().execute(async (trx) => {
      if (this.#engine === 'postgres') {
        await sql`select size from audit_logs where log_id = ${this.#log.logId} for update`.execute(
          trx,
        );
      }
      return body(trx, ts);
    });
  }

  /** Appends the audit entry and the history row; returns the entry's index. */
  async #record(
    trx: Kysely<Schema>,
    caseId: string,
    actor: string,
    ts: string,
    change: CaseChange,
  ): Promise<number> {
    const entry: CaseAuditEntry = { type: 'case', case: caseId, change, actor, ts };
    const [auditIdx] = await this.#log.appendInTransaction(trx, [entry]);
    const seq = (await this.#count(trx, 'case_history', caseId)) + 1;
    await trx
      .insertInto('case_history')
      .values({
        case_id: caseId,
        seq,
        ts,
        actor,
        change: canonicalJsonString(change),
        audit_idx: auditIdx!,
      })
      .execute();
    return auditIdx!;
  }

  async #count(
    trx: Kysely<Schema>,
    table: 'case_items' | 'case_notes' | 'case_history',
    caseId: string,
  ): Promise<number> {
    const r = await trx
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .where('case_id', '=', caseId)
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }

  async #caseRow(trx: Kysely<Schema>, caseId: string): Promise<Schema['cases']> {
    const row = await trx
      .selectFrom('cases')
      .selectAll()
      .where('case_id', '=', caseId)
      .executeTakeFirst();
    if (!row) throw new NotFoundError(`case ${caseId} does not exist`);
    return row;
  }

  /** The case row, refusing closed cases (their content is final). */
  async #openCaseRow(trx: Kysely<Schema>, caseId: string): Promise<Schema['cases']> {
    const row = await this.#caseRow(trx, caseId);
    if (row.status === 'closed') throw new ConflictError(`case ${caseId} is closed`);
    return row;
  }

  async #touch(trx: Kysely<Schema>, caseId: string, ts: string): Promise<void> {
    await trx.updateTable('cases').set({ updated_at: ts }).where('case_id', '=', caseId).execute();
  }
}

/**
 * Attaches an item to a case from another module (watch, trace, the complaint desk), recording
 * the change in the database's audit log.
 *
 * @example
 * await attachItem(database, 'CASE-1', { kind: 'alert', ref: 'S0042/2026-03-02', snapshot: alert },
 *   { actor: 'watch' });
 */
export async function attachItem(
  database: Pick<Database, 'db' | 'engine'>,
  caseId: string,
  item: CaseItemInput,
  options: { actor: string; log?: AuditLog },
): Promise<CaseItem> {
  const log = options.log ?? new AuditLog(database);
  return new CaseStore(log, database.engine).attachItem(caseId, item, options.actor);
}
