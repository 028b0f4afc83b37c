/**
 * A/B of watch's SQLite reader threads on one database, interleaved in one process: the batch
 * pass of `runWatch` (directory, engine, every event, flush; alerts not stored) with 1 and with
 * 2 reader threads, repeated; wall, CPU of every thread, CPU of the main thread; alerts must be
 * identical.
 *
 * Run: node --import tsx bench/watch-readers.ts DB [ROUNDS]
 */
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import type { Kysely } from 'kysely';
import { openDatabase } from '../src/store/open-database.ts';
import type { Schema } from '../src/store/schema.ts';
import { feedEvents, loadDirectory } from '../src/watch/db-event-source.ts';
import { WatchEngine } from '../src/watch/watch-engine.ts';
import type { WatchAlert } from '../src/watch/watch-types.ts';

function mainThreadCpu(): number {
  const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(f[11]) + Number(f[12])) / 100;
}

async function pass(db: Kysely<Schema>, readers: number): Promise<WatchAlert[]> {
  const engine = new WatchEngine(await loadDirectory(db));
  const alerts: WatchAlert[] = [];
  for await (const _ of feedEvents(db, engine, { readers })) alerts.push(...engine.takeAlerts());
  return alerts.concat(engine.flush());
}

const database = await openDatabase(`sqlite:${process.argv[2]}`);
const rounds = Number(process.argv[3] ?? 2);
const cpu: Record<number, number[]> = { 1: [], 2: [] };
const wall: Record<number, number[]> = { 1: [], 2: [] };
let reference: string | undefined;
for (let r = 0; r < rounds; r++) {
  for (const readers of r % 2 === 0 ? [1, 2] : [2, 1]) {
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    const m0 = mainThreadCpu();
    const alerts = await pass(database.db as Kysely<Schema>, readers);
    const c = process.cpuUsage(c0);
    const w = (performance.now() - t0) / 1000;
    const all = (c.user + c.system) / 1e6;
    const main = mainThreadCpu() - m0;
    cpu[readers]!.push(all);
    wall[readers]!.push(w);
    const json = JSON.stringify(alerts);
    reference ??= json;
    console.log(
      `readers ${readers}: ${w.toFixed(1)} s wall, ${all.toFixed(1)} s CPU (main ${main.toFixed(1)} s, readers ${(all - main).toFixed(1)} s), ${alerts.length} alerts${json === reference ? '' : ' DIFFERENT'}; load ${loadavg()[0]!.toFixed(1)}`,
    );
  }
}
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
console.log(
  `2 readers / 1 reader: wall ${(sum(wall[2]!) / sum(wall[1]!)).toFixed(2)}×, CPU ${(sum(cpu[2]!) / sum(cpu[1]!)).toFixed(2)}×`,
);
await database.close();
