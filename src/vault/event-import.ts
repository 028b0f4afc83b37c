/**
 * Import of access events reported by other systems (`piguard import events FILE`,
 * `POST /api/v1/events`; DESIGN §5.3, issue 4): every event is validated, then appended to the
 * audit log and indexed through {@link recordAccess} — the one write path — as an `access` entry
 * with decision `allow` (it happened).
 *
 * All or nothing: the whole import runs in ONE transaction, so a bad line anywhere (reported as
 * `FILE:LINE: problem`, exit 2) leaves the database exactly as it was. Events are written in large
 * batches inside that transaction: the audit log's sequencer, the index inserts and SQLite's
 * page cache all amortise best over tens of thousands of rows.
 */
import type { ReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { StringDecoder } from 'node:string_decoder';
import { SqliteAdapter, sql, type Kysely } from 'kysely';
import type { AuditLog } from '../audit/audit-log.ts';
import type { AccessAuditEntry, AccessEvent } from '../core/access-event.ts';
import { InputError } from '../core/errors.ts';
import type { Schema } from '../store/schema.ts';
import { recordAccess } from './access-recorder.ts';
import { EventProblem, validateEvent } from './event-validation.ts';

/** Bytes read from the file per chunk. */
const READ_CHUNK = 1 << 20;

/** Events per recordAccess call (one audit batch). */
export const DEFAULT_EVENT_BATCH = 20_000;

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

/** Bytes of customer ids per audit entry: with the other fields, well under the 64 KiB limit. */
const CUSTOMER_BYTES_PER_ENTRY = 48_000;

function toEntry(event: AccessEvent): AccessAuditEntry {
  return { type: 'access', decision: 'allow', ...event };
}

/**
 * The audit entries of one event: one, or — for an event naming more customers than fit one
 * entry (a bulk export) — several with the same time, actor, action and fields, each carrying a
 * consecutive slice of the customers.
 *
 * @example
 * entriesOf({ ...event, customers: hugeList }).length // > 1
 */
export function entriesOf(event: AccessEvent): AccessAuditEntry[] {
  let bytes = 0;
  for (const c of event.customers) bytes += c.length * 3 + 3;
  if (bytes <= CUSTOMER_BYTES_PER_ENTRY) return [toEntry(event)];
  const out: AccessAuditEntry[] = [];
  let part: string[] = [];
  bytes = 0;
  for (const c of event.customers) {
    const b = c.length * 3 + 3; // worst case UTF-8 plus quotes and comma
    if (bytes + b > CUSTOMER_BYTES_PER_ENTRY && part.length > 0) {
      out.push(toEntry({ ...event, customers: part }));
      part = [];
      bytes = 0;
    }
    part.push(c);
    bytes += b;
  }
  if (part.length > 0) out.push(toEntry({ ...event, customers: part }));
  return out;
}

async function* locate(
  events: Iterable<unknown> | AsyncIterable<unknown>,
): AsyncGenerator<LocatedValue> {
  let line = 0;
  for await (const value of events) yield { value, line: ++line };
}

/**
 * Collects validated events into audit batches inside one transaction and writes each full batch
 * through {@link recordAccess}. Synchronous per event ({@link add}); only a flush awaits.
 */
class EventBatcher {
  readonly result: ImportEventsResult = {
    events: 0,
    customers: 0,
    firstIndex: undefined,
    lastIndex: undefined,
  };
  #batch: AccessAuditEntry[] = [];
  #pending = 0;
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

  /** Validates one value; true when the batch is full and {@link flush} should run. */
  add(value: unknown, line: number): boolean {
    let event: AccessEvent;
    try {
      event = validateEvent(value, this.#options.source);
    } catch (err) {
      if (err instanceof EventProblem)
        throw new InputError(err.message, { file: this.#file, line });
      throw err;
    }
    const customers = event.customers;
    this.result.customers += customers.length === 1 ? 1 : new Set(customers).size;
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
    this.#pending = 0;
    this.#batch = [];
    this.#options.onProgress?.(this.result.events);
  }
}

/** Larger page cache for the import's transaction on SQLite (see SQLITE_IMPORT_CACHE_KIB). */
async function widenSqliteCache(db: Kysely<Schema>): Promise<void> {
  if (db.getExecutor().adapter instanceof SqliteAdapter) {
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
    const batcher = new EventBatcher(trx, log, options);
    for await (const { value, line } of values) {
      if (batcher.add(value, line)) await batcher.flush();
    }
    await batcher.flush();
    return batcher.result;
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
 * Parses one JSON line (1-based `line`); undefined for a blank line. A UTF-8 byte-order mark on
 * the first line is an artefact of Windows editors, not data.
 */
function parseLine(text: string, line: number, file: string): unknown {
  const body = line === 1 && text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (body.trim() === '') return undefined;
  try {
    return JSON.parse(body) as unknown;
  } catch {
    throw new InputError('not valid JSON', { file, line });
  }
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
    const value = parseLine(text, line, file);
    if (value !== undefined) yield { value, line };
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
    try {
      handle = await open(path, 'r');
      if ((await handle.stat()).isDirectory()) throw Object.assign(new Error(), { code: 'EISDIR' });
    } catch (err) {
      await handle?.close();
      const code = (err as NodeJS.ErrnoException).code ?? 'unreadable';
      throw new InputError(`cannot read (${code})`, { file: name });
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
      const batcher = new EventBatcher(trx, log, { ...options, file: name });
      const decoder = new StringDecoder('utf8');
      let rest = '';
      let line = 0;
      const take = (text: string): boolean => {
        line++;
        const value = parseLine(text.endsWith('\r') ? text.slice(0, -1) : text, line, name);
        return value !== undefined && batcher.add(value, line);
      };
      for (;;) {
        const next = await chunks.next();
        if (next.done) break;
        const text =
          rest + (typeof next.value === 'string' ? next.value : decoder.write(next.value));
        let at = 0;
        let full = false;
        for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', at)) {
          if (take(text.slice(at, nl))) full = true;
          at = nl + 1;
        }
        rest = text.slice(at);
        if (full) await batcher.flush();
      }
      rest += decoder.end();
      if (rest !== '') take(rest);
      await batcher.flush();
      return batcher.result;
    });
  } finally {
    await chunks.return?.();
    if (path !== '-') (input as ReadStream).destroy();
  }
}
