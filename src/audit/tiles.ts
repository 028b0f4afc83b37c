/**
 * C2SP tlog-tiles: the log's tree cut into tiles of 256 hashes, served as static, immutable files.
 * Tile N at tile level L holds the hashes of the perfect subtrees of height 8·L numbered
 * N·256 … N·256+255 (level-0 tiles hold leaf hashes); a tile with fewer than 256 of them is a
 * partial tile, served at `.p/<W>`. Entry bundles carry the entries behind a level-0 tile.
 */
import { PiguardError } from '../core/errors.ts';
import type { NodeId, NodeSource } from './node-id.ts';

/** Hashes per full tile (the spec's tile height is 8: 2^8 = 256). */
export const TILE_WIDTH = 256;
/** Tree levels per tile level. */
export const TILE_HEIGHT = 8;
/** Highest tile level a path may name. */
export const MAX_TILE_LEVEL = 63;
/** Largest entry an entry bundle can carry (uint16 length prefix). */
export const MAX_BUNDLE_ENTRY_SIZE = 0xffff;

/**
 * A path or bundle that does not follow tlog-tiles.
 *
 * @example
 * try { parseTilePath(url); } catch (e) { if (e instanceof TileError) reply(404); }
 */
export class TileError extends PiguardError {}

/**
 * Path of a hash tile: `tile/<L>/<N>[.p/<W>]`. A width of 256 (or none) is a full tile.
 *
 * @example
 * tilePath(0, 1234067, 5); // 'tile/0/x001/x234/067.p/5'
 * tilePath(1, 5);          // 'tile/1/005'
 */
export function tilePath(level: number, index: number, width?: number): string {
  if (!Number.isInteger(level) || level < 0 || level > MAX_TILE_LEVEL) {
    throw new TileError(`tile level must be 0..${MAX_TILE_LEVEL}, got ${level}`);
  }
  return `tile/${level}/${encodeIndex(index)}${widthSuffix(width)}`;
}

/**
 * Path of an entry bundle: `tile/entries/<N>[.p/<W>]`.
 *
 * @example
 * entriesPath(273, 112); // 'tile/entries/273.p/112'
 */
export function entriesPath(index: number, width?: number): string {
  return `tile/entries/${encodeIndex(index)}${widthSuffix(width)}`;
}

/**
 * Parses a tile or entry-bundle path (relative to the log prefix); throws TileError when the path
 * is not in the one canonical spelling. `width` is set for partial tiles only.
 *
 * @example
 * parseTilePath('tile/0/x001/x234/067.p/5'); // { level: 0, index: 1234067, width: 5, entries: false }
 * parseTilePath('tile/entries/005');          // { level: 0, index: 5, entries: true }
 */
export function parseTilePath(path: string): {
  level: number;
  index: number;
  width?: number;
  entries: boolean;
} {
  const m =
    /^tile\/(entries|0|[1-9][0-9]?)\/((?:x[0-9]{3}\/)*[0-9]{3})(?:\.p\/([1-9][0-9]{0,2}))?$/.exec(
      path,
    );
  if (m === null) throw new TileError('not a tile path');
  const [, levelText, indexText, widthText] = m as unknown as [string, string, string, string?];
  const entries = levelText === 'entries';
  const level = entries ? 0 : Number(levelText);
  if (level > MAX_TILE_LEVEL) throw new TileError(`tile level above ${MAX_TILE_LEVEL}`);
  const groups = indexText.split('/');
  if (groups.length > 1 && groups[0] === 'x000')
    throw new TileError('tile index has leading zeros');
  const index = Number(groups.map((g) => g.replace('x', '')).join(''));
  if (!Number.isSafeInteger(index)) throw new TileError('tile index is too large');
  const result: { level: number; index: number; width?: number; entries: boolean } = {
    level,
    index,
    entries,
  };
  if (widthText !== undefined) {
    const width = Number(widthText);
    if (width >= TILE_WIDTH) throw new TileError(`partial tile width must be 1..${TILE_WIDTH - 1}`);
    result.width = width;
  }
  return result;
}

/**
 * How many hashes tile `index` at tile level `level` holds in a tree of `treeSize` leaves:
 * 256 for a full tile, 1..255 for a partial one, 0 when the tile does not exist yet.
 *
 * @example
 * tileWidthAt(0, 273, 70_000); // 112
 * tileWidthAt(2, 0, 70_000);   // 1
 */
