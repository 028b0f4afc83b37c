/**
 * The access-index rows of an encoded import batch (event-batch-encoder.ts) as the worker ships
 * them, and how the writer unpacks them: every field's text back to back in one UTF-16LE buffer and
 * a list of lengths saying where each field ends — no quoting, escaping or JSON.
 *
 * Why not JSON unpacked by SQLite's json_each (the former format): json_each renders each row
 * array back to text and every `value->>N` parses it again, ~3.9 µs per access_events row against
 * ~2.2 µs for the same row bound as parameters (200,000 rows, same run). Decoding here is one
 * `toString` per batch and a slice per field.
 *
 * Layout of `lengths`, per entry in order: the lengths in UTF-16 code units of ts (UTC), actor,
 * action, purpose, source, role, branch and outcome (-1 for an absent optional field), then the
 * number k of distinct customers, then the k customer ids' lengths. `text` holds the same fields
 * in the same order. UTF-16LE rather than UTF-8 so that every string comes back exactly as
 * parsed, lone surrogates included (UTF-8 would turn them into U+FFFD, while better-sqlite3 stores
 * a bound string's lone surrogate as its 3-byte form, as recordAccess does).
 *
 * Nothing here depends on the database (the worker loads this module).
 */

/** Fields per entry before the customer count: ts, actor, action, purpose, source, role, branch, outcome. */
export const INDEX_FIELDS = 8;

/**
 * The index rows of a batch whose first entry has audit index `first`: `events` holds 10 values
 * per access_events row (audit_idx, ts, actor, action, purpose, source, role, branch, outcome,
 * customers), `refs` 2 per access_event_refs row (audit_idx, customer_id).
 */
export interface IndexRows {
  events: Array<string | number | null>;
  refs: Array<string | number>;
  /** Number of access_events rows (events.length / 10). */
  eventCount: number;
  /** Number of access_event_refs rows (refs.length / 2). */
  refCount: number;
}

/** Values per access_events row in {@link IndexRows.events}. */
export const EVENT_ROW_VALUES = 10;

/**
 * Unpacks a batch's index rows (see the module comment) for entries numbered from `first`.
 * Throws TypeError when the lengths do not match the text (a corrupt batch).
 *
 * @example
 * const { events, refs } = decodeIndexRows(batch.indexText, batch.indexLengths, batch.entryCount, 41);
 * // events.slice(0, 10): [41, '2025-03-01T01:15:00.000Z', 'S1', 'view', 'service', 'crm', null, null, null, 2]
 */
export function decodeIndexRows(
  indexText: Uint8Array,
  lengths: Int32Array,
  entryCount: number,
  first: number,
): IndexRows {
  const text = Buffer.from(indexText.buffer, indexText.byteOffset, indexText.byteLength).toString(
    'utf16le',
  );
  const events = new Array<string | number | null>(entryCount * EVENT_ROW_VALUES);
  const refs: Array<string | number> = [];
  let at = 0; // position in text
  let li = 0; // position in lengths
  let ei = 0; // position in events
  for (let position = 0; position < entryCount; position++) {
    const idx = first + position;
    events[ei++] = idx;
    for (let f = 0; f < INDEX_FIELDS; f++) {
      const n = lengths[li++]!;
      if (n < 0) {
        events[ei++] = null;
      } else {
        events[ei++] = text.slice(at, at + n);
        at += n;
      }
    }
    const k = lengths[li++]!;
    events[ei++] = k;
    for (let c = 0; c < k; c++) {
      const n = lengths[li++]!;
      refs.push(idx, text.slice(at, at + n));
      at += n;
    }
  }
  if (li !== lengths.length || at !== text.length) {
    throw new TypeError('encoded index rows: lengths do not match the text');
  }
  return { events, refs, eventCount: entryCount, refCount: refs.length / 2 };
}
