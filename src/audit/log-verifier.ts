/**
 * What `piguard audit verify` does: re-derive the whole tree from the stored entries (streaming,
 * with a CompactRange, so memory stays O(log n)), trusting nothing else in the database, and
 * compare everything against it:
 *
 * - each entry's recomputed leaf hash against its stored leaf hash (names edited / moved entries),
 * - gaps in the index sequence (deleted entries) and entries past the head,
 * - every stored tree node (the stored levels, node-layout.ts) against the re-derived one, and
 *   extra nodes beyond the tree,
 * - the head's size and root,
 * - every stored and every published checkpoint: signature, origin, root at its size, and
 *   consistency with the others (two checkpoints that both match the re-derived tree are
 *   consistent by construction; one that does not is named, with the reason).
 *
 * Problems name entry indexes, sizes and hashes only, never entry contents.
 */
import { availableParallelism } from 'node:os';
import type { Kysely } from 'kysely';
import type { Schema } from '../store/schema.ts';
import { parseCheckpoint, type Checkpoint } from './checkpoint.ts';
import { CompactRange } from './compact-range.ts';
import { selectStoredRanges, type NodeRow } from './db-node-source.ts';
import { isStoredLevel } from './node-layout.ts';
import { DEFAULT_LOG_ID } from './log-signer.ts';
import { MAX_ENTRY_BYTES } from './audit-log.ts';
import { emptyRoot, HASH_SIZE, LeafHasher } from './rfc6962.ts';
import { openNote, verifierFromKey, type NoteVerifier } from './signed-note.ts';
import { deriveInParallel, type ParallelDerivation } from './verify-worker-pool.ts';
import { sqliteFile } from '../store/sqlite-file.ts';

/** One thing verification found wrong. */
export interface VerifyProblem {
  kind: 'entry' | 'node' | 'head' | 'checkpoint' | 'summary';
  /** Entry index (kind 'entry'), or tree size (kind 'checkpoint'). */
  index?: number;
  /** For checkpoints: 'stored' or the published file's path. */
  source?: string;
  /** One line, no entry contents. */
  message: string;
}

export interface VerifyReport {
  origin: string;
  /** Size recorded in the log head. */
  headSize: number;
  /** Size of the tree re-derived from the entries. */
  derivedSize: number;
  /** Root of the re-derived tree at its full size. */
  derivedRoot: Buffer;
  checkpointsChecked: number;
  problems: VerifyProblem[];
  ok: boolean;
}

/** Checkpoints published outside the database (e.g. the checkpoints file). */
export interface PublishedNotes {
  /** Where they came from, for messages (a file path). */
  source: string;
  /** Notes in publication order; an Error for a block that could not be read as a note. */
  notes: ReadonlyArray<string | Error>;
}

export interface VerifyOptions {
  logId?: number;
  /** Pin the verifier key instead of trusting the one stored in the database. */
  verifierKey?: string;
  published?: readonly PublishedNotes[];
  /** Entries read per query. */
  pageSize?: number;
  /** Per-kind cap on reported lines; the rest is summarised. */
  maxProblemsPerKind?: number;
  onProgress?: (done: number, total: number) => void;
  /**
   * Worker threads for a clean SQLite file log (default: one per core); 0 verifies on this
   * thread only. Whenever the workers see anything wrong, the single-thread pass runs instead,
   * so problem reports do not depend on this.
   */
  workers?: number;
  /** Workers verify chunks of 2^parallelChunkLevel entries; logs under two chunks stay here. */
  parallelChunkLevel?: number;
}

/** 65,536 entries (~10 MiB of rows) per worker task: few messages, bounded worker memory. */
const DEFAULT_PARALLEL_CHUNK_LEVEL = 16;

interface CheckpointRecord {
  label: string;
  source: string;
  cp: Checkpoint;
}

const hex = (b: Buffer) => b.toString('hex');

/**
 * Verifies a log; never throws for tampering (that is reported), only for database failures.
 * It reads committed data (a SQLite file through its own read-only connection): do not pass a
 * transaction with uncommitted writes and expect verify to see them.
 *
 * @example
 * const report = await verifyLog(db, { published: [{ source: file, notes: new FileCheckpointPublisher(file).readAll() }] });
 * for (const p of report.problems) console.log(p.message);
 * process.exitCode = report.ok ? 0 : 1;
 */
