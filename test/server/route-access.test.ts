/**
 * Table-driven over the app's real route table: every route that needs a right answers 403 to a
 * principal holding every OTHER right, and that refusal adds exactly one audit entry naming the
 * route; every non-public route answers 401 without credentials. A route added without a
 * declaration makes the app refuse to start (tested below), and a new route is covered here
 * automatically.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RIGHTS } from '../../src/core/rights.ts';
import { describeEachEngine } from '../helpers/databases.ts';
import { bearer, openServerFixture } from './server-fixture.ts';

/** A concrete URL for a route pattern. */
function sampleUrl(pattern: string): string {
  return pattern
    .replace(/:idx\b/g, '0')
    .replace(/:[A-Za-z_]+/g, 'X1')
    .replace(/\*$/, '0/000');
}

describeEachEngine('route access', (engine) => {
  test('every right-protected route: 403 + one api_denied audit entry for a principal without the right; 401 without credentials', async (t) => {
    const f = await openServerFixture(engine, t, { rateLimit: false });
    const routes = f.app.routeRegistry.routes;
    assert.ok(routes.length >= 30, `expected the full route table, got ${routes.length}`);
    const protectedRoutes = routes.filter((r) => 'right' in r.access);
    assert.ok(protectedRoutes.length >= 20);
    const tokens = new Map<string, string>();
    for (const right of RIGHTS) {
      tokens.set(
        right,
        await f.tokenFor(
          `all-but-${right.replace(':', '-')}`,
          RIGHTS.filter((r) => r !== right),
        ),
      );
    }
    for (const route of protectedRoutes) {
      const right = (route.access as { right: (typeof RIGHTS)[number] }).right;
      const url = sampleUrl(route.url);
      const label = `${route.method} ${route.url}`;
      const method = route.method as 'GET' | 'HEAD';

      const anonymous = await f.inject({ method, url });
      assert.equal(anonymous.statusCode, 401, `${label} without credentials`);

      const before = await f.log.size();
      const res = await f.inject({ method, url, headers: bearer(tokens.get(right)!) });
      assert.equal(res.statusCode, 403, `${label} without ${right}: ${res.body}`);
      if (method !== 'HEAD') assert.equal(res.json().reason, 'no-right', label);
      assert.equal(await f.log.size(), before + 1, `${label}: one audit entry`);
      const entry = JSON.parse((await f.log.entry(before)).toString('utf8')) as Record<
        string,
        unknown
      >;
      assert.equal(entry['type'], 'api_denied');
      assert.equal(entry['route'], route.url);
      assert.equal(entry['method'], route.method);
      assert.equal(entry['right'], right);
      assert.equal(entry['principal'], `all-but-${right.replace(':', '-')}`);
      assert.match(String(entry['ts']), /^\d{4}-\d\d-\d\dT/);
    }
    for (const route of routes.filter((r) => 'authenticated' in r.access)) {
      const res = await f.inject({ method: route.method as 'GET', url: sampleUrl(route.url) });
      assert.equal(res.statusCode, 401, `${route.method} ${route.url} without credentials`);
    }
  });

  test('a route that declares no access rule is refused when registered: the app does not start', async (t) => {
    const f = await openServerFixture(engine, t);
    // The fixture's app is ready (no more routes); a fresh build shows the check at registration.
    const { buildApp } = await import('../../src/server/app.ts');
    const app = await buildApp(f.ctx);
    t.after(() => app.close());
    assert.throws(
      () => app.get('/forgotten', async () => 'oops'),
      /routes without config\.right, config\.authenticated or config\.public: GET \/forgotten/,
    );
    app.get('/declared', { config: { public: true } }, async () => 'ok');
  });

  test('a session without the right is refused and audited the same way', async (t) => {
    const f = await openServerFixture(engine, t);
    const cookie = await f.sessionFor('clerk', ['read']);
    const before = await f.log.size();
    const res = await f.inject({
      method: 'POST',
      url: '/api/v1/audit/verify',
      headers: { cookie, 'x-piguard-csrf': '1' },
    });
    assert.equal(res.statusCode, 403);
    assert.equal(await f.log.size(), before + 1);
    const entry = JSON.parse((await f.log.entry(before)).toString('utf8')) as Record<
      string,
      unknown
    >;
    assert.deepEqual(
      { ...entry, ts: undefined },
      {
        type: 'api_denied',
        principal: 'clerk',
        route: '/api/v1/audit/verify',
        method: 'POST',
        right: 'audit:read',
        ts: undefined,
      },
    );
  });
});
