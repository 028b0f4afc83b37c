/**
 * The trace routes on both engines, mounted on a bare Fastify app with piguard's error handler
 * and a test principal (the real app's authentication and right checks are issue 4's and are
 * tested there): HMAC-signed webhooks (valid, missing, forged, stale), complaints by bearer
 * principal with and without the right, a leaked file uploaded and traced, stored results.
 */
import assert from 'node:assert/strict';
import { randomInt } from 'node:crypto';
import { test } from 'node:test';
import Fastify from 'fastify';
import type { Right } from '../../src/core/rights.ts';
import { handleError } from '../../src/server/error-handler.ts';
import type { Principal } from '../../src/server/route-context.ts';
import { traceRoutes } from '../../src/server/routes/trace-routes.ts';
import { signWebhook, webhookSecret } from '../../src/trace/webhook-signature.ts';
import { describeEachEngine } from '../helpers/databases.ts';
import { dayTs, loadOrg, toCsv } from './support/db-org.ts';
import { sample } from './support/leak-maker.ts';
import { buildSyntheticOrg } from './support/synthetic-org.ts';
import { seededRandomInt } from '../../src/trace/synthetic-identity.ts';

const SEED = Number(process.env['TRACE_SEED'] ?? randomInt(2 ** 31));
const org = buildSyntheticOrg({
  seed: SEED,
  customers: 1200,
  branches: 3,
  agentsPerBranch: 4,
  claimsPerBranch: 1,
  qa: 2,
  callCentre: 6,
  managersPerBranch: 1,
  bigExport: 0,
});
const NOW = new Date(Date.UTC(2026, 7, 1));

