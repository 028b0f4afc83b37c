/**
 * The API over HTTP (issue 4): audited, masked single-customer reads
 * (`GET /api/v1/customers/:id?purpose=…`, bearer token) through the whole server — rate limit,
 * helmet, authentication, rights check, gateway (policy, decrypt, mask, audit entry in the same
 * transaction), response schema — with autocannon on loopback, 50 connections, on SQLite and
 * PostgreSQL. Baseline in the same run: a bare Fastify route doing the same SELECT of the
 * customer's row without authentication, policy, decryption or audit. Targets: ≥ 5,000 reads/s,
 * p99 < 20 ms. After each run the audit entries added are checked against the reads answered.
 *
 * autocannon runs in its own worker thread so the client does not share the server's event loop.
 *
 * Run: `node --import tsx bench/http.bench.ts [--seconds 30] [--customers 10000] [--engines sqlite,postgres]`
 *
 * Diagnostics: `--profile DIR` writes a CPU profile of the server thread during each audited
 * load; `--ab prepare,noprepare --rounds 3` loads several server variants (VARIANTS below) in
 * turn on the same data and prints CPU per read of each (A/B in one run). On PostgreSQL the
 * statements per read and reads per transaction are printed too.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Session } from 'node:inspector/promises';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import Fastify, { type FastifyInstance } from 'fastify';
import pg from 'pg';
import { pino } from 'pino';
import { AuditLog } from '../src/audit/audit-log.ts';
import { createLog } from '../src/audit/log-signer.ts';
import type { CustomerRecord } from '../src/core/customer.ts';
import { iso7064Mod112CheckChar } from '../src/detect/validators/iso7064-mod11-2.ts';
import type { KeyProvider } from '../src/protect/key-provider.ts';
import { buildApp, type AppOptions } from '../src/server/app.ts';
import { serverLogger } from '../src/server/server-logger.ts';
import { sql } from 'kysely';
import { migrateToLatest } from '../src/store/migrator.ts';
import { openDatabase, type Database } from '../src/store/open-database.ts';
import { CustomerVault } from '../src/vault/customer-vault.ts';
import { upsertStaff } from '../src/vault/staff-store.ts';

const POSTGRES_URL = process.env['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';

const { values: args } = parseArgs({
  options: {
    seconds: { type: 'string', default: '30' },
    customers: { type: 'string', default: '10000' },
    connections: { type: 'string', default: '50' },
    engines: { type: 'string', default: 'sqlite,postgres' },
    /**
     * A/B in one run: comma-separated server variants (see VARIANTS), each its own app and pool
     * on the same data, loaded in turn for --rounds rounds; prints CPU per request of each.
     */
    ab: { type: 'string' },
    rounds: { type: 'string', default: '3' },
    /** Directory to write a CPU profile of the server thread during each audited load. */
    profile: { type: 'string' },
  },
});
const SECONDS = Number(args.seconds);
const CUSTOMERS = Number(args.customers);
const CONNECTIONS = Number(args.connections);
/** Distinct customers the load cycles through. */
const READ_SET = Math.min(CUSTOMERS, 1000);

const POLICY = `version: 1
timezone: '+08:00'
roles:
  clerk:
    match: [clerk]
purposes:
  service: bench
grants:
  - role: clerk
    purpose: service
    fields:
      customer_id: keep
      name: name
      phone: phone
      id_number: id_number
      birth_date: birth_date
      address: address
      product: keep
    scope: all
    quota: null
    export: forbidden
`;

function customer(n: number): CustomerRecord {
  const body = `310101${1960 + (n % 40)}${String((n % 12) + 1).padStart(2, '0')}${String((n % 28) + 1).padStart(2, '0')}${String(n % 1000).padStart(3, '0')}`;
  return {
    customer_id: `C${String(n).padStart(7, '0')}`,
    name: `测试${n}`,
    birth_date: `${1960 + (n % 40)}-${String((n % 12) + 1).padStart(2, '0')}-${String((n % 28) + 1).padStart(2, '0')}`,
    phone: `139${String(n).padStart(8, '0')}`,
    id_number: body + iso7064Mod112CheckChar(body)!,
    address: `上海市浦东新区张江路${n}号`,
    product: '终身寿险',
    branch: '上海分公司',
  };
}

