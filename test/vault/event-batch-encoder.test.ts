import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { MAX_ENTRY_BYTES, encodeEntry } from '../../src/audit/audit-log.ts';
import { canonicalJsonString } from '../../src/audit/canonical-json.ts';
import { hashLeaf } from '../../src/audit/rfc6962.ts';
import { ACCESS_ACTIONS, type AccessAuditEntry } from '../../src/core/access-event.ts';
import { InputError } from '../../src/core/errors.ts';
import {
  accessEntryJson,
  accessEventJson,
  needsEscaping,
} from '../../src/vault/access-entry-json.ts';
import {
  EventBatchEncoder,
  LineSplitter,
  MAX_ENTRY_BYTES_LIMIT,
  entriesOf,
  parseEventLine,
} from '../../src/vault/event-batch-encoder.ts';
import { validateEvent } from '../../src/vault/event-validation.ts';
import {
  EVENT_ROW_VALUES,
  decodeIndexRows,
  type IndexRows,
} from '../../src/vault/encoded-index-rows.ts';
import type { EncodedEventBatch } from '../../src/vault/event-batch-encoder.ts';

/** A batch's index rows as arrays: events [audit_idx, ts, …, customers], refs [audit_idx, id]. */
function rowsOf(batch: EncodedEventBatch, first = 0): { events: unknown[][]; refs: unknown[][] } {
  const rows: IndexRows = decodeIndexRows(
    batch.indexText,
    batch.indexLengths,
    batch.entryCount,
    first,
  );
  const events: unknown[][] = [];
  for (let i = 0; i < rows.eventCount; i++) {
    events.push(rows.events.slice(i * EVENT_ROW_VALUES, (i + 1) * EVENT_ROW_VALUES));
  }
  const refs: unknown[][] = [];
  for (let i = 0; i < rows.refCount; i++) refs.push(rows.refs.slice(2 * i, 2 * i + 2));
  return { events, refs };
}

const PHONE = '13912345678';

function entry(extra: Partial<AccessAuditEntry> = {}): AccessAuditEntry {
  return {
    type: 'access',
    decision: 'allow',
    ts: '2025-03-01T09:15:00+08:00',
    actor: 'S1',
    action: 'view',
    customers: ['C1', 'C2'],
    source: 'core',
    ...extra,
  };
}

test('the encoder repeats the audit log entry limit', () => {
  assert.equal(MAX_ENTRY_BYTES_LIMIT, MAX_ENTRY_BYTES);
});

test('accessEntryJson is byte-identical to the generic canonical JSON', () => {
  const cases: AccessAuditEntry[] = [
    entry(),
    entry({ purpose: 'claims', role: 'agent', branch: 'SH01', outcome: 'call' }),
    entry({ customers: [] }),
    entry({ actor: '张三"\\\n\u0001\u007f\u2028', customers: ['客户/1', '\ud83d\ude00'] }),
    entry({ source: 'lone \ud800 surrogate', purpose: '\udfff' }),
    // Shapes the fast form does not write: the generic encoder answers (and still agrees).
    { ...entry(), reason: 'quota', fields: ['name'], export_id: 'X1' },
  ];
  for (const e of cases) assert.equal(accessEntryJson(e), canonicalJsonString(e));
  // What the generic encoder refuses, the fast one refuses too.
  assert.throws(() => accessEntryJson(entry({ purpose: undefined })), /undefined/);
});

test('property: accessEntryJson equals canonicalJsonString for any validated event', () => {
  const id = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 12 });
  const anyId = fc.oneof(id, fc.string({ unit: 'binary', minLength: 1, maxLength: 12 }));
  fc.assert(
    fc.property(
      fc.record(
        {
          actor: anyId,
          action: fc.constantFrom(...ACCESS_ACTIONS),
          customers: fc.array(anyId, { maxLength: 5 }),
          source: anyId,
          purpose: anyId,
          role: anyId,
          branch: anyId,
          outcome: anyId,
        },
        { requiredKeys: ['actor', 'action', 'customers', 'source'] },
      ),
      (fields) => {
        const event = validateEvent({ ts: '2025-03-01T09:15:00Z', ...fields });
        for (const e of entriesOf(event)) {
          assert.equal(accessEntryJson(e), canonicalJsonString(e));
          // The encoder's direct form, with the escaping test it uses (and its worst case).
          const all = [e.actor, e.source, e.purpose, e.role, e.branch, e.outcome, ...e.customers];
          const plain = !needsEscaping(all.join(''));
          assert.equal(accessEventJson(event, e.customers, plain), canonicalJsonString(e));
          assert.equal(accessEventJson(event, e.customers, false), canonicalJsonString(e));
        }
      },
    ),
    { numRuns: 500 },
  );
});

