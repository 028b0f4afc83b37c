/**
 * Builds a gateway over an open database: the customer vault (key ring from the master key),
 * the audit log, the policy file and the `hash` mask key — what the CLI commands and the server
 * need, in one call.
 */
import { AuditLog } from '../../audit/audit-log.ts';
import type { KeyProvider } from '../../protect/key-provider.ts';
import type { Database } from '../../store/open-database.ts';
import { CustomerVault } from '../customer-vault.ts';
import type { ExportDecorator } from '../export-decorator.ts';
import type { Policy } from '../policy/policy.ts';
import { loadPolicyFile } from '../policy/policy-loader.ts';
import { Gateway } from './gateway.ts';
import { maskHashKey } from './mask-hash-key.ts';

/** An opened gateway and what it owns (close it; the database stays the caller's). */
export interface OpenedGateway {
  gateway: Gateway;
  vault: CustomerVault;
  log: AuditLog;
  /** Flushes the gateway and the log, forgets the vault's keys. */
  close(): Promise<void>;
}

/**
 * @example
 * const database = await openDatabase(dbUrl);
 * const { gateway, close } = await openGateway(database, { keys: resolveKeyProvider(), policyPath });
 * try { await gateway.read(...) } finally { await close(); await database.close(); }
 */
export async function openGateway(
  database: Pick<Database, 'db' | 'engine'>,
  options: {
    keys: KeyProvider;
    policy?: Policy;
    policyPath?: string;
    log?: AuditLog;
    decorators?: readonly ExportDecorator[];
    now?: () => Date;
  },
): Promise<OpenedGateway> {
  const policy = options.policy ?? loadPolicyFile(options.policyPath ?? './piguard.policy.yaml');
  const masterKey = await options.keys.getMasterKey();
  const hashKey = maskHashKey(masterKey);
  const vault = await CustomerVault.open(
    database,
    options.keys,
    options.now ? { now: options.now } : {},
  );
  const ownLog = options.log === undefined;
  const log = options.log ?? new AuditLog(database);
  const gateway = new Gateway({
    database,
    log,
    vault,
    policy,
    hashKey,
    ...(options.decorators !== undefined ? { decorators: options.decorators } : {}),
    ...(options.now !== undefined ? { now: options.now } : {}),
  });
  return {
    gateway,
    vault,
    log,
    async close() {
      await gateway.close();
      if (ownLog) await log.close();
      vault.close();
    },
  };
}

/**
 * Opens the database and a gateway, runs `fn`, and closes both (the CLI's pattern).
 *
 * @example
 * const r = await withGateway(dbUrl, { policyPath }, (g) => g.read({ actor, purpose, by }));
 */
export async function withGateway<T>(
  dbUrl: string,
  options: { policyPath: string; env?: NodeJS.ProcessEnv },
  fn: (gateway: Gateway, opened: OpenedGateway) => Promise<T>,
): Promise<T> {
  // The policy is read first: a bad policy file is an input error before anything opens.
  const policy = loadPolicyFile(options.policyPath);
  const { openDatabase } = await import('../../store/open-database.ts');
  const { resolveKeyProvider } = await import('../../protect/resolve-key-provider.ts');
  const database = await openDatabase(dbUrl);
  try {
    const opened = await openGateway(database, {
      keys: resolveKeyProvider(options.env ?? process.env),
      policy,
    });
    try {
      return await fn(opened.gateway, opened);
    } finally {
      await opened.close();
    }
  } finally {
    await database.close();
  }
}
