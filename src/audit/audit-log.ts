/**
 * The persistent, tamper-evident audit log: entries, the Merkle tree over them, and signed
 * checkpoints, stored through Kysely on SQLite or PostgreSQL.
 *
 * Sequencing. One sequencer per log: every append runs inside a transaction that first locks the
 * log's head row (PostgreSQL `SELECT … FOR UPDATE`; SQLite transactions begin IMMEDIATE, see
 * sqlite-dialect.ts), so several processes (CLI next to the server) append safely. The in-memory
 * CompactRange is only a cache of the tree's right border: under the lock it is compared with the
 * stored head (size AND root) and restored from the stored border nodes when it differs — after
 * another process appended, or after a transaction that used it rolled back.
 *
 * Storage. Level 0 of the tree is the entry's leaf_hash; of the interior perfect subtrees the
 * appender completes, those at the stored levels (node-layout.ts: every 4th level) go to
 * audit_nodes, so an append writes ~1.07 rows per entry and roots and proofs for any size are
 * still O(log n) reads (db-node-source.ts).
 *
 * Group commit. `append` queues events; all callers that arrive while a transaction is in flight,
 * or within `groupCommitDelayMs` of the first, share the next transaction (one durable commit).
 * Once GROUP_COMMIT_EAGER_ENTRIES are queued the delay is cut short: the fsync is already
 * amortised, and waiting would only add latency (it cost ~2 µs per entry on 1,000-event calls).
 *
 * Write path. A batch is written with pre-built SQL (CompiledQuery), not Kysely's query builder:
 * building and compiling a multi-thousand-value INSERT per chunk cost as much as SQLite's own work.
 * SQLite gets multi-row INSERTs; PostgreSQL one statement per batch (unnest arrays, data-modifying
 * CTEs) for entries, nodes and head — one round trip.
 */
import { CompiledQuery, type Kysely } from 'kysely';
import { InputError, PiguardError } from '../core/errors.ts';
import type { Database } from '../store/open-database.ts';
import type { Schema } from '../store/schema.ts';
import { canonicalJson } from './canonical-json.ts';
import { formatCheckpoint, parseCheckpoint } from './checkpoint.ts';
import type { CheckpointPublisher } from './checkpoint-publisher.ts';
import { CompactRange } from './compact-range.ts';
import { DbNodeSource } from './db-node-source.ts';
import type { BatchTree } from './batch-tree.ts';
import { nodeRowsOf, writeEncodedBatchSqlite, type NodeRows } from './encoded-append.ts';
import { DEFAULT_LOG_ID } from './log-signer.ts';
import { consistencyProof, rootAt } from './merkle-proofs.ts';
import type { NodeSource } from './node-id.ts';
import { verifyConsistency } from './proof-verification.ts';
import { isStoredLevel } from './node-layout.ts';
import { emptyRoot, HASH_SIZE, LeafHasher } from './rfc6962.ts';
import {
  openNote,
  signNote,
  verifierFromKey,
  type NoteSigner,
  type NoteVerifier,
} from './signed-note.ts';

/** Largest entry: C2SP tlog-tiles entry bundles prefix each entry with a big-endian uint16. */
export const MAX_ENTRY_BYTES = 65_535;

/**
 * Rows per SQLite INSERT statement (3 parameters each; below SQLite's 32,766-parameter limit).
 * Larger statements cost more to prepare than they save in round trips.
 */
const SQLITE_INSERT_CHUNK_ROWS = 1_000;

/** Queued entries that start a group commit at once instead of after the delay. */
const GROUP_COMMIT_EAGER_ENTRIES = 512;

/** The log head row ({@link AuditLog} reads it under the lock before every append). */
const HEAD_SQL_SQLITE =
  'select size, root_hash, origin, verifier_key from audit_logs where log_id = ?';
const HEAD_SQL_PG =
  'select size, root_hash, origin, verifier_key from audit_logs where log_id = $1';
const HEAD_SQL_PG_FOR_UPDATE = `${HEAD_SQL_PG} for update`;

/** The stored log contradicts itself or a signed checkpoint; never sign or append past it. */
export class LogIntegrityError extends PiguardError {}

/** A checkpoint as stored in audit_checkpoints. */
export interface StoredCheckpoint {
  size: number;
  rootHash: Buffer;
  /** The signed note, verbatim. */
  note: string;
  createdAt: string;
}

