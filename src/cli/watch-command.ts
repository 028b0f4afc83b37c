/**
 * `piguard watch [--since T] [--until T] [--format jsonl|table] [--budget N]` (DESIGN §5.2, §5.4):
 * runs the detectors over the imported access events and prints the alerts; they are also
 * stored (table `alerts`) for cases and the dashboard. History before `--since` is baseline.
 */
import type { Command } from 'commander';
import { PiguardError, UsageError } from '../core/errors.ts';
import { globalOptions } from './global-options.ts';

/**
 * A `--since/--until` value: a day `YYYY-MM-DD` or an ISO time (its date is used).
 *
 * @example
 * parseDayOption('2025-03-01T10:00:00+08:00', '--since') // '2025-03-01'
 */
export function parseDayOption(value: string, name: string): string {
  const day = value.slice(0, 10);
  const ok =
    /^\d{4}-\d{2}-\d{2}$/.test(day) &&
    (value.length === 10 || value[10] === 'T') &&
    !Number.isNaN(Date.parse(`${day}T00:00:00Z`)) &&
    new Date(`${day}T00:00:00Z`).toISOString().slice(0, 10) === day;
  if (!ok) throw new UsageError(`${name}: "${value}" is not a date (YYYY-MM-DD) or ISO time`);
  return day;
}

/**
 * @example
 * registerWatchCommand(program); // piguard watch --since 2025-06-01 --format table
 */
export function registerWatchCommand(program: Command): void {
  program
    .command('watch')
    .description(
      'run the insider-watch detectors over access events and print alerts (DESIGN §5.4)',
    )
    .option('--since <time>', 'first day to report; earlier history is baseline')
    .option('--until <time>', 'last day to evaluate')
    .option('--format <format>', 'jsonl or table', 'jsonl')
    .option('--budget <n>', 'alerts per day for the investigator (highest scores first)')
    .action(
      async (
        opts: { since?: string; until?: string; format: string; budget?: string },
        cmd: Command,
      ) => {
        if (opts.format !== 'jsonl' && opts.format !== 'table') {
          throw new UsageError(`--format: "${opts.format}" is not jsonl or table`);
        }
        const since = opts.since === undefined ? undefined : parseDayOption(opts.since, '--since');
        const until = opts.until === undefined ? undefined : parseDayOption(opts.until, '--until');
        if (since && until && since > until) throw new UsageError('--since is after --until');
        let budget: number | undefined;
        if (opts.budget !== undefined) {
          if (!/^[1-9][0-9]*$/.test(opts.budget)) {
            throw new UsageError(`--budget: "${opts.budget}" is not a positive integer`);
          }
          budget = Number(opts.budget);
        }
        const { openDatabase } = await import('../store/open-database.ts');
        const { runWatch } = await import('../watch/watch-runner.ts');
        const { formatAlertJsonl, formatAlertTable } = await import('../watch/alert-format.ts');
        const database = await openDatabase(globalOptions(cmd).dbUrl);
        try {
          let result;
          try {
            result = await runWatch(database.db, {
              ...(since ? { since } : {}),
              ...(until ? { until } : {}),
              ...(budget !== undefined ? { budget } : {}),
            });
          } catch (err) {
            if (err instanceof PiguardError) throw err;
            const m = (err as Error).message;
            if (/no such table|does not exist/.test(m)) {
              throw new PiguardError('the database is not initialised; run `piguard init`');
            }
            throw err;
          }
          if (opts.format === 'table') process.stdout.write(formatAlertTable(result.alerts));
          else for (const a of result.alerts) process.stdout.write(formatAlertJsonl(a) + '\n');
        } finally {
          await database.close();
        }
      },
    );
}
