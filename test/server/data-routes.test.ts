/**
 * The data routes end to end over both engines: customers (read, lookup, search, import,
 * delete), exports with approval, events, staff, key rotation — through the real gateway, vault
 * and policy, with audit entries checked.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { defaultPolicyText } from '../../src/vault/policy/default-policy.ts';
import { CUSTOMERS } from '../vault/gateway-fixture.ts';
import { describeEachEngine } from '../helpers/databases.ts';
import { bearer, type ServerFixture } from './server-fixture.ts';
import { openDataFixture } from './data-fixture.ts';

async function entries(f: ServerFixture, from: number): Promise<Array<Record<string, unknown>>> {
  const out = [];
  for (let i = from; i < (await f.log.size()); i++) {
    out.push(JSON.parse((await f.log.entry(i)).toString('utf8')) as Record<string, unknown>);
  }
  return out;
}

describeEachEngine('data routes', (engine) => {
  test('customers: read, lookup, search — masked per policy and audited; refusals audited', async (t) => {
    const f = await openDataFixture(engine, t);
    const a1 = await f.tokenFor('agent-a1', ['read'], 'A1');
    const before = await f.log.size();

    const read = await f.inject({
      url: '/api/v1/customers/C001?purpose=customer_service',
      headers: bearer(a1),
    });
    assert.equal(read.statusCode, 200, read.body);
    const body = read.json();
    assert.equal(body.customers[0].customer_id, 'C001');
    assert.equal(body.customers[0].fields.phone, '13812345678'); // agent's own customer: kept
    assert.notEqual(body.customers[0].fields.id_number, CUSTOMERS[0]!.id_number); // masked
    assert.equal(body.customers[0].fields.birth_date, '1990');
    assert.equal(typeof body.audit_index, 'number');

    const outOfScope = await f.inject({
      url: '/api/v1/customers/C003?purpose=customer_service',
      headers: bearer(a1),
    });
    assert.equal(outOfScope.statusCode, 403);
    const noGrant = await f.inject({
      url: '/api/v1/customers/C001?purpose=marketing_campaign',
      headers: bearer(a1),
    });
    assert.equal(noGrant.statusCode, 403);
    const missing = await f.inject({
      url: '/api/v1/customers/C999?purpose=customer_service',
      headers: bearer(a1),
    });
    assert.equal(missing.statusCode, 404);
    const noPurpose = await f.inject({ url: '/api/v1/customers/C001', headers: bearer(a1) });
    assert.equal(noPurpose.statusCode, 400);

    const lookup = await f.inject({
      method: 'POST',
      url: '/api/v1/customers/lookup',
      headers: bearer(a1),
      payload: { purpose: 'customer_service', phone: '138-1234-5678' },
    });
    assert.equal(lookup.statusCode, 200, lookup.body);
    assert.deepEqual(
      lookup
        .json()
        .customers.map((c: { customer_id: string }) => c.customer_id)
        .sort(),
      ['C001', 'C004'],
    );
    const twoKeys = await f.inject({
      method: 'POST',
      url: '/api/v1/customers/lookup',
      headers: bearer(a1),
      payload: { purpose: 'customer_service', phone: '13812345678', email: 'a@b.c' },
    });
    assert.equal(twoKeys.statusCode, 400);

    const search = await f.inject({
      url: '/api/v1/customers?purpose=customer_service&agent=A1&page_size=1',
      headers: bearer(a1),
    });
    assert.equal(search.statusCode, 200, search.body);
    assert.equal(search.json().customers.length, 1);
    assert.equal(search.json().has_more, true);
    const piInQuery = await f.inject({
      url: '/api/v1/customers?purpose=customer_service&phone=13812345678',
      headers: bearer(a1),
    });
    assert.equal(piInQuery.statusCode, 400); // PI filters go through POST /customers/lookup

    // Every gateway answer (allowed, refused, not found) left exactly one entry; the 400s none.
    const added = await entries(f, before);
    assert.equal(added.length, 6);
    assert.deepEqual(
      added.map((e) => e['decision']),
      ['allow', 'deny', 'deny', 'deny', 'allow', 'allow'],
    );

    // A principal with the right but no staff id: refused and audited.
    const sys = await f.tokenFor('robot', ['read']);
    const n = await f.log.size();
    const robot = await f.inject({
      url: '/api/v1/customers/C001?purpose=customer_service',
      headers: bearer(sys),
    });
    assert.equal(robot.statusCode, 403);
    assert.equal(robot.json().reason, 'no-staff');
    assert.equal((await entries(f, n))[0]!['type'], 'api_denied');
  });

  test('exports: forbidden, approval by another member of staff, download; audited', async (t) => {
    const f = await openDataFixture(engine, t);
    const a1 = await f.tokenFor('agent-a1', ['export'], 'A1');
    const m1 = await f.tokenFor('manager-m1', ['approve', 'export'], 'M1');

    const forbidden = await f.inject({
      method: 'POST',
      url: '/api/v1/exports',
      headers: bearer(a1),
      payload: { purpose: 'customer_service' },
    });
    assert.equal(forbidden.statusCode, 403);

    const requested = await f.inject({
      method: 'POST',
      url: '/api/v1/exports',
      headers: bearer(a1),
      payload: { purpose: 'sales_follow_up', recipient: 'renewal desk' },
    });
    assert.equal(requested.statusCode, 202, requested.body);
    const id = requested.json().export_id as string;
    assert.equal(requested.json().rows, 2);

    const pendingFile = await f.inject({ url: `/api/v1/exports/${id}/file`, headers: bearer(a1) });
    assert.ok(pendingFile.statusCode >= 400);

    const approvals = await f.inject({ url: '/api/v1/approvals', headers: bearer(m1) });
    assert.equal(approvals.statusCode, 200, approvals.body);
    const item = approvals.json().items.find((i: { export_id: string }) => i.export_id === id);
    assert.equal(item.purpose, 'sales_follow_up');
    assert.equal(item.recipient, 'renewal desk');
    assert.ok(item.columns.includes('phone'));

    const self = await f.inject({
      method: 'POST',
      url: `/api/v1/exports/${id}/decision`,
      headers: bearer(await f.tokenFor('agent-a1-approver', ['approve'], 'A1')),
      payload: { decision: 'approve' },
    });
    assert.equal(self.statusCode, 403);

    const decided = await f.inject({
      method: 'POST',
      url: `/api/v1/exports/${id}/decision`,
      headers: bearer(m1),
      payload: { decision: 'approve', reason: 'renewals due' },
    });
    assert.equal(decided.statusCode, 200, decided.body);
    assert.equal(decided.json().status, 'approved');

    const summary = await f.inject({ url: `/api/v1/exports/${id}`, headers: bearer(a1) });
    assert.equal(summary.json().status, 'approved');
    assert.equal(
      (await f.inject({ url: `/api/v1/exports/${id}`, headers: bearer(m1) })).statusCode,
      404,
    );
    const file = await f.inject({ url: `/api/v1/exports/${id}/file`, headers: bearer(a1) });
    assert.equal(file.statusCode, 200, file.body);
    assert.match(String(file.headers['content-type']), /^text\/csv/);
    assert.equal(file.rawPayload.subarray(0, 3).toString('hex'), 'efbbbf');
    assert.match(String(file.headers['x-export-sha256']), /^[0-9a-f]{64}$/);
    const list = await f.inject({ url: '/api/v1/exports', headers: bearer(a1) });
    assert.equal(list.json().items[0].status, 'done');
  });

  test('an allowed export is produced at once and its file handed out once; policy edits apply without a restart', async (t) => {
    const f = await openDataFixture(engine, t);
    const allowed = defaultPolicyText().replace(
      /(purpose: sales_follow_up[\s\S]*?export: )approval/,
      '$1allowed',
    );
    writeFileSync(f.ctx.policyPath, allowed);
    const a1 = await f.tokenFor('agent-a1', ['export'], 'A1');
    const res = await f.inject({
      method: 'POST',
      url: '/api/v1/exports',
      headers: bearer(a1),
      payload: { purpose: 'sales_follow_up', format: 'csv-gb18030' },
    });
    assert.equal(res.statusCode, 201, res.body);
    assert.equal(res.json().status, 'done');
    const file = await f.inject({ url: res.json().file_url, headers: bearer(a1) });
    assert.equal(file.statusCode, 200);
    assert.match(String(file.headers['content-type']), /charset=gb18030/);
    assert.equal(file.headers['x-export-sha256'], res.json().sha256);
    const other = await f.tokenFor('agent-a2', ['export'], 'A2');
    assert.ok(
      (await f.inject({ url: res.json().file_url, headers: bearer(other) })).statusCode >= 400,
    );
    assert.ok(
      (await f.inject({ url: res.json().file_url, headers: bearer(a1) })).statusCode >= 400,
    );

    // Forbid it again in the file: the server picks the edit up (checked at most every 2 s).
    writeFileSync(
      f.ctx.policyPath,
      defaultPolicyText().replace(
        /(purpose: sales_follow_up[\s\S]*?export: )approval/,
        '$1forbidden',
      ),
    );
    await new Promise((r) => setTimeout(r, 2100));
    const refused = await f.inject({
      method: 'POST',
      url: '/api/v1/exports',
      headers: bearer(a1),
      payload: { purpose: 'sales_follow_up' },
    });
    assert.equal(refused.statusCode, 403, refused.body);
    // A broken edit keeps the last good policy.
    writeFileSync(f.ctx.policyPath, 'version: 2\n');
    await new Promise((r) => setTimeout(r, 2100));
    assert.equal(
      (
        await f.inject({
          method: 'POST',
          url: '/api/v1/exports',
          headers: bearer(a1),
          payload: { purpose: 'sales_follow_up' },
        })
      ).statusCode,
      403,
    );
  });

  test('deletion crypto-shreds the customer; the deletion is audited', async (t) => {
    const f = await openDataFixture(engine, t);
    const admin = await f.tokenFor('root', ['admin']);
    const a2 = await f.tokenFor('agent-a2', ['read'], 'A2');
    const del = await f.inject({
      method: 'DELETE',
      url: '/api/v1/customers/C002',
      headers: bearer(admin),
    });
    assert.equal(del.statusCode, 200, del.body);
    const entry = JSON.parse((await f.log.entry(del.json().audit_index)).toString('utf8'));
    assert.equal(entry.type, 'deletion');
    assert.equal(entry.customer, 'C002');
    const read = await f.inject({
      url: '/api/v1/customers/C002?purpose=customer_service',
      headers: bearer(a2),
    });
    assert.equal(read.statusCode, 200, read.body);
    assert.equal(read.json().customers[0].shredded, true);
    assert.ok(!read.body.includes('李娜'));
    assert.equal(
      (await f.inject({ method: 'DELETE', url: '/api/v1/customers/C999', headers: bearer(admin) }))
        .statusCode,
      404,
    );
  });

  test('customer import over HTTP: CSV body, all or nothing, errors name body:ROW', async (t) => {
    const f = await openDataFixture(engine, t);
    const importer = await f.tokenFor('loader', ['import:customers']);
    const csv =
      '客户编号,姓名,手机,出生日期\nC100,赵强,13612345671,1980-01-01\nC101,钱丽,13612345672,1981-02-02\n';
    const ok = await f.inject({
      method: 'POST',
      url: '/api/v1/imports/customers',
      headers: { ...bearer(importer), 'content-type': 'text/csv' },
      payload: csv,
    });
    assert.equal(ok.statusCode, 200, ok.body);
    assert.equal(ok.json().inserted, 2);
    assert.ok(ok.json().mapping.length > 0);
    const count = async () =>
      Number(
        (
          await f.database.db
            .selectFrom('customers')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const n = await count();
    const size = await f.log.size();
    const bad = await f.inject({
      method: 'POST',
      url: '/api/v1/imports/customers',
      headers: { ...bearer(importer), 'content-type': 'text/csv' },
      payload: '客户编号,姓名,出生日期\nC102,孙七,1990-01-01\nC103,周八,1990-13-45\n',
    });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.json().message, /^body(\.csv)?:3: /);
    assert.doesNotMatch(bad.body, /周八|1990-13-45|\/dev\/shm|piguard-import/);
    assert.equal(await count(), n);
    assert.equal(await f.log.size(), size);
    const wrongType = await f.inject({
      method: 'POST',
      url: '/api/v1/imports/customers',
      headers: { ...bearer(importer), 'content-type': 'application/json' },
      payload: { a: 1 },
    });
    assert.equal(wrongType.statusCode, 400);
  });

  test('events: JSON array and JSON lines, one audit entry each; a bad event keeps nothing', async (t) => {
    const f = await openDataFixture(engine, t);
    const core = await f.tokenFor('core-system', ['events:write']);
    const event = (n: number) => ({
      ts: `2026-03-01T09:0${n}:00+08:00`,
      actor: 'A1',
      action: 'view',
      customers: ['C001'],
      purpose: 'customer_service',
      source: 'core',
    });
    const size = await f.log.size();
    const arr = await f.inject({
      method: 'POST',
      url: '/api/v1/events',
      headers: bearer(core),
      payload: [event(1), event(2)],
    });
    assert.equal(arr.statusCode, 200, arr.body);
    assert.equal(arr.json().events, 2);
    const jsonl = await f.inject({
      method: 'POST',
      url: '/api/v1/events',
      headers: { ...bearer(core), 'content-type': 'application/x-ndjson' },
      payload: `${JSON.stringify(event(3))}\n\n${JSON.stringify({ ...event(4), source: undefined })}\n`,
    });
    assert.equal(jsonl.statusCode, 200, jsonl.body);
    assert.equal(await f.log.size(), size + 4);
    const last = JSON.parse((await f.log.entry(size + 3)).toString('utf8'));
    assert.equal(last.source, 'core-system'); // no source → the caller
    const bad = await f.inject({
      method: 'POST',
      url: '/api/v1/events',
      headers: { ...bearer(core), 'content-type': 'application/x-ndjson' },
      payload: `${JSON.stringify(event(5))}\n${JSON.stringify({ ...event(6), action: 'steal' })}\n`,
    });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.json().message, /^body:2: /);
    assert.equal(await f.log.size(), size + 4);
    const object = await f.inject({
      method: 'POST',
      url: '/api/v1/events',
      headers: bearer(core),
      payload: event(7),
    });
    assert.equal(object.statusCode, 400);
  });

  test('staff: list and import a CSV (audited); key rotation over HTTP', async (t) => {
    const f = await openDataFixture(engine, t);
    const admin = await f.tokenFor('root', ['admin']);
    const list = await f.inject({
      url: '/api/v1/staff?branch=北京分公司'.replace(
        '北京分公司',
        encodeURIComponent('北京分公司'),
      ),
      headers: bearer(admin),
    });
    assert.equal(list.statusCode, 200, list.body);
    assert.ok(list.json().items.some((s: { staff_id: string }) => s.staff_id === 'A3'));
    const imported = await f.inject({
      method: 'POST',
      url: '/api/v1/staff/import',
      headers: { ...bearer(admin), 'content-type': 'text/csv' },
      payload:
        'staff_id,role,branch,team,start_date,end_date\nA9,代理人,上海分公司,T1,2024-01-01,\n',
    });
    assert.equal(imported.statusCode, 200, imported.body);
    assert.equal(imported.json().inserted, 1);
    const badRole = await f.inject({
      method: 'POST',
      url: '/api/v1/staff/import',
      headers: { ...bearer(admin), 'content-type': 'text/csv' },
      payload:
        'staff_id,role,branch,team,start_date,end_date\nA10,宇航员,上海分公司,T1,2024-01-01,\n',
    });
    assert.equal(badRole.statusCode, 400);
    assert.match(badRole.json().message, /^body:2: /);

    const a1 = await f.tokenFor('agent-a1', ['read'], 'A1');
    const rotate = await f.inject({
      method: 'POST',
      url: '/api/v1/keys/rotate',
      headers: bearer(admin),
    });
    assert.equal(rotate.statusCode, 200, rotate.body);
    assert.equal(rotate.json().rewrapped, CUSTOMERS.length);
    const read = await f.inject({
      url: '/api/v1/customers/C001?purpose=customer_service',
      headers: bearer(a1),
    });
    assert.equal(read.json().customers[0].fields.name, '张伟');
  });
});
