/**
 * `piguard canary pool add VALUE…` / `canary pool list` / `canary hit --identity VALUE
 * [--at TIME] [--said TEXT] [--name-used NAME] [--address-used ADDRESS]` (DESIGN §5.2, §4.6).
 */
import type { Command } from 'commander';
import { UsageError } from '../core/errors.ts';
import { globalOptions } from './global-options.ts';

/**
 * @example
 * registerCanaryCommand(program); // piguard canary hit --identity 17000000001 --name-used 王建国
 */
export function registerCanaryCommand(program: Command): void {
  const canary = program.command('canary').description('trap identities and canary hits');
  const pool = canary.command('pool').description('the pool of trap phones and mailboxes');
  pool
    .command('add')
    .description('add trap phone numbers or mailboxes the organisation controls')
    .argument('<values...>', 'phone numbers or email addresses')
    .action(async (values: string[], _opts: unknown, cmd: Command) => {
      const { openDatabase } = await import('../store/open-database.ts');
      const { CustomerVault } = await import('../vault/customer-vault.ts');
      const { resolveKeyProvider } = await import('../protect/resolve-key-provider.ts');
      const { addToPool } = await import('../trace/canary-pool.ts');
      const database = await openDatabase(globalOptions(cmd).dbUrl);
      try {
        const vault = await CustomerVault.open(database, resolveKeyProvider());
        try {
          const r = await addToPool(
            database.db,
            vault.blindIndex,
            values,
            process.env['USER'] ?? null,
          );
          process.stdout.write(
            `added ${r.added} of ${values.length} trap identities to the pool\n`,
          );
        } finally {
          vault.close();
        }
      } finally {
        await database.close();
      }
    });
  pool
    .command('list')
    .description('list the live pool')
    .action(async (_opts: unknown, cmd: Command) => {
      const { openDatabase } = await import('../store/open-database.ts');
      const { listPool } = await import('../trace/canary-pool.ts');
      const database = await openDatabase(globalOptions(cmd).dbUrl);
      try {
        for (const p of await listPool(database.db)) {
          process.stdout.write(`${p.identity}\t${p.kind}\t${p.added_at}\n`);
        }
      } finally {
        await database.close();
      }
    });
  canary
    .command('webhook-secret')
    .description('print the HMAC secret for the canary-hit and complaint webhooks')
    .action(async () => {
      const { resolveKeyProvider } = await import('../protect/resolve-key-provider.ts');
      const { webhookSecret } = await import('../trace/webhook-signature.ts');
      process.stdout.write(`${(await webhookSecret(resolveKeyProvider())).toString('utf8')}\n`);
    });
  canary
    .command('hit')
    .description(
      'record a call, SMS or mail to a trap identity; names the export(s) on identity evidence',
    )
    .requiredOption('--identity <value>', 'the trap phone or mailbox that was reached')
    .option('--at <time>', 'when (ISO-8601); default now')
    .option('--said <text>', 'what the caller or sender said (kept only as a hash)')
    .option('--name-used <name>', 'the name the caller asked for')
    .option('--address-used <address>', 'the address the caller used')
    .option('--format <format>', 'json | table', 'table')
    .action(
      async (
        opts: {
          identity: string;
          at?: string;
          said?: string;
          nameUsed?: string;
          addressUsed?: string;
          format: string;
        },
        cmd: Command,
      ) => {
        if (opts.format !== 'json' && opts.format !== 'table') {
          throw new UsageError('--format must be json or table');
        }
        const { openDatabase } = await import('../store/open-database.ts');
        const { recordCanaryHit } = await import('../trace/canary-hits.ts');
        const database = await openDatabase(globalOptions(cmd).dbUrl);
        try {
          const r = await recordCanaryHit(database.db, {
            identity: opts.identity,
            source: 'cli',
            ...(opts.at !== undefined ? { at: opts.at } : {}),
            ...(opts.said !== undefined ? { said: opts.said } : {}),
            ...(opts.nameUsed !== undefined ? { nameUsed: opts.nameUsed } : {}),
            ...(opts.addressUsed !== undefined ? { addressUsed: opts.addressUsed } : {}),
          });
          if (opts.format === 'json') process.stdout.write(`${JSON.stringify(r)}\n`);
          else if (r.evidence === 'bare') {
            process.stdout.write(
              `hit ${r.hit_id} on ${r.identity}: bare (no synthetic name or address used) — weak, names no export\n`,
            );
          } else {
            process.stdout.write(`hit ${r.hit_id} on ${r.identity}: identity evidence\n`);
            for (const e of r.exports) {
              process.stdout.write(`  export ${e.export_id} by ${e.actor ?? 'unknown actor'}\n`);
            }
          }
        } finally {
          await database.close();
        }
      },
    );
}
