/**
 * webStaticPlugin on a temporary web root: content types, cache headers, ETag revalidation, the
 * SPA fallback, reserved prefixes, traversal and dotfiles, and the not-built answer.
 */
import { mkdtempSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import Fastify, { type FastifyInstance } from 'fastify';
import { contentTypeFor, resolveInside, webStaticPlugin } from '../../src/server/web-static.ts';

const INDEX = '<!doctype html><title>piguard</title><div id="root"></div>';

describe('webStaticPlugin', () => {
  let dir: string;
  let app: FastifyInstance;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'piguard-web-'));
    const root = join(dir, 'dist');
    mkdirSync(join(root, 'assets'), { recursive: true });
    writeFileSync(join(root, 'index.html'), INDEX);
    writeFileSync(join(root, 'assets', 'index-abc123.js'), 'console.log(1)');
    writeFileSync(join(root, 'assets', 'index-abc123.css'), 'body{}');
    writeFileSync(join(root, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    writeFileSync(join(root, '.source-hash'), 'deadbeef');
    writeFileSync(join(dir, 'secret.txt'), 'outside the root');
    symlinkSync(join(dir, 'secret.txt'), join(root, 'link.txt'));
    app = Fastify();
    app.get('/api/v1/ping', async () => ({ ok: true }));
    await app.register(webStaticPlugin, { root });
    await app.ready();
  });
  after(async () => {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('serves index.html at / with no-cache and an ETag', async () => {
    const res = await app.inject({ url: '/', headers: { accept: 'text/html' } });
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['content-type'], 'text/html; charset=utf-8');
    assert.equal(res.headers['cache-control'], 'no-cache');
    assert.match(String(res.headers.etag), /^"[\w-]+"$/);
    assert.equal(res.body, INDEX);
  });

  test('answers 304 when the ETag matches', async () => {
    const first = await app.inject({ url: '/' });
    const again = await app.inject({
      url: '/',
      headers: { 'if-none-match': String(first.headers.etag) },
    });
    assert.equal(again.statusCode, 304);
    assert.equal(again.body, '');
  });

  test('hashed assets are immutable and typed', async () => {
    const js = await app.inject({ url: '/assets/index-abc123.js' });
    assert.equal(js.statusCode, 200);
    assert.equal(js.headers['content-type'], 'text/javascript; charset=utf-8');
    assert.equal(js.headers['cache-control'], 'public, max-age=31536000, immutable');
    const css = await app.inject({ url: '/assets/index-abc123.css' });
    assert.equal(css.headers['content-type'], 'text/css; charset=utf-8');
    const svg = await app.inject({ url: '/favicon.svg' });
    assert.equal(svg.headers['content-type'], 'image/svg+xml');
    assert.equal(svg.headers['cache-control'], 'no-cache');
  });

  test('client routes fall back to index.html', async () => {
    for (const url of ['/alerts/12', '/cases', '/trace/3?x=1']) {
      const res = await app.inject({ url, headers: { accept: 'text/html,application/xhtml+xml' } });
      assert.equal(res.statusCode, 200, url);
      assert.equal(res.body, INDEX, url);
    }
  });

  test('a missing asset is a 404, never index.html', async () => {
    const res = await app.inject({ url: '/assets/index-old999.js', headers: { accept: '*/*' } });
    assert.equal(res.statusCode, 404);
  });

  test('API and log paths are never answered by the dashboard', async () => {
    assert.equal((await app.inject({ url: '/api/v1/ping' })).json().ok, true);
    for (const url of ['/api/v1/nope', '/api', '/log/nope']) {
      const res = await app.inject({ url, headers: { accept: 'text/html' } });
      assert.equal(res.statusCode, 404, url);
      assert.notEqual(res.body, INDEX, url);
    }
  });

  test('traversal, dotfiles and symlinks out of the root are refused', async () => {
    for (const url of ['/../secret.txt', '/%2e%2e/secret.txt', '/.source-hash', '/link.txt']) {
      const res = await app.inject({ url, headers: { accept: 'application/json' } });
      assert.equal(res.statusCode, 404, url);
      assert.doesNotMatch(res.body, /outside the root|deadbeef/, url);
    }
  });

  test('HEAD works like GET without a body', async () => {
    const res = await app.inject({ method: 'HEAD', url: '/assets/index-abc123.js' });
    assert.equal(res.statusCode, 200);
    assert.equal(res.body, '');
  });

  test('answers 503 with the build command when the dashboard is not built', async () => {
    const empty = Fastify();
    await empty.register(webStaticPlugin, { root: join(dir, 'missing') });
    const res = await empty.inject({ url: '/', headers: { accept: 'text/html' } });
    assert.equal(res.statusCode, 503);
    assert.match(res.body, /npm run build:web/);
    await empty.close();
  });
});

test('contentTypeFor and resolveInside', () => {
  assert.equal(contentTypeFor('a.WOFF2'), 'font/woff2');
  assert.equal(contentTypeFor('a.unknown'), 'application/octet-stream');
  assert.equal(resolveInside('/srv/web', '/assets/a.js'), '/srv/web/assets/a.js');
  assert.equal(resolveInside('/srv/web', '/../etc/passwd'), null);
  assert.equal(resolveInside('/srv/web', '/a%00b'), null);
  assert.equal(resolveInside('/srv/web', '/%E0%A4%A'), null);
  assert.equal(resolveInside('/srv/web', '/.git/config'), null);
});
