/**
 * Acceptance of watch on the synthetic organisation (issue 5), in memory, with a seed picked at
 * random (printed on failure; set PIGUARD_WATCH_SEED to replay). This test runs 18 months at a
 * reduced staff size (PIGUARD_WATCH_STAFF, default 300) to stay within the test budget; the full
 * size (2,000 staff) runs in bench/watch.bench.ts with the same harness and the same checks.
 *
 * Criteria: every slow exfiltrator (≥ 80 extra records/day) alerted within 14 days of its start,
 * median ≤ 7; bulk exporters within 1 day; off-hours scrapers within 3 days; false alerts ≤ 1 per
 * 1,000 staff-days (actor-days evaluated), benign surprises included.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { acceptanceProblems, evaluateOnSim, summarise } from './sim-harness.ts';

test('watch on an 18-month sim organisation meets the issue 5 acceptance criteria', () => {
  const seed = Number(process.env['PIGUARD_WATCH_SEED'] ?? Math.floor(Math.random() * 1_000_000));
  const staff = Number(process.env['PIGUARD_WATCH_STAFF'] ?? 300);
  const r = evaluateOnSim({ seed, staff, customers: staff * 100, months: 18 });
  const problems = acceptanceProblems(r);
  assert.deepEqual(
    problems,
    [],
    `seed ${seed} (replay: PIGUARD_WATCH_SEED=${seed})\n${summarise(r)}`,
  );
  assert.ok(
    r.scenarios.some((s) => s.kind === 'slow_exfiltration'),
    `seed ${seed}: no exfiltrator injected`,
  );
});
