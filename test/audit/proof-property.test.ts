/**
 * Property test: for random sizes m ≤ n ≤ 10,000, proofs generated from a MemoryTree and from the
 * nodes CompactRange.append reported verify, and single-bit changes are rejected.
 *
 * A flipped tree size is the one change RFC 9162 verification cannot always see: when the new
 * size gives the audit path the same shape (same sides, same length), the very same hash
 * computations run and the proof is accepted — the size is authenticated by the signed
 * checkpoint, not by the proof. So for size flips the expected outcome comes from an oracle that
 * derives the shape from the RFC's recursive definitions (PATH, SUBPROOF), independently of the
 * production code.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { CompactRange } from '../../src/audit/compact-range.ts';
import { MemoryTree } from '../../src/audit/memory-tree.ts';
import { consistencyProof, inclusionProof, rootAt } from '../../src/audit/merkle-proofs.ts';
import type { NodeId, NodeSource } from '../../src/audit/node-id.ts';
import {
  ProofError,
  verifyConsistency,
  verifyInclusion,
} from '../../src/audit/proof-verification.ts';
import { hashLeaf } from '../../src/audit/rfc6962.ts';

const MAX = 10_000;
const RUNS = 150;

const leaves: Buffer[] = [];
const tree = new MemoryTree();
const stored = new Map<string, Buffer>();
const range = CompactRange.empty();
for (let i = 0; i < MAX; i++) {
  const leaf = hashLeaf(Buffer.from(`entry ${i}`));
  leaves.push(leaf);
  tree.append(leaf);
  for (const n of range.append(leaf)) stored.set(`${n.level}/${n.index}`, n.hash);
}
/** A NodeSource that knows only what CompactRange.append returned, like the log's node table. */
const storedSource: NodeSource = {
  getNodes: (ids: readonly NodeId[]) =>
    Promise.resolve(
      ids.map((id) => {
        const hash = stored.get(`${id.level}/${id.index}`);
        if (hash === undefined) throw new RangeError(`missing node ${id.level}/${id.index}`);
        return hash;
      }),
    ),
};
const rootCache = new Map<number, Buffer>();
async function root(size: number): Promise<Buffer> {
  let r = rootCache.get(size);
  if (r === undefined) {
    r = await rootAt(size, tree);
    rootCache.set(size, r);
  }
  return r;
}

