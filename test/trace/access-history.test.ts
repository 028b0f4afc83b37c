/**
 * The access-history loader on both engines (and SQLite's fast path over the file): the index it
 * builds must equal one built pair by pair from the `access_event_customers` view — distinct
 * actors per customer, events per customer, first access per pair — with the `seenAt` cut-off.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { AuditLog } from '../../src/audit/audit-log.ts';
import { createLog } from '../../src/audit/log-signer.ts';
import { loadAccessHistory } from '../../src/trace/access-history.ts';
import { AccessIndexBuilder, type AccessIndex } from '../../src/trace/access-index.ts';
import { loadCustomerGroups } from '../../src/trace/customer-groups.ts';
import { importEvents } from '../../src/vault/event-import.ts';
import { describeEachEngine } from '../helpers/databases.ts';

/** The index as plain data: customer → sorted "actor@firstSeen" list and event count. */
function flatten(index: AccessIndex): Record<string, { actors: string[]; events: number }> {
  const out: Record<string, { actors: string[]; events: number }> = {};
  index.customers.forEach((id, c) => {
    const from = index.offsets[c]!;
    const actors = [...index.actorsOfCustomer(c)].map((a, i) => {
      const seen = index.firstSeen?.[from + i];
      return seen === undefined ? index.actors[a]! : `${index.actors[a]}@${seen}`;
    });
    out[id] = { actors: actors.sort(), events: index.events[c]! };
    assert.equal(index.customerIndex(id), c);
  });
  return out;
}

describeEachEngine('access history loader', (engine) => {
  test('equals a pair-by-pair build from the view, before seenAt, with first times', async (t) => {
    const d = await engine.open(t);
    await createLog(d.db, { origin: 'piguard.test/history', masterKey: randomBytes(32) });
    const log = new AuditLog(d);
    t.after(() => log.close());
    // Random events: repeated pairs, several customers per event, times on both sides of seenAt
    // and out of order, ids whose string order differs from their numeric order.
    let seed = 7;
    const rnd = (n: number) => {
      seed = (seed * 48271) % 2147483647;
      return seed % n;
    };
    const events = Array.from({ length: 600 }, () => {
      const day = 1 + rnd(28);
      return {
        ts: `2025-02-${String(day).padStart(2, '0')}T${String(rnd(24)).padStart(2, '0')}:00:00+08:00`,
        actor: `S${rnd(12)}`,
        action: 'view',
        customers: Array.from({ length: 1 + rnd(4) }, () => `C${rnd(150)}`),
        source: 'core',
      };
    });
    await importEvents(d.db, log, events);
    const seenAt = '2025-02-20T00:00:00.000Z';
    for (const withTimes of [false, true]) {
      const loaded = await loadAccessHistory(d.db, seenAt, undefined, d.engine, withTimes);
      const rows = await d.db
        .selectFrom('access_event_customers')
        .select(['customer_id', 'actor', 'ts'])
        .where('ts', '<', seenAt)
        .execute();
      const builder = new AccessIndexBuilder();
      for (const r of rows) {
        builder.add(r.customer_id, r.actor, withTimes ? Date.parse(r.ts) : undefined);
      }
      const expected = flatten(builder.build());
      assert.ok(Object.keys(expected).length > 50, 'the fixture accesses many customers');
      assert.deepEqual(flatten(loaded), expected);
      assert.ok(loaded.universe >= loaded.customers.length);
    }
  });

  test('customer groups: one number per branch, 0 without, none for a single branch', async (t) => {
    const d = await engine.open(t);
    const now = new Date().toISOString();
    // 45,000 customers so the keyset pages (20,000) are crossed; the index holds every other one.
    const branchOf = (i: number): string | null => (i % 7 === 0 ? null : `B${i % 3}`);
    const ids = Array.from({ length: 45_000 }, (_, i) => `C${String(i).padStart(6, '0')}`);
    for (let i = 0; i < ids.length; i += 1000) {
      await d.db
        .insertInto('customers')
        .values(
          ids.slice(i, i + 1000).map((id, j) => ({
            customer_id: id,
            branch: branchOf(i + j),
            key_version: 1,
            ring_version: 1,
            created_at: now,
            updated_at: now,
          })),
        )
        .execute();
    }
    const builder = new AccessIndexBuilder();
    for (let i = 0; i < ids.length; i += 2) builder.add(ids[i]!, 'S1');
    const index = builder.build(ids.length);
    const groupOf = await loadCustomerGroups(d.db, index);
    assert.ok(groupOf);
    const numberOf = new Map<string, number>();
    index.customers.forEach((id, c) => {
      const branch = branchOf(Number(id.slice(1)));
      if (branch === null) return assert.equal(groupOf[c], 0, id);
      assert.ok(groupOf[c]! > 0, id);
      assert.equal(numberOf.get(branch) ?? groupOf[c], groupOf[c], id);
      numberOf.set(branch, groupOf[c]!);
    });
    assert.equal(new Set(numberOf.values()).size, 3);
    // one branch only: nothing to stratify by
    await d.db.updateTable('customers').set({ branch: 'B0' }).execute();
    assert.equal(await loadCustomerGroups(d.db, index), undefined);
  });
});
