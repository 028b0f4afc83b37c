/**
 * Verification of inclusion and consistency proofs, following RFC 9162 §2.1.3.2 and §2.1.4.2 step
 * by step. Shifts are done by halving, not with `>>`, because sizes may exceed 32 bits.
 */
import { PiguardError } from '../core/errors.ts';
import { HASH_SIZE, emptyRoot, hashChildren } from './rfc6962.ts';
import { isPowerOfTwo } from './tree-math.ts';

/**
 * A proof, root or size failed verification. The message says which check failed; it never
 * contains entry contents, only sizes, indexes and positions.
 *
 * @example
 * try { verifyInclusion(leaf, 3, 7, proof, root); } catch (e) { if (e instanceof ProofError) … }
 */
export class ProofError extends PiguardError {}

/**
 * Checks that `leafHash` is leaf `index` of the tree of size `size` with root `root`.
 * Throws ProofError on any failure.
 *
 * @example
 * verifyInclusion(hashLeaf(entry), 3, 7, proof, root);
 */
export function verifyInclusion(
  leafHash: Buffer,
  index: number,
  size: number,
  proof: readonly Buffer[],
  root: Buffer,
): void {
  checkCount('index', index);
  checkCount('size', size);
  checkHash('leaf hash', leafHash);
  checkHash('root', root);
  proof.forEach((h, i) => checkHash(`proof[${i}]`, h));
  // Step 1.
  if (index >= size) throw new ProofError(`index ${index} is not below tree size ${size}`);
  // Step 2.
  let fn = index;
  let sn = size - 1;
  let r = leafHash;
  // Step 3.
  for (const [i, p] of proof.entries()) {
    if (sn === 0) throw new ProofError(`proof has ${proof.length} hashes, more than needed (${i})`);
    if (isOdd(fn) || fn === sn) {
      r = hashChildren(p, r);
      while (!isOdd(fn) && fn !== 0) {
        fn = half(fn);
        sn = half(sn);
      }
    } else {
      r = hashChildren(r, p);
    }
    fn = half(fn);
    sn = half(sn);
  }
  // Step 4.
  if (sn !== 0) throw new ProofError(`proof has ${proof.length} hashes, too few for this tree`);
  if (!r.equals(root)) throw new ProofError('computed root does not match the expected root');
}

/**
 * Checks that the tree of size `size1` with root `root1` is a prefix of the tree of size `size2`
 * with root `root2`. Throws ProofError on any failure. The empty tree is not accepted as the old
 * tree (a proof from it proves nothing; the RFC's algorithm is undefined there), so callers compare
 * with an empty checkpoint by size alone.
 *
 * @example
 * verifyConsistency(4, 7, proof, oldRoot, newRoot);
 */
export function verifyConsistency(
  size1: number,
  size2: number,
  proof: readonly Buffer[],
  root1: Buffer,
  root2: Buffer,
): void {
  checkCount('size1', size1);
  checkCount('size2', size2);
  if (size2 < size1) throw new ProofError(`size2 ${size2} is smaller than size1 ${size1}`);
  if (size1 === size2) {
    if (proof.length !== 0) throw new ProofError('sizes are equal but the proof is not empty');
    if (size1 === 0 && !root1.equals(emptyRoot())) {
      throw new ProofError('root of the empty tree is not SHA-256 of the empty string');
    }
    if (!root1.equals(root2)) throw new ProofError('sizes are equal but the roots differ');
    return;
  }
  if (size1 === 0) throw new ProofError('a consistency proof from the empty tree proves nothing');
  checkHash('root1', root1);
  checkHash('root2', root2);
  proof.forEach((h, i) => checkHash(`proof[${i}]`, h));
  // Step 1.
  if (proof.length === 0) throw new ProofError('proof is empty');
  // Step 2.
  const path = isPowerOfTwo(size1) ? [root1, ...proof] : proof;
  // Step 3.
  let fn = size1 - 1;
  let sn = size2 - 1;
  // Step 4.
  while (isOdd(fn)) {
    fn = half(fn);
    sn = half(sn);
  }
  // Step 5.
  let fr = path[0]!;
  let sr = path[0]!;
  // Step 6.
  for (let i = 1; i < path.length; i++) {
    const c = path[i]!;
    if (sn === 0) throw new ProofError(`proof has ${proof.length} hashes, more than needed`);
    if (isOdd(fn) || fn === sn) {
      fr = hashChildren(c, fr);
      sr = hashChildren(c, sr);
      while (!isOdd(fn) && fn !== 0) {
        fn = half(fn);
        sn = half(sn);
      }
    } else {
      sr = hashChildren(sr, c);
    }
    fn = half(fn);
    sn = half(sn);
  }
  // Step 7.
  if (sn !== 0) throw new ProofError(`proof has ${proof.length} hashes, too few for these sizes`);
  if (!fr.equals(root1)) throw new ProofError('computed old root does not match root1');
  if (!sr.equals(root2)) throw new ProofError('computed new root does not match root2');
}

function isOdd(n: number): boolean {
  return n % 2 === 1;
}

function half(n: number): number {
  return Math.floor(n / 2);
}

function checkCount(name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new ProofError(`${name} must be a non-negative safe integer, got ${value}`);
  }
}

function checkHash(name: string, hash: Buffer): void {
  if (hash.length !== HASH_SIZE) {
    throw new ProofError(`${name} is ${hash.length} bytes, not ${HASH_SIZE}`);
  }
}
