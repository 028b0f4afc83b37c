/**
 * pg-access-index.ts writes exactly the rows the portable indexAccess writes (same tables, same
 * values), in one statement, inside the caller's transaction; it refuses SQLite.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { AccessAuditEntry } from '../../src/core/access-event.ts';
import { indexAccessPortable } from '../../src/vault/access-recorder.ts';
import { indexAccessPostgres } from '../../src/vault/gateway/pg-access-index.ts';
import { describeEachEngine, type TestDatabase } from '../helpers/databases.ts';

const ENTRIES: AccessAuditEntry[] = [
  {
    type: 'access',
    ts: '2026-03-01T23:30:00+08:00',
    actor: 'S001',
    action: 'view',
    customers: ['C1'],
    purpose: 'service',
    source: 'gateway',
    role: 'clerk',
    branch: '上海分公司',
    decision: 'allow',
    fields: ['name'],
  },
  {
    type: 'access',
    ts: '2026-03-01T23:30:00+08:00',
    actor: 'S002',
    action: 'search',
    customers: ['C2', 'C3', 'C2'],
    purpose: 'quality_review',
    source: 'gateway',
    decision: 'deny',
    reason: 'quota',
  },
  {
    type: 'access',
    ts: '2026-03-02T01:00:00Z',
    actor: "O'Brien",
    action: 'export',
    customers: [],
    source: 'gateway',
    outcome: 'done',
    decision: 'allow',
    export_id: 'E1',
  },
];
const INDEXES = [7, 8, 12];

async function rows(d: TestDatabase): Promise<{ events: unknown[]; refs: unknown[] }> {
  return {
    events: await d.db.selectFrom('access_events').selectAll().orderBy('audit_idx').execute(),
    refs: await d.db
      .selectFrom('access_event_refs')
      .selectAll()
      .orderBy('audit_idx')
      .orderBy('customer_id')
      .execute(),
  };
}

describeEachEngine('pg-access-index', (engine) => {
  if (engine.name === 'sqlite') {
    test('refuses SQLite (its index rows go through indexAccess)', async (t) => {
      const d = await engine.open(t);
      await assert.rejects(
        d.db.transaction().execute((trx) => indexAccessPostgres(trx, ENTRIES, INDEXES)),
        TypeError,
      );
    });
    return;
  }

  test('writes the same rows as the portable indexAccess path, in one statement', async (t) => {
    const portable = await engine.open(t);
    const fused = await engine.open(t);
    await portable.db.transaction().execute((trx) => indexAccessPortable(trx, ENTRIES, INDEXES));
    await fused.db.transaction().execute((trx) => indexAccessPostgres(trx, ENTRIES, INDEXES));
    const expected = await rows(portable);
    assert.equal(expected.events.length, 3);
    assert.equal(expected.refs.length, 3); // C2 once, the export with no customers none
    assert.deepEqual(await rows(fused), expected);
  });

  test('rolls back with the caller', async (t) => {
    const d = await engine.open(t);
    await assert.rejects(
      d.db.transaction().execute(async (trx) => {
        await indexAccessPostgres(trx, ENTRIES, INDEXES);
        throw new Error('audit append failed');
      }),
      /audit append failed/,
    );
    assert.deepEqual(await rows(d), { events: [], refs: [] });
  });
});
