/**
 * The compact range [0, size): the right border of a growing tree, one perfect-subtree hash per
 * one bit of `size`. It is all an appender needs to extend the tree and compute its root, and
 * every append reports the perfect subtrees it completed so that the caller can store them — with
 * every perfect subtree stored, any root or proof is O(log n) reads (see merkle-proofs.ts).
 */
import type { NodeId } from './node-id.ts';
import { HASH_SIZE, emptyRoot, hashChildren } from './rfc6962.ts';
import { popCount, rangeNodes } from './tree-math.ts';

/**
 * A perfect subtree with its hash, as the appender stores it.
 *
 * @example
 * const node: StoredNode = { level: 1, index: 0, hash: hashChildren(leaf0, leaf1) };
 */
export interface StoredNode extends NodeId {
  hash: Buffer;
}

/**
 * The right border of the tree of the first `size` leaves.
 *
 * @example
 * const range = CompactRange.empty();
 * for (const entry of entries) store(range.append(hashLeaf(entry)));
 * const root = range.root();
 */
export class CompactRange {
  #size: number;
  /** Hashes of the perfect subtrees decomposing [0, size), left (largest) to right (smallest). */
  readonly #border: Buffer[];

  private constructor(size: number, border: Buffer[]) {
    this.#size = size;
    this.#border = border;
  }

  /**
   * The range of the empty tree.
   *
   * @example
   * CompactRange.empty().size; // 0
   */
  static empty(): CompactRange {
    return new CompactRange(0, []);
  }

  /**
   * Ids of the perfect subtrees that decompose [0, size), left to right (what restore needs).
   *
   * @example
   * CompactRange.borderIds(6); // [{ level: 2, index: 0 }, { level: 1, index: 2 }]
   */
  static borderIds(size: number): NodeId[] {
    if (!Number.isSafeInteger(size) || size < 0) throw new RangeError(`bad tree size ${size}`);
    return rangeNodes(0, size);
  }

  /**
   * Rebuilds the range of a stored tree from the hashes of `borderIds(size)`, in that order.
   *
   * @example
   * const range = CompactRange.restore(size, await source.getNodes(CompactRange.borderIds(size)));
   */
  static restore(size: number, border: readonly Buffer[]): CompactRange {
    const ids = CompactRange.borderIds(size);
    if (border.length !== ids.length) {
      throw new RangeError(
        `tree size ${size} needs ${ids.length} border hashes, got ${border.length}`,
      );
    }
    for (const h of border) {
      if (h.length !== HASH_SIZE) throw new RangeError(`border hash is ${h.length} bytes`);
    }
    return new CompactRange(size, [...border]);
  }

  /** Number of leaves in the tree. */
  get size(): number {
    return this.#size;
  }

  /** The border hashes, left to right, matching `CompactRange.borderIds(size)`. */
  get border(): readonly Buffer[] {
    return [...this.#border];
  }

  /**
   * Appends one leaf hash; returns every perfect subtree this append completed, level 0 first.
   * A leaf completes one subtree per trailing one bit of the old size, plus the leaf itself.
   *
   * @example
   * range.append(hashLeaf(entry)); // [{ level: 0, index: n, hash }, …]
   */
  append(leafHash: Buffer): StoredNode[] {
    const completed: StoredNode[] = [{ level: 0, index: this.#size, hash: leafHash }];
    this.extend(leafHash, (level, index, hash) => completed.push({ level, index, hash }));
    return completed;
  }

  /**
   * Appends one leaf hash and reports each interior (level ≥ 1) perfect subtree it completed,
   * lowest first, to `completed` — `append` without an array and an object per node, for the
   * appender's and verifier's per-entry loops.
   *
   * @example
   * range.extend(hashLeaf(entry), (level, index, hash) => { if (level % 4 === 0) store(level, index, hash); });
   */
  extend(leafHash: Buffer, completed?: (level: number, index: number, hash: Buffer) => void): void {
    if (leafHash.length !== HASH_SIZE)
      throw new RangeError(`leaf hash is ${leafHash.length} bytes`);
    if (this.#size >= Number.MAX_SAFE_INTEGER) throw new RangeError('tree is full');
    let hash = leafHash;
    let index = this.#size;
    // Each odd index means the node has a left sibling on the border: merge and go up a level.
    for (let level = 1; index % 2 === 1; level++) {
      hash = hashChildren(this.#border.pop()!, hash);
      index = (index - 1) / 2;
      completed?.(level, index, hash);
    }
    this.#border.push(hash);
    this.#size++;
  }

  /**
   * Root hash MTH(D[0:size]): the border folded from the right.
   *
   * @example
   * CompactRange.empty().root(); // SHA-256 of the empty string
   */
  root(): Buffer {
    const border = this.#border;
    if (border.length === 0) return emptyRoot();
    let hash = border[border.length - 1]!;
    for (let i = border.length - 2; i >= 0; i--) hash = hashChildren(border[i]!, hash);
    return hash;
  }

  /**
   * Number of border hashes a range of this size holds (one per one bit of the size).
   *
   * @example
   * CompactRange.borderLength(6); // 2
   */
  static borderLength(size: number): number {
    return popCount(size);
  }
}
