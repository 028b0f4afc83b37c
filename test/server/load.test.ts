/**
 * Invariant 3 under concurrent load: autocannon, 50 connections for a few seconds, reads of which
 * some are refused (by policy and by the rights check) — the audit entries added equal the
 * successful reads plus the refusals the server answered, exactly. (bench/http.bench.ts runs the
 * same load for 30 s and measures throughput.)
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import autocannon from 'autocannon';
import { describeEachEngine } from '../helpers/databases.ts';
import { openDataFixture } from './data-fixture.ts';

const DURATION_S = Number(process.env['PIGUARD_LOAD_SECONDS'] ?? 5);

describeEachEngine('invariant 3 under load', (engine) => {
  test('audit entries added = successful reads + refusals, exactly (50 connections)', async (t) => {
    const answered = { ok: 0, refused: 0, other: 0 };
    const f = await openDataFixture(engine, t, {
      configure: (app) => {
        // onSend, not onResponse: a request whose client went away when the load stopped was
        // still read and audited by the server, and onResponse does not fire for it.
        app.addHook('onSend', async (request, reply) => {
          if (request.routeOptions.url !== '/api/v1/customers/:id') return;
          if (reply.statusCode === 200) answered.ok++;
          else if (reply.statusCode === 403) answered.refused++;
          else answered.other++;
        });
      },
    });
    const a1 = await f.tokenFor('agent-a1', ['read'], 'A1');
    const noRight = await f.tokenFor('no-read', ['investigate'], 'A1');
    const url = await f.app.listen({ port: 0, host: '127.0.0.1' });
    const before = await f.log.size();
    const result = await autocannon({
      url,
      connections: 50,
      duration: DURATION_S,
      requests: [
        // allowed: the agent's own customer
        {
          method: 'GET',
          path: '/api/v1/customers/C001?purpose=customer_service',
          headers: { authorization: `Bearer ${a1}` },
        },
        // refused by policy: another agent's book
        {
          method: 'GET',
          path: '/api/v1/customers/C003?purpose=customer_service',
          headers: { authorization: `Bearer ${a1}` },
        },
        // refused by the rights check
        {
          method: 'GET',
          path: '/api/v1/customers/C001?purpose=customer_service',
          headers: { authorization: `Bearer ${noRight}` },
        },
      ],
    });
    await f.app.close(); // waits for requests still in flight
    await f.log.flush();
    const added = (await f.log.size()) - before;
    assert.equal(answered.other, 0, 'only 200 and 403 answers');
    assert.ok(answered.ok > 0 && answered.refused > 0, JSON.stringify(answered));
    assert.equal(added, answered.ok + answered.refused, JSON.stringify({ added, ...answered }));
    // The client saw no more answers than the server sent (requests cut by the end are not counted).
    assert.ok(result['2xx'] <= answered.ok);
    assert.equal(result.errors, 0);
    t.diagnostic(
      `${engine.name}: ${result.requests.average} req/s, p99 ${result.latency.p99} ms, ok ${answered.ok}, refused ${answered.refused}`,
    );
  });
});
