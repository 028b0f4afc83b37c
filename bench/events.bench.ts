/**
 * Access-event import benchmark (issue 4 target: ≥ 100,000 events/s on SQLite).
 *
 * Measured: `importEventsFile` over a JSONL file — line parsing, validation, canonical JSON,
 * leaf and node hashing, audit entries + tree nodes, access_events and access_event_customers —
 * in one transaction, as `piguard import events` does. Baseline (same run, fresh database): a
 * plain multi-row INSERT of the same access_events and access_event_customers rows, without
 * parsing, validation or audit.
 *
 * Run: `node --import tsx bench/events.bench.ts [--events N] [--engines sqlite,postgres]`
 * (default 500,000 events on SQLite).
 */
import { randomBytes } from 'node:crypto';
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { CompiledQuery } from 'kysely';
import pg from 'pg';
import { AuditLog } from '../src/audit/audit-log.ts';
import { createLog } from '../src/audit/log-signer.ts';
import { migrateToLatest } from '../src/store/migrator.ts';
import { openDatabase, type Database } from '../src/store/open-database.ts';
import { importEventsFile } from '../src/vault/event-import.ts';

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

/** Baseline: the same index rows, plain multi-row INSERTs in one transaction, no audit. */
async function plainInsert(database: Database, n: number): Promise<void> {
  const pgStyle = database.engine === 'postgres';
  const ph = (count: number, base: number) =>
    Array.from({ length: count }, (_, i) => (pgStyle ? `$${base + i + 1}` : '?')).join(',');
  await database.db.transaction().execute(async (trx) => {
    const EV = 2_000;
    for (let start = 0; start < n; start += EV) {
      const evParams: unknown[] = [];
      const cuParams: unknown[] = [];
      const evRows: string[] = [];
      const cuRows: string[] = [];
      for (let i = start; i < Math.min(n, start + EV); i++) {
        const e = event(i);
        const customers = e['customers'] as string[];
        evRows.push(`(${ph(12, evParams.length)})`);
        evParams.push(
          i,
          e['ts'],
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
        );
        for (const c of new Set(customers)) {
          cuRows.push(`(${ph(5, cuParams.length)})`);
          cuParams.push(i, c, e['actor'], e['ts'], e['action']);
        }
      }
      await trx.executeQuery(
        CompiledQuery.raw(
          `insert into access_events (audit_idx, ts, actor, action, purpose, source, role, branch, outcome, decision, customers, export_id) values ${evRows.join(',')}`,
          evParams,
        ),
      );
      await trx.executeQuery(
        CompiledQuery.raw(
          `insert into access_event_customers (audit_idx, customer_id, actor, ts, action) values ${cuRows.join(',')}`,
          cuParams,
        ),
      );
    }
  });
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      events: { type: 'string', default: '500000' },
      engines: { type: 'string', default: 'sqlite' },
    },
  });
  const n = Number(values.events);
  const dir = mkdtempSync(join(tmpdir(), 'piguard-bench-events-'));
  try {
    const file = join(dir, 'events.jsonl');
    await writeFile(file, n);
    console.log(`events import: ${n} events (${new Date().toISOString()})`);
    for (const engine of values.engines.split(',') as Array<'sqlite' | 'postgres'>) {
      const base = await scratch(engine, dir, 'baseline');
      let t0 = performance.now();
      await plainInsert(base.database, n);
      const baseSec = (performance.now() - t0) / 1000;
      await base.dispose();

      const s = await scratch(engine, dir, 'import');
      await createLog(s.database.db, {
        origin: 'bench.example/events',
        masterKey: randomBytes(32),
      });
      const log = new AuditLog(s.database);
      t0 = performance.now();
      const r = await importEventsFile(s.database.db, log, file);
      const sec = (performance.now() - t0) / 1000;
      await log.close();
      await s.dispose();
      console.log(
        `${engine}: import events (parse + validate + audit + index) ${r.events} in ${sec.toFixed(2)} s = ${Math.round(r.events / sec).toLocaleString('en')} events/s; ` +
          `baseline plain INSERT of the same index rows ${baseSec.toFixed(2)} s = ${Math.round(n / baseSec).toLocaleString('en')} rows/s; ratio ${(sec / baseSec).toFixed(2)}×`,
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
