/**
 * The cases HTTP routes on both engines, mounted on a bare Fastify with a stand-in for the app's
 * authentication hook (principal from a test header; the route's declared right enforced).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { verifyEvidence } from '../../src/cases/evidence-verify.ts';
import { isRight, type Right } from '../../src/core/rights.ts';
import { handleError } from '../../src/server/error-handler.ts';
import type { AppContext } from '../../src/server/route-context.ts';
import { caseRoutes } from '../../src/server/routes/case-routes.ts';
import { describeEachEngine } from '../helpers/databases.ts';
import {
  access,
  openCaseFixture,
  recordAccesses,
  type CaseFixture,
} from './fixtures/case-fixture.ts';

async function buildApp(
  f: CaseFixture,
): Promise<{ app: FastifyInstance; routes: Array<{ url: string; right?: string }> }> {
  const ctx: AppContext = {
    database: f.database,
    log: f.log,
    keys: { source: 'test', getMasterKey: async () => f.masterKey },
    policyPath: join(f.database.tempDir, 'policy.yaml'),
    now: () => new Date(),
  };
  const app = Fastify();
  const routes: Array<{ url: string; right?: string }> = [];
  app.addHook('onRoute', (r) => {
    routes.push({
      url: `${String(r.method)} ${r.url}`,
      right: (r.config as { right?: string } | undefined)?.right,
    });
  });
  app.decorateRequest('principal', null);
  app.addHook('onRequest', async (request, reply) => {
    const id = request.headers['x-test-principal'];
    const rights = String(request.headers['x-test-rights'] ?? '')
      .split(',')
      .filter(isRight) as Right[];
    request.principal =
      typeof id === 'string' ? { id, kind: 'person', staffId: null, rights } : null;
    const needed = request.routeOptions.config.right;
    if (needed && !rights.includes(needed)) {
      await reply.code(403).send({ statusCode: 403, error: 'Forbidden', message: 'no right' });
    }
  });
  app.setErrorHandler(handleError);
  await app.register(caseRoutes, {
    prefix: '/api/v1',
    ctx,
    checkpointsFile: join(f.database.tempDir, 'piguard.checkpoints'),
  });
  await app.ready();
  return { app, routes };
}

const inv = { 'x-test-principal': 'inv1', 'x-test-rights': 'investigate' };

describeEachEngine('cases HTTP routes', (engine) => {
  test('lifecycle, evidence download, report, notification; rights and errors', async (t) => {
    const f = await openCaseFixture(engine, t);
    await recordAccesses(f, [access('S0042', ['C1', 'C2'], { fields: ['name', 'phone'] })]);
    const { app, routes } = await buildApp(f);
    t.after(() => app.close());

    for (const r of routes.filter((x) => !x.url.startsWith('HEAD'))) {
      assert.equal(r.right, 'investigate', `${r.url} needs investigate`);
    }

    const opened = await app.inject({
      method: 'POST',
      url: '/api/v1/cases',
      headers: inv,
      payload: { suspect: 'S0042', title: '<b>drip</b>' },
    });
    assert.equal(opened.statusCode, 201, opened.body);
    assert.equal(opened.json<{ case_id: string }>().case_id, 'CASE-1');

    const items = await app.inject({
      method: 'POST',
      url: '/api/v1/cases/CASE-1/items',
      headers: inv,
      payload: {
        items: [
          {
            kind: 'alert',
            ref: 'A1',
            snapshot: {
              actor: 'S0042',
              day: '2026-03-01',
              score: 5,
              kind: 'cusum',
              reasons: ['<img src=x>'],
              customers: 2,
            },
          },
          {
            kind: 'complaint',
            ref: 'K1',
            snapshot: {
              ts: '2026-03-02T00:00:00Z',
              phone: '13812345678',
              kind: 'unsolicited_call',
            },
          },
        ],
      },
    });
    assert.equal(items.statusCode, 201, items.body);
    assert.equal(items.json<{ items: unknown[] }>().items.length, 2);
    const note = await app.inject({
      method: 'POST',
      url: '/api/v1/cases/CASE-1/notes',
      headers: inv,
      payload: { text: 'n1' },
    });
    assert.equal(note.statusCode, 201);
    const st = await app.inject({
      method: 'POST',
      url: '/api/v1/cases/CASE-1/status',
      headers: inv,
      payload: { status: 'investigating' },
    });
    assert.equal(st.statusCode, 200);
    assert.equal(st.json<{ status: string }>().status, 'investigating');
    const as = await app.inject({
      method: 'POST',
      url: '/api/v1/cases/CASE-1/assignee',
      headers: inv,
      payload: { assignee: 'inv2' },
    });
    assert.equal(as.json<{ assignee: string }>().assignee, 'inv2');

    const detail = await app.inject({ url: '/api/v1/cases/CASE-1', headers: inv });
    const d = detail.json<{
      items: Array<{ snapshot: Record<string, unknown> }>;
      history: Array<{ actor: string }>;
    }>();
    assert.equal(d.items[1]!.snapshot['phone'], '138****5678');
    assert.deepEqual([...new Set(d.history.map((h) => h.actor))], ['inv1']);
    const list = await app.inject({ url: '/api/v1/cases?status=investigating', headers: inv });
    assert.equal(list.json<{ cases: unknown[] }>().cases.length, 1);

    const ev = await app.inject({ url: '/api/v1/cases/CASE-1/evidence', headers: inv });
    assert.equal(ev.statusCode, 200, ev.body);
    assert.match(String(ev.headers['content-disposition']), /CASE-1\.evidence\.json/);
    const report = verifyEvidence(ev.body, { key: f.verifierKey });
    assert.ok(report.ok, JSON.stringify(report.checks.filter((c) => !c.ok)));

    const html = await app.inject({ url: '/api/v1/cases/CASE-1/report?lang=zh-CN', headers: inv });
    assert.equal(html.statusCode, 200);
    assert.match(String(html.headers['content-type']), /text\/html/);
    assert.ok(html.body.includes('&lt;b&gt;drip&lt;/b&gt;'));
    assert.ok(!html.body.includes('<img src=x>'));
    const n = await app.inject({
      url: '/api/v1/cases/CASE-1/notification?format=json&contact=dpo',
      headers: inv,
    });
    assert.equal(n.json<{ people: number; contact: string }>().people, 2);

    // Errors: unknown case 404, bad move 409, bad body 400, no right 403.
    assert.equal((await app.inject({ url: '/api/v1/cases/CASE-9', headers: inv })).statusCode, 404);
    const move = await app.inject({
      method: 'POST',
      url: '/api/v1/cases/CASE-1/status',
      headers: inv,
      payload: { status: 'open' },
    });
    assert.equal(move.statusCode, 409);
    const badBody = await app.inject({
      method: 'POST',
      url: '/api/v1/cases',
      headers: inv,
      payload: { suspect: 'S1' },
    });
    assert.equal(badBody.statusCode, 400);
    const denied = await app.inject({
      url: '/api/v1/cases',
      headers: { 'x-test-principal': 'clerk', 'x-test-rights': 'read' },
    });
    assert.equal(denied.statusCode, 403);
  });

  test('GET /cases is paged by the server: disjoint pages, total, pageSize capped', async (t) => {
    const f = await openCaseFixture(engine, t);
    const { app } = await buildApp(f);
    t.after(() => app.close());
    for (let i = 1; i <= 7; i++) {
      const r = await app.inject({
        method: 'POST',
        url: '/api/v1/cases',
        headers: inv,
        payload: { suspect: i % 2 === 0 ? 'S0002' : 'S0001', title: `case ${i}` },
      });
      assert.equal(r.statusCode, 201, r.body);
    }
    type Listed = {
      cases: Array<{ case_id: string }>;
      total: number;
      page: number;
      pageSize: number;
    };
    const get = async (q: string) => {
      const r = await app.inject({ url: `/api/v1/cases${q}`, headers: inv });
      return { status: r.statusCode, body: r.json<Listed>() };
    };

    const pages: string[][] = [];
    for (const page of [1, 2, 3]) {
      const r = await get(`?page=${page}&pageSize=3`);
      assert.equal(r.status, 200);
      assert.deepEqual([r.body.total, r.body.page, r.body.pageSize], [7, page, 3]);
      pages.push(r.body.cases.map((c) => c.case_id));
    }
    assert.deepEqual(
      pages.map((p) => p.length),
      [3, 3, 1],
    );
    assert.equal(new Set(pages.flat()).size, 7, 'pages overlap');
    // The pages walk the same order as the whole list (newest first).
    const whole = await get('?pageSize=500');
    assert.deepEqual(
      whole.body.cases.map((c) => c.case_id),
      pages.flat(),
    );
    assert.deepEqual(
      whole.body.cases.map((c) => c.case_id),
      (await f.store.list()).map((c) => c.caseId),
    );
    const defaults = await get('');
    assert.deepEqual([defaults.body.total, defaults.body.page, defaults.body.pageSize], [7, 1, 50]);
    assert.equal(defaults.body.cases.length, 7);
    assert.deepEqual((await get('?page=9&pageSize=3')).body.cases, []);

    // Filters narrow the total as well as the rows.
    const s2 = await get('?suspect=S0002&pageSize=2');
    assert.equal(s2.body.total, 3);
    assert.equal(s2.body.cases.length, 2);

    for (const bad of ['pageSize=501', 'pageSize=0', 'page=0', 'page=x']) {
      assert.equal((await get(`?${bad}`)).status, 400, bad);
    }
  });
});
