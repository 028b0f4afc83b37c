/**
 * `piguard users …` and `piguard tokens …`: principals (people who log in, systems that call the
 * API) and their bearer tokens.
 *
 *     piguard users add NAME --rights read,export [--staff S001] [--system] [--password-stdin]
 *     piguard users list
 *     piguard users set NAME [--rights …] [--staff ID|--no-staff] [--disable|--enable] [--password-stdin]
 *     piguard tokens create --name N --scopes events:write [--principal P]
 *     piguard tokens list
 *     piguard tokens revoke TOKEN_ID
 *
 * A person's password is read from stdin (`--password-stdin`) or generated and printed once.
 * A token is printed once; only its SHA-256 is stored. Every change is audited
 * (`{type:'admin', action, target, by:'cli', ts}`).
 */
import { randomBytes } from 'node:crypto';
import type { Command } from 'commander';
import { UsageError } from '../core/errors.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import type { Database } from '../store/open-database.ts';
import type { PrincipalStore } from '../server/auth/principal-store.ts';
import type { TokenStore } from '../server/auth/token-store.ts';
import { globalOptions } from './global-options.ts';

interface Stores {
  database: Database;
  log: AuditLog;
  principals: PrincipalStore;
  tokens: TokenStore;
  audit(action: string, target: string): Promise<void>;
}

async function withStores<T>(cmd: Command, run: (s: Stores) => Promise<T>): Promise<T> {
  const { dbUrl } = globalOptions(cmd);
  const [{ openDatabase }, { AuditLog }, { PrincipalStore }, { TokenStore }] = await Promise.all([
    import('../store/open-database.ts'),
    import('../audit/audit-log.ts'),
    import('../server/auth/principal-store.ts'),
    import('../server/auth/token-store.ts'),
  ]);
  const database = await openDatabase(dbUrl);
  const log = new AuditLog(database);
  try {
    const now = () => new Date();
    return await run({
      database,
      log,
      principals: new PrincipalStore(database.db, now),
      tokens: new TokenStore(database.db, now),
      audit: async (action, target) => {
        await log.append([{ type: 'admin', action, target, by: 'cli', ts: now().toISOString() }]);
      },
    });
  } finally {
    await log.close();
    await database.close();
  }
}

/** Reads a password from stdin (first line). */
async function readPasswordFromStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  const line = Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? '';
  if (line.length === 0) throw new UsageError('--password-stdin: no password on stdin');
  return line;
}

/**
 * A random password for a new person (printed once): 20 base64url characters, ~120 bits.
 *
 * @example
 * generatePassword(); // 'pQ3-…'
 */
export function generatePassword(): string {
  return randomBytes(15).toString('base64url');
}

/**
 * @example
 * registerUsersCommand(program); // piguard users add alice --rights investigate
 */
