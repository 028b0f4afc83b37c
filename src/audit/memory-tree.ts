/**
 * A whole Merkle tree kept in memory, every perfect subtree stored: a NodeSource for tests and for
 * re-deriving a tree from stored entries. Each level is one contiguous growable buffer of 32-byte
 * hashes rather than one Buffer object per node, which keeps millions of nodes cheap for the GC.
 */
import type { NodeId, NodeSource } from './node-id.ts';
import { CompactRange } from './compact-range.ts';
import { HASH_SIZE } from './rfc6962.ts';

/**
 * In-memory tree.
 *
 * @example
 * const tree = new MemoryTree();
 * tree.append(hashLeaf(entry));
 * const proof = await inclusionProof(0, tree.size, tree);
 */
export class MemoryTree implements NodeSource {
  /** levels[l] holds the hashes of the completed perfect subtrees at level l, in index order. */
  readonly #levels: Buffer[] = [];
  readonly #counts: number[] = [];
  readonly #range = CompactRange.empty();

  /**
   * Appends one leaf hash.
   *
   * @example
   * tree.append(hashLeaf(Buffer.from('entry')));
   */
  append(leafHash: Buffer): void {
    for (const node of this.#range.append(leafHash)) this.#put(node.level, node.hash);
  }

  /** Number of leaves. */
  get size(): number {
    return this.#range.size;
  }

  /**
   * Root hash of the whole tree.
   *
   * @example
   * new MemoryTree().root(); // SHA-256 of the empty string
   */
  root(): Buffer {
    return this.#range.root();
  }

  /**
   * Hashes of the given perfect subtrees; throws RangeError for a subtree not completed yet.
   *
   * @example
   * const [leaf] = await tree.getNodes([{ level: 0, index: 0 }]);
   */
  getNodes(ids: readonly NodeId[]): Promise<Buffer[]> {
    try {
      return Promise.resolve(ids.map((id) => this.getNode(id)));
    } catch (err) {
      return Promise.reject(err as Error);
    }
  }

  /**
   * One perfect subtree's hash, synchronously.
   *
   * @example
   * tree.getNode({ level: 1, index: 0 }); // hashChildren(leaf0, leaf1)
   */
  getNode(id: NodeId): Buffer {
    const count = this.#counts[id.level] ?? 0;
    if (!Number.isInteger(id.index) || id.index < 0 || id.index >= count) {
      throw new RangeError(`no node at level ${id.level}, index ${id.index}`);
    }
    const at = id.index * HASH_SIZE;
    return Buffer.from(this.#levels[id.level]!.subarray(at, at + HASH_SIZE));
  }

  #put(level: number, hash: Buffer): void {
    const count = this.#counts[level] ?? 0;
    let buf = this.#levels[level];
    if (buf === undefined || buf.length < (count + 1) * HASH_SIZE) {
      const grown = Buffer.allocUnsafe(Math.max(1024, (count + 1) * 2) * HASH_SIZE);
      buf?.copy(grown, 0, 0, count * HASH_SIZE);
      buf = grown;
      this.#levels[level] = buf;
    }
    hash.copy(buf, count * HASH_SIZE);
    this.#counts[level] = count + 1;
  }
}
