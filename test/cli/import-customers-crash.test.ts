/**
 * A SIGKILL in the middle of `import customers` leaves the database as it was (the import is one
 * transaction) and consistent (audit log verifies), and a re-run completes.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import Sqlite from 'better-sqlite3';
import pg from 'pg';
import { verifyLog } from '../../src/audit/log-verifier.ts';
import { POSTGRES_TEST_URL, describeEachEngine, type TestDatabase } from '../helpers/databases.ts';
import { initInProcess } from '../helpers/init-in-process.ts';
import { BIN, runCli } from '../helpers/run-cli.ts';
import {
  CHINESE_HEADERS,
  fixtureCustomers,
  table,
  VAULT_ENV,
  writeCustomersFile,
} from '../vault/customer-fixtures.ts';

const ROWS = 15_000;

/**
 * SQLite: true while another connection holds the write lock, i.e. the import is inside its
 * transaction (it takes the lock with BEGIN IMMEDIATE and keeps it until it commits). The WAL's
 * size is no sign: with a large page cache, pages reach the WAL only at commit.
 */
function sqliteWriteLocked(path: string): boolean {
  const probe = new Sqlite(path, { timeout: 0 });
  try {
    probe.exec('BEGIN IMMEDIATE');
    probe.exec('ROLLBACK');
    return false;
  } catch (err) {
    if ((err as { code?: string }).code === 'SQLITE_BUSY') return true;
    throw err;
  } finally {
    probe.close();
  }
}

/** True once the import's transaction has written customers (it holds their table's lock). */
async function writing(d: TestDatabase): Promise<boolean> {
  if (d.engine === 'sqlite') {
    const path = d.url.slice('sqlite:'.length);
    if (!sqliteWriteLocked(path)) return false;
    // Held for a while (the import is writing rows, not just starting), and still held now.
    await sleep(300);
    return sqliteWriteLocked(path);
  }
  const schema = /search_path%3D(t_[0-9a-f_]+)/.exec(d.url)?.[1];
  const client = new pg.Client({ connectionString: POSTGRES_TEST_URL });
  await client.connect();
  try {
    const r = await client.query(
      `select 1 from pg_locks l join pg_class c on c.oid = l.relation
        join pg_namespace n on n.oid = c.relnamespace
       where n.nspname = $1 and c.relname = 'customer_index' and l.mode = 'RowExclusiveLock'`,
      [schema],
    );
    return (r.rowCount ?? 0) > 0;
  } finally {
    await client.end();
  }
}

describeEachEngine('import customers killed mid-way', (engine) => {
  test('SIGKILL leaves the database unchanged and consistent; a re-run completes', async (t) => {
    const d = await engine.open(t);
    await initInProcess(d.url, VAULT_ENV); // init's own CLI tests are elsewhere
    const seed = join(d.tempDir, 'seed.csv');
    await writeCustomersFile(
      seed,
      'csv',
      table(fixtureCustomers(3, 'S'), ['customer_id', 'name', 'phone'], CHINESE_HEADERS),
    );
    assert.equal(
      runCli(['--db', d.url, 'import', 'customers', seed], { env: VAULT_ENV }).status,
      0,
    );
    const file = join(d.tempDir, 'big.csv');
    await writeCustomersFile(
      file,
      'csv',
      table(
        fixtureCustomers(ROWS),
        ['customer_id', 'name', 'birth_date', 'phone', 'id_number', 'address', 'agent'],
        CHINESE_HEADERS,
      ),
    );

    const child = spawn(
      process.execPath,
      [BIN, '--db', d.url, 'import', 'customers', '--threads', '1', file],
      {
        env: { ...process.env, ...VAULT_ENV },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child.on('exit', (code, signal) => resolve({ code, signal })),
    );
    let done = false;
    void exited.then(() => (done = true));
    // Poll until rows are being written inside the import's transaction, then kill it.
    while (!done && !(await writing(d))) await sleep(50);
    assert.equal(done, false, `the import finished before it could be killed: ${stdout}`);
    child.kill('SIGKILL');
    const { signal } = await exited;
    assert.equal(signal, 'SIGKILL');

    const count = async () =>
      Number(
        (
          await d.db
            .selectFrom('customers')
            .select((eb) => eb.fn.countAll<number | string>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    // SQLite: this connection was opened before the kill; reading replays the WAL's committed part.
    assert.equal(await count(), 3, 'nothing of the killed run is kept');
    const report = await verifyLog(d.db);
    assert.deepEqual(report.problems, []);
    assert.equal(report.headSize, 1);

    const rerun = runCli(['--db', d.url, 'import', 'customers', file], { env: VAULT_ENV });
    assert.equal(rerun.status, 0, rerun.stderr);
    assert.match(rerun.stdout, new RegExp(`imported ${ROWS} rows: ${ROWS} inserted, 0 updated`));
    assert.equal(await count(), ROWS + 3);
    assert.equal((await verifyLog(d.db)).headSize, 2);
  });
});
