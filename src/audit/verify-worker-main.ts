/**
 * Body of an audit verify worker: checks whole chunks of a SQLite log through its own read-only
 * connection and answers with the chunk's subtree hashes, or that something looks wrong (the main
 * thread then re-runs the single-thread verifier, which names the problem).
 *
 * Protocol: `workerData` is `{ file, logId }`; each message in is a ChunkTask, each message out
 * the matching ChunkResult. A chunk [start, end) starts at a multiple of 2^level and holds at
 * most 2^level entries, so every stored node inside it is one of its own subtrees. Only the stored
 * levels (node-layout.ts) are compared; the others exist only as the fold of the level below.
 *
 * Speed (issue 3: verify 10 M entries in under a minute). Per-row Buffers were most of the cost:
 * each is a separately allocated backing store, and garbage collection of ~4 of them per entry
 * took a third of the worker's time. So rows are read in batches as ONE blob per column
 * (group_concat over an index-ordered subquery, cast back to a blob: SQLite copies the bytes
 * unchanged) plus the per-row byte lengths, and hashes are kept as 32-character latin1 strings
 * (ordinary V8 strings, cheap to collect) written into one reused input buffer for hashing.
 * Anything irregular — a row missing, a hash not 32 bytes, an entry too long, rows coming back in
 * another order — makes a hash or a count differ, and the chunk is reported as not clean.
 */
import * as nodeCrypto from 'node:crypto';
import { parentPort, workerData } from 'node:worker_threads';
import BetterSqlite3 from 'better-sqlite3';
import { MAX_ENTRY_BYTES } from './audit-log.ts';
import { isStoredLevel } from './node-layout.ts';
import { HASH_SIZE, LEAF_HASH_PREFIX, NODE_HASH_PREFIX } from './rfc6962.ts';
import type { ChunkResult, ChunkTask } from './verify-worker-protocol.ts';

const { file, logId } = workerData as { file: string; logId: number };
const conn = new BetterSqlite3(file, { readonly: true, fileMustExist: true });

/**
 * Entries per query: bounds one group_concat result (4,096 × 65,535 bytes < SQLite's 1e9-byte
 * value limit) and the worker's memory.
 */
const ROWS_PER_QUERY = 4096;

/**
 * One batch of rows as concatenated columns. `typeof(idx) = 'integer'` plus the primary key make
 * "count equals the range's width" mean exactly the indexes lo..hi-1, each once; the subquery's
 * ORDER BY is served by the primary-key index, so the concatenation follows index order.
 */
const entryStmt = conn
  .prepare(
    `select cast(group_concat(entry, '') as blob), group_concat(octet_length(entry)),
       cast(group_concat(leaf_hash, '') as blob), count(*),
       min(octet_length(leaf_hash)), max(octet_length(leaf_hash))
     from (select entry, leaf_hash from audit_entries
           where log_id = ? and idx >= ? and idx < ? and typeof(idx) = 'integer' order by idx)`,
  )
  .raw(true);
const nodeStmt = conn
  .prepare(
    `select cast(group_concat(hash, '') as blob), count(*), min(octet_length(hash)), max(octet_length(hash))
     from (select hash from audit_nodes
           where log_id = ? and level = ? and idx >= ? and idx < ? and typeof(idx) = 'integer' order by idx)`,
  )
  .raw(true);

type EntryBatch = [
  Buffer | null,
  string | null,
  Buffer | null,
  number,
  number | null,
  number | null,
];
type NodeBatch = [Buffer | null, number, number | null, number | null];

/** SHA-256 as a 32-character latin1 string ('binary' is Node's name for latin1 here). */
const sha256Latin1: (data: Uint8Array) => string =
  typeof nodeCrypto.hash === 'function'
    ? (data) => nodeCrypto.hash('sha256', data, 'binary')
    : (data) => nodeCrypto.createHash('sha256').update(data).digest('binary');

const leafInput = Buffer.alloc(1 + MAX_ENTRY_BYTES, LEAF_HASH_PREFIX);
const nodeInput = Buffer.alloc(1 + 2 * HASH_SIZE, NODE_HASH_PREFIX);

