/**
 * `piguard export --as ACTOR --purpose P [--filter k=v…] [--recipient R] --out FILE
 * [--encoding gb18030]`: a marked export through the gateway (CSV or XLSX by the file's
 * extension). When the policy needs approval, prints the export id and exits 0; the requester
 * fetches the file with `piguard exports fetch ID` once an approver has decided.
 *
 * The file is written only after the export's transaction committed (the audit entry exists).
 */
import { writeFileSync } from 'node:fs';
import { extname } from 'node:path';
import type { Command } from 'commander';
import { UsageError } from '../core/errors.ts';
import type { ExportFormat } from '../vault/gateway/gateway-types.ts';
import { globalOptions } from './global-options.ts';

/**
 * The export format for an output path and `--encoding`.
 *
 * @example
 * exportFormatFor('out.csv', 'gb18030') // 'csv-gb18030'
 */
export function exportFormatFor(out: string, encoding: string | undefined): ExportFormat {
  const ext = extname(out).toLowerCase();
  const enc = encoding?.toLowerCase().replace(/[-_]/g, '');
  if (enc !== undefined && !['utf8', 'gb18030', 'gbk'].includes(enc)) {
    throw new UsageError(`--encoding ${encoding}: expected utf-8 or gb18030`);
  }
  if (ext === '.xlsx') {
    if (enc !== undefined) throw new UsageError('--encoding applies to CSV files only');
    return 'xlsx';
  }
  if (ext === '.csv' || ext === '.txt')
    return enc === 'gb18030' || enc === 'gbk' ? 'csv-gb18030' : 'csv';
  throw new UsageError(`--out ${out}: the file name must end in .csv or .xlsx`);
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/**
 * @example
 * registerExportCommand(program); // piguard export --as M1 --purpose marketing_campaign --out list.xlsx
 */
export function registerExportCommand(program: Command): void {
  program
    .command('export')
    .description('export customers through the gateway (CSV or XLSX), masked, marked and audited')
    .requiredOption('--as <actor>', 'staff id of the person exporting')
    .requiredOption('--purpose <purpose>', 'purpose of the export (a purpose of the policy)')
    .requiredOption('--out <file>', 'output file (.csv or .xlsx)')
    .option(
      '--filter <key=value>',
      'agent, branch, region, team, customer_id, phone, id_number, email, name, birth_date (repeatable)',
      collect,
      [],
    )
    .option('--recipient <recipient>', 'who the file is for')
    .option('--encoding <encoding>', 'CSV encoding: utf-8 (with BOM, default) or gb18030')
    .option('--policy <file>', 'policy file; default $PIGUARD_POLICY or ./piguard.policy.yaml')
    .action(
      async (
        opts: {
          as: string;
          purpose: string;
          out: string;
          filter: string[];
          recipient?: string;
          encoding?: string;
          policy?: string;
        },
        cmd: Command,
      ) => {
        const { dbUrl } = globalOptions(cmd);
        const format = exportFormatFor(opts.out, opts.encoding);
        const { parseFilterArgs } = await import('../vault/gateway/filter-args.ts');
        const filter = parseFilterArgs(opts.filter);
        const { resolvePolicyPath } = await import('../vault/policy/policy-loader.ts');
        const { withGateway } = await import('../vault/gateway/open-gateway.ts');
        // Every export is marked (DESIGN §4.3, §4.6): trace's canary and mark decorators register
        // themselves when their module loads.
        await import('../trace/register-export-decorators.ts');
        const outcome = await withGateway(
          dbUrl,
          { policyPath: resolvePolicyPath(opts.policy) },
          (g) =>
            g.export({
              actor: opts.as,
              purpose: opts.purpose,
              filter,
              format,
              recipient: opts.recipient ?? null,
            }),
        );
        if (outcome.status === 'pending') {
          process.stdout.write(
            `export ${outcome.exportId} needs approval (${outcome.rows} rows; columns ${outcome.columns.join(', ')})\n` +
              `an approver runs: piguard exports approve ${outcome.exportId} --as APPROVER\n` +
              `then: piguard exports fetch ${outcome.exportId} --as ${opts.as} --out ${opts.out}\n`,
          );
          return;
        }
        writeFileSync(opts.out, outcome.file.bytes);
        process.stdout.write(
          `export ${outcome.exportId}: ${outcome.file.rows} customers written to ${opts.out} (sha256 ${outcome.file.sha256})\n`,
        );
      },
    );
}
