/**
 * The access-timeline routes on both engines: an actor's events newest first with their customer
 * ids (capped per event, count complete), a customer's accessors, pagination and totals.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import Fastify from 'fastify';
import { CUSTOMER_IDS_PER_EVENT, timelineRoutes } from '../../src/server/routes/timeline-routes.ts';
import type { AppContext } from '../../src/server/route-context.ts';
import { describeEachEngine } from '../helpers/databases.ts';

describeEachEngine('timeline routes', (engine) => {
  test('actor events and customer access, newest first, paginated', async (t) => {
    const d = await engine.open(t);
    const events = [
      { idx: 0, ts: '2025-03-01T09:00:00+08:00', actor: 'S1', action: 'view', ids: ['C1'] },
      { idx: 1, ts: '2025-03-02T09:00:00+08:00', actor: 'S2', action: 'view', ids: ['C1', 'C2'] },
      {
        idx: 2,
        ts: '2025-03-03T22:00:00+08:00',
        actor: 'S1',
        action: 'export',
        ids: Array.from({ length: 25 }, (_, i) => `C${String(i + 1).padStart(3, '0')}`),
      },
      { idx: 3, ts: '2025-03-04T09:00:00+08:00', actor: 'S1', action: 'search', ids: ['C1'] },
    ];
    for (const e of events) {
      await d.db
        .insertInto('access_events')
        .values({
          audit_idx: e.idx,
          ts: e.ts,
          actor: e.actor,
          action: e.action,
          purpose: 'claims',
          source: 'crm',
          role: 'claims',
          branch: '上海分公司',
          outcome: null,
          decision: 'allow',
          customers: e.ids.length,
          export_id: null,
        })
        .execute();
      await d.db
        .insertInto('access_event_customers')
        .values(
          e.ids.map((c) => ({
            audit_idx: e.idx,
            customer_id: c,
            actor: e.actor,
            ts: e.ts,
            action: e.action,
          })),
        )
        .execute();
    }
    const app = Fastify();
    app.decorateRequest('principal', null);
    await app.register(timelineRoutes, {
      prefix: '/api/v1',
      ctx: { database: d } as unknown as AppContext,
    });
    t.after(() => app.close());

    const first = await app.inject({ url: '/api/v1/actors/S1/events?page=1&pageSize=2' });
    assert.equal(first.statusCode, 200, first.body);
    const body = first.json() as {
      total: number;
      items: Array<{
        audit_idx: number;
        action: string;
        customers: number;
        customer_ids: string[];
      }>;
    };
    assert.equal(body.total, 3);
    assert.deepEqual(
      body.items.map((i) => [i.audit_idx, i.action]),
      [
        [3, 'search'],
        [2, 'export'],
      ],
    );
    assert.equal(body.items[1]?.customers, 25);
    assert.equal(body.items[1]?.customer_ids.length, CUSTOMER_IDS_PER_EVENT);
    const second = (
      await app.inject({ url: '/api/v1/actors/S1/events?page=2&pageSize=2' })
    ).json() as {
      items: Array<{ audit_idx: number; customer_ids: string[] }>;
    };
    assert.deepEqual(
      second.items.map((i) => [i.audit_idx, i.customer_ids]),
      [[0, ['C1']]],
    );

    const c1 = (await app.inject({ url: '/api/v1/customers/C1/access' })).json() as {
      total: number;
      items: Array<{ audit_idx: number; actor: string; role: string; purpose: string }>;
    };
    assert.equal(c1.total, 3);
    assert.deepEqual(
      c1.items.map((i) => [i.audit_idx, i.actor]),
      [
        [3, 'S1'],
        [1, 'S2'],
        [0, 'S1'],
      ],
    );
    assert.equal(c1.items[0]?.role, 'claims');
    assert.equal(c1.items[0]?.purpose, 'claims');

    const none = (await app.inject({ url: '/api/v1/customers/C999/access' })).json() as {
      total: number;
      items: unknown[];
    };
    assert.deepEqual(none, { total: 0, items: [] });
    const bad = await app.inject({ url: '/api/v1/actors/S1/events?pageSize=100000' });
    assert.equal(bad.statusCode, 400);
  });
});
