/**
 * One gateway batch transaction on PostgreSQL, without HTTP: CPU per read of the PostgreSQL
 * backend and of this process, for the ways the batch's statements can be sent. The HTTP bench
 * (http.bench.ts) runs autocannon, the server and PostgreSQL on the same 2 cores, where a few
 * µs per read are lost in the noise; this isolates the database part of a read.
 *
 * A batch of B reads (default 25, what 50 HTTP connections give): begin; staff row; customers'
 * rows (the vault's packed read); the audit append (AuditLog.appendInTransaction: head lock, then
 * entries + nodes + head); the access index rows; commit. Variants, interleaved round by round:
 * - `portable`: unnamed statements (Kysely's default), index rows by access-recorder's indexAccess
 *   (two multi-row INSERTs built by Kysely);
 * - `prepared`: the same through postgres-prepared-pool.ts (named prepared statements);
 * - `prepared+fused-index`: prepared, index rows by pg-access-index.ts (one unnest statement).
 *
 * Run: `node --import tsx bench/pg-batch.bench.ts [--batches 300] [--rounds 4] [--batch 25]`
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { CompiledQuery, sql } from 'kysely';
import pg from 'pg';
import { AuditLog } from '../src/audit/audit-log.ts';
import { createLog } from '../src/audit/log-signer.ts';
import type { AccessAuditEntry } from '../src/core/access-event.ts';
import { migrateToLatest } from '../src/store/migrator.ts';
import { openDatabase, type Database } from '../src/store/open-database.ts';
import { indexAccess } from '../src/vault/access-recorder.ts';
import { indexAccessPostgres } from '../src/vault/gateway/pg-access-index.ts';
import { upsertStaff } from '../src/vault/staff-store.ts';

const POSTGRES_URL = process.env['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';
const { values: args } = parseArgs({
  options: {
    batches: { type: 'string', default: '300' },
    rounds: { type: 'string', default: '4' },
    batch: { type: 'string', default: '25' },
  },
});
const BATCHES = Number(args.batches);
const B = Number(args.batch);
const CUSTOMERS = 1000;

const VARIANTS = [
  { name: 'portable', prepare: false, fused: false },
  { name: 'prepared', prepare: true, fused: false },
  { name: 'prepared+fused-index', prepare: true, fused: true },
] as const;

/** CPU ms (user + system) of a process from /proc. */
function procCpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(f[11]) + Number(f[12])) * 1000) / 100;
}

const schema = `bench_pgb_${randomBytes(4).toString('hex')}`;
const url = `${POSTGRES_URL}${POSTGRES_URL.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema}`)}`;
const admin = new pg.Client({ connectionString: POSTGRES_URL });
await admin.connect();
await admin.query(`create schema ${schema}`);
try {
  const setup = await openDatabase(url);
  await migrateToLatest(setup.db, 'postgres');
  await createLog(setup.db, { origin: 'bench.local/pg-batch', masterKey: randomBytes(32) });
  await setup.db.transaction().execute((trx) =>
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
  // Customers with ciphertext-sized random cells (the read's cost is rows and bytes, not crypto).
  for (let i = 0; i < CUSTOMERS; i++) {
    await sql`insert into customers (customer_id, branch, key_version, ring_version, wrapped_dek,
      name_enc, phone_enc, id_number_enc, address_enc, created_at, updated_at)
      values (${`C${i}`}, '上海分公司', 1, 1, ${randomBytes(60)}, ${randomBytes(40)},
        ${randomBytes(40)}, ${randomBytes(48)}, ${randomBytes(80)}, 'x', 'x')`.execute(setup.db);
  }
  await setup.close();

  const runs = await Promise.all(
    VARIANTS.map(async (v) => {
      const database = await openDatabase(url, {
        postgres: { maxConnections: 1, prepare: v.prepare },
      });
      return { ...v, database, log: new AuditLog(database), pg: 0, node: 0 };
    }),
  );

  const batch = async (database: Database, log: AuditLog, fused: boolean) => {
    const ids = Array.from({ length: B }, () => `C${Math.floor(Math.random() * CUSTOMERS)}`);
    await database.db.transaction().execute(async (trx) => {
      await trx.selectFrom('staff').selectAll().where('staff_id', 'in', ['S1']).execute();
      await trx.executeQuery(
        CompiledQuery.raw(
          'select c.customer_id, c.wrapped_dek, c.name_enc, c.phone_enc, c.id_number_enc, ' +
            'c.address_enc, s.team from customers c left join staff s on s.staff_id = c.agent_id ' +
            'where c.customer_id = any($1)',
          [ids],
        ),
      );
      const ts = new Date().toISOString();
      const entries: AccessAuditEntry[] = ids.map((id) => ({
        type: 'access',
        ts,
        actor: 'S1',
        action: 'view',
        customers: [id],
        purpose: 'service',
        source: 'gateway',
        role: 'clerk',
        branch: '上海分公司',
        decision: 'allow',
        fields: ['customer_id', 'name', 'phone', 'id_number', 'address'],
      }));
      const indexes = await log.appendInTransaction(trx, entries);
      if (fused) await indexAccessPostgres(trx, entries, indexes);
      else await indexAccess(trx, entries, indexes);
    });
  };

  for (const r of runs) for (let i = 0; i < 20; i++) await batch(r.database, r.log, r.fused);
  for (let round = 0; round < Number(args.rounds); round++) {
    for (const r of runs) {
      // The pool's one connection (re-read: an idle pool closes its connection after 10 s).
      const { rows } = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(
        r.database.db,
      );
      const pid = rows[0]!.pid;
      const pg0 = procCpuMs(pid);
      const node0 = process.cpuUsage();
      for (let i = 0; i < BATCHES; i++) await batch(r.database, r.log, r.fused);
      const node = process.cpuUsage(node0);
      r.pg += procCpuMs(pid) - pg0;
      r.node += (node.user + node.system) / 1000;
    }
  }
  const reads = BATCHES * Number(args.rounds) * B;
  const us = (ms: number) => ((ms * 1000) / reads).toFixed(1);
  console.log(
    `\n[pg-batch] ${B} reads per transaction, ${BATCHES} transactions × ${args.rounds} rounds per variant, interleaved`,
  );
  const base = runs[0]!;
  for (const r of runs) {
    console.log(
      `  ${r.name.padEnd(22)} PostgreSQL backend ${us(r.pg)} µs/read (${(r.pg / base.pg).toFixed(2)}×), ` +
        `this process ${us(r.node)} µs/read (${(r.node / base.node).toFixed(2)}×)`,
    );
  }
  for (const r of runs) await r.database.close();
} finally {
  await admin.query(`drop schema ${schema} cascade`);
  await admin.end();
}
