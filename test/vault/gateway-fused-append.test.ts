/**
 * The gateway's one-statement audit on PostgreSQL (pg-record-access.ts, migration 0009) and its
 * staff cache (staff-cache.ts), run on both engines (SQLite keeps the engine-neutral path, so
 * every behaviour below must hold there too):
 * - a leaver, or a member whose role changed, is refused at the next read — a cached record is
 *   never trusted past a staff change, whoever made it (another process here);
 * - another process appending to the audit log between two batches moves the head under the
 *   gateway's cached tree: the batch still lands after it, and the log verifies;
 * - the fused path writes the same entries and index rows as the three-statement path;
 * - every change to `staff` bumps staff_version.
 */
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { CompiledQuery } from 'kysely';
import { AuditLog } from '../../src/audit/audit-log.ts';
import { verifyLog } from '../../src/audit/log-verifier.ts';
import { AccessDeniedError } from '../../src/core/errors.ts';
import { openDatabase } from '../../src/store/open-database.ts';
import { Gateway } from '../../src/vault/gateway/gateway.ts';
import { maskHashKey } from '../../src/vault/gateway/mask-hash-key.ts';
import type { StaffMember } from '../../src/vault/staff-member.ts';
import { getStaffVersioned, upsertStaff } from '../../src/vault/staff-store.ts';
import { describeEachEngine } from '../helpers/databases.ts';
import { STAFF, openGatewayFixture, type GatewayFixture } from './gateway-fixture.ts';

const READ = { purpose: 'customer_service', by: { customerId: 'C001' } } as const;

/** A second connection pool on the same database: another process's view. */
async function otherProcess(f: GatewayFixture) {
  const other = await openDatabase(f.url);
  return other;
}

async function staffVersion(f: GatewayFixture): Promise<number> {
  const { rows } = await f.db.executeQuery<{ version: number | string }>(
    CompiledQuery.raw('select version from staff_version where id = 1', []),
  );
  return Number(rows[0]!.version);
}

/**
 * A1 reads twice (on PostgreSQL the second batch is served from the staff cache), then another
 * process changes A1's staff record.
 */
async function changeA1AfterCachedReads(
  f: GatewayFixture,
  t: TestContext,
  change: Partial<StaffMember>,
): Promise<void> {
  await f.gateway.read({ actor: 'A1', ...READ });
  await f.gateway.read({ actor: 'A1', ...READ });
  const other = await otherProcess(f);
  t.after(() => other.close());
  const a1 = STAFF.find((m) => m.staffId === 'A1')!;
  await other.db
    .transaction()
    .execute((trx) => upsertStaff(trx, [{ ...a1, ...change }], f.clock.now.toISOString()));
}

