/**
 * `piguard scan [--format jsonl|table|sarif] [--types T,…] [--min-score X] PATH…` (DESIGN §5.2),
 * plus `--columns` (per-column classification of table files), `--show-values` (table format)
 * and `--fail-on-findings` (exit 1 when anything is found, for CI gates).
 */
import { createRequire } from 'node:module';
import { setFlagsFromString } from 'node:v8';
import type { SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import { ENTITY_TYPES, isEntityType, type EntityType } from '../core/entity-types.ts';
import { UsageError } from '../core/errors.ts';
import type { LocatedFinding } from '../detect/readers/scan-unit.ts';
import { formatFindingJsonl } from './output/jsonl-format.ts';
import { buildSarifLog } from './output/sarif-format.ts';
import {
  findingTableHeader,
  findingTableSummary,
  formatColumnsTable,
  formatFindingRow,
} from './output/table-format.ts';

/** Output formats of `scan`. */
export const SCAN_FORMATS = ['jsonl', 'table', 'sarif'] as const;
export type ScanFormat = (typeof SCAN_FORMATS)[number];

interface ScanCommandOptions {
  format: string;
  types?: string;
  minScore?: string;
  columns?: boolean;
  showValues?: boolean;
  failOnFindings?: boolean;
}

/**
 * Parses `--types`: comma-separated entity type names; an unknown name is a usage error.
 *
 * @example
 * parseTypes('PHONE_NUMBER, CN_RESIDENT_ID') // ['PHONE_NUMBER', 'CN_RESIDENT_ID']
 */
export function parseTypes(list: string): EntityType[] {
  const names = list
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (names.length === 0) throw new UsageError('--types: no entity type given');
  for (const n of names) {
    if (!isEntityType(n)) {
      throw new UsageError(
        `--types: unknown entity type "${n}" (known: ${ENTITY_TYPES.join(', ')})`,
      );
    }
  }
  return names as EntityType[];
}

/**
 * Parses `--min-score`: a number in [0, 1].
 *
 * @example
 * parseMinScore('0.8') // 0.8
 */
export function parseMinScore(s: string): number {
  const x = Number(s);
  if (s.trim() === '' || !Number.isFinite(x) || x < 0 || x > 1) {
    throw new UsageError(`--min-score: "${s}" is not a number between 0 and 1`);
  }
  return x;
}

/**
 * Writes lines to a stream in blocks (one write per line costs more than the scan on dense
 * files), waiting when the stream's buffer is full so memory stays flat.
 *
 * Lines are encoded as UTF-8 straight into a block buffer as they come: joining a block of
 * lines into one string and encoding that cost twice as much (the join flattens hundreds of
 * concatenated strings into a large two-byte string, which is then copied again to UTF-8) —
 * about 4% of a dense `scan --format jsonl`.
 */
class LineWriter {
  /** Bytes after which a block is ready to be written. */
  static readonly BLOCK = 64 * 1024;
  readonly #out: NodeJS.WritableStream;
  /** Blocks filled and not yet written. */
  #ready: Buffer[] = [];
  #readyBytes = 0;
  #buffer = Buffer.allocUnsafe(2 * LineWriter.BLOCK);
  #used = 0;
  /** While a progress bar is drawn, output is held back and written when it is gone. */
  #hold: boolean;

  constructor(out: NodeJS.WritableStream, hold: boolean) {
    this.#out = out;
    this.#hold = hold;
  }

  async line(s: string): Promise<void> {
    if (this.add(s)) await this.flush();
  }

  /**
   * Adds a line without waiting; true when a block is ready and the caller should `flush()`
   * (lets a hot loop await once per block rather than once per line).
   */
  add(s: string): boolean {
    // UTF-8 takes at most 3 bytes per UTF-16 unit (a surrogate pair: 4 bytes for 2 units).
    const most = 3 * s.length + 1;
    if (this.#used + most > this.#buffer.length) {
      this.#seal();
      this.#buffer = Buffer.allocUnsafe(Math.max(2 * LineWriter.BLOCK, most));
    }
    this.#used += this.#buffer.write(s, this.#used, 'utf8');
    this.#buffer[this.#used++] = 10;
    return !this.#hold && this.#readyBytes + this.#used >= LineWriter.BLOCK;
  }

  /** Moves the filled part of the current buffer to the blocks ready to be written. */
  #seal(): void {
    if (this.#used === 0) return;
    this.#ready.push(this.#buffer.subarray(0, this.#used));
    this.#readyBytes += this.#used;
    // The stream may keep the written bytes until it drains: never reuse them.
    this.#buffer = this.#buffer.subarray(this.#used);
    this.#used = 0;
  }

  /** Writes what is held; output after this is written as it comes. */
  async release(): Promise<void> {
    this.#hold = false;
    await this.flush();
  }

  async flush(): Promise<void> {
    this.#seal();
    if (this.#ready.length === 0) return;
    const blocks = this.#ready;
    this.#ready = [];
    this.#readyBytes = 0;
    let ok = true;
    for (const b of blocks) ok = this.#out.write(b) && ok;
    if (!ok) {
      await new Promise<void>((resolve) => this.#out.once('drain', () => resolve()));
    }
  }
}

/**
 * How much V8 lets the heap grow past what survived the last full collection before it collects
 * again, in percent, for the scan process (V8's own factor goes up to 300% when collections look
 * cheap, as they do here).
 *
 * A scan keeps ~30 MB alive (lexicons, the jieba dictionary) but allocates hundreds of MB per MB
 * of PI-dense text, much of it large per-unit strings (the folded and lexicon views of each
 * 128 K-unit scan unit) that only a full collection frees. With V8's default the heap swung
 * between ~30 and ~150 MB, and the peak — hence peak RSS, 282–330 MB for 20 MB with all types —
 * depended on when collections happened to run, which moved with the machine's load (the
 * "unexplained" 293 → 348 MB between two sessions). Capped at 100%, the same scan peaks at
 * ~215–235 MB. The price is more full collections: ~10–15% more CPU on that PI-dense scan
 * (measured A/B under load, noisy; 50% bought no less RSS for more CPU, 200% gave ~255 MB).
 * The flag is read at every collection, so setting it at run time takes effect; it is set only
 * in the CLI process that scans (and its workers), never by the library.
 */
const SCAN_HEAP_GROWING_PERCENT = 100;

/** The progress bar drawn on stderr while scanning from a terminal. */
async function progressBar(): Promise<SingleBar> {
  const { default: cliProgress } = await import('cli-progress');
  return new cliProgress.SingleBar(
    {
      stream: process.stderr,
      clearOnComplete: true,
      hideCursor: true,
      format: 'scanning [{bar}] {percentage}% | {eta_formatted}',
    },
    cliProgress.Presets.shades_classic,
  );
}

function packageVersion(): string {
  const require = createRequire(import.meta.url);
  return (require('../../package.json') as { version: string }).version;
}

/**
 * Registers `scan` on the program.
 *
 * @example
 * registerScanCommand(program)
 */
export function registerScanCommand(program: Command): void {
  program
    .command('scan')
    .description('find personal information in files, directories or stdin (-)')
    .argument('<paths...>', 'files or directories to scan; - reads stdin')
    .option('--format <format>', `output format: ${SCAN_FORMATS.join(', ')}`, 'jsonl')
    .option('--types <types>', 'comma-separated entity types to look for (default: all)')
    .option('--min-score <x>', 'report findings scoring at least X (0 to 1; default 0.5)')
    .option('--columns', 'classify the columns of table files (CSV, TSV, XLSX, JSON lines)')
    .option('--show-values', 'table format: show values unmasked')
    .option('--fail-on-findings', 'exit with status 1 when anything is found')
    .action(async (paths: string[], opts: ScanCommandOptions) => {
      if (!(SCAN_FORMATS as readonly string[]).includes(opts.format)) {
        throw new UsageError(`--format: "${opts.format}" is not one of ${SCAN_FORMATS.join(', ')}`);
      }
      const format = opts.format as ScanFormat;
      const types = opts.types === undefined ? undefined : parseTypes(opts.types);
      const minScore = opts.minScore === undefined ? undefined : parseMinScore(opts.minScore);
      if (opts.columns && format === 'sarif') {
        throw new UsageError('--columns prints jsonl or table, not sarif');
      }
      setFlagsFromString(`--heap-growing-percent=${SCAN_HEAP_GROWING_PERCENT}`);
      // Detection modules are large (recognisers, dictionaries): loaded once options are valid.
      const { resolveScanTargets, scanTargetBatches, STDIN_PATH } =
        await import('../detect/file-scanner.ts');
      if (paths.filter((p) => p === STDIN_PATH).length > 1) {
        throw new UsageError('- (stdin) can be given only once');
      }
      const warn = (message: string): void => {
        process.stderr.write(`piguard: warning: ${message}\n`);
      };
      const targets = await resolveScanTargets(paths, warn);

      if (opts.columns) {
        const { tableFormatOf } = await import('../detect/readers/table-reader.ts');
        const { classifyFileColumns } = await import('../detect/column-classifier.ts');
        let found = 0;
        for (const target of targets) {
          if (target.path === STDIN_PATH || !tableFormatOf(target.path)) {
            warn(`${target.path}: skipped, not a table file (CSV, TSV, XLSX or JSON lines)`);
            continue;
          }
          const { columns } = await classifyFileColumns(target.path, {
            ...(types ? { types } : {}),
            ...(minScore !== undefined ? { minScore } : {}),
          });
          found += columns.filter((c) => c.type !== null).length;
          if (format === 'table') {
            process.stdout.write(`${formatColumnsTable(target.path, columns)}\n`);
          } else {
            for (const c of columns) {
              process.stdout.write(
                `${JSON.stringify({ path: target.path, index: c.index, header: c.header, field: c.field ?? null, type: c.type, share: c.share, confidence: c.confidence, sampled: c.sampled })}\n`,
              );
            }
          }
        }
        if (opts.failOnFindings && found > 0) process.exitCode = 1;
        return;
      }

      // A progress bar only on a terminal (DESIGN §5.2); stdin has no known size.
      const total = targets.reduce((n, t) => n + t.size, 0);
      // cli-progress is loaded only for a terminal: importing it costs ~12 ms of CPU (of the
      // CLI's ~0.17 s start-up) that a scan into a pipe or a file would pay for nothing.
      const bar =
        process.stdout.isTTY && process.stderr.isTTY && total > 0 ? await progressBar() : undefined;
      bar?.start(total, 0);
      let read = 0;
      // `piguard scan … | head` closes the pipe early: stop quietly, as other tools do.
      process.stdout.on('error', (err: NodeJS.ErrnoException) => {
        if (err.code !== 'EPIPE') throw err;
        process.exit(process.exitCode ?? 0);
      });
      const out = new LineWriter(process.stdout, bar !== undefined);
      const sarif: LocatedFinding[] = [];
      let count = 0;
      if (format === 'table') await out.line(findingTableHeader());
      try {
        for await (const batch of scanTargetBatches(targets, {
          ...(types ? { types } : {}),
          ...(minScore !== undefined ? { minScore } : {}),
          onWarning: warn,
          onBytes: (n) => {
            read += n;
            bar?.update(Math.min(read, total));
          },
        })) {
          count += batch.length;
          if (format === 'sarif') {
            for (const f of batch) sarif.push(f);
            continue;
          }
          const showValues = !!opts.showValues;
          let full = false;
          for (const f of batch) {
            const line =
              format === 'jsonl' ? formatFindingJsonl(f) : formatFindingRow(f, { showValues });
            if (out.add(line)) full = true;
          }
          if (full) await out.flush();
        }
      } finally {
        bar?.stop();
        await out.release();
      }
      if (format === 'table') await out.line(findingTableSummary(count, targets.length));
      if (format === 'sarif') {
        const log = buildSarifLog(sarif, {
          version: packageVersion(),
          ...(types ? { types } : {}),
        });
        await out.line(JSON.stringify(log, null, 2));
      }
      await out.flush();
      if (opts.failOnFindings && count > 0) process.exitCode = 1;
    });
}
