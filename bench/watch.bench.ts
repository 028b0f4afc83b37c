/**
 * Insider-watch benchmark and full-size acceptance (issue 5).
 *
 * 1. In memory, full size by default (2,000 staff, 18 months): detection delay per injected
 *    insider and false alerts per 1,000 staff-days per scenario kind, with the acceptance checks
 *    of test/watch/sim-acceptance.test.ts (exit 1 when they fail). Watch time is the engine's
 *    alone (the simulator's time is excluded), against a baseline measured in the same run: a bare
 *    pass over the same events that only counts distinct customers per actor and day.
 * 2. Over SQLite (`--db-staff N`, default 200 — importing 20 M events first would take longer than
 *    the watch itself): `import events`, a batch `runWatch` over everything (CPU time) against a
 *    baseline measured in the same run — only reading the same events through the Kysely page
 *    reader (`streamEvents`, the read path before the SQLite fast path) — then an incremental
 *    hourly run after one more hour of events (target < 1 s).
 * 3. The incremental hourly run at the full staff size of part 1 (`--inc`, default on): the state
 *    the in-memory engine had before its last days is saved in a fresh SQLite database with the
 *    staff and customers, the last days' events up to noon are imported, then one more hour, and
 *    `runWatchIncremental` runs (target < 1 s at 2,000 staff).
 *
 * 4. `--db-from-files DIR` (instead of 1–3): the full-size SQLite measurement — the files that
 *    `piguard sim --out DIR` wrote are imported with the real commands (once, when `--keep-db
 *    PATH` is given and PATH was imported before), then a batch `runWatch` is timed against a bare
 *    read of the same events; `--compare` also runs the same organisation in memory (pass the
 *    `--staff --customers --months --seed` the files were simulated with) and compares the alerts.
 *    See bench/watch-from-files.ts.
 *
 * Run: `node --import tsx bench/watch.bench.ts [--staff 2000] [--customers 200000] [--months 18]
 *       [--seed S] [--db-staff 200] [--db-months 18] [--inc true|false] [--early N]`
 * `--early N`: the first N insiders of each malicious kind start in the first month of history
 * (SimOptions.earlyInsiders), and the harness scores from the first day.
 *  or: `node --import tsx bench/watch.bench.ts --db-from-files DIR [--keep-db PATH]
 *       [--compare --staff 2000 --customers 1000000 --months 18 --seed S]`
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { randomBytes } from 'node:crypto';
import { AuditLog } from '../src/audit/audit-log.ts';
import type { AccessEvent } from '../src/core/access-event.ts';
import type { Kysely } from 'kysely';
import { createLog } from '../src/audit/log-signer.ts';
import { createOrganisation, simulateEvents, type SimOrganisation } from '../src/sim/index.ts';
import { migrateToLatest } from '../src/store/migrator.ts';
import { openDatabase } from '../src/store/open-database.ts';
import { importEvents } from '../src/vault/event-import.ts';
import { localTime } from '../src/watch/local-time.ts';
import { streamEvents } from '../src/watch/db-event-source.ts';
import { saveWatchState } from '../src/watch/state-store.ts';
import type { WatchEngineState } from '../src/watch/watch-engine.ts';
import { runWatch, runWatchIncremental } from '../src/watch/watch-runner.ts';
import { WatchSession } from '../src/watch/watch-session.ts';
import type { Schema } from '../src/store/schema.ts';
import { acceptanceProblems, evaluateOnSim, summarise } from '../test/watch/sim-harness.ts';
import { watchFromFiles } from './watch-from-files.ts';

const { values } = parseArgs({
  options: {
    staff: { type: 'string', default: '2000' },
    customers: { type: 'string', default: '200000' },
    months: { type: 'string', default: '18' },
    seed: { type: 'string', default: String(Math.floor(Math.random() * 1_000_000)) },
    'db-staff': { type: 'string', default: '200' },
    'db-months': { type: 'string', default: '18' },
    inc: { type: 'string', default: 'true' },
    early: { type: 'string', default: '0' },
    'db-from-files': { type: 'string' },
    'keep-db': { type: 'string' },
    compare: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});
if (values.help) {
  console.log(
    'node --import tsx bench/watch.bench.ts [--staff 2000] [--customers 200000] [--months 18] ' +
      '[--seed S] [--db-staff 200 (0: skip the SQLite part)] [--db-months 18] [--inc true|false] ' +
      '[--early N (first N insiders of each kind start in the first month; scored from day 1)]\n' +
      '  or: node --import tsx bench/watch.bench.ts --db-from-files DIR [--keep-db PATH] ' +
      '[--compare --staff N --customers N --months N --seed S]',
  );
  process.exit(0);
}

/** Baseline: a bare pass that only counts distinct customers per actor and local day. */
function bareCounter(): (events: readonly AccessEvent[]) => void {
  let day = '';
  let perActor = new Map<string, Set<string>>();
  return (events) => {
    for (const e of events) {
      const d = localTime(e.ts, 480)!.day;
      if (d !== day) {
        perActor = new Map();
        day = d;
      }
      let s = perActor.get(e.actor);
      if (!s) perActor.set(e.actor, (s = new Set()));
      for (const c of e.customers) s.add(c);
    }
  };
}

