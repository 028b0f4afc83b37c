/**
 * Runs watch over a synthetic organisation in memory and scores it against the sim's truth:
 * detection delay per injected insider, false alerts per 1,000 staff-days (alerts on actors who
 * were not doing anything malicious at the time, benign surprises included).
 *
 * Shared by test/watch/sim-acceptance.test.ts (reduced staff) and bench/watch.bench.ts (full size).
 */
import {
  createOrganisation,
  simulateEvents,
  type SimOptions,
  type SimScenario,
} from '../../src/sim/index.ts';
import type { AccessEvent } from '../../src/core/access-event.ts';
import { daysBetween, addDays } from '../../src/watch/local-time.ts';
import { WatchEngine } from '../../src/watch/watch-engine.ts';
import type { WatchAlert, WatchDirectory, WatchOptions } from '../../src/watch/watch-types.ts';

export interface ScenarioResult {
  id: string;
  kind: string;
  actor: string;
  start: string;
  /** Days from start to the first alert on the actor (undefined: missed). */
  delay: number | undefined;
  /** Alerts on the actor during the scenario (+ 14 days). */
  alerts: number;
}

export interface SimEvaluation {
  seed: number;
  staff: number;
  months: number;
  events: number;
  seconds: number;
  /** Time spent in the watch engine alone (the rest is the simulation). */
  engineSeconds: number;
  /** Process CPU time spent in the engine (wall time suffers when the machine is shared). */
  engineCpuSeconds: number;
  /** Time spent in the optional baseline pass (wall, CPU). */
  baselineSeconds: number;
  baselineCpuSeconds: number;
  actorDays: number;
  alerts: WatchAlert[];
  scenarios: ScenarioResult[];
  falseAlerts: WatchAlert[];
  falsePer1000: number;
  /** False alerts on actors of each benign scenario during it (+ 7 days). */
  benign: Record<string, number>;
}

/** Days after a malicious scenario's end during which alerts on its actor count as true. */
const TRUE_TAIL_DAYS = 14;
/** Days before emitting alerts: the first scenarios start after 30 days. */
export const WARM_UP_DAYS = 30;

/**
 * `beforeFlush` sees the engine after the last day was pushed (its state has every day but the
 * last two or three closed) and the last four days' events.
 *
 * @example
 * const r = evaluateOnSim({ staff: 300, months: 18, seed: 7 });
 */
export function evaluateOnSim(
  simOptions: SimOptions,
  watch: Partial<WatchOptions> = {},
  baseline?: (events: readonly AccessEvent[]) => void,
  beforeFlush?: (engine: WatchEngine, lastDays: readonly (readonly AccessEvent[])[]) => void,
): SimEvaluation {
  const org = createOrganisation(simOptions);
  const started = performance.now();
  const staff = new Map(org.staff.map((s) => [s.staff_id, s]));
  const customers = new Map<string, { agent: string; region: string }>();
  const books = new Set<string>();
  for (let i = 0; i < org.customerCount; i++) {
    const c = org.customerAt(i);
    customers.set(c.customer_id, { agent: c.agent, region: c.branch });
    books.add(c.agent);
  }
  const directory: WatchDirectory = {
    staff: (a) => staff.get(a),
    customer: (c) => customers.get(c),
    hasBook: (a) => books.has(a),
  };
  // Organisations with early insiders (SimOptions.earlyInsiders) are scored from their first
  // day: what watch says in its warm-up month is then what is being evaluated.
  const since = addDays(org.truth.start, (simOptions.earlyInsiders ?? 0) > 0 ? 0 : WARM_UP_DAYS);
  const engine = new WatchEngine(directory, watch, undefined, { since });
  const alerts: WatchAlert[] = [];
  let events = 0;
  let engineMs = 0;
  let baselineMs = 0;
  let engineCpuUs = 0;
  let baselineCpuUs = 0;
  // The last days' events, for beforeFlush (the benchmark's incremental run replays them).
  const lastDays: AccessEvent[][] = [];
  const flat = new Set<string>();
  for (const day of simulateEvents(org)) {
    if (beforeFlush) {
      lastDays.push(day);
      if (lastDays.length > 4) lastDays.shift();
    }
    events += day.length;
    // Untimed: the simulator builds its strings by concatenation, and whoever hashes one first
    // pays for flattening it. Strings read from a file or a database are flat; make these so
    // before either the engine or the baseline sees them.
    for (const e of day) {
      flat.has(e.ts);
      flat.has(e.actor);
      for (const c of e.customers) flat.has(c);
    }
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    alerts.push(...engine.push(day));
    const c1 = process.cpuUsage(c0);
    engineCpuUs += c1.user + c1.system;
    engineMs += performance.now() - t0;
    if (baseline) {
      const t1 = performance.now();
      const c2 = process.cpuUsage();
      baseline(day);
      const c3 = process.cpuUsage(c2);
      baselineCpuUs += c3.user + c3.system;
      baselineMs += performance.now() - t1;
    }
  }
  beforeFlush?.(engine, lastDays);
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  alerts.push(...engine.flush());
  const c1 = process.cpuUsage(c0);
  engineCpuUs += c1.user + c1.system;
  engineMs += performance.now() - t0;
  const seconds = (performance.now() - started) / 1000;

  const malicious = org.truth.scenarios.filter((s) =>
    [
      'slow_exfiltration',
      'bulk_export',
      'off_hours_scraping',
      'cross_book_browsing',
      'compromised_account',
    ].includes(s.kind),
  );
  const isTrue = (a: WatchAlert) =>
    malicious.some(
      (s) => s.actor === a.actor && a.day >= s.start && a.day <= addDays(s.end, TRUE_TAIL_DAYS),
    );
  const scenarios = malicious.map((s: SimScenario): ScenarioResult => {
    const mine = alerts.filter(
      (a) => a.actor === s.actor && a.day >= s.start && a.day <= addDays(s.end, TRUE_TAIL_DAYS),
    );
    return {
      id: s.id,
      kind: s.kind,
      actor: s.actor!,
      start: s.start,
      delay: mine.length > 0 ? daysBetween(s.start, mine[0]!.day) : undefined,
      alerts: mine.length,
    };
  });
  const falseAlerts = alerts.filter((a) => !isTrue(a));
  const benign: Record<string, number> = {};
  for (const s of org.truth.scenarios) {
    if (malicious.includes(s)) continue;
    const actors = new Set(s.actor ? [s.actor] : (s.actors ?? []));
    benign[s.id] = falseAlerts.filter(
      (a) => actors.has(a.actor) && a.day >= s.start && a.day <= addDays(s.end, 7),
    ).length;
  }
  return {
    seed: org.truth.seed,
    staff: org.staff.length,
    months: org.options.months,
    events,
    seconds,
    engineSeconds: engineMs / 1000,
    engineCpuSeconds: engineCpuUs / 1e6,
    baselineSeconds: baselineMs / 1000,
    baselineCpuSeconds: baselineCpuUs / 1e6,
    actorDays: engine.stats.actorDays,
    alerts,
    scenarios,
    falseAlerts,
    falsePer1000: (falseAlerts.length / Math.max(1, engine.stats.actorDays)) * 1000,
    benign,
  };
}