/** Server variants for --ab: what the database pool and the app are built with. */
const VARIANTS: Record<string, { prepare?: boolean; app?: (dir: string) => Partial<AppOptions> }> =
  {
    base: {},
    // PostgreSQL gateway paths: the batch's audit as three statements plus a staff SELECT (the
    // session-4 path), one fused statement without the staff cache, and two batches in flight.
    unfused: { app: () => ({ gateway: { fusedAppend: false } }) },
    nocache: { app: () => ({ gateway: { cacheStaff: false } }) },
    parallel2: { app: () => ({ gateway: { parallelBatches: 2 } }) },
    noprepare: { prepare: false },
    prepare: { prepare: true },
    // The server's real logger (one access line per request) to a file, as `piguard serve` logs
    // (synchronous writes), and through a buffered destination.
    'log-sync': {
      app: (dir) => ({
        logger: serverLogger({}, pino.destination({ dest: join(dir, 'sync.log'), sync: true })),
      }),
    },
    'log-buffered': {
      app: (dir) => ({
        logger: serverLogger(
          {},
          pino.destination({ dest: join(dir, 'buf.log'), sync: false, minLength: 4096 }),
        ),
      }),
    },
  };

interface Scratch {
  database: Database;
  /** PostgreSQL: the application_name of this run's connections (to find their backends). */
  applicationName?: string;
  /** PostgreSQL: the URL the database was opened with (A/B variants open their own pools). */
  url?: string;
  dispose(): Promise<void>;
}

/**
 * CPU milliseconds (user + system) of one thread or process from /proc (Linux), or NaN.
 * The server's own thread is measured apart from autocannon's worker thread in this process,
 * and PostgreSQL's backends apart from everything else, because on a shared 2-core machine
 * requests per second alone say little: CPU per request is what a change moves.
 */