export function registerUsersCommand(program: Command): void {
  const users = program.command('users').description('people and systems that use piguard');

  users
    .command('add')
    .description('create a principal (a person with a password, or a system with --system)')
    .argument('<name>', 'principal id (login name)')
    .requiredOption('--rights <list>', 'comma-separated rights (see `piguard users rights`)')
    .option('--staff <id>', 'staff id the person acts as in the gateway')
    .option('--system', 'a system (API tokens only, no password)', false)
    .option('--password-stdin', 'read the password from stdin instead of generating one', false)
    .action(
      async (
        name: string,
        opts: { rights: string; staff?: string; system: boolean; passwordStdin: boolean },
        cmd: Command,
      ) => {
        const { parseRights } = await import('../server/auth/principal-store.ts');
        const rights = parseRights(opts.rights);
        if (opts.system && opts.passwordStdin) {
          throw new UsageError('--system principals have no password');
        }
        const password = opts.system
          ? undefined
          : opts.passwordStdin
            ? await readPasswordFromStdin()
            : generatePassword();
        await withStores(cmd, async (s) => {
          await s.principals.add(
            {
              id: name,
              kind: opts.system ? 'system' : 'person',
              staffId: opts.staff ?? null,
              rights,
            },
            password,
          );
          await s.audit('principal_add', name);
        });
        process.stdout.write(
          `created ${opts.system ? 'system' : 'person'} ${name} (${rights.join(',') || 'no rights'})\n`,
        );
        if (password !== undefined && !opts.passwordStdin) {
          process.stdout.write(`password (shown once): ${password}\n`);
        }
      },
    );

  users
    .command('list')
    .description('list principals')
    .action(async (_opts: unknown, cmd: Command) => {
      await withStores(cmd, async (s) => {
        for (const p of await s.principals.list()) {
          const state = p.disabledAt ? ' disabled' : '';
          process.stdout.write(
            `${p.id}\t${p.kind}\t${p.staffId ?? '-'}\t${p.rights.join(',') || '-'}${state}\n`,
          );
        }
      });
    });

  users
    .command('set')
    .description("change a principal's rights, staff id or password; disable or enable it")
    .argument('<name>', 'principal id')
    .option('--rights <list>', 'replace the rights')
    .option('--staff <id>', 'set the staff id')
    .option('--no-staff', 'clear the staff id')
    .option('--disable', 'disable (logins and tokens stop working)')
    .option('--enable', 'enable again')
    .option('--password-stdin', 'read a new password from stdin', false)
    .action(
      async (
        name: string,
        opts: {
          rights?: string;
          staff?: string | false;
          disable?: boolean;
          enable?: boolean;
          passwordStdin: boolean;
        },
        cmd: Command,
      ) => {
        const { parseRights } = await import('../server/auth/principal-store.ts');
        if (opts.disable && opts.enable) throw new UsageError('--disable and --enable contradict');
        const change = {
          ...(opts.rights === undefined ? {} : { rights: parseRights(opts.rights) }),
          ...(opts.staff === undefined
            ? {}
            : { staffId: opts.staff === false ? null : opts.staff }),
          ...(opts.disable ? { disabled: true } : opts.enable ? { disabled: false } : {}),
          ...(opts.passwordStdin ? { password: await readPasswordFromStdin() } : {}),
        };
        await withStores(cmd, async (s) => {
          const p = await s.principals.update(name, change);
          await s.audit('principal_update', name);
          process.stdout.write(
            `${p.id}\t${p.kind}\t${p.staffId ?? '-'}\t${p.rights.join(',') || '-'}${p.disabledAt ? ' disabled' : ''}\n`,
          );
        });
      },
    );

  users
    .command('rights')
    .description('list the rights a principal can hold')
    .action(async () => {
      const { RIGHTS } = await import('../core/rights.ts');
      for (const r of RIGHTS) process.stdout.write(`${r}\n`);
    });
}

/**
 * @example
 * registerTokensCommand(program); // piguard tokens create --name core --scopes events:write
 */
export function registerTokensCommand(program: Command): void {
  const tokens = program.command('tokens').description('bearer tokens for systems');

  tokens
    .command('create')
    .description(
      'create a token (printed once); without --principal, a system principal named NAME is created with the scopes as rights',
    )
    .requiredOption('--name <name>', 'what the token is for')
    .requiredOption('--scopes <list>', 'comma-separated rights the token carries')
    .option('--principal <id>', 'principal the token belongs to')
    .action(async (opts: { name: string; scopes: string; principal?: string }, cmd: Command) => {
      const { parseRights } = await import('../server/auth/principal-store.ts');
      const scopes = parseRights(opts.scopes);
      if (scopes.length === 0) throw new UsageError('--scopes: name at least one right');
      const token = await withStores(cmd, async (s) => {
        const owner = opts.principal ?? opts.name;
        if (!(await s.principals.get(owner))) {
          if (opts.principal !== undefined)
            throw new UsageError(`--principal ${owner}: no such principal`);
          await s.principals.add({ id: owner, kind: 'system', rights: scopes });
          await s.audit('principal_add', owner);
        }
        const created = await s.tokens.create(owner, opts.name, scopes);
        await s.audit('token_create', created.record.tokenId);
        return created;
      });
      process.stderr.write(
        `created token ${token.record.tokenId} for ${token.record.principalId} (${scopes.join(',')}); it is shown once:\n`,
      );
      process.stdout.write(`${token.token}\n`);
    });

  tokens
    .command('list')
    .description('list tokens (never their secrets)')
    .action(async (_opts: unknown, cmd: Command) => {
      await withStores(cmd, async (s) => {
        for (const t of await s.tokens.list()) {
          process.stdout.write(
            `${t.tokenId}\t${t.principalId}\t${t.name}\t${t.scopes.join(',')}${t.revokedAt ? ' revoked' : ''}\n`,
          );
        }
      });
    });

  tokens
    .command('revoke')
    .description('revoke a token')
    .argument('<token-id>', 'the 12-hex-digit id `tokens list` shows')
    .action(async (tokenId: string, _opts: unknown, cmd: Command) => {
      await withStores(cmd, async (s) => {
        await s.tokens.revoke(tokenId);
        await s.audit('token_revoke', tokenId);
      });
      process.stdout.write(`revoked ${tokenId}\n`);
    });
}