/** CPU seconds (user + system) since `c0`. */
function cpuSince(c0: NodeJS.CpuUsage): number {
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / 1e6;
}

function load(): string {
  return loadavg()
    .map((x) => x.toFixed(1))
    .join(' ');
}

/** A migrated SQLite database in a temporary directory, with an audit log and `org`'s staff and customers. */
async function openOrgDatabase(org: SimOrganisation) {
  const dir = mkdtempSync(join(tmpdir(), 'piguard-bench-watch-'));
  const database = await openDatabase(`sqlite:${join(dir, 'w.db')}`);
  await migrateToLatest(database.db, 'sqlite');
  await createLog(database.db, { origin: 'bench.example/watch', masterKey: randomBytes(32) });
  const log = new AuditLog(database);
  const at = new Date().toISOString();
  await database.db
    .insertInto('staff')
    .values(
      org.staff.map((s) => ({
        staff_id: s.staff_id,
        role: s.role,
        branch: s.branch,
        team: s.team,
        updated_at: at,
      })),
    )
    .execute();
  for (let i = 0; i < org.customerCount; i += 1000) {
    const rows = [];
    for (let k = i; k < Math.min(org.customerCount, i + 1000); k++) {
      const c = org.customerAt(k);
      rows.push({
        customer_id: c.customer_id,
        agent_id: c.agent,
        branch: c.branch,
        region: null,
        key_version: 1,
        ring_version: 1,
        created_at: at,
        updated_at: at,
      });
    }
    await database.db.insertInto('customers').values(rows).execute();
  }
  const close = async () => {
    await log.close();
    await database.close();
    rmSync(dir, { recursive: true, force: true });
  };
  return { db: database.db as Kysely<Schema>, log, close };
}

/** The events of `days` in [from, to) (epoch ms). */
function between(
  days: readonly (readonly AccessEvent[])[],
  from: number,
  to: number,
): AccessEvent[] {
  const out: AccessEvent[] = [];
  for (const day of days) {
    for (const e of day) {
      const t = Date.parse(e.ts);
      if (t >= from && t < to) out.push(e);
    }
  }
  return out;
}

/** Noon of the last day of `days`, and the events before it and in the hour after it. */
function splitAtNoon(days: readonly (readonly AccessEvent[])[]): {
  cut: string;
  before: AccessEvent[];
  after: AccessEvent[];
} {
  const last = days[days.length - 1]!;
  const cut = `${localTime(last[0]!.ts, 480)!.day}T12:00:00+08:00`;
  const cutMs = Date.parse(cut);
  return {
    cut,
    before: between(days, -Infinity, cutMs),
    after: between(days, cutMs, cutMs + 3_600_000),
  };
}

/** Wall and CPU seconds of `f`. */
async function timed<T>(f: () => Promise<T>): Promise<{ value: T; wall: number; cpu: number }> {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const value = await f();
  return { value, wall: (performance.now() - t0) / 1000, cpu: cpuSince(c0) };
}

/**
 * Part 3: the hourly run at full staff size, from the in-memory engine's state. The server's
 * session (kept engine) against the cold run (state loaded each hour), in the same process.
 */
