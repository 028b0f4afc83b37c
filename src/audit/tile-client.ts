/**
 * The client side of C2SP tlog-tiles: a NodeSource that computes any perfect-subtree hash of a
 * tree from that tree's tiles, fetched on demand. With it, the ordinary proof code
 * (merkle-proofs.ts) builds inclusion and consistency proofs from a log's public tiles alone, and
 * a client verifies them against a checkpoint it checked itself: nothing served is trusted.
 *
 * A node at tree level h = 8·L + r (0 ≤ r < 8) is the root of 2^r consecutive hashes of tile level
 * L, all in one tile (2^r divides 256 and the node is aligned), so one tile fetch yields it.
 */
import { parseCheckpoint, type Checkpoint } from './checkpoint.ts';
import type { NodeId, NodeSource } from './node-id.ts';
import { HASH_SIZE, hashChildren } from './rfc6962.ts';
import { openNote, verifierFromKey } from './signed-note.ts';
import { TILE_HEIGHT, TILE_WIDTH, TileError, tilePath, tileWidthAt } from './tiles.ts';

/** Fetches a path relative to the log prefix (e.g. `tile/0/000.p/5`, `checkpoint`). */
export type TileFetch = (path: string) => Promise<Buffer>;

/**
 * Fetches `checkpoint`, verifies its signature with the log's verifier key and parses it.
 * Throws (NoteError, CheckpointError) when it is not a checkpoint signed by that key.
 *
 * @example
 * const cp = await fetchVerifiedCheckpoint(fetchTile, 'piguard.example/audit+1a2b3c4d+AeQ…');
 * const source = new TileNodeSource(cp.size, fetchTile);
 */
export async function fetchVerifiedCheckpoint(
  fetch: TileFetch,
  verifierKey: string,
): Promise<Checkpoint> {
  const note = (await fetch('checkpoint')).toString('utf8');
  const verifier = verifierFromKey(verifierKey);
  const { text } = openNote(note, [verifier]);
  const cp = parseCheckpoint(text);
  if (cp.origin !== verifier.name) {
    throw new TileError(`checkpoint origin ${cp.origin} is not the key's log ${verifier.name}`);
  }
  return cp;
}

/**
 * @example
 * const source = new TileNodeSource(cp.size, fetchTile);
 * const proof = await inclusionProof(42, cp.size, source);
 * verifyInclusion(leafHash, 42, cp.size, proof, cp.rootHash);
 */
export class TileNodeSource implements NodeSource {
  readonly #treeSize: number;
  readonly #fetch: TileFetch;
  /** Tiles by path; each is fetched once (tiles for one tree size never change). */
  readonly #tiles = new Map<string, Promise<Buffer>>();

  /** `treeSize` is the size of the (verified) checkpoint whose tiles are read. */
  constructor(treeSize: number, fetch: TileFetch) {
    if (!Number.isSafeInteger(treeSize) || treeSize < 0) {
      throw new RangeError(`tree size must be a non-negative safe integer, got ${treeSize}`);
    }
    this.#treeSize = treeSize;
    this.#fetch = fetch;
  }

  async getNodes(ids: readonly NodeId[]): Promise<Buffer[]> {
    return Promise.all(ids.map((id) => this.#node(id)));
  }

  async #node(id: NodeId): Promise<Buffer> {
    const { level, index } = id;
    if (!Number.isInteger(level) || level < 0 || !Number.isSafeInteger(index) || index < 0) {
      throw new RangeError(`bad node id ${level}/${index}`);
    }
    if ((index + 1) * 2 ** level > this.#treeSize) {
      throw new RangeError(`node ${level}/${index} is not in a tree of size ${this.#treeSize}`);
    }
    const tileLevel = Math.floor(level / TILE_HEIGHT);
    const span = 2 ** (level % TILE_HEIGHT);
    const first = index * span; // first hash, counted across tile level `tileLevel`
    const tileIndex = Math.floor(first / TILE_WIDTH);
    const tile = await this.#tile(tileLevel, tileIndex);
    const offset = first - tileIndex * TILE_WIDTH;
    let layer: Buffer[] = [];
    for (let i = 0; i < span; i++) {
      const at = (offset + i) * HASH_SIZE;
      layer.push(tile.subarray(at, at + HASH_SIZE));
    }
    while (layer.length > 1) {
      const next: Buffer[] = [];
      for (let i = 0; i < layer.length; i += 2) next.push(hashChildren(layer[i]!, layer[i + 1]!));
      layer = next;
    }
    return Buffer.from(layer[0]!);
  }

  #tile(level: number, index: number): Promise<Buffer> {
    const width = tileWidthAt(level, index, this.#treeSize);
    const path = tilePath(level, index, width);
    let tile = this.#tiles.get(path);
    if (!tile) {
      tile = this.#fetch(path).then((body) => {
        if (body.length !== width * HASH_SIZE) {
          throw new TileError(`${path}: ${body.length} bytes, expected ${width * HASH_SIZE}`);
        }
        return body;
      });
      // A failed fetch must not poison later reads.
      tile.catch(() => this.#tiles.delete(path));
      this.#tiles.set(path, tile);
    }
    return tile;
  }
}
