/**
 * Insider-watch benchmark and full-size acceptance (issue 5).
 *
 * 1. In memory, full size by default (2,000 staff, 18 months): detection delay per injected
 *    insider and false alerts per 1,000 staff-days per scenario kind, with the acceptance checks
 *    of test/watch/sim-acceptance.test.ts (exit 1 when they fail). Watch time is the engine's
 *    alone (the simulator's time is excluded), against a baseline measured in the same run: a bare
 *    pass over the same events that only counts distinct customers per actor and day.
 * 2. Over SQLite (`--db-staff N`, default 200 — importing 20 M events first would take longer than
 *    the watch itself): `import events`, a batch `runWatch` over everything, then an incremental
 *    hourly run after one more hour of events (target < 1 s).
 *
 * Run: `node --import tsx bench/watch.bench.ts [--staff 2000] [--customers 200000] [--months 18]
 *       [--seed S] [--db-staff 200] [--db-months 18]`
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { randomBytes } from 'node:crypto';
import { AuditLog } from '../src/audit/audit-log.ts';
import type { AccessEvent } from '../src/core/access-event.ts';
import { createLog } from '../src/audit/log-signer.ts';
import { createOrganisation, simulateEvents } from '../src/sim/index.ts';
import { migrateToLatest } from '../src/store/migrator.ts';
import { openDatabase } from '../src/store/open-database.ts';
import { importEvents } from '../src/vault/event-import.ts';
import { localTime } from '../src/watch/local-time.ts';
import { runWatch, runWatchIncremental } from '../src/watch/watch-runner.ts';
import { acceptanceProblems, evaluateOnSim, summarise } from '../test/watch/sim-harness.ts';

const { values } = parseArgs({
  options: {
    staff: { type: 'string', default: '2000' },
    customers: { type: 'string', default: '200000' },
    months: { type: 'string', default: '18' },
    seed: { type: 'string', default: String(Math.floor(Math.random() * 1_000_000)) },
    'db-staff': { type: 'string', default: '200' },
    'db-months': { type: 'string', default: '18' },
  },
});

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

async function main(): Promise<number> {
  const staff = Number(values.staff);
  const customers = Number(values.customers);
  const months = Number(values.months);
  const seed = Number(values.seed);
  console.log(
    `watch bench ${new Date().toISOString()}: seed ${seed}, ${staff} staff, ${customers} customers, ${months} months`,
  );
  const r = evaluateOnSim({ staff, customers, months, seed }, {}, bareCounter());
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

  // Over SQLite: import, batch, incremental (skipped with --db-staff 0).
  const dbStaff = Number(values['db-staff']);
  const dbMonths = Number(values['db-months']);
  if (dbStaff === 0) return problems.length === 0 ? 0 : 1;
  const dir = mkdtempSync(join(tmpdir(), 'piguard-bench-watch-'));
  try {
    const database = await openDatabase(`sqlite:${join(dir, 'w.db')}`);
    await migrateToLatest(database.db, 'sqlite');
    await createLog(database.db, { origin: 'bench.example/watch', masterKey: randomBytes(32) });
    const log = new AuditLog(database);
    const org = createOrganisation({
      staff: dbStaff,
      customers: dbStaff * 100,
      months: dbMonths,
      seed,
    });
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
    const all = [...simulateEvents(org)];
    const last = all.pop()!;
    const cut = `${localTime(last[0]!.ts, 480)!.day}T12:00:00+08:00`;
    const before = last.filter((e) => e.ts < cut);
    const after = last.filter((e) => e.ts >= cut && e.ts < cut.replace('T12', 'T13'));
    let t0 = performance.now();
    const { events: n } = await importEvents(database.db, log, [...all, before].flat());
    const importSec = (performance.now() - t0) / 1000;
    t0 = performance.now();
    const c0 = process.cpuUsage();
    const batch = await runWatch(database.db, {});
    const batchSec = (performance.now() - t0) / 1000;
    const bc = process.cpuUsage(c0);
    await importEvents(database.db, log, after);
    t0 = performance.now();
    const inc = await runWatchIncremental(database.db, new Date(Date.parse(cut) + 3_600_000));
    const incSec = (performance.now() - t0) / 1000;
    console.log(
      `  SQLite (${dbStaff} staff, ${dbMonths} months, ${n} events): import ${importSec.toFixed(1)} s (${Math.round(n / importSec).toLocaleString('en')} events/s, one transaction); ` +
        `watch batch ${batchSec.toFixed(1)} s wall, ${((bc.user + bc.system) / 1e6).toFixed(1)} s CPU (${Math.round(n / batchSec).toLocaleString('en')} events/s, ${batch.alerts.length} alerts); ` +
        `incremental hourly run ${incSec.toFixed(2)} s (${after.length} new events, ${inc.provisional.length} provisional alerts)`,
    );
    await log.close();
    await database.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return problems.length === 0 ? 0 : 1;
}

process.exitCode = await main();
