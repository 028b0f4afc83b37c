/**
 * `piguard import events FILE` (DESIGN §5.2–5.3): JSONL access events from systems piguard does
 * not front, appended to the audit log with their source and indexed for watch and trace. `-`
 * reads standard input. A bad line stops the import with `FILE:LINE: problem` (exit 2) and
 * nothing of that run is kept (one transaction).
 */
import type { Command } from 'commander';
import { PiguardError } from '../core/errors.ts';
import { globalOptions } from './global-options.ts';

/**
 * @example
 * registerImportEventsCommand(program.command('import')); // piguard import events events.jsonl
 */
export function registerImportEventsCommand(group: Command): void {
  group
    .command('events')
    .description('import access events (JSONL, DESIGN §5.3) into the audit log; - for stdin')
    .argument('<file>', 'JSONL file of access events, or - for standard input')
    .option('--source <name>', 'source to record for events that carry no "source"')
    .action(async (file: string, opts: { source?: string }, cmd: Command) => {
      // Loaded on demand: database drivers and the audit code cost start-up time.
      const { openDatabase } = await import('../store/open-database.ts');
      const { AuditLog } = await import('../audit/audit-log.ts');
      const { importEventsFile } = await import('../vault/event-import.ts');
      const { ImportTimings } = await import('../vault/event-import-timings.ts');
      const timings = ImportTimings.fromEnv('command');
      const database = await openDatabase(globalOptions(cmd).dbUrl);
      const log = new AuditLog(database);
      try {
        try {
          await log.size();
        } catch (err) {
          if (err instanceof PiguardError) throw err;
          throw new PiguardError('the database is not initialised; run `piguard init`');
        }
        const started = Date.now();
        const result = await importEventsFile(database.db, log, file, {
          ...(opts.source !== undefined ? { source: opts.source } : {}),
          onProgress: (n) => {
            if (process.stdout.isTTY) process.stderr.write(`\rimported ${n} events…`);
          },
        });
        if (process.stdout.isTTY) process.stderr.write('\n');
        const seconds = (Date.now() - started) / 1000;
        const range =
          result.firstIndex === undefined
            ? ''
            : ` (audit entries ${result.firstIndex}–${result.lastIndex})`;
        process.stdout.write(
          `imported ${result.events} events, ${result.customers} customer references${range} in ${seconds.toFixed(1)} s\n`,
        );
      } finally {
        await timings.measure('close (checkpoint)', async () => {
          await log.close();
          await database.close();
        });
        timings.report();
      }
    });
}