/** What signCheckpoint did. */
export interface SignCheckpointResult extends StoredCheckpoint {
  /** False when the tree had not grown since the latest checkpoint (that one is returned). */
  created: boolean;
  /** Publishers that failed (the checkpoint is stored regardless). */
  publishErrors: Error[];
}

export interface AuditLogOptions {
  logId?: number;
  /** How long the first queued append waits for companions before committing (ms). */
  groupCommitDelayMs?: number;
  /** Upper bound on entries per group-commit transaction. */
  maxBatchEntries?: number;
}

/**
 * Canonical JSON bytes of one access event, checked against the entry size limit.
 *
 * @example
 * encodeEntry({ ts: '2026-01-01T00:00:00Z', actor: 'u7', action: 'view', customers: ['C1'] })
 */
export function encodeEntry(event: unknown): Buffer {
  return checkedEntry(canonicalJson(event));
}

/** `bytes`, or an InputError when they exceed the entry size limit. */
function checkedEntry(bytes: Buffer): Buffer {
  if (bytes.length > MAX_ENTRY_BYTES) {
    throw new InputError(
      `audit entry is ${bytes.length} bytes; the limit is ${MAX_ENTRY_BYTES} (tlog-tiles entry bundles use uint16 lengths)`,
    );
  }
  return bytes;
}

/**
 * Entries already in canonical JSON with their leaf hashes (see
 * {@link AuditLog.appendEncodedInTransaction}).
 */
export interface EncodedEntries {
  /** The entries' bytes back to back. */
  bytes: Buffer;
  /** End offset of each entry in `bytes`. */
  ends: Uint32Array;
  /** SHA-256(0x00 || entry) of each entry, 32 bytes each. */
  leafHashes: Buffer;
  /**
   * Optional (SQLite): the tree extended by these leaf hashes, computed by the caller
   * (batch-tree.ts); it must start at the stored head (size and root), else the append fails.
   */
  tree?: BatchTree;
}

/**
 * An append computed by {@link AuditLog.appendPlanned}, for the caller to write in ONE statement
 * together with its own rows (PostgreSQL: piguard_record_access, migration 0009).
 */
export interface AppendPlan {
  readonly logId: number;
  /**
   * The head this plan extends. The writer must lock the head row and write nothing unless it
   * still has this size and root (then the tree below is exactly the stored one).
   */
  readonly sizeBefore: number;
  readonly rootBefore: Buffer;
  /** Entries: index, leaf hash and bytes of each. */
  readonly idx: readonly number[];
  readonly leafHash: readonly Buffer[];
  readonly entry: readonly Buffer[];
  /** Completed tree nodes at stored levels (node-layout.ts). */
  readonly nodeLevel: readonly number[];
  readonly nodeIdx: readonly number[];
  readonly nodeHash: readonly Buffer[];
  /** The head after the append. */
  readonly size: number;
  readonly root: Buffer;
}

/** Leaf hash i of a packed leaf-hash buffer (a view, not a copy). */
function leafHashAt(leafHashes: Buffer, i: number): Buffer {
  return leafHashes.subarray(i * HASH_SIZE, (i + 1) * HASH_SIZE);
}

interface PendingAppend {
  entries: Buffer[];
  resolve(indexes: number[]): void;
  reject(err: unknown): void;
}

interface Head {
  size: number;
  root_hash: Buffer;
  origin: string;
  verifier_key: string;
}

function indexRange(first: number, count: number): number[] {
  return Array.from({ length: count }, (_, i) => first + i);
}

/**
 * @example
 * const database = await openDatabase('sqlite:./piguard.db');
 * const log = new AuditLog(database);
 * const [index] = await log.append([{ ts, actor: 'u7', action: 'view', customers: ['C1'] }]);
 * await log.signCheckpoint(signer, [new FileCheckpointPublisher()]);
 * await log.close();
 */
export class AuditLog {
  readonly logId: number;
  readonly #database: Pick<Database, 'db' | 'engine'>;
  readonly #delayMs: number;
  readonly #maxBatch: number;
  /** Cached right border; trusted only when size and root equal the stored head. */
  #range: CompactRange | undefined;
  #rangeRoot: Buffer = emptyRoot();
  #queue: PendingAppend[] = [];
  /** Entries in #queue. */
  #queued = 0;
  /** The pending start of the next drain: the group-commit delay, or setImmediate once eager. */
  #timer: { cancel(): void } | undefined;
  #timerIsDelay = false;
  readonly #leafHasher = new LeafHasher(MAX_ENTRY_BYTES);
  #draining: Promise<void> | undefined;

