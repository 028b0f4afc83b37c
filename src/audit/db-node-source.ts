/**
 * A NodeSource over the audit tables: level-0 nodes are the entries' leaf hashes
 * (audit_entries.leaf_hash), higher levels come from audit_nodes. Each getNodes call is at most two
 * indexed queries, whatever the number of ids, so roots and proofs at any size are O(log n) reads
 * in one or two round trips.
 */
import { sql, type Kysely } from 'kysely';
import { PiguardError } from '../core/errors.ts';
import type { Schema } from '../store/schema.ts';
import type { NodeId, NodeSource } from './node-id.ts';

/** A stored node the tree needs is missing: the tables were damaged or truncated. */
export class MissingNodeError extends PiguardError {}

/** Compound SELECTs per statement (SQLite allows 500). */
const MAX_UNION_PARTS = 400;

/** A stored node row. */
export interface NodeRow {
  level: number;
  idx: number;
  hash: Buffer;
}

/**
 * Reads the stored nodes (level ≥ 1) in each inclusive index range, as one UNION ALL of primary-key
 * range scans per statement. (An OR of (level, idx) conditions defeats SQLite's planner and scans
 * the whole table; UNION ALL keeps every part an index lookup on both engines.)
 *
 * @example
 * const rows = await selectNodeRanges(db, 1, [{ level: 1, lo: 0, hi: 99 }, { level: 2, lo: 0, hi: 49 }]);
 */
export async function selectNodeRanges(
  db: Kysely<Schema>,
  logId: number,
  ranges: ReadonlyArray<{ level: number; lo: number; hi: number }>,
): Promise<NodeRow[]> {
  const out: NodeRow[] = [];
  for (let i = 0; i < ranges.length; i += MAX_UNION_PARTS) {
    const parts = ranges
      .slice(i, i + MAX_UNION_PARTS)
      .map((r) =>
        r.lo === r.hi
          ? sql`select level, idx, hash from audit_nodes where log_id = ${logId} and level = ${r.level} and idx = ${r.lo}`
          : sql`select level, idx, hash from audit_nodes where log_id = ${logId} and level = ${r.level} and idx >= ${r.lo} and idx <= ${r.hi}`,
      );
    const { rows } = await sql<NodeRow>`${sql.join(parts, sql` union all `)}`.execute(db);
    for (const r of rows) out.push({ level: Number(r.level), idx: Number(r.idx), hash: r.hash });
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
    const key = (level: number, index: number) => `${level}/${index}`;
    const found = new Map<string, Buffer>();
    const leaves = ids.filter((id) => id.level === 0).map((id) => id.index);
    const inner = ids.filter((id) => id.level > 0);
    const [leafRows, nodeRows] = await Promise.all([
      leaves.length === 0
        ? []
        : this.#db
            .selectFrom('audit_entries')
            .select(['idx', 'leaf_hash'])
            .where('log_id', '=', this.#logId)
            .where('idx', 'in', leaves)
            .execute(),
      selectNodeRanges(
        this.#db,
        this.#logId,
        inner.map((id) => ({ level: id.level, lo: id.index, hi: id.index })),
      ),
    ]);
    for (const r of leafRows) found.set(key(0, r.idx), r.leaf_hash);
    for (const r of nodeRows) found.set(key(r.level, r.idx), r.hash);
    return ids.map((id) => {
      const hash = found.get(key(id.level, id.index));
      if (!hash) {
        throw new MissingNodeError(
          `audit log ${this.#logId}: tree node level ${id.level} index ${id.index} is missing; run \`piguard audit verify\``,
        );
      }
      return hash;
    });
  }
}
