/**
 * Generation of roots, inclusion proofs and consistency proofs (RFC 9162 §2.1.1, §2.1.3.1,
 * §2.1.4.1) from stored perfect subtrees.
 *
 * Every value these need is either a perfect subtree (one stored node) or the hash of a range at
 * the right edge of the tree that is not perfect yet ("ephemeral"): that one is folded from the
 * perfect subtrees that decompose the range. The node ids are worked out first, then read in ONE
 * `getNodes` call, so a database-backed source answers a proof with one round trip of O(log n)
 * indexed reads.
 */
import type { NodeId, NodeSource } from './node-id.ts';
import { emptyRoot, hashChildren } from './rfc6962.ts';
import { rangeNodes, splitPoint } from './tree-math.ts';

/** A leaf range [begin, end) whose hash is a proof element. */
interface Range {
  begin: number;
  end: number;
}

/**
 * Root hash MTH(D[0:size]) of the tree of the first `size` leaves.
 *
 * @example
 * const root = await rootAt(5, tree); // reads the 4-leaf subtree and leaf 4
 */
export async function rootAt(size: number, source: NodeSource): Promise<Buffer> {
  checkSize('size', size);
  if (size === 0) return emptyRoot();
  const [root] = await hashRanges([{ begin: 0, end: size }], source);
  return root!;
}

/**
 * Inclusion proof (audit path) of leaf `index` in the tree of size `size`, the leaf's sibling
 * first, up to the child of the root (RFC 9162 §2.1.3.1).
 *
 * @example
 * const proof = await inclusionProof(3, 7, tree);
 * verifyInclusion(leafHash, 3, 7, proof, await rootAt(7, tree));
 */
export async function inclusionProof(
  index: number,
  size: number,
  source: NodeSource,
): Promise<Buffer[]> {
  checkSize('size', size);
  checkSize('index', index);
  if (index >= size) throw new RangeError(`index ${index} is not below tree size ${size}`);
  // PATH(m, D[begin:end]) walked top-down; the siblings come out root-side first.
  const siblings: Range[] = [];
  let begin = 0;
  let end = size;
  while (end - begin > 1) {
    const mid = begin + splitPoint(end - begin);
    if (index < mid) {
      siblings.push({ begin: mid, end });
      end = mid;
    } else {
      siblings.push({ begin, end: mid });
      begin = mid;
    }
  }
  siblings.reverse();
  return hashRanges(siblings, source);
}

/**
 * Consistency proof between the trees of sizes `size1` and `size2` (RFC 9162 §2.1.4.1).
 * Equal sizes give the empty proof. A proof from the empty tree proves nothing (every tree extends
 * it), and RFC 9162 verifiers reject one, so size1 = 0 < size2 is refused here too: callers that
 * compare against an empty checkpoint only need to check that the sizes grew.
 *
 * @example
 * const proof = await consistencyProof(4, 7, tree);
 * verifyConsistency(4, 7, proof, await rootAt(4, tree), await rootAt(7, tree));
 */
export async function consistencyProof(
  size1: number,
  size2: number,
  source: NodeSource,
): Promise<Buffer[]> {
  checkSize('size1', size1);
  checkSize('size2', size2);
  if (size1 > size2) throw new RangeError(`size1 ${size1} is greater than size2 ${size2}`);
  if (size1 === size2) return [];
  if (size1 === 0) throw new RangeError('no consistency proof from the empty tree');
  // SUBPROOF(m, D[begin:end], b) walked top-down; elements come out root-side first.
  const ranges: Range[] = [];
  let begin = 0;
  let end = size2;
  let startsAtOldRoot = true;
  while (size1 !== end) {
    const mid = begin + splitPoint(end - begin);
    if (size1 <= mid) {
      ranges.push({ begin: mid, end });
      end = mid;
    } else {
      ranges.push({ begin, end: mid });
      begin = mid;
      startsAtOldRoot = false;
    }
  }
  // When the old tree is a perfect subtree on the path, the verifier knows its hash already.
  if (!startsAtOldRoot) ranges.push({ begin, end });
  ranges.reverse();
  return hashRanges(ranges, source);
}

/** Hashes of the given ranges, from one batched read of the perfect subtrees they decompose into. */
async function hashRanges(ranges: readonly Range[], source: NodeSource): Promise<Buffer[]> {
  const parts = ranges.map((r) => rangeNodes(r.begin, r.end));
  const ids: NodeId[] = parts.flat();
  const hashes = ids.length === 0 ? [] : await source.getNodes(ids);
  if (hashes.length !== ids.length) {
    throw new Error(`node source returned ${hashes.length} hashes for ${ids.length} ids`);
  }
  let next = 0;
  return parts.map((part) => {
    const own = hashes.slice(next, next + part.length);
    next += part.length;
    // MTH of a range at the right edge: fold its perfect subtrees from the right.
    let hash = own[own.length - 1]!;
    for (let i = own.length - 2; i >= 0; i--) hash = hashChildren(own[i]!, hash);
    return hash;
  });
}

function checkSize(name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`${name} must be a non-negative safe integer, got ${value}`);
  }
}
