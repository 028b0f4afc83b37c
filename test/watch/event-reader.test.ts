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
  streamEvents,
  type EventSink,
  type EventStreamOptions,
} from '../../src/watch/db-event-source.ts';
import type { WatchEvent } from '../../src/watch/watch-types.ts';
import { describeEachEngine } from '../helpers/databases.ts';
import { openLog } from './fixtures/db-org.ts';

/** An EventSink that keeps what it is given, as comparable records. */
function collector(): EventSink & { events: WatchEvent[] } {
  const events: WatchEvent[] = [];
  let current: string[] = [];
  return {
    events,
    addEvent(ts, actor, action, source, role, branch, outcome) {
      current = [];
      events.push({ ts, actor, action, customers: current, source, role, branch, outcome });
      return true;
    },
    addCustomer(c) {
      current.push(c);
    },
  };
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
  }));
}

async function viaFeed(
  db: Parameters<typeof feedEvents>[0],
  options: EventStreamOptions,
): Promise<unknown[]> {
  const sink = collector();
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
    purpose: 'service',
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
    entries.push(...Array.from({ length: 100 }, (_, i) => entry(402 + i)));
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
  });
});
