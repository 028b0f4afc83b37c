/**
 * Reads C2SP tlog-tiles (hash tiles and entry bundles) straight from the audit tables, one indexed
 * range scan per tile: a tile's hashes are consecutive stored nodes of one tree level (level 0 =
 * audit_entries.leaf_hash, level 8·L = audit_nodes rows), so no per-hash query is needed.
 *
 * Invariant relied upon: the log stores every perfect subtree it completes (audit-log.ts), and rows
 * below a committed size never change. A tile whose hashes all lie below a signed checkpoint's size
 * is therefore complete and immutable; callers decide which checkpoint a request may see.
 */
import type { Kysely } from 'kysely';
import type { Schema } from '../store/schema.ts';
import { MissingNodeError } from './db-node-source.ts';
import { TILE_HEIGHT, TILE_WIDTH, TileError, encodeEntryBundle } from './tiles.ts';

/**
 * @example
 * const reader = new TileReader(db, 1);
 * const tile = await reader.tile(0, 273, 112);       // 112 leaf hashes, 3,584 bytes
 * const bundle = await reader.entryBundle(273, 112); // the entries behind that tile
 */
export class TileReader {
  readonly #db: Kysely<Schema>;
  readonly #logId: number;

  constructor(db: Kysely<Schema>, logId: number) {
    this.#db = db;
    this.#logId = logId;
  }

  /**
   * The bytes of tile (level, index) of `width` hashes: width × 32 bytes.
   * Throws MissingNodeError when a hash is not stored (beyond the log's size, or damaged tables).
   *
   * @example
   * const body = await reader.tile(1, 0, 17); // level-1 tile: hashes of 256-leaf subtrees 0..16
   */
  async tile(level: number, index: number, width: number): Promise<Buffer> {
    checkTile(level, index, width);
    const lo = index * TILE_WIDTH;
    const hi = lo + width - 1;
    let hashes: Buffer[];
    if (level === 0) {
      const rows = await this.#db
        .selectFrom('audit_entries')
        .select(['idx', 'leaf_hash'])
        .where('log_id', '=', this.#logId)
        .where('idx', '>=', lo)
        .where('idx', '<=', hi)
        .orderBy('idx')
        .execute();
      hashes = this.#complete(rows, 0, lo, width).map((r) => r.leaf_hash);
    } else {
      const treeLevel = level * TILE_HEIGHT;
      const rows = await this.#db
        .selectFrom('audit_nodes')
        .select(['idx', 'hash'])
        .where('log_id', '=', this.#logId)
        .where('level', '=', treeLevel)
        .where('idx', '>=', lo)
        .where('idx', '<=', hi)
        .orderBy('idx')
        .execute();
      hashes = this.#complete(rows, treeLevel, lo, width).map((r) => r.hash);
    }
    return Buffer.concat(hashes);
  }

  /**
   * The entry bundle behind level-0 tile `index` of `width` entries (uint16 BE length-prefixed
   * canonical JSON entries, in index order).
   *
   * @example
   * const entries = decodeEntryBundle(await reader.entryBundle(0, 256));
   */
  async entryBundle(index: number, width: number): Promise<Buffer> {
    checkTile(0, index, width);
    const lo = index * TILE_WIDTH;
    const rows = await this.#db
      .selectFrom('audit_entries')
      .select(['idx', 'entry'])
      .where('log_id', '=', this.#logId)
      .where('idx', '>=', lo)
      .where('idx', '<=', lo + width - 1)
      .orderBy('idx')
      .execute();
    return encodeEntryBundle(this.#complete(rows, 0, lo, width).map((r) => r.entry));
  }

  /** Rows must be exactly lo, lo+1, …, lo+width−1 (both engines may return idx as number). */
  #complete<R extends { idx: number }>(rows: R[], level: number, lo: number, width: number): R[] {
    for (let i = 0; i < width; i++) {
      if (rows[i] === undefined || Number(rows[i]!.idx) !== lo + i) {
        throw new MissingNodeError(
          `audit log ${this.#logId}: tree node level ${level} index ${lo + i} is not stored`,
        );
      }
    }
    return rows;
  }
}

function checkTile(level: number, index: number, width: number): void {
  if (!Number.isInteger(level) || level < 0 || level * TILE_HEIGHT > 63) {
    throw new TileError(`tile level ${level} is beyond any tree this log can hold`);
  }
  if (!Number.isSafeInteger(index) || index < 0) throw new TileError(`bad tile index ${index}`);
  if (!Number.isInteger(width) || width < 1 || width > TILE_WIDTH) {
    throw new TileError(`tile width must be 1..${TILE_WIDTH}, got ${width}`);
  }
}
