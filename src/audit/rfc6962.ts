/**
 * RFC 6962 / RFC 9162 §2.1.1 Merkle tree hashing with SHA-256: domain-separated leaf and node
 * hashes, so that a leaf can never be passed off as an interior node (second-preimage defence).
 */
import * as nodeCrypto from 'node:crypto';
import { createHash } from 'node:crypto';

/** Prefix byte of a leaf hash input (RFC 9162 §2.1.1). */
export const LEAF_HASH_PREFIX = 0x00;
/** Prefix byte of an interior node hash input (RFC 9162 §2.1.1). */
export const NODE_HASH_PREFIX = 0x01;
/** Size in bytes of every hash in the tree (SHA-256). */
export const HASH_SIZE = 32;

const LEAF_PREFIX = Buffer.from([LEAF_HASH_PREFIX]);
const NODE_PREFIX = Buffer.from([NODE_HASH_PREFIX]);
const EMPTY_ROOT = createHash('sha256').digest();

/**
 * One-shot SHA-256. `crypto.hash` (Node ≥ 20.12) skips the Hash object that createHash builds and
 * is about 1.5× faster for 65-byte inputs — node hashing is the appender's hot loop.
 */
const sha256: (data: Buffer) => Buffer =
  typeof nodeCrypto.hash === 'function'
    ? (data) => nodeCrypto.hash('sha256', data, 'buffer')
    : (data) => createHash('sha256').update(data).digest();

/** Reused input buffer for hashChildren: 0x01 || left || right. Safe: hashing is synchronous. */
const NODE_INPUT = Buffer.alloc(1 + 2 * HASH_SIZE, NODE_HASH_PREFIX);

/**
 * Root hash of the empty tree: SHA-256 of the empty string. A fresh copy each call, so callers may
 * not corrupt the constant.
 *
 * @example
 * emptyRoot().toString('hex'); // 'e3b0c442…b855'
 */
export function emptyRoot(): Buffer {
  return Buffer.from(EMPTY_ROOT);
}

/**
 * Leaf hash of one log entry: SHA-256(0x00 || entry).
 *
 * @example
 * hashLeaf(new Uint8Array()).toString('hex'); // '6e340b9c…a01d'
 */
export function hashLeaf(entry: Uint8Array): Buffer {
  return sha256(Buffer.concat([LEAF_PREFIX, entry]));
}

/**
 * SHA-256(0x00 || entry) into a reused input buffer: one allocation (the digest) per leaf instead
 * of three (prefix concat, Hash object, digest). Same bytes as hashLeaf. Entries longer than
 * `maxEntryBytes` fall back to hashLeaf.
 *
 * @example
 * const hasher = new LeafHasher();
 * hasher.hash(entry).equals(hashLeaf(entry)); // true
 */
export class LeafHasher {
  readonly #input: Buffer;

  constructor(maxEntryBytes = 65_536) {
    this.#input = Buffer.alloc(1 + maxEntryBytes, LEAF_HASH_PREFIX);
  }

  /**
   * @example
   * new LeafHasher().hash(Buffer.from('{}'));
   */
  hash(entry: Uint8Array): Buffer {
    if (entry.length + 1 > this.#input.length) return hashLeaf(entry);
    this.#input.set(entry, 1);
    return sha256(this.#input.subarray(0, entry.length + 1));
  }
}

/**
 * Interior node hash: SHA-256(0x01 || left || right).
 *
 * @example
 * const root2 = hashChildren(hashLeaf(a), hashLeaf(b));
 */
export function hashChildren(left: Uint8Array, right: Uint8Array): Buffer {
  if (left.length !== HASH_SIZE || right.length !== HASH_SIZE) {
    // Not a tree hash (e.g. a caller-supplied value): hash the exact bytes, no fast path.
    return createHash('sha256').update(NODE_PREFIX).update(left).update(right).digest();
  }
  NODE_INPUT.set(left, 1);
  NODE_INPUT.set(right, 1 + HASH_SIZE);
  return sha256(NODE_INPUT);
}