test('EventBatchEncoder: entries, hashes, rows, counts; full batches', () => {
  const encoder = new EventBatchEncoder({ file: 'f.jsonl', source: 'crm', batchSize: 2 });
  const a = {
    ts: '2025-03-01T09:15:00+08:00',
    actor: 'S1',
    action: 'view',
    customers: ['C1', 'C2', 'C1'],
    purpose: 'service',
    note: PHONE,
  };
  const b = { ts: '2025-03-01T23:30:00+08:00', actor: 'S2', action: 'export', customers: ['C9'] };
  assert.equal(encoder.add(a, 1), false);
  assert.equal(encoder.add(b, 2), true);
  const batch = encoder.take();
  assert.equal(batch.entryCount, 2);
  assert.equal(batch.eventCount, 2);
  assert.equal(batch.customers, 3);
  const expected = [a, b].map((v) => ({
    type: 'access' as const,
    decision: 'allow' as const,
    ...validateEvent(v, 'crm'),
  }));
  let start = 0;
  for (let i = 0; i < 2; i++) {
    const bytes = batch.bytes.subarray(start, batch.ends[i]);
    assert.deepEqual(bytes, encodeEntry(expected[i]));
    assert.ok(!bytes.toString().includes(PHONE));
    assert.deepEqual(batch.leafHashes.subarray(i * 32, i * 32 + 32), hashLeaf(bytes));
    start = batch.ends[i]!;
  }
  assert.equal(start, batch.bytes.length);
  const rows = rowsOf(batch, 40);
  assert.deepEqual(rows.events, [
    [40, '2025-03-01T01:15:00.000Z', 'S1', 'view', 'service', 'crm', null, null, null, 2],
    [41, '2025-03-01T15:30:00.000Z', 'S2', 'export', null, 'crm', null, null, null, 1],
  ]);
  assert.deepEqual(rows.refs, [
    [40, 'C1'],
    [40, 'C2'],
    [41, 'C9'],
  ]);
  // The next batch starts empty, positions from 0 again.
  const empty = encoder.take();
  assert.equal(empty.entryCount, 0);
  assert.equal(empty.indexText.length, 0);
  assert.equal(empty.indexLengths.length, 0);
  encoder.add(b, 3);
  assert.deepEqual(rowsOf(encoder.take()).refs, [[0, 'C9']]);
});

test('EventBatchEncoder: index times are the UTC instants Date gives, whatever the form', () => {
  const times = [
    '2025-03-01T09:15:07+08:00',
    '2025-03-01T09:15:59+08:00',
    '2025-03-01T09:16:00+05:45',
    '2025-03-01T00:00:01-09:30',
    '2024-12-31T23:59:59-01:00',
    '2025-03-01T09:15:07Z',
    '2025-03-01T09:15Z',
    '2025-03-01T09:15+08:00',
    '2025-03-01T09:15:00.1234Z',
    '2025-03-01T09:15:00.5+08:00',
    '2025-03-01T09:15:00.123456789-03:00',
  ];
  const encoder = new EventBatchEncoder({ file: 'f', batchSize: 100 });
  times.forEach((ts, i) =>
    encoder.add({ ...entry({ ts }), type: undefined, decision: undefined }, i),
  );
  const rows = rowsOf(encoder.take()).events;
  assert.deepEqual(
    rows.map((r) => r[1]),
    times.map((ts) => new Date(ts).toISOString()),
  );
});

test('EventBatchEncoder: a batch is ordered when no UTC time goes back, across batches too', () => {
  const encoder = new EventBatchEncoder({ file: 'f', batchSize: 100 });
  const add = (ts: string) =>
    encoder.add({ ...entry({ ts }), type: undefined, decision: undefined }, 1);
  // Same instant in two offsets, then later ones: still in order (ties are in order).
  add('2025-03-01T09:15:00+08:00');
  add('2025-03-01T01:15:00Z');
  add('2025-03-01T09:15:00.5+08:00');
  assert.equal(encoder.take().ordered, true);
  // Written earlier on the clock face, but later in UTC.
  add('2025-03-01T02:00:00-01:00');
  assert.equal(encoder.take().ordered, true);
  // Back in time within a batch.
  add('2025-03-01T04:00:00Z');
  add('2025-03-01T03:59:59Z');
  add('2025-03-01T05:00:00Z');
  assert.equal(encoder.take().ordered, false);
  // The next batch is compared with the last entry before it (05:00Z) …
  add('2025-03-01T05:00:00Z');
  assert.equal(encoder.take().ordered, true);
  // … also when only its first entry goes back.
  add('2025-03-01T12:59:59+08:00');
  add('2025-03-01T06:00:00Z');
  assert.equal(encoder.take().ordered, false);
  assert.equal(encoder.take().ordered, true, 'an empty batch');
});

