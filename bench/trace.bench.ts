/**
 * Trace at scale and the smallest leak that names its source (issue 6).
 *
 * Part 1 — `piguard trace` on SQLite: a leaked CSV (name + phone; 70% of rows from one source's
 * export, 30% from outside) against a vault of N customers (blind-indexed phones), S staff and E
 * access events, timed end to end (read, match, load history, strata, test every actor, store),
 * with peak RSS. Baseline measured in the same run: streaming the same access history with no
 * work at all (the I/O floor: every reference joined to its event, in audit order). Issue target: 100,000 rows vs 1 M customers, 2,000 staff, 20 M
 * events < 30 s and < 4 GB RSS:
 *
 *     node --import tsx bench/trace.bench.ts --customers 1000000 --staff 2000 --events 20000000 --leak 100000
 *
 * The default is a tenth of that (quick). Part 2 — on the synthetic organisation of the
 * acceptance tests: for each kind of source, the smallest leak (rows drawn from the source, plus
 * 30% outside rows) whose true source is top-1 with FAP ≤ 1e-6 in ≥ 99% of trials, without and
 * with canaries (an export of R rows carries canaryCountFor(R) canaries; a leak that contains one
 * names its export with certainty).
 *
 * Run: `node --import tsx bench/trace.bench.ts [--customers N] [--staff N] [--events N] [--leak N] [--branches N] [--skip-scale] [--skip-min-rows]`
 * (`--branches`, default 50: branches recorded in the vault, which trace stratifies by; 0 = none).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import BetterSqlite3 from 'better-sqlite3';
import type { KeyProvider } from '../src/protect/key-provider.ts';
import { migrateToLatest } from '../src/store/migrator.ts';
import { openDatabase } from '../src/store/open-database.ts';
import { attribute } from '../src/trace/attribution.ts';
import { canaryCountFor } from '../src/trace/canary-decorator.ts';
import { NullModel } from '../src/trace/null-model.ts';
import { seededRandomInt, syntheticMobile } from '../src/trace/synthetic-identity.ts';
import { traceFile } from '../src/trace/trace-service.ts';
import { CustomerVault } from '../src/vault/customer-vault.ts';
import { sample } from '../test/trace/support/leak-maker.ts';
import { branchGroups, buildSyntheticOrg } from '../test/trace/support/synthetic-org.ts';

function flag(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

const SEEN_AT = '2026-08-01T00:00:00.000Z';

async function scale(): Promise<void> {
  const N = flag('customers', 100_000);
  const S = flag('staff', 400);
  const E = flag('events', 2_000_000);
  const L = flag('leak', 10_000);
  // Branches in the vault's clear `customers.branch` (0 = none recorded): trace reads them for
  // the null model's branch strata.
  const B = flag('branches', 50);
  const dir = mkdtempSync(join(tmpdir(), 'piguard-trace-bench-'));
  const path = join(dir, 'bench.db');
  const master = randomBytes(32);
  const keys: KeyProvider = {
    source: 'bench',
    getMasterKey: () => Promise.resolve(Buffer.from(master)),
  };
  try {
    const setup = Date.now();
    const database = await openDatabase(`sqlite:${path}`);
    await migrateToLatest(database.db, database.engine);
    const vault = await CustomerVault.open(database, keys);
    const index = vault.blindIndex;
    await database.close();
    const raw = new BetterSqlite3(path);
    raw.pragma('journal_mode = WAL');
    raw.pragma('synchronous = OFF');
    const rnd = seededRandomInt(20260801);
    const phones: string[] = new Array<string>(N);
    const seen = new Set<string>();
    const now = new Date().toISOString();
    const insCustomer = raw.prepare(
      'insert into customers (customer_id, branch, key_version, ring_version, created_at, updated_at) values (?, ?, 1, 1, ?, ?)',
    );
    const insIndex = raw.prepare(
      "insert into customer_index (kind, digest, customer_id) values ('phone', ?, ?)",
    );
    raw.transaction(() => {
      for (let c = 0; c < N; c++) {
        let p = syntheticMobile(rnd);
        while (seen.has(p)) p = syntheticMobile(rnd);
        seen.add(p);
        phones[c] = p;
        const id = `C${String(c).padStart(8, '0')}`;
        insCustomer.run(id, B > 0 ? `B${c % B}` : null, now, now);
        insIndex.run(index.compute('phone', p), id);
      }
    })();
    // Access events: 60% in the actor's own book (customers c ≡ a mod S), 40% by popularity.
    // Written as the lean index of migration 0007 (one access_events row and one
    // access_event_refs row per access). The secondary indexes are dropped for the bulk load and
    // rebuilt (sorted) afterwards, so trace runs against the real schema.
    raw.exec('drop index access_events_actor_ts');
    raw.exec('drop index access_events_ts');
    raw.exec('drop index access_event_refs_customer');
    const dayStrings = Array.from({ length: 180 }, (_, d) =>
      new Date(Date.UTC(2026, 0, 1) + d * 86_400_000).toISOString(),
    );
    const insEvent = raw.prepare(
      'insert into access_events (audit_idx, ts, actor, action, purpose, source, role, branch, ' +
        "outcome, decision, customers, export_id) values (?, ?, ?, ?, 'service', 'gateway', " +
        "null, null, null, 'allow', ?, null)",
    );
    const insRef = raw.prepare(
      'insert into access_event_refs (audit_idx, customer_id) values (?, ?)',
    );
    const exporter = S - 1;
    const customerIds = Array.from({ length: N }, (_, c) => `C${String(c).padStart(8, '0')}`);
    const actorIds = Array.from({ length: S }, (_, a) => `S${String(a).padStart(5, '0')}`);
    const exported = Math.min(N, Math.ceil(L * 0.7) * 2);
    let idx = 0;
    const t0 = Date.UTC(2026, 0, 1);
    const batch = 200_000;
    for (let done = 0; done < E; done += batch) {
      raw.transaction(() => {
        for (let i = 0; i < Math.min(batch, E - done); i++) {
          const a = rnd(S - 1);
          let c: number;
          if (rnd(10) < 6) c = a + S * rnd(Math.floor((N - a - 1) / S) + 1);
          else {
            const u = rnd(1 << 30) / (1 << 30);
            c = Math.min(N - 1, Math.floor(N * u * u));
          }
          insEvent.run(idx, dayStrings[rnd(180)]!, actorIds[a]!, 'view', 1);
          insRef.run(idx++, customerIds[c]!);
        }
      })();
    }
    // The source: one export of `exported` customers.
    const exportedIds = sample(
      Array.from({ length: N }, (_, i) => i),
      exported,
      rnd,
    );
    raw.transaction(() => {
      const ts = new Date(t0 + 170 * 86_400_000).toISOString();
      insEvent.run(idx, ts, actorIds[exporter]!, 'export', exportedIds.length);
      for (const c of exportedIds) insRef.run(idx, customerIds[c]!);
      idx++;
    })();
    raw.exec('create index access_events_actor_ts on access_events (actor, ts)');
    raw.exec('create index access_events_ts on access_events (ts)');
    raw.exec('create index access_event_refs_customer on access_event_refs (customer_id)');
    raw.close();
    vault.close();
    // The leak: 70% from the export, 30% outside; name + phone, phones reformatted.
    const inside = sample(exportedIds, Math.ceil(L * 0.7), rnd);
    const lines = ['姓名,手机'];
    for (const c of inside)
      lines.push(
        `客户${c},${phones[c]!.slice(0, 3)} ${phones[c]!.slice(3, 7)} ${phones[c]!.slice(7)}`,
      );
    for (let i = lines.length - 1; i < L; i++) lines.push(`路人${i},${syntheticMobile(rnd)}`);
    const file = join(dir, 'leak.csv');
    writeFileSync(file, `${lines.join('\n')}\n`);
    const setupSeconds = (Date.now() - setup) / 1000;

    const db2 = await openDatabase(`sqlite:${path}`);
    const vault2 = await CustomerVault.open(db2, keys);
    const cpu = (): number => {
      const u = process.cpuUsage();
      return (u.user + u.system) / 1e6;
    };
    // Baseline: read the history rows (raw better-sqlite3 iteration), nothing else.
    const b0 = performance.now();
    const bc = cpu();
    let rows = 0;
    const reader = new BetterSqlite3(path, { readonly: true });
    reader.pragma('mmap_size = 17179869184'); // as trace's own reader
    for (const r of reader
      .prepare(
        'select r.customer_id, e.actor from access_event_refs r ' +
          'cross join access_events e on e.audit_idx = r.audit_idx where e.ts < ?',
      )
      .raw(true)
      .iterate(SEEN_AT) as IterableIterator<string[]>) {
      if (r[1]) rows++;
    }
    reader.close();
    const baseline = (performance.now() - b0) / 1000;
    const baselineCpu = cpu() - bc;
    const s0 = performance.now();
    const sc = cpu();
    const phases: string[] = [];
    let p0 = performance.now();
    let pc = cpu();
    let last = 'start';
    const report = await traceFile(db2.db, vault2, file, {
      seenAt: SEEN_AT,
      onProgress: (m) => {
        if (m.startsWith('access history:')) return;
        const now = performance.now();
        const c = cpu();
        phases.push(`${last} ${((now - p0) / 1000).toFixed(1)} s (${(c - pc).toFixed(1)} s CPU)`);
        p0 = now;
        pc = c;
        last = m;
      },
    });
    phases.push(
      `${last} ${((performance.now() - p0) / 1000).toFixed(1)} s (${(cpu() - pc).toFixed(1)} s CPU)`,
    );
    const seconds = (performance.now() - s0) / 1000;
    const seconds_cpu = cpu() - sc;
    const rssGb = (process.resourceUsage().maxRSS * 1024) / 1e9;
    vault2.close();
    await db2.close();
    const top = report.suspects[0];
    console.log(`  phases: ${phases.join('; ')}`);
    console.log(
      `trace: ${L.toLocaleString('en')}-row leak vs ${N.toLocaleString('en')} customers ` +
        `(${B} branches), ${S} staff, ` +
        `${rows.toLocaleString('en')} access rows (setup ${setupSeconds.toFixed(0)} s)`,
    );
    console.log(
      `  trace ${seconds.toFixed(1)} s wall (${seconds_cpu.toFixed(1)} s CPU), peak RSS ${rssGb.toFixed(2)} GB; ` +
        `baseline (read history only) ${baseline.toFixed(1)} s wall (${baselineCpu.toFixed(1)} s CPU); ` +
        `ratio ${(seconds / baseline).toFixed(2)}× wall, ${(seconds_cpu / baselineCpu).toFixed(2)}× CPU`,
    );
    console.log(
      `  load average after the run: ${loadavg()
        .map((x) => x.toFixed(1))
        .join(' ')}`,
    );
    console.log(
      `  matched ${report.matched}, top ${top?.actor} (want S${String(exporter).padStart(5, '0')}), ` +
        `FAP ${top?.false_accusation_probability.toExponential(1)}, ${report.actors_tested} actors tested`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function minRows(): void {
  const org = buildSyntheticOrg({ seed: 424242 });
  // Both null models trace offers: the default (organisation-wide strata) and `--strata branch`.
  minRowsTable(org, 'organisation (default)', NullModel.build(org.index));
  minRowsTable(org, '--strata branch', NullModel.build(org.index, { groupOf: branchGroups(org) }));
}

function minRowsTable(
  org: ReturnType<typeof buildSyntheticOrg>,
  strata: string,
  model: NullModel,
): void {
  const rnd = seededRandomInt(7);
  const SIZES = [3, 5, 8, 10, 15, 20, 30, 40, 50, 75, 100, 150, 200, 300, 500, 1000, 2000];
  const TRIALS = 100;
  const roleOf = (role: string) =>
    org.staff.map((s, i) => ({ s, i })).filter((x) => x.s.role === role);
  const branchExports = org.exports.filter((e) => e.customers.length < 40_000);
  const big = org.exports.find((e) => e.customers.length >= 40_000)!;
  const kinds: {
    name: string;
    draw: () => { actor: number; pool: number[]; exportRows?: number };
  }[] = [
    {
      name: 'agent (own book, views)',
      draw: () => {
        const a = roleOf('agent')[rnd(roleOf('agent').length)]!;
        return { actor: a.i, pool: [...org.accessed[a.i]!] };
      },
    },
    {
      name: 'claims clerk (views)',
      draw: () => {
        const a = roleOf('claims')[rnd(roleOf('claims').length)]!;
        return { actor: a.i, pool: [...org.accessed[a.i]!] };
      },
    },
    {
      name: 'call centre (views)',
      draw: () => {
        const a = roleOf('callcentre')[rnd(roleOf('callcentre').length)]!;
        return { actor: a.i, pool: [...org.accessed[a.i]!] };
      },
    },
    {
      name: `branch export (~${Math.round(branchExports[0]!.customers.length / 100) * 100} rows)`,
      draw: () => {
        const e = branchExports[rnd(branchExports.length)]!;
        return { actor: e.actor, pool: e.customers, exportRows: e.customers.length };
      },
    },
    {
      name: `marketing export (${big.customers.length.toLocaleString('en')} rows)`,
      draw: () => ({ actor: big.actor, pool: big.customers, exportRows: big.customers.length }),
    },
  ];
  console.log(
    `\nminimum leaked rows (from the source; outside rows match no customer and do not change these numbers) for top-1 with FAP ≤ 1e-6 in ≥ 99% of ${TRIALS} trials, null model: ${strata}`,
  );
  console.log(
    `(synthetic org: ${org.customers.length.toLocaleString('en')} customers, ${org.staff.length} staff, ${org.pairs.length.toLocaleString('en')} access events)`,
  );
  console.log('| source | without canaries | with canaries |');
  console.log('| --- | --- | --- |');
  for (const kind of kinds) {
    let without: number | undefined;
    let withCanaries: number | undefined;
    for (const n of SIZES) {
      let ok = 0;
      let okCanary = 0;
      for (let t = 0; t < TRIALS; t++) {
        const { actor, pool, exportRows } = kind.draw();
        const leak = sample(pool, n, rnd).map((c) => org.customers[c]!.id);
        const result = attribute(model, leak);
        const top = result.sources[0] ?? result.others[0];
        const hit = top?.actor === org.staff[actor]!.id && top.fap <= 1e-6;
        if (hit) ok++;
        if (exportRows !== undefined) {
          // The leaked rows are a uniform subset of the export file (rows + canaries).
          const c = canaryCountFor(exportRows);
          let pNone = 1;
          for (let i = 0; i < n; i++) pNone *= (exportRows - i) / (exportRows + c - i);
          if (hit || rnd(1_000_000) / 1_000_000 >= pNone) okCanary++;
        }
      }
      if (without === undefined && ok >= 0.99 * TRIALS) without = n;
      if (withCanaries === undefined && okCanary >= 0.99 * TRIALS) withCanaries = n;
      if (
        without !== undefined &&
        (withCanaries !== undefined || kind.draw().exportRows === undefined)
      )
        break;
    }
    const fmt = (x: number | undefined): string =>
      x === undefined ? `> ${SIZES[SIZES.length - 1]}` : String(x);
    const isExport = kind.draw().exportRows !== undefined;
    console.log(
      `| ${kind.name} | ${fmt(without)} | ${isExport ? fmt(withCanaries) : 'n/a (no export)'} |`,
    );
  }
}

async function main(): Promise<void> {
  console.log(
    `trace bench — ${new Date().toISOString()}, ${availableParallelism()} cores, load ${loadavg()[0]!.toFixed(1)}`,
  );
  if (!process.argv.includes('--skip-scale')) await scale();
  if (!process.argv.includes('--skip-min-rows')) minRows();
}

if (import.meta.url === pathToFileURL(process.argv[1]!).href) await main();
