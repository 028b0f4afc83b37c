/**
 * Bit arithmetic on tree sizes and indexes. Sizes go up to 2^53 (safe integers), beyond the 32 bits
 * that JavaScript's bitwise operators handle, so everything here works on the two 32-bit halves or
 * with exact float arithmetic on powers of two.
 */
import type { NodeId } from './node-id.ts';

const TWO_32 = 2 ** 32;

/**
 * Number of bits needed to write `n` (0 for 0).
 *
 * @example
 * bitLength(8); // 4
 */
export function bitLength(n: number): number {
  if (n < TWO_32) return 32 - Math.clz32(n);
  return 64 - Math.clz32(Math.floor(n / TWO_32));
}

/**
 * Number of one bits in `n`.
 *
 * @example
 * popCount(0b1011); // 3
 */
export function popCount(n: number): number {
  return popCount32(n >>> 0) + popCount32(Math.floor(n / TWO_32) >>> 0);
}

function popCount32(x: number): number {
  let v = x - ((x >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

/**
 * Largest power of two strictly below `n` (n ≥ 2): RFC 9162's split point k.
 *
 * @example
 * splitPoint(5); // 4
 * splitPoint(8); // 4
 */
export function splitPoint(n: number): number {
  return 2 ** (bitLength(n - 1) - 1);
}

/**
 * True when `n` is a positive integer power of two.
 *
 * @example
 * isPowerOfTwo(64); // true
 */
export function isPowerOfTwo(n: number): boolean {
  return n > 0 && popCount(n) === 1;
}

/**
 * The perfect subtrees that make up the leaf range [begin, end), left to right, where `begin` is a
 * multiple of a power of two ≥ end − begin (true for [0, n) and for every range RFC 9162's
 * recursive definitions produce). Their hashes, folded right to left, give MTH(D[begin:end]).
 *
 * @example
 * rangeNodes(0, 6); // [{ level: 2, index: 0 }, { level: 1, index: 2 }]
 */
export function rangeNodes(begin: number, end: number): NodeId[] {
  const ids: NodeId[] = [];
  let start = begin;
  for (let level = bitLength(end - begin) - 1; level >= 0; level--) {
    const width = 2 ** level;
    if (end - start >= width) {
      ids.push({ level, index: start / width });
      start += width;
    }
  }
  return ids;
}
