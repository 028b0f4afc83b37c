/**
 * Everything the event import does per event before touching the database — JSON line parsing,
 * validation, splitting of bulk events, canonical JSON, leaf hashing, and the index rows — done
 * into one compact batch (issue 4/5: `import events` ≥ 100,000 events/s on SQLite).
 *
 * Why a separate step: none of it needs the database, so it can run on a worker thread while the
 * main thread writes the previous batch (event-import-worker-main.ts); the batch is a few
 * transferable buffers and two strings, so handing it over costs next to nothing. The same
 * encoder runs in-process for standard input, the HTTP route and small files, so both paths
 * produce identical entries and rows.
 *
 * A batch carries:
 * - the entries' canonical JSON back to back (`bytes`, `ends`), byte-identical to
 *   `encodeEntry(entry)` (access-entry-json.ts);
 * - their RFC 6962 leaf hashes (`leafHashes`, 32 bytes each), so the audit log only extends
 *   the tree;
 * - the access index rows as JSON text in UTF-8 (`eventRows`, `refRows`), positions relative
 *   to the batch's first entry, unpacked by SQLite's json_each (access-recorder.ts).
 *
 * Nothing here depends on kysely or the database (the worker loads only this module graph).
 */
import { LeafHasher } from '../audit/rfc6962.ts';
import type { AccessAuditEntry, AccessEvent } from '../core/access-event.ts';
import { InputError } from '../core/errors.ts';
import { accessEntryJson } from './access-entry-json.ts';
import { EventProblem, validateEvent } from './event-validation.ts';

/**
 * Largest audit entry: equals MAX_ENTRY_BYTES of audit/audit-log.ts (a test checks), repeated
 * here so that the worker does not load the log's database code.
 */
export const MAX_ENTRY_BYTES_LIMIT = 65_535;

/** Bytes of customer ids per audit entry: with the other fields, well under the 64 KiB limit. */
const CUSTOMER_BYTES_PER_ENTRY = 48_000;

/** One encoded batch (see the module comment). */
export interface EncodedEventBatch {
  /** Canonical JSON of every entry, back to back. */
  bytes: Buffer;
  /** End offset in `bytes` of each entry (entry i is bytes[ends[i-1] ?? 0, ends[i])). */
  ends: Uint32Array;
  /** SHA-256(0x00 || entry) of each entry, 32 bytes each. */
  leafHashes: Buffer;
  /**
   * JSON array as UTF-8, one `[ts (UTC), actor, action, purpose, source, role, branch, outcome,
   * customers]` per entry, in entry order.
   */
  eventRows: Buffer;
  /** JSON array as UTF-8 of `[entry position in the batch, customer id]`, distinct per entry. */
  refRows: Buffer;
  /** Entries in the batch. */
  entryCount: number;
  /** Input events the batch completes (an event split into several entries counts once). */
  eventCount: number;
  /** Customer references (distinct within each event). */
  customers: number;
}

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

/**
 * Parses one JSON line (1-based `line`); undefined for a blank line. A UTF-8 byte-order mark on
 * the first line is an artefact of Windows editors, not data. A line that is not JSON is an
 * InputError naming the file and line.
 *
 * @example
 * parseEventLine('{"ts":…}', 3, 'events.jsonl') // the parsed object
 */
export function parseEventLine(text: string, line: number, file: string): unknown {
  const body = line === 1 && text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (body.trim() === '') return undefined;
  try {
    return JSON.parse(body) as unknown;
  } catch {
    throw new InputError('not valid JSON', { file, line });
  }
}

/** JSON string literal, without JSON.stringify's call for the common plain id. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const NEEDS_ESCAPING = /["\\\u0000-\u001f\ud800-\udfff]/;
function quote(s: string): string {
  return NEEDS_ESCAPING.test(s) ? JSON.stringify(s) : `"${s}"`;
}
function quoteOrNull(s: string | undefined): string {
  return s === undefined ? 'null' : quote(s);
}

/**
 * A growable byte buffer that strings are written into as UTF-8 at once: the batch's text then
 * never exists as JavaScript strings that survive until the batch is taken (20,000 events' worth
 * of retained rope strings made the collector the encoder's largest cost).
 */