export async function verifyLog(
  db: Kysely<Schema>,
  options: VerifyOptions = {},
): Promise<VerifyReport> {
  const logId = options.logId ?? DEFAULT_LOG_ID;
  const pageSize = options.pageSize ?? 50_000;
  const cap = options.maxProblemsPerKind ?? 100;
  const problems: VerifyProblem[] = [];
  const counts = new Map<string, number>();
  const report = (p: VerifyProblem) => {
    const n = (counts.get(p.kind) ?? 0) + 1;
    counts.set(p.kind, n);
    if (n <= cap) problems.push(p);
  };

  const head = await db
    .selectFrom('audit_logs')
    .select(['origin', 'size', 'root_hash', 'verifier_key'])
    .where('log_id', '=', logId)
    .executeTakeFirst();
  if (!head) {
    return {
      origin: '',
      headSize: 0,
      derivedSize: 0,
      derivedRoot: emptyRoot(),
      checkpointsChecked: 0,
      problems: [
        { kind: 'head', message: `audit log ${logId} does not exist (run \`piguard init\`)` },
      ],
      ok: false,
    };
  }
  let verifier: NoteVerifier;
  if (options.verifierKey !== undefined) {
    verifier = verifierFromKey(options.verifierKey);
    if (options.verifierKey !== head.verifier_key) {
      report({
        kind: 'head',
        message: 'head: the verifier key stored in the database differs from the given key',
      });
    }
  } else verifier = verifierFromKey(head.verifier_key);

  // 1. Checkpoints: signature, origin, and (for stored ones) the columns beside the note.
  const checkpoints: CheckpointRecord[] = [];
  const readNote = (
    label: string,
    source: string,
    size: number | undefined,
    note: string | Error,
  ) => {
    const bad = (message: string) =>
      report({
        kind: 'checkpoint',
        source,
        ...(size === undefined ? {} : { index: size }),
        message: `${label}: ${message}`,
      });
    if (note instanceof Error) return bad(`unreadable (${note.message})`);
    let cp: Checkpoint;
    try {
      cp = parseCheckpoint(openNote(note, [verifier]).text);
    } catch (err) {
      return bad(
        `signature or format does not verify with key ${verifier.name} (${(err as Error).message})`,
      );
    }
    if (cp.origin !== head.origin)
      return bad(`origin ${cp.origin} is not this log's origin ${head.origin}`);
    return cp;
  };
  const stored = await db
    .selectFrom('audit_checkpoints')
    .select(['size', 'root_hash', 'note'])
    .where('log_id', '=', logId)
    .orderBy('size')
    .execute();
  for (const row of stored) {
    const label = `checkpoint size ${row.size} (stored)`;
    const cp = readNote(label, 'stored', row.size, row.note);
    if (!cp) continue;
    if (cp.size !== row.size || !cp.rootHash.equals(row.root_hash)) {
      report({
        kind: 'checkpoint',
        source: 'stored',
        index: row.size,
        message: `${label}: the signed note says size ${cp.size} root ${hex(cp.rootHash)}, the row differs`,
      });
      continue;
    }
    checkpoints.push({ label, source: 'stored', cp });
  }
  for (const pub of options.published ?? []) {
    pub.notes.forEach((note, i) => {
      const label = `checkpoint #${i + 1} in ${pub.source}`;
      const cp = readNote(label, pub.source, undefined, note);
      if (cp) checkpoints.push({ label: `${label} (size ${cp.size})`, source: pub.source, cp });
    });
  }

  // 2. Stream entries, re-derive the tree, compare leaves and nodes, capture roots.
  const targets = [...new Set([...checkpoints.map((c) => c.cp.size), head.size])].sort(
    (a, b) => a - b,
  );
  const roots = new Map<number, Buffer>();
  let t = 0;
  const capture = (range: CompactRange) => {
    while (t < targets.length && targets[t] === range.size) roots.set(targets[t++]!, range.root());
  };
  const badEntries: number[] = []; // ascending
  let parallel = await tryParallel(db, logId, head.size, targets, options);
  // The workers' answer is used only when the whole log is clean: entries up to the head, the
  // head's root and every checkpoint's root match. Anything else is explained by the single pass,
  // so a report never depends on how the workers cut the log.
  if (
    parallel &&
    (parallel.size !== head.size ||
      !parallel.roots.get(head.size)?.equals(head.root_hash) ||
      !checkpoints.every((c) => parallel!.roots.get(c.cp.size)?.equals(c.cp.rootHash) === true))
  ) {
    parallel = undefined;
  }
  let derivedSize: number;
  let derivedRoot: Buffer;
  if (parallel) {
    for (const [size, root] of parallel.roots) roots.set(size, root);
    derivedSize = parallel.size;
    derivedRoot = parallel.root;
  } else {
    const range = CompactRange.empty();
    capture(range);
    const entryProblem = (index: number, message: string) => {
      if (badEntries[badEntries.length - 1] !== index) badEntries.push(index);
      report({ kind: 'entry', index, message: `entry ${index}: ${message}` });
    };
    const coversBadEntry = (level: number, index: number) => {
      const lo = index * 2 ** level;
      const hi = lo + 2 ** level;
      // first bad entry ≥ lo
      let a = 0;
      let b = badEntries.length;
      while (a < b) {
        const m = (a + b) >> 1;
        if (badEntries[m]! < lo) a = m + 1;
        else b = m;
      }
      return a < badEntries.length && badEntries[a]! < hi;
    };
    const placeholder = Buffer.alloc(HASH_SIZE);
    const leafHasher = new LeafHasher(MAX_ENTRY_BYTES);
    let last = -1;
    const reader = await openPageReader(db, logId);
    try {
      for (;;) {
        const rows = await reader.entries(last, pageSize);
        if (rows.length === 0) break;
        // Stored nodes this page completes, per level: indexes within a level are consecutive, so
        // a level is its first index plus an array (no per-node objects or string keys).
        const levels: PageLevel[] = [];
        let nextTarget = t < targets.length ? targets[t]! : -1;
        const collect = (level: number, index: number, hash: Buffer) => {
          if (!isStoredLevel(level)) return;
          const l = levels[level];
          if (l) l.hashes.push(hash);
          else levels[level] = { lo: index, hashes: [hash] };
        };
        const append = (leaf: Buffer) => {
          range.extend(leaf, collect);
          if (range.size === nextTarget) {
            capture(range);
            nextTarget = t < targets.length ? targets[t]! : -1;
          }
        };
        for (const [idx, storedLeaf, entry] of rows) {
          for (let missing = range.size; missing < idx; missing++) {
            entryProblem(missing, 'missing (deleted)');
            append(placeholder);
          }
          const leaf = leafHasher.hash(entry);
          if (!leaf.equals(storedLeaf))
            entryProblem(
              idx,
              `contents do not match its stored leaf hash ${hex(storedLeaf)} (edited or moved)`,
            );
          else if (entry.length > MAX_ENTRY_BYTES)
            entryProblem(idx, `${entry.length} bytes, over the ${MAX_ENTRY_BYTES}-byte limit`);
          if (idx >= head.size) entryProblem(idx, `beyond the log head's size ${head.size}`);
          append(leaf);
        }
        last = rows[rows.length - 1]![0];
        await compareNodes(reader, levels, (level, index, message) => {
          if (coversBadEntry(level, index)) return;
          const lo = index * 2 ** level;
          const hi = lo + 2 ** level - 1;
          report({
            kind: 'node',
            message: `node level ${level} index ${index} (entries ${lo}..${hi}): ${message}`,
          });
        });
        options.onProgress?.(range.size, Math.max(head.size, range.size));
        if (rows.length < pageSize) break;
      }
    } finally {
      reader.close();
    }
    derivedSize = range.size;
    derivedRoot = range.root();
  }

  // 3. Head.
  if (derivedSize < head.size) {
    report({
      kind: 'head',
      message: `head: size ${head.size} but entries ${derivedSize}..${head.size - 1} are missing (truncated or deleted)`,
    });
  } else {
    const atHead = roots.get(head.size);
    if (atHead && !atHead.equals(head.root_hash)) {
      report({
        kind: 'head',
        message: `head: root ${hex(head.root_hash)} at size ${head.size} does not match the entries (${hex(atHead)})`,
      });
    }
  }
  const nodeCounts = await db
    .selectFrom('audit_nodes')
    .select((eb) => ['level', eb.fn.countAll<number>().as('n')])
    .where('log_id', '=', logId)
    .groupBy('level')
    .execute();
  for (const { level, n } of nodeCounts) {
    const want = Math.floor(derivedSize / 2 ** level);
    if (Number(n) > want)
      report({
        kind: 'node',
        message: `nodes: level ${level} has ${n} nodes, a tree of ${derivedSize} entries has ${want} (extra nodes)`,
      });
  }

  // 4. Checkpoints against the re-derived tree, and against each other.
  const matches = (c: CheckpointRecord) => roots.get(c.cp.size)?.equals(c.cp.rootHash) === true;
  const sorted = [...checkpoints].sort((a, b) => a.cp.size - b.cp.size);
  for (const c of sorted) {
    const problem = (message: string) =>
      report({
        kind: 'checkpoint',
        source: c.source,
        index: c.cp.size,
        message: `${c.label}: ${message}`,
      });
    if (c.cp.size > derivedSize) {
      problem(
        `covers ${c.cp.size} entries but only ${derivedSize} exist: entries ${derivedSize}..${c.cp.size - 1} were removed (truncated)`,
      );
      continue;
    }
    if (matches(c)) continue;
    const laterGood = sorted.find((o) => o.cp.size >= c.cp.size && o !== c && matches(o));
    const firstBad = badEntries.find((i) => i < c.cp.size);
    const earlierGood = [...sorted].reverse().find((o) => o.cp.size < c.cp.size && matches(o));
    if (laterGood && firstBad === undefined) {
      problem(
        `root ${hex(c.cp.rootHash)} is inconsistent with ${laterGood.label}, which matches the entries (forked checkpoint)`,
      );
    } else if (firstBad !== undefined) {
      problem(`root ${hex(c.cp.rootHash)} does not match the entries (entry ${firstBad} is bad)`);
    } else {
      problem(
        `root ${hex(c.cp.rootHash)} does not match the entries: entries ${earlierGood?.cp.size ?? 0}..${c.cp.size - 1} were rewritten, or the checkpoint is forked`,
      );
    }
  }
  for (let i = 1; i < sorted.length; i++) {
    const a = sorted[i - 1]!;
    const b = sorted[i]!;
    if (a.cp.size === b.cp.size && !a.cp.rootHash.equals(b.cp.rootHash)) {
      report({
        kind: 'checkpoint',
        source: b.source,
        index: b.cp.size,
        message: `${a.label} and ${b.label}: same size, different roots (fork)`,
      });
    }
  }

  for (const [kind, n] of counts) {
    if (n > cap)
      problems.push({ kind: 'summary', message: `… and ${n - cap} more ${kind} problems` });
  }
  return {
    origin: head.origin,
    headSize: head.size,
    derivedSize,
    derivedRoot,
    checkpointsChecked: checkpoints.length,
    problems,
    ok: problems.length === 0,
  };
}

