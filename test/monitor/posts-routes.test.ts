import { test } from 'node:test';
import assert from 'node:assert/strict';
import Fastify from 'fastify';
import { MAX_POSTS_PER_REQUEST, postsRoutes } from '../../src/server/routes/posts-routes.ts';

async function app() {
  const a = Fastify();
  await a.register(postsRoutes, { prefix: '/api/v1' });
  return a;
}

test('POST /api/v1/posts/classify returns one record per post in order', async () => {
  const a = await app();
  const res = await a.inject({
    method: 'POST',
    url: '/api/v1/posts/classify',
    payload: {
      posts: [
        { id: 1, text: '长期出车主资料，精准实时，加V：car_demo01' },
        { id: 'n', text: '平安车险新车主专享优惠，客服热线95511' },
      ],
    },
  });
  assert.equal(res.statusCode, 200);
  const body = res.json<{ results: Array<Record<string, unknown>>; report?: unknown }>();
  assert.deepEqual(
    body.results.map((r) => [r['id'], r['label']]),
    [
      ['1', 'pi_trade'],
      ['n', 'other'],
    ],
  );
  assert.deepEqual(Object.keys(body.results[0]!).slice(0, 5), [
    'id',
    'label',
    'score',
    'contacts',
    'pii_types',
  ]);
  assert.equal(body.report, undefined);
  await a.close();
});

test('report: true adds the takedown report', async () => {
  const a = await app();
  const res = await a.inject({
    method: 'POST',
    url: '/api/v1/posts/classify',
    payload: { report: true, posts: [{ id: 'a', text: '出股民数据，一手，Q：100012345' }] },
  });
  assert.equal(res.statusCode, 200);
  const body = res.json<{
    report: { posts_flagged: number; by_contact: Array<{ contact: string }> };
  }>();
  assert.equal(body.report.posts_flagged, 1);
  assert.equal(body.report.by_contact[0]!.contact, 'qq:100012345');
  await a.close();
});

test('malformed bodies are rejected with 400', async () => {
  const a = await app();
  for (const payload of [
    {},
    { posts: [{ id: 'a' }] },
    { posts: [{ id: 'a', text: { nested: true } }] },
    { posts: Array.from({ length: MAX_POSTS_PER_REQUEST + 1 }, (_, i) => ({ id: i, text: 'x' })) },
  ]) {
    const res = await a.inject({ method: 'POST', url: '/api/v1/posts/classify', payload });
    assert.equal(res.statusCode, 400, JSON.stringify(payload).slice(0, 60));
  }
  await a.close();
});
