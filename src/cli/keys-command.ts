/**
 * `piguard keys rotate`: a new ring key version becomes current, every customer's data key is
 * re-wrapped under it in batches of short transactions while reads keep working (any live
 * version unwraps), and the old versions are retired — their wrapped bytes destroyed. Field
 * ciphertexts do not change. The rotation is audited as one entry
 * `{type: 'key_rotation', actor, new_version, rewrapped, retired, ts}`.
 */
import type { Command } from 'commander';
import { globalOptions } from './global-options.ts';
import { cliActor } from './import-customers-command.ts';

/** The audit entry of a key rotation. */
export interface KeyRotationAuditEntry {
  type: 'key_rotation';
  actor: string;
  new_version: number;
  rewrapped: number;
  retired: number[];
  ts: string;
}

/**
 * Rotates the vault's ring key; returns the line to print.
 *
 * @example
 * const line = await rotateKeys('sqlite:./piguard.db', 'ops'); // 'ring key v2 is current; …'
 */
export async function rotateKeys(
  dbUrl: string,
  actor: string,
  options: { batchSize?: number; onProgress?: (rewrapped: number) => void } = {},
  env: NodeJS.ProcessEnv = process.env,
): Promise<string> {
  const { openDatabase } = await import('../store/open-database.ts');
  const { resolveKeyProvider } = await import('../protect/resolve-key-provider.ts');
  const { CustomerVault } = await import('../vault/customer-vault.ts');
  const { AuditLog } = await import('../audit/audit-log.ts');
  const database = await openDatabase(dbUrl);
  try {
    const vault = await CustomerVault.open(database, resolveKeyProvider(env));
    const log = new AuditLog(database);
    try {
      const result = await vault.rotate(database.db, {
        ...(options.batchSize !== undefined ? { batchSize: options.batchSize } : {}),
        onBatch: ({ rewrapped }) => options.onProgress?.(rewrapped),
      });
      const entry: KeyRotationAuditEntry = {
        type: 'key_rotation',
        actor,
        new_version: result.newVersion,
        rewrapped: result.rewrapped,
        retired: result.retired,
        ts: new Date().toISOString(),
      };
      const [index] = await log.append([entry]);
      const retired =
        result.retired.length > 0
          ? `retired ${result.retired.map((v) => `v${v}`).join(', ')}`
          : 'nothing retired (data keys still wrapped under an old version; run again)';
      return `ring key v${result.newVersion} is current; re-wrapped ${result.rewrapped} data keys; ${retired} (audit entry ${index})`;
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
 * registerKeysCommand(program); // piguard keys rotate
 */
export function registerKeysCommand(program: Command): void {
  const group = program.command('keys').description("manage the vault's encryption keys");
  group
    .command('rotate')
    .description('new ring key; re-wrap every data key online; retire the old ring key')
    .option('--batch-size <n>', 'data keys re-wrapped per transaction', '1000')
    .option('--as <actor>', 'who rotates (audit entry); default $PIGUARD_ACTOR or the OS user')
    .action(async (opts: { batchSize: string; as?: string }, cmd: Command) => {
      const { UsageError } = await import('../core/errors.ts');
      const batchSize = Number(opts.batchSize);
      if (!Number.isInteger(batchSize) || batchSize < 1) {
        throw new UsageError(`--batch-size must be a positive integer, got ${opts.batchSize}`);
      }
      const tty = process.stdout.isTTY === true && process.stderr.isTTY === true;
      const line = await rotateKeys(globalOptions(cmd).dbUrl, cliActor(opts.as), {
        batchSize,
        onProgress: (n) => {
          if (tty) process.stderr.write(`\rre-wrapped ${n} data keys…`);
        },
      });
      if (tty) process.stderr.write('\n');
      process.stdout.write(`${line}\n`);
    });
}
