/**
 * The gateway's fast read path on both engines:
 * - CustomerVault.readStored's packed SQLite query (one concatenated blob per row, sliced back
 *   into the wrapped key and ciphertexts) returns exactly what the columns hold, for live,
 *   shredded and text-typed rows;
 * - batches in flight at once (`parallelBatches`, PostgreSQL's default 2) still serialise their
 *   audit appends and quota counts: concurrent reads in separate transactions cannot overspend a
 *   quota, and every read gets its own entry.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { AccessDeniedError } from '../../src/core/errors.ts';
import { SEALED_FIELDS } from '../../src/vault/customer-sealer.ts';
import { Gateway } from '../../src/vault/gateway/gateway.ts';
import { maskHashKey } from '../../src/vault/gateway/mask-hash-key.ts';
import { parsePolicy } from '../../src/vault/policy/policy-loader.ts';
import { describeEachEngine } from '../helpers/databases.ts';
import { CUSTOMERS, openGatewayFixture, type GatewayFixture } from './gateway-fixture.ts';

const QUOTA_POLICY = `
version: 1
roles:
  agent: { match: [代理人] }
purposes:
  service: ~
grants:
  - role: agent
    purpose: service
    fields: { customer_id: keep, name: mask, phone: mask }
    scope: all
    quota: 2
    export: forbidden
`;

/** The stored columns of `id`, read column by column with Kysely (the reference). */
async function columnsOf(f: GatewayFixture, id: string) {
  const row = await f.db
    .selectFrom('customers')
    .selectAll()
    .where('customer_id', '=', id)
    .executeTakeFirstOrThrow();
  const cells = row as unknown as Record<string, Uint8Array | string | null>;
  return {
    wrapped: row.wrapped_dek === null ? null : Buffer.from(row.wrapped_dek),
    sealed: SEALED_FIELDS.map((f) => {
      const c = cells[`${f}_enc`];
      return c === null || c === undefined ? null : typeof c === 'string' ? c : Buffer.from(c);
    }),
  };
}

function asComparable(c: Uint8Array | string | null): Buffer | string | null {
  return c === null || typeof c === 'string' ? c : Buffer.from(c);
}

describeEachEngine('gateway read path', (engine) => {
  test('readStored returns every stored cell as written: live, shredded, unknown ids', async (t) => {
    const f = await openGatewayFixture(engine, t);
    await f.db.transaction().execute((trx) => f.vault.shred(trx, 'C002'));
    const ids = CUSTOMERS.map((c) => c.customer_id);
    const stored = await f.vault.readStored(f.db, [...ids, 'NOPE', ids[0]!]);
    assert.deepEqual([...stored.keys()].sort(), [...ids].sort());
    for (const id of ids) {
      const row = stored.get(id)!;
      const ref = await columnsOf(f, id);
      assert.deepEqual(
        row.wrapped_dek === null ? null : Buffer.from(row.wrapped_dek),
        ref.wrapped,
        `${id} wrapped key`,
      );
      assert.deepEqual(row.sealed!.map(asComparable), ref.sealed, `${id} ciphertexts`);
    }
    assert.equal(stored.get('C002')!.wrapped_dek, null);
    assert.ok(stored.get('C002')!.shredded_at !== null);
    // And what they decrypt to is what was written.
    const opened = await f.vault.open(stored.values(), ['name', 'phone', 'extra']);
    assert.equal(opened.get('C001')!.name, CUSTOMERS[0]!.name);
    assert.equal(opened.get('C001')!.phone, CUSTOMERS[0]!.phone);
    assert.deepEqual(opened.get('C001')!.extra, CUSTOMERS[0]!.extra);
    assert.equal(opened.get('C002')!.shredded, true);
  });

  // Text-typed blob cells exist only on SQLite (dynamic typing): declared there only, so that
  // CI=true runs show no skipped tests.
  if (engine.name === 'sqlite') {
    test('readStored falls back to per-column reads for a row with a text-typed cell', async (t) => {
      const f = await openGatewayFixture(engine, t);
      // An old client might have written a ciphertext as base64 text: the packed query's length()
      // would count characters, so such a row must come back exactly as stored instead.
      await sql`update customers set phone_enc = 'AAEC' where customer_id = 'C003'`.execute(f.db);
      const stored = await f.vault.readStored(f.db, ['C001', 'C003']);
      const phone = SEALED_FIELDS.indexOf('phone');
      assert.equal(stored.get('C003')!.sealed![phone], 'AAEC');
      const ref = await columnsOf(f, 'C001');
      assert.deepEqual(stored.get('C001')!.sealed!.map(asComparable), ref.sealed);
    });
  }

  test('batches in flight at once: quota is not overspent, one entry per read', async (t) => {
    const f = await openGatewayFixture(engine, t, { policyText: QUOTA_POLICY });
    // One request per transaction, two transactions at a time: the reads race across
    // transactions, not within one batch.
    const gateway = new Gateway({
      database: f,
      log: f.log,
      vault: f.vault,
      policy: parsePolicy(QUOTA_POLICY, 'test.policy.yaml'),
      hashKey: maskHashKey(f.masterKey),
      now: () => f.clock.now,
      maxBatch: 1,
      parallelBatches: 2,
    });
    t.after(() => gateway.close());
    const results = await Promise.allSettled(
      ['C001', 'C002', 'C003', 'C004'].map((id) =>
        gateway.read({ actor: 'A1', purpose: 'service', by: { customerId: id } }),
      ),
    );
    const ok = results.filter((r) => r.status === 'fulfilled');
    assert.equal(ok.length, 2);
    for (const r of results) {
      if (r.status === 'rejected') {
        assert.ok(r.reason instanceof AccessDeniedError);
        assert.equal(r.reason.reason, 'quota');
      }
    }
    assert.equal(await f.log.size(), 4);
    const events = await f.events();
    assert.equal(events.filter((e) => e.decision === 'allow').length, 2);
    assert.equal(events.filter((e) => e.decision === 'deny').length, 2);
    // Many reads over two pipelines (re-reads of a customer already shown are free): every read
    // has its own audit index.
    const shown = (ok[0] as PromiseFulfilledResult<{ customers: { customerId: string }[] }>).value
      .customers[0]!.customerId;
    const reads = await Promise.all(
      Array.from({ length: 40 }, () =>
        gateway.read({ actor: 'A1', purpose: 'service', by: { customerId: shown } }),
      ),
    );
    assert.equal(new Set(reads.map((r) => r.auditIndex)).size, 40);
    assert.equal(await f.log.size(), 44);
  });
});
