/**
 * Re-derives a clean SQLite log's tree on worker threads (issue 3: `audit verify` of 10 M entries
 * in under a minute). The log is cut into chunks of 2^level entries, each an aligned perfect
 * subtree (the last may be short); workers verify whole chunks — entries, leaf hashes, index
 * sequence, every stored node inside the chunk — through their own read-only connections, and
 * the main thread combines the chunk roots, compares the few nodes above the chunks, and derives
 * the root at every requested tree size.
 *
 * It only ever says "all clean, here are the roots" or "no answer" (undefined): on anything that
 * looks wrong the caller re-runs the single-thread verifier, so problem reports stay the same.
 */
import { Worker } from 'node:worker_threads';
import BetterSqlite3 from 'better-sqlite3';
import { CompactRange } from './compact-range.ts';
import { isStoredLevel } from './node-layout.ts';
import { emptyRoot, hashChildren } from './rfc6962.ts';
import type { ChunkResult, ChunkTask } from './verify-worker-protocol.ts';
import { workerEntry } from '../core/worker-entry.ts';

export interface ParallelDeriveOptions {
  /** The SQLite database file. */
  file: string;
  logId: number;
  /** Entries [0, size) exist (the caller checked the lowest and highest index). */
  size: number;
  /** Tree sizes whose roots are wanted; those above `size` are ignored. */
  targets: readonly number[];
  workers: number;
  /** Chunks hold 2^chunkLevel entries. */
  chunkLevel: number;
  onProgress?: (done: number) => void;
}

export interface ParallelDerivation {
  size: number;
  root: Buffer;
  /** Root at each target size ≤ size. */
  roots: Map<number, Buffer>;
}

const asBuffer = (u: Uint8Array) => Buffer.from(u.buffer, u.byteOffset, u.byteLength);

/** The root of a tree from its border (perfect subtree hashes, left to right). */
function foldBorder(border: readonly Buffer[]): Buffer {
  if (border.length === 0) return emptyRoot();
  let hash = border[border.length - 1]!;
  for (let i = border.length - 2; i >= 0; i--) hash = hashChildren(border[i]!, hash);
  return hash;
}

/**
 * Verifies a clean log on worker threads; undefined when anything differs (or a worker failed).
 *
 * @example
 * const derived = await deriveInParallel({ file, logId: 1, size: n, targets: [n], workers: 2, chunkLevel: 16 });
 * if (!derived) runSingleThreadVerifier();
 */
export async function deriveInParallel(
  options: ParallelDeriveOptions,
): Promise<ParallelDerivation | undefined> {
  const { file, logId, size, chunkLevel } = options;
  const chunkSize = 2 ** chunkLevel;
  const targets = [...new Set([...options.targets, size])]
    .filter((t) => t >= 0 && t <= size)
    .sort((a, b) => a - b);
  const tasks: ChunkTask[] = [];
  for (let start = 0, ti = 0; start < size; start += chunkSize) {
    const end = Math.min(start + chunkSize, size);
    const inside: number[] = [];
    while (ti < targets.length && targets[ti]! <= start) ti++;
    for (let j = ti; j < targets.length && targets[j]! < end; j++) inside.push(targets[j]!);
    inside.push(end); // last: the chunk's own border (its root when the chunk is full)
    tasks.push({ start, end, targets: inside });
  }

  const results = await runTasks(options, tasks);
  if (!results) return undefined;

  // Above the chunks: a compact range over the full chunks' roots, snapshotted where needed.
  const fullChunks = Math.floor(size / chunkSize);
  const wantSnapshot = new Set(targets.map((t) => Math.floor(t / chunkSize)));
  const snapshots = new Map<number, readonly Buffer[]>();
  const above = CompactRange.empty();
  const completed: Array<{ level: number; index: number; hash: Buffer }> = [];
  if (wantSnapshot.has(0)) snapshots.set(0, []);
  for (let c = 0; c < fullChunks; c++) {
    const own = results[c]!.borders;
    const root = asBuffer(own[own.length - 1]![0]!);
    above.extend(root, (level, index, hash) => {
      if (isStoredLevel(level + chunkLevel))
        completed.push({ level: level + chunkLevel, index, hash });
    });
    if (wantSnapshot.has(c + 1)) snapshots.set(c + 1, above.border);
  }
  if (!nodesAboveMatch(file, logId, chunkLevel, completed)) return undefined;

  const rootAt = (t: number): Buffer => {
    const c = Math.floor(t / chunkSize);
    const border = [...snapshots.get(c)!];
    if (t > c * chunkSize) {
      const task = tasks[c]!;
      const inChunk = results[c]!.borders[task.targets.indexOf(t)]!;
      for (const h of inChunk) border.push(asBuffer(h));
    }
    return foldBorder(border);
  };
  const roots = new Map<number, Buffer>();
  for (const t of targets) roots.set(t, rootAt(t));
  return { size, root: roots.get(size)!, roots };
}

/** Runs every task on a pool of workers; undefined as soon as one chunk is not clean. */
async function runTasks(
  options: ParallelDeriveOptions,
  tasks: readonly ChunkTask[],
): Promise<Array<Extract<ChunkResult, { ok: true }>> | undefined> {
  const results: Array<Extract<ChunkResult, { ok: true }>> = new Array(tasks.length);
  const indexOf = new Map(tasks.map((task, i) => [task.start, i]));
  const workers: Worker[] = [];
  let next = 0;
  let done = 0;
  let entriesDone = 0;
  try {
    return await new Promise((resolve) => {
      let settled = false;
      const finish = (value: typeof results | undefined) => {
        if (settled) return;
        settled = true;
        resolve(value);
      };
      const feed = (w: Worker) => {
        if (next < tasks.length) w.postMessage(tasks[next++]);
      };
      const count = Math.max(1, Math.min(options.workers, tasks.length));
      for (let i = 0; i < count; i++) {
        const w = new Worker(workerEntry(import.meta.url, 'verify-worker'), {
          workerData: { file: options.file, logId: options.logId },
        });
        workers.push(w);
        w.on('error', () => finish(undefined));
        w.on('exit', () => finish(undefined)); // before all results: it died
        w.on('message', (result: ChunkResult) => {
          if (!result.ok) return finish(undefined);
          const i = indexOf.get(result.start)!;
          results[i] = result;
          entriesDone += tasks[i]!.end - tasks[i]!.start;
          options.onProgress?.(entriesDone);
          if (++done === tasks.length) return finish(results);
          feed(w);
        });
        feed(w);
      }
    });
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}

/**
 * Every node at a stored level above the chunk level that the chunk roots complete is stored, with
 * that hash.
 */
function nodesAboveMatch(
  file: string,
  logId: number,
  chunkLevel: number,
  completed: ReadonlyArray<{ level: number; index: number; hash: Buffer }>,
): boolean {
  if (completed.length === 0) return true;
  const conn = new BetterSqlite3(file, { readonly: true, fileMustExist: true });
  try {
    const rows = conn
      .prepare('select level, idx, hash from audit_nodes where log_id = ? and level > ?')
      .raw(true)
      .all(logId, chunkLevel) as Array<[number, number, Buffer]>;
    const stored = new Map(rows.map(([level, idx, hash]) => [`${level}:${idx}`, hash]));
    return completed.every((n) => {
      const hash = stored.get(`${n.level}:${n.index}`);
      return Buffer.isBuffer(hash) && hash.equals(n.hash);
    });
  } finally {
    conn.close();
  }
}
