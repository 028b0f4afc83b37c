import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachEngine } from '../helpers/databases.ts';
import { bearer, openServerFixture } from './server-fixture.ts';

/** OpenAPI path of a Fastify route pattern. */
function openApiPath(url: string): string {
  return url.replace(/:([A-Za-z_]+)/g, '{$1}');
}

describeEachEngine('server app', (engine) => {
  test('OpenAPI at /api/docs (and /api/docs/json) lists every route with its schema', async (t) => {
    const f = await openServerFixture(engine, t);
    const res = await f.inject({ url: '/api/docs' });
    assert.equal(res.statusCode, 200);
    assert.match(String(res.headers['content-type']), /application\/json/);
    const doc = res.json() as { openapi: string; paths: Record<string, Record<string, unknown>> };
    assert.match(doc.openapi, /^3\./);
    assert.deepEqual((await f.inject({ url: '/api/docs/json' })).json(), doc);
    const documented = f.app.routeRegistry.routes.filter(
      (r) => r.method !== 'HEAD' && r.url.startsWith('/api/v1/'),
    );
    assert.ok(documented.length >= 25);
    for (const route of documented) {
      const path = doc.paths[openApiPath(route.url)];
      assert.ok(path, `${route.url} missing from OpenAPI`);
      const op = path[route.method.toLowerCase()] as
        { responses?: Record<string, unknown> } | undefined;
      assert.ok(op, `${route.method} ${route.url} missing from OpenAPI`);
      assert.ok(route.hasSchema, `${route.method} ${route.url} has no schema`);
      assert.ok(op.responses && Object.keys(op.responses).length > 0, `${route.url}: no responses`);
    }
    assert.ok(doc.paths['/api/v1/customers/{id}']);
    assert.ok(doc.paths['/api/v1/subject/access-history']);
  });

  test('security headers on every answer (CSP for a same-origin SPA, nosniff, frame denial)', async (t) => {
    const f = await openServerFixture(engine, t);
    for (const url of ['/api/docs', '/api/v1/auth/me', '/api/v1/nowhere', '/']) {
      const res = await f.inject({ url });
      const csp = String(res.headers['content-security-policy']);
      assert.match(csp, /default-src 'self'/, url);
      assert.match(csp, /script-src 'self'(;|$)/, url);
      assert.match(csp, /frame-ancestors 'none'/, url);
      assert.match(csp, /object-src 'none'/, url);
      assert.equal(res.headers['x-content-type-options'], 'nosniff', url);
      assert.equal(res.headers['x-frame-options'], 'SAMEORIGIN', url);
      assert.equal(res.headers['referrer-policy'], 'no-referrer', url);
      assert.equal(res.headers['cross-origin-resource-policy'], 'same-origin', url);
      assert.equal(res.headers['access-control-allow-origin'], undefined, url);
    }
    assert.equal((await f.inject({ url: '/api/v1/nowhere' })).statusCode, 404);
  });

  test('the global rate limit answers 429 with retry-after', async (t) => {
    const f = await openServerFixture(engine, t, { rateLimit: { max: 5, timeWindowMs: 60_000 } });
    const codes: number[] = [];
    for (let i = 0; i < 7; i++) codes.push((await f.inject({ url: '/api/docs' })).statusCode);
    assert.deepEqual(codes, [200, 200, 200, 200, 200, 429, 429]);
    const res = await f.inject({ url: '/api/v1/auth/me' });
    assert.equal(res.statusCode, 429);
    assert.equal(res.json().statusCode, 429);
    assert.ok(Number(res.headers['retry-after']) > 0);
    // Per client address: another address is not limited.
    assert.equal((await f.inject({ url: '/api/docs', remoteAddress: '10.9.9.9' })).statusCode, 200);
  });

  test('errors: schema violations are 400 naming the path, never the value; unknown routes 404', async (t) => {
    const f = await openServerFixture(engine, t);
    const token = await f.tokenFor('admin1', ['admin']);
    const res = await f.inject({
      method: 'POST',
      url: '/api/v1/principals',
      headers: bearer(token),
      payload: { id: 'x', kind: 'robot', rights: [] },
    });
    assert.equal(res.statusCode, 400);
    assert.match(res.json().message, /^body\/kind must be equal to one of the allowed values/);
    assert.doesNotMatch(res.body, /robot/);
    const badJson = await f.inject({
      method: 'POST',
      url: '/api/v1/principals',
      headers: { ...bearer(token), 'content-type': 'application/json' },
      payload: '{"id": "13812345678", oops',
    });
    assert.equal(badJson.statusCode, 400);
    assert.doesNotMatch(badJson.body, /13812345678/);
    const dup = await f.inject({
      method: 'POST',
      url: '/api/v1/principals',
      headers: bearer(token),
      payload: { id: 'admin1', kind: 'system', rights: [] },
    });
    assert.equal(dup.statusCode, 409);
    const missing = await f.inject({
      method: 'PATCH',
      url: '/api/v1/principals/ghost',
      headers: bearer(token),
      payload: { rights: [] },
    });
    assert.equal(missing.statusCode, 404);
  });

  test('principals and tokens over the API (admin), audited', async (t) => {
    const f = await openServerFixture(engine, t);
    const token = await f.tokenFor('root', ['admin']);
    const before = await f.log.size();
    const created = await f.inject({
      method: 'POST',
      url: '/api/v1/principals',
      headers: bearer(token),
      payload: {
        id: 'dora',
        kind: 'person',
        staff_id: 'S9',
        rights: ['read'],
        password: 'dora password 1',
      },
    });
    assert.equal(created.statusCode, 201);
    assert.equal(created.json().hasPassword, true);
    assert.doesNotMatch(created.body, /argon2|dora password/);
    const tok = await f.inject({
      method: 'POST',
      url: '/api/v1/tokens',
      headers: bearer(token),
      payload: { principal_id: 'dora', name: 'dora script', scopes: ['read'] },
    });
    assert.equal(tok.statusCode, 201);
    const secret = tok.json().token as string;
    assert.match(secret, /^pgt_/);
    assert.equal(
      (await f.inject({ url: '/api/v1/auth/me', headers: bearer(secret) })).json().staffId,
      'S9',
    );
    const list = await f.inject({ url: '/api/v1/tokens', headers: bearer(token) });
    assert.ok(!list.body.includes(secret));
    const revoke = await f.inject({
      method: 'DELETE',
      url: `/api/v1/tokens/${tok.json().record.tokenId}`,
      headers: bearer(token),
    });
    assert.equal(revoke.statusCode, 200);
    assert.equal(
      (await f.inject({ url: '/api/v1/auth/me', headers: bearer(secret) })).statusCode,
      401,
    );
    const patched = await f.inject({
      method: 'PATCH',
      url: '/api/v1/principals/dora',
      headers: bearer(token),
      payload: { disabled: true },
    });
    assert.ok(patched.json().disabledAt);
    const actions: string[] = [];
    for (let i = before; i < (await f.log.size()); i++) {
      actions.push(JSON.parse((await f.log.entry(i)).toString('utf8')).action as string);
    }
    assert.deepEqual(actions, [
      'principal_add',
      'token_create',
      'token_revoke',
      'principal_update',
    ]);
  });

  test('audit routes: checkpoint, entry, tlog-proof, verify', async (t) => {
    const f = await openServerFixture(engine, t);
    const token = await f.tokenFor('auditor', ['audit:read']);
    const none = await f.inject({ url: '/api/v1/audit/checkpoint', headers: bearer(token) });
    assert.equal(none.json().checkpoint, null);
    await f.log.append([
      { type: 'test', n: 1 },
      { type: 'test', n: 2 },
    ]);
    const { note } = await f.log.signCheckpoint(f.signer);
    const cp = (await f.inject({ url: '/api/v1/audit/checkpoint', headers: bearer(token) })).json();
    assert.equal(cp.checkpoint.note, note);
    assert.equal(cp.checkpoint.size, 2);
    const entry = await f.inject({ url: '/api/v1/audit/entries/1', headers: bearer(token) });
    assert.deepEqual(entry.json(), { type: 'test', n: 2 });
    const proof = await f.inject({ url: '/api/v1/audit/entries/1/proof', headers: bearer(token) });
    assert.equal(proof.statusCode, 200);
    assert.match(proof.body, /^c2sp\.org\/tlog-proof@v1\n/);
    const { verifyTlogProof } = await import('../../src/audit/tlog-proof.ts');
    verifyTlogProof(proof.body, cp.verifier_key, { entry: await f.log.entry(1) });
    assert.equal(
      (await f.inject({ url: '/api/v1/audit/entries/99', headers: bearer(token) })).statusCode,
      404,
    );
    const verify = await f.inject({
      method: 'POST',
      url: '/api/v1/audit/verify',
      headers: bearer(token),
    });
    assert.equal(verify.json().ok, true);
    assert.equal(verify.json().checkpoints_checked, 1);
    // Public tiles under /log/.
    assert.equal((await f.inject({ url: '/log/checkpoint' })).body, note);
  });
});
