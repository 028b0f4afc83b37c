import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CompactRange, type StoredNode } from '../../src/audit/compact-range.ts';
import { MemoryTree } from '../../src/audit/memory-tree.ts';
import { rootAt } from '../../src/audit/merkle-proofs.ts';
import type { NodeId, NodeSource } from '../../src/audit/node-id.ts';
import { hashChildren, hashLeaf } from '../../src/audit/rfc6962.ts';
import { CORPUS_LEAVES, CORPUS_ROOTS } from './reference-corpus.ts';

/** A NodeSource made only of what CompactRange.append returned — what the log table holds. */
class StoredNodes implements NodeSource {
  readonly map = new Map<string, Buffer>();
  add(nodes: readonly StoredNode[]): void {
    for (const n of nodes) this.map.set(`${n.level}/${n.index}`, n.hash);
  }
  getNodes(ids: readonly NodeId[]): Promise<Buffer[]> {
    return Promise.resolve(
      ids.map((id) => {
        const h = this.map.get(`${id.level}/${id.index}`);
        if (h === undefined) throw new RangeError(`missing ${id.level}/${id.index}`);
        return h;
      }),
    );
  }
}

test('CompactRange roots match the README table for sizes 0..8', () => {
  const range = CompactRange.empty();
  assert.equal(range.root().toString('hex'), CORPUS_ROOTS[0]);
  for (const [i, leaf] of CORPUS_LEAVES.entries()) {
    range.append(hashLeaf(leaf));
    assert.equal(range.size, i + 1);
    assert.equal(range.root().toString('hex'), CORPUS_ROOTS[i + 1], `size ${i + 1}`);
  }
});

test('append returns every completed perfect subtree, level 0 first', () => {
  const range = CompactRange.empty();
  const leaves = [0, 1, 2, 3].map((i) => hashLeaf(Buffer.from([i])));
  assert.deepEqual(range.append(leaves[0]!), [{ level: 0, index: 0, hash: leaves[0] }]);
  const pair01 = hashChildren(leaves[0]!, leaves[1]!);
  assert.deepEqual(range.append(leaves[1]!), [
    { level: 0, index: 1, hash: leaves[1] },
    { level: 1, index: 0, hash: pair01 },
  ]);
  assert.deepEqual(range.append(leaves[2]!), [{ level: 0, index: 2, hash: leaves[2] }]);
  const pair23 = hashChildren(leaves[2]!, leaves[3]!);
  assert.deepEqual(range.append(leaves[3]!), [
    { level: 0, index: 3, hash: leaves[3] },
    { level: 1, index: 1, hash: pair23 },
    { level: 2, index: 0, hash: hashChildren(pair01, pair23) },
  ]);
});

test('stored append output answers rootAt for every size, equal to MemoryTree', async () => {
  const range = CompactRange.empty();
  const stored = new StoredNodes();
  const tree = new MemoryTree();
  for (let i = 0; i < 600; i++) {
    const leaf = hashLeaf(Buffer.from(`entry ${i}`));
    stored.add(range.append(leaf));
    tree.append(leaf);
    assert.deepEqual(await rootAt(i + 1, stored), range.root());
  }
  assert.deepEqual(tree.root(), range.root());
  // Every perfect subtree of a 600-leaf tree: 600 + 300 + 150 + 75 + 37 + 18 + 9 + 4 + 2 + 1.
  assert.equal(stored.map.size, 1196);
});

test('borderIds/restore resume a range that then continues identically', async () => {
  const full = CompactRange.empty();
  const stored = new StoredNodes();
  for (let i = 0; i < 100; i++) stored.add(full.append(hashLeaf(Buffer.from([i]))));
  for (const size of [0, 1, 2, 7, 64, 99, 100]) {
    assert.equal(CompactRange.borderIds(size).length, CompactRange.borderLength(size));
    const restored = CompactRange.restore(
      size,
      await stored.getNodes(CompactRange.borderIds(size)),
    );
    assert.equal(restored.size, size);
    assert.deepEqual(restored.root(), await rootAt(size, stored));
    for (let i = size; i < 100; i++) restored.append(hashLeaf(Buffer.from([i])));
    assert.deepEqual(restored.root(), full.root(), `restored at ${size}`);
  }
  assert.deepEqual(CompactRange.borderIds(6), [
    { level: 2, index: 0 },
    { level: 1, index: 2 },
  ]);
});

test('restore and append reject malformed input', () => {
  assert.throws(() => CompactRange.restore(3, [Buffer.alloc(32)]), /needs 2 border hashes/);
  assert.throws(() => CompactRange.restore(1, [Buffer.alloc(31)]), RangeError);
  assert.throws(() => CompactRange.borderIds(-1), RangeError);
  assert.throws(() => CompactRange.empty().append(Buffer.alloc(3)), RangeError);
});

test('border ids work for sizes beyond 32 bits', () => {
  const size = 2 ** 40 + 2 ** 33 + 5;
  assert.deepEqual(CompactRange.borderIds(size), [
    { level: 40, index: 0 },
    { level: 33, index: 2 ** 7 },
    { level: 2, index: (2 ** 40 + 2 ** 33) / 4 },
    { level: 0, index: 2 ** 40 + 2 ** 33 + 4 },
  ]);
});
