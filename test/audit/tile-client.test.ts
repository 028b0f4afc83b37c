import { test } from 'node:test';
import assert from 'node:assert/strict';
import Fastify from 'fastify';
import { parseCheckpoint } from '../../src/audit/checkpoint.ts';
import { consistencyProof, inclusionProof, rootAt } from '../../src/audit/merkle-proofs.ts';
import { MemoryTree } from '../../src/audit/memory-tree.ts';
import { generateSignerKey } from '../../src/audit/note-keys.ts';
import {
  ProofError,
  verifyConsistency,
  verifyInclusion,
} from '../../src/audit/proof-verification.ts';
import { hashLeaf } from '../../src/audit/rfc6962.ts';
import { openNote, verifierFromKey } from '../../src/audit/signed-note.ts';
import {
  TileNodeSource,
  fetchVerifiedCheckpoint,
  type TileFetch,
} from '../../src/audit/tile-client.ts';
import {
  TILE_WIDTH,
  decodeEntryBundle,
  entriesPath,
  parseTilePath,
  readTile,
} from '../../src/audit/tiles.ts';
import { logRoutes } from '../../src/server/routes/log-routes.ts';
import { describeEachEngine } from '../helpers/databases.ts';
import { event, openLogFixture } from './fixtures/audit-log-fixture.ts';

/** A tree of `size` synthetic leaves, built once (70,000 takes a fraction of a second). */
function memoryTree(size: number): MemoryTree {
  const tree = new MemoryTree();
  for (let i = 0; i < size; i++) tree.append(hashLeaf(Buffer.from(`entry ${i}`)));
  return tree;
}

/** Serves tiles of `tree` the way a log would (any width the tree has), recording each path. */
function tileServer(tree: MemoryTree): { fetch: TileFetch; paths: string[] } {
  const paths: string[] = [];
  const fetch: TileFetch = async (path) => {
    paths.push(path);
    const { level, index, width, entries } = parseTilePath(path);
    assert.equal(entries, false);
    return readTile(level, index, width ?? TILE_WIDTH, tree);
  };
  return { fetch, paths };
}

const BIG = memoryTree(70_000);

test('every node of trees up to 70,000 leaves is computed from tiles alone', async () => {
  // 70,000: 273 full level-0 tiles + partial 112, a full level-1 tile + partial 17, level-2 width 1.
  for (const size of [1, 2, 255, 256, 257, 511, 600, 65_535, 65_536, 70_000]) {
    const { fetch } = tileServer(BIG);
    const tiles = new TileNodeSource(size, fetch);
    assert.deepEqual(await rootAt(size, tiles), await rootAt(size, BIG), `root at ${size}`);
    const ids = [];
    for (let level = 0; 2 ** level <= size; level++) {
      const count = Math.floor(size / 2 ** level);
      for (const index of new Set([0, count >> 1, count - 1])) ids.push({ level, index });
    }
    assert.deepEqual(await tiles.getNodes(ids), await BIG.getNodes(ids), `nodes at ${size}`);
  }
});

test('proofs from tiles equal proofs from the full tree and verify against its roots', async () => {
  const { fetch, paths } = tileServer(BIG);
  const size = 70_000;
  const tiles = new TileNodeSource(size, fetch);
  const root = BIG.root();
  for (const index of [0, 255, 256, 65_535, 65_536, 69_887, 69_999]) {
    const proof = await inclusionProof(index, size, tiles);
    assert.deepEqual(proof, await inclusionProof(index, size, BIG));
    verifyInclusion(BIG.getNode({ level: 0, index }), index, size, proof, root);
  }
  for (const old of [1, 256, 600, 65_536, 69_999]) {
    const proof = await consistencyProof(old, size, tiles);
    assert.deepEqual(proof, await consistencyProof(old, size, BIG));
    verifyConsistency(old, size, proof, await rootAt(old, BIG), root);
  }
  assert.equal(new Set(paths).size, paths.length, 'each tile is fetched once');
  assert.ok(paths.every((p) => /^tile\/[012]\//.test(p)));
  assert.ok(paths.includes('tile/0/273.p/112') && paths.includes('tile/2/000.p/1'));
});

test('a tampered or truncated tile is caught', async () => {
  const size = 600;
  const { fetch } = tileServer(BIG);
  const root = await rootAt(size, BIG);
  const flipped: TileFetch = async (path) => {
    const body = Buffer.from(await fetch(path));
    if (path === 'tile/0/002.p/88') body.writeUInt8(body.readUInt8(5 * 32) ^ 1, 5 * 32); // leaf 517
    return body;
  };
  const leaf = BIG.getNode({ level: 0, index: 3 });
  const proof = await inclusionProof(3, size, new TileNodeSource(size, flipped));
  assert.throws(() => verifyInclusion(leaf, 3, size, proof, root), ProofError);

  const short: TileFetch = async (path) => (await fetch(path)).subarray(32);
  await assert.rejects(inclusionProof(3, size, new TileNodeSource(size, short)), /bytes, expected/);
  await assert.rejects(
    new TileNodeSource(size, fetch).getNodes([{ level: 0, index: 600 }]),
    RangeError,
  );
});

describeEachEngine('tile client against the log routes', (engine) => {
  test('checkpoint, tiles and bundles served by piguard prove inclusion and consistency', async (t) => {
    const { log, signer, verifierKey } = await openLogFixture(engine, t);
    const append = (from: number, to: number) =>
      log.append(Array.from({ length: to - from }, (_, i) => event(from + i)));
    await append(0, 300);
    const older = parseCheckpoint(
      openNote((await log.signCheckpoint(signer)).note, [verifierFromKey(verifierKey)]).text,
    );
    await append(300, 700);
    await log.signCheckpoint(signer);
    await append(700, 720); // not yet signed

    const app = Fastify();
    await app.register(logRoutes, { prefix: '/log', log });
    t.after(() => app.close());
    const fetch: TileFetch = async (path) => {
      const res = await app.inject(`/log/${path}`);
      if (res.statusCode !== 200) throw new Error(`${path}: HTTP ${res.statusCode}`);
      return res.rawPayload;
    };

    const cp = await fetchVerifiedCheckpoint(fetch, verifierKey);
    assert.equal(cp.size, 700);
    const tiles = new TileNodeSource(cp.size, fetch);
    assert.deepEqual(await rootAt(cp.size, tiles), cp.rootHash);

    for (const index of [0, 255, 256, 511, 512, 699]) {
      const bundleIndex = Math.floor(index / TILE_WIDTH);
      const width = Math.min(TILE_WIDTH, cp.size - bundleIndex * TILE_WIDTH);
      const entries = decodeEntryBundle(await fetch(entriesPath(bundleIndex, width)));
      const entry = entries[index % TILE_WIDTH]!;
      assert.equal(JSON.parse(entry.toString('utf8')).customers[0], `C${1000 + index}`);
      const proof = await inclusionProof(index, cp.size, tiles);
      verifyInclusion(hashLeaf(entry), index, cp.size, proof, cp.rootHash);
    }
    const proof = await consistencyProof(older.size, cp.size, tiles);
    verifyConsistency(older.size, cp.size, proof, older.rootHash, cp.rootHash);

    // The unsigned entries 700..719 are not reachable, and another log's key is refused.
    await assert.rejects(fetch('tile/0/002.p/189'), /HTTP 404/);
    const stranger = generateSignerKey(cp.origin).verifierKey;
    await assert.rejects(fetchVerifiedCheckpoint(fetch, stranger));
  });
});
