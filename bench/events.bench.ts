/**
 * Access-event import benchmark (issue 4 target: ≥ 100,000 events/s on SQLite).
 *
 * Measured: `importEventsFile` over a JSONL file — line parsing, validation, canonical JSON,
 * leaf and node hashing, audit entries + tree nodes, access_events and access_event_refs — in one
 * transaction, as `piguard import events` does: on SQLite both with the worker thread (the default
 * for files this size: the worker parses and encodes, the main thread writes) and all in one
 * thread, each on a fresh database in the same run. Main-thread CPU is printed beside the process
 * total: with the worker the rate is bounded by the busier thread, and "events per CPU-s of the
 * busiest thread" is the rate on two free cores. Then the same work split in its parts, each on a
 * fresh database in the same run: parse + validate only; the audit append only
 * (`AuditLog.appendInTransaction`); the index rows only (`indexAccess`). Baseline (same run,
 * fresh database): a plain INSERT of the same index rows with one prepared better-sqlite3
 * statement per table (PostgreSQL: multi-row INSERTs), without parsing, validation or audit.
 * CPU seconds (process.cpuUsage) are printed next to wall time: the machine is shared.
 *
 * Run: `node --import tsx bench/events.bench.ts [--events N] [--engines sqlite,postgres]`
 * (default 500,000 events on SQLite).
 */
