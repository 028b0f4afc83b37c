/**
 * Which perfect subtrees the database stores, and how the others are rebuilt from them.
 *
 * Level 0 (leaf hashes) lives beside each entry in audit_entries. Of the interior levels, only the
 * multiples of NODE_LEVEL_STRIDE are written to audit_nodes: about n/15 rows for n entries instead
 * of n − 1, so an append writes ~1.07 B-tree rows per entry instead of ~2 (issue 3's append
 * target). Every C2SP tlog-tiles level (tree levels 0, 8, 16, …) is among them, so tiles are
 * still one range scan. A node at an unstored level L is the fold of the 2^(L mod 4) ≤ 8
 * consecutive nodes of the stored level below it — one contiguous primary-key range — so a root
 * or proof still reads O(log n) rows (at most 8 per level) and hashes at most 7 more per level.
 *
 * Stride 4 rather than 8 (the tile height): stride 8 would save another ~0.06 rows per entry on
 * append but make every proof read and hash up to 255 hashes per 8 levels instead of 15 per 4.
 *
 * Databases written before this layout hold every level; readers only ever read the stored levels,
 * so the extra rows are simply ignored (migration 0006 deletes them).
 */
import type { NodeId } from './node-id.ts';
import { hashChildren } from './rfc6962.ts';

/** Interior tree levels stored in audit_nodes are the positive multiples of this. */
export const NODE_LEVEL_STRIDE = 4;

/**
 * True when nodes of `level` are stored in audit_nodes (level 0 is stored in audit_entries).
 *
 * @example
 * isStoredLevel(8); // true
 * isStoredLevel(3); // false: rebuilt from 8 leaf hashes
 */
export function isStoredLevel(level: number): boolean {
  return level > 0 && level % NODE_LEVEL_STRIDE === 0;
}

/**
 * The highest level ≤ `level` that is read from the database: 0 (leaf hashes) or a stored
 * interior level.
 *
 * @example
 * storedBaseLevel(6); // 4
 */
export function storedBaseLevel(level: number): number {
  return level - (level % NODE_LEVEL_STRIDE);
}

/** A run of `count` consecutive stored nodes of one level, starting at index `lo`. */
export interface BaseRange {
  level: number;
  lo: number;
  count: number;
}

/**
 * The stored nodes that node `id` is folded from (just `id` itself at a stored level or 0).
 *
 * @example
 * baseRange({ level: 5, index: 3 }); // { level: 4, lo: 6, count: 2 }
 */
export function baseRange(id: NodeId): BaseRange {
  const level = storedBaseLevel(id.level);
  const count = 2 ** (id.level - level);
  return { level, lo: id.index * count, count };
}

/**
 * The hash of the perfect subtree whose `count` (a power of two) consecutive descendants at one
 * level are `hashes[from .. from+count)`: pairwise, level by level.
 *
 * @example
 * foldPerfect([a, b, c, d]); // hashChildren(hashChildren(a, b), hashChildren(c, d))
 */
export function foldPerfect(hashes: readonly Buffer[], from = 0, count = hashes.length): Buffer {
  if (count === 1) return hashes[from]!;
  const half: Buffer[] = new Array<Buffer>(count >> 1);
  for (let i = 0; i < half.length; i++) {
    half[i] = hashChildren(hashes[from + 2 * i]!, hashes[from + 2 * i + 1]!);
  }
  return foldPerfect(half);
}
