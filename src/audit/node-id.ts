/**
 * Addresses of perfect subtrees, and the one interface proofs read hashes through. Keeping the
 * interface this small lets a database table, tiles or an in-memory tree serve proofs alike.
 */

/**
 * A perfect subtree: 2^level leaves starting at leaf index * 2^level. Level 0 = leaf hashes.
 *
 * @example
 * const secondPairOfLeaves: NodeId = { level: 1, index: 1 }; // leaves 2 and 3
 */
export interface NodeId {
  level: number;
  index: number;
}

/**
 * Where proofs read perfect-subtree hashes from (a database table, tiles, memory).
 * Implementations return the hashes in the same order as `ids` and reject when one is missing.
 *
 * @example
 * const [leaf0, pair1] = await source.getNodes([{ level: 0, index: 0 }, { level: 1, index: 1 }]);
 */
export interface NodeSource {
  getNodes(ids: readonly NodeId[]): Promise<Buffer[]>;
}