function procCpuMs(path: string): number {
  try {
    const stat = readFileSync(path, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // After the command name: field 3 (state) is fields[0]; utime is field 14, stime field 15.
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return Number.NaN;
  }
}

/**
 * Statements and transactions this process sends to PostgreSQL (counted on pg.Client, which the
 * server's pool uses): round trips per read are what the PostgreSQL path spends its CPU on.
 */
const pgCalls = { statements: 0, transactions: 0 };
const clientQuery = pg.Client.prototype.query;
pg.Client.prototype.query = function (this: pg.Client, ...a: unknown[]) {
  pgCalls.statements++;
  const text = typeof a[0] === 'string' ? a[0] : (a[0] as { text?: string } | null)?.text;
  if (typeof text === 'string' && /^\s*begin\b/i.test(text)) pgCalls.transactions++;
  return (clientQuery as (...b: unknown[]) => unknown).apply(this, a);
} as typeof pg.Client.prototype.query;

/** CPU ms of this process's main thread (the server: Fastify, gateway, SQLite, pg client). */
function mainThreadCpuMs(): number {
  return procCpuMs(`/proc/self/task/${process.pid}/stat`);
}

/** CPU ms so far of each thread of this process, by thread name (comm), summed per name. */
function threadCpuMs(): Map<string, number> {
  const out = new Map<string, number>();
  for (const tid of readdirSync('/proc/self/task')) {
    let name: string;
    try {
      name = readFileSync(`/proc/self/task/${tid}/comm`, 'utf8').trim();
    } catch {
      continue;
    }
    if (tid === String(process.pid)) name = 'main (server)';
    const ms = procCpuMs(`/proc/self/task/${tid}/stat`);
    if (!Number.isNaN(ms)) out.set(name, (out.get(name) ?? 0) + ms);
  }
  return out;
}

/** Per-thread-name CPU between two {@link threadCpuMs} snapshots, µs per request, largest first. */
function threadDelta(before: Map<string, number>, after: Map<string, number>, n: number): string {
  return [...after]
    .map(([name, ms]) => [name, ms - (before.get(name) ?? 0)] as const)
    .filter(([, ms]) => ms > 0)
    .sort((a, b) => b[1] - a[1])
    .map(([name, ms]) => `${name} ${Math.round((ms * 1000) / Math.max(1, n))}`)
    .join(', ');
}

/** CPU ms so far of each PostgreSQL backend serving `applicationName`, by pid. */
async function backendCpuMs(s: Scratch): Promise<Map<number, number>> {
  const out = new Map<number, number>();
  if (s.applicationName === undefined) return out;
  const { rows } = await sql<{ pid: number }>`
    select pid from pg_stat_activity where application_name = ${s.applicationName}
  `.execute(s.database.db);
  for (const { pid } of rows) out.set(pid, procCpuMs(`/proc/${pid}/stat`));
  return out;
}

/** CPU ms the backends spent between two {@link backendCpuMs} snapshots. */
function backendDelta(before: Map<number, number>, after: Map<number, number>): number {
  let total = 0;
  for (const [pid, ms] of after) total += ms - (before.get(pid) ?? 0);
  return total;
}

async function scratch(engine: 'sqlite' | 'postgres', dir: string): Promise<Scratch> {
  if (engine === 'sqlite') {
    const database = await openDatabase(`sqlite:${join(dir, 'http.db')}`);
    await migrateToLatest(database.db, 'sqlite');
    return { database, dispose: () => database.close() };
  }
  const schema = `bench_${randomBytes(4).toString('hex')}`;
  const applicationName = `piguard-${schema}`;
  const admin = async (q: string) => {
    const c = new pg.Client({ connectionString: POSTGRES_URL });
    await c.connect();
    await c.query(q).finally(() => c.end());
  };
  await admin(`create schema ${schema}`);
  const sep = POSTGRES_URL.includes('?') ? '&' : '?';
  const url =
    `${POSTGRES_URL}${sep}options=${encodeURIComponent(`-c search_path=${schema}`)}` +
    `&application_name=${applicationName}`;
  const database = await openDatabase(url);
  await migrateToLatest(database.db, 'postgres');
  return {
    database,
    applicationName,
    url,
    dispose: async () => {
      await database.close();
      await admin(`drop schema ${schema} cascade`);
    },
  };
}

interface Load {
  reqPerSec: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
  total2xx: number;
}

async function load(url: string, paths: string[], headers: Record<string, string>): Promise<Load> {
  const r = await autocannon({
    url,
    connections: CONNECTIONS,
    duration: SECONDS,
    workers: 1,
    requests: paths.map((path) => ({ method: 'GET', path, headers })),
  });
  return {
    reqPerSec: r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
    non2xx: r.non2xx,
    errors: r.errors,
    total2xx: r['2xx'],
  };
}

function cpuMs(usage: NodeJS.CpuUsage): number {
  return (usage.user + usage.system) / 1000;
}

/** CPU of a load run: server thread, whole process (with autocannon), PostgreSQL backends. */
interface LoadCpu {
  main: number;
  process: number;
  pg: number;
}

function perRequest(cpu: LoadCpu, l: Load): string {
  const us = (ms: number) => `${Math.round((ms * 1000) / Math.max(1, l.total2xx + l.non2xx))} µs`;
  return (
    `server thread ${us(cpu.main)}, whole process incl. autocannon ${us(cpu.process)}` +
    (cpu.pg > 0 || Number.isNaN(cpu.pg) ? `, PostgreSQL backends ${us(cpu.pg)}` : '')
  );
}

function fmt(l: Load): string {
  return `${Math.round(l.reqPerSec).toLocaleString('en')} reads/s, p50 ${l.p50} ms, p99 ${l.p99} ms, non-2xx ${l.non2xx}, errors ${l.errors}`;
}

/**
 * Profiles this thread (the server) until stop(): --profile DIR narrows a CPU profile to the
 * audited load, without set-up and baseline, for chrome://inspect or a self-time summary.
 */
async function startProfile(): Promise<{ stop(file: string): Promise<void> }> {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  return {
    async stop(file) {
      const { profile } = await session.post('Profiler.stop');
      writeFileSync(file, JSON.stringify(profile));
      session.disconnect();
    },
  };
}

/** --ab: each variant's app on its own pool, loaded in turn, CPU per request summed per variant. */
async function abRuns(
  engine: 'sqlite' | 'postgres',
  s: Scratch,
  setup: {
    log: AuditLog;
    keys: KeyProvider;
    policyPath: string;
    token: string;
    paths: string[];
    dir: string;
  },
): Promise<void> {
  const dir = setup.dir;
  const names = args.ab!.split(',');
  const headers = { authorization: `Bearer ${setup.token}` };
  let answered = 0;
  const servers: Array<{
    name: string;
    url: string;
    app: FastifyInstance;
    database: Database;
    log: AuditLog;
    runs: Array<{ l: Load; cpu: LoadCpu; statements: number }>;
  }> = [];
  for (const name of names) {
    const variant = VARIANTS[name];
    if (!variant)
      throw new Error(`unknown variant ${name}; known: ${Object.keys(VARIANTS).join(', ')}`);
    const database =
      engine === 'postgres'
        ? await openDatabase(s.url!, { postgres: { prepare: variant.prepare ?? true } })
        : s.database;
    const log = engine === 'postgres' ? new AuditLog(database) : setup.log;
    const app = await buildApp(
      { database, log, keys: setup.keys, policyPath: setup.policyPath, now: () => new Date() },
      { logger: pino({ level: 'silent' }), rateLimit: false, ...variant.app?.(dir) },
    );
    app.addHook('onSend', async (request, reply) => {
      if (request.routeOptions.url === '/api/v1/customers/:id' && reply.statusCode === 200)
        answered++;
    });
    const url = await app.listen({ port: 0, host: '127.0.0.1' });
    await autocannon({ url: url + setup.paths[0]!, connections: 10, amount: 1000, headers });
    servers.push({ name, url, app, database, log, runs: [] });
  }
  await new Promise((r) => setTimeout(r, 1000));
  answered = 0;
  const sizeBefore = await setup.log.size();
  for (let round = 0; round < Number(args.rounds); round++) {
    for (const v of servers) {
      const pg0 = await backendCpuMs(s);
      const main0 = mainThreadCpuMs();
      const all0 = process.cpuUsage();
      const st0 = pgCalls.statements;
      const l = await load(v.url, setup.paths, headers);
      v.runs.push({
        l,
        statements: pgCalls.statements - st0,
        cpu: {
          main: mainThreadCpuMs() - main0,
          process: cpuMs(process.cpuUsage(all0)),
          pg: backendDelta(pg0, await backendCpuMs(s)),
        },
      });
    }
  }
  console.log(
    `\n[${engine}] A/B ${names.join(' vs ')}, ${args.rounds} rounds of ${SECONDS} s each, interleaved`,
  );
  for (const v of servers) {
    const n = v.runs.reduce((a, r) => a + r.l.total2xx + r.l.non2xx, 0);
    const sum = (f: (r: { l: Load; cpu: LoadCpu; statements: number }) => number) =>
      v.runs.reduce((a, r) => a + f(r), 0);
    const us = (ms: number) => Math.round((ms * 1000) / Math.max(1, n));
    console.log(
      `  ${v.name.padEnd(10)} ${Math.round(sum((r) => r.l.reqPerSec) / v.runs.length)} reads/s (rounds: ${v.runs.map((r) => Math.round(r.l.reqPerSec)).join(', ')}), p99 ${v.runs.map((r) => r.l.p99).join('/')} ms; CPU µs/read: server ${us(sum((r) => r.cpu.main))}, process ${us(sum((r) => r.cpu.process))}, PostgreSQL ${us(sum((r) => r.cpu.pg))}; statements/read ${(sum((r) => r.statements) / Math.max(1, n)).toFixed(2)}`,
    );
  }
  for (const v of servers) {
    await v.app.close();
    if (v.log !== setup.log) await v.log.close();
    if (v.database !== s.database) await v.database.close();
  }
  const added = (await setup.log.size()) - sizeBefore;
  console.log(
    `  invariant 3: audit entries added ${added} = reads answered ${answered}: ${added === answered ? 'yes' : 'NO'}`,
  );
  if (added !== answered) process.exitCode = 1;
}

async function benchEngine(engine: 'sqlite' | 'postgres', dir: string): Promise<void> {
  const s = await scratch(engine, dir);
  const masterKey = randomBytes(32);
  const keys: KeyProvider = { source: 'bench', getMasterKey: async () => Buffer.from(masterKey) };
  await createLog(s.database.db, { origin: 'bench.local/http', masterKey });
  const log = new AuditLog(s.database);
  const vault = await CustomerVault.open(s.database, keys);
  for (let i = 0; i < CUSTOMERS; i += 1000) {
    const batch = Array.from({ length: Math.min(1000, CUSTOMERS - i) }, (_, k) => customer(i + k));
    await s.database.db.transaction().execute((trx) => vault.upsert(trx, batch));
  }
  vault.close();
  await s.database.db.transaction().execute((trx) =>
    upsertStaff(
      trx,
      [
        {
          staffId: 'S1',
          role: 'clerk',
          roleRaw: 'clerk',
          branch: '上海分公司',
          team: null,
          startDate: '2020-01-01',
          endDate: null,
        },
      ],
      new Date().toISOString(),
    ),
  );
  const policyPath = join(dir, `${engine}.policy.yaml`);
  writeFileSync(policyPath, POLICY);

  let answered = 0;
  const app = await buildApp(
    { database: s.database, log, keys, policyPath, now: () => new Date() },
    { logger: pino({ level: 'silent' }), rateLimit: false },
  );
  // onSend, not onResponse: requests cut off when the load stops were still read and audited.
  app.addHook('onSend', async (request, reply) => {
    if (request.routeOptions.url === '/api/v1/customers/:id' && reply.statusCode === 200)
      answered++;
  });
  await app.ready();
  await app.piguard.principals.add({
    id: 'bench-clerk',
    kind: 'system',
    staffId: 'S1',
    rights: ['read'],
  });
  const { token } = await app.piguard.tokens.create('bench-clerk', 'bench', ['read']);
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  const paths = Array.from(
    { length: READ_SET },
    (_, i) =>
      `/api/v1/customers/${customer(Math.floor((i * CUSTOMERS) / READ_SET)).customer_id}?purpose=service`,
  );
  if (args.ab !== undefined) {
    await app.close();
    await abRuns(engine, s, { log, keys, policyPath, token, paths, dir });
    await log.close();
    await s.dispose();
    return;
  }
  // Warm-up: JIT, statement caches, key unwrapping.
  await autocannon({
    url: url + paths[0]!,
    connections: 10,
    amount: 500,
    headers: { authorization: `Bearer ${token}` },
  });

  const bare: FastifyInstance = Fastify();
  const db = s.database.db;
  bare.get<{ Params: { id: string } }>('/raw/:id', async (request) => {
    const row = await db
      .selectFrom('customers')
      .selectAll()
      .where('customer_id', '=', request.params.id)
      .executeTakeFirst();
    return { customer_id: row?.customer_id, bytes: row?.name_enc?.length ?? 0 };
  });
  const bareUrl = await bare.listen({ port: 0, host: '127.0.0.1' });
  const rawPaths = paths.map((p) => p.replace('/api/v1/customers/', '/raw/').replace(/\?.*$/, ''));
  await autocannon({ url: bareUrl + rawPaths[0]!, connections: 10, amount: 500 });

  // autocannon's `amount` stops counting, not sending: let warm-up requests still in flight land
  // before taking the audit size the invariant check starts from.
  await new Promise((r) => setTimeout(r, 1000));
  answered = 0;
  const sizeBefore = await log.size();
  let pg0 = await backendCpuMs(s);
  let main0 = mainThreadCpuMs();
  let all0 = process.cpuUsage();
  const calls0 = { ...pgCalls };
  const threads0 = threadCpuMs();
  const profiler = args.profile === undefined ? undefined : await startProfile();
  const audited = await load(url, paths, { authorization: `Bearer ${token}` });
  if (profiler) await profiler.stop(join(args.profile!, `http-${engine}.cpuprofile`));
  const threads = threadDelta(threads0, threadCpuMs(), audited.total2xx + audited.non2xx);
  const statements = pgCalls.statements - calls0.statements;
  const transactions = pgCalls.transactions - calls0.transactions;
  const auditedCpu = {
    main: mainThreadCpuMs() - main0,
    process: cpuMs(process.cpuUsage(all0)),
    pg: backendDelta(pg0, await backendCpuMs(s)),
  };
  await app.close();
  const added = (await log.size()) - sizeBefore;
  pg0 = await backendCpuMs(s);
  main0 = mainThreadCpuMs();
  all0 = process.cpuUsage();
  const baseline = await load(bareUrl, rawPaths, {});
  const baselineCpu = {
    main: mainThreadCpuMs() - main0,
    process: cpuMs(process.cpuUsage(all0)),
    pg: backendDelta(pg0, await backendCpuMs(s)),
  };
  await bare.close();

  console.log(
    `\n[${engine}] ${CUSTOMERS.toLocaleString('en')} customers, ${CONNECTIONS} connections, ${SECONDS} s each`,
  );
  console.log(`  audited masked reads (full server): ${fmt(audited)}`);
  console.log(`    CPU per request: ${perRequest(auditedCpu, audited)}`);
  console.log(`    threads (µs per request): ${threads}`);
  if (engine === 'postgres') {
    const requests = Math.max(1, audited.total2xx + audited.non2xx);
    console.log(
      `    PostgreSQL: ${(statements / requests).toFixed(2)} statements per read, ${(requests / Math.max(1, transactions)).toFixed(1)} reads per transaction`,
    );
  }
  console.log(`  bare Fastify SELECT, no audit:       ${fmt(baseline)}`);
  console.log(`    CPU per request: ${perRequest(baselineCpu, baseline)}`);
  console.log(
    `  ratio bare/audited: ${(baseline.reqPerSec / audited.reqPerSec).toFixed(2)}× throughput; targets ≥ 5,000 reads/s: ${audited.reqPerSec >= 5000 ? 'met' : 'NOT met'}, p99 < 20 ms: ${audited.p99 < 20 ? 'met' : 'NOT met'}`,
  );
  console.log(
    `  invariant 3: audit entries added ${added} = reads answered ${answered}: ${added === answered ? 'yes' : 'NO'}`,
  );
  await log.close();
  await s.dispose();
  if (added !== answered) process.exitCode = 1;
}

const dir = mkdtempSync(join(tmpdir(), 'piguard-http-bench-'));
try {
  for (const engine of args.engines.split(',') as Array<'sqlite' | 'postgres'>) {
    await benchEngine(engine, dir);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
