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
import { recordCanaryHit } from '../../src/trace/canary-hits.ts';
import { AuditLog } from '../../src/audit/audit-log.ts';
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

  test('the lists are paged by the server: disjoint pages, total, pageSize capped', async (t) => {
    const d = await engine.open(t);
    const app = Fastify();
    app.decorateRequest('principal', null);
    app.addHook('onRequest', async (request) => {
      request.principal = { id: 'tester', kind: 'system', staffId: null, rights: ['investigate'] };
    });
    app.setErrorHandler(handleError);
    await app.register(traceRoutes, {
      prefix: '/api/v1',
      ctx: {
        database: d,
        log: new AuditLog(d),
        keys: { source: 'test', getMasterKey: async () => Buffer.alloc(32) },
        policyPath: '',
        now: () => NOW,
      },
    });
    t.after(() => app.close());

    // 7 live trap phones (two added at the same instant, so the tie-break is exercised) and
    // one retired, which the pool does not list.
    const added = (i: number) => new Date(NOW.getTime() - Math.min(i, 5) * 60_000).toISOString();
    await d.db
      .insertInto('canary_pool')
      .values(
        Array.from({ length: 8 }, (_, i) => ({
          identity: `1700000010${i}`,
          kind: 'phone',
          added_at: added(i),
          added_by: null,
          retired_at: i === 7 ? NOW.toISOString() : null,
        })),
      )
      .execute();
    // 7 hits, the last two at the same time.
    for (let i = 0; i < 7; i++) {
      await recordCanaryHit(
        d.db,
        {
          identity: `1700000010${i % 3}`,
          at: new Date(NOW.getTime() - Math.min(i, 5) * 3_600_000).toISOString(),
          source: 'cli',
        },
        NOW,
      );
    }
    // 7 complaints, two with the same time; one before `since`.
    await d.db
      .insertInto('complaints')
      .values(
        Array.from({ length: 7 }, (_, i) => ({
          complaint_id: `K${i}`,
          ts: dayTs(200 + Math.min(i, 5)),
          customer_id: null,
          phone_digest: null,
          kind: 'unsolicited_call',
          caller: null,
          text_sha256: null,
          source: 'test',
          recorded_at: NOW.toISOString(),
        })),
      )
      .execute();

    const get = async (url: string) => {
      const r = await app.inject({ method: 'GET', url: `/api/v1${url}` });
      return { status: r.statusCode, body: r.json<Record<string, unknown>>() };
    };
    const lists = [
      { path: '/canaries/pool', key: 'pool', id: 'identity', total: 7 },
      { path: '/canary-hits', key: 'hits', id: 'hit_id', total: 7 },
      { path: '/complaints', key: 'complaints', id: 'complaint_id', total: 7 },
    ];
    for (const { path, key, id, total } of lists) {
      const pages = [];
      for (const page of [1, 2, 3]) {
        const r = await get(`${path}?page=${page}&pageSize=3`);
        assert.equal(r.status, 200, `${path} ${JSON.stringify(r.body)}`);
        assert.equal(r.body['total'], total, path);
        assert.equal(r.body['page'], page, path);
        assert.equal(r.body['pageSize'], 3, path);
        pages.push((r.body[key] as Array<Record<string, string>>).map((x) => x[id]!));
      }
      assert.deepEqual(
        pages.map((p) => p.length),
        [3, 3, 1],
        path,
      );
      const ids = pages.flat();
      assert.equal(new Set(ids).size, total, `${path}: pages overlap`);
      // Paging walks the same order as one big page.
      const whole = await get(`${path}?pageSize=500`);
      assert.deepEqual(
        (whole.body[key] as Array<Record<string, string>>).map((x) => x[id]),
        ids,
        path,
      );
      const defaults = await get(path);
      assert.equal(defaults.body['page'], 1, path);
      assert.equal(defaults.body['pageSize'], 50, path);
      // Past the end: an empty page, the total still right.
      const past = await get(`${path}?page=4&pageSize=3`);
      assert.deepEqual([past.body[key], past.body['total']], [[], total], path);
      for (const bad of ['pageSize=501', 'pageSize=0', 'page=0', 'page=x']) {
        assert.equal((await get(`${path}?${bad}`)).status, 400, `${path}?${bad}`);
      }
    }
    // Newest first.
    const complaints = await get('/complaints?pageSize=2');
    assert.deepEqual(
      (complaints.body['complaints'] as Array<{ complaint_id: string }>).map((c) => c.complaint_id),
      ['K6', 'K5'],
    );
    const pool = await get('/canaries/pool?pageSize=1');
    assert.deepEqual(pool.body['pool'], [
      { identity: '17000000100', kind: 'phone', added_at: added(0) },
    ]);
    // `since` narrows the total too.
    const since = await get(`/complaints?since=${encodeURIComponent(dayTs(203))}&pageSize=2`);
    assert.equal(since.body['total'], 4);
  });
});
