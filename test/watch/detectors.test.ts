import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cusumAllowance, TARGET_DRIP_PER_DAY } from '../../src/watch/detectors.ts';
import type { Expectation } from '../../src/watch/expectation.ts';
import { lowerMedianWithout, medianWithout } from '../../src/watch/peer-baselines.ts';
import { WatchEngine } from '../../src/watch/watch-engine.ts';
import { watchOptions } from '../../src/watch/watch-options.ts';
import type { WatchAlert, WatchEvent, WatchOptions } from '../../src/watch/watch-types.ts';
import {
  ordinaryDay,
  reads,
  rng,
  runDays,
  smallOrg,
  workdays,
  type DayPlan,
  type SmallOrg,
} from './fixtures/small-org.ts';

const BASELINE_DAYS = 30;

/** Runs `total` working days; `plan(i)` shapes day i (0-based). Returns every alert. */
function run(
  org: SmallOrg,
  total: number,
  plan: (i: number, day: string) => DayPlan = () => ({}),
  options: Partial<WatchOptions> = {},
): { alerts: WatchAlert[]; days: string[]; engine: WatchEngine } {
  return runDays(org, total, { seed: 42, plan, options });
}

test('an ordinary organisation stays quiet', () => {
  const { alerts } = run(smallOrg(), 60);
  assert.deepEqual(alerts, []);
});