describeEachEngine('trace routes', (engine) => {
  test(`webhooks, complaints, uploads (seed ${SEED})`, async (t) => {
    const d = await engine.open(t);
    const loaded = await loadOrg(d, org);
    const app = Fastify();
    app.decorateRequest('principal', null);
    // Test principal from a header: `x-test-rights: investigate,admin`.
    app.addHook('onRequest', async (request) => {
      const rights = request.headers['x-test-rights'];
      request.principal =
        typeof rights === 'string'
          ? ({
              id: 'tester',
              kind: 'system',
              staffId: null,
              rights: rights.split(',') as Right[],
            } satisfies Principal)
          : null;
    });
    app.setErrorHandler(handleError);
    await app.register(traceRoutes, {
      prefix: '/api/v1',
      ctx: { database: d, log: loaded.log, keys: loaded.keys, policyPath: '', now: () => NOW },
    });
    t.after(async () => {
      await app.close();
      await loaded.close();
    });
    const investigator = { 'x-test-rights': 'investigate,admin' };
    const secret = await webhookSecret(loaded.keys, {});
    const signedHeaders = (body: string, at = NOW) => {
      const ts = Math.floor(at.getTime() / 1000);
      return {
        'content-type': 'application/json',
        'x-piguard-timestamp': String(ts),
        'x-piguard-signature': signWebhook(secret, ts, body),
      };
    };

    const pool = await app.inject({
      method: 'POST',
      url: '/api/v1/canaries/pool',
      headers: { ...investigator, 'content-type': 'application/json' },
      payload: JSON.stringify({ values: ['17000000001'] }),
    });
    assert.equal(pool.statusCode, 200, pool.body);
    assert.deepEqual(pool.json(), { added: 1 });

    const hitBody = JSON.stringify({ identity: '17000000001', said: '喂，要贷款吗' });
    const unsigned = await app.inject({
      method: 'POST',
      url: '/api/v1/canary-hits',
      headers: { 'content-type': 'application/json' },
      payload: hitBody,
    });
    assert.equal(unsigned.statusCode, 401);
    const forged = await app.inject({
      method: 'POST',
      url: '/api/v1/canary-hits',
      headers: { ...signedHeaders(hitBody), 'x-piguard-signature': `sha256=${'0'.repeat(64)}` },
      payload: hitBody,
    });
    assert.equal(forged.statusCode, 401);
    const stale = await app.inject({
      method: 'POST',
      url: '/api/v1/canary-hits',
      headers: signedHeaders(hitBody, new Date(NOW.getTime() - 3_600_000)),
      payload: hitBody,
    });
    assert.equal(stale.statusCode, 401);
    const hit = await app.inject({
      method: 'POST',
      url: '/api/v1/canary-hits',
      headers: signedHeaders(hitBody),
      payload: hitBody,
    });
    assert.equal(hit.statusCode, 200, hit.body);
    assert.equal(hit.json().evidence, 'bare');
    const hits = await app.inject({
      method: 'GET',
      url: '/api/v1/canary-hits',
      headers: investigator,
    });
    assert.equal(hits.json().hits.length, 1);

    // Complaints: 20 from one agent's book.
    const rnd = seededRandomInt(SEED);
    const agent = org.staff
      .map((s, i) => ({ s, i }))
      .filter(({ s }) => s.role === 'agent')
      .sort((a, b) => org.accessed[b.i]!.size - org.accessed[a.i]!.size)[0]!;
    const complaints = sample([...org.accessed[agent.i]!], 20, rnd).map((c) => ({
      ts: dayTs(205),
      phone: org.customers[c]!.phone,
      kind: 'unsolicited_call',
    }));
    const body = JSON.stringify(complaints);
    const anonymous = await app.inject({
      method: 'POST',
      url: '/api/v1/complaints',
      headers: { 'content-type': 'application/json' },
      payload: body,
    });
    assert.equal(anonymous.statusCode, 401);
    const noRight = await app.inject({
      method: 'POST',
      url: '/api/v1/complaints',
      headers: { 'content-type': 'application/json', 'x-test-rights': 'read' },
      payload: body,
    });
    assert.equal(noRight.statusCode, 403);
    const badBody = JSON.stringify([complaints[0], { ts: dayTs(205), kind: 'sms' }]);
    const bad = await app.inject({
      method: 'POST',
      url: '/api/v1/complaints',
      headers: signedHeaders(badBody),
      payload: badBody,
    });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.json().message, /^body:2: a complaint needs "customer" or "phone"/);
    assert.equal((await d.db.selectFrom('complaints').select('complaint_id').execute()).length, 0);
    const byToken = await app.inject({
      method: 'POST',
      url: '/api/v1/complaints',
      headers: { 'content-type': 'application/json', 'x-test-rights': 'complaints:write' },
      payload: JSON.stringify(complaints.slice(0, 10)),
    });
    assert.equal(byToken.statusCode, 200, byToken.body);
    const signedRest = JSON.stringify({ complaints: complaints.slice(10) });
    const byWebhook = await app.inject({
      method: 'POST',
      url: '/api/v1/complaints',
      headers: signedHeaders(signedRest),
      payload: signedRest,
    });
    assert.equal(byWebhook.statusCode, 200, byWebhook.body);
    assert.equal(byWebhook.json().resolved, 10);
    const listed = await app.inject({
      method: 'GET',
      url: '/api/v1/complaints',
      headers: investigator,
    });
    assert.equal(listed.json().complaints.length, 20);
    const traced = await app.inject({
      method: 'POST',
      url: '/api/v1/complaints/trace',
      headers: { ...investigator, 'content-type': 'application/json' },
      payload: JSON.stringify({ since: dayTs(200) }),
    });
    assert.equal(traced.statusCode, 200, traced.body);
    assert.equal(traced.json().suspects[0].actor, agent.s.id);

    // A leaked file uploaded as the body.
    const leaked = sample([...org.accessed[agent.i]!], 60, rnd).map((c) => ({
      name: org.customers[c]!.name,
      phone: org.customers[c]!.phone,
    }));
    const upload = await app.inject({
      method: 'POST',
      url: `/api/v1/traces?name=leak.csv&seen_at=${encodeURIComponent(dayTs(200))}`,
      headers: { ...investigator, 'content-type': 'text/csv' },
      payload: toCsv(['name', 'phone'], leaked),
    });
    assert.equal(upload.statusCode, 200, upload.body);
    const report = upload.json();
    assert.equal(report.matched, 60);
    assert.equal(report.suspects[0].actor, agent.s.id);
    const stored = await app.inject({
      method: 'GET',
      url: `/api/v1/traces/${report.trace_id}`,
      headers: investigator,
    });
    assert.deepEqual(stored.json(), report);
    const missing = await app.inject({
      method: 'GET',
      url: '/api/v1/traces/Tnope',
      headers: investigator,
    });
    assert.equal(missing.statusCode, 404);
  });
});
