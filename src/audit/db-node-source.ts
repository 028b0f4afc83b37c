/**
 * A NodeSource over the audit tables: level-0 nodes are the entries' leaf hashes
 * (audit_entries.leaf_hash), stored interior levels come from audit_nodes, and the levels in
 * between are folded from the stored level below them (node-layout.ts). Each getNodes call is one
 * statement of primary-key range scans whatever the number of ids, so roots and proofs at any size
 * are O(log n) reads in one round trip.
 */
import { sql, type Kysely } from 'kysely';
import { PiguardError } from '../core/errors.ts';
import type { Schema } from '../store/schema.ts';
import type { NodeId, NodeSource } from './node-id.ts';
import {
  baseRange,
  foldPerfect,
  isStoredLevel,
  storedBaseLevel,
  type BaseRange,
} from './node-layout.ts';

/** A stored node the tree needs is missing: the tables were damaged or truncated. */
export class MissingNodeError extends PiguardError {}

/** Compound SELECTs per statement (SQLite allows 500). */
const MAX_UNION_PARTS = 400;

/** A node row: its level, index and hash. */
export interface NodeRow {
  level: number;
  idx: number;
  hash: Buffer;
}

/** An inclusive index range of one tree level. */
export interface LevelRange {
  level: number;
  lo: number;
  hi: number;
}

const key = (level: number, index: number) => `${level}/${index}`;

/**
 * Reads the rows actually stored in each inclusive range — level 0 from audit_entries.leaf_hash,
 * stored interior levels (node-layout.ts) from audit_nodes — as one UNION ALL of primary-key range
 * scans per statement. (An OR of (level, idx) conditions defeats SQLite's planner and scans the
 * whole table; UNION ALL keeps every part an index lookup on both engines.) Rows come back in no
 * particular order; missing rows are simply absent.
 *
 * @example
 * const rows = await selectStoredRanges(db, 1, [{ level: 0, lo: 0, hi: 7 }, { level: 4, lo: 2, hi: 2 }]);
 */
export async function selectStoredRanges(
  db: Kysely<Schema>,
  logId: number,
  ranges: readonly LevelRange[],
): Promise<NodeRow[]> {
  const out: NodeRow[] = [];
  for (let i = 0; i < ranges.length; i += MAX_UNION_PARTS) {
    const parts = ranges.slice(i, i + MAX_UNION_PARTS).map((r) => {
      if (r.level !== 0 && !isStoredLevel(r.level)) {
        throw new RangeError(`tree level ${r.level} is not stored`);
      }
      const where =
        r.lo === r.hi
          ? sql`log_id = ${logId} and idx = ${r.lo}`
          : sql`log_id = ${logId} and idx >= ${r.lo} and idx <= ${r.hi}`;
      return r.level === 0
        ? sql`select 0 as level, idx, leaf_hash as hash from audit_entries where ${where}`
        : sql`select level, idx, hash from audit_nodes where level = ${r.level} and ${where}`;
    });
    const { rows } = await sql<NodeRow>`${sql.join(parts, sql` union all `)}`.execute(db);
    for (const r of rows) out.push({ level: Number(r.level), idx: Number(r.idx), hash: r.hash });
  }
  return out;
}

/**
 * The nodes (level ≥ 1) in each inclusive index range, whether their level is stored or folded
 * from the stored level below (node-layout.ts). A node whose stored rows are incomplete is left
 * out, as a missing row would be.
 *
 * @example
 * const rows = await selectNodeRanges(db, 1, [{ level: 1, lo: 0, hi: 99 }, { level: 2, lo: 0, hi: 49 }]);
 */
export async function selectNodeRanges(
  db: Kysely<Schema>,
  logId: number,
  ranges: readonly LevelRange[],
): Promise<NodeRow[]> {
  const base = ranges.map((r) => {
    const level = storedBaseLevel(r.level);
    const f = 2 ** (r.level - level);
    return { level, lo: r.lo * f, hi: (r.hi + 1) * f - 1 };
  });
  const rows = await selectStoredRanges(db, logId, base);
  if (ranges.every((r) => isStoredLevel(r.level))) return rows;
  const stored = new Map<string, Buffer>();
  for (const r of rows) stored.set(key(r.level, r.idx), r.hash);
  const out: NodeRow[] = [];
  const below: Buffer[] = [];
  for (const r of ranges) {
    const level = storedBaseLevel(r.level);
    const f = 2 ** (r.level - level);
    for (let idx = r.lo; idx <= r.hi; idx++) {
      below.length = 0;
      for (let j = 0; j < f; j++) {
        const h = stored.get(key(level, idx * f + j));
        if (!h) break;
        below.push(h);
      }
      if (below.length === f) out.push({ level: r.level, idx, hash: foldPerfect(below) });
    }
  }
  return out;
}

/** Stored ranges of one level this close together are read as one (with the rows between). */
const COALESCE_GAP = 16;

/**
 * The ranges of stored rows the base ranges need, sorted and merged per level across small gaps.
 * A proof's siblings below a stored level all lie in one aligned block of 16 stored hashes, so a
 * proof reads about one range per 4 tree levels instead of one per level: fewer UNION parts to
 * parse, which is most of a small read's cost.
 */
function coalesce(plans: readonly BaseRange[]): LevelRange[] {
  const sorted = [...plans].sort((a, b) => a.level - b.level || a.lo - b.lo);
  const out: LevelRange[] = [];
  for (const p of sorted) {
    const hi = p.lo + p.count - 1;
    const last = out[out.length - 1];
    if (last && last.level === p.level && p.lo <= last.hi + 1 + COALESCE_GAP) {
      last.hi = Math.max(last.hi, hi);
    } else {
      out.push({ level: p.level, lo: p.lo, hi });
    }
  }
  return out;
}

/**
 * @example
 * const source = new DbNodeSource(db, 1);
 * const proof = await inclusionProof(42, 1000, source);
 */
export class DbNodeSource implements NodeSource {
  readonly #db: Kysely<Schema>;
  readonly #logId: number;

  /** `db` may be a transaction, so reads see that transaction's writes. */
  constructor(db: Kysely<Schema>, logId: number) {
    this.#db = db;
    this.#logId = logId;
  }

  async getNodes(ids: readonly NodeId[]): Promise<Buffer[]> {
    if (ids.length === 0) return [];
    const plans = ids.map(baseRange);
    const found = new Map<string, Buffer>();
    for (const r of await selectStoredRanges(this.#db, this.#logId, coalesce(plans))) {
      found.set(key(r.level, r.idx), r.hash);
    }
    return plans.map((p, i) => {
      const hashes: Buffer[] = [];
      for (let j = 0; j < p.count; j++) {
        const hash = found.get(key(p.level, p.lo + j));
        if (!hash) {
          const id = ids[i]!;
          throw new MissingNodeError(
            `audit log ${this.#logId}: tree node level ${id.level} index ${id.index} is missing; run \`piguard audit verify\``,
          );
        }
        hashes.push(hash);
      }
      return foldPerfect(hashes);
    });
  }
}
