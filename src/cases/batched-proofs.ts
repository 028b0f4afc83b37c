/**
 * Inclusion proofs for many entries of a stored log at once. `inclusionProof` reads its O(log n)
 * nodes with one `getNodes` call — a database round trip of point lookups per proof, which
 * dominates a bundle of tens of thousands of entries. Here the node ids every proof needs are
 * worked out first (pure arithmetic, the same decomposition as merkle-proofs.ts), then read as a
 * few RANGE scans per tree level (proofs of nearby entries need nearby nodes, so runs with small
 * gaps are read whole), and the proofs are folded from memory.
 *
 * Correctness is checked where it matters: every proof in a bundle is verified by
 * `evidence verify`, and the tests compare with `inclusionProof`.
 */
import type { Kysely } from 'kysely';
import { MissingNodeError, selectNodeRanges } from '../audit/db-node-source.ts';
import type { NodeId } from '../audit/node-id.ts';
import { hashChildren } from '../audit/rfc6962.ts';
import { rangeNodes, splitPoint } from '../audit/tree-math.ts';
import type { Schema } from '../store/schema.ts';

/** Two wanted nodes this close on one level are read with everything between them. */
const MERGE_GAP = 64;
/** Most leaves read per query. */
const LEAVES_PER_QUERY = 20_000;

const key = (level: number, index: number): string => `${level}/${index}`;

/** The leaf ranges whose hashes form the inclusion proof of `index` (leaf's sibling first). */
function siblingRanges(index: number, size: number): Array<{ begin: number; end: number }> {
  const out: Array<{ begin: number; end: number }> = [];
  let begin = 0;
  let end = size;
  while (end - begin > 1) {
    const mid = begin + splitPoint(end - begin);
    if (index < mid) {
      out.push({ begin: mid, end });
      end = mid;
    } else {
      out.push({ begin, end: mid });
      begin = mid;
    }
  }
  return out.reverse();
}

/** Sorted distinct indexes → runs [lo, hi] merged across gaps ≤ MERGE_GAP. */
function runs(indexes: number[]): Array<{ lo: number; hi: number }> {
  indexes.sort((a, b) => a - b);
  const out: Array<{ lo: number; hi: number }> = [];
  for (const i of indexes) {
    const last = out[out.length - 1];
    if (last && i - last.hi <= MERGE_GAP) last.hi = Math.max(last.hi, i);
    else out.push({ lo: i, hi: i });
  }
  return out;
}

/**
 * The inclusion proof of each index in the stored tree of `size` leaves, in the order given.
 *
 * @example
 * const proofs = await inclusionProofs(log.db, log.logId, [3, 17, 40], 100);
 */
export async function inclusionProofs(
  db: Kysely<Schema>,
  logId: number,
  indexes: readonly number[],
  size: number,
): Promise<Buffer[][]> {
  const plans = indexes.map((index) => {
    if (!Number.isSafeInteger(index) || index < 0 || index >= size) {
      throw new RangeError(`index ${index} is not below tree size ${size}`);
    }
    return siblingRanges(index, size).map((r) => rangeNodes(r.begin, r.end));
  });
  const byLevel = new Map<number, Set<number>>();
  for (const plan of plans) {
    for (const ids of plan) {
      for (const id of ids) {
        let set = byLevel.get(id.level);
        if (!set) byLevel.set(id.level, (set = new Set()));
        set.add(id.index);
      }
    }
  }
  const nodes = new Map<string, Buffer>();
  for (const [level, set] of byLevel) {
    const levelRuns = runs([...set]);
    if (level === 0) {
      for (const r of levelRuns) {
        for (let lo = r.lo; lo <= r.hi; lo += LEAVES_PER_QUERY) {
          const hi = Math.min(r.hi, lo + LEAVES_PER_QUERY - 1);
          const rows = await db
            .selectFrom('audit_entries')
            .select(['idx', 'leaf_hash'])
            .where('log_id', '=', logId)
            .where('idx', '>=', lo)
            .where('idx', '<=', hi)
            .execute();
          for (const row of rows) nodes.set(key(0, Number(row.idx)), row.leaf_hash);
        }
      }
    } else {
      const rows = await selectNodeRanges(
        db,
        logId,
        levelRuns.map((r) => ({ level, lo: r.lo, hi: r.hi })),
      );
      for (const row of rows) nodes.set(key(row.level, row.idx), row.hash);
    }
  }
  const get = (id: NodeId): Buffer => {
    const h = nodes.get(key(id.level, id.index));
    if (!h) {
      throw new MissingNodeError(
        `audit log ${logId}: tree node level ${id.level} index ${id.index} is missing; run \`piguard audit verify\``,
      );
    }
    return h;
  };
  return plans.map((plan) =>
    plan.map((ids) => {
      // A range's hash: its perfect subtrees folded from the right (as merkle-proofs.ts does).
      let hash = get(ids[ids.length - 1]!);
      for (let i = ids.length - 2; i >= 0; i--) hash = hashChildren(get(ids[i]!), hash);
      return hash;
    }),
  );
}
