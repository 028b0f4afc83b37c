import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import { verifyLog } from '../../src/audit/log-verifier.ts';
import { CustomerVault } from '../../src/vault/customer-vault.ts';
import { importCustomers } from '../../src/vault/import/customer-import.ts';
import { describeEachEngine, type TestDatabase } from '../helpers/databases.ts';
import { initInProcess } from '../helpers/init-in-process.ts';
import { BIN, runCli } from '../helpers/run-cli.ts';
import {
  CHINESE_HEADERS,
  fixtureCustomers,
  table,
  testKeys,
  VAULT_ENV,
  writeCustomersFile,
} from '../vault/customer-fixtures.ts';

const CUSTOMERS = fixtureCustomers(60);

/** Init and the customers fixture, set up in this process (a child process is a CPU-second). */
async function importFixtures(d: TestDatabase): Promise<void> {
  // `init` through the CLI is the subject of its own test below.
  await initInProcess(d.url, VAULT_ENV);
  const file = join(d.tempDir, 'c.csv');
  await writeCustomersFile(
    file,
    'csv',
    table(CUSTOMERS, ['customer_id', 'name', 'birth_date', 'phone', 'id_number'], CHINESE_HEADERS),
  );
  // In this process too: the import command has its own tests (import-customers-command.test.ts).
  const r = await importCustomers(d, testKeys, { file, actor: VAULT_ENV.PIGUARD_ACTOR });
  assert.equal(r.inserted, CUSTOMERS.length);
}

async function lastEntry(d: TestDatabase): Promise<Record<string, unknown>> {
  const row = await d.db
    .selectFrom('audit_entries')
    .select('entry')
    .orderBy('idx', 'desc')
    .executeTakeFirstOrThrow();
  return JSON.parse(Buffer.from(row.entry).toString('utf8')) as Record<string, unknown>;
}