  constructor(database: Pick<Database, 'db' | 'engine'>, options: AuditLogOptions = {}) {
    this.#database = database;
    this.logId = options.logId ?? DEFAULT_LOG_ID;
    this.#delayMs = options.groupCommitDelayMs ?? 2;
    this.#maxBatch = options.maxBatchEntries ?? 20_000;
  }

  /** The database the log lives in. */
  get db(): Kysely<Schema> {
    return this.#database.db;
  }

  /**
   * Appends access events in a group-commit transaction; resolves with their indexes once
   * committed. Invalid events reject this call only (before anything is queued).
   *
   * Never await this inside a transaction of the same database (it would wait for the lock the
   * caller holds): use {@link appendInTransaction} there.
   *
   * @example
   * const indexes = await log.append([eventA, eventB]); // e.g. [41, 42]
   */
  append(events: readonly unknown[]): Promise<number[]> {
    let entries: Buffer[];
    try {
      entries = events.map(encodeEntry);
    } catch (err) {
      return Promise.reject(err);
    }
    if (entries.length === 0) return Promise.resolve([]);
    return new Promise((resolve, reject) => {
      this.#queue.push({ entries, resolve, reject });
      this.#queued += entries.length;
      if (this.#draining) return; // the drain loop takes it after the current transaction
      this.#schedule();
    });
  }

  /**
   * Appends inside the caller's transaction, so the entry commits or rolls back with the caller's
   * own writes (invariant 1: no read without audit). The head row stays locked until the caller's
   * transaction ends: keep such transactions short.
   *
   * @example
   * await db.transaction().execute(async (trx) => {
   *   const row = await readCustomer(trx, id);
   *   await log.appendInTransaction(trx, [{ actor, action: 'view', customers: [id], ts, purpose }]);
   *   return mask(row);
   * });
   */
  async appendInTransaction(trx: Kysely<Schema>, events: readonly unknown[]): Promise<number[]> {
    const entries = events.map(encodeEntry);
    if (entries.length === 0) return [];
    return this.#appendLocked(trx, entries);
  }

  /**
   * Appends entries the caller already wrote as canonical JSON bytes, inside the caller's
   * transaction like {@link appendInTransaction}; returns their indexes. The caller vouches for
   * canonical form (the gateway's direct encoder is property-tested byte-identical to
   * {@link encodeEntry}); the size limit is checked here as there.
   *
   * @example
   * const [i] = await log.appendCanonicalInTransaction(trx, [Buffer.from(canonicalJsonString(event))]);
   */
  async appendCanonicalInTransaction(
    trx: Kysely<Schema>,
    entries: readonly Buffer[],
  ): Promise<number[]> {
    if (entries.length === 0) return [];
    entries.forEach(checkedEntry);
    return this.#appendLocked(trx, entries);
  }

  /**
   * Appends canonical entries (as {@link appendCanonicalInTransaction}) through the caller's own
   * writer, so that locking the head, appending and the caller's companion rows (the access
   * index) take ONE statement: `write(plan)` must, in one statement of `trx`, lock the head row,
   * and only if it still has `plan.sizeBefore` and `plan.rootBefore` write the plan's entries,
   * nodes and new head (and its own rows), returning true; else write nothing and return false.
   *
   * Why: on PostgreSQL each statement is a round trip, and a gateway batch used three for the
   * audit (head lock, append, index). This process usually appended last, so the cached tree
   * border is the head: the plan is built from it without reading anything, and checked by the
   * database under the lock. When the check fails (another process appended, a rolled-back
   * transaction) or nothing is cached, the head is locked and read, the border restored from the
   * stored nodes, and `write` called again — it must then succeed.
   *
   * @example
   * const indexes = await log.appendPlanned(trx, entries, async (plan) =>
   *   (await trx.executeQuery(fusedStatement(plan))).rows[0]!.status === 0);
   */
  async appendPlanned(
    trx: Kysely<Schema>,
    entries: readonly Buffer[],
    write: (plan: AppendPlan) => Promise<boolean>,
  ): Promise<number[]> {
    if (entries.length === 0) return [];
    entries.forEach(checkedEntry);
    const leafHashes = entries.map((e) => this.#leafHasher.hash(e));
    const cached = this.#range;
    if (cached) {
      // A copy: the cache stays the stored head's border if this write fails or is refused.
      const range = CompactRange.restore(cached.size, cached.border);
      const plan = this.#plan(range, this.#rangeRoot, entries, leafHashes);
      if (await write(plan)) {
        this.#adopt(range, plan.root);
        return plan.idx.slice();
      }
    }
    // The lock is already held when the optimistic write saw another head: reading it is cheap.
    const head = await this.#lockHead(trx);
    const stored = await this.#rangeAt(trx, head);
    const range = CompactRange.restore(stored.size, stored.border);
    const plan = this.#plan(range, head.root_hash, entries, leafHashes);
    if (!(await write(plan))) {
      throw new PiguardError(`audit log ${this.logId}: the head moved while it was locked`);
    }
    this.#adopt(range, plan.root);
    return plan.idx.slice();
  }

  /** Extends `range` (a private copy) by `leafHashes`: the rows and head of the append. */
  #plan(
    range: CompactRange,
    rootBefore: Buffer,
    entries: readonly Buffer[],
    leafHashes: readonly Buffer[],
  ): AppendPlan {
    const sizeBefore = range.size;
    const idx: number[] = [];
    const nodeLevel: number[] = [];
    const nodeIdx: number[] = [];
    const nodeHash: Buffer[] = [];
    const storeNode = (level: number, index: number, hash: Buffer) => {
      if (!isStoredLevel(level)) return;
      nodeLevel.push(level);
      nodeIdx.push(index);
      nodeHash.push(hash);
    };
    for (const leafHash of leafHashes) {
      idx.push(range.size);
      range.extend(leafHash, storeNode);
    }
    return {
      logId: this.logId,
      sizeBefore,
      rootBefore,
      idx,
      leafHash: leafHashes,
      entry: entries,
      nodeLevel,
      nodeIdx,
      nodeHash,
      size: range.size,
      root: range.root(),
    };
  }

  /** The tree after a written append becomes the cached border (checked at the next append). */
  #adopt(range: CompactRange, root: Buffer): void {
    this.#range = range;
    this.#rangeRoot = root;
  }

