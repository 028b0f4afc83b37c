/**
 * `piguard customers delete ID` (PIPL art. 47): crypto-shreds one customer — the data key is
 * destroyed, every encrypted field nulled, the blind indexes deleted — and appends the audited
 * entry `{type: 'deletion', customer, actor, ts}` in the same transaction. Audit entries that
 * name the customer keep the id and stay verifiable.
 *
 * SQLite: the deletion runs with `PRAGMA secure_delete = ON` and the WAL is checkpointed
 * afterwards, so the wrapped key's old bytes do not linger in free pages or the WAL. PostgreSQL
 * keeps the dead row version until VACUUM; the destroyed key stays recoverable from such remnants
 * and from backups only while its ring key lives — rotate (`piguard keys rotate`) to retire it.
 */
import type { Command } from 'commander';
import { globalOptions } from './global-options.ts';
import { cliActor } from './import-customers-command.ts';

/** The audit entry of a deletion (canonical JSON of this object is the leaf). */
export interface DeletionAuditEntry {
  type: 'deletion';
  customer: string;
  actor: string;
  ts: string;
}

/**
 * Deletes (crypto-shreds) one customer and audits it; returns the line to print.
 *
 * @example
 * const line = await deleteCustomer('sqlite:./piguard.db', 'C000123', 'dpo');
 */
export async function deleteCustomer(
  dbUrl: string,
  customerId: string,
  actor: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<string> {
  // Loaded on demand: database drivers, crypto and the audit code cost start-up time.
  const { sql } = await import('kysely');
  const { openDatabase } = await import('../store/open-database.ts');
  const { resolveKeyProvider } = await import('../protect/resolve-key-provider.ts');
  const { CustomerVault } = await import('../vault/customer-vault.ts');
  const { AuditLog } = await import('../audit/audit-log.ts');
  const database = await openDatabase(dbUrl);
  try {
    const vault = await CustomerVault.open(database, resolveKeyProvider(env));
    const log = new AuditLog(database);
    try {
      if (database.engine === 'sqlite') await sql`pragma secure_delete = on`.execute(database.db);
      const index = await database.db.transaction().execute(async (trx) => {
        if (!(await vault.shred(trx, customerId))) return undefined;
        const entry: DeletionAuditEntry = {
          type: 'deletion',
          customer: customerId,
          actor,
          ts: new Date().toISOString(),
        };
        return (await log.appendInTransaction(trx, [entry]))[0];
      });
      if (database.engine === 'sqlite') {
        await sql`pragma wal_checkpoint(TRUNCATE)`.execute(database.db);
      }
      return index === undefined
        ? `customer ${customerId} was already deleted; nothing changed`
        : `deleted customer ${customerId}: data key destroyed, personal data unreadable (audit entry ${index})`;
    } finally {
      await log.close();
      vault.close();
    }
  } finally {
    await database.close();
  }
}

/**
 * @example
 * registerCustomersCommand(program); // piguard customers delete C000123
 */
export function registerCustomersCommand(program: Command): void {
  const group = program.command('customers').description('manage customers in the vault');
  group
    .command('delete')
    .description('delete a customer (PIPL art. 47): crypto-shred the personal data, audited')
    .argument('<id>', 'external customer id (客户编号)')
    .option('--as <actor>', 'who deletes (audit entry); default $PIGUARD_ACTOR or the OS user')
    .action(async (id: string, opts: { as?: string }, cmd: Command) => {
      const line = await deleteCustomer(globalOptions(cmd).dbUrl, id, cliActor(opts.as));
      process.stdout.write(`${line}\n`);
    });
}