describeEachEngine('piguard keys rotate / customers delete', (engine) => {
  test('init creates the key ring once (idempotent)', async (t) => {
    const d = await engine.open(t);
    const first = runCli(['--db', d.url, 'init'], { env: VAULT_ENV });
    assert.equal(first.status, 0, first.stderr);
    assert.match(first.stdout, /created key ring \(ring key v1, blind-index key\)/);
    const second = runCli(['--db', d.url, 'init'], { env: VAULT_ENV });
    assert.equal(second.status, 0, second.stderr);
    assert.doesNotMatch(second.stdout, /key ring/);
    assert.match(second.stdout, /already initialised: nothing changed/);
    const ring = await d.db.selectFrom('key_ring').select('version').execute();
    assert.deepEqual(ring, [{ version: 1 }]);
    const bi = await d.db.selectFrom('blind_index_keys').select('version').execute();
    assert.deepEqual(bi, [{ version: 1 }]);
  });

  test('keys rotate: reads keep working while another process rotates; v1 retired; audited', async (t) => {
    const d = await engine.open(t);
    await importFixtures(d);
    const vault = await CustomerVault.open(d, testKeys); // opened before the rotation
    t.after(() => vault.close());
    const ids = CUSTOMERS.map((c) => c.customer_id);
    const expected = CUSTOMERS.map((c) => c.phone);
    const read = async () => {
      const m = await vault.load(d.db, ids, ['phone']);
      return ids.map((id) => m.get(id)?.phone);
    };
    assert.deepEqual(await read(), expected);

    const child = spawn(
      process.execPath,
      [BIN, '--db', d.url, 'keys', 'rotate', '--batch-size', '5'],
      {
        env: { ...process.env, ...VAULT_ENV },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    let exited = false;
    const exit = new Promise<number | null>((resolve) =>
      child.on('exit', (code) => {
        exited = true;
        resolve(code);
      }),
    );
    let reads = 0;
    while (!exited) {
      assert.deepEqual(await read(), expected);
      reads++;
      // SQLite reads resolve without I/O: yield so the child's exit event can be seen.
      await new Promise((resolve) => setImmediate(resolve));
    }
    assert.equal(await exit, 0, stderr);
    assert.ok(reads > 0);
    assert.match(stdout, /ring key v2 is current; re-wrapped 60 data keys; retired v1/);
    assert.deepEqual(await read(), expected);

    const ring = await d.db.selectFrom('key_ring').selectAll().orderBy('version').execute();
    assert.deepEqual(
      ring.map((r) => [r.version, Buffer.from(r.wrapped).length > 0, r.retired_at !== null]),
      [
        [1, false, true],
        [2, true, false],
      ],
    );
    const entry = await lastEntry(d);
    assert.deepEqual(
      { ...entry, ts: 'x' },
      {
        type: 'key_rotation',
        actor: 'test-ops',
        new_version: 2,
        rewrapped: 60,
        retired: [1],
        ts: 'x',
      },
    );
    assert.ok((await verifyLog(d.db)).ok);
  });

  test('customers delete: PI unreadable, blind index gone, audited, log verifies', async (t) => {
    const d = await engine.open(t);
    await importFixtures(d);
    const target = CUSTOMERS[4]!;
    const r = runCli(['--db', d.url, 'customers', 'delete', target.customer_id, '--as', 'dpo'], {
      env: VAULT_ENV,
    });
    assert.equal(r.status, 0, r.stderr);
    assert.match(
      r.stdout,
      new RegExp(`deleted customer ${target.customer_id}: data key destroyed`),
    );
    const vault = await CustomerVault.open(d, testKeys);
    t.after(() => vault.close());
    const got = await vault.load(
      d.db,
      [target.customer_id, CUSTOMERS[5]!.customer_id],
      ['name', 'phone'],
    );
    assert.deepEqual(got.get(target.customer_id), {
      customer_id: target.customer_id,
      shredded: true,
    });
    assert.equal(got.get(CUSTOMERS[5]!.customer_id)?.phone, CUSTOMERS[5]!.phone);
    assert.deepEqual(await vault.lookup(d.db, 'phone', target.phone), []);
    assert.deepEqual(await vault.lookup(d.db, 'id_number', target.id_number), []);
    const index = await d.db
      .selectFrom('customer_index')
      .select('kind')
      .where('customer_id', '=', target.customer_id)
      .execute();
    assert.deepEqual(index, []);
    const row = await d.db
      .selectFrom('customers')
      .selectAll()
      .where('customer_id', '=', target.customer_id)
      .executeTakeFirstOrThrow();
    assert.equal(row.wrapped_dek, null);
    assert.equal(row.name_enc, null);
    assert.equal(row.phone_enc, null);
    const entry = await lastEntry(d);
    assert.deepEqual(
      { ...entry, ts: 'x' },
      { type: 'deletion', customer: target.customer_id, actor: 'dpo', ts: 'x' },
    );
    const report = await verifyLog(d.db);
    assert.deepEqual(report.problems, []);
    assert.equal(report.headSize, 2);

    const again = runCli(['--db', d.url, 'customers', 'delete', target.customer_id], {
      env: VAULT_ENV,
    });
    assert.equal(again.status, 0);
    assert.match(again.stdout, /already deleted; nothing changed/);
    const unknown = runCli(['--db', d.url, 'customers', 'delete', 'NOPE'], { env: VAULT_ENV });
    assert.equal(unknown.status, 1);
    assert.match(unknown.stderr, /customer NOPE not found/);
    // Re-importing the file does not revive the deleted customer.
    const file = join(d.tempDir, 'c.csv');
    const re = runCli(['--db', d.url, 'import', 'customers', file], { env: VAULT_ENV });
    assert.equal(re.status, 0, re.stderr);
    assert.match(re.stdout, /0 inserted, 59 updated, 1 deleted customers skipped/);
    assert.equal(
      (await vault.load(d.db, [target.customer_id], ['name'])).get(target.customer_id)?.shredded,
      true,
    );
    assert.equal((await verifyLog(d.db)).headSize, 3);
  });
});
