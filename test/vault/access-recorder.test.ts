/**
 * The access write path's fast forms: the gateway entry encoder must write exactly the generic
 * canonical JSON (the audit leaf), and the SQLite index rows written with bound per-batch
 * constants must be the rows the entries describe, whatever varies within a batch.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { AuditLog, encodeEntry } from '../../src/audit/audit-log.ts';
import { canonicalJsonString } from '../../src/audit/canonical-json.ts';
import { createLog } from '../../src/audit/log-signer.ts';
import { ACCESS_ACTIONS, type AccessAuditEntry } from '../../src/core/access-event.ts';
import { indexAccess, recordAccess, utcInstant } from '../../src/vault/access-recorder.ts';
import {
  gatewayEntriesJson,
  gatewayEntryJson,
} from '../../src/vault/gateway/gateway-entry-json.ts';
import { describeEachEngine, type TestDatabase } from '../helpers/databases.ts';

function entry(extra: Partial<AccessAuditEntry> = {}): AccessAuditEntry {
  return {
    type: 'access',
    ts: '2026-11-29T10:00:00.000Z',
    actor: 'K1',
    action: 'view',
    customers: ['C1'],
    purpose: 'customer_service',
    source: 'gateway',
    role: 'call_centre',
    branch: '上海分公司',
    decision: 'allow',
    fields: ['customer_id', 'name', 'phone'],
    ...extra,
  };
}

test('gatewayEntryJson is byte-identical to the generic canonical JSON', () => {
  const fields = ['customer_id', 'name'];
  const cases: AccessAuditEntry[] = [
    entry(),
    entry({ fields }),
    entry({ decision: 'deny', reason: 'out-of-scope', fields: undefined, customers: [] }),
    entry({ role: undefined, branch: undefined, fields: undefined, decision: 'deny' }),
    entry({ actor: '张三"\\\n\u0001\u007f\u2028', customers: ['客户/1', '\ud83d\ude00'] }),
    entry({ purpose: 'lone \ud800 surrogate', reason: '\udfff', fields: ['a"b'] }),
    entry({ outcome: 'call_logged', action: 'search' }),
    // Shapes written by the generic encoder (numbers, export ids): the answers still agree.
    { ...entry(), export_id: 'X1', rows: 3 } as AccessAuditEntry,
  ];
  for (const e of cases) {
    for (const k of Object.keys(e)) {
      if ((e as unknown as Record<string, unknown>)[k] === undefined) {
        delete (e as unknown as Record<string, unknown>)[k];
      }
    }
    assert.equal(gatewayEntryJson(e), canonicalJsonString(e));
  }
  assert.deepEqual(
    gatewayEntriesJson(cases),
    cases.map((e) => canonicalJsonString(e)),
  );
  // What the generic encoder refuses, the direct one refuses too (undefined values, holes).
  assert.throws(() => gatewayEntryJson(entry({ purpose: undefined })), /undefined/);
  const holed = entry();
  holed.customers = new Array<string>(2);
  assert.throws(() => gatewayEntryJson(holed));
});

test('property: gatewayEntriesJson equals canonicalJsonString for gateway-shaped entries', () => {
  const text = fc.oneof(
    fc.string({ unit: 'grapheme', maxLength: 12 }),
    fc.string({ unit: 'binary', maxLength: 12 }),
  );
  const shape = fc.record(
    {
      ts: text,
      actor: text,
      action: fc.constantFrom(...ACCESS_ACTIONS),
      customers: fc.array(text, { maxLength: 4 }),
      purpose: text,
      source: text,
      role: text,
      branch: text,
      decision: fc.constantFrom('allow' as const, 'deny' as const),
      reason: text,
      outcome: text,
      fields: fc.array(text, { maxLength: 5 }),
    },
    { requiredKeys: ['ts', 'actor', 'action', 'customers', 'source', 'decision'] },
  );
  fc.assert(
    fc.property(fc.array(shape, { minLength: 1, maxLength: 6 }), fc.boolean(), (shapes, share) => {
      const shared = shapes[0]!.fields;
      const entries = shapes.map(
        (s) =>
          ({
            type: 'access',
            ...s,
            // The gateway hands one fields array to all entries of a grant.
            ...(share && shared !== undefined && s.fields !== undefined ? { fields: shared } : {}),
          }) as AccessAuditEntry,
      );
      const expected = entries.map((e) => canonicalJsonString(e));
      assert.deepEqual(gatewayEntriesJson(entries), expected);
      for (const e of entries) assert.deepEqual(Buffer.from(gatewayEntryJson(e)), encodeEntry(e));
    }),
    { numRuns: 500 },
  );
});

/** The index rows an entry stands for, computed without SQL. */
function expectedRows(entries: readonly AccessAuditEntry[], indexes: readonly number[]) {
  const events = entries.map((e, i) => ({
    audit_idx: indexes[i]!,
    ts: utcInstant(e.ts),
    actor: e.actor,
    action: e.action,
    purpose: e.purpose ?? null,
    source: e.source,
    role: e.role ?? null,
    branch: e.branch ?? null,
    outcome: e.outcome ?? null,
    decision: e.decision,
    customers: new Set(e.customers).size,
    export_id: e.export_id ?? null,
  }));
  const refs = entries.flatMap((e, i) =>
    [...new Set(e.customers)].map((customer_id) => ({ audit_idx: indexes[i]!, customer_id })),
  );
  return { events, refs };
}