/**
 * The worker-thread pass, when it applies: a SQLite file whose entries are exactly 0..n-1 with
 * n ≤ the head's size and at least two chunks. Undefined means "run the single-thread pass".
 */
async function tryParallel(
  db: Kysely<Schema>,
  logId: number,
  headSize: number,
  targets: readonly number[],
  options: VerifyOptions,
): Promise<ParallelDerivation | undefined> {
  const workers = options.workers ?? availableParallelism();
  const chunkLevel = options.parallelChunkLevel ?? DEFAULT_PARALLEL_CHUNK_LEVEL;
  if (workers < 1) return undefined;
  const file = await sqliteFile(db);
  if (!file) return undefined;
  const bounds = await db
    .selectFrom('audit_entries')
    .select((eb) => [eb.fn.min('idx').as('lo'), eb.fn.max('idx').as('hi')])
    .where('log_id', '=', logId)
    .executeTakeFirst();
  if (bounds?.lo === null || bounds?.lo === undefined || Number(bounds.lo) !== 0) return undefined;
  const size = Number(bounds.hi) + 1;
  if (size > headSize || size < 2 * 2 ** chunkLevel) return undefined;
  return deriveInParallel({
    file,
    logId,
    size,
    targets,
    workers,
    chunkLevel,
    onProgress: (done) => options.onProgress?.(done, Math.max(headSize, size)),
  });
}