import { randomBytes } from 'node:crypto';
import { createWriteStream, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import BetterSqlite3 from 'better-sqlite3';
import { CompiledQuery, sql } from 'kysely';
import pg from 'pg';
import { AuditLog } from '../src/audit/audit-log.ts';
import { createLog } from '../src/audit/log-signer.ts';
import { migrateToLatest } from '../src/store/migrator.ts';
import { openDatabase, type Database } from '../src/store/open-database.ts';
import type { AccessAuditEntry } from '../src/core/access-event.ts';
import { indexAccess } from '../src/vault/access-recorder.ts';
import { importEventsFile } from '../src/vault/event-import.ts';
import { validateEvent } from '../src/vault/event-validation.ts';

const POSTGRES_URL = process.env['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';
const ACTIONS = [
  'view',
  'view',
  'view',
  'search',
  'view',
  'update',
  'view',
  'view',
  'print',
  'export',
];

/** A realistic event: +08:00 time, 1–3 customers, an outcome on most reads. */
function event(n: number): Record<string, unknown> {
  const k = 1 + (n % 3 === 0 ? 2 : n % 5 === 0 ? 1 : 0);
  const customers = Array.from({ length: k }, (_, i) => `C${((n + i) * 7919) % 1_000_003}`);
  const t = new Date(Date.UTC(2025, 0, 1, 1) + n * 2_000 + 8 * 3_600_000);
  const e: Record<string, unknown> = {
    ts: `${t.toISOString().slice(0, 19)}+08:00`,
    actor: `S${String(n % 1999).padStart(5, '0')}`,
    action: ACTIONS[n % ACTIONS.length],
    customers,
    purpose: 'service',
    source: 'core-policy',
    role: 'agent',
    branch: 'SH01',
  };
  if (n % 4 !== 0) e['outcome'] = 'renewal_call';
  return e;
}

async function writeFile(path: string, n: number): Promise<void> {
  const out = createWriteStream(path);
  let chunk = '';
  for (let i = 0; i < n; i++) {
    chunk += JSON.stringify(event(i)) + '\n';
    if (chunk.length > 1 << 20) {
      if (!out.write(chunk)) await new Promise<void>((r) => out.once('drain', () => r()));
      chunk = '';
    }
  }
  out.end(chunk);
  await new Promise<void>((r) => out.once('finish', () => r()));
}

async function scratch(engine: 'sqlite' | 'postgres', dir: string, name: string) {
  if (engine === 'sqlite') {
    const path = join(dir, `${name}.db`);
    const database = await openDatabase(`sqlite:${path}`);
    await migrateToLatest(database.db, 'sqlite');
    return { database, path, dispose: () => database.close() };
  }
  const schema = `bench_${randomBytes(4).toString('hex')}`;
  const admin = async (q: string) => {
    const c = new pg.Client({ connectionString: POSTGRES_URL });
    await c.connect();
    await c.query(q).finally(() => c.end());
  };
  await admin(`create schema ${schema}`);
  const sep = POSTGRES_URL.includes('?') ? '&' : '?';
  const database = await openDatabase(
    `${POSTGRES_URL}${sep}options=${encodeURIComponent(`-c search_path=${schema}`)}`,
  );
  await migrateToLatest(database.db, 'postgres');
  return {
    database,
    path: undefined,
    dispose: async () => {
      await database.close();
      await admin(`drop schema ${schema} cascade`);
    },
  };
}

/** Index rows of event n, as the importer writes them (UTC time, distinct customers). */
function indexRows(i: number): { event: unknown[]; refs: unknown[][] } {
  const e = event(i);
  const customers = [...new Set(e['customers'] as string[])];
  const ts = new Date(e['ts'] as string).toISOString();
  return {
    event: [
      i,
      ts,
      e['actor'],
      e['action'],
      e['purpose'],
      e['source'],
      e['role'],
      e['branch'],
      e['outcome'] ?? null,
      'allow',
      customers.length,
      null,
    ],
    refs: customers.map((c) => [i, c]),
  };
}

const EVENT_COLUMNS =
  'audit_idx, ts, actor, action, purpose, source, role, branch, outcome, decision, customers, export_id';

/**
 * Baseline: the same index rows, plain INSERTs in one transaction, no audit. SQLite: one prepared
 * statement per table on a second connection (the fastest way to write these rows); PostgreSQL:
 * multi-row INSERTs.
 */
async function plainInsert(
  database: Database,
  path: string | undefined,
  rows: ReturnType<typeof indexRows>[],
) {
  const n = rows.length;
  if (path !== undefined) {
    await database.close();
    const raw = new BetterSqlite3(path);
    raw.pragma('journal_mode = WAL');
    raw.pragma('synchronous = FULL');
    raw.pragma('cache_size = -131072');
    const ev = raw.prepare(
      `insert into access_events (${EVENT_COLUMNS}) values (${'?,'.repeat(11)}?)`,
    );
    const ref = raw.prepare('insert into access_event_refs (audit_idx, customer_id) values (?, ?)');
    raw.transaction(() => {
      for (let i = 0; i < n; i++) {
        const { event: row, refs } = rows[i]!;
        ev.run(row);
        for (const r of refs) ref.run(r);
      }
    })();
    raw.close();
    return;
  }
  const ph = (count: number, base: number) =>
    Array.from({ length: count }, (_, i) => `$${base + i + 1}`).join(',');
  await database.db.transaction().execute(async (trx) => {
    const EV = 2_000;
    for (let start = 0; start < n; start += EV) {
      const evParams: unknown[] = [];
      const refParams: unknown[] = [];
      const evRows: string[] = [];
      const refRows: string[] = [];
      for (let i = start; i < Math.min(n, start + EV); i++) {
        const { event: row, refs } = rows[i]!;
        evRows.push(`(${ph(12, evParams.length)})`);
        evParams.push(...row);
        for (const r of refs) {
          refRows.push(`(${ph(2, refParams.length)})`);
          refParams.push(...r);
        }
      }
      await trx.executeQuery(
        CompiledQuery.raw(
          `insert into access_events (${EVENT_COLUMNS}) values ${evRows.join(',')}`,
          evParams,
        ),
      );
      await trx.executeQuery(
        CompiledQuery.raw(
          `insert into access_event_refs (audit_idx, customer_id) values ${refRows.join(',')}`,
          refParams,
        ),
      );
    }
  });
}

/**
 * The layout before migration 0007 (0002's access_events with a `bigint` key, and the
 * denormalised access_event_customers table with its primary key and two secondary indexes),
 * written the same way as the baseline: the same-run "before" of the index cost (SQLite only).
 */
function oldLayoutInsert(path: string, rows: ReturnType<typeof indexRows>[]): void {
  const raw = new BetterSqlite3(path);
  raw.pragma('journal_mode = WAL');
  raw.pragma('synchronous = FULL');
  raw.pragma('cache_size = -131072');
  raw.exec(`
    create table old_events (audit_idx bigint primary key, ts text not null, actor text not null,
      action text not null, purpose text, source text not null, role text, branch text,
      outcome text, decision text not null, customers integer not null, export_id text);
    create index old_events_actor_ts on old_events (actor, ts);
    create index old_events_ts on old_events (ts);
    create table old_customers (audit_idx bigint not null, customer_id text not null,
      actor text not null, ts text not null, action text not null,
      primary key (audit_idx, customer_id));
    create index old_customers_customer on old_customers (customer_id, ts);
    create index old_customers_actor_ts on old_customers (actor, ts);`);
  const ev = raw.prepare(`insert into old_events (${EVENT_COLUMNS}) values (${'?,'.repeat(11)}?)`);
  const cu = raw.prepare('insert into old_customers values (?, ?, ?, ?, ?)');
  raw.transaction(() => {
    for (const { event: row, refs } of rows) {
      ev.run(row);
      for (const r of refs) cu.run(r[0], r[1], row[2], row[1], row[3]);
    }
  })();
  raw.close();
}

const cpu = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

/**
 * CPU seconds of the main thread alone (Linux: /proc/self/task/PID/stat, utime + stime in clock
 * ticks of 1/100 s); NaN elsewhere. With the import's worker thread, the process total is the
 * sum of both threads, while the rate is bounded by the busier one: the main thread (SQLite).
 */
const mainThreadCpu = (): number => {
  try {
    const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return Number.NaN;
  }
};

/** CPU seconds of each thread of this process but the main one, by thread id (Linux). */
function otherThreadsCpu(): Map<string, number> {
  const out = new Map<string, number>();
  try {
    for (const tid of readdirSync('/proc/self/task')) {
      if (tid === String(process.pid)) continue;
      try {
        const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        out.set(tid, (Number(fields[11]) + Number(fields[12])) / 100);
      } catch {
        // The thread ended between the listing and the read.
      }
    }
  } catch {
    // Not Linux.
  }
  return out;
}

interface Timing {
  wall: number;
  cpu: number;
  /** CPU of the main thread alone. */
  main: number;
  /**
   * CPU of the busiest thread started during the work (the import's worker), sampled every
   * 50 ms while it runs (a thread's counters vanish when it exits); 0 when there is none.
   */
  worker: number;
}

/** Runs `work` and returns its wall and CPU seconds (process and main thread). */
async function timed(work: () => Promise<unknown>): Promise<Timing> {
  const t0 = performance.now();
  const c0 = cpu();
  const m0 = mainThreadCpu();
  const before = otherThreadsCpu();
  const seen = new Map<string, number>();
  const sample = () => {
    for (const [tid, c] of otherThreadsCpu()) if (!before.has(tid)) seen.set(tid, c);
  };
  const sampler = setInterval(sample, 50);
  try {
    await work();
  } finally {
    clearInterval(sampler);
  }
  sample();
  return {
    wall: (performance.now() - t0) / 1000,
    cpu: cpu() - c0,
    main: mainThreadCpu() - m0,
    worker: Math.max(0, ...seen.values()),
  };
}

/** The validated audit entries of the bench's events (what the importer builds per line). */
function entries(n: number): AccessAuditEntry[] {
  const out: AccessAuditEntry[] = [];
  for (let i = 0; i < n; i++) {
    out.push({
      type: 'access',
      decision: 'allow',
      ...validateEvent(JSON.parse(JSON.stringify(event(i)))),
    });
  }
  return out;
}

/** One part of the import (audit only or index only) over a fresh database. */
async function part(
  engine: 'sqlite' | 'postgres',
  dir: string,
  which: 'audit' | 'index',
  all: AccessAuditEntry[],
): Promise<Timing> {
  const s = await scratch(engine, dir, which);
  await createLog(s.database.db, { origin: 'bench.example/events', masterKey: randomBytes(32) });
  const log = new AuditLog(s.database);
  if (engine === 'sqlite') await sql.raw('pragma cache_size = -131072').execute(s.database.db);
  const t = await timed(() =>
    s.database.db.transaction().execute(async (trx) => {
      for (let i = 0; i < all.length; i += 20_000) {
        const batch = all.slice(i, i + 20_000);
        if (which === 'audit') await log.appendInTransaction(trx, batch);
        else
          await indexAccess(
            trx,
            batch,
            batch.map((_, j) => i + j),
          );
      }
    }),
  );
  await log.close();
  await s.dispose();
  return t;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      events: { type: 'string', default: '500000' },
      engines: { type: 'string', default: 'sqlite' },
      'skip-parts': { type: 'boolean', default: false },
    },
  });
  const n = Number(values.events);
  const dir = mkdtempSync(join(tmpdir(), 'piguard-bench-events-'));
  try {
    const file = join(dir, 'events.jsonl');
    await writeFile(file, n);
    console.log(
      `events import: ${n} events (${new Date().toISOString()}, load ${loadavg()
        .map((x) => x.toFixed(1))
        .join(' ')})`,
    );
    for (const engine of values.engines.split(',') as Array<'sqlite' | 'postgres'>) {
      const load = () => loadavg()[0]!.toFixed(1);
      const rate = (t: Timing) =>
        `${t.wall.toFixed(2)} s wall, ${t.cpu.toFixed(2)} s CPU = ${Math.round(n / t.cpu).toLocaleString('en')} events/CPU-s`;
      // The baselines' rows live in this block only, released before the imports below: n rows
      // of arrays kept alive in this heap made every full collection during the imports trace
      // them (2,000,000 events: ~8 s more CPU on the GC helper threads than the same import in a
      // process without them, none of it the import's own).
      let baseT: Timing;
      {
        const base = await scratch(engine, dir, 'baseline');
        const rows = Array.from({ length: n }, (_, i) => indexRows(i));
        baseT = await timed(() => plainInsert(base.database, base.path, rows));
        await base.dispose();
        console.log(
          `${engine}: baseline plain INSERT of the index rows, no audit: ${rate(baseT)} (load ${load()})`,
        );
        if (engine === 'sqlite') {
          const oldT = await timed(async () => oldLayoutInsert(join(dir, 'old-layout.db'), rows));
          console.log(
            `${engine}: the same plain INSERT into the pre-0007 layout: ${rate(oldT)}; ` +
              `new layout ${(baseT.cpu / oldT.cpu).toFixed(2)}× its CPU (load ${load()})`,
          );
        }
      }
      // The import as `piguard import events` runs it: with the worker thread on SQLite (the
      // default for files this size), and — same run, fresh database — all in this thread.
      const variants: Array<[string, boolean]> =
        engine === 'sqlite'
          ? [
              ['in one thread', false],
              ['with the worker thread', true],
            ]
          : [['', false]];
      let t: Timing | undefined;
      for (const [label, worker] of variants) {
        const s = await scratch(engine, dir, `import-${worker}`);
        await createLog(s.database.db, {
          origin: 'bench.example/events',
          masterKey: randomBytes(32),
        });
        const log = new AuditLog(s.database);
        let r: Awaited<ReturnType<typeof importEventsFile>> | undefined;
        t = await timed(async () => {
          r = await importEventsFile(s.database.db, log, file, { worker });
        });
        // Closing is part of what `piguard import events` waits for: in WAL mode the last
        // connection checkpoints everything the import wrote (a bulk import that had the file
        // alone wrote through a rollback journal instead: event-import-journal.ts).
        const close = await timed(async () => {
          await log.close();
          await s.dispose();
        });
        const busiest = Math.max(t.main, t.worker > 0 ? t.worker : t.cpu - t.main);
        console.log(
          `${engine}: import events ${label} (parse + validate + audit + index) ${r!.events}: ${rate(t)}; ` +
            `main thread ${t.main.toFixed(2)} s CPU (${((t.main / r!.events) * 1e6).toFixed(2)} µs/event), ` +
            `worker thread ${t.worker.toFixed(2)} s (${((t.worker / r!.events) * 1e6).toFixed(2)} µs/event), ` +
            `all other threads ${(t.cpu - t.main).toFixed(2)} s; ` +
            `${Math.round(r!.events / busiest).toLocaleString('en')} events per CPU-s of the busiest thread; ` +
            `${Math.round(r!.events / t.wall).toLocaleString('en')} events/s wall; ratio to baseline ${(t.cpu / baseT.cpu).toFixed(2)}× CPU; ` +
            `then close ${close.wall.toFixed(2)} s wall, ${close.cpu.toFixed(2)} s CPU ` +
            `(${Math.round(r!.events / (t.wall + close.wall)).toLocaleString('en')} events/s wall with it) (load ${load()})`,
        );
      }
      if (values['skip-parts']) continue;
      let all: AccessAuditEntry[] = [];
      const parse = await timed(async () => {
        all = entries(n);
      });
      console.log(`${engine}:   part: build + parse + validate ${rate(parse)}`);
      const audit = await part(engine, dir, 'audit', all);
      console.log(
        `${engine}:   part: audit append only ${rate(audit)} (${((audit.cpu / t!.cpu) * 100).toFixed(0)}% of the import's CPU)`,
      );
      const index = await part(engine, dir, 'index', all);
      console.log(
        `${engine}:   part: index rows only ${rate(index)} (${((index.cpu / t!.cpu) * 100).toFixed(0)}% of the import's CPU; load ${load()})`,
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
