/**
 * `bench/watch.bench.ts --db-from-files DIR`: watch over SQLite at the size `piguard sim` wrote
 * (issue 5: "watch over the full 18 months < 60 s").
 *
 * The database is built the way a user builds it: `piguard init`, `import staff`, `import
 * customers` and `import events` on the files of DIR (DESIGN §5.3), each a child process timed
 * by /usr/bin/time (wall, user, system). With `--keep-db PATH` the database stays at PATH and a
 * later run reuses it (the import of 20 M events is the expensive part), recognised by the
 * marker file PATH.imported.json.
 *
 * Then, in this process and in this order: a read-only pass of the event reader into a sink that
 * only counts (the floor: what reading the events costs, and it warms the page cache), the batch
 * `runWatch` over everything (what `piguard watch` runs, alerts stored), and the read pass again.
 * Wall and CPU (process.cpuUsage: every thread, so the reader thread is included).
 *
 * With `--compare`, the same organisation is then simulated and watched in memory
 * (test/watch/sim-harness.ts, the bench's part 1) and the two alert lists compared.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Kysely } from 'kysely';
import { openDatabase } from '../src/store/open-database.ts';
import type { Schema } from '../src/store/schema.ts';
import { feedEvents, type EventSink } from '../src/watch/db-event-source.ts';
import { addDays } from '../src/watch/local-time.ts';
import { runWatch } from '../src/watch/watch-runner.ts';
import type { WatchAlert } from '../src/watch/watch-types.ts';
import { evaluateOnSim, WARM_UP_DAYS } from '../test/watch/sim-harness.ts';
import { isolatedCliEnv } from './isolated-cli-env.ts';

const BIN = fileURLToPath(new URL('../bin/piguard.js', import.meta.url));

/** What the bench was asked. */
export interface FromFilesOptions {
  /** Directory written by `piguard sim --out` (customers.csv, staff.csv, events.jsonl, truth.json). */
  dir: string;
  /** Keep (and reuse) the database at this path. */
  keepDb?: string;
  /** Also run the same organisation in memory and compare alerts (needs its sim options). */
  compare?: { staff: number; customers: number; months: number; seed: number };
}

/** One timed import step. */
interface StepTime {
  step: string;
  wall: number;
  user: number;
  sys: number;
  out: string;
}

/** What the marker file next to a kept database records. */
interface ImportMarker {
  dir: string;
  eventsBytes: number;
  steps: StepTime[];
}

function load(): string {
  return loadavg()
    .map((x) => x.toFixed(1))
    .join(' ');
}

