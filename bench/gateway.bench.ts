/**
 * Audited, masked single-customer reads through the gateway, in process, on SQLite (issue 4:
 * target ≥ 20,000/s), against a raw unaudited SELECT of the same row measured in the same run
 * (target ≤ 3×). Readers run concurrently, as a server's requests do, so the gateway's group
 * commit shares one durable transaction among the reads in flight; invariant 1 still holds
 * (tests: test/vault/gateway.test.ts).
 *
 * Run: `node --import tsx bench/gateway.bench.ts [--customers N] [--reads N] [--concurrency N]`
 *
 * PostgreSQL A/B: `--postgres` runs the same reads over PostgreSQL (DATABASE_URL, a scratch
 * schema) through gateways built with different options (VARIANTS below: the one-statement
 * audit with the staff cache, without the cache, the three-statement path), pass by pass on
 * the same data, and prints CPU per read of this process and of the PostgreSQL backends, and
 * statements per read — what the HTTP bench cannot isolate on a loaded 2-core machine.
 */
import { randomBytes } from 'node:crypto';
import { CompiledQuery, sql } from 'kysely';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import pg from 'pg';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { AuditLog } from '../src/audit/audit-log.ts';
import { createLog } from '../src/audit/log-signer.ts';
import type { CustomerRecord } from '../src/core/customer.ts';
import { iso7064Mod112CheckChar } from '../src/detect/validators/iso7064-mod11-2.ts';
import { migrateToLatest } from '../src/store/migrator.ts';
import { openDatabase } from '../src/store/open-database.ts';
import { CustomerVault } from '../src/vault/customer-vault.ts';
import { Gateway, type GatewayOptions } from '../src/vault/gateway/gateway.ts';
import { maskHashKey } from '../src/vault/gateway/mask-hash-key.ts';
import { parsePolicy } from '../src/vault/policy/policy-loader.ts';
import { upsertStaff } from '../src/vault/staff-store.ts';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

const CUSTOMERS = arg('customers', 10_000);
const READS = arg('reads', 100_000);
const CONCURRENCY = arg('concurrency', 64);
const POSTGRES = process.argv.includes('--postgres');
const POSTGRES_URL = process.env['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';

/** --postgres: gateway variants compared pass by pass. */
const VARIANTS: Record<string, Partial<GatewayOptions>> = {
  fused: {},
  'fused-nocache': { cacheStaff: false },
  unfused: { fusedAppend: false },
};

/** Statements this process sends to PostgreSQL (counted on pg.Client). */
let pgStatements = 0;
const clientQuery = pg.Client.prototype.query;
pg.Client.prototype.query = function (this: pg.Client, ...a: unknown[]) {
  pgStatements++;
  return (clientQuery as (...b: unknown[]) => unknown).apply(this, a);
} as typeof pg.Client.prototype.query;

/** CPU ms (user + system) of a process from /proc, or NaN. */
function procCpuMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(f[11]) + Number(f[12])) * 1000) / 100;
  } catch {
    return Number.NaN;
  }
}

const POLICY = `
version: 1
roles:
  call_centre: {}
purposes:
  customer_service: ~
grants:
  - role: call_centre
    purpose: customer_service
    fields: { customer_id: keep, name: mask, phone: mask, birth_date: mask, address: mask, product: keep, premium: keep }
    scope: branch
    quota: null
    export: forbidden
`;

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周'];

function customers(n: number): CustomerRecord[] {
  return Array.from({ length: n }, (_, i) => {
    const birth = `19${50 + (i % 50)}-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 28) + 1).padStart(2, '0')}`;
    const body = `310101${birth.replaceAll('-', '')}${String(i % 1000).padStart(3, '0')}`;
    return {
      customer_id: `C${String(i).padStart(8, '0')}`,
      name: `${SURNAMES[i % 10]}伟`,
      birth_date: birth,
      phone: `139${String(i).padStart(8, '0')}`,
      id_number: body + iso7064Mod112CheckChar(body)!,
      address: `上海市浦东新区张江路${i % 500}号`,
      product: '终身寿险',
      premium: String(1000 + (i % 9000)),
      agent: `A${i % 50}`,
      branch: '上海分公司',
    };
  });
}

/** Calls per wall-clock second, and per second of this process's CPU time. */
interface Rate {
  wall: number;
  cpu: number;
}

/**
 * Runs `total` calls of `fn` with `concurrency` callers in flight. The CPU-time rate matters on
 * a shared machine: wall-clock rates fall with other processes' load, CPU-time rates show what
 * one core does (SQLite runs in this process, so its work is counted; fsync waits are not).
 */