/** One stored entry as the verifier reads it: index, stored leaf hash, entry bytes. */
type EntryRow = [idx: number, leafHash: Buffer, entry: Buffer];

/** Where the verifier reads pages of entries and node ranges from. */
interface PageReader {
  /** Up to `limit` entries with index > `after`, in index order. */
  entries(after: number, limit: number): Promise<EntryRow[]>;
  /** Stored nodes (stored levels ≥ 1 only) in the given inclusive index ranges. */
  nodes(ranges: ReadonlyArray<{ level: number; lo: number; hi: number }>): Promise<NodeRow[]>;
  close(): void;
}

/**
 * A SQLite file is read through its own read-only better-sqlite3 connection with prepared
 * statements in raw (array) mode: no per-page query building and no per-row objects — reading
 * was most of verify's time through Kysely. PostgreSQL, and SQLite databases without a file
 * (`:memory:`), are read through Kysely. Both see committed data only, which is what verify checks.
 */
async function openPageReader(db: Kysely<Schema>, logId: number): Promise<PageReader> {
  {
    const file = await sqliteFile(db);
    if (file) {
      const { default: BetterSqlite3 } = await import('better-sqlite3');
      const conn = new BetterSqlite3(file, { readonly: true, fileMustExist: true });
      const entryStmt = conn
        .prepare(
          'select idx, leaf_hash, entry from audit_entries where log_id = ? and idx > ? order by idx limit ?',
        )
        .raw(true);
      const nodeStmt = conn
        .prepare(
          'select idx, hash from audit_nodes where log_id = ? and level = ? and idx >= ? and idx <= ? order by idx',
        )
        .raw(true);
      return {
        entries: async (after, limit) => entryStmt.all(logId, after, limit) as EntryRow[],
        nodes: async (ranges) => {
          const out: NodeRow[] = [];
          for (const r of ranges) {
            for (const [idx, hash] of nodeStmt.all(logId, r.level, r.lo, r.hi) as Array<
              [number, Buffer]
            >)
              out.push({ level: r.level, idx, hash });
          }
          return out;
        },
        close: () => conn.close(),
      };
    }
  }
  return {
    entries: async (after, limit) => {
      const rows = await db
        .selectFrom('audit_entries')
        .select(['idx', 'leaf_hash', 'entry'])
        .where('log_id', '=', logId)
        .where('idx', '>', after)
        .orderBy('idx')
        .limit(limit)
        .execute();
      return rows.map((r): EntryRow => [Number(r.idx), r.leaf_hash, r.entry]);
    },
    nodes: (ranges) => selectStoredRanges(db, logId, ranges),
    close: () => undefined,
  };
}