class ByteWriter {
  #buffer: Buffer;
  #used = 0;

  constructor(capacity: number) {
    this.#buffer = Buffer.allocUnsafeSlow(capacity);
  }

  get used(): number {
    return this.#used;
  }

  /** Appends `text` as UTF-8; returns its byte length. */
  write(text: string): number {
    const at = this.#used;
    if (at + text.length * 3 > this.#buffer.length) {
      const grown = Buffer.allocUnsafeSlow(Math.max(this.#buffer.length * 2, at + text.length * 3));
      this.#buffer.copy(grown, 0, 0, at);
      this.#buffer = grown;
    }
    const n = this.#buffer.write(text, at, 'utf8');
    this.#used = at + n;
    return n;
  }

  /** The bytes written since `from`, as a view (valid until the next write). */
  view(from: number): Buffer {
    return this.#buffer.subarray(from, this.#used);
  }

  /** A copy of everything written (an own ArrayBuffer, transferable), and a reset. */
  take(): Buffer {
    const out = Buffer.allocUnsafeSlow(this.#used);
    this.#buffer.copy(out, 0, 0, this.#used);
    this.#used = 0;
    return out;
  }
}

/**
 * Validates values and encodes them into batches.
 *
 * @example
 * const encoder = new EventBatchEncoder({ file: 'events.jsonl' });
 * if (encoder.add(JSON.parse(line), lineNo)) write(encoder.take());
 * write(encoder.take()); // the rest (entryCount 0 when empty)
 */
export class EventBatchEncoder {
  readonly #file: string;
  readonly #source: string | undefined;
  readonly #batchSize: number;
  readonly #hasher = new LeafHasher(MAX_ENTRY_BYTES_LIMIT);
  readonly #bytes: ByteWriter;
  #ends: number[] = [];
  #leaves: Buffer;
  readonly #eventRows: ByteWriter;
  readonly #refRows: ByteWriter;
  #events = 0;
  #customers = 0;

  constructor(options: { file: string; source?: string | undefined; batchSize: number }) {
    this.#file = options.file;
    this.#source = options.source;
    this.#batchSize = options.batchSize;
    this.#bytes = new ByteWriter(this.#batchSize * 320);
    this.#eventRows = new ByteWriter(this.#batchSize * 100);
    this.#refRows = new ByteWriter(this.#batchSize * 40);
    this.#leaves = Buffer.allocUnsafeSlow(this.#batchSize * 32 + 32);
    this.#eventRows.write('[');
    this.#refRows.write('[');
  }

  /** Entries in the current batch. */
  get entries(): number {
    return this.#ends.length;
  }

  /**
   * Validates one value (from input line or position `line`) and adds its entries; true when the
   * batch is full and should be taken. Throws InputError `FILE:LINE: problem` for a bad event.
   */
  add(value: unknown, line: number): boolean {
    let event: AccessEvent;
    try {
      event = validateEvent(value, this.#source);
    } catch (err) {
      if (err instanceof EventProblem)
        throw new InputError(err.message, { file: this.#file, line });
      throw err;
    }
    const customers = event.customers;
    this.#customers += customers.length === 1 ? 1 : new Set(customers).size;
    this.#events++;
    const utc = this.#utc(event.ts);
    for (const entry of entriesOf(event)) this.#addEntry(entry, utc, line);
    return this.#ends.length >= this.#batchSize;
  }

  /** Last minute converted by #utc: its `YYYY-MM-DDTHH:MM` + offset, and its UTC form. */
  #minuteKey = '';
  #minuteUtc = '';

  /**
   * The UTC instant of a validated time, as `new Date(ts).toISOString()` gives it. Events come
   * in time order, so for the common `…THH:MM:SS±hh:mm` form the UTC minute is computed once per
   * minute and offset and the seconds appended (an offset shifts whole minutes only).
   */
  #utc(ts: string): string {
    const sign = ts.charCodeAt(19);
    const plain =
      (ts.length === 25 && (sign === 43 /* + */ || sign === 45)) /* - */ ||
      (ts.length === 20 && sign === 90); /* Z */
    if (!plain || ts.charCodeAt(16) !== 58 /* : */) return new Date(ts).toISOString();
    const key = ts.slice(0, 16) + ts.slice(19);
    if (key !== this.#minuteKey) {
      this.#minuteKey = key;
      this.#minuteUtc = new Date(`${ts.slice(0, 16)}:00${ts.slice(19)}`).toISOString().slice(0, 16);
    }
    return `${this.#minuteUtc}:${ts.slice(17, 19)}.000Z`;
  }

  #addEntry(entry: AccessAuditEntry, utc: string, line: number): void {
    const at = this.#bytes.used;
    const length = this.#bytes.write(accessEntryJson(entry));
    if (length > MAX_ENTRY_BYTES_LIMIT) {
      throw new InputError(
        `audit entry is ${length} bytes; the limit is ${MAX_ENTRY_BYTES_LIMIT} (tlog-tiles entry bundles use uint16 lengths)`,
        { file: this.#file, line },
      );
    }
    const position = this.#ends.length;
    if ((position + 1) * 32 > this.#leaves.length) {
      const grown = Buffer.allocUnsafeSlow(this.#leaves.length * 2);
      this.#leaves.copy(grown);
      this.#leaves = grown;
    }
    this.#hasher.hash(this.#bytes.view(at)).copy(this.#leaves, position * 32);
    this.#ends.push(at + length);

    const customers = entry.customers;
    const unique = customers.length === 1 ? customers : [...new Set(customers)];
    this.#eventRows.write(
      (position > 0 ? ',["' : '["') +
        `${utc}",${quote(entry.actor)},"${entry.action}",${quoteOrNull(entry.purpose)},` +
        `${quote(entry.source)},${quoteOrNull(entry.role)},${quoteOrNull(entry.branch)},` +
        `${quoteOrNull(entry.outcome)},${unique.length}]`,
    );
    for (const c of unique) {
      this.#refRows.write((this.#refRows.used > 1 ? ',[' : '[') + `${position},${quote(c)}]`);
    }
  }

  /**
   * The batch so far (possibly empty), and a fresh one started. The returned buffers are owned by
   * the caller (they may be transferred to another thread).
   */
  take(): EncodedEventBatch {
    const entryCount = this.#ends.length;
    const leafHashes = Buffer.allocUnsafeSlow(entryCount * 32);
    this.#leaves.copy(leafHashes, 0, 0, entryCount * 32);
    this.#eventRows.write(']');
    this.#refRows.write(']');
    const batch: EncodedEventBatch = {
      bytes: this.#bytes.take(),
      ends: Uint32Array.from(this.#ends),
      leafHashes,
      eventRows: this.#eventRows.take(),
      refRows: this.#refRows.take(),
      entryCount,
      eventCount: this.#events,
      customers: this.#customers,
    };
    this.#eventRows.write('[');
    this.#refRows.write('[');
    this.#ends = [];
    this.#events = 0;
    this.#customers = 0;
    return batch;
  }
}

/**
 * Splits text into lines (`\n`, with a trailing `\r` dropped) across chunk boundaries and hands
 * each, numbered from 1, to `take`; `take` returns true when a batch is full, which `push`
 * reports after the chunk.
 *
 * @example
 * const lines = new LineSplitter((text, line) => encoder.add(parseEventLine(text, line, f), line));
 * if (lines.push(chunk)) flush();
 * lines.end();
 */
export class LineSplitter {
  readonly #take: (text: string, line: number) => boolean;
  #rest = '';
  #line = 0;

  constructor(take: (text: string, line: number) => boolean) {
    this.#take = take;
  }

  /** Feeds one chunk of text; true when some line filled a batch. */
  push(chunk: string): boolean {
    const text = this.#rest + chunk;
    let at = 0;
    let full = false;
    for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', at)) {
      if (this.#emit(text.slice(at, nl))) full = true;
      at = nl + 1;
    }
    this.#rest = text.slice(at);
    return full;
  }

  /** Feeds the last, unterminated line if any. */
  end(): boolean {
    const rest = this.#rest;
    this.#rest = '';
    return rest !== '' && this.#emit(rest);
  }

  #emit(text: string): boolean {
    return this.#take(text.endsWith('\r') ? text.slice(0, -1) : text, ++this.#line);
  }
}