/** RFC 6962 node hash of two latin1-string hashes, as a latin1 string. */
function hashNode(left: string, right: string): string {
  nodeInput.write(left, 1, 'latin1');
  nodeInput.write(right, 1 + HASH_SIZE, 'latin1');
  return sha256Latin1(nodeInput);
}

/** Leaf hashes of entries [lo, hi), checked against the stored ones; undefined if anything differs. */
function leafHashes(lo: number, hi: number, out: string[]): boolean {
  const [entries, lengths, stored, count, minHash, maxHash] = entryStmt.get(
    logId,
    lo,
    hi,
  ) as EntryBatch;
  if (count !== hi - lo || entries === null || lengths === null || stored === null) return false;
  if (minHash !== HASH_SIZE || maxHash !== HASH_SIZE) return false;
  const storedHashes = stored.toString('latin1');
  const lens = lengths.split(',');
  if (lens.length !== count) return false;
  let offset = 0;
  for (let i = 0; i < count; i++) {
    const len = Number(lens[i]);
    if (!(len <= MAX_ENTRY_BYTES) || offset + len > entries.length) return false;
    entries.copy(leafInput, 1, offset, offset + len);
    offset += len;
    const leaf = sha256Latin1(leafInput.subarray(0, len + 1));
    if (!storedHashes.startsWith(leaf, i * HASH_SIZE)) return false;
    out.push(leaf);
  }
  return offset === entries.length;
}

/** Whether the stored nodes of `level` at indexes lo, lo+1, … are exactly `hashes`. */
function storedNodesMatch(level: number, lo: number, hashes: readonly string[]): boolean {
  const [stored, count, minHash, maxHash] = nodeStmt.get(
    logId,
    level,
    lo,
    lo + hashes.length,
  ) as NodeBatch;
  if (count !== hashes.length || stored === null) return false;
  if (minHash !== HASH_SIZE || maxHash !== HASH_SIZE) return false;
  const all = stored.toString('latin1');
  for (let j = 0; j < hashes.length; j++) {
    if (!all.startsWith(hashes[j]!, j * HASH_SIZE)) return false;
  }
  return true;
}

/** Verifies one chunk; undefined when anything differs from a clean log. */
function verifyChunk(task: ChunkTask): Uint8Array[][] | undefined {
  const { start, end, targets } = task;
  // levels[L][j]: the subtree at level L, index start / 2^L + j (latin1 strings).
  const leaves: string[] = [];
  for (let lo = start; lo < end; lo += ROWS_PER_QUERY) {
    if (!leafHashes(lo, Math.min(end, lo + ROWS_PER_QUERY), leaves)) return undefined;
  }
  const levels: string[][] = [leaves];
  for (let level = 1; levels[level - 1]!.length >= 2; level++) {
    const below = levels[level - 1]!;
    const here: string[] = new Array<string>(below.length >> 1);
    for (let j = 0; j < here.length; j++) here[j] = hashNode(below[2 * j]!, below[2 * j + 1]!);
    levels.push(here);
    if (isStoredLevel(level) && !storedNodesMatch(level, start / 2 ** level, here))
      return undefined;
  }
  // Border of [start, t) for each target t: one subtree per one bit of t - start, largest first.
  return targets.map((t) => {
    const border: Uint8Array[] = [];
    let off = 0;
    for (let level = levels.length - 1; level >= 0; level--) {
      if (t - start - off >= 2 ** level) {
        border.push(Buffer.from(levels[level]![off / 2 ** level]!, 'latin1'));
        off += 2 ** level;
      }
    }
    return border;
  });
}

parentPort!.on('message', (task: ChunkTask) => {
  let result: ChunkResult;
  try {
    const borders = verifyChunk(task);
    result = borders ? { start: task.start, ok: true, borders } : { start: task.start, ok: false };
  } catch (err) {
    result = { start: task.start, ok: false, error: (err as Error).message };
  }
  parentPort!.postMessage(result);
});
