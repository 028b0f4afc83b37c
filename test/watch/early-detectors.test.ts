/**
 * Watch's first month (issue 5): detectors that need no history of the actor — the peer-relative
 * drip, bulk export against peers, off hours against the organisation's hours — alert from the
 * first day of history, and audit-purpose reads are excused only for actors in an audit role.
 * Small hand-built streams (fixtures/small-org.ts): 12 agents and 8 QC clerks in one branch.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type {
  WatchAlert,
  WatchDirectory,
  WatchEvent,
  WatchOptions,
} from '../../src/watch/watch-types.ts';
import { reads, runDays, smallOrg, type DayPlan, type SmallOrg } from './fixtures/small-org.ts';

/** Runs `total` working days from the first day of history; returns every alert. */
function run(
  org: SmallOrg,
  total: number,
  plan: (i: number, day: string) => DayPlan = () => ({}),
  options: Partial<WatchOptions> = {},
  directory: WatchDirectory = org.directory,
): { alerts: WatchAlert[]; days: string[] } {
  return runDays(org, total, { seed: 7, plan, options, directory });
}

/** The warm-up's last day (28 calendar days from the first). */
const WARM_UP_WORKDAYS = 20;

test('a drip running from the first day of history alerts in the warm-up, against peers', () => {
  const org = smallOrg();
  const drip: DayPlan = { extra: (day, r) => reads(org, 'Q03', 'quality_control', day, 100, r) };
  const { alerts, days } = run(org, 40, () => drip);
  const mine = alerts.filter((a) => a.actor === 'Q03');
  assert.equal(alerts.length - mine.length, 0, 'nobody else alerted');
  assert.ok(mine.length >= 1, 'the drip alerted');
  const first = mine[0]!;
  assert.equal(first.kind, 'slow_drip');
  const delay = days.indexOf(first.day);
  assert.ok(delay <= 7, `alerted on working day ${delay}`);
  assert.ok(delay < WARM_UP_WORKDAYS, 'within the warm-up');
  assert.match(
    first.reasons.join(' '),
    /more than the median of quality_control @ B1 peers on the same days/,
  );
});

test('without early detectors the same drip is silent through the warm-up (the old behaviour)', () => {
  const org = smallOrg();
  const drip: DayPlan = { extra: (day, r) => reads(org, 'Q03', 'quality_control', day, 100, r) };
  const { alerts, days } = run(org, WARM_UP_WORKDAYS - 1, () => drip, { earlyDetectors: false });
  assert.deepEqual(
    alerts.map((a) => `${a.actor} ${a.day}`),
    [],
    `no alert before ${days.at(-1)}`,
  );
});

test('bulk export on the second day of history alerts that day', () => {
  const org = smallOrg();
  const { alerts, days } = run(org, 10, (i, day) =>
    i === 1
      ? { extra: (_d, r) => reads(org, 'A04', 'agent', day, 500, r, { action: 'export' }) }
      : {},
  );
  assert.deepEqual(
    alerts.map((a) => [a.actor, a.day, a.kind]),
    [['A04', days[1], 'bulk_export']],
  );
});

test('off-hours scraping on the third day of history alerts that night', () => {
  const org = smallOrg();
  const { alerts, days } = run(org, 10, (i, day) =>
    i === 2 ? { extra: (_d, r) => reads(org, 'A07', 'agent', day, 120, r, { hour: 2 }) } : {},
  );
  assert.deepEqual(
    alerts.map((a) => [a.actor, a.day, a.kind]),
    [['A07', days[2], 'off_hours']],
  );
  assert.match(alerts[0]!.reasons.join(' '), /outside office hours .*02h/);
});

test('from the first day: busy desks with outcomes, and an absent week, stay quiet', () => {
  const org = smallOrg();
  const busy = new Set(['Q01', 'A02']);
  const { alerts } = run(org, 40, (i) => ({
    // Twice the volume, with outcomes as usual: a busy desk, not a drip.
    factor: (a) => (busy.has(a) ? 2 : 1),
    absent: i >= 5 && i < 10 ? new Set(['A03']) : undefined,
  }));
  assert.deepEqual(alerts, []);
});

/** The small organisation with two internal auditors (role from HR's staff file). */
function withAuditors(org: SmallOrg): WatchDirectory {
  const auditors = new Map([
    ['AU1', { role: 'internal_audit', branch: 'B1', team: 'IA' }],
    ['AU2', { role: 'internal_audit', branch: 'B1', team: 'IA' }],
  ]);
  return { ...org.directory, staff: (a) => auditors.get(a) ?? org.directory.staff(a) };
}

/** `n` reads without outcome with purpose `purpose`, logged under role `role`. */
function purposeReads(
  org: SmallOrg,
  actor: string,
  role: string,
  purpose: string,
  day: string,
  n: number,
  r: () => number,
): WatchEvent[] {
  return reads(org, actor, role, day, n, r).map((e) => ({ ...e, purpose }));
}

test('audit-purpose reads are excused for auditors, not for an agent claiming an audit', () => {
  const org = smallOrg();
  const directory = withAuditors(org);
  const { alerts } = run(
    org,
    45,
    (i, day) => ({
      extra: (_d, r) => [
        // The auditors read a few a day, then 150 a day for the audit from day 25.
        ...purposeReads(org, 'AU1', 'internal_audit', 'internal_audit', day, i < 25 ? 5 : 150, r),
        ...purposeReads(org, 'AU2', 'internal_audit', 'internal_audit', day, i < 25 ? 5 : 150, r),
        // An agent claims the same purpose for a drip (its event role even says audit).
        ...(i >= 25
          ? purposeReads(org, 'A05', 'internal_audit', 'internal_audit', day, 120, r)
          : []),
      ],
    }),
    {},
    directory,
  );
  assert.deepEqual(
    alerts.filter((a) => a.actor === 'AU1' || a.actor === 'AU2'),
    [],
    'auditors on an audit',
  );
  const agent = alerts.filter((a) => a.actor === 'A05');
  assert.ok(agent.length >= 1, 'the agent claiming an audit alerted');
  assert.ok(agent[0]!.kinds.includes('slow_drip'));
  assert.equal(alerts.length, agent.length, 'nobody else alerted');
});
