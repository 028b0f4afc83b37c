/**
 * Invariant 2 for logs: drive every PI-carrying path of the server (imports, lookups by phone and
 * ID number, reads, exports, refusals, malformed bodies quoting PI, subject access) with pino at
 * trace level writing to files, then grep the server logs of this run AND of every other server
 * test that wrote to test-artifacts/server-logs for the fixtures' phone numbers, ID numbers,
 * names and e-mail addresses: none may appear. The grep is proved able to fail first.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pino } from 'pino';
import { CUSTOMERS } from '../vault/gateway-fixture.ts';
import { describeEachEngine } from '../helpers/databases.ts';
import { openDataFixture } from './data-fixture.ts';
import { SERVER_LOG_DIR, bearer } from './server-fixture.ts';

/** The fixtures' PI values that must never be logged. */
function secrets(): string[] {
  const out = new Set<string>();
  for (const c of CUSTOMERS) {
    for (const v of [c.phone, c.id_number, c.name, c.email, c.address]) if (v) out.add(v);
  }
  out.add('13612345671'); // the imported CSV's phone
  out.add('赵强');
  return [...out];
}

function findings(text: string): string[] {
  return secrets().filter((s) => text.includes(s));
}

describeEachEngine('server logs carry no PI', (engine) => {
  test('every PI-carrying request, logged at trace level: no fixture value in any server log', async (t) => {
    const logFile = join(SERVER_LOG_DIR, `privacy-${engine.name}-${process.pid}.log`);
    const f = await openDataFixture(engine, t, {
      logger: pino({ level: 'trace' }, pino.destination({ dest: logFile, sync: true })),
    });
    const a1 = await f.tokenFor('agent-a1', ['read', 'export'], 'A1');
    const admin = await f.tokenFor('root', ['admin', 'import:customers', 'events:write']);
    const c1 = CUSTOMERS[0]!;
    const calls = [
      { url: '/api/v1/customers/C001?purpose=customer_service', headers: bearer(a1) },
      {
        method: 'POST',
        url: '/api/v1/customers/lookup',
        headers: bearer(a1),
        payload: { purpose: 'customer_service', phone: c1.phone },
      },
      {
        method: 'POST',
        url: '/api/v1/customers/lookup',
        headers: bearer(a1),
        payload: { purpose: 'customer_service', id_number: c1.id_number },
      },
      {
        method: 'POST',
        url: '/api/v1/customers/lookup',
        headers: bearer(a1),
        payload: { purpose: 'customer_service', name: c1.name, birth_date: c1.birth_date },
      },
      {
        method: 'POST',
        url: '/api/v1/customers/lookup',
        headers: bearer(a1),
        payload: { purpose: 'marketing_campaign', phone: c1.phone },
      },
      {
        method: 'POST',
        url: '/api/v1/customers/lookup',
        headers: bearer(a1),
        payload: { purpose: 'customer_service', phone: c1.phone, extra: c1.id_number },
      },
      {
        method: 'POST',
        url: '/api/v1/customers/lookup',
        headers: { ...bearer(a1), 'content-type': 'application/json' },
        payload: `{"phone": "${c1.phone}", "name": "${c1.name}`,
      },
      { url: `/api/v1/customers?purpose=customer_service&phone=${c1.phone}`, headers: bearer(a1) },
      {
        method: 'POST',
        url: '/api/v1/imports/customers',
        headers: { ...bearer(admin), 'content-type': 'text/csv' },
        payload: '客户编号,姓名,手机\nC100,赵强,13612345671\n',
      },
      {
        method: 'POST',
        url: '/api/v1/imports/customers',
        headers: { ...bearer(admin), 'content-type': 'text/csv' },
        payload: `客户编号,姓名,手机\n,${c1.name},${c1.phone}\n`,
      },
      {
        method: 'POST',
        url: '/api/v1/exports',
        headers: bearer(a1),
        payload: { purpose: 'customer_service', filter: { phone: c1.phone } },
      },
      {
        method: 'POST',
        url: '/api/v1/events',
        headers: bearer(admin),
        payload: [{ ts: 'x', actor: c1.name, action: 'view', customers: [c1.phone!], source: 's' }],
      },
      {
        method: 'POST',
        url: '/api/v1/auth/login',
        headers: { 'x-piguard-csrf': '1' },
        payload: { username: c1.phone, password: c1.id_number },
      },
      { method: 'POST', url: '/api/v1/subject/code', payload: { customer_id: 'C001' } },
      {
        url: '/api/v1/auth/me',
        headers: { authorization: `Bearer ${c1.phone}`, cookie: `piguard_session=${c1.phone}` },
      },
    ] as const;
    for (const call of calls) {
      const res = await f.inject(call as Parameters<typeof f.inject>[0]);
      assert.ok(res.statusCode < 500, `${call.url}: ${res.statusCode} ${res.body}`);
      // Error bodies never quote the values either.
      if (res.statusCode >= 400) assert.deepEqual(findings(res.body), [], `${call.url} error body`);
    }
    const logged = readFileSync(logFile, 'utf8');
    assert.ok(logged.split('\n').length > calls.length, 'the requests were logged');
    assert.match(logged, /"route":"\/api\/v1\/customers\/lookup"/);
    assert.match(logged, /"principal":"agent-a1"/);
    assert.match(logged, /"status":200/);
    assert.match(logged, /"ms":/);
    // The grep can fail: a line with a fixture value is found.
    assert.deepEqual(findings(`x ${c1.phone} y`), [c1.phone]);
    assert.deepEqual(findings(logged), []);
    // Every server test's log in this run (the fixture writes them all to SERVER_LOG_DIR).
    for (const name of readdirSync(SERVER_LOG_DIR)) {
      assert.deepEqual(findings(readFileSync(join(SERVER_LOG_DIR, name), 'utf8')), [], name);
    }
  });
});
