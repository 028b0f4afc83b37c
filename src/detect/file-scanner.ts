/**
 * Scans files, directories and stdin: resolves the paths, reads each file with the reader for
 * its format, scans the units (on worker threads when there is enough work) and yields findings
 * in a deterministic order — files sorted by path, findings by offset — whatever the number of
 * workers. Memory stays bounded: files are read as streams and only a few units are in flight.
 */
import { createReadStream } from 'node:fs';
import { readdir, realpath, stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { extname, join } from 'node:path';
import type { EntityType } from '../core/entity-types.ts';
import { InputError } from '../core/errors.ts';
import { decodeTextStream } from './decode/text-decoder.ts';
import { readCsvUnits } from './readers/csv-reader.ts';
import { readJsonLinesUnits, readJsonUnits } from './readers/json-reader.ts';
import type { LocatedFinding, ScanUnit } from './readers/scan-unit.ts';
import { DEFAULT_CHUNK_SIZE, readTextUnits } from './readers/text-reader.ts';
import type { RecognizerRegistry } from './registry.ts';
import { ScanWorkerPool } from './scan-worker-pool.ts';
import type { UnitScanSettings } from './unit-scanner.ts';

/** How a file is read. */
export type FileFormat = 'text' | 'csv' | 'tsv' | 'json' | 'jsonl' | 'xlsx';

/** The path that means standard input. */
export const STDIN_PATH = '-';

/** Directory names not descended into when walking (they are scanned when named explicitly). */
export const SKIPPED_DIRECTORIES: readonly string[] = ['.git', 'node_modules'];

/**
 * Input each worker must get, with structured types only, to pay back its start-up: one thread
 * scans structured types at ~10–20 MB per CPU-second on PI-dense text, so a worker's ~1.5 s of
 * start-up is worth scanning ~20 MB; each worker gets a few times that.
 */
const STRUCTURED_BYTES_PER_WORKER = 64 * 1024 * 1024;

/** Input each worker must get when names or addresses are scanned (~1–3 MB per CPU-second). */
const LINGUISTIC_BYTES_PER_WORKER = 8 * 1024 * 1024;

/** Input from which a scan of names or addresses runs in one heap-capped worker. */
const LINGUISTIC_CAPPED_HEAP_BYTES = 128 * 1024 * 1024;

/** Peak resident memory a scan should stay under (issue 2: a 1 GB file in < 300 MB). */
const SCAN_RSS_BUDGET_MB = 300;

/** Resident memory of a worker that runs the name and address recognisers (jieba, lexicons). */
const LINGUISTIC_WORKER_MB = 250;

/**
 * Bytes per file read. Large reads mean fewer decoder calls, and most scan units (128 K UTF-16
 * units, ~300 KB of UTF-8 Chinese) then lie inside one decoded piece and are slices of it, not
 * copies; only units that straddle two pieces are copied (see `splitAtLines`).
 */
const READ_BLOCK_BYTES = 1024 * 1024;

/** Types whose recognisers need language models (jieba) and large lexicons. */
const LINGUISTIC_TYPES: readonly EntityType[] = ['PERSON_NAME', 'ADDRESS'];

/**
 * The format of a file, by extension.
 *
 * @example
 * formatOf('客户.XLSX') // 'xlsx'
 */
export function formatOf(path: string): FileFormat {
  switch (extname(path).toLowerCase()) {
    case '.csv':
      return 'csv';
    case '.tsv':
    case '.tab':
      return 'tsv';
    case '.json':
      return 'json';
    case '.jsonl':
    case '.ndjson':
      return 'jsonl';
    case '.xlsx':
    case '.xlsm':
      return 'xlsx';
    default:
      return 'text';
  }
}

/** A file to scan. */
export interface ScanTarget {
  path: string;
  /** Bytes, for progress; 0 for stdin. */
  size: number;
}

/**
 * Expands the paths a user gave into files: directories recursively (sorted, symlink loops cut,
 * {@link SKIPPED_DIRECTORIES} skipped), files as given, `-` as stdin. A path that does not
 * exist is an InputError (exit 2) before anything is scanned.
 *
 * @example
 * await resolveScanTargets(['exports/', 'notes.txt'])
 */
export async function resolveScanTargets(
  paths: readonly string[],
  onWarning: (message: string) => void = () => undefined,
): Promise<ScanTarget[]> {
  const stats = await Promise.all(
    paths.map(async (p) => {
      if (p === STDIN_PATH) return undefined;
      try {
        return await stat(p);
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        const problem = code === 'ENOENT' ? 'no such file or directory' : `cannot read (${code})`;
        throw new InputError(problem, { file: p }, { cause: err });
      }
    }),
  );
  const targets: ScanTarget[] = [];
  for (const [i, p] of paths.entries()) {
    const st = stats[i];
    if (!st) targets.push({ path: STDIN_PATH, size: 0 });
    else if (st.isDirectory()) await walk(p, new Set(), targets, onWarning);
    else targets.push({ path: p, size: st.size });
  }
  return targets;
}

async function walk(
  dir: string,
  visiting: Set<string>,
  out: ScanTarget[],
  onWarning: (message: string) => void,
): Promise<void> {
  let real: string;
  let names: string[];
  try {
    real = await realpath(dir);
    names = (await readdir(dir)).sort();
  } catch (err) {
    onWarning(`${dir}: skipped, cannot read directory (${(err as NodeJS.ErrnoException).code})`);
    return;
  }
  if (visiting.has(real)) {
    onWarning(`${dir}: skipped, symbolic link loop`);
    return;
  }
  visiting.add(real);
  for (const name of names) {
    const p = join(dir, name);
    let st;
    try {
      st = await stat(p);
    } catch (err) {
      onWarning(`${p}: skipped, cannot read (${(err as NodeJS.ErrnoException).code})`);
      continue;
    }
    if (st.isDirectory()) {
      if (!SKIPPED_DIRECTORIES.includes(name)) await walk(p, visiting, out, onWarning);
    } else if (st.isFile()) {
      out.push({ path: p, size: st.size });
    }
  }
  visiting.delete(real);
}

export interface FileScanOptions extends UnitScanSettings {
  /** Recognisers to use on the main thread; implies no workers (a registry cannot be posted). */
  registry?: RecognizerRegistry;
  /** Worker threads: 0 scans on the main thread; default: from input size and cores. */
  workers?: number;
  /** UTF-16 units per scan unit (approximate). */
  chunkSize?: number;
  /** Skipped files and other non-fatal problems, one line each, without personal data. */
  onWarning?: (message: string) => void;
  /** Bytes read, for progress bars. */
  onBytes?: (bytes: number) => void;
  /** Standard input, for the path `-` (default process.stdin). */
  stdin?: AsyncIterable<Buffer | string>;
  /** Filled in while scanning: how the work was done. */
  stats?: FileScanStats;
}

export interface FileScanStats {
  files: number;
  skipped: number;
  units: number;
  /** Units scanned on worker threads. */
  workerUnits: number;
  workers: number;
}

/**
 * Units of one file, by format. Binary files yield nothing (and a warning).
 *
 * @example
 * for await (const unit of readFileUnits({ path: 'a.csv', size: 10 }, {})) ...
 */
export async function* readFileUnits(
  target: ScanTarget,
  options: Pick<FileScanOptions, 'chunkSize' | 'onWarning' | 'onBytes' | 'stdin'>,
): AsyncGenerator<ScanUnit> {
  const { path } = target;
  const chunkSize = options.chunkSize ?? DEFAULT_CHUNK_SIZE;
  const format = path === STDIN_PATH ? 'text' : formatOf(path);
  if (format === 'xlsx') {
    // exceljs is large; load it only for workbooks.
    const { readXlsxUnits } = await import('./readers/xlsx-reader.ts');
    yield* readXlsxUnits(path, chunkSize);
    options.onBytes?.(target.size);
    return;
  }
  const source =
    path === STDIN_PATH
      ? (options.stdin ?? process.stdin)
      : createReadStream(path, { highWaterMark: READ_BLOCK_BYTES });
  const decoded = await decodeTextStream(source, options.onBytes);
  if (decoded.kind === 'binary') {
    options.onWarning?.(`${path}: skipped, binary file (${decoded.reason})`);
    throw new SkippedFile();
  }
  switch (format) {
    case 'csv':
      yield* readCsvUnits(path, decoded.chunks, { chunkSize });
      break;
    case 'tsv':
      yield* readCsvUnits(path, decoded.chunks, { chunkSize, delimiter: '\t' });
      break;
    case 'json':
      yield* readJsonUnits(path, decoded.chunks, chunkSize);
      break;
    case 'jsonl':
      yield* readJsonLinesUnits(path, decoded.chunks, chunkSize);
      break;
    default:
      yield* readTextUnits(path, decoded.chunks, chunkSize);
  }
}

/** Thrown by readFileUnits after it has warned about a skipped file. */
class SkippedFile extends Error {}

/** A reader failed on a file (permissions, a corrupt workbook); the scan goes on without it. */
class UnreadableFile extends Error {
  readonly reason: string;

  constructor(cause: unknown) {
    super('unreadable file', { cause });
    const code = (cause as NodeJS.ErrnoException | undefined)?.code;
    this.reason = typeof code === 'string' ? code : 'unreadable content';
  }
}

/** Reader errors become UnreadableFile; errors of the consumer (scanning) pass untouched. */
async function* guardedUnits(
  target: ScanTarget,
  options: Parameters<typeof readFileUnits>[1],
): AsyncGenerator<ScanUnit> {
  try {
    yield* readFileUnits(target, options);
  } catch (err) {
    throw err instanceof SkippedFile ? err : new UnreadableFile(err);
  }
}

/**
 * Scans the given paths and yields every finding, files in the order given (directories
 * expanded in sorted order), findings by offset within a file.
 *
 * @example
 * for await (const f of scanPaths(['exports/'], { types: ['PHONE_NUMBER'] })) console.log(f.line);
 */
export async function* scanPaths(
  paths: readonly string[],
  options: FileScanOptions = {},
): AsyncGenerator<LocatedFinding> {
  const warn = options.onWarning ?? (() => undefined);
  const targets = await resolveScanTargets(paths, warn);
  yield* scanTargets(targets, options);
}

/**
 * Scans already resolved targets (see {@link resolveScanTargets}).
 *
 * @example
 * for await (const f of scanTargets(await resolveScanTargets(paths), {})) ...
 */
export async function* scanTargets(
  targets: readonly ScanTarget[],
  options: FileScanOptions = {},
): AsyncGenerator<LocatedFinding> {
  for await (const batch of scanTargetBatches(targets, options)) yield* batch;
}

/**
 * Like {@link scanTargets}, but yields the findings of each scan unit as one array, in the same
 * order. Every `yield` of an async generator costs a few promise jobs; on PI-dense files, one per
 * finding costs more than the scan itself, so hot consumers (the CLI) take batches.
 *
 * @example
 * for await (const batch of scanTargetBatches(targets, {})) for (const f of batch) write(f);
 */
export async function* scanTargetBatches(
  targets: readonly ScanTarget[],
  options: FileScanOptions = {},
): AsyncGenerator<LocatedFinding[]> {
  const warn = options.onWarning ?? (() => undefined);
  const stats = Object.assign(options.stats ?? {}, {
    files: 0,
    skipped: 0,
    units: 0,
    workerUnits: 0,
    workers: 0,
  });
  const settings: UnitScanSettings = {};
  if (options.types) settings.types = options.types;
  if (options.minScore !== undefined) settings.minScore = options.minScore;
  if (options.registryModule) settings.registryModule = options.registryModule;

  const workers = options.registry
    ? 0
    : (options.workers ?? workersFromEnvironment() ?? autoWorkerCount(targets, settings));
  const pool = workers > 0 ? new ScanWorkerPool(workers, settings) : undefined;
  // The recognisers are loaded only where units are scanned: with a pool, not on this thread.
  const inline = pool ? undefined : await import('./unit-scanner.ts');
  const registry = options.registry ?? (await inline?.loadRegistry(settings));
  stats.workers = pool?.size ?? 0;
  // Promises in submission order: awaiting the head keeps the output order fixed while up to
  // `maxInFlight` units are scanned concurrently.
  const inFlight: Promise<LocatedFinding[]>[] = [];
  const maxInFlight = pool ? pool.size * 4 : 1;
  try {
    for (const target of targets) {
      stats.files++;
      try {
        for await (const unit of guardedUnits(target, options)) {
          stats.units++;
          if (pool) {
            const p = pool.scan(unit);
            p.catch(() => undefined); // awaited below; avoid an unhandled-rejection report
            inFlight.push(p);
            while (inFlight.length >= maxInFlight) {
              const batch = await inFlight.shift()!;
              if (batch.length > 0) yield batch;
            }
          } else {
            const batch = inline!.scanUnit(unit, settings, registry);
            if (batch.length > 0) yield batch;
          }
        }
      } catch (err) {
        if (err instanceof SkippedFile) {
          stats.skipped++;
          continue;
        }
        if (err instanceof UnreadableFile) {
          // Findings already read from the file are kept; the rest of it is skipped.
          stats.skipped++;
          warn(`${target.path}: skipped, cannot read (${err.reason})`);
          continue;
        }
        throw err;
      }
    }
    while (inFlight.length > 0) {
      const batch = await inFlight.shift()!;
      if (batch.length > 0) yield batch;
    }
  } finally {
    stats.workerUnits = pool?.completed ?? 0;
    await pool?.close();
  }
}

/**
 * Worker threads for a scan, from the input size, the core count and the types asked for.
 *
 * - A worker costs ~1.5 s of CPU to start (tsx, recognisers) and scans less per CPU-second than
 *   the warm main thread (its own JIT warm-up, a capped heap), so each must get enough input.
 * - The main thread keeps a core of its own: it reads, decodes, places findings and writes.
 * - A single worker only moves the scan off the main thread, adding start-up and memory for
 *   little overlap; a pool starts at two workers.
 * - With names or addresses, each worker loads its own jieba dictionary and lexicons (~250 MB,
 *   mostly native, which heap caps do not bound): the scan's memory budget decides, and allows
 *   one worker, used on large inputs for its capped heap.
 *
 * Measured on 2 cores (52 MB, structured types): 2 workers took 15.6 CPU-s and 318 MB where the
 * main thread alone took 8.0 CPU-s and 201 MB, and were slower in wall time under load too.
 *
 * @example
 * autoWorkerCount([{ path: 'big.txt', size: 2 ** 30 }], { types: ['PHONE_NUMBER'] }, 8) // 7
 */
export function autoWorkerCount(
  targets: readonly ScanTarget[],
  settings: UnitScanSettings,
  cores: number = availableParallelism(),
): number {
  const linguistic = needsLanguageModels(settings);
  const total = targets.reduce((n, t) => n + t.size, 0);
  const perWorker = linguistic ? LINGUISTIC_BYTES_PER_WORKER : STRUCTURED_BYTES_PER_WORKER;
  let n = Math.min(cores - 1, Math.floor(total / perWorker));
  if (!linguistic) return n >= 2 ? n : 0;
  n = Math.min(n, Math.floor(SCAN_RSS_BUDGET_MB / LINGUISTIC_WORKER_MB));
  if (n >= 2) return n;
  // A worker's heap is capped and the main thread's is not: on a large input one worker keeps
  // memory flat (measured on 1 GB: 288 MB after 468 MB read, against 322 MB after 438 MB on the
  // main thread), for start-up that is negligible beside scanning names at a few MB/s.
  return total >= LINGUISTIC_CAPPED_HEAP_BYTES ? 1 : 0;
}

/** `PIGUARD_SCAN_WORKERS`, when set to a number: how benchmarks and users override the choice. */
function workersFromEnvironment(): number | undefined {
  const env = process.env['PIGUARD_SCAN_WORKERS'];
  return env !== undefined && /^\d+$/.test(env) ? Number(env) : undefined;
}

/** Whether the scan runs the name or address recognisers (jieba, lexicons). */
function needsLanguageModels(settings: UnitScanSettings): boolean {
  if (settings.registryModule) return false;
  return !settings.types || settings.types.some((t) => LINGUISTIC_TYPES.includes(t));
}
