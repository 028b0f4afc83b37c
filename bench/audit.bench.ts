/**
 * Audit log benchmarks (issue 3), each against a baseline measured in the same run:
 *
 * 1. Append throughput with durable commit (SQLite synchronous=FULL; PostgreSQL default
 *    synchronous_commit=on), through AuditLog.append — canonical JSON, leaf and node hashing,
 *    sequencing under the head lock, entries + tree nodes + head written — against a plain INSERT
 *    of the same canonical JSON rows (no hashing, no tree) in transactions of the same size.
 *    Two shapes: 1,000-event calls one after another, and many small concurrent callers
 *    (10 events each, 200 in flight) that group commit merges.
 * 2. Inclusion-proof generation (DbNodeSource, SQLite) at a large log size: median and p99.
 * 3. `audit verify` (verifyLog) of that whole log.
 *
 * Run: `node --import tsx bench/audit.bench.ts [--entries N] [--append N] [--engines sqlite,postgres]`
 * Defaults: --entries 10000000 (the issue's target size; use e.g. 200000 for a quick run),
 * --append 100000. Env PIGUARD_BENCH_AUDIT_ENTRIES overrides the --entries default.
 * PostgreSQL at DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test), in a scratch schema.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { AuditLog } from '../src/audit/audit-log.ts';
import { canonicalJson } from '../src/audit/canonical-json.ts';
import { CompactRange } from '../src/audit/compact-range.ts';
import { createLog } from '../src/audit/log-signer.ts';
import { verifyLog } from '../src/audit/log-verifier.ts';
import { inclusionProof } from '../src/audit/merkle-proofs.ts';
import { isStoredLevel } from '../src/audit/node-layout.ts';
import { hashLeaf } from '../src/audit/rfc6962.ts';
import { migrateToLatest } from '../src/store/migrator.ts';
import { openDatabase, type Database } from '../src/store/open-database.ts';
import type { Schema } from '../src/store/schema.ts';

const POSTGRES_URL = process.env['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';

/** A synthetic access event (ids only, like real ones), ~150 bytes of canonical JSON. */
function event(n: number): Record<string, unknown> {
  return {
    ts: new Date(1_767_225_600_000 + n * 1000).toISOString(),
    actor: `staff-${n % 997}`,
    action: n % 10 === 0 ? 'export' : 'view',
    customers: [`C${(n * 7919) % 1_000_003}`],
    purpose: 'claims',
    source: 'core-policy',
  };
}

interface Scratch {
  database: Database;
  dispose(): Promise<void>;
}

async function scratch(engine: 'sqlite' | 'postgres', dir: string, name: string): Promise<Scratch> {
  if (engine === 'sqlite') {
    const database = await openDatabase(`sqlite:${join(dir, `${name}.db`)}`);
    await migrateToLatest(database.db, 'sqlite');
    return { database, dispose: () => database.close() };
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
    dispose: async () => {
      await database.close();
      await admin(`drop schema ${schema} cascade`);
    },
  };
}

async function newLog(
  database: Database,
  options: ConstructorParameters<typeof AuditLog>[1] = {},
): Promise<AuditLog> {
  await createLog(database.db, { origin: 'bench.local/audit', masterKey: randomBytes(32) });
  return new AuditLog(database, options);
}

const rate = (n: number, ms: number) => Math.round((n / ms) * 1000);
const fmt = (n: number) => n.toLocaleString('en-US');

/** Plain INSERT of canonical JSON rows, `batch` rows per transaction: the ceiling. */
async function plainInsert(database: Database, total: number, batch: number): Promise<number> {
  const { db } = database;
  const started = performance.now();
  for (let from = 0; from < total; from += batch) {
    const rows: Schema['audit_entries'][] = [];
    for (let n = from; n < Math.min(total, from + batch); n++) {
      // Same table shape minus the hash; the hash column gets a constant (no hashing).
      rows.push({ log_id: 2, idx: n, leaf_hash: Buffer.alloc(0), entry: canonicalJson(event(n)) });
    }
    await db.transaction().execute(async (trx) => {
      for (let i = 0; i < rows.length; i += 2000)
        await trx
          .insertInto('audit_entries')
          .values(rows.slice(i, i + 2000))
          .execute();
    });
  }
  return performance.now() - started;
}

