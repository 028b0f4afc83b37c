/**
 * What the audit verifier's main thread and its workers exchange, and the leaf hashing both use.
 */

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

export { LeafHasher } from './rfc6962.ts';
