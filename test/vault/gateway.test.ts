/**
 * The gateway on both engines: reads by every key, masks per policy, row scopes, refusals
 * (audited), quotas (refused, audited, visible in access_events), searches, group commit, and
 * invariant 1 — when the audit append fails, nothing is returned and nothing is kept.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AuditLog, type AppendPlan } from '../../src/audit/audit-log.ts';
import type { Kysely } from 'kysely';
import { AccessDeniedError, InputError, NotFoundError } from '../../src/core/errors.ts';
import type { Schema } from '../../src/store/schema.ts';
import { describeEachEngine } from '../helpers/databases.ts';
import { CUSTOMERS, openGatewayFixture } from './gateway-fixture.ts';

const C001 = CUSTOMERS[0]!;

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

async function rejectsWith(
  p: Promise<unknown>,
  cls: new (...args: never[]) => Error,
  reason?: string,
): Promise<void> {
  await assert.rejects(p, (err: unknown) => {
    assert.ok(err instanceof cls, `expected ${cls.name}, got ${String(err)}`);
    if (reason !== undefined) assert.equal((err as AccessDeniedError).reason, reason);
    return true;
  });
}

describeEachEngine('gateway reads', (engine) => {
  test('reads by customer id, phone, ID number and name + birth date, masked per policy, each audited', async (t) => {
    const f = await openGatewayFixture(engine, t);
    const byId = await f.gateway.read({
      actor: 'A1',
      purpose: 'customer_service',
      by: { customerId: 'C001' },
    });
    assert.deepEqual(byId.fields, [
      'customer_id',
      'name',
      'phone',
      'birth_date',
      'address',
      'id_number',
      'product',
      'premium',
      'start_date',
    ]);
    assert.equal(byId.customers.length, 1);
    const c = byId.customers[0]!.fields;
    assert.equal(c['name'], '张伟'); // keep
    assert.equal(c['phone'], '13812345678'); // keep
    assert.equal(c['birth_date'], '1990'); // mask → year
    assert.equal(c['address'], '上海市浦东新区***'); // mask → district
    assert.equal(c['id_number'], `310101********${C001.id_number!.slice(-4)}`);
    assert.equal(c['email'], undefined, 'fields outside the grant are absent');

    const byPhone = await f.gateway.read({
      actor: 'A1',
      purpose: 'customer_service',
      by: { phone: '138-1234-5678' },
    });
    assert.deepEqual(
      byPhone.customers.map((x) => x.customerId),
      ['C001', 'C004'],
    );
    const byIdNumber = await f.gateway.read({
      actor: 'A1',
      purpose: 'customer_service',
      by: { idNumber: C001.id_number! },
    });
    assert.deepEqual(
      byIdNumber.customers.map((x) => x.customerId),
      ['C001'],
    );
    const byNameDob = await f.gateway.read({
      actor: 'A1',
      purpose: 'customer_service',
      by: { name: '张伟', birthDate: '1990/3/7' },
    });
    assert.deepEqual(
      byNameDob.customers.map((x) => x.customerId),
      ['C001'],
    );
    const byEmail = await f.gateway.read({
      actor: 'A1',
      purpose: 'customer_service',
      by: { email: ' ZhangWei@Example.com ' },
    });
    assert.deepEqual(
      byEmail.customers.map((x) => x.customerId),
      ['C001'],
    );

    const entries = await f.entries();
    assert.equal(entries.length, 5);
    assert.deepEqual(
      entries.map((e) => e['decision']),
      ['allow', 'allow', 'allow', 'allow', 'allow'],
    );
    assert.deepEqual(entries[1]!['customers'], ['C001', 'C004']);
    assert.equal(entries[0]!['purpose'], 'customer_service');
    assert.deepEqual(entries[0]!['fields'], byId.fields);
    assert.equal(byPhone.auditIndex, 1);
    const touched = await f.db
      .selectFrom('access_event_customers')
      .select(['customer_id'])
      .execute();
    assert.equal(touched.length, 6);
    // No entry carries PI.
    const text = JSON.stringify(entries);
    for (const v of [C001.phone!, C001.name!, C001.id_number!]) assert.ok(!text.includes(v));
  });

  test('masks: QC sees masked contacts, IT sees redacted names and keyed hashes, never the values', async (t) => {
    const f = await openGatewayFixture(engine, t);
    const qc = await f.gateway.read({
      actor: 'Q1',
      purpose: 'quality_review',
      by: { customerId: 'C001' },
    });
    assert.deepEqual(qc.customers[0]!.fields, {
      customer_id: 'C001',
      name: '张**',
      phone: '138****5678',
      product: '终身寿险',
      premium: '12000',
      start_date: '2020-05-01',
      agent: 'A1',
    });
    const it = await f.gateway.read({
      actor: 'IT1',
      purpose: 'system_support',
      by: { customerId: 'C001' },
    });
    const fields = it.customers[0]!.fields;
    assert.equal(fields['name'], '[REDACTED]');
    assert.match(fields['phone']!, /^[0-9a-f]{64}$/);
    assert.match(fields['id_number']!, /^[0-9a-f]{64}$/);
    const again = await f.gateway.read({
      actor: 'IT1',
      purpose: 'system_support',
      by: { customerId: 'C004' },
    });
    assert.equal(again.customers[0]!.fields['phone'], fields['phone'], 'equal values hash equally');
    for (const result of [qc, it]) {
      const text = JSON.stringify(result);
      for (const v of [C001.phone!, C001.name!, C001.id_number!, C001.address!]) {
        assert.ok(!text.includes(v), 'no unmasked value of a masked field');
      }
    }
  });

  test('row scopes: own book, team, branch, region; out of scope is refused and audited', async (t) => {
    const f = await openGatewayFixture(engine, t);
    const read = (actor: string, purpose: string, customerId: string) =>
      f.gateway.read({ actor, purpose, by: { customerId } });
    await read('A1', 'customer_service', 'C001');
    await rejectsWith(read('A1', 'customer_service', 'C002'), AccessDeniedError, 'out-of-scope');
    await read('M1', 'team_supervision', 'C002'); // team T1
    await rejectsWith(read('M1', 'team_supervision', 'C003'), AccessDeniedError, 'out-of-scope');
    await read('Q1', 'quality_review', 'C002'); // branch 上海分公司
    await rejectsWith(read('Q1', 'quality_review', 'C003'), AccessDeniedError, 'out-of-scope');
    await read('CL1', 'claims_handling', 'C004'); // region 31
    await rejectsWith(read('CL1', 'claims_handling', 'C003'), AccessDeniedError, 'out-of-scope');
    await read('I1', 'investigation', 'C003'); // all
    const events = await f.events();
    assert.deepEqual(
      events.map((e) => `${e.actor}:${e.decision}`),
      [
        'A1:allow',
        'A1:deny',
        'M1:allow',
        'M1:deny',
        'Q1:allow',
        'Q1:deny',
        'CL1:allow',
        'CL1:deny',
        'I1:allow',
      ],
    );
    const entries = await f.entries();
    assert.equal(entries[1]!['reason'], 'out-of-scope');
    assert.deepEqual(entries[1]!['customers'], ['C002']);
  });

  test('deny by default: unknown actor, former staff, unknown purpose, no grant, no match — all audited', async (t) => {
    const f = await openGatewayFixture(engine, t);
    const cases: Array<[string, string, string, new (...a: never[]) => Error, string | undefined]> =
      [
        ['NOBODY', 'customer_service', 'C001', AccessDeniedError, 'unknown-actor'],
        ['X1', 'customer_service', 'C001', AccessDeniedError, 'inactive'],
        ['A1', 'fishing', 'C001', AccessDeniedError, 'unknown-purpose'],
        ['A1', 'investigation', 'C001', AccessDeniedError, 'no-policy'],
        ['A1', 'customer_service', 'C999', NotFoundError, undefined],
      ];
    for (const [actor, purpose, id, cls, reason] of cases) {
      await rejectsWith(f.gateway.read({ actor, purpose, by: { customerId: id } }), cls, reason);
    }
    const entries = await f.entries();
    assert.deepEqual(
      entries.map((e) => [e['actor'], e['decision'], e['reason']]),
      [
        ['NOBODY', 'deny', 'unknown-actor'],
        ['X1', 'deny', 'inactive'],
        ['A1', 'deny', 'unknown-purpose'],
        ['A1', 'deny', 'no-policy'],
        ['A1', 'deny', 'not-found'],
      ],
    );
    // Malformed requests look nothing up and are not audited.
    await rejectsWith(
      f.gateway.read({ actor: 'A1', purpose: 'customer_service', by: { phone: '12' } }),
      InputError,
    );
    await rejectsWith(
      f.gateway.read({ actor: '', purpose: 'customer_service', by: { customerId: 'C001' } }),
      InputError,
    );
    assert.equal(await f.log.size(), 5);
  });

  test('quota: distinct customers per day; re-reads are free; a breach is refused, audited and an access event', async (t) => {
    const f = await openGatewayFixture(engine, t, { policyText: QUOTA_POLICY });
    const read = (id: string) =>
      f.gateway.read({ actor: 'A1', purpose: 'service', by: { customerId: id } });
    await read('C001');
    await read('C002');
    await read('C001'); // already shown today
    await rejectsWith(read('C003'), AccessDeniedError, 'quota');
    // Concurrent requests in one batch are counted together.
    await rejectsWith(read('C004'), AccessDeniedError, 'quota');
    const events = await f.events();
    assert.deepEqual(
      events.map((e) => e.decision),
      ['allow', 'allow', 'allow', 'deny', 'deny'],
    );
    const entries = await f.entries();
    assert.equal(entries[3]!['reason'], 'quota');
    assert.deepEqual(entries[3]!['customers'], ['C003']);
    // The next business day (UTC: the policy names no timezone) starts a new count.
    f.clock.now = new Date('2026-03-03T00:30:00Z');
    await read('C003');
  });

  test('quota within one batch: concurrent reads cannot overspend', async (t) => {
    const f = await openGatewayFixture(engine, t, { policyText: QUOTA_POLICY });
    const results = await Promise.allSettled(
      ['C001', 'C002', 'C003', 'C004'].map((id) =>
        f.gateway.read({ actor: 'A1', purpose: 'service', by: { customerId: id } }),
      ),
    );
    assert.equal(results.filter((r) => r.status === 'fulfilled').length, 2);
    assert.equal(await f.log.size(), 4);
  });

  test('group commit: 60 concurrent reads share transactions; one entry each', async (t) => {
    const f = await openGatewayFixture(engine, t);
    const ids = ['C001', 'C004'];
    const results = await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        f.gateway.read({
          actor: 'A1',
          purpose: 'customer_service',
          by: { customerId: ids[i % 2]! },
        }),
      ),
    );
    const indexes = new Set(results.map((r) => r.auditIndex));
    assert.equal(indexes.size, 60);
    assert.equal(await f.log.size(), 60);
  });

  test('search: filters on clear and blind-indexed values within scope, paged, audited', async (t) => {
    const f = await openGatewayFixture(engine, t);
    const page1 = await f.gateway.search({
      actor: 'Q1',
      purpose: 'quality_review',
      filter: {},
      pageSize: 2,
    });
    assert.deepEqual(
      page1.customers.map((c) => c.customerId),
      ['C001', 'C002'],
    );
    assert.equal(page1.hasMore, true);
    const page2 = await f.gateway.search({
      actor: 'Q1',
      purpose: 'quality_review',
      filter: {},
      page: 2,
      pageSize: 2,
    });
    assert.deepEqual(
      page2.customers.map((c) => c.customerId),
      ['C004'],
    ); // C003 is in Beijing
    assert.equal(page2.hasMore, false);
    const byAgent = await f.gateway.search({
      actor: 'Q1',
      purpose: 'quality_review',
      filter: { agent: 'A1' },
    });
    assert.deepEqual(
      byAgent.customers.map((c) => c.customerId),
      ['C001', 'C004'],
    );
    const byPhone = await f.gateway.search({
      actor: 'M1',
      purpose: 'team_supervision',
      filter: { phone: '+86 13812345678', team: 'T1' },
    });
    assert.deepEqual(
      byPhone.customers.map((c) => c.customerId),
      ['C001', 'C004'],
    );
    assert.equal(byPhone.customers[0]!.fields['phone'], '138****5678');
    await rejectsWith(
      f.gateway.search({ actor: 'A1', purpose: 'claims_handling', filter: {} }),
      AccessDeniedError,
      'no-policy',
    );
    await rejectsWith(
      f.gateway.search({
        actor: 'Q1',
        purpose: 'quality_review',
        filter: { surname: '张' } as never,
      }),
      InputError,
    );
    const entries = await f.entries();
    assert.deepEqual(
      entries.map((e) => e['action']),
      ['search', 'search', 'search', 'search', 'search'],
    );
    assert.deepEqual(entries[0]!['customers'], ['C001', 'C002']);
  });

  test('shredded customers read as shredded, without PI', async (t) => {
    const f = await openGatewayFixture(engine, t);
    await f.db.transaction().execute((trx) => f.vault.shred(trx, 'C002'));
    const r = await f.gateway.read({
      actor: 'A2',
      purpose: 'customer_service',
      by: { customerId: 'C002' },
    });
    assert.equal(r.customers[0]!.shredded, true);
    assert.equal(r.customers[0]!.fields['name'], null);
    const s = await f.gateway.search({ actor: 'Q1', purpose: 'quality_review', filter: {} });
    assert.ok(!s.customers.some((c) => c.customerId === 'C002'), 'search skips shredded customers');
  });

  test('invariant 1: when the audit append fails, the read returns nothing and nothing is kept', async (t) => {
    class FailingLog extends AuditLog {
      override async appendInTransaction(
        trx: Kysely<Schema>,
        events: readonly unknown[],
      ): Promise<number[]> {
        await super.appendInTransaction(trx, events); // writes, then fails: the rollback must undo it
        throw new Error('injected audit failure');
      }
      // The gateway's path: entries it already wrote as canonical JSON.
      override async appendCanonicalInTransaction(
        trx: Kysely<Schema>,
        entries: readonly Buffer[],
      ): Promise<number[]> {
        await super.appendCanonicalInTransaction(trx, entries);
        throw new Error('injected audit failure');
      }
      // PostgreSQL's path: one statement appends and indexes (pg-record-access.ts).
      override async appendPlanned(
        trx: Kysely<Schema>,
        entries: readonly Buffer[],
        write: (plan: AppendPlan) => Promise<boolean>,
      ): Promise<number[]> {
        await super.appendPlanned(trx, entries, write);
        throw new Error('injected audit failure');
      }
    }
    const f = await openGatewayFixture(engine, t, { log: (d) => new FailingLog(d) });
    const results = await Promise.allSettled([
      f.gateway.read({ actor: 'A1', purpose: 'customer_service', by: { customerId: 'C001' } }),
      f.gateway.read({ actor: 'A1', purpose: 'customer_service', by: { customerId: 'C002' } }), // a refusal
      f.gateway.search({ actor: 'Q1', purpose: 'quality_review', filter: {} }),
    ]);
    for (const r of results) {
      assert.equal(r.status, 'rejected');
      assert.match(String((r as PromiseRejectedResult).reason), /injected audit failure/);
    }
    const plain = new AuditLog(f);
    assert.equal(await plain.size(), 0);
    assert.equal((await f.events()).length, 0);
    const touched = await f.db.selectFrom('access_event_customers').select('customer_id').execute();
    assert.equal(touched.length, 0);
  });
});
