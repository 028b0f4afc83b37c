/**
 * `piguard trace FILE [--seen-at TIME] [--format json|table]` (DESIGN §5.2, §5.5): attribution
 * of a leaked file — whatever its columns, order, encoding or format (CSV, TSV, XLSX, JSON
 * lines, or free text one record per line). The result is stored (`traces`) so a case can
 * attach it; its id is `trace_id` in the output.
 */
import type { Command } from 'commander';
import { UsageError } from '../core/errors.ts';
import { globalOptions } from './global-options.ts';

/**
 * @example
 * registerTraceCommand(program); // piguard trace leak.xlsx --seen-at 2026-03-01 --format json
 */
export function registerTraceCommand(program: Command): void {
  program
    .command('trace')
    .description(
      'name the source of a leaked file (§5.5): canaries, export marks, access-set attribution',
    )
    .argument('<file>', 'the leaked file (CSV/TSV/XLSX/JSONL, or text one record per line)')
    .option('--seen-at <time>', 'when the leak was first seen (ISO-8601); default now')
    .option('--format <format>', 'json | table', 'table')
    .option(
      '--strata <strata>',
      'null model: organisation (default) | branch (conservative for a one-branch dump)',
      'organisation',
    )
    .action(
      async (
        file: string,
        opts: { seenAt?: string; format: string; strata: string },
        cmd: Command,
      ) => {
        if (opts.format !== 'json' && opts.format !== 'table') {
          throw new UsageError('--format must be json or table');
        }
        if (opts.strata !== 'organisation' && opts.strata !== 'branch') {
          throw new UsageError('--strata must be organisation or branch');
        }
        const strata = opts.strata;
        const { openDatabase } = await import('../store/open-database.ts');
        const { CustomerVault } = await import('../vault/customer-vault.ts');
        const { resolveKeyProvider } = await import('../protect/resolve-key-provider.ts');
        const { traceFile } = await import('../trace/trace-service.ts');
        const { renderTraceTable } = await import('../trace/trace-report.ts');
        const database = await openDatabase(globalOptions(cmd).dbUrl);
        try {
          const vault = await CustomerVault.open(database, resolveKeyProvider());
          try {
            const report = await traceFile(database.db, vault, file, {
              ...(opts.seenAt !== undefined ? { seenAt: opts.seenAt } : {}),
              createdBy: process.env['USER'] ?? null,
              strata,
              onProgress: (m) => {
                if (process.stdout.isTTY) process.stderr.write(`\r${m}…\u001b[K`);
              },
            });
            if (process.stdout.isTTY) process.stderr.write('\r\u001b[K');
            process.stdout.write(
              opts.format === 'json' ? `${JSON.stringify(report)}\n` : renderTraceTable(report),
            );
          } finally {
            vault.close();
          }
        } finally {
          await database.close();
        }
      },
    );
}