async function storedRows(d: TestDatabase) {
  const events = (
    await d.db.selectFrom('access_events').selectAll().orderBy('audit_idx').execute()
  ).map((r) => ({ ...r, audit_idx: Number(r.audit_idx), customers: Number(r.customers) }));
  const refs = (
    await d.db
      .selectFrom('access_event_refs')
      .selectAll()
      .orderBy('audit_idx')
      .orderBy('customer_id')
      .execute()
  ).map((r) => ({ ...r, audit_idx: Number(r.audit_idx) }));
  return { events, refs };
}

function sortRefs<T extends { audit_idx: number; customer_id: string }>(refs: T[]): T[] {
  return [...refs].sort((a, b) =>
    a.audit_idx !== b.audit_idx
      ? a.audit_idx - b.audit_idx
      : a.customer_id < b.customer_id
        ? -1
        : a.customer_id > b.customer_id
          ? 1
          : 0,
  );
}

describeEachEngine('access recorder', (engine) => {
  test('index rows equal what the entries say, whatever varies within a batch', async (t) => {
    const d = await engine.open(t);
    await createLog(d.db, { origin: 'piguard.test/recorder', masterKey: randomBytes(32) });
    const log = new AuditLog(d);
    t.after(() => log.close());
    const batches: AccessAuditEntry[][] = [
      // Everything equal but the customer (the common gateway batch).
      Array.from({ length: 5 }, (_, i) => entry({ customers: [`C${i}`] })),
      // One batch entry.
      [entry({ customers: ['C9'] })],
      // Actors, purposes, roles, times differ; one without role and branch.
      [
        entry({ actor: 'K2', purpose: 'claims' }),
        entry({ ts: '2026-11-29T18:00:00+08:00', role: 'qc' }),
        entry({ role: undefined, branch: undefined, outcome: 'call_logged' }),
      ],
      // Refusals naming nobody, several customers with a duplicate, a search.
      [
        entry({ decision: 'deny', reason: 'quota', customers: [], fields: undefined }),
        entry({ customers: ['C1', 'C2', 'C1'], action: 'search' }),
        entry({ customers: ['C3'] }),
      ],
      // Several customers each, same shape otherwise.
      [entry({ customers: ['C1', 'C2'] }), entry({ customers: ['C3', 'C4'] })],
    ];
    for (const b of batches) {
      for (const e of b) {
        for (const k of Object.keys(e)) {
          if ((e as unknown as Record<string, unknown>)[k] === undefined) {
            delete (e as unknown as Record<string, unknown>)[k];
          }
        }
      }
    }
    const all: AccessAuditEntry[] = [];
    const allIndexes: number[] = [];
    for (const b of batches) {
      const indexes = await d.db.transaction().execute((trx) => recordAccess(trx, log, b));
      all.push(...b);
      allIndexes.push(...indexes);
    }
    // Indexes that are not one run (a caller of indexAccess alone may pass any).
    const gappy = [entry({ customers: ['C7'] }), entry({ customers: ['C8'], actor: 'K3' })];
    await d.db.transaction().execute((trx) => indexAccess(trx, gappy, [1000, 1002]));
    all.push(...gappy);
    allIndexes.push(1000, 1002);

    const expected = expectedRows(all, allIndexes);
    const stored = await storedRows(d);
    assert.deepEqual(stored.events, expected.events);
    assert.deepEqual(stored.refs, sortRefs(expected.refs));
    // And the audit entries are the canonical encoding of each entry, in order.
    for (let i = 0; i < allIndexes.length - gappy.length; i++) {
      assert.deepEqual(await log.entry(allIndexes[i]!), encodeEntry(all[i]));
    }
  });

  test('an index row that cannot be written fails the transaction, nothing is kept', async (t) => {
    // SQLite writes index rows with `insert or ignore` (no statement journal) and counts them: a
    // row it skipped must fail like the constraint error it replaces. A stray reference or event
    // at an audit index about to be written makes such rows.
    const d = await engine.open(t);
    await createLog(d.db, { origin: 'piguard.test/recorder', masterKey: randomBytes(32) });
    const log = new AuditLog(d);
    t.after(() => log.close());
    await d.db
      .insertInto('access_event_refs')
      .values({ audit_idx: 1, customer_id: 'C2' })
      .execute();
    const cases: AccessAuditEntry[][] = [
      // One customer per entry (the gateway's form), then several (the general form).
      [entry({ customers: ['C1'] }), entry({ customers: ['C2'] })],
      [entry({ customers: ['C1', 'C3'] }), entry({ customers: ['C2', 'C4'] })],
    ];
    for (const b of cases) {
      await assert.rejects(
        d.db.transaction().execute((trx) => recordAccess(trx, log, b)),
        engine.name === 'sqlite' ? /customer references written/ : /duplicate key|unique/i,
      );
      assert.equal(await log.size(), 0);
      const stored = await storedRows(d);
      assert.deepEqual(stored.events, []);
      assert.deepEqual(stored.refs, [{ audit_idx: 1, customer_id: 'C2' }]);
    }
    await d.db.deleteFrom('access_event_refs').execute();
    const stray = expectedRows([entry()], [0]).events[0]!;
    await d.db.insertInto('access_events').values(stray).execute();
    for (const b of cases) {
      await assert.rejects(
        d.db.transaction().execute((trx) => recordAccess(trx, log, b)),
        engine.name === 'sqlite' ? /access events written/ : /duplicate key|unique/i,
      );
      assert.equal(await log.size(), 0);
      const stored = await storedRows(d);
      assert.deepEqual(stored.events, [stray]);
      assert.deepEqual(stored.refs, []);
    }
  });
});
