/**
 * `piguard import staff FILE [--policy FILE] [--as ACTOR]`: staff from a CSV file (DESIGN §5.3;
 * UTF-8 or GB18030/GBK; English or Chinese headers). Free-text roles map to policy roles through
 * the policy's `match` lists; a bad row stops the import with `FILE:LINE: problem` (exit 2) and
 * nothing is written. Upserts on the staff id, in one transaction with its audit entry.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import type { Command } from 'commander';
import { InputError } from '../core/errors.ts';
import { globalOptions } from './global-options.ts';

/**
 * Who a CLI administrator is when `--as` is not given.
 *
 * @example
 * cliActor(undefined) // 'cli:alice'
 */
export function cliActor(as: string | undefined): string {
  if (as) return as;
  let name = 'unknown';
  try {
    name = userInfo().username;
  } catch {
    // No passwd entry (containers): keep 'unknown'.
  }
  return `cli:${name}`;
}

/**
 * Imports a staff file and returns the report line.
 *
 * @example
 * const line = await runImportStaff('sqlite:./piguard.db', 'staff.csv', { policyPath: './piguard.policy.yaml' });
 */
export async function runImportStaff(
  dbUrl: string,
  file: string,
  options: { policyPath: string; actor: string },
): Promise<string> {
  if (!existsSync(file)) throw new InputError('file not found', { file });
  const { loadPolicyFile } = await import('../vault/policy/policy-loader.ts');
  const { parseStaffFile } = await import('../vault/staff-file.ts');
  const { importStaff } = await import('../vault/staff-import.ts');
  const { AuditLog } = await import('../audit/audit-log.ts');
  const { openDatabase } = await import('../store/open-database.ts');
  const policy = loadPolicyFile(options.policyPath);
  const bytes = readFileSync(file);
  const members = parseStaffFile(bytes, file, policy);
  const database = await openDatabase(dbUrl);
  try {
    const log = new AuditLog(database);
    const r = await importStaff(database, log, members, {
      actor: options.actor,
      source: file,
      sha256: createHash('sha256').update(bytes).digest('hex'),
    });
    await log.close();
    return `imported ${r.rows} staff from ${file}: ${r.inserted} new, ${r.updated} updated (audit entry ${r.auditIndex})`;
  } finally {
    await database.close();
  }
}

/**
 * @example
 * registerImportStaffCommand(program.command('import'));
 */
export function registerImportStaffCommand(group: Command): void {
  group
    .command('staff <file>')
    .description(
      'import staff (staff_id, role, branch, team, start_date, end_date or 员工编号, 岗位, 机构, 团队, 入职日期, 离职日期)',
    )
    .option('--policy <file>', 'policy file; default $PIGUARD_POLICY or ./piguard.policy.yaml')
    .option('--as <actor>', 'who is importing (for the audit entry); default cli:$USER')
    .action(async (file: string, opts: { policy?: string; as?: string }, cmd: Command) => {
      const { dbUrl } = globalOptions(cmd);
      const { resolvePolicyPath } = await import('../vault/policy/policy-loader.ts');
      const line = await runImportStaff(dbUrl, file, {
        policyPath: resolvePolicyPath(opts.policy),
        actor: cliActor(opts.as),
      });
      process.stdout.write(`${line}\n`);
    });
}
