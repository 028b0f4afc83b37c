/**
 * `piguard init [--origin ORIGIN]`: creates the schema (migrations), the master key file when
 * PIGUARD_MASTER_KEY is not set (mode 0600), and the audit log with its Ed25519 signing key.
 * Idempotent: a second run changes nothing and says so. Also creates the `admin` user (password
 * from PIGUARD_ADMIN_PASSWORD, or random and printed once).
 */
import type { Command } from 'commander';
import { PiguardError, UsageError } from '../core/errors.ts';
import {
  checkOrigin,
  createLog,
  defaultOrigin,
  loadLogSigner,
  readLogInfo,
} from '../audit/log-signer.ts';
import { EnvKeyProvider } from '../protect/env-key-provider.ts';
import { KeyFileProvider } from '../protect/key-file-provider.ts';
import { resolveKeyProvider } from '../protect/resolve-key-provider.ts';
import { redactUrl } from '../store/database-url.ts';
import { globalOptions } from './global-options.ts';

/**
 * Runs init and returns the lines it reports (one per change, or one saying nothing changed).
 *
 * @example
 * const lines = await runInit('sqlite:./piguard.db', { origin: 'example.com/audit' });
 */
export async function runInit(
  dbUrl: string,
  options: { origin?: string },
  env: NodeJS.ProcessEnv = process.env,
): Promise<string[]> {
  if (options.origin !== undefined) checkOrigin(options.origin);
  const lines: string[] = [];
  // Loaded on demand so that other commands do not pay for the database drivers at start-up.
  const { openDatabase } = await import('../store/open-database.ts');
  const { migrateToLatest } = await import('../store/migrator.ts');
  const database = await openDatabase(dbUrl);
  try {
    const applied = await migrateToLatest(database.db, database.engine);
    if (applied.length > 0)
      lines.push(`created schema in ${redactUrl(dbUrl)} (migrations ${applied.join(', ')})`);
    const existing = await readLogInfo(database.db);
    if (existing && options.origin !== undefined && options.origin !== existing.origin) {
      throw new UsageError(
        `--origin: the audit log already exists with origin ${existing.origin}; it cannot change`,
      );
    }
    const provider = resolveKeyProvider(env);
    if (
      !EnvKeyProvider.isConfigured(env) &&
      provider instanceof KeyFileProvider &&
      !provider.exists()
    ) {
      if (existing) {
        throw new PiguardError(
          `master key file ${provider.path} is missing but the audit log already exists; restore the key file or set PIGUARD_MASTER_KEY`,
        );
      }
      provider.create();
      lines.push(`created master key file ${provider.path} (mode 0600)`);
    }
    const masterKey = await provider.getMasterKey();
    if (existing) {
      await loadLogSigner(database.db, masterKey); // proves the master key still unwraps the log key
    } else {
      const info = await createLog(database.db, {
        origin: options.origin ?? defaultOrigin(),
        masterKey,
      });
      lines.push(`created audit log ${info.origin}`);
      lines.push(`verifier key: ${info.verifierKey}`);
    }
    const { ensureAdmin } = await import('../server/auth/admin-bootstrap.ts');
    lines.push(...(await ensureAdmin(database.db, env)));
    // The vault's key ring (ring key v1 and the blind-index key), created once, race-safely.
    const { ensureKeyRing } = await import('../vault/vault-keys.ts');
    const { ring, created } = await ensureKeyRing(database.db, provider);
    ring.close();
    if (created) lines.push('created key ring (ring key v1, blind-index key)');
    // The default insurer policy (piguard.policy.example.yaml), unless a policy file exists.
    const { writeDefaultPolicyIfAbsent } = await import('../vault/policy/default-policy.ts');
    const policyLine = writeDefaultPolicyIfAbsent(env);
    if (policyLine) lines.push(policyLine);
    if (lines.length === 0) {
      lines.push(`already initialised: nothing changed (audit log ${existing?.origin ?? '?'})`);
    }
    return lines;
  } finally {
    await database.close();
  }
}

/**
 * @example
 * registerInitCommand(program); // piguard init [--origin ORIGIN]
 */
export function registerInitCommand(program: Command): void {
  program
    .command('init')
    .description(
      'create the database schema, the master key file (unless PIGUARD_MASTER_KEY) and the audit log key',
    )
    .option(
      '--origin <origin>',
      'audit log origin (checkpoint line 1 and key name); default piguard.local/audit-<random>',
    )
    .action(async (opts: { origin?: string }, cmd: Command) => {
      const { dbUrl } = globalOptions(cmd);
      for (const line of await runInit(dbUrl, opts)) process.stdout.write(`${line}\n`);
    });
}