/** The nodes one page of entries completed at one tree level: indexes lo, lo+1, …. */
interface PageLevel {
  lo: number;
  hashes: Buffer[];
}

/**
 * Compares the re-derived nodes of one page with the stored ones (one query). Problems are
 * reported in the order the appender completed the nodes, so the first one localises the earliest
 * damage.
 */
async function compareNodes(
  reader: PageReader,
  levels: readonly PageLevel[],
  onProblem: (level: number, index: number, message: string) => void,
): Promise<void> {
  const ranges: Array<{ level: number; lo: number; hi: number }> = [];
  levels.forEach((l, level) => {
    if (l) ranges.push({ level, lo: l.lo, hi: l.lo + l.hashes.length - 1 });
  });
  if (ranges.length === 0) return;
  const rows = await reader.nodes(ranges);
  const seen = levels.map((l) => (l ? new Uint8Array(l.hashes.length) : undefined));
  const found: Array<{ level: number; index: number; message: string }> = [];
  for (const r of rows) {
    const l = levels[r.level];
    const pos = r.idx - (l?.lo ?? 0);
    if (!l || pos < 0 || pos >= l.hashes.length) continue;
    seen[r.level]![pos] = 1;
    const want = l.hashes[pos]!;
    if (!r.hash.equals(want))
      found.push({
        level: r.level,
        index: r.idx,
        message: `stored ${hex(r.hash)} differs from the re-derived ${hex(want)}`,
      });
  }
  levels.forEach((l, level) => {
    if (!l) return;
    const s = seen[level]!;
    for (let pos = 0; pos < s.length; pos++)
      if (s[pos] === 0) found.push({ level, index: l.lo + pos, message: 'missing' });
  });
  // Completion order (the last entry a node covers, then its level), as the appender wrote them.
  const end = (f: { level: number; index: number }) => (f.index + 1) * 2 ** f.level;
  found.sort((x, y) => end(x) - end(y) || x.level - y.level);
  for (const f of found) onProblem(f.level, f.index, f.message);
}