test('EventBatchEncoder: a bulk event becomes several entries, counted as one event', () => {
  const encoder = new EventBatchEncoder({ file: 'f', batchSize: 100 });
  const customers = Array.from({ length: 12_000 }, (_, i) => `C${String(i).padStart(7, '0')}`);
  encoder.add({ ...entry(), type: undefined, decision: undefined, customers }, 1);
  const batch = encoder.take();
  assert.ok(batch.entryCount > 1);
  assert.equal(batch.eventCount, 1);
  assert.equal(batch.customers, 12_000);
  assert.equal(rowsOf(batch).refs.length, 12_000);
  let start = 0;
  for (const end of batch.ends) {
    assert.ok(end - start <= MAX_ENTRY_BYTES);
    start = end;
  }
});

test('EventBatchEncoder: problems name FILE:LINE and never the value', () => {
  const encoder = new EventBatchEncoder({ file: 'e.jsonl', batchSize: 10 });
  assert.throws(
    () => encoder.add({ ...entry(), ts: PHONE }, 7),
    (err: Error) =>
      err instanceof InputError &&
      err.message.startsWith('e.jsonl:7: "ts"') &&
      !err.message.includes(PHONE),
  );
  assert.throws(
    () => parseEventLine(`{"actor": ${PHONE}`, 3, 'e.jsonl'),
    (err: Error) => err.message === 'e.jsonl:3: not valid JSON',
  );
  assert.equal(parseEventLine('  ', 4, 'e.jsonl'), undefined);
  assert.deepEqual(parseEventLine('\ufeff{"a":1}', 1, 'e.jsonl'), { a: 1 });
});

test('LineSplitter: lines across chunks, CRLF, last line without a newline', () => {
  const seen: string[] = [];
  const s = new LineSplitter((text, line) => {
    seen.push(`${line}:${text}`);
    return text === 'full';
  });
  assert.equal(s.push('ab'), false);
  assert.equal(s.push('c\r\nfu'), false);
  assert.equal(s.push('ll\n\nx'), true);
  assert.equal(s.end(), false);
  assert.deepEqual(seen, ['1:abc', '2:full', '3:', '4:x']);
});

test('EventBatchEncoder: index rows keep any text, field boundaries and absent fields', () => {
  const odd = [
    '张三',
    'a"b\\c',
    '\u0000\u001f',
    '\ud83d\ude00',
    'x'.repeat(200),
    'tab\there',
    'end\ud83d', // a lone high surrogate before a field starting with a low one
  ];
  const encoder = new EventBatchEncoder({ file: 'f', batchSize: 100 });
  interface Ev {
    ts: string;
    actor: string;
    action: string;
    customers: string[];
    source: string;
    purpose?: string;
    role?: string;
    branch?: string;
    outcome?: string;
  }
  const events = odd.map((s, i): Ev => ({
    ts: '2025-03-01T09:15:00Z',
    actor: s,
    action: 'view',
    customers: [odd[(i + 1) % odd.length]!, '\ude00x', s],
    source: odd[(i + 2) % odd.length]!,
    ...(i % 2 === 0 ? { purpose: s, outcome: '\ude00' } : { role: s, branch: s }),
  }));
  events.forEach((e, i) => encoder.add(e, i + 1));
  // Every string comes back exactly, lone surrogates included (also one that pairs with the
  // start of the next field in the batch's text).
  const stored = (s: string | undefined) => (s === undefined ? null : s);
  const rows = rowsOf(encoder.take(), 7);
  assert.deepEqual(
    rows.events,
    events.map((e, i) => [
      7 + i,
      '2025-03-01T09:15:00.000Z',
      stored(e.actor),
      'view',
      stored(e.purpose),
      stored(e.source),
      stored(e.role),
      stored(e.branch),
      stored(e.outcome),
      new Set(e.customers).size,
    ]),
  );
  assert.deepEqual(
    rows.refs,
    events.flatMap((e, i) => [...new Set(e.customers)].map((c) => [7 + i, stored(c)])),
  );
});

test('decodeIndexRows refuses lengths that do not match the text', () => {
  const encoder = new EventBatchEncoder({ file: 'f', batchSize: 100 });
  encoder.add(
    { ts: '2025-03-01T09:15:00Z', actor: 'S1', action: 'view', customers: ['C1'], source: 's' },
    1,
  );
  const batch = encoder.take();
  const lengths = Int32Array.from(batch.indexLengths);
  lengths[1] = lengths[1]! + 1;
  assert.throws(
    () => decodeIndexRows(batch.indexText, lengths, batch.entryCount, 0),
    /do not match/,
  );
});
