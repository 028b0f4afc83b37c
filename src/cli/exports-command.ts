/**
 * `piguard exports list|show|approve|deny|fetch`: export records and the approval flow.
 *
 *   exports list [--as APPROVER] [--mine ACTOR] [--status S] [--format table|json]
 *   exports show ID [--format json]
 *   exports approve ID --as APPROVER [--reason TEXT]
 *   exports deny ID --as APPROVER [--reason TEXT]
 *   exports fetch ID --as ACTOR --out FILE
 */
import { writeFileSync } from 'node:fs';
import { extname } from 'node:path';
import type { Command } from 'commander';
import { UsageError } from '../core/errors.ts';
import type { ExportStatus, ExportSummary } from '../vault/gateway/gateway-types.ts';
import type { Gateway } from '../vault/gateway/gateway.ts';
import { globalOptions } from './global-options.ts';

const STATUSES = ['pending', 'approved', 'denied', 'done'];

async function run<T>(
  cmd: Command,
  policy: string | undefined,
  fn: (g: Gateway) => Promise<T>,
): Promise<T> {
  const { dbUrl } = globalOptions(cmd);
  const { resolvePolicyPath } = await import('../vault/policy/policy-loader.ts');
  const { withGateway } = await import('../vault/gateway/open-gateway.ts');
  return withGateway(dbUrl, { policyPath: resolvePolicyPath(policy) }, fn);
}

/**
 * One line per export for the table form.
 *
 * @example
 * formatExportLine(summary) // 'E20260301-… pending A1 campaign 12 rows → vendor [customer_id,name]'
 */
export function formatExportLine(s: ExportSummary): string {
  const decided = s.decidedBy ? ` decided by ${s.decidedBy}` : '';
  const to = s.recipient ? ` → ${s.recipient}` : '';
  return `${s.exportId}  ${s.status}  ${s.actor}  ${s.purpose}  ${s.rows} rows${to}  [${s.columns.join(',')}]  filter ${JSON.stringify(s.filter)}${decided}`;
}

/**
 * @example
 * registerExportsCommand(program); // piguard exports approve E… --as D1
 */
export function registerExportsCommand(program: Command): void {
  const group = program.command('exports').description('export records and approvals');
  const policyOption = '--policy <file>';
  const policyHelp = 'policy file; default $PIGUARD_POLICY or ./piguard.policy.yaml';

  group
    .command('list')
    .description('list exports (with --as: the requests that approver may decide)')
    .option('--as <approver>', 'only pending requests this member of staff may decide')
    .option('--mine <actor>', 'only exports requested by this member of staff')
    .option('--status <status>', STATUSES.join(' | '))
    .option('--format <format>', 'table or json', 'table')
    .option(policyOption, policyHelp)
    .action(
      async (
        opts: { as?: string; mine?: string; status?: string; format: string; policy?: string },
        cmd: Command,
      ) => {
        if (opts.status !== undefined && !STATUSES.includes(opts.status)) {
          throw new UsageError(`--status ${opts.status}: expected ${STATUSES.join(', ')}`);
        }
        const list = await run(cmd, opts.policy, (g) =>
          g.listExports({
            ...(opts.as !== undefined ? { approver: opts.as } : {}),
            ...(opts.mine !== undefined ? { actor: opts.mine } : {}),
            ...(opts.status !== undefined ? { status: opts.status as ExportStatus } : {}),
          }),
        );
        if (opts.format === 'json') {
          process.stdout.write(`${JSON.stringify(list)}\n`);
        } else {
          for (const s of list) process.stdout.write(`${formatExportLine(s)}\n`);
        }
      },
    );

  group
    .command('show <id>')
    .description('show one export record')
    .option(policyOption, policyHelp)
    .action(async (id: string, opts: { policy?: string }, cmd: Command) => {
      const s = await run(cmd, opts.policy, (g) => g.getExport(id));
      process.stdout.write(`${JSON.stringify(s, null, 2)}\n`);
    });

  for (const decision of ['approve', 'deny'] as const) {
    group
      .command(`${decision} <id>`)
      .description(`${decision} a pending export request (not your own)`)
      .requiredOption('--as <approver>', 'staff id of the approver')
      .option('--reason <text>', 'why (kept in the audit log)')
      .option(policyOption, policyHelp)
      .action(
        async (
          id: string,
          opts: { as: string; reason?: string; policy?: string },
          cmd: Command,
        ) => {
          const s = await run(cmd, opts.policy, (g) =>
            g.decideExport({
              exportId: id,
              approver: opts.as,
              decision,
              ...(opts.reason !== undefined ? { reason: opts.reason } : {}),
            }),
          );
          process.stdout.write(`export ${s.exportId} ${s.status} by ${opts.as}\n`);
        },
      );
  }

  group
    .command('fetch <id>')
    .description('produce the file of an approved export (requester only, once)')
    .requiredOption('--as <actor>', 'staff id of the requester')
    .requiredOption('--out <file>', 'output file (extension must match the requested format)')
    .option(policyOption, policyHelp)
    .action(
      async (id: string, opts: { as: string; out: string; policy?: string }, cmd: Command) => {
        // Every export is marked: trace's decorators register themselves when their module loads.
        await import('../trace/register-export-decorators.ts');
        const file = await run(cmd, opts.policy, async (g) => {
          const summary = await g.getExport(id);
          const wantXlsx = summary.format === 'xlsx';
          if (wantXlsx !== (extname(opts.out).toLowerCase() === '.xlsx')) {
            throw new UsageError(
              `--out ${opts.out}: export ${id} was requested as ${summary.format}`,
            );
          }
          return g.fetchExport({ exportId: id, actor: opts.as });
        });
        writeFileSync(opts.out, file.bytes);
        process.stdout.write(
          `export ${file.exportId}: ${file.rows} customers written to ${opts.out} (sha256 ${file.sha256})\n`,
        );
      },
    );
}