test('slow drip: +100 customers a day without outcome alerts within days, with numbers', () => {
  const org = smallOrg();
  const { alerts, days } = run(org, 50, (i) =>
    i >= BASELINE_DAYS
      ? { extra: (day, r) => reads(org, 'Q03', 'quality_control', day, 100, r) }
      : {},
  );
  const mine = alerts.filter((a) => a.actor === 'Q03');
  assert.ok(mine.length >= 1, 'the drip alerted');
  assert.equal(alerts.filter((a) => a.actor !== 'Q03').length, 0, 'nobody else alerted');
  const first = mine[0]!;
  assert.ok(first.kinds.includes('slow_drip'));
  const delay = days.indexOf(first.day) - BASELINE_DAYS;
  assert.ok(delay >= 0 && delay <= 3, `delay ${delay} working days`);
  assert.match(
    first.reasons.join(' '),
    /read \d+ distinct customers without a business outcome over \d+ active days since 2025-\d\d-\d\d \(expected about \d+/,
  );
  assert.match(first.reasons.join(' '), /quality_control @ B1 peers' median \d+\/day/);
});

test('slow drip: the same reads WITH business outcomes (an audit) stay quiet', () => {
  const org = smallOrg();
  const { alerts } = run(org, 45, (i) =>
    i >= BASELINE_DAYS && i < BASELINE_DAYS + 5
      ? {
          extra: (day, r) =>
            reads(org, 'Q03', 'quality_control', day, 350, r).map((e) => ({
              ...e,
              outcome: 'workpaper',
            })),
        }
      : {},
  );
  assert.deepEqual(alerts, []);
});

test('a whole peer group rising together (campaign) stays quiet; one rising alone does not', () => {
  const org = smallOrg();
  const campaign = run(org, 50, (i) =>
    i >= BASELINE_DAYS ? { factor: (a) => (a.startsWith('A') ? 2.5 : 1) } : {},
  );
  assert.deepEqual(campaign.alerts, []);
  const alone = run(org, 50, (i) =>
    i >= BASELINE_DAYS
      ? {
          extra: (day, r) =>
            reads(org, 'A05', 'agent', day, 90, r, { pool: org.bookOf.get('A05')! }),
        }
      : {},
  );
  assert.ok(
    alone.alerts.some((a) => a.actor === 'A05'),
    'an agent rising alone without outcomes alerts',
  );
});

test('bulk export alerts the same day', () => {
  const org = smallOrg();
  const { alerts, days } = run(org, 40, (i) =>
    i === 35
      ? {
          extra: (day) => [
            {
              ts: `${day}T17:40:00+08:00`,
              actor: 'A02',
              action: 'export',
              customers: org.customers.slice(600, 2100),
              source: 'core',
              role: 'agent',
              branch: 'B1',
            },
          ],
        }
      : {},
  );
  const hit = alerts.find((a) => a.actor === 'A02' && a.kinds.includes('bulk_export'));
  assert.ok(hit);
  assert.equal(hit.day, days[35]);
  assert.equal(hit.customers, 1500);
  assert.match(hit.reasons.join(' '), /exported or printed 1500 distinct customers in one day/);
});

test('an export with a business outcome (a campaign list) stays quiet', () => {
  const org = smallOrg();
  const { alerts } = run(org, 40, (i) =>
    i === 35
      ? {
          extra: (day) => [
            {
              ts: `${day}T10:00:00+08:00`,
              actor: 'A02',
              action: 'export',
              customers: org.bookOf.get('A02')!,
              source: 'crm',
              role: 'agent',
              branch: 'B1',
              outcome: 'renewal_list',
            },
          ],
        }
      : {},
  );
  assert.deepEqual(alerts, []);
});

test('off-hours scraping alerts on the first night', () => {
  const org = smallOrg();
  const { alerts, days } = run(org, 40, (i) =>
    i >= 35
      ? { extra: (day, r) => reads(org, 'Q05', 'quality_control', day, 150, r, { hour: 23 }) }
      : {},
  );
  const hit = alerts.find((a) => a.actor === 'Q05' && a.kinds.includes('off_hours'));
  assert.ok(hit);
  assert.equal(hit.day, days[35]);
  assert.match(hit.reasons.join(' '), /outside office hours \(8–20\).*23h/);
});

test('account takeover: a never-seen source at night', () => {
  const org = smallOrg();
  const { alerts, days } = run(org, 40, (i) =>
    i === 36
      ? { extra: (day, r) => reads(org, 'A07', 'agent', day, 120, r, { hour: 2, source: 'vpn' }) }
      : {},
  );
  const hit = alerts.find((a) => a.actor === 'A07');
  assert.ok(hit);
  assert.equal(hit.day, days[36]);
  assert.ok(hit.kinds.includes('account_takeover'));
  assert.match(hit.reasons.join(' '), /never seen for this actor \(vpn\)/);
});

test("out of book: an agent reading other agents' books accumulates", () => {
  const org = smallOrg();
  const others = org.customers.filter(
    (c) =>
      !org.bookOf.get('A04')!.includes(c) &&
      !org.bookOf.get('A01')!.includes(c) &&
      !org.bookOf.get('A07')!.includes(c) &&
      !org.bookOf.get('A10')!.includes(c),
  );
  const { alerts } = run(org, 50, (i) =>
    i >= BASELINE_DAYS
      ? { extra: (day, r) => reads(org, 'A04', 'agent', day, 45, r, { pool: others }) }
      : {},
  );
  const hit = alerts.find((a) => a.actor === 'A04');
  assert.ok(hit);
  assert.ok(hit.kinds.includes('out_of_book'), hit.kinds.join());
  assert.match(hit.reasons.join(' '), /outside own and team's book/);
});

test('a new hire ramping up on peers stays quiet', () => {
  const org = smallOrg();
  const { alerts } = run(org, 45, (i) => ({
    absent: i < BASELINE_DAYS ? new Set(['A11']) : new Set(),
    factor: (a) => (a === 'A11' ? Math.min(1, (i - BASELINE_DAYS + 1) / 10) : 1),
  }));
  assert.deepEqual(alerts, []);
});

test('the budget keeps the highest scores per day', () => {
  const org = smallOrg();
  const plan = (i: number): DayPlan =>
    i === 35
      ? {
          extra: (day, r) => [
            ...reads(org, 'Q01', 'quality_control', day, 400, r, { hour: 23 }),
            ...reads(org, 'Q02', 'quality_control', day, 120, r, { hour: 22 }),
          ],
        }
      : {};
  const all = run(org, 40, plan).alerts;
  assert.equal(all.length, 2);
  const one = run(org, 40, plan, { budget: 1 }).alerts;
  assert.equal(one.length, 1);
  assert.equal(one[0]!.actor, 'Q01');
});

test('state survives JSON: a resumed engine alerts exactly like an uninterrupted one', () => {
  const org = smallOrg();
  const r1 = rng(7);
  const days = workdays(org.start, 45);
  const extra = (i: number): DayPlan =>
    i >= 36 ? { extra: (day, r) => reads(org, 'Q06', 'quality_control', day, 110, r) } : {};
  const whole = new WatchEngine(org.directory);
  const a1: WatchAlert[] = [];
  const streams: WatchEvent[][] = days.map((d, i) => ordinaryDay(org, d, r1, extra(i)));
  streams.forEach((s) => a1.push(...whole.push(s)));
  a1.push(...whole.flush());

  let first = new WatchEngine(org.directory);
  const a2: WatchAlert[] = [];
  streams.slice(0, 35).forEach((s) => a2.push(...first.push(s)));
  a2.push(...first.closeThrough(days[34]!));
  const saved = JSON.parse(JSON.stringify(first.exportState()));
  first = new WatchEngine(org.directory, {}, saved);
  streams.slice(35).forEach((s) => a2.push(...first.push(s)));
  a2.push(...first.flush());
  assert.ok(a1.length > 0);
  assert.deepEqual(a2, a1);
});

test('preview evaluates a running day without remembering it', () => {
  const org = smallOrg();
  const r = rng(3);
  const days = workdays(org.start, 36);
  const engine = new WatchEngine(org.directory);
  days.slice(0, 35).forEach((d) => engine.push(ordinaryDay(org, d, r)));
  engine.closeThrough(days[34]!);
  engine.push(
    ordinaryDay(org, days[35]!, r, {
      extra: (day) => reads(org, 'Q00', 'quality_control', day, 200, rng(1), { hour: 23 }),
    }),
  );
  const before = JSON.stringify(engine.exportState());
  const p = engine.preview();
  assert.equal(p.length, 1);
  assert.equal(p[0]!.final, false);
  assert.equal(JSON.stringify(engine.exportState()), before);
});

test('slow drip on a noisy desk (days of 40–160 customers): +100 a day alerts within 14 days', () => {
  const org = smallOrg();
  const noisy = (day: string, r: () => number, extra: number) =>
    reads(org, 'N01', 'call_centre', day, Math.round(40 + r() * 120) + extra, r);
  const { alerts, days } = run(org, 60, (i) => ({
    extra: (day, r) => noisy(day, r, i >= BASELINE_DAYS ? 100 : 0),
  }));
  const mine = alerts.filter((a) => a.actor === 'N01');
  assert.ok(mine.length >= 1, 'the drip on a noisy desk alerted');
  const delay = days.indexOf(mine[0]!.day) - BASELINE_DAYS;
  assert.ok(delay >= 0 && delay <= 14, `delay ${delay} working days`);
  assert.equal(alerts.filter((a) => a.actor !== 'N01').length, 0, 'nobody else alerted');
});

test('the CUSUM allowance is half the target drip in the actor’s own scale, never more than configured', () => {
  const o = watchOptions();
  const e = (scale: number) =>
    ({ observed: 0, expected: 0, scale, z: 0, basis: 'own' }) as unknown as Expectation;
  assert.equal(cusumAllowance(e(5), o), o.cusumAllowance);
  assert.equal(cusumAllowance(e(40), o), TARGET_DRIP_PER_DAY / 2 / 40);
});

test('a small group reading 900 together (a migration) stays quiet; one of them alone alerts', () => {
  const org = smallOrg();
  const it = ['I01', 'I02', 'I03'];
  const day = (surge: readonly string[]) => (i: number) => ({
    extra: (d: string, r: () => number) =>
      it.flatMap((a) =>
        reads(
          org,
          a,
          'it_support',
          d,
          i === 40 && surge.includes(a) ? 900 : 3 + Math.floor(r() * 5),
          r,
        ),
      ),
  });
  const together = run(org, 45, day(it));
  assert.deepEqual(
    together.alerts.filter((a) => it.includes(a.actor)),
    [],
    'the whole group surging together stays quiet',
  );
  const alone = run(org, 45, day(['I02']));
  assert.ok(
    alone.alerts.some((a) => a.actor === 'I02'),
    'one member surging alone alerts',
  );
  assert.ok(!alone.alerts.some((a) => a.actor === 'I01' || a.actor === 'I03'));
});

test('medianWithout leaves one equal element out', () => {
  assert.equal(medianWithout(Float64Array.of(1, 2, 9), 9), 1.5);
  assert.equal(medianWithout(Float64Array.of(1, 2, 9), 1), 5.5);
  assert.equal(medianWithout(Float64Array.of(1, 2, 3, 9), 2), 3);
  assert.equal(medianWithout(Float64Array.of(1, 2, 3), 7), 2);
  assert.equal(medianWithout(Float64Array.of(4), 4), 0);
});

test('lowerMedianWithout: what more than half of the others did at least', () => {
  assert.equal(lowerMedianWithout(Float64Array.of(1, 1, 17, 30), 30), 1);
  assert.equal(lowerMedianWithout(Float64Array.of(1, 17, 30), 1), 17);
  assert.equal(lowerMedianWithout(Float64Array.of(1, 17), 17), 1);
  assert.equal(lowerMedianWithout(Float64Array.of(90, 95, 100), 100), 90);
  assert.equal(lowerMedianWithout(Float64Array.of(5), 5), 0);
});

for (const it of [
  ['I01', 'I02', 'I03', 'I04'],
  ['I01', 'I02'],
])
  test(`two exfiltrators in a team of ${it.length} do not excuse each other`, () => {
    const org = smallOrg();
    const { alerts } = run(org, 60, (i) => ({
      extra: (d: string, r: () => number) =>
        it.flatMap((a) =>
          reads(
            org,
            a,
            'it_support',
            d,
            3 + Math.floor(r() * 5) + (i >= 40 && (a === 'I01' || a === 'I02') ? 100 : 0),
            r,
          ),
        ),
    }));
    assert.ok(
      alerts.some((a) => a.actor === 'I01'),
      'I01 alerted',
    );
    assert.ok(
      alerts.some((a) => a.actor === 'I02'),
      'I02 alerted',
    );
  });
