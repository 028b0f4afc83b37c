/**
 * What the audit verifier's main thread and its workers exchange, and the leaf hashing both use.
 */
import * as nodeCrypto from 'node:crypto';
import { MAX_ENTRY_BYTES } from './audit-log.ts';
import { hashLeaf, LEAF_HASH_PREFIX } from './rfc6962.ts';

/** Verify entries [start, end) and the nodes inside them; answer borders at each target size. */
export interface ChunkTask {
  start: number;
  end: number;
  /** Tree sizes in (start, end] whose border inside the chunk the main thread needs. */
  targets: number[];
}

/** A worker's answer to one ChunkTask. */
export type ChunkResult =
  | {
      start: number;
      ok: true;
      /** Per target: hashes of the perfect subtrees decomposing [start, target), largest first. */
      borders: Uint8Array[][];
    }
  | { start: number; ok: false; error?: string };

/**
 * SHA-256(0x00 || entry) into a reused input buffer: one allocation (the digest) per leaf instead
 * of three (prefix concat, Hash object, digest). Same bytes as rfc6962 hashLeaf.
 *
 * @example
 * const hasher = new LeafHasher();
 * hasher.hash(entry).equals(hashLeaf(entry)); // true
 */
export class LeafHasher {
  #input = Buffer.alloc(1 + MAX_ENTRY_BYTES + 1, LEAF_HASH_PREFIX);

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

const sha256: (data: Uint8Array) => Buffer =
  typeof nodeCrypto.hash === 'function'
    ? (data) => nodeCrypto.hash('sha256', data, 'buffer')
    : (data) => nodeCrypto.createHash('sha256').update(data).digest();
