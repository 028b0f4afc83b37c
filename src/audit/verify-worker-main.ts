/**
 * Body of an audit verify worker: checks whole chunks of a SQLite log through its own read-only
 * connection and answers with the chunk's subtree hashes, or that something looks wrong (the main
 * thread then re-runs the single-thread verifier, which names the problem).
 *
 * Protocol: `workerData` is `{ file, logId }`; each message in is a ChunkTask, each message out
 * the matching ChunkResult. A chunk [start, end) starts at a multiple of 2^level and holds at
 * most 2^level entries, so every stored node inside it is one of its own subtrees.
 */
import { parentPort, workerData } from 'node:worker_threads';
import BetterSqlite3 from 'better-sqlite3';
import { MAX_ENTRY_BYTES } from './audit-log.ts';
import { hashChildren } from './rfc6962.ts';
import { LeafHasher, type ChunkResult, type ChunkTask } from './verify-worker-protocol.ts';

const { file, logId } = workerData as { file: string; logId: number };
const conn = new BetterSqlite3(file, { readonly: true, fileMustExist: true });
// One column per statement, plucked: no per-row arrays, which cost more than the SQLite reads.
// Indexes are not read: `typeof(idx) = 'integer'` plus the primary key make "as many rows as the
// range is wide, in index order" mean exactly the indexes start..end-1, each once.
const range = (column: string, table: string, level: string) =>
  conn
    .prepare(
      `select ${column} from ${table} where log_id = ?${level} and idx >= ? and idx < ? and typeof(idx) = 'integer' order by idx`,
    )
    .pluck(true);
const entryStmt = range('entry', 'audit_entries', '');
const leafStmt = range('leaf_hash', 'audit_entries', '');
const nodeStmt = range('hash', 'audit_nodes', ' and level = ?');
const leafHasher = new LeafHasher();

/** Verifies one chunk; undefined when anything differs from a clean log. */
function verifyChunk(task: ChunkTask): Uint8Array[][] | undefined {
  const { start, end, targets } = task;
  const width = end - start;
  const entries = entryStmt.all(logId, start, end) as Buffer[];
  if (entries.length !== width) return undefined;
  const stored = leafStmt.all(logId, start, end) as Buffer[];
  if (stored.length !== width) return undefined;
  // levels[L][j]: the subtree at level L, index start / 2^L + j.
  const leaves: Buffer[] = new Array<Buffer>(width);
  for (let i = 0; i < width; i++) {
    const entry = entries[i]!;
    if (entry.length > MAX_ENTRY_BYTES) return undefined;
    const leaf = leafHasher.hash(entry);
    if (!leaf.equals(stored[i]!)) return undefined;
    leaves[i] = leaf;
  }
  const levels: Buffer[][] = [leaves];
  for (let level = 1; levels[level - 1]!.length >= 2; level++) {
    const below = levels[level - 1]!;
    const here: Buffer[] = new Array<Buffer>(below.length >> 1);
    for (let j = 0; j < here.length; j++) here[j] = hashChildren(below[2 * j]!, below[2 * j + 1]!);
    levels.push(here);
    const lo = start / 2 ** level;
    const hashes = nodeStmt.all(logId, level, lo, lo + here.length) as Buffer[];
    if (hashes.length !== here.length) return undefined;
    for (let j = 0; j < here.length; j++) if (!hashes[j]!.equals(here[j]!)) return undefined;
  }
  // Border of [start, t) for each target t: one subtree per one bit of t - start, largest first.
  return targets.map((t) => {
    const border: Uint8Array[] = [];
    let off = 0;
    for (let level = levels.length - 1; level >= 0; level--) {
      if (t - start - off >= 2 ** level) {
        border.push(levels[level]![off / 2 ** level]!);
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
