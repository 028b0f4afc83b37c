/**
 * The database reader of watch (db-event-source.ts): on SQLite files, `feedEvents` reads pages as
 * strings through a raw connection; everywhere it must deliver exactly what the Kysely page reader
 * (`streamEvents`) delivers — allowed events with their customers, in audit order — including
 * ids that contain the very separator characters the fast path uses, refused events, small
 * pages and a time bound.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AccessAuditEntry } from '../../src/core/access-event.ts';
import { recordAccess } from '../../src/vault/access-recorder.ts';
import {
  feedEvents,
  loadDirectory,
  streamEvents,
  type EventSink,
  type EventStreamOptions,
} from '../../src/watch/db-event-source.ts';
import type { WatchAlert, WatchEvent } from '../../src/watch/watch-types.ts';
import { describeEachEngine } from '../helpers/databases.ts';
import { WatchEngine } from '../../src/watch/watch-engine.ts';
import { importWatchEvents, loadOrg, openLog } from './fixtures/db-org.ts';
import { ordinaryDay, reads, rng, smallOrg, workdays } from './fixtures/small-org.ts';

/**
 * An EventSink that keeps what it is given, as comparable records; `inPlace` also offers
 * addCustomerAt (ids looked up where they lie in the page string, as the engine does).
 */
function collector(inPlace: boolean | 'refs' = false): EventSink & { events: WatchEvent[] } {
  const events: WatchEvent[] = [];
  let current: string[] = [];
  const sink: EventSink & { events: WatchEvent[] } = {
    events,
    addEvent(ts, actor, action, source, role, branch, outcome, purpose) {
      current = [];
      events.push({
        ts,
        actor,
        action,
        customers: current,
        source,
        role,
        branch,
        outcome,
        purpose: purpose ?? null,
      });
      return true;
    },
    addCustomer(c) {
      current.push(c);
    },
  };
  if (inPlace === true) {
    sink.addCustomerAt = (text, start, end) => {
      current.push(`${text.slice(start, end)}`);
    };
  }
  if (inPlace === 'refs') {
    // Customers by number (the worker interns ids; each distinct one is asked for once).
    const names: string[] = [];
    const asked = new Set<string>();
    sink.customerRef = (name) => {
      assert.ok(!asked.has(name), `customerRef asked twice for ${name}`);
      asked.add(name);
      return names.push(name) - 1 + 1000;
    };
    sink.addCustomerRef = (ref) => {
      current.push(names[ref - 1000]!);
    };
  }
  return sink;
}

function normalise(events: readonly WatchEvent[]): unknown[] {
  return events.map((e) => ({
    ts: e.ts,
    actor: e.actor,
    action: e.action,
    customers: [...e.customers].sort(),
    source: e.source || null,
    role: e.role || null,
    branch: e.branch || null,
    outcome: e.outcome || null,
    // The fast path gives the purpose only of events without an outcome (EventSink.addEvent).
    purpose: (!e.outcome && e.purpose) || null,
  }));
}

async function viaFeed(
  db: Parameters<typeof feedEvents>[0],
  options: EventStreamOptions,
  inPlace: boolean | 'refs' = false,
): Promise<unknown[]> {
  const sink = collector(inPlace);
  for await (const _ of feedEvents(db, sink, options)) {
    // pages
  }
  return normalise(sink.events);
}

async function viaStream(
  db: Parameters<typeof streamEvents>[0],
  options: EventStreamOptions,
): Promise<unknown[]> {
  const out: WatchEvent[] = [];
  for await (const page of streamEvents(db, options)) out.push(...page);
  return normalise(out);
}

function entry(i: number, over: Partial<AccessAuditEntry> = {}): AccessAuditEntry {
  const day = 1 + Math.floor(i / 40);
  const hour = String(i % 24).padStart(2, '0');
  return {
    type: 'access',
    ts: `2025-03-${String(day).padStart(2, '0')}T${hour}:15:00+08:00`,
    actor: `S${i % 7}`,
    action: i % 11 === 0 ? 'export' : 'view',
    customers: i % 5 === 0 ? [`C${i}`, `C${i + 1}`, `C${i + 2}`] : [`C${i % 50}`],
    // The purpose reaches the sink (watch excuses audit-purpose reads of auditors).
    purpose: i % 6 === 0 ? 'internal_audit' : 'service',
    source: i % 3 === 0 ? 'crm' : 'core',
    decision: i % 13 === 0 ? 'deny' : 'allow',
    ...(i % 2 === 0 ? { role: 'agent', branch: '上海分公司' } : {}),
    ...(i % 4 === 0 ? { outcome: 'call_logged' } : {}),
    ...over,
  } as AccessAuditEntry;
}

