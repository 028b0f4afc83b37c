import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AuditLog } from '../../src/audit/audit-log.ts';
import { createLog } from '../../src/audit/log-signer.ts';
import { verifyLog } from '../../src/audit/log-verifier.ts';
import type { CustomerRecord } from '../../src/core/customer.ts';
import { InputError, NotFoundError } from '../../src/core/errors.ts';
import { CustomerVault } from '../../src/vault/customer-vault.ts';
import { readKeyRingRecords } from '../../src/vault/vault-keys.ts';
import { describeEachEngine, type TestDatabase } from '../helpers/databases.ts';

const MASTER = Buffer.alloc(32, 0x42);
const keys = { source: 'test', getMasterKey: async () => Buffer.from(MASTER) };

// Synthetic people; the ID numbers carry valid check characters.
const ZHANG: CustomerRecord = {
  customer_id: 'C001',
  name: '张三',
  birth_date: '1990-03-07',
  phone: '13800138000',
  id_number: '11010519491231002X',
  address: '广东省深圳市南山区科技园科苑路 15 号',
  email: 'zhang.san@example.cn',
  product: '重疾险',
  premium: '1200',
  start_date: '2024-01-15',
  agent: 'S01',
  branch: 'SZ',
  extra: { 备注: 'VIP' },
};
const LI: CustomerRecord = {
  customer_id: 'C002',
  name: '李四',
  birth_date: '1985-12-01',
  phone: '13900139000',
  id_number: '44030519851201001X',
  agent: 'S02',
};

async function upsert(d: TestDatabase, vault: CustomerVault, records: CustomerRecord[]) {
  return d.db.transaction().execute((trx) => vault.upsert(trx, records));
}

