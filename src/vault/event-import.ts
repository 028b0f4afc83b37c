/**
 * Import of access events reported by other systems (`piguard import events FILE`,
 * `POST /api/v1/events`; DESIGN §5.3, issue 4): every event is validated, then appended to the
 * audit log and indexed through {@link recordAccess} — the one write path — as an `access` entry
 * with decision `allow` (it happened).
 *
 * All or nothing: the whole import runs in ONE transaction, so a bad line anywhere (reported as
 * `FILE:LINE: problem`, exit 2) leaves the database exactly as it was. Events are written in large
 * batches inside that transaction: the audit log's sequencer, the index inserts and SQLite's
 * page cache all amortise best over tens of thousands of rows. On SQLite a bulk load that has the
 * database file to itself writes through a rollback journal instead of the WAL, so that its pages
 * are written once and nothing is left to checkpoint (event-import-journal.ts). Phase timings:
 * set PIGUARD_IMPORT_TIMINGS=1 (event-import-timings.ts).
 */
import type { ReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { StringDecoder } from 'node:string_decoder';
import { Worker } from 'node:worker_threads';
import { SqliteAdapter, sql, type Kysely } from 'kysely';
import type { AuditLog } from '../audit/audit-log.ts';
import { readTreeStart } from '../audit/encoded-append.ts';
import type { AccessAuditEntry } from '../core/access-event.ts';
import { InputError, PiguardError } from '../core/errors.ts';
import type { Schema } from '../store/schema.ts';
import { recordAccess } from './access-recorder.ts';
import { decodeIndexRows } from './encoded-index-rows.ts';
import { writeIndexRowsSqlite } from './encoded-index-writer.ts';
import {
  EventBatchEncoder,
  LineSplitter,
  entriesOf,
  parseEventLine,
  type EncodedEventBatch,
} from './event-batch-encoder.ts';
import {
  FLOW_SLOTS,
  FLOW_TREE_READY,
  FLOW_WRITTEN,
  type ImportTreeStartMessage,
  type ImportWorkerData,
  type ImportWorkerMessage,
} from './event-import-worker-protocol.ts';
import { EventProblem, validateEvent } from './event-validation.ts';
import { workerEntry } from '../core/worker-entry.ts';
import { ImportTimings } from './event-import-timings.ts';
import { withBulkJournal } from './event-import-journal.ts';

export { entriesOf } from './event-batch-encoder.ts';

/** Bytes read from the file per chunk. */
const READ_CHUNK = 1 << 20;

/** Events per recordAccess call (one audit batch). */
export const DEFAULT_EVENT_BATCH = 20_000;

/**
 * Files smaller than this are imported in this thread: starting a worker (a thread, its module
 * loader and the encoder's modules) costs more CPU than it saves on a few thousand events.
 */
export const WORKER_MIN_BYTES = 4 << 20;

/**
 * Batches the worker may encode ahead of the writer: enough that the writer never waits while
 * the worker is busy, few enough that memory stays small (a batch is ~10 MB of buffers and text).
 */
const WORKER_MAX_AHEAD = 3;

/**
 * Whether the worker extends the audit log's Merkle tree (its interior node hashes, ~1 µs per
 * entry) or the main thread does while it appends each batch. Measured per thread at full size
 * (18.9 M events, PIGUARD_IMPORT_TIMINGS): the worker spent 161 CPU-s (19.5 of them on the tree),
 * the writer ~100 CPU-s before the index rebuild and waited for the worker the rest of the time —
 * the worker is the bottleneck, so the tree moves to the writer's idle time.
 */
const WORKER_BUILDS_TREE = false;

/** The worker's young generation, in MiB (see importFileWithWorker). */
const WORKER_YOUNG_GENERATION_MB = 96;

/**
 * SQLite page cache for an import, in KiB. The index inserts (customer, actor and time indexes)
 * touch pages all over their B-trees; with SQLite's default 2 MiB cache they go back to the OS
 * for almost every row. 128 MiB measured ~20% faster on 300,000 events (bench/events.bench.ts).
 */
const SQLITE_IMPORT_CACHE_KIB = 131_072;

export interface ImportEventsOptions {
  /** Source to record for events that carry none (e.g. the API token's name). */
  source?: string;
  /** Name used in error locations (`FILE:LINE: problem`); default `events`. */
  file?: string;
  /** Events per audit batch. */
  batchSize?: number;
  /** Called after each batch with the number of events written so far. */
  onProgress?: (written: number) => void;
  /**
   * SQLite file imports only: parse, validate and encode on a worker thread while this thread
   * writes (`'auto'`, the default: for files of at least WORKER_MIN_BYTES). Standard input,
   * PostgreSQL and the in-memory entry points always work in this thread.
   */
  worker?: boolean | 'auto';
  /**
   * With the worker: drop the access index's secondary indexes for the import and rebuild them
   * at its end, inside the same transaction (`'auto'`, the default: when the file is expected to
   * hold at least as many events as the index already has, and ≥ 100,000). The time index is
   * dropped only once a batch goes back in time (see dropIndexes).
   */
  rebuildIndexes?: boolean | 'auto';
  /**
   * With the worker: write the import through a rollback journal instead of the WAL when no other
   * connection has the database open (event-import-journal.ts; `'auto'`, the default: when the
   * indexes are rebuilt, i.e. for bulk loads).
   */
  bulkJournal?: boolean | 'auto';
}

export interface ImportEventsResult {
  /** Events imported (an event too large for one audit entry is split and counted once). */
  events: number;
  /** Customer references indexed (after de-duplication within each event). */
  customers: number;
  /** Audit index of the first and last imported event (undefined when nothing was imported). */
  firstIndex: number | undefined;
  lastIndex: number | undefined;
}

/** One input item and where it came from (1-based line or array position). */
export interface LocatedValue {
  value: unknown;
  line: number;
}

async function* locate(
  events: Iterable<unknown> | AsyncIterable<unknown>,
): AsyncGenerator<LocatedValue> {
  let line = 0;
  for await (const value of events) yield { value, line: ++line };
}

/** Where an import's events go: validated per value ({@link add}), written per batch. */
interface EventSink {
  readonly result: ImportEventsResult;
  /** Validates one value; true when the batch is full and {@link flush} should run. */
  add(value: unknown, line: number): boolean;
  flush(): Promise<void>;
}

function emptyResult(): ImportEventsResult {
  return { events: 0, customers: 0, firstIndex: undefined, lastIndex: undefined };
}

/**
 * Writes one encoded batch (audit entries, then index rows) in `trx` and adds it to `result`.
 * SQLite only (the index rows are written by writeIndexRowsSqlite).
 */
async function writeEncoded(
  trx: Kysely<Schema>,
  log: AuditLog,
  batch: EncodedEventBatch,
  result: ImportEventsResult,
  timings?: ImportTimings,
): Promise<void> {
  if (batch.entryCount === 0) return;
  const first = await (timings
    ? timings.measure('audit append', () => log.appendEncodedInTransaction(trx, batch))
    : log.appendEncodedInTransaction(trx, batch));
  const rows = decodeIndexRows(batch.indexText, batch.indexLengths, batch.entryCount, first);
  await (timings
    ? timings.measure('index rows', () => writeIndexRowsSqlite(trx, rows))
    : writeIndexRowsSqlite(trx, rows));
  result.firstIndex ??= first;
  result.lastIndex = first + batch.entryCount - 1;
  result.events += batch.eventCount;
  result.customers += batch.customers;
}

/**
 * SQLite: events encoded in this thread by the same encoder the worker uses (pre-built canonical
 * JSON, leaf hashes and index rows), written by {@link writeEncoded}.
 */
class EncodedSink implements EventSink {
  readonly result = emptyResult();
  readonly #encoder: EventBatchEncoder;
  readonly #trx: Kysely<Schema>;
  readonly #log: AuditLog;
  readonly #onProgress: ((written: number) => void) | undefined;

  constructor(trx: Kysely<Schema>, log: AuditLog, options: ImportEventsOptions) {
    this.#trx = trx;
    this.#log = log;
    this.#onProgress = options.onProgress;
    this.#encoder = new EventBatchEncoder({
      file: options.file ?? 'events',
      source: options.source,
      batchSize: options.batchSize ?? DEFAULT_EVENT_BATCH,
    });
  }

  add(value: unknown, line: number): boolean {
    return this.#encoder.add(value, line);
  }

  async flush(): Promise<void> {
    if (this.#encoder.entries === 0) return;
    await writeEncoded(this.#trx, this.#log, this.#encoder.take(), this.result);
    this.#onProgress?.(this.result.events);
  }
}

/**
 * PostgreSQL (and any other engine): validated events collected as entry objects and written
 * through {@link recordAccess}, which canonicalises, appends and indexes them.
 */
class EntrySink implements EventSink {
  readonly result = emptyResult();
  #batch: AccessAuditEntry[] = [];
  #pending = 0;
  #customers = 0;
  readonly #trx: Kysely<Schema>;
  readonly #log: AuditLog;
  readonly #options: ImportEventsOptions;
  readonly #file: string;
  readonly #batchSize: number;

  constructor(trx: Kysely<Schema>, log: AuditLog, options: ImportEventsOptions) {
    this.#trx = trx;
    this.#log = log;
    this.#options = options;
    this.#file = options.file ?? 'events';
    this.#batchSize = options.batchSize ?? DEFAULT_EVENT_BATCH;
  }

  add(value: unknown, line: number): boolean {
    let event;
    try {
      event = validateEvent(value, this.#options.source);
    } catch (err) {
      if (err instanceof EventProblem)
        throw new InputError(err.message, { file: this.#file, line });
      throw err;
    }
    const customers = event.customers;
    this.#customers += customers.length === 1 ? 1 : new Set(customers).size;
    for (const entry of entriesOf(event)) this.#batch.push(entry);
    this.#pending++;
    return this.#batch.length >= this.#batchSize;
  }

  async flush(): Promise<void> {
    if (this.#batch.length === 0) return;
    const indexes = await recordAccess(this.#trx, this.#log, this.#batch);
    this.result.firstIndex ??= indexes[0];
    this.result.lastIndex = indexes[indexes.length - 1];
    this.result.events += this.#pending;
    this.result.customers += this.#customers;
    this.#pending = 0;
    this.#customers = 0;
    this.#batch = [];
    this.#options.onProgress?.(this.result.events);
  }
}

function isSqlite(db: Kysely<Schema>): boolean {
  return db.getExecutor().adapter instanceof SqliteAdapter;
}

function sinkFor(trx: Kysely<Schema>, log: AuditLog, options: ImportEventsOptions): EventSink {
  return isSqlite(trx) ? new EncodedSink(trx, log, options) : new EntrySink(trx, log, options);
}

/** Larger page cache for the import's transaction on SQLite (see SQLITE_IMPORT_CACHE_KIB). */
async function widenSqliteCache(db: Kysely<Schema>): Promise<void> {
  if (isSqlite(db)) {
    await sql.raw(`pragma cache_size = -${SQLITE_IMPORT_CACHE_KIB}`).execute(db);
  }
}

/**
 * Validates and imports located values in one transaction. Throws InputError (nothing kept) at
 * the first invalid one.
 *
 * @example
 * await importLocatedEvents(db, log, locateJsonLines(lines), { file: 'events.jsonl' });
 */
export async function importLocatedEvents(
  db: Kysely<Schema>,
  log: AuditLog,
  values: AsyncIterable<LocatedValue>,
  options: ImportEventsOptions = {},
): Promise<ImportEventsResult> {
  await widenSqliteCache(db);
  return db.transaction().execute(async (trx) => {
    const sink = sinkFor(trx, log, options);
    for await (const { value, line } of values) {
      if (sink.add(value, line)) await sink.flush();
    }
    await sink.flush();
    return sink.result;
  });
}

/**
 * Imports already-parsed events (the server's `POST /api/v1/events` body: a JSON array or the
 * parsed lines of a JSONL body) in one transaction. Error locations count events from 1.
 *
 * @example
 * const { events } = await importEvents(db, log, [{ ts: '2025-03-01T09:15:00+08:00',
 *   actor: 'S1', action: 'view', customers: ['C1'], source: 'core' }], { source: 'crm' });
 */
export function importEvents(
  db: Kysely<Schema>,
  log: AuditLog,
  events: Iterable<unknown> | AsyncIterable<unknown>,
  options: ImportEventsOptions = {},
): Promise<ImportEventsResult> {
  return importLocatedEvents(db, log, locate(events), options);
}

/**
 * Parses JSON lines (blank lines skipped) into located values; a line that is not JSON is an
 * InputError naming the file and line.
 *
 * @example
 * for await (const { value, line } of parseJsonLines(lines, 'events.jsonl')) { ... }
 */
export async function* parseJsonLines(
  lines: AsyncIterable<string> | Iterable<string>,
  file: string,
): AsyncGenerator<LocatedValue> {
  let line = 0;
  for await (const text of lines) {
    line++;
    const value = parseEventLine(text, line, file);
    if (value !== undefined) yield { value, line };
  }
}

/** Messages from the worker as an async sequence; a worker crash or early exit is an error. */
class WorkerMessages {
  readonly #queue: ImportWorkerMessage[] = [];
  #failure: Error | undefined;
  #wake: (() => void) | undefined;

  constructor(worker: Worker) {
    worker.on('message', (m: ImportWorkerMessage) => this.#push(m));
    worker.on('error', (err: Error) => this.#fail(err));
    worker.on('exit', (code) =>
      this.#fail(new PiguardError(`event import worker exited (${code})`)),
    );
  }

  #push(m: ImportWorkerMessage): void {
    this.#queue.push(m);
    this.#wake?.();
  }

  #fail(err: Error): void {
    this.#failure ??= err;
    this.#wake?.();
  }

  async next(): Promise<ImportWorkerMessage> {
    for (;;) {
      const m = this.#queue.shift();
      if (m) return m;
      if (this.#failure) throw this.#failure;
      await new Promise<void>((resolve) => (this.#wake = resolve));
      this.#wake = undefined;
    }
  }
}

/** Buffers arrive from the worker as plain typed arrays: view them as Buffers again. */
function asBuffer(u: Uint8Array): Buffer {
  return Buffer.from(u.buffer, u.byteOffset, u.byteLength);
}

/**
 * Bytes per event assumed when estimating a file's events from its size: generous (real lines
 * are ~150–250 bytes), so the estimate errs towards fewer events, i.e. towards keeping indexes.
 */
const ESTIMATE_BYTES_PER_EVENT = 400;

/** Helper threads of SQLite's sorter while the access indexes are rebuilt (one per other core). */
const SORTER_THREADS = Math.min(3, Math.max(0, availableParallelism() - 1));

/** Below this many (estimated) events an import never rebuilds indexes. */
const REBUILD_MIN_EVENTS = 100_000;

/** An index of the access tables, by name, with its exact CREATE statement. */
interface IndexDefinition {
  name: string;
  sql: string;
}

/** What {@link dropIndexes} did: indexes dropped for a rebuild, and the time index kept. */
interface IndexPlan {
  /** CREATE statements of the dropped indexes, for {@link recreateIndexes}. */
  dropped: string[];
  /** Indexes on access_events (ts) alone, kept while the batches arrive in time order. */
  timeOrdered: IndexDefinition[];
}

/**
 * SQLite, large imports: drops the secondary indexes of the access index tables inside the
 * import's transaction — except the index on `access_events (ts)` alone — and returns their exact
 * CREATE statements for {@link recreateIndexes}.
 *
 * Why: every event adds rows to the secondary B-trees ((actor, ts), (ts), customer_id) in random
 * key order; once those trees outgrow the page cache, nearly every insert reads and rewrites a
 * page. Rebuilding an index sorts its keys once and writes pages in order — 21% less CPU for
 * 200,000 events into an empty database, and far more at millions. It costs a sort of the rows
 * already there too, so it is only chosen when the import is at least as large as the table
 * (see shouldRebuildIndexes). It is all one transaction: a failure or crash rolls the drop back,
 * and in WAL mode other connections keep reading the committed snapshot with its indexes (an
 * import that had the file alone writes through a rollback journal instead, and nobody else
 * reads until it ends: event-import-journal.ts).
 *
 * The time index is the exception while events arrive in time order (they usually do): its
 * inserts then all land on the B-tree's right edge, as cheap as the table's own appends, and
 * they run while the writer would otherwise wait for the worker, whereas its rebuild is a sort
 * at the end, when nothing else runs (2,000,000 events: −0.4 to −0.9 s of the 4.5–6.5 s CPU
 * spent after the last batch, +0.4 s before it; keeping (actor, ts) as well cost +11 s). The first batch out of
 * order drops it too ({@link dropTimeIndexes}).
 */
async function dropIndexes(trx: Kysely<Schema>): Promise<IndexPlan> {
  const { rows } = await sql<IndexDefinition & { table: string; columns: string }>`
    select m.name, m.sql, m.tbl_name as "table",
      (select group_concat(i.name, ',') from pragma_index_info(m.name) i) as columns
    from sqlite_master m
    where m.type = 'index' and m.sql is not null
      and m.tbl_name in ('access_events', 'access_event_refs')
    order by m.name`.execute(trx);
  const plan: IndexPlan = { dropped: [], timeOrdered: [] };
  for (const r of rows) {
    if (r.table === 'access_events' && r.columns === 'ts') {
      plan.timeOrdered.push({ name: r.name, sql: r.sql });
      continue;
    }
    await dropIndex(trx, r.name);
    plan.dropped.push(r.sql);
  }
  return plan;
}

async function dropIndex(trx: Kysely<Schema>, name: string): Promise<void> {
  await sql.raw(`drop index "${name.replaceAll('"', '""')}"`).execute(trx);
}

/**
 * Drops the time indexes {@link dropIndexes} kept (a batch arrived out of time order, so its
 * inserts would land all over the tree) and adds them to the rebuild at the end.
 */
async function dropTimeIndexes(trx: Kysely<Schema>, plan: IndexPlan): Promise<void> {
  for (const index of plan.timeOrdered) {
    await dropIndex(trx, index.name);
    plan.dropped.push(index.sql);
  }
  plan.timeOrdered = [];
}

/** Re-creates indexes dropped by {@link dropIndexes}, from their original statements. */
async function recreateIndexes(
  trx: Kysely<Schema>,
  statements: readonly string[],
  timings?: ImportTimings,
): Promise<void> {
  if (statements.length === 0) return;
  // The rebuild is a sort of every key; by now the worker has finished, so SQLite's sorter may
  // use the other cores (it merges its sorted runs in helper threads; 0, its default, is none).
  await sql.raw(`pragma threads = ${SORTER_THREADS}`).execute(trx);
  try {
    for (const statement of statements) {
      const name = /index\s+"?([^"\s]+)/i.exec(statement)?.[1] ?? 'index';
      await (timings
        ? timings.measure(`rebuild ${name}`, () => sql.raw(statement).execute(trx))
        : sql.raw(statement).execute(trx));
    }
  } finally {
    await sql.raw('pragma threads = 0').execute(trx);
  }
}

/**
 * True when an import of a `bytes`-long file is expected to add at least as many events as the
 * index already holds (and enough to matter).
 */
async function shouldRebuildIndexes(db: Kysely<Schema>, bytes: number): Promise<boolean> {
  const estimated = Math.floor(bytes / ESTIMATE_BYTES_PER_EVENT);
  if (estimated < REBUILD_MIN_EVENTS) return false;
  // audit_idx is the rowid: min and max are two B-tree probes, unlike count(*).
  const { rows } = await sql<{ n: number | null }>`
    select max(audit_idx) - min(audit_idx) + 1 as n from access_events`.execute(db);
  return estimated >= Number(rows[0]?.n ?? 0);
}

/**
 * The file import with a worker thread (SQLite): the worker reads and encodes, this thread writes
 * each batch as it arrives, inside one transaction.
 */
async function importFileWithWorker(
  db: Kysely<Schema>,
  log: AuditLog,
  path: string,
  options: ImportEventsOptions & { file: string; bytes: number },
): Promise<ImportEventsResult> {
  const flow = new SharedArrayBuffer(4 * FLOW_SLOTS);
  const written = new Int32Array(flow);
  const workerData: ImportWorkerData = {
    path,
    file: options.file,
    source: options.source,
    batchSize: options.batchSize ?? DEFAULT_EVENT_BATCH,
    maxAhead: WORKER_MAX_AHEAD,
    buildTree: WORKER_BUILDS_TREE,
    flow,
  };
  // Started before BEGIN: its start-up overlaps with taking the write lock.
  const worker = new Worker(workerEntry(import.meta.url, 'event-import-worker'), {
    workerData,
    // A larger young generation: each event's parsed object, entry and strings die within the
    // batch, and fewer scavenges promote fewer of them (~10% of the worker's CPU measured).
    resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB },
  });
  const messages = new WorkerMessages(worker);
  const timings = ImportTimings.fromEnv('writer');
  let bodyDone = timings.start();
  try {
    await widenSqliteCache(db);
    // Decided before BEGIN, because the journal must be chosen outside a transaction. Another
    // writer may add events before the import's BEGIN: the rebuild is a cost estimate, not a rule.
    const rebuild =
      (options.rebuildIndexes ?? 'auto') === 'auto'
        ? await shouldRebuildIndexes(db, options.bytes)
        : options.rebuildIndexes === true;
    const bulkJournal = (options.bulkJournal ?? 'auto') === 'auto' ? rebuild : options.bulkJournal;
    const transaction = () =>
      db.transaction().execute(async (trx) => {
        const result = emptyResult();
        const plan: IndexPlan = rebuild
          ? await timings.measure('drop indexes', () => dropIndexes(trx))
          : { dropped: [], timeOrdered: [] };
        if (WORKER_BUILDS_TREE) {
          // The worker extends the Merkle tree itself (audit/batch-tree.ts) from where it stands
          // now: this transaction holds the write lock, so nobody else moves it.
          const start = await readTreeStart(trx, log.logId, log.nodeSource(trx));
          const treeStart: ImportTreeStartMessage = { kind: 'tree', ...start };
          worker.postMessage(treeStart);
          Atomics.store(written, FLOW_TREE_READY, 1);
          Atomics.notify(written, FLOW_TREE_READY);
        }
        for (;;) {
          const m = await timings.measure('wait for worker', () => messages.next());
          if (m.kind === 'done') {
            await recreateIndexes(trx, plan.dropped, timings);
            bodyDone = timings.start();
            return result;
          }
          if (m.kind === 'error') {
            throw m.input
              ? new InputError(m.problem, { file: options.file, line: m.line })
              : new PiguardError(`event import worker failed: ${m.problem}`);
          }
          const b = m.batch;
          if (!b.ordered && plan.timeOrdered.length > 0) await dropTimeIndexes(trx, plan);
          const tree = b.tree && {
            ...b.tree,
            rootBefore: asBuffer(b.tree.rootBefore),
            root: asBuffer(b.tree.root),
            nodeHashes: asBuffer(b.tree.nodeHashes),
          };
          await writeEncoded(
            trx,
            log,
            {
              ...b,
              bytes: asBuffer(b.bytes),
              leafHashes: asBuffer(b.leafHashes),
              indexText: asBuffer(b.indexText),
              ...(tree && { tree }),
            },
            result,
            timings,
          );
          Atomics.add(written, FLOW_WRITTEN, 1);
          Atomics.notify(written, FLOW_WRITTEN);
          options.onProgress?.(result.events);
        }
      });
    let outcome: ImportEventsResult;
    if (bulkJournal) {
      const run = await withBulkJournal(db, transaction);
      outcome = run.result;
      timings.end(run.rollbackJournal ? 'commit (rollback journal)' : 'commit (WAL)', bodyDone);
    } else {
      outcome = await transaction();
      timings.end('commit (WAL)', bodyDone);
    }
    return outcome;
  } finally {
    await worker.terminate();
    timings.report();
  }
}

/**
 * Imports a JSONL file of access events (`-` reads standard input).
 *
 * @example
 * const r = await importEventsFile(db, log, 'events.jsonl'); // r.events imported
 */
export async function importEventsFile(
  db: Kysely<Schema>,
  log: AuditLog,
  path: string,
  options: Omit<ImportEventsOptions, 'file'> = {},
): Promise<ImportEventsResult> {
  const name = path === '-' ? '<stdin>' : path;
  let input: NodeJS.ReadableStream;
  if (path === '-') {
    input = process.stdin;
  } else {
    let handle;
    let size: number;
    try {
      handle = await open(path, 'r');
      const stat = await handle.stat();
      if (stat.isDirectory()) throw Object.assign(new Error(), { code: 'EISDIR' });
      size = stat.size;
    } catch (err) {
      await handle?.close();
      const code = (err as NodeJS.ErrnoException).code ?? 'unreadable';
      throw new InputError(`cannot read (${code})`, { file: name });
    }
    const worker = options.worker ?? 'auto';
    if (isSqlite(db) && (worker === true || (worker === 'auto' && size >= WORKER_MIN_BYTES))) {
      await handle.close();
      return importFileWithWorker(db, log, path, { ...options, file: name, bytes: size });
    }
    input = handle.createReadStream({ highWaterMark: READ_CHUNK });
  }
  // Lines are split here, synchronously per chunk, rather than through readline and an async
  // generator per line: at 100,000 lines/s the per-line promise hops were a visible share.
  // The stream stays paused until iterated, so nothing is lost while BEGIN runs.
  const chunks = input[Symbol.asyncIterator]() as AsyncIterator<Buffer | string>;
  try {
    await widenSqliteCache(db);
    return await db.transaction().execute(async (trx) => {
      const sink = sinkFor(trx, log, { ...options, file: name });
      const lines = new LineSplitter((text, line) => {
        const value = parseEventLine(text, line, name);
        return value !== undefined && sink.add(value, line);
      });
      const decoder = new StringDecoder('utf8');
      for (;;) {
        const next = await chunks.next();
        if (next.done) break;
        const text = typeof next.value === 'string' ? next.value : decoder.write(next.value);
        if (lines.push(text)) await sink.flush();
      }
      lines.push(decoder.end());
      lines.end();
      await sink.flush();
      return sink.result;
    });
  } finally {
    await chunks.return?.();
    if (path !== '-') (input as ReadStream).destroy();
  }
}
