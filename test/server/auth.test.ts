import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachEngine } from '../helpers/databases.ts';
import { bearer, openServerFixture } from './server-fixture.ts';

describeEachEngine('server auth', (engine) => {
  test('login sets a hardened session cookie; me, logout; the cookie dies with logout', async (t) => {
    const f = await openServerFixture(engine, t);
    await f.app.piguard.principals.add(
      { id: 'alice', kind: 'person', staffId: 'S001', rights: ['investigate'] },
      'correct horse battery',
    );
    const login = await f.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { 'x-piguard-csrf': '1' },
      payload: { username: 'alice', password: 'correct horse battery' },
    });
    assert.equal(login.statusCode, 200);
    assert.deepEqual(login.json(), {
      id: 'alice',
      kind: 'person',
      staffId: 'S001',
      rights: ['investigate'],
    });
    const setCookie = String(login.headers['set-cookie']);
    assert.match(setCookie, /^piguard_session=[A-Za-z0-9_-]{43};/);
    assert.match(setCookie, /HttpOnly/);
    assert.match(setCookie, /SameSite=Strict/);
    assert.match(setCookie, /Path=\//);
    assert.match(setCookie, /Max-Age=28800/);
    assert.doesNotMatch(setCookie, /Secure/);
    const cookie = setCookie.split(';')[0]!;
    // Only the hash of the secret is stored.
    const rows = await f.database.db.selectFrom('sessions').selectAll().execute();
    assert.equal(rows.length, 1);
    assert.equal(rows[0]!.session_hash.length, 32);
    assert.ok(!setCookie.includes(rows[0]!.session_hash.toString('base64url')));

    const me = await f.inject({ url: '/api/v1/auth/me', headers: { cookie } });
    assert.equal(me.statusCode, 200);
    assert.equal(me.json().id, 'alice');

    const noCsrf = await f.inject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      headers: { cookie },
    });
    assert.equal(noCsrf.statusCode, 403);
    const logout = await f.inject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      headers: { cookie, 'x-piguard-csrf': '1' },
    });
    assert.equal(logout.statusCode, 204);
    assert.match(String(logout.headers['set-cookie']), /piguard_session=;/);
    assert.equal((await f.inject({ url: '/api/v1/auth/me', headers: { cookie } })).statusCode, 401);
  });

  test('Secure cookie behind TLS', async (t) => {
    const f = await openServerFixture(engine, t, { secureCookies: true });
    const cookie = await f.sessionFor('bob', []);
    assert.ok(cookie.startsWith('piguard_session='));
    await f.app.piguard.principals.add(
      { id: 'carol', kind: 'person', rights: [] },
      'carol password 1',
    );
    const login = await f.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { 'x-piguard-csrf': '1' },
      payload: { username: 'carol', password: 'carol password 1' },
    });
    assert.match(String(login.headers['set-cookie']), /; Secure/);
  });

  test('wrong password, unknown user, system principal: 401 with the same message', async (t) => {
    const f = await openServerFixture(engine, t);
    await f.app.piguard.principals.add(
      { id: 'alice', kind: 'person', rights: [] },
      'correct horse battery',
    );
    await f.tokenFor('system1', []);
    const bodies = new Set<string>();
    for (const [username, password] of [
      ['alice', 'wrong password!'],
      ['nobody', 'whatever pass'],
      ['system1', 'whatever pass'],
    ] as const) {
      const res = await f.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        headers: { 'x-piguard-csrf': '1' },
        payload: { username, password },
      });
      assert.equal(res.statusCode, 401);
      assert.equal(res.headers['set-cookie'], undefined);
      bodies.add(res.body);
    }
    assert.equal(bodies.size, 1);
  });

  test('login needs the CSRF header', async (t) => {
    const f = await openServerFixture(engine, t);
    await f.app.piguard.principals.add(
      { id: 'alice', kind: 'person', rights: [] },
      'correct horse battery',
    );
    const res = await f.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'alice', password: 'correct horse battery' },
    });
    assert.equal(res.statusCode, 403);
    assert.equal(res.json().reason, 'csrf');
  });

  test('login brute force: after 5 failures the pair is refused with 429 even with the right password', async (t) => {
    const f = await openServerFixture(engine, t);
    await f.app.piguard.principals.add(
      { id: 'alice', kind: 'person', rights: [] },
      'correct horse battery',
    );
    const attempt = (password: string, ip = '10.0.0.1') =>
      f.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        remoteAddress: ip,
        headers: { 'x-piguard-csrf': '1' },
        payload: { username: 'alice', password },
      });
    for (let i = 0; i < 5; i++) assert.equal((await attempt('wrong password!')).statusCode, 401);
    const locked = await attempt('correct horse battery');
    assert.equal(locked.statusCode, 429);
    assert.ok(Number(locked.headers['retry-after']) > 0);
    // Another address is not locked out by this one.
    assert.equal((await attempt('correct horse battery', '10.0.0.2')).statusCode, 200);
    // The window passes.
    f.clock.now = new Date(f.clock.now.getTime() + 16 * 60 * 1000);
    assert.equal((await attempt('correct horse battery')).statusCode, 200);
  });

  test('sessions expire', async (t) => {
    const f = await openServerFixture(engine, t, { sessionTtlMs: 60_000 });
    const cookie = await f.sessionFor('alice', []);
    assert.equal((await f.inject({ url: '/api/v1/auth/me', headers: { cookie } })).statusCode, 200);
    f.clock.now = new Date(f.clock.now.getTime() + 61_000);
    assert.equal((await f.inject({ url: '/api/v1/auth/me', headers: { cookie } })).statusCode, 401);
    assert.equal(await f.app.piguard.sessions.purgeExpired(), 1);
  });

  test('bearer tokens: scopes ∩ principal rights; revoked and malformed tokens are 401', async (t) => {
    const f = await openServerFixture(engine, t);
    const services = f.app.piguard;
    await services.principals.add({
      id: 'core',
      kind: 'system',
      rights: ['audit:read', 'events:write'],
    });
    const narrow = (await services.tokens.create('core', 'narrow', ['events:write'])).token;
    const wide = (await services.tokens.create('core', 'wide', ['audit:read', 'admin'])).token;
    const me = await f.inject({ url: '/api/v1/auth/me', headers: bearer(narrow) });
    assert.deepEqual(me.json().rights, ['events:write']);
    // A scope the principal lacks is not granted by the token.
    assert.deepEqual(
      (await f.inject({ url: '/api/v1/auth/me', headers: bearer(wide) })).json().rights,
      ['audit:read'],
    );
    assert.equal(
      (await f.inject({ url: '/api/v1/audit/checkpoint', headers: bearer(narrow) })).statusCode,
      403,
    );
    assert.equal(
      (await f.inject({ url: '/api/v1/audit/checkpoint', headers: bearer(wide) })).statusCode,
      200,
    );
    // Bearer requests need no CSRF header (no cookie, nothing a browser adds by itself).
    const verify = await f.inject({
      method: 'POST',
      url: '/api/v1/audit/verify',
      headers: bearer(wide),
    });
    assert.equal(verify.statusCode, 200);
    const [record] = (await services.tokens.list()).filter((r) => r.name === 'wide');
    await services.tokens.revoke(record!.tokenId);
    assert.equal(
      (await f.inject({ url: '/api/v1/auth/me', headers: bearer(wide) })).statusCode,
      401,
    );
    assert.equal(
      (await f.inject({ url: '/api/v1/auth/me', headers: { authorization: 'Bearer nope' } }))
        .statusCode,
      401,
    );
    assert.equal(
      (await f.inject({ url: '/api/v1/auth/me', headers: { authorization: 'Basic abc' } }))
        .statusCode,
      401,
    );
    // Disabling the principal kills its tokens.
    await services.principals.update('core', { disabled: true });
    assert.equal(
      (await f.inject({ url: '/api/v1/auth/me', headers: bearer(narrow) })).statusCode,
      401,
    );
  });

  test('cookie-authenticated state-changing requests need x-piguard-csrf: 1', async (t) => {
    const f = await openServerFixture(engine, t);
    const cookie = await f.sessionFor('auditor', ['audit:read']);
    const without = await f.inject({
      method: 'POST',
      url: '/api/v1/audit/verify',
      headers: { cookie },
    });
    assert.equal(without.statusCode, 403);
    assert.equal(without.json().reason, 'csrf');
    const wrong = await f.inject({
      method: 'POST',
      url: '/api/v1/audit/verify',
      headers: { cookie, 'x-piguard-csrf': 'yes' },
    });
    assert.equal(wrong.statusCode, 403);
    const ok = await f.inject({
      method: 'POST',
      url: '/api/v1/audit/verify',
      headers: { cookie, 'x-piguard-csrf': '1' },
    });
    assert.equal(ok.statusCode, 200);
    assert.equal(ok.json().ok, true);
  });
});
