import { test } from 'node:test';
import assert from 'node:assert/strict';
import Fastify, { type FastifyInstance } from 'fastify';
import { encodeEntry, type AuditLog } from '../../src/audit/audit-log.ts';
import {
  readTile,
  decodeEntryBundle,
  entriesPath,
  tilePath,
  tilesForSize,
} from '../../src/audit/tiles.ts';
import {
  CHECKPOINT_CACHE_CONTROL,
  TILE_CACHE_CONTROL,
  logRoutes,
} from '../../src/server/routes/log-routes.ts';
import { describeEachEngine } from '../helpers/databases.ts';
import { event, openLogFixture } from '../audit/fixtures/audit-log-fixture.ts';

async function serve(log: AuditLog): Promise<FastifyInstance> {
  const app = Fastify();
  await app.register(logRoutes, { prefix: '/log', log });
  await app.ready();
  return app;
}

async function appendEvents(log: AuditLog, from: number, to: number): Promise<void> {
  const events = [];
  for (let n = from; n < to; n++) events.push(event(n));
  await log.append(events);
}

describeEachEngine('log routes (tlog-tiles)', (engine) => {
  test('serves nothing before the first checkpoint', async (t) => {
    const { log } = await openLogFixture(engine, t);
    await appendEvents(log, 0, 10);
    const app = await serve(log);
    t.after(() => app.close());
    assert.equal((await app.inject('/log/checkpoint')).statusCode, 404);
    assert.equal((await app.inject('/log/tile/0/000.p/1')).statusCode, 404);
    assert.equal((await app.inject('/log/tile/entries/000.p/1')).statusCode, 404);
  });

  test('serves the latest signed checkpoint, its tiles and entry bundles, and nothing beyond', async (t) => {
    const { log, signer } = await openLogFixture(engine, t);
    const SIZE = 600; // 2 full level-0 tiles, a partial of 88, a partial level-1 tile of 2
    await appendEvents(log, 0, 300);
    await log.signCheckpoint(signer);
    await appendEvents(log, 300, SIZE);
    const { note } = await log.signCheckpoint(signer);
    await appendEvents(log, SIZE, SIZE + 50); // unsigned: must stay invisible
    const app = await serve(log);
    t.after(() => app.close());

    const cp = await app.inject('/log/checkpoint');
    assert.equal(cp.statusCode, 200);
    assert.equal(cp.headers['content-type'], 'text/plain; charset=utf-8');
    assert.equal(cp.headers['cache-control'], CHECKPOINT_CACHE_CONTROL);
    assert.equal(cp.body, note);
    assert.match(cp.body.split('\n')[1]!, /^600$/);

    const source = log.nodeSource();
    const tiles = tilesForSize(SIZE);
    assert.deepEqual(
      tiles.map((x) => tilePath(x.level, x.index, x.width)),
      ['tile/0/000', 'tile/0/001', 'tile/0/002.p/88', 'tile/1/000.p/2'],
    );
    for (const { level, index, width } of tiles) {
      const res = await app.inject(`/log/${tilePath(level, index, width)}`);
      assert.equal(res.statusCode, 200, tilePath(level, index, width));
      assert.equal(res.headers['content-type'], 'application/octet-stream');
      assert.equal(res.headers['cache-control'], TILE_CACHE_CONTROL);
      // Independent path: the proof code's node source, one hash per node id.
      assert.deepEqual(res.rawPayload, await readTile(level, index, width, source));
    }
    // A smaller partial tile is a prefix of the current one and is still served.
    const prefix = await app.inject('/log/tile/0/002.p/40');
    assert.equal(prefix.statusCode, 200);
    assert.deepEqual(prefix.rawPayload, await readTile(0, 2, 40, source));

    for (const { index, width } of tiles.filter((x) => x.level === 0)) {
      const res = await app.inject(`/log/${entriesPath(index, width)}`);
      assert.equal(res.statusCode, 200);
      assert.equal(res.headers['content-type'], 'application/octet-stream');
      const entries = decodeEntryBundle(res.rawPayload);
      assert.equal(entries.length, width);
      entries.forEach((e, i) => assert.deepEqual(e, encodeEntry(event(index * 256 + i))));
    }

    // Entries 600..649 exist in the database but no signed checkpoint covers them.
    for (const path of [
      'tile/0/002.p/89',
      'tile/0/002',
      'tile/0/003.p/1',
      'tile/entries/002.p/89',
      'tile/entries/002',
      'tile/1/000.p/3',
      'tile/1/000',
      'tile/2/000.p/1',
      'tile/63/000.p/1',
    ]) {
      assert.equal((await app.inject(`/log/${path}`)).statusCode, 404, path);
    }
    for (const path of [
      'tile/0/2',
      'tile/0/0002',
      'tile/0/x000/002',
      'tile/0/002.p/0',
      'tile/0/002.p/256',
      'tile/0/002.p/088',
      'tile/64/000',
      'tile/01/000',
      'tile/x/000',
      'tile/0/',
      'tile/entries/002.p/',
    ]) {
      assert.equal((await app.inject(`/log/${path}`)).statusCode, 400, path);
    }
  });

  test('a new checkpoint makes the appended entries visible', async (t) => {
    const { log, signer } = await openLogFixture(engine, t);
    await appendEvents(log, 0, 5);
    await log.signCheckpoint(signer);
    await appendEvents(log, 5, 7);
    const app = await serve(log);
    t.after(() => app.close());
    assert.equal((await app.inject('/log/tile/0/000.p/6')).statusCode, 404);
    await log.signCheckpoint(signer);
    const res = await app.inject('/log/tile/0/000.p/7');
    assert.equal(res.statusCode, 200);
    assert.equal(res.rawPayload.length, 7 * 32);
  });
});

describeEachEngine('log routes at 70,000 entries', (engine) => {
  // The spec's worked example: full and partial tiles at levels 0 and 1, and a level-2 tile.
  // Runs on both engines (CI skips nothing): a few seconds on SQLite, about twice that on PostgreSQL.
  test('serves the level-1 and level-2 tiles', async (t) => {
    const { log, signer } = await openLogFixture(engine, t);
    await appendEvents(log, 0, 70_000);
    await log.signCheckpoint(signer);
    const app = await serve(log);
    t.after(() => app.close());
    const source = log.nodeSource();
    const upper = tilesForSize(70_000).filter((x) => x.level > 0 || x.index >= 272);
    assert.deepEqual(
      upper.map((x) => tilePath(x.level, x.index, x.width)),
      ['tile/0/272', 'tile/0/273.p/112', 'tile/1/000', 'tile/1/001.p/17', 'tile/2/000.p/1'],
    );
    for (const { level, index, width } of upper) {
      const res = await app.inject(`/log/${tilePath(level, index, width)}`);
      assert.equal(res.statusCode, 200);
      assert.deepEqual(res.rawPayload, await readTile(level, index, width, source));
    }
    const bundle = await app.inject('/log/tile/entries/273.p/112');
    assert.deepEqual(decodeEntryBundle(bundle.rawPayload).at(-1), encodeEntry(event(69_999)));
    assert.equal((await app.inject('/log/tile/2/000.p/2')).statusCode, 404);
    assert.equal((await app.inject('/log/tile/1/001.p/18')).statusCode, 404);
  });
});
