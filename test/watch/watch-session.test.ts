/**
 * The server's kept watch session (watch-session.ts) against the cold hourly run: two databases
 * receive the same events hour by hour; one is watched by a WatchSession that keeps its engine
 * in memory and reads only new events, the other by a cold `runWatchIncremental` each hour. Every
 * hour both must give the same final and provisional alerts, and save the same state — across
 * day ends, off-hours scraping at night, a mid-day spike, a late event for the open day and one
 * for a day already closed. Then a batch run on the session's database (someone ran
 * `piguard watch`) and a staff change must each make the session start cold again.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AuditLog } from '../../src/audit/audit-log.ts';
import type { Database } from '../../src/store/open-database.ts';
import { loadWatchState } from '../../src/watch/state-store.ts';
import { runWatch, runWatchIncremental } from '../../src/watch/watch-runner.ts';
import { WatchSession, type IncrementalResult } from '../../src/watch/watch-session.ts';
import type { WatchEvent } from '../../src/watch/watch-types.ts';
import { describeEachEngine } from '../helpers/databases.ts';
import { importWatchEvents, loadOrg, openLog } from './fixtures/db-org.ts';
import { ordinaryDay, reads, rng, smallOrg, workdays } from './fixtures/small-org.ts';

const HISTORY = 30;

function comparable(r: IncrementalResult) {
  return { alerts: r.alerts, provisional: r.provisional, lastClosedDay: r.lastClosedDay };
}

/** The local hour of an event time written in +08:00. */
function hourOf(e: WatchEvent): number {
  return Number(e.ts.slice(11, 13));
}

describeEachEngine('watch session kept in memory', (engine) => {
  test('gives the cold hourly run’s alerts and state, hour by hour', async (t) => {
    const org = smallOrg();
    const days = workdays(org.start, HISTORY + 3);
    const r = rng(21);
    const history: WatchEvent[] = [];
    for (let i = 0; i < HISTORY; i++) {
      history.push(
        ...ordinaryDay(
          org,
          days[i]!,
          r,
          i >= 20 ? { extra: (d, rr) => reads(org, 'Q03', 'quality_control', d, 100, rr) } : {},
        ),
      );
    }
    // The days watched hour by hour: a spike at 10h, scraping and a bulk read at night.
    const live = days.slice(HISTORY);
    const liveEvents = live.map((day, i) =>
      ordinaryDay(org, day, rng(100 + i), {
        extra: (d, rr) => [
          ...reads(org, 'Q03', 'quality_control', d, 100, rr),
          ...(i === 0 ? reads(org, 'Q06', 'quality_control', d, 300, rr, { hour: 10 }) : []),
          ...(i === 0 ? reads(org, 'Q05', 'quality_control', d, 180, rr, { hour: 23 }) : []),
          ...(i === 1 ? reads(org, 'A03', 'agent', d, 150, rr, { hour: 22 }) : []),
        ],
      }),
    );

    const dbs: Array<{ d: Database; log: AuditLog }> = [];
    for (let k = 0; k < 2; k++) {
      const d = await engine.open(t);
      await loadOrg(d.db, org);
      const log = await openLog(d);
      t.after(() => log.close());
      await importWatchEvents(d, log, history);
      await runWatch(d.db, { now: new Date('2025-06-01T00:00:00Z') });
      dbs.push({ d, log });
    }
    const [kept, cold] = dbs as [(typeof dbs)[0], (typeof dbs)[0]];
    const session = new WatchSession(kept.d.db);
    let warmRuns = 0;
    let finals = 0;
    let provisionals = 0;
    const step = async (events: WatchEvent[], now: Date) => {
      for (const { d, log } of dbs) if (events.length > 0) await importWatchEvents(d, log, events);
      const a = await session.run(now);
      const b = await runWatchIncremental(cold.d.db, now);
      const label = `${now.toISOString()} (${a.cold ? 'cold' : 'kept'})`;
      assert.deepEqual(comparable(a), comparable(b), label);
      assert.deepEqual(await loadWatchState(kept.d.db), await loadWatchState(cold.d.db), label);
      if (!a.cold) warmRuns++;
      finals += a.alerts.length;
      provisionals += a.provisional.length;
    };
    for (let i = 0; i < live.length; i++) {
      const day = live[i]!;
      for (let h = 0; h < 24; h++) {
        // The hour's events are imported at its end; the run happens then.
        const events = liveEvents[i]!.filter((e) => hourOf(e) === h);
        if (i === 1 && h === 15) {
          // Late arrivals: one for this morning (still open), one for a day already closed.
          events.push(
            { ...liveEvents[i]![0]!, ts: `${day}T09:05:00+08:00` },
            { ...liveEvents[0]![0]!, ts: `${live[0]}T11:00:00+08:00` },
          );
        }
        const end = new Date(Date.parse(`${day}T${String(h).padStart(2, '0')}:59:00+08:00`));
        await step(events, end);
      }
    }
    assert.ok(warmRuns >= 60, `kept runs ${warmRuns}`);
    assert.ok(finals >= 2, `final alerts ${finals}`);
    assert.ok(provisionals >= 1, `provisional alerts ${provisionals}`);

    // A batch run elsewhere rewrites the saved state (it closes the running day too): the
    // session notices and starts cold, then continues.
    const after = new Date(Date.parse(`${live[2]}T23:59:30+08:00`));
    assert.equal((await session.run(after)).cold, false);
    await runWatch(kept.d.db, { now: new Date('2030-01-01T00:00:00Z') });
    assert.equal((await session.run(after)).cold, true, 'state saved by a batch run: cold');
    assert.equal((await session.run(after)).cold, false);
    await kept.d.db
      .updateTable('staff')
      .set({ team: 'T9', updated_at: '2030-01-02T00:00:00Z' })
      .where('staff_id', '=', 'A01')
      .execute();
    assert.equal((await session.run(after)).cold, true, 'a staff change: cold');
    assert.equal((await session.run(after)).cold, false);
  });
});