describeEachEngine('CustomerVault', (engine) => {
  test('open creates the key ring once; a second open (and a concurrent one) reuses it', async (t) => {
    const d = await engine.open(t);
    assert.equal(await readKeyRingRecords(d.db), undefined);
    const [a, b] = await Promise.all([CustomerVault.open(d, keys), CustomerVault.open(d, keys)]);
    const records = await readKeyRingRecords(d.db);
    assert.equal(records?.ringKeys.length, 1);
    const c = await CustomerVault.open(d, keys);
    // Same blind-index key everywhere: the same value indexes the same.
    const digest = (v: CustomerVault) => v.blindIndex.blindIndexFor('phone', '13800138000');
    assert.deepEqual(digest(a), digest(b));
    assert.deepEqual(digest(a), digest(c));
    for (const v of [a, b, c]) v.close();
    await assert.rejects(
      CustomerVault.open(d, { source: 'wrong', getMasterKey: async () => Buffer.alloc(32, 1) }),
      /master key does not open/,
    );
  });

  test('upsert encrypts every field, indexes, sets region; load decrypts only what is asked', async (t) => {
    const d = await engine.open(t);
    const vault = await CustomerVault.open(d, keys);
    t.after(() => vault.close());
    assert.deepEqual(await upsert(d, vault, [ZHANG, LI]), {
      inserted: 2,
      updated: 0,
      skippedShredded: 0,
    });
    const row = await d.db
      .selectFrom('customers')
      .selectAll()
      .where('customer_id', '=', 'C001')
      .executeTakeFirstOrThrow();
    assert.equal(row.agent_id, 'S01');
    assert.equal(row.branch, 'SZ');
    assert.equal(row.region, '44'); // 广东省 from the address, not 11 from the ID number
    for (const f of ['name', 'phone', 'id_number', 'address', 'email', 'extra'] as const) {
      const sealed = row[`${f}_enc`];
      assert.ok(sealed && sealed.length > 33, f);
      assert.ok(!Buffer.from(sealed).includes(Buffer.from('13800138000')));
    }
    const liRow = await d.db
      .selectFrom('customers')
      .select(['region', 'email_enc'])
      .where('customer_id', '=', 'C002')
      .executeTakeFirstOrThrow();
    assert.equal(liRow.region, '44'); // from the ID number
    assert.equal(liRow.email_enc, null);

    const some = await vault.load(d.db, ['C001', 'C002', 'NOPE'], ['phone']);
    assert.deepEqual(some.get('C001'), {
      customer_id: 'C001',
      agent: 'S01',
      branch: 'SZ',
      phone: '13800138000',
    });
    assert.deepEqual(some.get('C002'), { customer_id: 'C002', agent: 'S02', phone: '13900139000' });
    assert.equal(some.has('NOPE'), false);
    const all = await vault.load(
      d.db,
      ['C001'],
      [
        'name',
        'birth_date',
        'phone',
        'id_number',
        'address',
        'email',
        'product',
        'premium',
        'start_date',
        'extra',
      ],
    );
    assert.deepEqual(all.get('C001'), ZHANG);
  });

  test('lookup by phone, ID number, email and name + birth date as written', async (t) => {
    const d = await engine.open(t);
    const vault = await CustomerVault.open(d, keys);
    t.after(() => vault.close());
    await upsert(d, vault, [ZHANG, LI, { ...LI, customer_id: 'C003' }]);
    assert.deepEqual(await vault.lookup(d.db, 'phone', '+86 138-0013-8000'), ['C001']);
    assert.deepEqual(await vault.lookup(d.db, 'phone', '13900139000'), ['C002', 'C003']);
    assert.deepEqual(await vault.lookup(d.db, 'id_number', '11010519491231002x'), ['C001']);
    assert.deepEqual(await vault.lookup(d.db, 'email', 'Zhang.San@Example.cn'), ['C001']);
    assert.deepEqual(
      await vault.lookup(d.db, 'name_birth_date', { name: '張 三', birthDate: '1990年3月7日' }),
      ['C001'],
    );
    assert.deepEqual(await vault.lookup(d.db, 'phone', '13700000000'), []);
    await assert.rejects(vault.lookup(d.db, 'phone', 'not a phone'), InputError);

    const digests = ['13800138000', '13900139000', '13700000000'].map((p) =>
      vault.blindIndex.blindIndexFor('phone', p),
    );
    const hits = await vault.lookupDigests(d.db, 'phone', digests);
    assert.deepEqual(hits.get(digests[0]!.toString('hex')), ['C001']);
    assert.deepEqual(hits.get(digests[1]!.toString('hex')), ['C002', 'C003']);
    assert.equal(hits.has(digests[2]!.toString('hex')), false);
  });

  test('re-upsert updates under a new data key generation and replaces blind indexes', async (t) => {
    const d = await engine.open(t);
    const vault = await CustomerVault.open(d, keys);
    t.after(() => vault.close());
    await upsert(d, vault, [ZHANG]);
    const changed = { ...ZHANG, phone: '13600136000', email: undefined, extra: undefined };
    assert.deepEqual(await upsert(d, vault, [changed, LI]), {
      inserted: 1,
      updated: 1,
      skippedShredded: 0,
    });
    assert.deepEqual(await vault.lookup(d.db, 'phone', '13800138000'), []);
    assert.deepEqual(await vault.lookup(d.db, 'phone', '13600136000'), ['C001']);
    assert.deepEqual(await vault.lookup(d.db, 'email', 'zhang.san@example.cn'), []);
    const row = await d.db
      .selectFrom('customers')
      .select(['key_version', 'created_at', 'updated_at', 'email_enc'])
      .where('customer_id', '=', 'C001')
      .executeTakeFirstOrThrow();
    assert.equal(row.key_version, 2);
    assert.equal(row.email_enc, null);
    assert.equal((await vault.load(d.db, ['C001'], ['phone'])).get('C001')?.phone, '13600136000');
    assert.equal(
      await d.db
        .selectFrom('customers')
        .select('customer_id')
        .execute()
        .then((r) => r.length),
      2,
    );
  });

  test('shred destroys the data key, nulls PI, drops blind indexes; audit stays verifiable', async (t) => {
    const d = await engine.open(t);
    await createLog(d.db, { origin: 'test.local/vault', masterKey: MASTER });
    const vault = await CustomerVault.open(d, keys);
    t.after(() => vault.close());
    const log = new AuditLog(d);
    t.after(() => log.close());
    await upsert(d, vault, [ZHANG, LI]);
    await log.append([
      { type: 'access', ts: '2026-01-01T00:00:00Z', actor: 'S9', action: 'view', customers: ['C001'], source: 'gateway', decision: 'allow' },
    ]); // prettier-ignore
    const shredded = await d.db.transaction().execute(async (trx) => {
      const done = await vault.shred(trx, 'C001');
      await log.appendInTransaction(trx, [
        { type: 'deletion', customer: 'C001', actor: 'dpo', ts: '2026-01-02T00:00:00Z' },
      ]);
      return done;
    });
    assert.equal(shredded, true);
    const row = await d.db
      .selectFrom('customers')
      .selectAll()
      .where('customer_id', '=', 'C001')
      .executeTakeFirstOrThrow();
    assert.equal(row.wrapped_dek, null);
    assert.ok(row.shredded_at);
    for (const f of [
      'name',
      'birth_date',
      'phone',
      'id_number',
      'address',
      'email',
      'extra',
    ] as const) {
      assert.equal(row[`${f}_enc`], null, f);
    }
    assert.equal(row.agent_id, 'S01');
    const index = await d.db
      .selectFrom('customer_index')
      .select('kind')
      .where('customer_id', '=', 'C001')
      .execute();
    assert.deepEqual(index, []);
    assert.deepEqual(await vault.lookup(d.db, 'phone', '13800138000'), []);
    assert.deepEqual((await vault.load(d.db, ['C001'], ['name', 'phone'])).get('C001'), {
      customer_id: 'C001',
      agent: 'S01',
      branch: 'SZ',
      shredded: true,
    });
    // The other customer is untouched; the shred is idempotent; unknown ids are refused.
    assert.equal((await vault.load(d.db, ['C002'], ['name'])).get('C002')?.name, '李四');
    assert.equal(await d.db.transaction().execute((trx) => vault.shred(trx, 'C001')), false);
    await assert.rejects(
      d.db.transaction().execute((trx) => vault.shred(trx, 'NOPE')),
      NotFoundError,
    );
    // A re-import never revives a deleted customer.
    assert.deepEqual(await upsert(d, vault, [ZHANG]), {
      inserted: 0,
      updated: 0,
      skippedShredded: 1,
    });
    assert.equal((await vault.load(d.db, ['C001'], ['name'])).get('C001')?.shredded, true);
    // The audit entries keep the id and verify.
    const report = await verifyLog(d.db);
    assert.deepEqual(report.problems, []);
    assert.equal(report.headSize, 2);
    assert.equal(report.ok, true);
  });

  test('rotate: reads work before, during and after (also from a vault opened before); old version retired', async (t) => {
    const d = await engine.open(t);
    const vault = await CustomerVault.open(d, keys);
    t.after(() => vault.close());
    const customers: CustomerRecord[] = Array.from({ length: 7 }, (_, i) => ({
      customer_id: `R${i}`,
      name: `王${'一二三四五六七'[i]}`,
      phone: `1380013800${i}`,
    }));
    await upsert(d, vault, customers);
    await d.db.transaction().execute((trx) => vault.shred(trx, 'R6'));
    const stale = await CustomerVault.open(d, keys); // another process, opened before rotation
    t.after(() => stale.close());
    const readAll = async (v: CustomerVault) => {
      const m = await v.load(
        d.db,
        customers.map((c) => c.customer_id),
        ['name', 'phone'],
      );
      return customers.slice(0, 6).map((c) => m.get(c.customer_id)?.phone);
    };
    const expected = customers.slice(0, 6).map((c) => c.phone);
    assert.deepEqual(await readAll(stale), expected);

    const during: (string | undefined)[][] = [];
    const result = await vault.rotate(d.db, {
      batchSize: 2,
      onBatch: async () => {
        during.push(await readAll(stale));
        during.push(await readAll(vault));
      },
    });
    assert.equal(result.newVersion, 2);
    assert.equal(result.rewrapped, 6);
    assert.deepEqual(result.retired, [1]);
    assert.ok(during.length >= 6, 'read between batches');
    for (const r of during) assert.deepEqual(r, expected);
    assert.deepEqual(await readAll(stale), expected);
    assert.deepEqual(await readAll(vault), expected);

    const ring = await d.db.selectFrom('key_ring').selectAll().orderBy('version').execute();
    assert.equal(ring.length, 2);
    assert.equal(Buffer.from(ring[0]!.wrapped).length, 0, 'retired key destroyed');
    assert.ok(ring[0]!.retired_at);
    assert.equal(ring[1]!.retired_at, null);
    const versions = await d.db
      .selectFrom('customers')
      .select('ring_version')
      .where('wrapped_dek', 'is not', null)
      .execute();
    assert.ok(versions.every((v) => v.ring_version === 2));

    // The stale vault writes under the new version (it syncs inside its write transaction).
    await upsert(d, stale, [{ customer_id: 'R7', phone: '13800138007' }]);
    const r7 = await d.db
      .selectFrom('customers')
      .select('ring_version')
      .where('customer_id', '=', 'R7')
      .executeTakeFirstOrThrow();
    assert.equal(r7.ring_version, 2);
    // A vault opened now (v1 retired) reads everything.
    const fresh = await CustomerVault.open(d, keys);
    t.after(() => fresh.close());
    assert.deepEqual(await readAll(fresh), expected);
    // A second rotation retires v2.
    assert.deepEqual((await fresh.rotate(d.db)).retired, [2]);
    assert.deepEqual(await readAll(vault), expected);
  });
});
