/**
 * `piguard sim --out DIR [--customers N] [--staff N] [--months N] [--seed S]` (DESIGN §5.2):
 * writes a synthetic insurer as files (DESIGN §5.3) with the truth about what was injected.
 * Extra options: `--start`, `--extra-per-day N|LO-HI`, `--scenarios a,b,…`, `--encoding`.
 */
import cliProgress from 'cli-progress';
import type { Command } from 'commander';
import { UsageError } from '../core/errors.ts';
import type { ScenarioKind } from '../sim/types.ts';

interface SimCommandOptions {
  out: string;
  customers?: string;
  staff?: string;
  months?: string;
  seed?: string;
  start?: string;
  extraPerDay?: string;
  scenarios?: string;
  earlyInsiders?: string;
  encoding?: string;
}

/**
 * Parses a whole-number option strictly ("1e3", "12abc" and "" are refused).
 *
 * @example
 * parseWhole('--staff', '2000') // 2000
 */
export function parseWhole(name: string, value: string): number {
  if (!/^[0-9]{1,12}$/.test(value.trim()))
    throw new UsageError(`${name}: "${value}" is not a whole number`);
  return Number(value.trim());
}

/**
 * Parses `--extra-per-day`: `110` or a range `80-150`.
 *
 * @example
 * parseExtraPerDay('80-150') // [80, 150]
 */
export function parseExtraPerDay(value: string): number | [number, number] {
  const m = /^\s*([0-9]+)\s*(?:-\s*([0-9]+))?\s*$/.exec(value);
  if (!m) throw new UsageError(`--extra-per-day: "${value}" is not a number or a range LO-HI`);
  return m[2] === undefined ? Number(m[1]) : [Number(m[1]), Number(m[2])];
}

/**
 * @example
 * registerSimCommand(program);
 */
export function registerSimCommand(program: Command): void {
  program
    .command('sim')
    .description(
      'write a synthetic organisation (customers, staff, events, complaints, leaks, truth)',
    )
    .requiredOption('--out <dir>', 'output directory')
    .option('--customers <n>', 'customers (default 20000)')
    .option('--staff <n>', 'staff, hires and departures included (default 200)')
    .option('--months <n>', 'months of activity (default 18)')
    .option('--seed <s>', 'random seed (default 1)')
    .option('--start <date>', 'first day, YYYY-MM-DD (default 2025-01-01)')
    .option(
      '--extra-per-day <n>',
      'records a day a slow exfiltrator takes: N or LO-HI (default 80-150)',
    )
    .option(
      '--scenarios <list>',
      'comma-separated scenario kinds to inject (default all; "none" for none)',
    )
    .option(
      '--early-insiders <n>',
      'start the first N insiders of each malicious kind in the first 28 days (default 0)',
    )
    .option(
      '--encoding <enc>',
      'customers.csv and staff.csv encoding: utf-8 (with BOM) or gb18030',
      'utf-8',
    )
    .action(async (opts: SimCommandOptions) => {
      const encoding = opts.encoding?.toLowerCase();
      if (encoding !== 'utf-8' && encoding !== 'gb18030') {
        throw new UsageError(`--encoding: "${opts.encoding}" is not utf-8 or gb18030`);
      }
      const { createOrganisation, writeOrganisation } = await import('../sim/index.ts');
      let scenarios: ScenarioKind[] | undefined;
      if (opts.scenarios !== undefined) {
        const list = opts.scenarios
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean);
        scenarios = list.length === 1 && list[0] === 'none' ? [] : (list as typeof scenarios);
      }
      const started = Date.now();
      const org = createOrganisation({
        customers:
          opts.customers === undefined ? undefined : parseWhole('--customers', opts.customers),
        staff: opts.staff === undefined ? undefined : parseWhole('--staff', opts.staff),
        months: opts.months === undefined ? undefined : parseWhole('--months', opts.months),
        seed: opts.seed === undefined ? undefined : parseWhole('--seed', opts.seed),
        start: opts.start,
        exfiltratorExtraPerDay:
          opts.extraPerDay === undefined ? undefined : parseExtraPerDay(opts.extraPerDay),
        scenarios,
        earlyInsiders:
          opts.earlyInsiders === undefined
            ? undefined
            : parseWhole('--early-insiders', opts.earlyInsiders),
      });
      // A progress bar only on a terminal (DESIGN §5.2).
      const bar =
        process.stdout.isTTY && process.stderr.isTTY
          ? new cliProgress.SingleBar(
              {
                stream: process.stderr,
                clearOnComplete: true,
                hideCursor: true,
                format:
                  'simulating [{bar}] {percentage}% | day {value}/{total} | {events} events | {eta_formatted}',
              },
              cliProgress.Presets.shades_classic,
            )
          : undefined;
      bar?.start(org.days.length, 0, { events: 0 });
      let files;
      try {
        files = await writeOrganisation(org, opts.out, {
          encoding,
          onDay: (d, _n, events) => bar?.update(d + 1, { events }),
        });
      } finally {
        bar?.stop();
      }
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      const counts = new Map<string, number>();
      for (const s of org.truth.scenarios) counts.set(s.kind, (counts.get(s.kind) ?? 0) + 1);
      process.stdout.write(
        [
          `wrote ${files.dir} in ${seconds} s`,
          `  customers.csv     ${org.customerCount} customers`,
          `  staff.csv         ${org.staff.length} staff`,
          `  events.jsonl      ${files.eventCount} events, ${org.truth.start} to ${org.truth.end}`,
          `  complaints.jsonl  ${org.complaints.length} complaints`,
          `  leaks/            ${files.leaks.length} files`,
          `  truth.json        ${[...counts].map(([k, n]) => `${k} ×${n}`).join(', ') || 'no scenarios'}`,
        ].join('\n') + '\n',
      );
    });
}
