/**
 * `piguard scan [--format jsonl|table|sarif] [--types T,…] [--min-score X] PATH…` (DESIGN §5.2),
 * plus `--columns` (per-column classification of table files), `--show-values` (table format)
 * and `--fail-on-findings` (exit 1 when anything is found, for CI gates).
 */
import { createRequire } from 'node:module';
import cliProgress from 'cli-progress';
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
 */
class LineWriter {
  static readonly BLOCK = 64 * 1024;
  readonly #out: NodeJS.WritableStream;
  #block: string[] = [];
  #blockLength = 0;
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
    this.#block.push(s);
    this.#blockLength += s.length + 1;
    return !this.#hold && this.#blockLength >= LineWriter.BLOCK;
  }

  /** Writes what is held; output after this is written as it comes. */
  async release(): Promise<void> {
    this.#hold = false;
    await this.flush();
  }

  async flush(): Promise<void> {
    if (this.#block.length === 0) return;
    const text = `${this.#block.join('\n')}\n`;
    this.#block = [];
    this.#blockLength = 0;
    if (!this.#out.write(text)) {
      await new Promise<void>((resolve) => this.#out.once('drain', () => resolve()));
    }
  }
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
      const bar =
        process.stdout.isTTY && process.stderr.isTTY && total > 0
          ? new cliProgress.SingleBar(
              {
                stream: process.stderr,
                clearOnComplete: true,
                hideCursor: true,
                format: 'scanning [{bar}] {percentage}% | {eta_formatted}',
              },
              cliProgress.Presets.shades_classic,
            )
          : undefined;
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
