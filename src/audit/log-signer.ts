/**
 * The log's identity and Ed25519 signing key. The key is generated when the log is created
 * (`piguard init`), named after the origin (C2SP tlog-checkpoint: the key name SHOULD match the
 * origin line), and stored only wrapped by the master key; the verifier key is stored in clear
 * because it is public.
 */
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { PiguardError, UsageError } from '../core/errors.ts';
import { unwrapKey, wrapKey } from '../protect/key-wrap.ts';
import type { Schema } from '../store/schema.ts';
import { emptyRoot } from './rfc6962.ts';
import { generateSignerKey, signerFromKey, type NoteSigner } from './signed-note.ts';

/** The log every command uses unless told otherwise (one log per database for now). */
export const DEFAULT_LOG_ID = 1;

/** What is public about a log. */
export interface LogInfo {
  logId: number;
  origin: string;
  verifierKey: string;
}

/** A fresh default origin: schema-less URL, no spaces or '+' (C2SP tlog-checkpoint). */
export function defaultOrigin(): string {
  return `piguard.local/audit-${randomBytes(4).toString('hex')}`;
}

/** The key-wrap purpose (AAD) for a log's signer key. */
function signerPurpose(logId: number, origin: string): string {
  return `audit-log-signer log=${logId} origin=${origin}`;
}

/**
 * Checks an origin against the checkpoint and key-name rules; throws UsageError (exit 2).
 *
 * @example
 * checkOrigin('example.com/audit'); // ok
 * checkOrigin('bad origin'); // throws
 */
export function checkOrigin(origin: string): void {
  const hasControl = [...origin].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f);
  if (origin === '' || /[\s+]/u.test(origin) || hasControl) {
    throw new UsageError(
      `--origin ${JSON.stringify(origin)}: must be non-empty, without spaces, control characters or '+'`,
    );
  }
}

/**
 * Reads a log's public identity, or undefined if the log was never created.
 *
 * @example
 * const info = await readLogInfo(db); // { logId: 1, origin: 'piguard.local/audit-…', verifierKey }
 */
export async function readLogInfo(
  db: Kysely<Schema>,
  logId = DEFAULT_LOG_ID,
): Promise<LogInfo | undefined> {
  const row = await db
    .selectFrom('audit_logs')
    .select(['log_id', 'origin', 'verifier_key'])
    .where('log_id', '=', logId)
    .executeTakeFirst();
  return row && { logId: row.log_id, origin: row.origin, verifierKey: row.verifier_key };
}

/**
 * Creates a log: generates its signing key, wraps it with `masterKey`, and stores the empty head.
 *
 * @example
 * const info = await createLog(db, { origin: defaultOrigin(), masterKey });
 */
export async function createLog(
  db: Kysely<Schema>,
  options: { origin: string; masterKey: Buffer; logId?: number },
): Promise<LogInfo> {
  const logId = options.logId ?? DEFAULT_LOG_ID;
  checkOrigin(options.origin);
  const { signerKey, verifierKey } = generateSignerKey(options.origin);
  const wrapped = wrapKey(
    options.masterKey,
    signerPurpose(logId, options.origin),
    Buffer.from(signerKey, 'utf8'),
  );
  await db
    .insertInto('audit_logs')
    .values({
      log_id: logId,
      origin: options.origin,
      size: 0,
      root_hash: emptyRoot(),
      verifier_key: verifierKey,
      signer_key_wrapped: wrapped,
      created_at: new Date().toISOString(),
    })
    .execute();
  return { logId, origin: options.origin, verifierKey };
}

/**
 * Unwraps the log's signer. Fails clearly when the log does not exist or the master key is wrong.
 *
 * @example
 * const signer = await loadLogSigner(db, await resolveKeyProvider().getMasterKey());
 */
export async function loadLogSigner(
  db: Kysely<Schema>,
  masterKey: Buffer,
  logId = DEFAULT_LOG_ID,
): Promise<NoteSigner> {
  const row = await db
    .selectFrom('audit_logs')
    .select(['origin', 'signer_key_wrapped'])
    .where('log_id', '=', logId)
    .executeTakeFirst();
  if (!row) throw new PiguardError(`audit log ${logId} does not exist; run \`piguard init\``);
  const skey = unwrapKey(masterKey, signerPurpose(logId, row.origin), row.signer_key_wrapped);
  return signerFromKey(skey.toString('utf8'));
}