  /**
   * Appends entries that the caller already encoded and leaf-hashed (event import does both on a
   * worker thread), inside the caller's transaction like {@link appendInTransaction}; returns the
   * index of the first. `bytes` holds the entries' canonical JSON back to back, entry i ending at
   * `ends[i]`; `leafHashes` holds SHA-256(0x00 || entry i) at 32·i. The first and last leaf hash
   * are recomputed here, so a batch whose hashes are misaligned with its entries is refused
   * (`audit verify` re-derives all of them).
   *
   * @example
   * const first = await log.appendEncodedInTransaction(trx, { bytes, ends, leafHashes });
   */
  async appendEncodedInTransaction(trx: Kysely<Schema>, batch: EncodedEntries): Promise<number> {
    const { bytes, ends, leafHashes } = batch;
    const n = ends.length;
    if (n === 0) return (await this.#readHead(trx)).size;
    if (leafHashes.length !== n * HASH_SIZE || ends[n - 1] !== bytes.length) {
      throw new PiguardError('encoded audit batch: lengths do not match');
    }
    let start = 0;
    for (let i = 0; i < n; i++) {
      const end = ends[i]!;
      if (end <= start || end - start > MAX_ENTRY_BYTES) {
        throw new PiguardError(`encoded audit batch: entry ${i} has a bad length`);
      }
      start = end;
    }
    const entryAt = (i: number) => bytes.subarray(i > 0 ? ends[i - 1]! : 0, ends[i]!);
    for (const i of n > 1 ? [0, n - 1] : [0]) {
      if (!this.#leafHasher.hash(entryAt(i)).equals(leafHashAt(leafHashes, i))) {
        throw new PiguardError(`encoded audit batch: leaf hash ${i} does not match its entry`);
      }
    }
    // SQLite: the sequencer of #appendLocked, but the entries go in as one bulk INSERT
    // (encoded-append.ts) instead of a Buffer and three bound values each.
    const head = await this.#lockHead(trx);
    const tree = batch.tree;
    // A caller-built tree must continue exactly the stored one (both engines check).
    if (tree && (tree.sizeBefore !== head.size || !tree.rootBefore.equals(head.root_hash))) {
      throw new PiguardError(
        `encoded audit batch: its tree starts at size ${tree.sizeBefore}, the log is at ${head.size}`,
      );
    }
    if (this.#database.engine === 'postgres') {
      // PostgreSQL keeps the generic path (the tree is recomputed there).
      const entries = Array.from({ length: n }, (_, i) => entryAt(i));
      return (await this.#appendLocked(trx, entries, false, leafHashes))[0]!;
    }
    if (tree) {
      this.#range = undefined; // restored from the database by the next append
      const nodes = nodeRowsOf(tree);
      await writeEncodedBatchSqlite(
        trx,
        this.logId,
        head.size,
        batch,
        nodes,
        head.size + n,
        tree.root,
      );
      return head.size;
    }
    const range = await this.#rangeAt(trx, head);
    this.#range = undefined; // unusable until the writes below are done (see #appendLocked)
    const first = range.size;
    const nodes: NodeRows = { level: [], idx: [], hash: [] };
    const storeNode = (level: number, index: number, hash: Buffer) => {
      if (!isStoredLevel(level)) return;
      nodes.level.push(level);
      nodes.idx.push(index);
      nodes.hash.push(hash);
    };
    for (let i = 0; i < n; i++) range.extend(leafHashAt(leafHashes, i), storeNode);
    const root = range.root();
    await writeEncodedBatchSqlite(trx, this.logId, first, batch, nodes, range.size, root);
    this.#range = range;
    this.#rangeRoot = root;
    return first;
  }

  /**
   * Starts the next drain after the group-commit delay, or on the next turn of the event loop once
   * enough entries are queued (not synchronously: callers queueing in this same tick still join).
   */
  #schedule(): void {
    const eager = this.#queued >= GROUP_COMMIT_EAGER_ENTRIES;
    if (this.#timer && !(eager && this.#timerIsDelay)) return;
    this.#timer?.cancel();
    if (eager) {
      const immediate = setImmediate(() => this.#startDrain());
      this.#timer = { cancel: () => clearImmediate(immediate) };
    } else {
      const timeout = setTimeout(() => this.#startDrain(), this.#delayMs);
      this.#timer = { cancel: () => clearTimeout(timeout) };
    }
    this.#timerIsDelay = !eager;
  }

  /** Resolves once every append queued so far has committed or failed. */
  async flush(): Promise<void> {
    for (;;) {
      this.#timer?.cancel();
      if (this.#timer || (!this.#draining && this.#queue.length > 0)) this.#startDrain();
      if (!this.#draining) return;
      await this.#draining;
    }
  }

  /** Flushes pending appends. Does not close the database (its owner does). */
  async close(): Promise<void> {
    await this.flush();
  }

  /** Number of committed entries. */
  async size(): Promise<number> {
    return (await this.#readHead(this.db)).size;
  }

  /** Public identity: origin and verifier key string. */
  async info(): Promise<{ origin: string; verifierKey: string; size: number; rootHash: Buffer }> {
    const h = await this.#readHead(this.db);
    return { origin: h.origin, verifierKey: h.verifier_key, size: h.size, rootHash: h.root_hash };
  }

  /**
   * Entry `index`'s exact bytes (canonical JSON). Throws InputError (exit 2) when out of range.
   *
   * @example
   * const bytes = await log.entry(0);
   */
  async entry(index: number): Promise<Buffer> {
    const row = await this.db
      .selectFrom('audit_entries')
      .select('entry')
      .where('log_id', '=', this.logId)
      .where('idx', '=', index)
      .executeTakeFirst();
    if (!row) {
      const size = await this.size();
      throw new InputError(`entry ${index} is out of range (the log has ${size} entries)`);
    }
    return row.entry;
  }

  /** NodeSource over this log's stored tree (optionally inside a transaction). */
  nodeSource(db: Kysely<Schema> = this.db): NodeSource {
    return new DbNodeSource(db, this.logId);
  }

  /** Every stored checkpoint, smallest size first. */
  async checkpoints(): Promise<StoredCheckpoint[]> {
    const rows = await this.db
      .selectFrom('audit_checkpoints')
      .select(['size', 'root_hash', 'note', 'created_at'])
      .where('log_id', '=', this.logId)
      .orderBy('size')
      .execute();
    return rows.map(toStoredCheckpoint);
  }

  /** The stored checkpoint with the largest size, if any; or the one at exactly `size`. */
  async latestCheckpoint(
    size?: number,
    db: Kysely<Schema> = this.db,
  ): Promise<StoredCheckpoint | undefined> {
    let q = db
      .selectFrom('audit_checkpoints')
      .select(['size', 'root_hash', 'note', 'created_at'])
      .where('log_id', '=', this.logId);
    if (size !== undefined) q = q.where('size', '=', size);
    const row = await q.orderBy('size', 'desc').limit(1).executeTakeFirst();
    return row && toStoredCheckpoint(row);
  }

  /**
   * Signs a checkpoint of the current tree (C2SP tlog-checkpoint as a signed note), stores it and
   * publishes it. Before signing it checks the tree against the latest stored checkpoint and the
   * latest checkpoint each publisher can read back (signature, then consistency proof); on any
   * inconsistency it refuses with LogIntegrityError — a log must never sign two inconsistent
   * checkpoints. If the tree has not grown, the latest checkpoint is returned unchanged.
   *
   * @example
   * const { note, size } = await log.signCheckpoint(signer, [new FileCheckpointPublisher()]);
   */
  async signCheckpoint(
    signer: NoteSigner,
    publishers: readonly CheckpointPublisher[] = [],
  ): Promise<SignCheckpointResult> {
    const published = await Promise.all(
      publishers.map(async (p) => ({ p, note: await p.latest?.() })),
    );
    const result = await this.db.transaction().execute(async (trx) => {
      const head = await this.#lockHead(trx);
      const verifier = verifierFromKey(head.verifier_key);
      if (signer.name !== head.origin || signer.keyId !== verifier.keyId) {
        throw new LogIntegrityError(
          `the signing key ${signer.name} does not belong to log ${head.origin}`,
        );
      }
      const source = new DbNodeSource(trx, this.logId);
      const root = await rootAt(head.size, source);
      if (!root.equals(head.root_hash)) {
        throw new LogIntegrityError(
          `refusing to sign: the stored tree's root at size ${head.size} differs from the log head; run \`piguard audit verify\``,
        );
      }
      const latest = await this.latestCheckpoint(undefined, trx);
      const checks: Array<{ label: string; note: string }> = [];
      if (latest)
        checks.push({ label: `stored checkpoint at size ${latest.size}`, note: latest.note });
      for (const { p, note } of published) {
        if (note) checks.push({ label: `latest checkpoint published to ${p.target}`, note });
      }
      for (const c of checks) {
        await checkConsistentWith(c.label, c.note, head, root, verifier, source);
      }
      if (latest && latest.size === head.size) {
        return { ...latest, created: false };
      }
      const text = formatCheckpoint({
        origin: head.origin,
        size: head.size,
        rootHash: root,
        extensions: [],
      });
      const note = signNote(text, [signer]);
      const createdAt = new Date().toISOString();
      await trx
        .insertInto('audit_checkpoints')
        .values({
          log_id: this.logId,
          size: head.size,
          root_hash: root,
          note,
          created_at: createdAt,
        })
        .execute();
      return { size: head.size, rootHash: root, note, createdAt, created: true };
    });
    const publishErrors: Error[] = [];
    if (result.created) {
      for (const p of publishers) {
        try {
          await p.publish({ note: result.note, size: result.size, rootHash: result.rootHash });
        } catch (err) {
          publishErrors.push(err instanceof Error ? err : new Error(String(err)));
        }
      }
    }
    return { ...result, publishErrors };
  }

  #startDrain(): void {
    this.#timer = undefined;
    if (this.#draining) return;
    this.#draining = this.#drain().finally(() => {
      this.#draining = undefined;
      // Appends that arrived during the last transaction's commit.
      if (this.#queue.length > 0 && !this.#timer) this.#startDrain();
    });
  }

  async #drain(): Promise<void> {
    while (this.#queue.length > 0) {
      const batch: PendingAppend[] = [];
      let count = 0;
      while (this.#queue.length > 0) {
        const next = this.#queue[0]!;
        if (batch.length > 0 && count + next.entries.length > this.#maxBatch) break;
        batch.push(this.#queue.shift()!);
        count += next.entries.length;
        this.#queued -= next.entries.length;
      }
      try {
        const all = batch.length === 1 ? batch[0]!.entries : batch.flatMap((p) => p.entries);
        const first = await this.db
          .transaction()
          .execute(async (trx) => (await this.#appendLocked(trx, all, false))[0]!);
        let next = first;
        for (const p of batch) {
          p.resolve(indexRange(next, p.entries.length));
          next += p.entries.length;
        }
      } catch (err) {
        for (const p of batch) p.reject(err);
      }
    }
  }

  async #readHead(db: Kysely<Schema>, forUpdate = false): Promise<Head> {
    // Pre-built SQL: every append reads the head, and building and compiling the query each
    // time cost ~2% of a gateway read's CPU. SQLite has no row locks; its transactions already
    // hold the database write lock.
    const postgres = this.#database.engine === 'postgres';
    const text = postgres ? (forUpdate ? HEAD_SQL_PG_FOR_UPDATE : HEAD_SQL_PG) : HEAD_SQL_SQLITE;
    const { rows } = await db.executeQuery<Head>(CompiledQuery.raw(text, [this.logId]));
    const head = rows[0];
    if (!head)
      throw new PiguardError(`audit log ${this.logId} does not exist; run \`piguard init\``);
    return head;
  }

  #lockHead(trx: Kysely<Schema>): Promise<Head> {
    return this.#readHead(trx, true);
  }

  /**
   * The sequencer: under the head lock, extends the tree and writes entries, nodes and head.
   * Returns every index, or only the first when `allIndexes` is false (large batches).
   */
  /**
   * The compact range at the locked head: the cached one when it is still the head (this process
   * appended last), else restored from the stored border nodes and checked against the head's
   * root, so that an append never builds on nodes that do not match the signed size.
   */
  async #rangeAt(trx: Kysely<Schema>, head: Head): Promise<CompactRange> {
    const cached = this.#range;
    if (cached && cached.size === head.size && this.#rangeRoot.equals(head.root_hash)) {
      return cached;
    }
    const border = await new DbNodeSource(trx, this.logId).getNodes(
      CompactRange.borderIds(head.size),
    );
    const range = CompactRange.restore(head.size, border);
    if (!range.root().equals(head.root_hash)) {
      throw new LogIntegrityError(
        `audit log ${this.logId}: stored border nodes do not match the head at size ${head.size}; run \`piguard audit verify\``,
      );
    }
    return range;
  }

  async #appendLocked(
    trx: Kysely<Schema>,
    entries: readonly Buffer[],
    allIndexes = true,
    leafHashes?: Buffer,
  ): Promise<number[]> {
    const head = await this.#lockHead(trx);
    const range = await this.#rangeAt(trx, head);
    // Until this transaction's writes are done the cache is unusable: a failure below leaves it
    // unset and the next append restores from the database.
    this.#range = undefined;
    const first = range.size;
    const rows: BatchRows = {
      idx: [],
      leafHash: [],
      entry: [],
      nodeLevel: [],
      nodeIdx: [],
      nodeHash: [],
    };
    const storeNode = (level: number, index: number, hash: Buffer) => {
      if (!isStoredLevel(level)) return;
      rows.nodeLevel.push(level);
      rows.nodeIdx.push(index);
      rows.nodeHash.push(hash);
    };
    for (let i = 0; i < entries.length; i++) {
      const entry = entries[i]!;
      const leafHash = leafHashes ? leafHashAt(leafHashes, i) : this.#leafHasher.hash(entry);
      rows.idx.push(range.size);
      rows.leafHash.push(leafHash);
      rows.entry.push(entry);
      range.extend(leafHash, storeNode);
    }
    const root = range.root();
    if (this.#database.engine === 'postgres') {
      await writeBatchPostgres(trx, this.logId, rows, range.size, root);
    } else {
      await writeBatchSqlite(trx, this.logId, rows, range.size, root);
    }
    this.#range = range;
    this.#rangeRoot = root;
    return allIndexes ? indexRange(first, entries.length) : [first];
  }
}

/** One append batch, column by column (entries, then the tree nodes at stored levels). */
interface BatchRows {
  idx: number[];
  leafHash: Buffer[];
  entry: Buffer[];
  nodeLevel: number[];
  nodeIdx: number[];
  nodeHash: Buffer[];
}

/** `(L,?,?,?),(L,?,?,?),…` for `rows` rows, with the log id inlined (a checked integer). */
function sqliteValues(logId: number, rows: number): string {
  return `(${logId},?,?,?),`.repeat(rows - 1) + `(${logId},?,?,?)`;
}

/**
 * SQLite write path: multi-row INSERTs of pre-built SQL text, executed as CompiledQuery so that
 * Kysely does not build and compile an 8,000-node AST per chunk (the appender's former hot spot).
 */
async function writeBatchSqlite(
  trx: Kysely<Schema>,
  logId: number,
  rows: BatchRows,
  size: number,
  root: Buffer,
): Promise<void> {
  if (!Number.isSafeInteger(logId)) throw new PiguardError(`invalid log id ${logId}`);
  const insert = async (
    table: string,
    columns: string,
    a: readonly unknown[],
    b: readonly unknown[],
    c: readonly unknown[],
  ) => {
    for (let i = 0; i < a.length; i += SQLITE_INSERT_CHUNK_ROWS) {
      const n = Math.min(SQLITE_INSERT_CHUNK_ROWS, a.length - i);
      const params: unknown[] = new Array(n * 3);
      for (let j = 0; j < n; j++) {
        params[3 * j] = a[i + j];
        params[3 * j + 1] = b[i + j];
        params[3 * j + 2] = c[i + j];
      }
      await trx.executeQuery(
        CompiledQuery.raw(
          `insert into ${table} (${columns}) values ${sqliteValues(logId, n)}`,
          params,
        ),
      );
    }
  };
  await insert(
    'audit_entries',
    'log_id, idx, leaf_hash, entry',
    rows.idx,
    rows.leafHash,
    rows.entry,
  );
  if (rows.nodeLevel.length > 0) {
    await insert(
      'audit_nodes',
      'log_id, level, idx, hash',
      rows.nodeLevel,
      rows.nodeIdx,
      rows.nodeHash,
    );
  }
  await trx.executeQuery(
    CompiledQuery.raw('update audit_logs set size = ?, root_hash = ? where log_id = ?', [
      size,
      root,
      logId,
    ]),
  );
}

/**
 * PostgreSQL write path: entries, nodes and head in ONE statement (data-modifying CTEs), each table
 * fed by `unnest` over array parameters — a fixed, small statement whatever the batch size, one
 * round trip instead of one per chunk.
 */
const POSTGRES_APPEND_SQL = `with e as (
  insert into audit_entries (log_id, idx, leaf_hash, entry)
  select $1::bigint, * from unnest($2::bigint[], $3::bytea[], $4::bytea[])
), n as (
  insert into audit_nodes (log_id, level, idx, hash)
  select $1::bigint, * from unnest($5::integer[], $6::bigint[], $7::bytea[])
)
update audit_logs set size = $8::bigint, root_hash = $9::bytea where log_id = $1::bigint`;

async function writeBatchPostgres(
  trx: Kysely<Schema>,
  logId: number,
  rows: BatchRows,
  size: number,
  root: Buffer,
): Promise<void> {
  await trx.executeQuery(
    CompiledQuery.raw(POSTGRES_APPEND_SQL, [
      logId,
      rows.idx,
      rows.leafHash,
      rows.entry,
      rows.nodeLevel,
      rows.nodeIdx,
      rows.nodeHash,
      size,
      root,
    ]),
  );
}

function toStoredCheckpoint(row: {
  size: number;
  root_hash: Buffer;
  note: string;
  created_at: string;
}): StoredCheckpoint {
  return { size: row.size, rootHash: row.root_hash, note: row.note, createdAt: row.created_at };
}

/**
 * Throws LogIntegrityError unless `note` is a checkpoint of this log, signed by its key, that the
 * current tree (size, root) extends.
 */
async function checkConsistentWith(
  label: string,
  note: string,
  head: Head,
  root: Buffer,
  verifier: NoteVerifier,
  source: NodeSource,
): Promise<void> {
  const refuse = (why: string) => new LogIntegrityError(`refusing to sign: ${label}: ${why}`);
  let text: string;
  try {
    text = openNote(note, [verifier]).text;
  } catch (err) {
    throw refuse(`signature does not verify (${(err as Error).message})`);
  }
  const cp = parseCheckpoint(text);
  if (cp.origin !== head.origin) throw refuse(`origin ${cp.origin} is not ${head.origin}`);
  if (cp.size > head.size) {
    throw refuse(`it covers ${cp.size} entries but the log has ${head.size} (truncated?)`);
  }
  if (cp.size === head.size) {
    if (!cp.rootHash.equals(root)) throw refuse(`same size ${cp.size}, different root (fork)`);
    return;
  }
  if (cp.size === 0) {
    if (!cp.rootHash.equals(emptyRoot())) throw refuse('size 0 with a non-empty root');
    return;
  }
  try {
    const proof = await consistencyProof(cp.size, head.size, source);
    verifyConsistency(cp.size, head.size, proof, cp.rootHash, root);
  } catch (err) {
    throw refuse(
      `the tree at size ${head.size} is not consistent with it (${(err as Error).message})`,
    );
  }
}
