/**
 * The first administrator, created by `piguard init`: principal `admin` (a person, every right),
 * with the password from PIGUARD_ADMIN_PASSWORD or a random one that init prints once. Idempotent:
 * once `admin` exists nothing changes (its password is never reset by a re-run).
 */
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { RIGHTS } from '../../core/rights.ts';
import type { Schema } from '../../store/schema.ts';
import { PrincipalStore } from './principal-store.ts';

/** Principal id of the first administrator. */
export const ADMIN_PRINCIPAL = 'admin';
/** Environment variable with the first administrator's password. */
export const ADMIN_PASSWORD_ENV = 'PIGUARD_ADMIN_PASSWORD';

/**
 * Creates `admin` if absent; returns the lines init reports (none when it existed).
 *
 * @example
 * const lines = await ensureAdmin(db, process.env); // ['created admin user "admin"; password (shown once): …']
 */
export async function ensureAdmin(db: Kysely<Schema>, env: NodeJS.ProcessEnv): Promise<string[]> {
  const principals = new PrincipalStore(db);
  if (await principals.get(ADMIN_PRINCIPAL)) return [];
  const fromEnv = env[ADMIN_PASSWORD_ENV];
  const password = fromEnv && fromEnv.length > 0 ? fromEnv : randomBytes(15).toString('base64url');
  await principals.add({ id: ADMIN_PRINCIPAL, kind: 'person', rights: [...RIGHTS] }, password);
  return fromEnv
    ? [`created admin user "${ADMIN_PRINCIPAL}" with the password from ${ADMIN_PASSWORD_ENV}`]
    : [`created admin user "${ADMIN_PRINCIPAL}"; password (shown once): ${password}`];
}