/** Largest power of two strictly below n, by repeated doubling (kept apart from tree-math.ts). */
function split(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/** Bottom-up sides of the siblings in PATH(m, D[n]) (RFC 9162 §2.1.3.1): 'R' sibling right. */
function inclusionShape(m: number, n: number): string {
  if (n <= 1) return '';
  const k = split(n);
  return m < k ? `${inclusionShape(m, k)}R` : `${inclusionShape(m - k, n - k)}L`;
}

/** SUBPROOF(m, D[n], b) shape (RFC 9162 §2.1.4.1): seed from old root 'S' or proof 'P', then sides. */
function consistencyShape(m: number, n: number, b = true): string {
  if (m === n) return b ? 'S' : 'P';
  const k = split(n);
  return m <= k ? `${consistencyShape(m, k, b)}R` : `${consistencyShape(m - k, n - k, false)}L`;
}

function flipBit(buf: Buffer, bit: number): Buffer {
  const copy = Buffer.from(buf);
  copy[bit >> 3]! ^= 1 << (bit & 7);
  return copy;
}

/** n with bit `bit` flipped, for bits beyond 32 as well. */
function flipNumberBit(n: number, bit: number): number {
  const p = 2 ** bit;
  return Math.floor(n / p) % 2 === 1 ? n - p : n + p;
}

function accepts(check: () => void): boolean {
  try {
    check();
    return true;
  } catch (err) {
    assert.ok(err instanceof ProofError, `unexpected ${String(err)}`);
    return false;
  }
}

const sizeAndIndex = fc
  .integer({ min: 1, max: MAX })
  .chain((n) => fc.tuple(fc.constant(n), fc.integer({ min: 0, max: n - 1 })));
const twoSizes = fc
  .integer({ min: 1, max: MAX })
  .chain((n) => fc.tuple(fc.integer({ min: 1, max: n }), fc.constant(n)));

test('the oracle agrees with the proof lengths of the RFC definitions', async () => {
  for (const [m, n] of [
    [0, 1],
    [3, 7],
    [6, 7],
    [0, 8],
    [5, 9],
  ] as const) {
    assert.equal(inclusionShape(m, n).length, (await inclusionProof(m, n, tree)).length);
  }
  for (const [m, n] of [
    [1, 2],
    [3, 7],
    [4, 7],
    [6, 8],
    [8, 9],
  ] as const) {
    const shape = consistencyShape(m, n);
    const expected = shape.length - (shape.startsWith('S') ? 1 : 0);
    assert.equal(expected, (await consistencyProof(m, n, tree)).length, `${m},${n}`);
  }
});

test('inclusion proofs verify and single-bit changes are rejected', async () => {
  await fc.assert(
    fc.asyncProperty(sizeAndIndex, fc.nat(), fc.nat(), async ([n, m], pick, bit) => {
      const proof = await inclusionProof(m, n, tree);
      assert.deepEqual(await inclusionProof(m, n, storedSource), proof);
      const r = await root(n);
      assert.deepEqual(await rootAt(n, storedSource), r);
      verifyInclusion(leaves[m]!, m, n, proof, r);

      if (proof.length > 0) {
        const at = pick % proof.length;
        const bad = proof.map((h, i) => (i === at ? flipBit(h, bit % 256) : h));
        assert.ok(!accepts(() => verifyInclusion(leaves[m]!, m, n, bad, r)), 'proof bit');
      }
      assert.ok(
        !accepts(() => verifyInclusion(leaves[m]!, m, n, proof, flipBit(r, bit % 256))),
        'root bit',
      );
      assert.ok(
        !accepts(() => verifyInclusion(flipBit(leaves[m]!, bit % 256), m, n, proof, r)),
        'leaf bit',
      );
      const m2 = flipNumberBit(m, bit % 53);
      if (m2 <= Number.MAX_SAFE_INTEGER) {
        assert.ok(!accepts(() => verifyInclusion(leaves[m]!, m2, n, proof, r)), `index ${m}→${m2}`);
      }
      const n2 = flipNumberBit(n, pick % 53);
      if (n2 <= Number.MAX_SAFE_INTEGER) {
        const sameShape = m < n2 && inclusionShape(m, n2) === inclusionShape(m, n);
        assert.equal(
          accepts(() => verifyInclusion(leaves[m]!, m, n2, proof, r)),
          sameShape,
          `size ${n}→${n2}`,
        );
      }
    }),
    { numRuns: RUNS },
  );
});

test('consistency proofs verify and single-bit changes are rejected', async () => {
  await fc.assert(
    fc.asyncProperty(twoSizes, fc.nat(), fc.nat(), async ([m, n], pick, bit) => {
      const proof = await consistencyProof(m, n, tree);
      assert.deepEqual(await consistencyProof(m, n, storedSource), proof);
      const r1 = await root(m);
      const r2 = await root(n);
      verifyConsistency(m, n, proof, r1, r2);

      if (proof.length > 0) {
        const at = pick % proof.length;
        const bad = proof.map((h, i) => (i === at ? flipBit(h, bit % 256) : h));
        assert.ok(!accepts(() => verifyConsistency(m, n, bad, r1, r2)), 'proof bit');
      }
      assert.ok(
        !accepts(() => verifyConsistency(m, n, proof, flipBit(r1, bit % 256), r2)),
        'root1 bit',
      );
      assert.ok(
        !accepts(() => verifyConsistency(m, n, proof, r1, flipBit(r2, bit % 256))),
        'root2 bit',
      );
      const m2 = flipNumberBit(m, bit % 53);
      const n2 = flipNumberBit(n, pick % 53);
      for (const [s1, s2] of [
        [m2, n],
        [m, n2],
      ] as const) {
        if (s2 > Number.MAX_SAFE_INTEGER || s1 > Number.MAX_SAFE_INTEGER) continue;
        const sameShape =
          s1 > 0 && s1 < s2 && m < n && consistencyShape(s1, s2) === consistencyShape(m, n);
        assert.equal(
          accepts(() => verifyConsistency(s1, s2, proof, r1, r2)),
          sameShape,
          `sizes ${m},${n} → ${s1},${s2}`,
        );
      }
    }),
    { numRuns: RUNS },
  );
});

test('a size flip that keeps the path shape is accepted: the checkpoint must bind the size', async () => {
  // Leaf 0 of a 5-leaf tree: siblings leaf 1, node [2,4), leaf 4 — all on the right, as for 7.
  const proof = await inclusionProof(0, 5, tree);
  assert.equal(inclusionShape(0, 5), inclusionShape(0, 7));
  verifyInclusion(leaves[0]!, 0, 7, proof, await root(5));
  assert.notEqual(inclusionShape(0, 5), inclusionShape(0, 4));
  assert.throws(() => verifyInclusion(leaves[0]!, 0, 4, proof, tree.root()), ProofError);
});

test('edge sizes: powers of two, their neighbours and the largest size', async () => {
  const sizes = [1, 2, 3, 255, 256, 257, 4095, 4096, 4097, 8192, MAX - 1, MAX];
  for (const n of sizes) {
    for (const m of [0, 1, n >> 1, n - 1].filter((x) => x >= 0 && x < n)) {
      verifyInclusion(leaves[m]!, m, n, await inclusionProof(m, n, storedSource), await root(n));
    }
    for (const m of sizes.filter((x) => x <= n)) {
      verifyConsistency(
        m,
        n,
        await consistencyProof(m, n, storedSource),
        await root(m),
        await root(n),
      );
    }
  }
});