export function tileWidthAt(level: number, index: number, treeSize: number): number {
  const nodes = Math.floor(treeSize / TILE_WIDTH ** level);
  return Math.max(0, Math.min(TILE_WIDTH, nodes - index * TILE_WIDTH));
}

/**
 * Every tile of a tree of `treeSize` leaves, level by level: what a log serves for that size.
 *
 * @example
 * tilesForSize(70_000).filter((t) => t.level === 1); // [{ level: 1, index: 0, width: 256 }, { … width: 17 }]
 */
export function tilesForSize(treeSize: number): { level: number; index: number; width: number }[] {
  const tiles: { level: number; index: number; width: number }[] = [];
  for (let level = 0; TILE_WIDTH ** level <= treeSize; level++) {
    const nodes = Math.floor(treeSize / TILE_WIDTH ** level);
    for (let index = 0; index * TILE_WIDTH < nodes; index++) {
      tiles.push({ level, index, width: tileWidthAt(level, index, treeSize) });
    }
  }
  return tiles;
}

/**
 * The bytes of tile (level, index) of the given width: `width` concatenated 32-byte hashes of the
 * perfect subtrees at tree level 8·level, read in one getNodes call.
 *
 * @example
 * const body = await readTile(0, 273, 112, source); // 3,584 bytes
 */
export async function readTile(
  level: number,
  index: number,
  width: number,
  source: NodeSource,
): Promise<Buffer> {
  if (!Number.isInteger(width) || width < 1 || width > TILE_WIDTH) {
    throw new TileError(`tile width must be 1..${TILE_WIDTH}, got ${width}`);
  }
  if (!Number.isSafeInteger(index) || index < 0) throw new TileError(`bad tile index ${index}`);
  if (!Number.isInteger(level) || level < 0 || level > MAX_TILE_LEVEL) {
    throw new TileError(`bad tile level ${level}`);
  }
  const ids: NodeId[] = [];
  for (let i = 0; i < width; i++) {
    ids.push({ level: level * TILE_HEIGHT, index: index * TILE_WIDTH + i });
  }
  return Buffer.concat(await source.getNodes(ids));
}

/**
 * An entry bundle: each entry prefixed with its length as a big-endian uint16.
 *
 * @example
 * encodeEntryBundle([Buffer.from('ab')]); // <Buffer 00 02 61 62>
 */
export function encodeEntryBundle(entries: readonly Uint8Array[]): Buffer {
  const parts: Buffer[] = [];
  for (const entry of entries) {
    if (entry.length > MAX_BUNDLE_ENTRY_SIZE) {
      throw new TileError(`entry of ${entry.length} bytes does not fit an entry bundle`);
    }
    const prefix = Buffer.alloc(2);
    prefix.writeUInt16BE(entry.length);
    parts.push(prefix, Buffer.from(entry.buffer, entry.byteOffset, entry.length));
  }
  return Buffer.concat(parts);
}

/**
 * Splits an entry bundle back into its entries; throws TileError on a truncated bundle.
 *
 * @example
 * decodeEntryBundle(Buffer.from([0, 2, 0x61, 0x62])); // [<Buffer 61 62>]
 */
export function decodeEntryBundle(bundle: Buffer): Buffer[] {
  const entries: Buffer[] = [];
  for (let at = 0; at < bundle.length;) {
    if (at + 2 > bundle.length) throw new TileError('entry bundle ends inside a length prefix');
    const length = bundle.readUInt16BE(at);
    if (at + 2 + length > bundle.length) throw new TileError('entry bundle ends inside an entry');
    entries.push(bundle.subarray(at + 2, at + 2 + length));
    at += 2 + length;
  }
  return entries;
}

/** N as 3-digit groups, all but the last prefixed with 'x'. */
function encodeIndex(index: number): string {
  if (!Number.isSafeInteger(index) || index < 0) throw new TileError(`bad tile index ${index}`);
  const groups: string[] = [];
  let n = index;
  do {
    groups.unshift(String(n % 1000).padStart(3, '0'));
    n = Math.floor(n / 1000);
  } while (n > 0);
  return groups.map((g, i) => (i < groups.length - 1 ? `x${g}` : g)).join('/');
}

function widthSuffix(width: number | undefined): string {
  if (width === undefined || width === TILE_WIDTH) return '';
  if (!Number.isInteger(width) || width < 1 || width > TILE_WIDTH) {
    throw new TileError(`tile width must be 1..${TILE_WIDTH}, got ${width}`);
  }
  return `.p/${width}`;
}
