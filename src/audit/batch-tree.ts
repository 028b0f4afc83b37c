/**
 * The Merkle tree work of an encoded audit batch, done where the batch is encoded (the event
 * import's worker thread) instead of in the appender: extending the tree by the batch's leaf
 * hashes, the interior nodes at stored levels (node-layout.ts) and the root after the batch.
 *
 * Why: an interior node hash per entry (SHA-256 of 65 bytes, ~1.1 µs through node:crypto) plus a
 * Buffer per leaf was ~15% of the writing thread's CPU, and that thread is the import's
 * bottleneck (issue 4/5). The appender still checks that the batch continues exactly the stored
 * tree (size and root before it) and `audit verify` re-derives every hash.
 *
 * Nothing here touches the database (the worker loads it).
 */
import type { CompactRange } from './compact-range.ts';
import { isStoredLevel } from './node-layout.ts';
import { HASH_SIZE } from './rfc6962.ts';

/** The tree part of an encoded batch (see {@link BatchTreeBuilder}). */
export interface BatchTree {
  /** Tree size before the batch (the audit index of its first entry). */
  sizeBefore: number;
  /** Root hash of the tree before the batch. */
  rootBefore: Buffer;
  /** Root hash after the batch. */
  root: Buffer;
  /** Level of each stored interior node the batch completed. */
  nodeLevels: Uint8Array;
  /** Index of each such node within its level. */
  nodeIndexes: Float64Array;
  /** Their hashes, 32 bytes each. */
  nodeHashes: Buffer;
}

/**
 * Extends a tree batch by batch.
 *
 * @example
 * const builder = new BatchTreeBuilder(CompactRange.restore(size, border));
 * const tree = builder.extend(batch.leafHashes); // for the batch's appendEncodedInTransaction
 */
export class BatchTreeBuilder {
  readonly #range: CompactRange;
  #root: Buffer;

  constructor(range: CompactRange) {
    this.#range = range;
    this.#root = range.root();
  }

  /** Appends the packed leaf hashes (32 bytes each) of one batch; returns its tree part. */
  extend(leafHashes: Buffer): BatchTree {
    const range = this.#range;
    const sizeBefore = range.size;
    const rootBefore = this.#root;
    const levels: number[] = [];
    const indexes: number[] = [];
    const hashes: Buffer[] = [];
    const store = (level: number, index: number, hash: Buffer) => {
      if (!isStoredLevel(level)) return;
      levels.push(level);
      indexes.push(index);
      hashes.push(hash);
    };
    // The range keeps some leaf hashes as its border: views of a private copy, since the caller
    // may transfer (detach) the batch's buffer to another thread.
    const leaves = Buffer.from(leafHashes);
    for (let at = 0; at < leaves.length; at += HASH_SIZE) {
      range.extend(leaves.subarray(at, at + HASH_SIZE), store);
    }
    this.#root = range.root();
    const nodeHashes = Buffer.allocUnsafeSlow(hashes.length * HASH_SIZE);
    hashes.forEach((h, i) => h.copy(nodeHashes, i * HASH_SIZE));
    return {
      sizeBefore,
      rootBefore,
      root: this.#root,
      nodeLevels: Uint8Array.from(levels),
      nodeIndexes: Float64Array.from(indexes),
      nodeHashes,
    };
  }
}