/** Runs `piguard ARGS` under /usr/bin/time; its times and the last line of its stdout. */
function piguard(env: NodeJS.ProcessEnv, args: string[]): StepTime {
  const timeFile = join(tmpdir(), `piguard-bench-time-${process.pid}`);
  const stdout = execFileSync(
    '/usr/bin/time',
    ['-f', '%e %U %S', '-o', timeFile, process.execPath, BIN, ...args],
    { env, encoding: 'utf8', maxBuffer: 1 << 26, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const [wall, user, sys] = readFileSync(timeFile, 'utf8').trim().split(/\s+/).map(Number);
  rmSync(timeFile, { force: true });
  const out = stdout.trim().split('\n').pop() ?? '';
  return { step: args.slice(0, 2).join(' '), wall: wall!, user: user!, sys: sys!, out };
}

/** Imports DIR's files into a fresh database at `dbPath` with the real commands. */
function importFiles(dir: string, dbPath: string, env: NodeJS.ProcessEnv): StepTime[] {
  for (const suffix of ['', '-wal', '-shm', '.key', '.policy.yaml', '.checkpoints']) {
    rmSync(dbPath + suffix, { force: true });
  }
  const steps = [
    piguard(env, ['init']),
    piguard(env, ['import', 'staff', join(dir, 'staff.csv')]),
    piguard(env, ['import', 'customers', join(dir, 'customers.csv')]),
    piguard(env, ['import', 'events', join(dir, 'events.jsonl')]),
  ];
  for (const s of steps) {
    console.log(
      `    ${s.step.padEnd(17)} ${s.wall.toFixed(1)} s wall, ${(s.user + s.sys).toFixed(1)} s CPU: ${s.out.slice(0, 160)}`,
    );
  }
  return steps;
}

/** A sink that only counts: the reader's floor. */
function countingSink(): EventSink & { events: number; customers: number } {
  const refs = new Map<string, number>();
  const sink = {
    events: 0,
    customers: 0,
    addEvent: () => {
      sink.events++;
      return true;
    },
    addCustomer: () => {
      sink.customers++;
    },
    customerRef: (name: string) => {
      let r = refs.get(name);
      if (r === undefined) refs.set(name, (r = refs.size));
      return r;
    },
    addCustomerRef: () => {
      sink.customers++;
    },
  };
  return sink;
}

/**
 * CPU seconds of this process's main thread (Linux /proc; 0 elsewhere). With the page reader on
 * another thread, the main thread's CPU is the critical path on an idle machine of two cores.
 */
function mainThreadCpu(): number {
  try {
    const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) / 100;
  } catch {
    return 0;
  }
}

/** Wall, CPU (all threads) and main-thread CPU seconds of `f`. */
async function timed<T>(
  f: () => Promise<T>,
): Promise<{ value: T; wall: number; cpu: number; main: number }> {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const m0 = mainThreadCpu();
  const value = await f();
  const c = process.cpuUsage(c0);
  return {
    value,
    wall: (performance.now() - t0) / 1000,
    cpu: (c.user + c.system) / 1e6,
    main: mainThreadCpu() - m0,
  };
}

async function readPass(db: Kysely<Schema>): Promise<{ events: number; customers: number }> {
  const sink = countingSink();
  for await (const _ of feedEvents(db, sink));
  return { events: sink.events, customers: sink.customers };
}

/** Sorted, comparable lines of `alerts`. */
function alertLines(alerts: readonly WatchAlert[]): string[] {
  return alerts.map((a) => JSON.stringify(a)).sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
}

/**
 * The `--db-from-files` part of the watch bench; returns the exit code (1 when `--compare`
 * finds different alerts).
 *
 * @example
 * await watchFromFiles({ dir: '/work/tmp-watch/org', keepDb: '/work/tmp-watch/w.db' });
 */
export async function watchFromFiles(options: FromFilesOptions): Promise<number> {
  const dir = resolve(options.dir);
  const events = join(dir, 'events.jsonl');
  if (!existsSync(events)) throw new Error(`${events}: not found (run piguard sim --out DIR)`);
  const temp = options.keepDb ? undefined : mkdtempSync(join(tmpdir(), 'piguard-bench-watch-'));
  const dbPath = options.keepDb ? resolve(options.keepDb) : join(temp!, 'piguard.db');
  const env = isolatedCliEnv(dbPath);
  const markerPath = `${dbPath}.imported.json`;
  const eventsBytes = statSync(events).size;
  let marker: ImportMarker | undefined;
  if (existsSync(markerPath) && existsSync(dbPath)) {
    marker = JSON.parse(readFileSync(markerPath, 'utf8')) as ImportMarker;
    if (marker.dir !== dir || marker.eventsBytes !== eventsBytes) {
      throw new Error(`${dbPath} was imported from other files (${marker.dir}); remove it first`);
    }
    console.log(`  SQLite from files: reusing ${dbPath} (imported earlier:)`);
    for (const s of marker.steps) {
      console.log(
        `    ${s.step.padEnd(17)} ${s.wall.toFixed(1)} s wall, ${(s.user + s.sys).toFixed(1)} s CPU: ${s.out.slice(0, 160)}`,
      );
    }
  } else {
    rmSync(markerPath, { force: true });
    console.log(`  SQLite from files: importing ${dir} into ${dbPath} (load ${load()})`);
    const steps = importFiles(dir, dbPath, env);
    marker = { dir, eventsBytes, steps };
    if (options.keepDb) writeFileSync(markerPath, JSON.stringify(marker, null, 2) + '\n');
  }
  console.log(
    `    database ${(statSync(dbPath).size / 1e9).toFixed(2)} GB, events.jsonl ${(eventsBytes / 1e9).toFixed(2)} GB`,
  );
  const truth = JSON.parse(readFileSync(join(dir, 'truth.json'), 'utf8')) as { start: string };
  // The in-memory harness reports from the end of its warm-up; the same window here.
  const since = addDays(truth.start, WARM_UP_DAYS);
  const database = await openDatabase(`sqlite:${dbPath}`);
  let dbAlerts: WatchAlert[];
  try {
    const db = database.db as Kysely<Schema>;
    const read1 = await timed(() => readPass(db));
    console.log(
      `    read pass (reader thread → counting sink): ${read1.wall.toFixed(1)} s wall, ${read1.cpu.toFixed(1)} s CPU (main thread ${read1.main.toFixed(1)} s), ${read1.value.events} events, ${read1.value.customers} customer refs; load ${load()}`,
    );
    const batch = await timed(() => runWatch(db, { since }));
    dbAlerts = batch.value.alerts;
    console.log(
      `    watch batch (runWatch, since ${since}, alerts stored): ${batch.wall.toFixed(1)} s wall, ${batch.cpu.toFixed(1)} s CPU (main thread ${batch.main.toFixed(1)} s), ` +
        `${batch.value.stats.events} events (${Math.round(batch.value.stats.events / batch.cpu).toLocaleString('en')} per CPU-second), ` +
        `${dbAlerts.length} alerts, ${batch.value.stats.actorDays} actor-days; load ${load()}`,
    );
    const read2 = await timed(() => readPass(db));
    console.log(
      `    read pass again: ${read2.wall.toFixed(1)} s wall, ${read2.cpu.toFixed(1)} s CPU (main thread ${read2.main.toFixed(1)} s); watch/read ${(batch.cpu / Math.min(read1.cpu, read2.cpu)).toFixed(2)}× CPU; ` +
        `peak RSS ${Math.round(process.resourceUsage().maxRSS / 1024)} MB; load ${load()}`,
    );
  } finally {
    await database.close();
    if (temp) rmSync(temp, { recursive: true, force: true });
  }
  if (!options.compare) return 0;
  const mem = evaluateOnSim(options.compare);
  const a = alertLines(dbAlerts);
  const b = alertLines(mem.alerts);
  const inA = new Set(a);
  const inB = new Set(b);
  const onlyDb = a.filter((x) => !inB.has(x));
  const onlyMem = b.filter((x) => !inA.has(x));
  console.log(
    `    in memory (same seed ${options.compare.seed}): ${mem.events} events, ${mem.alerts.length} alerts, engine ${mem.engineCpuSeconds.toFixed(1)} s CPU; ` +
      `alerts ${onlyDb.length === 0 && onlyMem.length === 0 ? 'IDENTICAL' : `DIFFER: ${onlyDb.length} only over SQLite, ${onlyMem.length} only in memory`}`,
  );
  for (const x of onlyDb.slice(0, 5)) console.log(`      sqlite only: ${x}`);
  for (const x of onlyMem.slice(0, 5)) console.log(`      memory only: ${x}`);
  return onlyDb.length === 0 && onlyMem.length === 0 ? 0 : 1;
}
