/**
 * `piguard import customers FILE [--map COL=FIELD…] [--dry-run]` (DESIGN §5.2–5.3): CSV, TSV,
 * XLSX or JSON lines in UTF-8 or GB18030/GBK; columns recognised by header name or content,
 * overridable with `--map`; the mapping is printed to stderr before anything is written. Every
 * row is validated; a bad row stops the import with `FILE:ROW: problem` (exit 2) and nothing of
 * that run is kept (one transaction, see vault/import/customer-import.ts). Upserts on the
 * customer id and prints the counts; the import itself is one audit entry.
 */
import { statSync } from 'node:fs';
import { availableParallelism, userInfo } from 'node:os';
import type { Command } from 'commander';
import { UsageError } from '../core/errors.ts';
import { globalOptions } from './global-options.ts';

/** Below this file size the crypto runs on the main thread: starting workers costs more. */
const WORKERS_FROM_BYTES = 4 * 1024 * 1024;

/**
 * The actor recorded for a CLI import: `--as`, else PIGUARD_ACTOR, else `os:<login name>`.
 *
 * @example
 * cliActor(undefined, {}) // 'os:alice'
 */
export function cliActor(option: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  if (option !== undefined && option.trim() !== '') return option.trim();
  if (env['PIGUARD_ACTOR']) return env['PIGUARD_ACTOR'];
  try {
    return `os:${userInfo().username}`;
  } catch {
    return 'os:unknown';
  }
}

function threadsFor(option: string | undefined, file: string): number {
  if (option !== undefined) {
    const n = Number(option);
    if (!Number.isInteger(n) || n < 0 || n > 64) {
      throw new UsageError(
        `--threads must be an integer from 0 to 64, got ${JSON.stringify(option)}`,
      );
    }
    return n;
  }
  let size: number;
  try {
    size = statSync(file).size;
  } catch {
    return 0; // the import reports the unreadable file
  }
  return size >= WORKERS_FROM_BYTES ? Math.max(1, availableParallelism()) : 0;
}

interface ImportCustomersCliOptions {
  map: string[];
  dryRun?: boolean;
  as?: string;
  threads?: string;
}

/**
 * @example
 * registerImportCustomersCommand(program.command('import')); // piguard import customers 客户.csv
 */
export function registerImportCustomersCommand(group: Command): void {
  group
    .command('customers')
    .description(
      'import customers (CSV/TSV/XLSX/JSONL, UTF-8 or GB18030): encrypted, indexed, upserted on the customer id',
    )
    .argument('<file>', 'customers file')
    .option(
      '--map <COL=FIELD>',
      'map column COL (header or 1-based number) to FIELD (repeatable; FIELD "skip" drops it)',
      (value: string, previous: string[]) => [...previous, value],
      [] as string[],
    )
    .option('--dry-run', 'validate and count only; write nothing')
    .option(
      '--as <actor>',
      'who runs the import (audit entry); default $PIGUARD_ACTOR or the OS user',
    )
    .option(
      '--threads <n>',
      'worker threads for the encryption (0 = main thread; default: by file size)',
    )
    .action(async (file: string, opts: ImportCustomersCliOptions, cmd: Command) => {
      // Loaded on demand: database drivers, crypto and the audit code cost start-up time.
      const { openDatabase } = await import('../store/open-database.ts');
      const { resolveKeyProvider } = await import('../protect/resolve-key-provider.ts');
      const { importCustomers } = await import('../vault/import/customer-import.ts');
      const threads = threadsFor(opts.threads, file);
      const database = await openDatabase(globalOptions(cmd).dbUrl);
      const showBar = process.stdout.isTTY === true && process.stderr.isTTY === true;
      let total = 0;
      try {
        total = statSync(file).size;
      } catch {
        // reported by the import
      }
      const cliProgress = showBar ? (await import('cli-progress')).default : undefined;
      const bar =
        cliProgress && total > 0
          ? new cliProgress.SingleBar(
              {
                stream: process.stderr,
                clearOnComplete: true,
                hideCursor: true,
                format: 'importing [{bar}] {percentage}% | {eta_formatted}',
              },
              cliProgress.Presets.shades_classic,
            )
          : undefined;
      let read = 0;
      const started = Date.now();
      try {
        const result = await importCustomers(database, resolveKeyProvider(), {
          file,
          maps: opts.map,
          dryRun: opts.dryRun === true,
          actor: cliActor(opts.as),
          threads,
          onMapping: (lines) => {
            process.stderr.write(
              `column mapping (header → field, how decided):\n${lines.join('\n')}\n`,
            );
            bar?.start(total, 0);
          },
          onBytes: (n) => {
            read += n;
            bar?.update(Math.min(read, total));
          },
        });
        bar?.stop();
        const seconds = ((Date.now() - started) / 1000).toFixed(1);
        const deleted =
          result.skippedDeleted > 0
            ? `, ${result.skippedDeleted} deleted customers skipped (PIPL art. 47: never revived)`
            : '';
        process.stdout.write(
          result.dryRun
            ? `dry run: ${result.rows} rows valid; would insert ${result.inserted}, update ${result.updated}${deleted}; nothing written\n`
            : `imported ${result.rows} rows: ${result.inserted} inserted, ${result.updated} updated${deleted} in ${seconds} s (audit entry ${result.auditIndex})\n`,
        );
      } finally {
        bar?.stop();
        await database.close();
      }
    });
}
