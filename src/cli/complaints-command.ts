/**
 * `piguard complaints import FILE` / `complaints trace [--since T] [--until T] [--seen-at T]
 * [--format json|table]` (DESIGN §5.2, §5.3): complaint intake, and the complaining customers
 * traced like a leaked list (output as §5.5).
 */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { InputError, UsageError } from '../core/errors.ts';
import { globalOptions } from './global-options.ts';

function readInput(file: string): string {
  try {
    return readFileSync(file === '-' ? 0 : file, 'utf8');
  } catch (err) {
    throw new InputError(`cannot read (${(err as NodeJS.ErrnoException).code ?? 'unreadable'})`, {
      file,
    });
  }
}

/**
 * @example
 * registerComplaintsCommand(program); // piguard complaints import complaints.jsonl
 */
export function registerComplaintsCommand(program: Command): void {
  const group = program
    .command('complaints')
    .description('complaints about unsolicited calls and messages');
  group
    .command('import')
    .description(
      'import JSONL complaints {"ts","customer"|"phone","kind","caller"?,"text"?}; - for stdin',
    )
    .argument('<file>', 'JSONL file, or - for standard input')
    .action(async (file: string, _opts: unknown, cmd: Command) => {
      const { parseComplaintsJsonl, importComplaints } = await import('../trace/complaints.ts');
      const name = file === '-' ? '<stdin>' : file;
      const complaints = parseComplaintsJsonl(readInput(file), name);
      const { openDatabase } = await import('../store/open-database.ts');
      const { CustomerVault } = await import('../vault/customer-vault.ts');
      const { resolveKeyProvider } = await import('../protect/resolve-key-provider.ts');
      const database = await openDatabase(globalOptions(cmd).dbUrl);
      try {
        const vault = await CustomerVault.open(database, resolveKeyProvider());
        try {
          const r = await importComplaints(database.db, vault, complaints, 'cli', { file: name });
          process.stdout.write(
            `imported ${r.imported} complaints (${r.resolved} tied to customers, ${r.unresolved} not)\n`,
          );
        } finally {
          vault.close();
        }
      } finally {
        await database.close();
      }
    });
  group
    .command('trace')
    .description('trace the complaining customers of a window (output as §5.5)')
    .option('--since <time>', 'first complaint time counted (ISO-8601)')
    .option('--until <time>', 'complaints before this time (ISO-8601)')
    .option('--seen-at <time>', 'count accesses before this time (default: the first complaint)')
    .option('--format <format>', 'json | table', 'table')
    .action(
      async (
        opts: { since?: string; until?: string; seenAt?: string; format: string },
        cmd: Command,
      ) => {
        if (opts.format !== 'json' && opts.format !== 'table') {
          throw new UsageError('--format must be json or table');
        }
        const { openDatabase } = await import('../store/open-database.ts');
        const { traceComplaints } = await import('../trace/complaints.ts');
        const { renderTraceTable } = await import('../trace/trace-report.ts');
        const database = await openDatabase(globalOptions(cmd).dbUrl);
        try {
          const report = await traceComplaints(database.db, {
            ...(opts.since !== undefined ? { since: opts.since } : {}),
            ...(opts.until !== undefined ? { until: opts.until } : {}),
            ...(opts.seenAt !== undefined ? { seenAt: opts.seenAt } : {}),
            createdBy: process.env['USER'] ?? null,
          });
          process.stdout.write(
            opts.format === 'json' ? `${JSON.stringify(report)}\n` : renderTraceTable(report),
          );
        } finally {
          await database.close();
        }
      },
    );
}
