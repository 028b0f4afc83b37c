/**
 * `piguard sim` throughput (issue 5, "Benchmarks": 1 M customers, 2,000 staff, 18 months —
 * ≈ 20 M events — in < 3 minutes), measured in one run against a baseline:
 *
 * 1. the simulator writing an organisation to files in-process (`writeOrganisation`), timed by
 *    phase (organisation built, files written), events/s by wall clock and per CPU-second;
 * 2. the baseline: writing the same number of fixed JSON event lines of the same average length
 *    to a file in the same way (day-sized buffers) — the floor for any generator that writes
 *    this much JSON.
 * The ratio simulator/baseline says what the simulation itself costs on top of the I/O.
 *
 * Flags: `--customers N --staff N --months N --seed S` (default a smaller organisation, 100,000
 * customers, 600 staff, 6 months; pass `--customers 1000000 --staff 2000 --months 18` for the
 * full size). `--keep` keeps the output directory.
 *
 * Run: node --import tsx bench/sim.bench.ts [flags]   or   npm run bench -- sim
 */
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createOrganisation, writeOrganisation } from '../src/sim/index.ts';

function flag(name: string, def: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : def;
}

const customers = flag('customers', 100_000);
const staff = flag('staff', 600);
const months = flag('months', 6);
const seed = flag('seed', 1);
const outIndex = process.argv.indexOf('--out');
// `--out DIR` writes into DIR (kept) — e.g. for `bench/watch.bench.ts --db-from-files DIR`.
const outDir = outIndex >= 0 ? process.argv[outIndex + 1] : undefined;
const keep = process.argv.includes('--keep') || outDir !== undefined;

const cpuSeconds = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

async function baseline(
  dir: string,
  events: number,
  bytesPerEvent: number,
  days: number,
): Promise<{ wall: number; cpu: number }> {
  // One fixed line of the average length, written in day-sized buffers as the simulator does.
  const head =
    '{"ts":"2025-03-04T10:11:12+08:00","actor":"S10001","action":"view","customers":["C0000001"],"purpose":"customer_service","source":"crm","role":"agent","branch":"上海分公司","outcome":"';
  const pad = Math.max(0, Math.round(bytesPerEvent) - Buffer.byteLength(head) - 3);
  const line = Buffer.from(`${head}${'x'.repeat(pad)}"}\n`);
  const perDay = Math.ceil(events / days);
  const out = createWriteStream(join(dir, 'baseline.jsonl'));
  const started = performance.now();
  const cpu0 = cpuSeconds();
  for (let written = 0; written < events; written += perDay) {
    const n = Math.min(perDay, events - written);
    const buf = Buffer.allocUnsafe(n * line.length);
    for (let k = 0; k < n; k++) line.copy(buf, k * line.length);
    if (!out.write(buf)) await new Promise<void>((ok) => out.once('drain', ok));
  }
  await new Promise<void>((ok) => out.end(ok));
  return { wall: (performance.now() - started) / 1000, cpu: cpuSeconds() - cpu0 };
}

async function main(): Promise<void> {
  const dir = outDir ?? (await mkdtemp(join(tmpdir(), 'piguard-sim-bench-')));
  try {
    console.log(
      `sim bench: ${customers} customers, ${staff} staff, ${months} months, seed ${seed}`,
    );
    console.log(
      `machine: ${cpus().length} × ${cpus()[0]?.model ?? '?'}, load ${loadavg()
        .map((x) => x.toFixed(1))
        .join(' ')}`,
    );
    const t0 = performance.now();
    const c0 = cpuSeconds();
    const org = createOrganisation({ customers, staff, months, seed });
    const t1 = performance.now();
    const files = await writeOrganisation(org, join(dir, 'org'));
    const t2 = performance.now();
    const cpu = cpuSeconds() - c0;
    const wall = (t2 - t0) / 1000;
    const eventsBytes = (await stat(files.events)).size;
    const rate = files.eventCount / wall;
    console.log(`organisation built     ${((t1 - t0) / 1000).toFixed(1)} s`);
    console.log(
      `files written          ${((t2 - t1) / 1000).toFixed(1)} s (events.jsonl ${(eventsBytes / 1e9).toFixed(2)} GB)`,
    );
    console.log(`total                  ${wall.toFixed(1)} s wall, ${cpu.toFixed(1)} CPU-s`);
    console.log(
      `events                 ${files.eventCount} → ${Math.round(rate).toLocaleString('en')} events/s wall, ${Math.round(files.eventCount / cpu).toLocaleString('en')} per CPU-s`,
    );
    const b = await baseline(
      dir,
      files.eventCount,
      eventsBytes / files.eventCount,
      org.days.length,
    );
    console.log(
      `baseline (fixed lines) ${b.wall.toFixed(1)} s wall, ${b.cpu.toFixed(1)} CPU-s → ${Math.round(files.eventCount / b.wall).toLocaleString('en')} lines/s`,
    );
    // CPU time is the fairer ratio on a shared machine; wall time is what a user waits.
    console.log(
      `ratio sim/baseline     ${(wall / b.wall).toFixed(2)}× wall, ${(cpu / b.cpu).toFixed(2)}× CPU of writing the same JSON lines`,
    );
    console.log(`peak RSS               ${Math.round(process.resourceUsage().maxRSS / 1024)} MB`);
    if (customers >= 1_000_000 && staff >= 2000 && months >= 18) {
      console.log(`target (< 180 s)       ${wall < 180 ? 'met' : 'MISSED'}`);
    }
    if (keep) console.log(`kept ${dir}`);
  } finally {
    if (outDir !== undefined) await rm(join(dir, 'baseline.jsonl'), { force: true });
    if (!keep) await rm(dir, { recursive: true, force: true });
  }
}

await main();