/**
 * Plain-text summary: per scenario kind, detection delays; false alerts per 1,000 staff-days.
 *
 * @example
 * console.log(summarise(evaluateOnSim({ staff: 300, seed: 7 })));
 */
export function summarise(r: SimEvaluation): string {
  const lines = [
    `seed ${r.seed}: ${r.staff} staff, ${r.months} months, ${r.events} events, sim + watch ${r.seconds.toFixed(1)} s (watch ${r.engineSeconds.toFixed(1)} s, ${r.engineCpuSeconds.toFixed(1)} s CPU); ${r.alerts.length} alerts, ${r.actorDays} actor-days evaluated`,
  ];
  const kinds = [...new Set(r.scenarios.map((s) => s.kind))];
  for (const k of kinds) {
    const mine = r.scenarios.filter((s) => s.kind === k);
    const delays = mine.map((s) => (s.delay === undefined ? 'missed' : `${s.delay}d`));
    lines.push(`  ${k}: ${mine.length} injected, delays ${delays.join(', ')}`);
  }
  lines.push(
    `  false alerts: ${r.falseAlerts.length} (${r.falsePer1000.toFixed(3)} per 1,000 actor-days); on benign scenario actors: ${JSON.stringify(r.benign)}`,
  );
  return lines.join('\n');
}

/**
 * The acceptance checks; returns the problems (empty when accepted).
 *
 * @example
 * assert.deepEqual(acceptanceProblems(evaluateOnSim({ staff: 300, seed })), []);
 */
export function acceptanceProblems(r: SimEvaluation): string[] {
  const problems: string[] = [];
  const delays = (kind: string) => r.scenarios.filter((s) => s.kind === kind);
  const drips = delays('slow_exfiltration');
  for (const s of drips) {
    if (s.delay === undefined || s.delay > 14)
      problems.push(`${s.id} (${s.actor}) delay ${s.delay ?? 'missed'}`);
  }
  const known = drips.map((s) => s.delay ?? Infinity).sort((a, b) => a - b);
  if (known.length > 0) {
    const med =
      known.length % 2
        ? known[known.length >> 1]!
        : (known[known.length / 2 - 1]! + known[known.length / 2]!) / 2;
    if (med > 7) problems.push(`slow exfiltration median delay ${med} > 7`);
  }
  for (const s of delays('bulk_export')) {
    if (s.delay === undefined || s.delay > 1)
      problems.push(`${s.id} (${s.actor}) delay ${s.delay ?? 'missed'}`);
  }
  for (const s of delays('off_hours_scraping')) {
    if (s.delay === undefined || s.delay > 3)
      problems.push(`${s.id} (${s.actor}) delay ${s.delay ?? 'missed'}`);
  }
  if (r.falsePer1000 > 1)
    problems.push(`false alerts ${r.falsePer1000.toFixed(3)} per 1,000 staff-days`);
  return problems;
}
