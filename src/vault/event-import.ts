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
import { createInterface } from 'node:readline';
import { SqliteAdapter, sql, type Kysely } from 'kysely';
import type { AuditLog } from '../audit/audit-log.ts';
import type { AccessAuditEntry, AccessEvent } from '../core/access-event.ts';
import { InputError } from '../core/errors.ts';
import type { Schema } from '../store/schema.ts';
import { recordAccess } from './access-recorder.ts';
import { EventProblem, validateEvent } from './event-validation.ts';

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
  const file = options.file ?? 'events';
  const batchSize = options.batchSize ?? DEFAULT_EVENT_BATCH;
  if (db.getExecutor().adapter instanceof SqliteAdapter) {
    await sql.raw(`pragma cache_size = -${SQLITE_IMPORT_CACHE_KIB}`).execute(db);
  }
  return db.transaction().execute(async (trx) => {
    const result: ImportEventsResult = {
      events: 0,
      customers: 0,
      firstIndex: undefined,
      lastIndex: undefined,
    };
    let batch: AccessAuditEntry[] = [];
    let pending = 0;
    const flush = async () => {
      if (batch.length === 0) return;
      const indexes = await recordAccess(trx, log, batch);
      result.firstIndex ??= indexes[0];
      result.lastIndex = indexes[indexes.length - 1];
      result.events += pending;
      pending = 0;
      batch = [];
      options.onProgress?.(result.events);
    };
    for await (const { value, line } of values) {
      let event: AccessEvent;
      try {
        event = validateEvent(value, options.source);
      } catch (err) {
        if (err instanceof EventProblem) throw new InputError(err.message, { file, line });
        throw err;
      }
      result.customers += new Set(event.customers).size;
      for (const entry of entriesOf(event)) batch.push(entry);
      pending++;
      if (batch.length >= batchSize) await flush();
    }
    await flush();
    return result;
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
    // A UTF-8 byte-order mark on the first line is an artefact of Windows editors, not data.
    const body = line === 1 && text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
    if (body.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(body);
    } catch {
      throw new InputError('not valid JSON', { file, line });
    }
    yield { value, line };
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
    input = handle.createReadStream();
  }
  const lines = createInterface({ input, crlfDelay: Infinity });
  // Take the iterator NOW: readline emits lines as soon as the stream flows, and lines emitted
  // before an iterator exists are lost (on PostgreSQL, BEGIN takes a round trip first).
  const iterator = lines[Symbol.asyncIterator]();
  const buffered: AsyncIterable<string> = { [Symbol.asyncIterator]: () => iterator };
  try {
    return await importLocatedEvents(db, log, parseJsonLines(buffered, name), {
      ...options,
      file: name,
    });
  } finally {
    lines.close();
    if (path !== '-') (input as ReadStream).destroy();
  }
}