async function incrementalAtFullSize(
  org: SimOrganisation,
  state: WatchEngineState,
  lastDays: readonly (readonly AccessEvent[])[],
): Promise<void> {
  const { db, log, close } = await openOrgDatabase(org);
  try {
    await saveWatchState(db, state);
    const closed = state.lastClosedDay!;
    const open = lastDays.map((d) => d.filter((e) => localTime(e.ts, 480)!.day > closed));
    const { cut, before, after } = splitAtNoon(open);
    await importEvents(db, log, before);
    const noon = new Date(Date.parse(cut));
    const hour = 3_600_000;
    // First hourly run of the server: loads the state, closes the days completed since it (as
    // the server would have done through the night), previews the morning.
    const session = new WatchSession(db);
    const first = await timed(() => session.run(noon));
    await importEvents(db, log, after);
    // The next hour, kept: only the new events.
    const kept = await timed(() => session.run(new Date(noon.getTime() + hour)));
    // The same hour, cold (what every hourly run cost before the session).
    const cold = await timed(() => runWatchIncremental(db, new Date(noon.getTime() + hour)));
    // The rest of the day hour by hour, as the server sees it, then the run just after midnight
    // that closes the day (its last hour's events, the day's evaluation, the changed state).
    const hourly: number[] = [];
    let hourEvents = 0;
    for (let h = 2; h <= 11; h++) {
      const events = between(open, noon.getTime() + (h - 1) * hour, noon.getTime() + h * hour);
      if (events.length > 0) await importEvents(db, log, events);
      hourEvents += events.length;
      const r = await timed(() => session.run(new Date(noon.getTime() + h * hour)));
      if (r.value.cold) throw new Error('the session started cold');
      hourly.push(r.cpu);
    }
    const lastHour = between(open, noon.getTime() + 11 * hour, noon.getTime() + 12 * hour);
    if (lastHour.length > 0) await importEvents(db, log, lastHour);
    const midnight = await timed(() => session.run(new Date(noon.getTime() + 12.25 * hour)));
    console.log(
      `  incremental at full size (${org.staff.length} staff, ${org.customerCount} customers, state of ${Object.keys(state.actors).length} actors, last closed ${closed}):\n` +
        `    first (cold) run ${first.wall.toFixed(2)} s wall / ${first.cpu.toFixed(2)} s CPU (${before.length} events since the state, ${first.value.alerts.length} alerts)\n` +
        `    hourly run, kept session: ${kept.wall.toFixed(3)} s wall / ${kept.cpu.toFixed(3)} s CPU (${after.length} new events, ${kept.value.provisional.length} provisional alerts, cold=${kept.value.cold})\n` +
        `    hourly run, cold (state loaded): ${cold.wall.toFixed(2)} s wall / ${cold.cpu.toFixed(2)} s CPU; kept/cold ${(kept.cpu / cold.cpu).toFixed(3)}× CPU\n` +
        `    the next ${hourly.length} hourly runs, kept (${hourEvents} events): CPU max ${Math.max(...hourly).toFixed(3)} s, mean ${(hourly.reduce((a, b) => a + b, 0) / hourly.length).toFixed(3)} s\n` +
        `    day-closing run just after midnight, kept: ${midnight.wall.toFixed(3)} s wall / ${midnight.cpu.toFixed(3)} s CPU (${lastHour.length} new events, ${midnight.value.alerts.length} final alerts, ${midnight.value.stats.daysClosed} day closed, cold=${midnight.value.cold}); load ${load()}`,
    );
  } finally {
    await close();
  }
}

