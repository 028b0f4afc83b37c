/**
 * `piguard staff list|add|set`: look at and change staff without a file. Changes are audited
 * like imports (`{type:'import', what:'staff-add' | 'staff-set', …}`); roles map to policy roles
 * through the policy's `match` lists, as in `import staff`.
 *
 *   staff list [--team T] [--branch B] [--role R] [--format table|json]
 *   staff add ID --role ROLE [--branch B] [--team T] [--start-date D] [--end-date D]
 *   staff set ID [--role ROLE] [--branch B] [--team T] [--start-date D] [--end-date D]
 */
import type { Command } from 'commander';
import { ConflictError, NotFoundError, UsageError } from '../core/errors.ts';
import type { StaffMember } from '../vault/staff-member.ts';
import { globalOptions } from './global-options.ts';
import { cliActor } from './import-staff-command.ts';

interface MemberOptions {
  role?: string;
  branch?: string;
  team?: string;
  startDate?: string;
  endDate?: string;
  policy?: string;
  as?: string;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function checkDate(option: string, value: string | undefined): void {
  if (value !== undefined && value !== '' && !DATE.test(value)) {
    throw new UsageError(`${option} ${value}: expected YYYY-MM-DD`);
  }
}

/** `''` clears a field; undefined keeps it. */
function pick(value: string | undefined, current: string | null): string | null {
  if (value === undefined) return current;
  return value === '' ? null : value;
}

async function change(
  cmd: Command,
  id: string,
  opts: MemberOptions,
  mode: 'add' | 'set',
): Promise<string> {
  const { dbUrl } = globalOptions(cmd);
  checkDate('--start-date', opts.startDate);
  checkDate('--end-date', opts.endDate);
  const { loadPolicyFile, resolvePolicyPath } = await import('../vault/policy/policy-loader.ts');
  const { roleForStaffRole } = await import('../vault/policy/policy.ts');
  const { getStaff } = await import('../vault/staff-store.ts');
  const { importStaff } = await import('../vault/staff-import.ts');
  const { AuditLog } = await import('../audit/audit-log.ts');
  const { openDatabase } = await import('../store/open-database.ts');
  const policy = loadPolicyFile(resolvePolicyPath(opts.policy));
  let role: string | undefined;
  if (opts.role !== undefined) {
    role = roleForStaffRole(policy, opts.role);
    if (role === undefined) {
      throw new UsageError(
        `--role ${opts.role}: matches no policy role (roles: ${[...policy.roles.keys()].join(', ')})`,
      );
    }
  }
  const database = await openDatabase(dbUrl);
  try {
    const existing = await getStaff(database.db, id);
    if (mode === 'add' && existing)
      throw new ConflictError(`staff ${id} exists; use \`piguard staff set\``);
    if (mode === 'set' && !existing)
      throw new NotFoundError(`staff ${id} does not exist; use \`piguard staff add\``);
    if (mode === 'add' && role === undefined) throw new UsageError('--role is required');
    const member: StaffMember = {
      staffId: id,
      role: role ?? existing!.role,
      roleRaw: opts.role ?? existing?.roleRaw ?? null,
      branch: pick(opts.branch, existing?.branch ?? null),
      team: pick(opts.team, existing?.team ?? null),
      startDate: pick(opts.startDate, existing?.startDate ?? null),
      endDate: pick(opts.endDate, existing?.endDate ?? null),
    };
    if (member.startDate && member.endDate && member.endDate < member.startDate) {
      throw new UsageError('--end-date is before the start date');
    }
    const log = new AuditLog(database);
    const r = await importStaff(database, log, [member], {
      actor: cliActor(opts.as),
      what: `staff-${mode}`,
    });
    await log.close();
    return `staff ${id} ${mode === 'add' ? 'added' : 'updated'}: role ${member.role}, branch ${member.branch ?? '-'}, team ${member.team ?? '-'} (audit entry ${r.auditIndex})`;
  } finally {
    await database.close();
  }
}

function memberOptions(c: Command): Command {
  return c
    .option('--role <role>', 'policy role or a free-text role its match list names')
    .option('--branch <branch>', 'branch (机构); "" clears')
    .option('--team <team>', 'team (团队); "" clears')
    .option('--start-date <date>', 'YYYY-MM-DD; "" clears')
    .option('--end-date <date>', 'YYYY-MM-DD (last day employed); "" clears')
    .option('--policy <file>', 'policy file; default $PIGUARD_POLICY or ./piguard.policy.yaml')
    .option('--as <actor>', 'who makes the change (for the audit entry); default cli:$USER');
}

/**
 * @example
 * registerStaffCommand(program); // piguard staff add S001 --role 代理人 --branch 上海分公司 --team T1
 */
export function registerStaffCommand(program: Command): void {
  const group = program
    .command('staff')
    .description('list, add and change staff (roles, branches, teams)');
  group
    .command('list')
    .description('list staff')
    .option('--team <team>')
    .option('--branch <branch>')
    .option('--role <role>', 'policy role')
    .option('--format <format>', 'table or json', 'table')
    .action(
      async (
        opts: { team?: string; branch?: string; role?: string; format: string },
        cmd: Command,
      ) => {
        const { dbUrl } = globalOptions(cmd);
        const { listStaff } = await import('../vault/staff-store.ts');
        const { openDatabase } = await import('../store/open-database.ts');
        const database = await openDatabase(dbUrl);
        try {
          const members = await listStaff(database.db, {
            ...(opts.team !== undefined ? { team: opts.team } : {}),
            ...(opts.branch !== undefined ? { branch: opts.branch } : {}),
            ...(opts.role !== undefined ? { role: opts.role } : {}),
          });
          if (opts.format === 'json') {
            process.stdout.write(`${JSON.stringify(members)}\n`);
            return;
          }
          for (const m of members) {
            process.stdout.write(
              `${m.staffId}\t${m.role}\t${m.branch ?? '-'}\t${m.team ?? '-'}\t${m.startDate ?? '-'}\t${m.endDate ?? '-'}\n`,
            );
          }
        } finally {
          await database.close();
        }
      },
    );
  memberOptions(group.command('add <id>').description('add a member of staff')).action(
    async (id: string, opts: MemberOptions, cmd: Command) => {
      process.stdout.write(`${await change(cmd, id, opts, 'add')}\n`);
    },
  );
  memberOptions(
    group.command('set <id>').description("change a member's role, branch, team or dates"),
  ).action(async (id: string, opts: MemberOptions, cmd: Command) => {
    process.stdout.write(`${await change(cmd, id, opts, 'set')}\n`);
  });
}
