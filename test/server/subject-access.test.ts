import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachEngine } from '../helpers/databases.ts';
import { bearer } from './server-fixture.ts';
import { openDataFixture } from './data-fixture.ts';

describeEachEngine('subject access (PIPL art. 45)', (engine) => {
  test('one-time code through the channel; history by role and branch; single use; expiry; limits', async (t) => {
    const f = await openDataFixture(engine, t);
    const a1 = await f.tokenFor('agent-a1', ['read'], 'A1');
    // Two reads of C001 by the agent, one refused read of C003.
    for (const url of [
      '/api/v1/customers/C001?purpose=customer_service',
      '/api/v1/customers/C001?purpose=sales_follow_up',
      '/api/v1/customers/C003?purpose=customer_service',
    ]) {
      await f.inject({ url, headers: bearer(a1) });
    }
    const ask = (customer_id: string) =>
      f.inject({ method: 'POST', url: '/api/v1/subject/code', payload: { customer_id } });
    const history = (customerId: string, code?: string) =>
      f.inject({
        url: `/api/v1/subject/access-history?customer_id=${customerId}`,
        headers: code === undefined ? {} : { 'x-subject-code': code },
      });

    const sent = await ask('C001');
    assert.equal(sent.statusCode, 202);
    assert.deepEqual(sent.json(), { status: 'sent' });
    assert.equal(f.codes.sent.length, 1);
    const { code } = f.codes.sent[0]!;
    assert.match(code, /^\d{8}$/);
    assert.ok(!sent.body.includes(code));
    // Unknown customers get the same answer and nothing is sent.
    const unknown = await ask('C999');
    assert.equal(unknown.statusCode, 202);
    assert.equal(unknown.body, sent.body);
    assert.equal(f.codes.sent.length, 1);
    // Stored hashed only.
    const stored = await f.database.db.selectFrom('subject_codes').selectAll().execute();
    assert.equal(stored.length, 1);
    assert.ok(!JSON.stringify(stored).includes(code));

    assert.equal((await history('C001')).statusCode, 401);
    const wrong = code === '00000000' ? '11111111' : '00000000';
    assert.equal((await history('C001', wrong)).statusCode, 401);
    assert.equal((await history('C002', code)).statusCode, 401); // code is bound to its customer

    const size = await f.log.size();
    const ok = await history('C001', code);
    assert.equal(ok.statusCode, 200, ok.body);
    const items = ok.json().items as Array<Record<string, unknown>>;
    assert.equal(items.length, 2); // the refused read of C003 is not C001's; refusals are not listed
    for (const item of items) {
      assert.equal(item['role'], 'agent');
      assert.equal(item['branch'], '上海分公司');
      assert.equal(item['source'], 'gateway');
      assert.equal(item['action'], 'view');
    }
    assert.deepEqual(items.map((i) => i['purpose']).sort(), [
      'customer_service',
      'sales_follow_up',
    ]);
    assert.doesNotMatch(ok.body, /"A1"|agent-a1/); // staff are shown by role and branch
    const entry = JSON.parse((await f.log.entry(size)).toString('utf8'));
    assert.deepEqual(
      { ...entry, ts: undefined },
      { type: 'subject_access', customer: 'C001', events: 2, ts: undefined },
    );

    // Single use.
    assert.equal((await history('C001', code)).statusCode, 401);

    // Expiry.
    await ask('C001');
    const second = f.codes.sent[1]!.code;
    f.clock.now = new Date(f.clock.now.getTime() + 11 * 60 * 1000);
    assert.equal((await history('C001', second)).statusCode, 401);

    // Three codes per customer per hour (two issued within this hour so far).
    assert.equal((await ask('C001')).statusCode, 202);
    const limited = await ask('C001');
    assert.equal(limited.statusCode, 429);
    assert.equal(f.codes.sent.length, 3);

    // Five wrong codes for C001 within the hour (three so far: wrong, reused, expired) → further
    // attempts are refused, even with the right code.
    assert.equal((await history('C001', wrong)).statusCode, 401);
    assert.equal((await history('C001', wrong)).statusCode, 401);
    assert.equal((await history('C001', f.codes.sent[2]!.code)).statusCode, 429);
  });

  test('malformed code header and missing customer id are refused', async (t) => {
    const f = await openDataFixture(engine, t);
    const res = await f.inject({
      url: '/api/v1/subject/access-history?customer_id=C001',
      headers: { 'x-subject-code': 'abc' },
    });
    assert.equal(res.statusCode, 401);
    assert.equal((await f.inject({ url: '/api/v1/subject/access-history' })).statusCode, 400);
    assert.equal(
      (await f.inject({ method: 'POST', url: '/api/v1/subject/code', payload: {} })).statusCode,
      400,
    );
  });
});
