/**
 * A NodeSource over the audit tables: level-0 nodes are the entries' leaf hashes
 * (audit_entries.leaf_hash), higher levels come from audit_nodes. Each getNodes call is at most two
 * indexed queries, whatever the number of ids, so roots and proofs at any size are O(log n) reads
 * in one or two round trips.
 */
import type { Kysely } from 'kysely';
import { PiguardError } from '../core/errors.ts';
import type { Schema } from '../store/schema.ts';
import type { NodeId, NodeSource } from './node-id.ts';

/** A stored node the tree needs is missing: the tables were damaged or truncated. */
export class MissingNodeError extends PiguardError {}

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
      inner.length === 0
        ? []
        : this.#db
            .selectFrom('audit_nodes')
            .select(['level', 'idx', 'hash'])
            .where('log_id', '=', this.#logId)
            .where((eb) =>
              eb.or(
                inner.map((id) => eb.and([eb('level', '=', id.level), eb('idx', '=', id.index)])),
              ),
            )
            .execute(),
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