describeEachEngine('watch event reader', (engine) => {
  test('the fast path delivers what the page reader delivers', async (t) => {
    const d = await engine.open(t);
    const log = await openLog(d);
    t.after(() => log.close());
    const entries = Array.from({ length: 400 }, (_, i) => entry(i));
    // Ids holding the separators of the fast path's page strings (legal in ids).
    entries.push(entry(400, { actor: 'S\u001e1\u001f2', customers: ['C\u001d1', 'C\u001e2'] }));
    entries.push(entry(401, { outcome: 'x\u001fy', customers: ['C\u001f3'] }));
    entries.push(entry(402, { purpose: 'a\u001eb', customers: ['C4'] }));
    entries.push(...Array.from({ length: 100 }, (_, i) => entry(403 + i)));
    await d.db.transaction().execute((trx) => recordAccess(trx, log, entries));

    const all = await viaStream(d.db, {});
    assert.equal(all.length, entries.filter((e) => e.decision === 'allow').length);
    assert.deepEqual(await viaFeed(d.db, {}), all);
    // Pages smaller than the data, and a page boundary next to the odd ids.
    assert.deepEqual(await viaFeed(d.db, { pageSize: 37 }), all);
    assert.deepEqual(await viaFeed(d.db, { pageSize: 401 }), all);
    // A time bound (the hourly run): the same events on or after it.
    const fromTs = '2025-03-05';
    const later = await viaStream(d.db, { fromTs });
    assert.ok(later.length > 0 && later.length < all.length);
    assert.deepEqual(await viaFeed(d.db, { fromTs }), later);
    assert.deepEqual(await viaFeed(d.db, { fromTs, pageSize: 50 }), later);
    // Ids looked up in place; pages read by the worker thread (long reads use it by default).
    assert.deepEqual(await viaFeed(d.db, {}, true), all);
    assert.deepEqual(await viaFeed(d.db, { pageSize: 37, worker: true }, true), all);
    assert.deepEqual(await viaFeed(d.db, { pageSize: 401, worker: true }), all);
    // Ids interned by the worker and fed by number.
    assert.deepEqual(await viaFeed(d.db, { pageSize: 37, worker: true }, 'refs'), all);
    assert.deepEqual(await viaFeed(d.db, { pageSize: 401, worker: true }, 'refs'), all);
    assert.deepEqual(await viaFeed(d.db, { fromTs, pageSize: 50, worker: true }, 'refs'), later);
    assert.deepEqual(await viaFeed(d.db, { fromTs, pageSize: 50, worker: true }), later);
    // Several reader threads taking pages in turn: still audit order, and each customer asked
    // for once although every reader interns its own ids.
    for (const readers of [2, 3]) {
      const w = { worker: true, readers };
      assert.deepEqual(await viaFeed(d.db, { pageSize: 37, ...w }, 'refs'), all);
      assert.deepEqual(await viaFeed(d.db, { pageSize: 401, ...w }, 'refs'), all);
      assert.deepEqual(await viaFeed(d.db, { pageSize: 37, ...w }, true), all);
      assert.deepEqual(await viaFeed(d.db, { pageSize: 20, ...w }), all);
      assert.deepEqual(await viaFeed(d.db, { fromTs, pageSize: 50, ...w }, 'refs'), later);
    }
    // Audit-index bounds (the kept hourly session): what lies strictly after / up to them.
    const idx = await d.db
      .selectFrom('access_events')
      .select(['audit_idx', 'decision'])
      .orderBy('audit_idx')
      .execute();
    const allowed = idx.filter((r) => r.decision === 'allow').map((r) => Number(r.audit_idx));
    const afterIdx = allowed[100]!;
    const throughIdx = allowed[300]!;
    const slice = all.slice(101, 301);
    assert.deepEqual(await viaStream(d.db, { afterIdx, throughIdx }), slice);
    assert.deepEqual(await viaFeed(d.db, { afterIdx, throughIdx }), slice);
    assert.deepEqual(
      await viaFeed(d.db, { afterIdx, throughIdx, pageSize: 30, worker: true }),
      slice,
    );
    assert.deepEqual(
      await viaFeed(d.db, { afterIdx, throughIdx, pageSize: 30, worker: true, readers: 2 }, 'refs'),
      slice,
    );
  });
});

describeEachEngine('watch engine fed by each reader', (engine) => {
  test('the same alerts and state from event objects and from the fast path', async (t) => {
    const d = await engine.open(t);
    const org = smallOrg();
    await loadOrg(d.db, org);
    const log = await openLog(d);
    t.after(() => log.close());
    const r = rng(3);
    const events: WatchEvent[] = [];
    workdays(org.start, 40).forEach((day, i) =>
      events.push(
        ...ordinaryDay(org, day, r, {
          extra: (dd, rr) => [
            ...(i >= 28 ? reads(org, 'Q03', 'quality_control', dd, 100, rr) : []),
            ...(i === 35 ? reads(org, 'Q05', 'quality_control', dd, 180, rr, { hour: 23 }) : []),
          ],
        }),
      ),
    );
    await importWatchEvents(d, log, events);
    const directory = await loadDirectory(d.db);
    const run = async (feed: (e: WatchEngine, alerts: WatchAlert[]) => Promise<void>) => {
      const e = new WatchEngine(directory, {});
      const alerts: WatchAlert[] = [];
      await feed(e, alerts);
      alerts.push(...e.flush());
      return { alerts, state: e.exportState(), stats: e.stats };
    };
    const viaObjects = await run(async (e, alerts) => {
      for await (const page of streamEvents(d.db)) alerts.push(...e.push(page));
    });
    assert.ok(viaObjects.alerts.length >= 2, JSON.stringify(viaObjects.alerts));
    for (const options of [{}, { pageSize: 997, worker: true }, { pageSize: 997, worker: false }]) {
      const fast = await run(async (e, alerts) => {
        for await (const _ of feedEvents(d.db, e, options)) alerts.push(...e.takeAlerts());
      });
      assert.deepEqual(fast, viaObjects, JSON.stringify(options));
    }
  });
});