describeEachEngine('gateway fused append and staff cache', (engine) => {
  test('a leaver is refused at the next read, although the record was cached', async (t) => {
    const f = await openGatewayFixture(engine, t);
    await changeA1AfterCachedReads(f, t, { endDate: '2026-03-01' });
    await assert.rejects(f.gateway.read({ actor: 'A1', ...READ }), AccessDeniedError);
    const events = await f.events();
    assert.deepEqual(
      events.map((e) => `${e.actor} ${e.decision}`),
      ['A1 allow', 'A1 allow', 'A1 deny'],
    );
  });

  test('a role change applies at the next read', async (t) => {
    const f = await openGatewayFixture(engine, t);
    await changeA1AfterCachedReads(f, t, { role: 'it_support' });
    await assert.rejects(f.gateway.read({ actor: 'A1', ...READ }), AccessDeniedError);
    const entries = await f.entries();
    assert.equal(entries.at(-1)!['role'], 'it_support');
    assert.equal(entries.at(-1)!['decision'], 'deny');
  });

  test('a batch lands after entries another process appended; the log verifies', async (t) => {
    const f = await openGatewayFixture(engine, t);
    const first = await f.gateway.read({ actor: 'A1', ...READ });
    const other = await otherProcess(f);
    t.after(() => other.close());
    const otherLog = new AuditLog(other);
    const [foreign] = await otherLog.append([
      { type: 'note', ts: '2026-03-02T02:00:00Z', actor: 'cli', action: 'test', customers: [] },
    ]);
    await otherLog.close();
    const reads = await Promise.all([
      f.gateway.read({ actor: 'A1', ...READ }),
      f.gateway.read({ actor: 'A2', purpose: 'customer_service', by: { customerId: 'C002' } }),
    ]);
    assert.equal(first.auditIndex, 0);
    assert.equal(foreign, 1);
    assert.deepEqual(reads.map((r) => r.auditIndex).sort(), [2, 3]);
    assert.equal(await f.log.size(), 4);
    const report = await verifyLog(f.db, { workers: 0 });
    assert.deepEqual(report.problems, []);
    const indexed = await f.db
      .selectFrom('access_event_refs')
      .select(['audit_idx', 'customer_id'])
      .orderBy('audit_idx')
      .execute();
    assert.deepEqual(
      indexed.map((r) => `${Number(r.audit_idx)} ${r.customer_id}`),
      ['0 C001', '2 C001', '3 C002'].sort((a, b) => (a < b ? -1 : 1)),
    );
  });

  test('the one-statement path writes what the three-statement path writes', async (t) => {
    const fused = await openGatewayFixture(engine, t);
    const plain = await openGatewayFixture(engine, t);
    const plainGateway = new Gateway({
      database: plain,
      log: plain.log,
      vault: plain.vault,
      policy: plain.policy,
      hashKey: maskHashKey(plain.masterKey),
      now: () => plain.clock.now,
      fusedAppend: false,
    });
    t.after(() => plainGateway.close());
    const requests = (g: Gateway) =>
      Promise.allSettled([
        g.read({ actor: 'A1', ...READ }),
        g.read({ actor: 'A1', purpose: 'customer_service', by: { customerId: 'C003' } }), // scope
        g.read({ actor: 'X1', ...READ }), // a leaver
        g.read({ actor: 'NOBODY', ...READ }),
        g.read({ actor: 'A1', purpose: 'customer_service', by: { phone: '13812345678' } }),
        g.search({ actor: 'Q1', purpose: 'quality_review', filter: {} }),
      ]);
    const a = await requests(fused.gateway);
    const b = await requests(plainGateway);
    assert.deepEqual(
      a.map((r) => r.status),
      b.map((r) => r.status),
    );
    assert.deepEqual(await fused.entries(), await plain.entries());
    const index = async (f: GatewayFixture) => ({
      events: await f.db.selectFrom('access_events').selectAll().orderBy('audit_idx').execute(),
      refs: await f.db
        .selectFrom('access_event_refs')
        .selectAll()
        .orderBy('audit_idx')
        .orderBy('customer_id')
        .execute(),
    });
    assert.deepEqual(await index(fused), await index(plain));
    assert.deepEqual((await verifyLog(fused.db, { workers: 0 })).problems, []);
  });

  test('every change to staff bumps staff_version; the versioned read sees the rows', async (t) => {
    const f = await openGatewayFixture(engine, t);
    const v0 = await staffVersion(f);
    const read = await getStaffVersioned(f.db, f.engine, ['A1', 'NOBODY']);
    assert.equal(read.version, v0);
    assert.deepEqual([...read.members.keys()], ['A1']);
    assert.equal(read.members.get('A1')!.role, 'agent');
    const none = await getStaffVersioned(f.db, f.engine, ['NOBODY']);
    assert.equal(none.members.size, 0);
    assert.equal(none.version, v0);
    const a1 = STAFF.find((m) => m.staffId === 'A1')!;
    await f.db
      .transaction()
      .execute((trx) => upsertStaff(trx, [{ ...a1, team: 'T9' }], f.clock.now.toISOString()));
    const v1 = await staffVersion(f);
    assert.ok(v1 > v0, 'upsert bumps');
    await f.db.deleteFrom('staff').where('staff_id', '=', 'IT1').execute();
    const v2 = await staffVersion(f);
    assert.ok(v2 > v1, 'delete bumps');
  });
});
