import { test } from 'node:test';
import assert from 'node:assert/strict';
import Fastify from 'fastify';
import type { AppContext } from '../../src/server/route-context.ts';
import { handleError } from '../../src/server/error-handler.ts';
import { watchRoutes } from '../../src/server/routes/watch-routes.ts';
import { saveAlerts } from '../../src/watch/alert-store.ts';
import type { WatchAlert } from '../../src/watch/watch-types.ts';
import { describeEachEngine, type TestDatabase } from '../helpers/databases.ts';
import { importWatchEvents, loadOrg, openLog } from './fixtures/db-org.ts';
import { ordinaryDay, rng, smallOrg, workdays } from './fixtures/small-org.ts';

function alert(actor: string, day: string, score: number): WatchAlert {
  return {
    actor,
    day,
    score,
    kind: 'slow_drip',
    reasons: [`read ${score * 100} distinct customers`],
    customers: score * 100,
    since: day,
    kinds: ['slow_drip'],
    final: true,
  };
}

async function app(d: TestDatabase) {
  const ctx = { database: d, now: () => new Date('2025-06-01T00:00:00Z') } as unknown as AppContext;
  const a = Fastify();
  a.setErrorHandler(handleError);
  await a.register(watchRoutes, { prefix: '/api/v1', ctx });
  return a;
}

describeEachEngine('watch routes', (engine) => {
  test('GET /alerts pages and filters; GET /alerts/:id; status; 404; 400', async (t) => {
    const d = await engine.open(t);
    await saveAlerts(d.db, [
      alert('S1', '2025-03-01', 2),
      alert('S2', '2025-03-02', 3),
      alert('S1', '2025-03-03', 1.5),
    ]);
    const a = await app(d);
    t.after(() => a.close());
    let res = await a.inject({ url: '/api/v1/alerts?page=1&pageSize=2' });
    assert.equal(res.statusCode, 200);
    const page = res.json<{ items: Array<Record<string, unknown>>; total: number }>();
    assert.equal(page.total, 3);
    assert.deepEqual(
      page.items.map((i) => i['day']),
      ['2025-03-03', '2025-03-02'],
    );
    assert.equal(page.items[0]!['status'], 'open');
    res = await a.inject({ url: '/api/v1/alerts?actor=S1&since=2025-03-02' });
    assert.equal(res.json<{ total: number }>().total, 1);
    const id = page.items[0]!['id'] as string;
    res = await a.inject({ url: `/api/v1/alerts/${id}` });
    assert.equal(res.statusCode, 200);
    assert.equal(res.json<{ actor: string }>().actor, 'S1');
    res = await a.inject({
      method: 'POST',
      url: `/api/v1/alerts/${id}/status`,
      payload: { status: 'escalated' },
    });
    assert.equal(res.statusCode, 200);
    assert.equal(res.json<{ status: string }>().status, 'escalated');
    res = await a.inject({ url: '/api/v1/alerts/al_ffffffffffffffff' });
    assert.equal(res.statusCode, 404);
    for (const q of ['since=yesterday', 'pageSize=0', 'kind=nope']) {
      res = await a.inject({ url: `/api/v1/alerts?${q}` });
      assert.equal(res.statusCode, 400, q);
    }
  });

  test('GET /actors/:id/activity; webhooks configuration', async (t) => {
    const d = await engine.open(t);
    const org = smallOrg();
    await loadOrg(d.db, org);
    const log = await openLog(d);
    t.after(() => log.close());
    const r = rng(2);
    const days = workdays(org.start, 5);
    await importWatchEvents(
      d,
      log,
      days.flatMap((day) => ordinaryDay(org, day, r)),
    );
    const a = await app(d);
    t.after(() => a.close());
    let res = await a.inject({ url: `/api/v1/actors/Q01/activity?days=7&until=${days[4]}` });
    assert.equal(res.statusCode, 200);
    const act = res.json<{
      days: string[];
      values: number[];
      peerMedian: number[];
      peers: number;
    }>();
    assert.equal(act.days.length, 7);
    assert.equal(act.peers, 7);
    assert.ok(act.values[6]! > 20 && act.peerMedian[6]! > 20);
    res = await a.inject({ url: '/api/v1/actors/NOBODY/activity' });
    assert.equal(res.statusCode, 404);

    res = await a.inject({
      method: 'POST',
      url: '/api/v1/alert-webhooks',
      payload: {
        kind: 'wecom',
        url: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=SECRETKEY',
      },
    });
    assert.equal(res.statusCode, 201);
    const hookId = res.json<{ id: string }>().id;
    res = await a.inject({ url: '/api/v1/alert-webhooks' });
    assert.equal(res.statusCode, 200);
    assert.ok(!res.body.includes('SECRETKEY'));
    assert.equal(res.json<{ items: unknown[] }>().items.length, 1);
    res = await a.inject({
      method: 'POST',
      url: '/api/v1/alert-webhooks',
      payload: { kind: 'sms', url: 'https://x' },
    });
    assert.equal(res.statusCode, 400);
    res = await a.inject({ method: 'DELETE', url: `/api/v1/alert-webhooks/${hookId}` });
    assert.equal(res.statusCode, 204);
    res = await a.inject({ method: 'DELETE', url: `/api/v1/alert-webhooks/${hookId}` });
    assert.equal(res.statusCode, 404);
  });

  test('every route declares its right', async (t) => {
    const d = await engine.open(t);
    const a = Fastify();
    const seen: Array<[string, unknown]> = [];
    a.addHook('onRoute', (r) => {
      seen.push([
        `${String(r.method)} ${r.url}`,
        (r.config as { right?: string } | undefined)?.right,
      ]);
    });
    await a.register(watchRoutes, {
      prefix: '/api/v1',
      ctx: { database: d } as unknown as AppContext,
    });
    await a.ready();
    const rights = Object.fromEntries(seen.filter(([k]) => !k.startsWith('HEAD')));
    assert.deepEqual(rights, {
      'GET /api/v1/alerts': 'investigate',
      'GET /api/v1/alerts/:id': 'investigate',
      'POST /api/v1/alerts/:id/status': 'investigate',
      'GET /api/v1/actors/:id/activity': 'investigate',
      'GET /api/v1/alert-webhooks': 'investigate',
      'POST /api/v1/alert-webhooks': 'admin',
      'DELETE /api/v1/alert-webhooks/:id': 'admin',
    });
    await a.close();
  });
});