async function appendSequential(log: AuditLog, total: number, batch: number): Promise<number> {
  const started = performance.now();
  for (let from = 0; from < total; from += batch) {
    const events: Record<string, unknown>[] = [];
    for (let n = from; n < Math.min(total, from + batch); n++) events.push(event(n));
    await log.append(events);
  }
  return performance.now() - started;
}

async function appendConcurrent(
  log: AuditLog,
  total: number,
  perCall: number,
  inFlight: number,
): Promise<number> {
  const started = performance.now();
  let next = 0;
  const worker = async () => {
    while (next < total) {
      const from = next;
      next += perCall;
      const events: Record<string, unknown>[] = [];
      for (let n = from; n < Math.min(total, from + perCall); n++) events.push(event(n));
      await log.append(events);
    }
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
  return performance.now() - started;
}

/** Rounds per append measurement; each round runs every shape once, interleaved. */
const APPEND_ROUNDS = 3;

/** One measured run: wall time and this process's CPU time, both in ms. */
interface Run {
  ms: number;
  cpuMs: number;
}

async function measure(fn: () => Promise<void>): Promise<Run> {
  const cpu = process.cpuUsage();
  const started = performance.now();
  await fn();
  const u = process.cpuUsage(cpu);
  return { ms: performance.now() - started, cpuMs: (u.user + u.system) / 1000 };
}

/**
 * The machine is shared, so load drifts within seconds: the three shapes run interleaved, round
 * after round, and each is reported by its median round — the ratio compares neighbours in time.
 * CPU µs/entry (this process only; the database server's CPU is not included for PostgreSQL) is
 * the load-independent figure.
 */
async function benchAppend(
  engine: 'sqlite' | 'postgres',
  dir: string,
  total: number,
): Promise<void> {
  const batch = 1000;
  const runs: Record<'plain' | 'seq' | 'conc', Run[]> = { plain: [], seq: [], conc: [] };
  for (let round = 0; round < APPEND_ROUNDS; round++) {
    const s1 = await scratch(engine, dir, `plain-${round}`);
    runs.plain.push(await measure(() => plainInsert(s1.database, total, batch).then(() => {})));
    await s1.dispose();
    const s2 = await scratch(engine, dir, `seq-${round}`);
    const log2 = await newLog(s2.database);
    runs.seq.push(await measure(() => appendSequential(log2, total, batch).then(() => {})));
    await log2.close();
    await s2.dispose();
    const s3 = await scratch(engine, dir, `conc-${round}`);
    const log3 = await newLog(s3.database, { maxBatchEntries: 5000 });
    runs.conc.push(await measure(() => appendConcurrent(log3, total, 10, 200).then(() => {})));
    await log3.close();
    await s3.dispose();
  }
  const median = (rs: Run[]) => [...rs].sort((x, y) => x.ms - y.ms)[rs.length >> 1]!;
  const line = (label: string, r: Run, plain?: number) => {
    const perSecond = rate(total, r.ms);
    const ratio = plain === undefined ? '' : `  (${(plain / perSecond).toFixed(2)}× plain)`;
    const cpu = ((r.cpuMs * 1000) / total).toFixed(1);
    console.log(
      `  ${label.padEnd(50)}${fmt(perSecond).padStart(8)} entries/s, CPU ${cpu} µs/entry${ratio}`,
    );
  };
  const plain = median(runs.plain);
  console.log(
    `append ${engine}, ${fmt(total)} entries per run, durable commit, median of ${APPEND_ROUNDS} interleaved rounds:`,
  );
  line(`plain INSERT, ${batch}-row transactions (baseline)`, plain);
  line(`AuditLog.append, ${batch}-event calls`, median(runs.seq), rate(total, plain.ms));
  line('AuditLog.append, 10-event calls × 200 in flight', median(runs.conc), rate(total, plain.ms));
}

/** User + system CPU seconds of this process (all threads) since `since`. */
function cpuSeconds(since: NodeJS.CpuUsage): string {
  const u = process.cpuUsage(since);
  return ((u.user + u.system) / 1e6).toFixed(1);
}

/**
 * Builds a log of `entries` events straight into the SQLite file, bypassing AuditLog: one
 * better-sqlite3 connection, prepared single-row INSERTs, 1 M rows per transaction, durability
 * off while building (a bench fixture, not a log anyone relies on). It stores exactly what
 * AuditLog.append stores (entries with leaf hashes, the completed nodes at stored levels, the head),
 * so proofs and verify see an ordinary log — verify passing checks that.
 */
function buildLogDirect(path: string, logId: number, entries: number): void {
  const db = new BetterSqlite3(path);
  try {
    db.pragma('synchronous = OFF');
    const insertEntry = db.prepare(
      'insert into audit_entries (log_id, idx, leaf_hash, entry) values (?, ?, ?, ?)',
    );
    const insertNode = db.prepare(
      'insert into audit_nodes (log_id, level, idx, hash) values (?, ?, ?, ?)',
    );
    const range = CompactRange.empty();
    const chunk = 1_000_000;
    const build = db.transaction((from: number, to: number) => {
      for (let n = from; n < to; n++) {
        const entry = canonicalJson(event(n));
        const leaf = hashLeaf(entry);
        insertEntry.run(logId, n, leaf, entry);
        range.extend(leaf, (level, index, hash) => {
          if (isStoredLevel(level)) insertNode.run(logId, level, index, hash);
        });
      }
    });
    for (let from = 0; from < entries; from += chunk) {
      build(from, Math.min(entries, from + chunk));
      if (process.stderr.isTTY)
        process.stderr.write(`\r  building: ${fmt(Math.min(entries, from + chunk))} entries`);
    }
    if (process.stderr.isTTY) process.stderr.write('\n');
    db.prepare('update audit_logs set size = ?, root_hash = ? where log_id = ?').run(
      range.size,
      range.root(),
      logId,
    );
    db.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    db.close();
  }
}

async function benchProofsAndVerify(dir: string, entries: number): Promise<void> {
  const s = await scratch('sqlite', dir, 'large');
  const log = await newLog(s.database, { maxBatchEntries: 100_000 });
  let started = performance.now();
  const buildCpu = process.cpuUsage();
  buildLogDirect(join(dir, 'large.db'), log.logId, entries);
  const buildMs = performance.now() - started;
  const fileMb = statSync(join(dir, 'large.db')).size / 2 ** 20;
  console.log(
    `log of ${fmt(entries)} entries built in ${(buildMs / 1000).toFixed(1)} s, CPU ${cpuSeconds(buildCpu)} s (${fmt(rate(entries, buildMs))} entries/s, ${fileMb.toFixed(0)} MiB; direct bulk builder)`,
  );
  const size = await log.size();
  if (size !== entries) throw new Error(`built ${size} entries, wanted ${entries}`);

  const source = log.nodeSource();
  const samples: number[] = [];
  for (let i = 0; i < 1000; i++) {
    const index = Math.floor(Math.random() * entries);
    const t0 = performance.now();
    await inclusionProof(index, entries, source);
    samples.push(performance.now() - t0);
  }
  samples.sort((a, b) => a - b);
  const median = samples[samples.length >> 1]!;
  const p99 = samples[Math.floor(samples.length * 0.99)]!;
  console.log(
    `inclusion proof at size ${fmt(entries)} (SQLite, 1,000 random leaves): median ${median.toFixed(3)} ms, p99 ${p99.toFixed(3)} ms (target median < 1 ms)`,
  );

  started = performance.now();
  const verifyCpu = process.cpuUsage();
  const report = await verifyLog(s.database.db);
  const verifyMs = performance.now() - started;
  console.log(
    `audit verify of ${fmt(entries)} entries: ${(verifyMs / 1000).toFixed(1)} s, CPU ${cpuSeconds(verifyCpu)} s (${fmt(rate(entries, verifyMs))} entries/s; ok=${report.ok}) (target < 60 s at 10 M)`,
  );
  await log.close();
  await s.dispose();
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      entries: {
        type: 'string',
        default: process.env['PIGUARD_BENCH_AUDIT_ENTRIES'] ?? '10000000',
      },
      append: { type: 'string', default: '100000' },
      engines: { type: 'string', default: 'sqlite,postgres' },
    },
  });
  const entries = Number(values.entries);
  const appendCount = Number(values.append);
  const dir = mkdtempSync(join(tmpdir(), 'piguard-bench-'));
  try {
    for (const engine of values.engines.split(',').filter(Boolean)) {
      if (engine !== 'sqlite' && engine !== 'postgres') throw new Error(`unknown engine ${engine}`);
      await benchAppend(engine, dir, appendCount);
    }
    if (entries > 0) await benchProofsAndVerify(dir, entries);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await main();
}
