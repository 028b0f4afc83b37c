/**
 * Benign surges of organisations written by other people (issue 5, watch round 2): routine and
 * periodic exports, a campaign that gives part of a role a new source, a cross-role task with a
 * purpose new to everyone on it, peers grouped by the directory's policy role rather than the
 * title an event carries — each quiet, while the malicious version of the same shape still
 * alerts. Small hand-built streams (fixtures/small-org.ts): 12 agents and 8 QC clerks.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { WatchAlert, WatchEvent } from '../../src/watch/watch-types.ts';
import { reads, runDays, smallOrg, type DayPlan, type SmallOrg } from './fixtures/small-org.ts';

/** Runs `total` working days; returns every alert and the days. */
function run(
  org: SmallOrg,
  total: number,
  plan: (i: number, day: string) => DayPlan = () => ({}),
): { alerts: WatchAlert[]; days: string[] } {
  return runDays(org, total, { seed: 11, plan });
}

function exports(org: SmallOrg, actor: string, role: string, day: string, n: number) {
  return (_d: string, r: () => number): WatchEvent[] =>
    reads(org, actor, role, day, n, r, { action: 'export' });
}

function summary(alerts: readonly WatchAlert[]): string[] {
  return alerts.map((a) => `${a.actor} ${a.day} ${a.kinds.join('+')}`);
}

test('an export of the size the actor does every fifth day is routine; a far larger one alerts', () => {
  const org = smallOrg();
  const { alerts, days } = run(org, 60, (i, day) => {
    if (i === 55) return { extra: exports(org, 'A03', 'agent', day, 2000) };
    // A list of about 350 every fifth working day (a weekly duty), from the first week.
    if (i % 5 === 0) return { extra: exports(org, 'A03', 'agent', day, 330 + (i % 3) * 10) };
    return {};
  });
  // The first one is new (nothing to compare with); from the second on it is routine — neither
  // a bulk export nor a read spike or a drip.
  assert.deepEqual(summary(alerts.filter((a) => a.day !== days[0] && a.day !== days[55])), []);
  const bulk = alerts.filter((a) => a.day === days[55]);
  assert.deepEqual(
    bulk.map((a) => [a.actor, a.kind]),
    [['A03', 'bulk_export']],
  );
  assert.match(bulk[0]!.reasons.join(' '), /largest usual export 3\d\d/);
});

test('a month-end duty done by the role together is routine on its first occurrence', () => {
  const org = smallOrg();
  const { alerts } = run(org, 45, (i, day) =>
    i === 40
      ? {
          extra: (d, r) =>
            org.qc.flatMap((q, k) => exports(org, q, 'quality_control', day, 300 + 20 * k)(d, r)),
        }
      : {},
  );
  assert.deepEqual(summary(alerts), []);
});

test('an export several times the size the role exports still alerts the same day', () => {
  const org = smallOrg();
  const { alerts, days } = run(org, 45, (i, day) =>
    i === 40
      ? {
          extra: (d, r) => [
            ...org.qc
              .slice(0, 7)
              .flatMap((q) => exports(org, q, 'quality_control', day, 300)(d, r)),
            ...exports(org, 'Q07', 'quality_control', day, 3000)(d, r),
          ],
        }
      : {},
  );
  assert.deepEqual(
    alerts.map((a) => [a.actor, a.day, a.kind]),
    [['Q07', days[40], 'bulk_export']],
  );
});

test('a campaign giving half the agents a new source and more to read is not a takeover', () => {
  const org = smallOrg();
  const campaign = new Set(org.agents.slice(0, 7));
  const { alerts } = run(org, 60, (i, day) =>
    i >= 40
      ? {
          extra: (d, r) =>
            [...campaign].flatMap((a) =>
              reads(org, a, 'agent', day, 110 + Math.floor(r() * 30), r, {
                source: 'bi-report',
                pool: org.bookOf.get(a)!,
              }),
            ),
        }
      : {},
  );
  assert.deepEqual(summary(alerts), []);
});

test('the same new source and volume by one agent alone is still flagged', () => {
  const org = smallOrg();
  const { alerts, days } = run(org, 60, (i, day) =>
    i >= 40
      ? { extra: (_d, r) => reads(org, 'A02', 'agent', day, 130, r, { source: 'bi-report' }) }
      : {},
  );
  const mine = alerts.filter((a) => a.actor === 'A02');
  assert.equal(alerts.length, mine.length, 'nobody else alerted');
  assert.ok(mine.length >= 1 && days.indexOf(mine[0]!.day) <= 47, summary(alerts).join('; '));
});

/** Reads with `purpose`; an agent's within its own book (a hand-over, not snooping). */
function purposeReads(
  org: SmallOrg,
  actor: string,
  role: string,
  purpose: string,
  day: string,
  n: number,
  r: () => number,
): WatchEvent[] {
  const pool = org.bookOf.get(actor);
  return reads(org, actor, role, day, n, r, pool ? { pool } : {}).map((e) => ({ ...e, purpose }));
}

test('a task with a purpose new to people of several roles (a merger) is collective', () => {
  const org = smallOrg();
  const team = [
    ...org.agents.slice(0, 4).map((a) => [a, 'agent'] as const),
    ...org.qc.slice(0, 4).map((q) => [q, 'quality_control'] as const),
  ];
  const { alerts } = run(org, 60, (i, day) =>
    i >= 40 && i < 52
      ? {
          extra: (_d, r) =>
            team.flatMap(([a, role]) =>
              purposeReads(org, a, role, 'book_transfer', day, 80 + Math.floor(r() * 100), r),
            ),
        }
      : {},
  );
  assert.deepEqual(summary(alerts), [], alerts.map((a) => a.reasons.join(' ')).join('\n'));
});

test('one person reading with a new purpose alone is compared with the role as usual', () => {
  const org = smallOrg();
  const { alerts, days } = run(org, 60, (i, day) =>
    i >= 40
      ? { extra: (_d, r) => purposeReads(org, 'A06', 'agent', 'book_transfer', day, 120, r) }
      : {},
  );
  const mine = alerts.filter((a) => a.actor === 'A06');
  assert.equal(alerts.length, mine.length, 'nobody else alerted');
  assert.ok(mine.length >= 1, 'the lone reader alerted');
  assert.equal(mine[0]!.kind, 'slow_drip');
  assert.ok(days.indexOf(mine[0]!.day) <= 50);
});

test("peers are the directory's policy role, not the title an event carries", () => {
  const org = smallOrg();
  const { alerts } = run(org, 50, (i, day) =>
    i >= 40
      ? { extra: (_d, r) => reads(org, 'A08', '高级客户经理 (Senior Agent)', day, 120, r) }
      : {},
  );
  const mine = alerts.filter((a) => a.actor === 'A08');
  assert.ok(mine.length >= 1);
  assert.match(mine[0]!.reasons.join(' '), /agent @ B1 peers/);
  assert.doesNotMatch(mine[0]!.reasons.join(' '), /Senior Agent/);
});
