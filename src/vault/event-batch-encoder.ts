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
 * - the access index rows' fields as UTF-16 text back to back with their lengths (`indexText`,
 *   `indexLengths`; encoded-index-rows.ts), bound as parameters by the writer.
 *
 * Nothing here depends on kysely or the database (the worker loads only this module graph).
 */
import type { BatchTree } from '../audit/batch-tree.ts';
import { LeafHasher } from '../audit/rfc6962.ts';
import type { AccessAuditEntry, AccessEvent } from '../core/access-event.ts';
import { InputError } from '../core/errors.ts';
import { accessEventJson, needsEscaping } from './access-entry-json.ts';
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
   * Per entry: ts (UTC), actor, action, purpose, source, role, branch, outcome and its distinct
   * customer ids, as UTF-16LE back to back (absent fields write nothing).
   */
  indexText: Buffer;
  /** Where the fields of `indexText` end (layout in encoded-index-rows.ts). */
  indexLengths: Int32Array;
  /** Entries in the batch. */
  entryCount: number;
  /** Input events the batch completes (an event split into several entries counts once). */
  eventCount: number;
  /** Customer references (distinct within each event). */
  customers: number;
  /**
   * True when every entry's UTC time is at or after the previous entry's, the batch's first
   * compared with the previous batch's last: the importer then keeps the access index's time
   * index through a bulk import (in-order inserts append to its right edge) and drops it for a
   * rebuild at the first batch that is not.
   */
  ordered: boolean;
  /** The batch's Merkle tree part, when the encoder's caller computed it (the worker does). */
  tree?: BatchTree;
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
  const parts = customerParts(event.customers);
  if (parts.length === 1) return [toEntry(event)];
  return parts.map((customers) => toEntry({ ...event, customers }));
}

/**
 * The customers of one event split into the consecutive slices that each fit one audit entry
 * (see {@link entriesOf}); `[customers]` itself when they all fit (or there are none).
 */
function customerParts(customers: string[]): string[][] {
  let bytes = 0;
  for (const c of customers) bytes += c.length * 3 + 3;
  if (bytes <= CUSTOMER_BYTES_PER_ENTRY) return [customers];
  const out: string[][] = [];
  let part: string[] = [];
  bytes = 0;
  for (const c of customers) {
    const b = c.length * 3 + 3; // worst case UTF-8 plus quotes and comma
    if (bytes + b > CUSTOMER_BYTES_PER_ENTRY && part.length > 0) {
      out.push(part);
      part = [];
      bytes = 0;
    }
    part.push(c);
    bytes += b;
  }
  if (part.length > 0) out.push(part);
  return out;
}

/** The distinct ids of `list` in first-seen order (no Set for the usual few ids). */
function distinct(list: readonly string[]): readonly string[] {
  if (list.length <= 1) return list;
  if (list.length > 16) return [...new Set(list)];
  const out: string[] = [];
  for (const c of list) if (!out.includes(c)) out.push(c);
  return out.length === list.length ? list : out;
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

  /** Appends `text` as UTF-8 (or UTF-16LE); returns its byte length. */
  write(text: string, encoding: 'utf8' | 'utf16le' = 'utf8'): number {
    const at = this.#used;
    if (at + text.length * 3 > this.#buffer.length) {
      const grown = Buffer.allocUnsafeSlow(Math.max(this.#buffer.length * 2, at + text.length * 3));
      this.#buffer.copy(grown, 0, 0, at);
      this.#buffer = grown;
    }
    const n = this.#buffer.write(text, at, encoding);
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
  readonly #indexText: ByteWriter;
  #indexLengths: number[] = [];
  #events = 0;
  #customers = 0;
  /** UTC time of the last entry added (fixed-width ISO text: string order is time order). */
  #lastUtc = '';
  #ordered = true;

  constructor(options: { file: string; source?: string | undefined; batchSize: number }) {
    this.#file = options.file;
    this.#source = options.source;
    this.#batchSize = options.batchSize;
    this.#bytes = new ByteWriter(this.#batchSize * 320);
    this.#indexText = new ByteWriter(this.#batchSize * 240);
    this.#leaves = Buffer.allocUnsafeSlow(this.#batchSize * 32 + 32);
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
    const parts = customerParts(customers);
    const unique = distinct(customers);
    this.#customers += unique.length;
    this.#events++;
    const utc = this.#utc(event.ts);
    if (utc < this.#lastUtc) this.#ordered = false;
    this.#lastUtc = utc;
    if (parts.length === 1) {
      this.#addEntry(event, customers, unique, utc, line);
    } else {
      for (const part of parts) this.#addEntry(event, part, distinct(part), utc, line);
    }
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

  /** Adds the entry of `event` naming `customers` (`unique`: them, distinct). */
  #addEntry(
    event: AccessEvent,
    customers: readonly string[],
    unique: readonly string[],
    utc: string,
    line: number,
  ): void {
    const { actor, action, purpose, source, role, branch, outcome } = event;
    // The index row's fields back to back (written below); one escaping test over all of them
    // serves the entry's JSON too (ts and action never need escaping; duplicates are in unique).
    let text = utc + actor + action + (purpose ?? '') + source;
    text += (role ?? '') + (branch ?? '') + (outcome ?? '');
    for (const c of unique) text += c;
    const at = this.#bytes.used;
    const length = this.#bytes.write(accessEventJson(event, customers, !needsEscaping(text)));
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

    const lengths = this.#indexLengths;
    lengths.push(
      utc.length,
      actor.length,
      action.length,
      purpose === undefined ? -1 : purpose.length,
      source.length,
      role === undefined ? -1 : role.length,
      branch === undefined ? -1 : branch.length,
      outcome === undefined ? -1 : outcome.length,
      unique.length,
    );
    for (const c of unique) lengths.push(c.length);
    // One write per entry: each write is a call into C++, each field its own write was slower.
    this.#indexText.write(text, 'utf16le');
  }

  /**
   * The batch so far (possibly empty), and a fresh one started. The returned buffers are owned by
   * the caller (they may be transferred to another thread).
   */
  take(): EncodedEventBatch {
    const entryCount = this.#ends.length;
    const leafHashes = Buffer.allocUnsafeSlow(entryCount * 32);
    this.#leaves.copy(leafHashes, 0, 0, entryCount * 32);
    const batch: EncodedEventBatch = {
      bytes: this.#bytes.take(),
      ends: Uint32Array.from(this.#ends),
      leafHashes,
      indexText: this.#indexText.take(),
      indexLengths: Int32Array.from(this.#indexLengths),
      entryCount,
      eventCount: this.#events,
      customers: this.#customers,
      ordered: this.#ordered,
    };
    this.#ordered = true;
    this.#indexLengths = [];
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
