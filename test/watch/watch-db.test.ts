import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getAlert, listAlerts, setAlertStatus } from '../../src/watch/alert-store.ts';
import { loadWatchState } from '../../src/watch/state-store.ts';
import { runWatch, runWatchIncremental } from '../../src/watch/watch-runner.ts';
import { scheduleWatch } from '../../src/watch/watch-scheduler.ts';
import { addWebhook } from '../../src/watch/delivery/webhook-store.ts';
import { actorActivity } from '../../src/watch/actor-activity.ts';
import type { WatchEvent } from '../../src/watch/watch-types.ts';
import { describeEachEngine } from '../helpers/databases.ts';
import { runCli } from '../helpers/run-cli.ts';
import { importWatchEvents, loadOrg, openLog } from './fixtures/db-org.ts';
import { ordinaryDay, reads, rng, smallOrg, workdays } from './fixtures/small-org.ts';

const DAYS = 40;
const DRIP_FROM = 30;

function history(): { events: WatchEvent[]; days: string[]; org: ReturnType<typeof smallOrg> } {
  const org = smallOrg();
  const r = rng(11);
  const days = workdays(org.start, DAYS + 2);
  const events: WatchEvent[] = [];
  days
    .slice(0, DAYS)
    .forEach((day, i) =>
      events.push(
        ...ordinaryDay(
          org,
          day,
          r,
          i >= DRIP_FROM
            ? { extra: (d, rr) => reads(org, 'Q03', 'quality_control', d, 100, rr) }
            : {},
        ),
      ),
    );
  return { events, days, org };
}

