import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MemoryTree } from '../../src/audit/memory-tree.ts';
import { rootAt } from '../../src/audit/merkle-proofs.ts';
import { hashChildren, hashLeaf } from '../../src/audit/rfc6962.ts';
import {
  TileError,
  decodeEntryBundle,
  encodeEntryBundle,
  entriesPath,
  parseTilePath,
  readTile,
  tilePath,
  tileWidthAt,
  tilesForSize,
} from '../../src/audit/tiles.ts';

test('path encoding follows the spec examples', () => {
  assert.equal(tilePath(0, 1234067), 'tile/0/x001/x234/067');
  assert.equal(tilePath(0, 1234067, 5), 'tile/0/x001/x234/067.p/5');
  assert.equal(tilePath(1, 5), 'tile/1/005');
  assert.equal(tilePath(2, 0, 1), 'tile/2/000.p/1');
  assert.equal(tilePath(0, 1000), 'tile/0/x001/000');
  assert.equal(tilePath(0, 999, 256), 'tile/0/999', 'width 256 is a full tile');
  assert.equal(entriesPath(273, 112), 'tile/entries/273.p/112');
  assert.equal(entriesPath(1234067), 'tile/entries/x001/x234/067');
  assert.throws(() => tilePath(64, 0), TileError);
  assert.throws(() => tilePath(0, -1), TileError);
  assert.throws(() => tilePath(0, 0, 0), TileError);
  assert.throws(() => tilePath(0, 0, 257), TileError);
});

test('parseTilePath inverts tilePath and rejects non-canonical spellings', () => {
  assert.deepEqual(parseTilePath('tile/0/x001/x234/067.p/5'), {
    level: 0,
    index: 1234067,
    width: 5,
    entries: false,
  });
  assert.deepEqual(parseTilePath('tile/entries/005'), { level: 0, index: 5, entries: true });
  for (const [level, index, width] of [
    [0, 0, undefined],
    [3, 999_999_999, 255],
    [63, 2 ** 40, 1],
  ] as const) {
    const parsed = parseTilePath(tilePath(level, index, width));
    assert.deepEqual([parsed.level, parsed.index, parsed.width], [level, index, width]);
  }
  for (const bad of [
    'tile/0/5',
    'tile/0/0005',
    'tile/0/x000/005',
    'tile/0/001/234',
    'tile/0/x001/234.p/0',
    'tile/0/005.p/256',
    'tile/0/005.p/05',
    'tile/64/005',
    'tile/01/005',
    'tile/0/005/',
    '/tile/0/005',
    'tile/entries/005.p/',
  ]) {
    assert.throws(() => parseTilePath(bad), TileError, bad);
  }
});

test('a 70,000-leaf tree has the tiles the spec lists', () => {
  const tiles = tilesForSize(70_000);
  const at = (level: number): { index: number; width: number }[] =>
    tiles.filter((t) => t.level === level);
  assert.equal(at(0).filter((t) => t.width === 256).length, 273);
  assert.deepEqual(at(0).at(-1), { level: 0, index: 273, width: 112 });
  assert.deepEqual(at(1), [
    { level: 1, index: 0, width: 256 },
    { level: 1, index: 1, width: 17 },
  ]);
  assert.deepEqual(at(2), [{ level: 2, index: 0, width: 1 }]);
  assert.equal(at(3).length, 0);
  assert.equal(tileWidthAt(0, 274, 70_000), 0, 'tiles beyond the tree do not exist');
});

test('tile contents for a 70,000-leaf tree', async () => {
  const tree = new MemoryTree();
  const leaves: Buffer[] = [];
  for (let i = 0; i < 70_000; i++) {
    const leaf = hashLeaf(Buffer.from(`entry ${i}`));
    leaves.push(leaf);
    tree.append(leaf);
  }
  // Level 0: the leaf hashes themselves.
  const full = await readTile(0, 10, 256, tree);
  assert.equal(full.length, 8192);
  assert.deepEqual(full, Buffer.concat(leaves.slice(2560, 2816)));
  const partial = await readTile(0, 273, 112, tree);
  assert.deepEqual(partial, Buffer.concat(leaves.slice(273 * 256, 70_000)));
  // Level 1 entry i is MTH of leaves [i*256, (i+1)*256): the root of the 256-leaf tree there.
  const level1 = await readTile(1, 1, 17, tree);
  assert.equal(level1.length, 17 * 32);
  const sub = new MemoryTree();
  for (const leaf of leaves.slice(256 * 256 + 3 * 256, 256 * 256 + 4 * 256)) sub.append(leaf);
  assert.deepEqual(level1.subarray(3 * 32, 4 * 32), sub.root());
  // Level 2 entry 0 is the root of the first 65,536 leaves.
  assert.deepEqual(await readTile(2, 0, 1, tree), await rootAt(65_536, tree));
  // A tile the tree has not filled yet cannot be read.
  await assert.rejects(readTile(0, 273, 256, tree), RangeError);
  // Spot check one level-1 hash by hand from level-0 tile contents.
  const tile0 = await readTile(0, 0, 256, tree);
  let layer = Array.from({ length: 256 }, (_, i) => tile0.subarray(i * 32, i * 32 + 32));
  while (layer.length > 1) {
    layer = Array.from({ length: layer.length / 2 }, (_, i) =>
      hashChildren(layer[2 * i]!, layer[2 * i + 1]!),
    );
  }
  assert.deepEqual((await readTile(1, 0, 256, tree)).subarray(0, 32), layer[0]);
});

test('entry bundles are uint16 big-endian length-prefixed entries', () => {
  const entries = [Buffer.from(''), Buffer.from('ab'), Buffer.alloc(300, 7)];
  const bundle = encodeEntryBundle(entries);
  assert.deepEqual(bundle.subarray(0, 6), Buffer.from([0, 0, 0, 2, 0x61, 0x62]));
  assert.deepEqual(bundle.subarray(6, 8), Buffer.from([0x01, 0x2c]));
  assert.equal(bundle.length, 2 + 4 + 302);
  assert.deepEqual(decodeEntryBundle(bundle), entries);
  assert.deepEqual(decodeEntryBundle(encodeEntryBundle([Buffer.alloc(65_535)]))[0]!.length, 65_535);
  assert.throws(() => encodeEntryBundle([Buffer.alloc(65_536)]), TileError);
  assert.throws(() => decodeEntryBundle(bundle.subarray(0, 7)), /inside a length prefix/);
  assert.throws(() => decodeEntryBundle(bundle.subarray(0, 5)), /inside an entry/);
});