async function run(
  total: number,
  concurrency: number,
  fn: (i: number) => Promise<unknown>,
): Promise<Rate> {
  let next = 0;
  const cpu0 = process.cpuUsage();
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) await fn(next++);
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const cpu = process.cpuUsage(cpu0);
  return { wall: total / seconds, cpu: total / ((cpu.user + cpu.system) / 1e6) };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'piguard-gateway-bench-'));
  const schema = `bench_gw_${randomBytes(4).toString('hex')}`;
  const admin = async (q: string) => {
    const c = new pg.Client({ connectionString: POSTGRES_URL });
    await c.connect();
    await c.query(q).finally(() => c.end());
  };
  if (POSTGRES) await admin(`create schema ${schema}`);
  const database = POSTGRES
    ? await openDatabase(
        `${POSTGRES_URL}${POSTGRES_URL.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema}`)}&application_name=piguard-${schema}`,
      )
    : await openDatabase(`sqlite:${join(dir, 'bench.db')}`);
  try {
    await migrateToLatest(database.db, database.engine);
    const masterKey = randomBytes(32);
    const keys = { source: 'bench', getMasterKey: async () => Buffer.from(masterKey) };
    await createLog(database.db, { origin: 'bench.test/gateway', masterKey });
    const vault = await CustomerVault.open(database, keys);
    const all = customers(CUSTOMERS);
    for (let i = 0; i < all.length; i += 2_000) {
      await database.db.transaction().execute((trx) => vault.upsert(trx, all.slice(i, i + 2_000)));
    }
    await database.db.transaction().execute((trx) =>
      upsertStaff(
        trx,
        [
          {
            staffId: 'K1',
            role: 'call_centre',
            roleRaw: null,
            branch: '上海分公司',
            team: null,
            startDate: null,
            endDate: null,
          },
        ],
        new Date().toISOString(),
      ),
    );
    const log = new AuditLog(database);
    const gateway = new Gateway({
      database,
      log,
      vault,
      policy: parsePolicy(POLICY, 'bench.policy.yaml'),
      hashKey: maskHashKey(masterKey),
    });
    const idOf = (i: number) => all[(i * 7919) % all.length]!.customer_id;
    if (POSTGRES) {
      await gateway.close();
      await postgresAb(database, log, vault, masterKey, idOf, `piguard-${schema}`);
      await log.close();
      vault.close();
      return;
    }
    const gatewayRead = (i: number) =>
      gateway.read({ actor: 'K1', purpose: 'customer_service', by: { customerId: idOf(i) } });
    const rawSelect = (i: number) =>
      database.db
        .selectFrom('customers')
        .selectAll()
        .where('customer_id', '=', idOf(i))
        .executeTakeFirstOrThrow();
    // The same SELECT as a prepared statement (SQL text built once; the dialect's statement cache
    // keeps it compiled), without Kysely's per-call query building: the floor an unaudited app
    // could reach. The gateway's customer read is a prepared statement of this kind.
    const prepared = CompiledQuery.raw('select * from customers where customer_id = ?', ['']);
    const preparedSelect = (i: number) =>
      database.db.executeQuery({ ...prepared, parameters: [idOf(i)] });

    // Warm-up (JIT, page cache, data-key cache), then alternate passes so drift hits both.
    await run(Math.min(5_000, READS), CONCURRENCY, gatewayRead);
    await run(Math.min(5_000, READS), CONCURRENCY, rawSelect);
    await run(Math.min(5_000, READS), CONCURRENCY, preparedSelect);
    const sizeBefore = await log.size();
    const gw: Rate[] = [];
    const raw: Rate[] = [];
    const prep: Rate[] = [];
    const passes = 3;
    for (let p = 0; p < passes; p++) {
      raw.push(await run(Math.ceil(READS / passes), CONCURRENCY, rawSelect));
      prep.push(await run(Math.ceil(READS / passes), CONCURRENCY, preparedSelect));
      gw.push(await run(Math.ceil(READS / passes), CONCURRENCY, gatewayRead));
    }
    const added = (await log.size()) - sizeBefore;
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const g = median(gw.map((x) => x.wall));
    const r = median(raw.map((x) => x.wall));
    const gc = median(gw.map((x) => x.cpu));
    const rc = median(raw.map((x) => x.cpu));
    const pw = median(prep.map((x) => x.wall));
    const pc = median(prep.map((x) => x.cpu));
    console.log(
      `gateway bench: ${CUSTOMERS} customers, ${passes} passes of ${Math.ceil(READS / passes)} reads, concurrency ${CONCURRENCY}, ` +
        `${availableParallelism()} CPUs, load ${loadavg()[0]!.toFixed(2)}`,
    );
    const n = (x: number) => Math.round(x).toLocaleString('en');
    console.log(
      `  raw SELECT (no audit, no decryption):      ${n(r)} rows/s wall, ${n(rc)} per CPU-second`,
    );
    console.log(
      `  raw SELECT, prepared statement:           ${n(pw)} rows/s wall, ${n(pc)} per CPU-second`,
    );
    console.log(
      `  gateway read (audited, decrypted, masked): ${n(g)} reads/s wall, ${n(gc)} per CPU-second (target ≥ 20,000)`,
    );
    console.log(
      `  ratio raw/gateway: ${(r / g).toFixed(2)}× wall, ${(rc / gc).toFixed(2)}× CPU (target ≤ 3×); ` +
        `prepared/gateway: ${(pw / g).toFixed(2)}× wall, ${(pc / gc).toFixed(2)}× CPU`,
    );
    console.log(
      `  audit entries added: ${added} (= reads: ${added === passes * Math.ceil(READS / passes)})`,
    );
    await gateway.close();
    await log.close();
    vault.close();
  } finally {
    await database.close();
    if (POSTGRES) await admin(`drop schema ${schema} cascade`);
    rmSync(dir, { recursive: true, force: true });
  }
}

/** --postgres: each variant's gateway in turn, 3 passes, CPU per read of process and backends. */
async function postgresAb(
  database: Awaited<ReturnType<typeof openDatabase>>,
  log: AuditLog,
  vault: CustomerVault,
  masterKey: Buffer,
  idOf: (i: number) => string,
  applicationName: string,
): Promise<void> {
  const backends = async () => {
    const { rows } = await sql<{ pid: number }>`
      select pid from pg_stat_activity where application_name = ${applicationName}
    `.execute(database.db);
    return new Map(rows.map(({ pid }) => [pid, procCpuMs(pid)]));
  };
  const policy = parsePolicy(POLICY, 'bench.policy.yaml');
  const variants = Object.entries(VARIANTS).map(([name, options]) => ({
    name,
    gateway: new Gateway({
      database,
      log,
      vault,
      policy,
      hashKey: maskHashKey(masterKey),
      ...options,
    }),
    reads: 0,
    wall: 0,
    cpu: 0,
    pg: 0,
    statements: 0,
  }));
  const passReads = Math.ceil(READS / 3);
  for (const v of variants) {
    await run(Math.min(2_000, READS), CONCURRENCY, (i) =>
      v.gateway.read({ actor: 'K1', purpose: 'customer_service', by: { customerId: idOf(i) } }),
    );
  }
  const sizeBefore = await log.size();
  for (let pass = 0; pass < 3; pass++) {
    for (const v of variants) {
      const pg0 = await backends();
      const st0 = pgStatements;
      const cpu0 = process.cpuUsage();
      const t0 = process.hrtime.bigint();
      await run(passReads, CONCURRENCY, (i) =>
        v.gateway.read({ actor: 'K1', purpose: 'customer_service', by: { customerId: idOf(i) } }),
      );
      v.wall += Number(process.hrtime.bigint() - t0) / 1e9;
      const cpu = process.cpuUsage(cpu0);
      v.cpu += (cpu.user + cpu.system) / 1000;
      v.statements += pgStatements - st0;
      const pg1 = await backends();
      for (const [pid, ms] of pg1) v.pg += ms - (pg0.get(pid) ?? ms);
      v.reads += passReads;
    }
  }
  const added = (await log.size()) - sizeBefore;
  console.log(
    `gateway bench, PostgreSQL A/B: ${passReads} reads per pass, 3 passes, concurrency ${CONCURRENCY}, load ${loadavg()[0]!.toFixed(2)}`,
  );
  for (const v of variants) {
    const us = (ms: number) => Math.round((ms * 1000) / v.reads);
    console.log(
      `  ${v.name.padEnd(14)} ${Math.round(v.reads / v.wall).toLocaleString('en')} reads/s wall; CPU µs/read: process ${us(v.cpu)}, PostgreSQL ${us(v.pg)}; statements/read ${(v.statements / v.reads).toFixed(3)}`,
    );
    await v.gateway.close();
  }
  console.log(
    `  audit entries added: ${added} (= reads: ${added === 3 * passReads * variants.length})`,
  );
}

await main();