describeEachEngine('watch over the database', (engine) => {
  test('batch run, stored alerts, status, incremental run', async (t) => {
    const d = await engine.open(t);
    const { events, days, org } = history();
    await loadOrg(d.db, org);
    const log = await openLog(d);
    t.after(() => log.close());
    await importWatchEvents(d, log, events);

    const res = await runWatch(d.db, { now: new Date('2025-06-01T00:00:00Z') });
    assert.ok(res.alerts.length >= 1);
    assert.ok(
      res.alerts.every((a) => a.actor === 'Q03'),
      JSON.stringify(res.alerts.map((a) => a.actor)),
    );
    assert.ok(res.alerts[0]!.kinds.includes('slow_drip'));
    assert.equal(res.newAlertIds.length, res.alerts.length);
    assert.equal(res.lastClosedDay, days[DAYS - 1]);
    assert.ok(res.stats.events >= events.length);

    const listed = await listAlerts(d.db, { actor: 'Q03' });
    assert.equal(listed.total, res.alerts.length);
    const first = listed.items[listed.items.length - 1]!;
    assert.equal(first.status, 'open');
    await setAlertStatus(d.db, first.id, 'acknowledged');
    // A re-run updates in place and keeps the investigator's status.
    const again = await runWatch(d.db);
    assert.equal(again.newAlertIds.length, 0);
    assert.equal((await getAlert(d.db, first.id)).status, 'acknowledged');
    assert.equal((await listAlerts(d.db, { status: 'acknowledged' })).total, 1);
    assert.equal((await listAlerts(d.db, { since: '2099-01-01' })).total, 0);

    // --since/--until bound the days reported.
    const bounded = await runWatch(d.db, {
      since: days[DAYS - 1]!,
      until: days[DAYS - 1]!,
      persist: false,
    });
    assert.ok(bounded.alerts.every((a) => a.day === days[DAYS - 1]));

    // Incremental: a new night of scraping, evaluated the next morning.
    const state = await loadWatchState(d.db);
    assert.equal(state?.lastClosedDay, days[DAYS - 1]);
    const night = ordinaryDay(org, days[DAYS]!, rng(5), {
      extra: (day, r) => reads(org, 'Q05', 'quality_control', day, 180, r, { hour: 23 }),
    });
    const morning = ordinaryDay(org, days[DAYS + 1]!, rng(6)).filter(
      (e) => e.ts < `${days[DAYS + 1]}T11`,
    );
    await importWatchEvents(d, log, [...night, ...morning]);
    const inc = await runWatchIncremental(d.db, new Date(`${days[DAYS + 1]}T03:00:00Z`));
    assert.equal(inc.lastClosedDay, days[DAYS]);
    const scraper = inc.alerts.find((a) => a.actor === 'Q05');
    assert.ok(scraper, JSON.stringify(inc.alerts));
    assert.equal(scraper.kind, 'off_hours');
    assert.ok(inc.newAlertIds.length >= 1);
    assert.equal((await loadWatchState(d.db))?.lastClosedDay, days[DAYS]);
    // The same hour again: nothing new.
    const rerun = await runWatchIncremental(d.db, new Date(`${days[DAYS + 1]}T03:30:00Z`));
    assert.equal(rerun.newAlertIds.length, 0);

    // The server's loop: the next day, a run delivers the new alerts to the webhooks.
    const posted: string[] = [];
    await addWebhook(d.db, { kind: 'json', url: 'http://127.0.0.1:1/hook', secret: 'k' });
    const bulk = ordinaryDay(org, days[DAYS + 1]!, rng(8), {
      extra: (day, r) => reads(org, 'A03', 'agent', day, 150, r, { hour: 22 }),
    }).filter((e) => e.ts >= `${days[DAYS + 1]}T11`);
    await importWatchEvents(d, log, bulk);
    const errors: unknown[] = [];
    const schedule = scheduleWatch(d.db, {
      now: () => new Date(`${days[DAYS + 1]}T23:00:00Z`),
      onError: (e) => errors.push(e),
      delivery: {
        sleep: async () => undefined,
        fetch: (async (_url: string | URL | Request, init?: RequestInit) => {
          posted.push(String(init?.body));
          return new Response('', { status: 204 });
        }) as typeof fetch,
      },
    });
    await schedule.tick();
    await schedule.stop();
    assert.deepEqual(errors, []);
    assert.ok(
      posted.some((b) => b.includes('"actor":"A03"')),
      posted.join('\n'),
    );

    const activity = await actorActivity(d.db, 'Q03', { days: 20, until: days[DAYS - 1]! });
    assert.equal(activity.days.length, 20);
    assert.equal(activity.days[19], days[DAYS - 1]);
    assert.ok(activity.values[19]! > activity.peerHigh[19]!, 'the drip is above the peer band');
    assert.equal(activity.peers, 7);
  });

  test('CLI: watch prints §5.4 lines and a table; bad options exit 2', async (t) => {
    const d = await engine.open(t);
    const { events, org } = history();
    await loadOrg(d.db, org);
    const log = await openLog(d);
    await importWatchEvents(d, log, events);
    await log.close();
    let r = runCli(['--db', d.url, 'watch']);
    assert.equal(r.status, 0, r.stderr);
    const lines = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.ok(lines.length >= 1);
    assert.deepEqual(Object.keys(lines[0]!), [
      'actor',
      'day',
      'score',
      'kind',
      'reasons',
      'customers',
    ]);
    assert.equal(lines[0]!['actor'], 'Q03');
    r = runCli(['--db', d.url, 'watch', '--format', 'table', '--budget', '1']);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^DAY\s+ACTOR\s+KIND\s+SCORE\s+CUSTOMERS\n/);
    assert.match(r.stdout, /Q03\s+slow_drip/);
    for (const bad of [
      ['--since', '2025-13-01'],
      ['--format', 'xml'],
      ['--budget', '0'],
      ['--since', '2025-05-02', '--until', '2025-05-01'],
    ]) {
      r = runCli(['--db', d.url, 'watch', ...bad]);
      assert.equal(r.status, 2, bad.join(' '));
      assert.match(r.stderr, /^piguard: /);
    }
  });
});