async function main(): Promise<number> {
  const staff = Number(values.staff);
  const customers = Number(values.customers);
  const months = Number(values.months);
  const seed = Number(values.seed);
  const fromFiles = values['db-from-files'];
  if (fromFiles !== undefined) {
    console.log(`watch bench ${new Date().toISOString()}: SQLite from the files of ${fromFiles}`);
    return watchFromFiles({
      dir: fromFiles,
      ...(values['keep-db'] !== undefined ? { keepDb: values['keep-db'] } : {}),
      ...(values.compare ? { compare: { staff, customers, months, seed } } : {}),
    });
  }
  console.log(
    `watch bench ${new Date().toISOString()}: seed ${seed}, ${staff} staff, ${customers} customers, ${months} months`,
  );
  let captured: { state: WatchEngineState; lastDays: (readonly AccessEvent[])[] } | undefined;
  const r = evaluateOnSim(
    { staff, customers, months, seed, earlyInsiders: Number(values.early) },
    {},
    bareCounter(),
    values.inc === 'true'
      ? (engine, lastDays) => {
          captured = { state: engine.exportState(), lastDays: [...lastDays] };
        }
      : undefined,
  );
  console.log(summarise(r));
  const kinds = [...new Set(r.scenarios.map((s) => s.kind))];
  for (const k of kinds) {
    const d = r.scenarios.filter((s) => s.kind === k).map((s) => s.delay);
    const found = d.filter((x): x is number => x !== undefined).sort((a, b) => a - b);
    const med = found.length ? found[Math.floor((found.length - 1) / 2)] : undefined;
    console.log(
      `  delay ${k}: n=${d.length} detected=${found.length} median=${med ?? '-'}d max=${found.length ? found[found.length - 1] : '-'}d`,
    );
  }
  const byKind = new Map<string, number>();
  for (const a of r.falseAlerts) byKind.set(a.kind, (byKind.get(a.kind) ?? 0) + 1);
  console.log(`  false alerts by detector: ${JSON.stringify(Object.fromEntries(byKind))}`);
  const problems = acceptanceProblems(r);
  console.log(
    problems.length === 0 ? '  acceptance: PASS' : `  acceptance: FAIL ${problems.join('; ')}`,
  );
  console.log(
    `  watch engine ${r.engineCpuSeconds.toFixed(1)} s CPU (${r.engineSeconds.toFixed(1)} s wall) for ${r.events} events ` +
      `(${Math.round(r.events / r.engineCpuSeconds).toLocaleString('en')} events per CPU-second); ` +
      `baseline bare distinct-count pass ${r.baselineCpuSeconds.toFixed(1)} s CPU (${r.baselineSeconds.toFixed(1)} s wall); ` +
      `ratio ${(r.engineCpuSeconds / r.baselineCpuSeconds).toFixed(2)}× CPU; load average ${loadavg()[0]!.toFixed(1)}`,
  );

  if (captured) {
    await incrementalAtFullSize(
      createOrganisation({ staff, customers, months, seed }),
      captured.state,
      captured.lastDays,
    );
  }

  // Over SQLite: import, batch, incremental (skipped with --db-staff 0).
  const dbStaff = Number(values['db-staff']);
  const dbMonths = Number(values['db-months']);
  if (dbStaff === 0) return problems.length === 0 ? 0 : 1;
  const org = createOrganisation({
    staff: dbStaff,
    customers: dbStaff * 100,
    months: dbMonths,
    seed,
  });
  const { db, log, close } = await openOrgDatabase(org);
  try {
    const all = [...simulateEvents(org)];
    const { cut, before, after } = splitAtNoon(all.slice(-1));
    let t0 = performance.now();
    const { events: n } = await importEvents(db, log, [...all.slice(0, -1).flat(), ...before]);
    const importSec = (performance.now() - t0) / 1000;
    // Baseline: only reading the same events through the Kysely page reader.
    t0 = performance.now();
    let c0 = process.cpuUsage();
    let read = 0;
    for await (const page of streamEvents(db)) read += page.length;
    const readSec = (performance.now() - t0) / 1000;
    const readCpu = cpuSince(c0);
    t0 = performance.now();
    c0 = process.cpuUsage();
    const batch = await runWatch(db, {});
    const batchSec = (performance.now() - t0) / 1000;
    const batchCpu = cpuSince(c0);
    await importEvents(db, log, after);
    t0 = performance.now();
    c0 = process.cpuUsage();
    const inc = await runWatchIncremental(db, new Date(Date.parse(cut) + 3_600_000));
    const incSec = (performance.now() - t0) / 1000;
    const incCpu = cpuSince(c0);
    console.log(
      `  SQLite (${dbStaff} staff, ${dbMonths} months, ${n} events): import ${importSec.toFixed(1)} s (${Math.round(n / importSec).toLocaleString('en')} events/s, one transaction); ` +
        `baseline: reading the ${read} events through the Kysely page reader ${readSec.toFixed(1)} s wall, ${readCpu.toFixed(2)} s CPU; ` +
        `watch batch ${batchSec.toFixed(1)} s wall, ${batchCpu.toFixed(2)} s CPU (${Math.round(n / batchCpu).toLocaleString('en')} events per CPU-second, ${batch.alerts.length} alerts); ` +
        `ratio ${(batchCpu / readCpu).toFixed(2)}× CPU; ` +
        `incremental hourly run ${incSec.toFixed(2)} s wall / ${incCpu.toFixed(2)} s CPU (${after.length} new events, ${inc.provisional.length} provisional alerts); load ${load()}`,
    );
  } finally {
    await close();
  }
  return problems.length === 0 ? 0 : 1;
}

process.exitCode = await main();
