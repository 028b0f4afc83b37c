import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { consistencyProof, inclusionProof, rootAt } from '../../src/audit/merkle-proofs.ts';
import { MemoryTree } from '../../src/audit/memory-tree.ts';
import type { NodeId, NodeSource } from '../../src/audit/node-id.ts';
import { verifyConsistency, verifyInclusion } from '../../src/audit/proof-verification.ts';
import { hashLeaf } from '../../src/audit/rfc6962.ts';
import { CORPUS_LEAVES, CORPUS_ROOTS, TESTDATA } from './reference-corpus.ts';

function corpusTree(size = CORPUS_LEAVES.length): MemoryTree {
  const tree = new MemoryTree();
  for (const leaf of CORPUS_LEAVES.slice(0, size)) tree.append(hashLeaf(leaf));
  return tree;
}

/** Wraps a source and records every getNodes call, to check the O(log n), one-batch promise. */
class CountingSource implements NodeSource {
  calls: NodeId[][] = [];
  constructor(readonly inner: NodeSource) {}
  getNodes(ids: readonly NodeId[]): Promise<Buffer[]> {
    this.calls.push([...ids]);
    return this.inner.getNodes(ids);
  }
}

test('rootAt over MemoryTree matches the README table for sizes 0..8', async () => {
  const tree = corpusTree();
  for (let size = 0; size <= 8; size++) {
    assert.equal((await rootAt(size, tree)).toString('hex'), CORPUS_ROOTS[size], `size ${size}`);
    assert.equal(corpusTree(size).root().toString('hex'), CORPUS_ROOTS[size], `root() ${size}`);
  }
});

test('generated proofs equal the happy-path vectors byte for byte', async () => {
  const tree = corpusTree();
  const dir = join(TESTDATA, 'rfc6962-proofs');
  for (const n of readdirSync(join(dir, 'inclusion')).filter((d) => /^\d+$/.test(d))) {
    const v = JSON.parse(readFileSync(join(dir, 'inclusion', n, 'happy-path.json'), 'utf8')) as {
      leafIdx: number;
      treeSize: number;
      proof: string[] | null;
    };
    const proof = await inclusionProof(v.leafIdx, v.treeSize, tree);
    assert.deepEqual(
      proof.map((h) => h.toString('base64')),
      v.proof ?? [],
      `inclusion/${n}`,
    );
  }
  for (const n of readdirSync(join(dir, 'consistency')).filter((d) => /^\d+$/.test(d))) {
    const v = JSON.parse(readFileSync(join(dir, 'consistency', n, 'happy-path.json'), 'utf8')) as {
      size1: number;
      size2: number;
      proof: string[] | null;
    };
    const proof = await consistencyProof(v.size1, v.size2, tree);
    assert.deepEqual(
      proof.map((h) => h.toString('base64')),
      v.proof ?? [],
      `consistency/${n}`,
    );
  }
});

test('every proof in every corpus tree verifies', async () => {
  const tree = corpusTree();
  for (let n = 1; n <= 8; n++) {
    const root = await rootAt(n, tree);
    for (let m = 0; m < n; m++) {
      const proof = await inclusionProof(m, n, tree);
      verifyInclusion(hashLeaf(CORPUS_LEAVES[m]!), m, n, proof, root);
    }
    for (let m = 1; m <= n; m++) {
      verifyConsistency(m, n, await consistencyProof(m, n, tree), await rootAt(m, tree), root);
    }
  }
});

test('proofs read O(log n) nodes in one getNodes call', async () => {
  const tree = new MemoryTree();
  for (let i = 0; i < 5000; i++) tree.append(hashLeaf(Buffer.from(String(i))));
  for (const [a, b] of [
    [0, 4999],
    [4321, 4999],
    [4997, 4999],
    [1234, 4097],
  ] as const) {
    const source = new CountingSource(tree);
    await inclusionProof(a, b, source);
    await consistencyProof(a + 1, b, source);
    await rootAt(b, source);
    assert.equal(source.calls.length, 3, 'one batch per call');
    // 13 bits: a path has at most 13 levels, each ephemeral part at most 13 more nodes.
    for (const ids of source.calls) assert.ok(ids.length <= 2 * 13, `${ids.length} reads`);
  }
});

test('rootAt of size 0 reads nothing; bad arguments throw RangeError', async () => {
  const source = new CountingSource(corpusTree());
  assert.equal((await rootAt(0, source)).toString('hex'), CORPUS_ROOTS[0]);
  assert.equal(source.calls.length, 0);
  await assert.rejects(inclusionProof(8, 8, source), RangeError);
  await assert.rejects(inclusionProof(-1, 8, source), RangeError);
  await assert.rejects(inclusionProof(0.5, 8, source), RangeError);
  await assert.rejects(consistencyProof(5, 4, source), RangeError);
  await assert.rejects(consistencyProof(0, 4, source), RangeError);
  assert.deepEqual(await consistencyProof(4, 4, source), []);
  await assert.rejects(rootAt(9, source), RangeError, 'a node the source does not hold');
});

test('a source that returns the wrong number of hashes is caught', async () => {
  const broken: NodeSource = { getNodes: () => Promise.resolve([]) };
  await assert.rejects(rootAt(3, broken), /returned 0 hashes for 2 ids/);
});
