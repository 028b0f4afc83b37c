/**
 * Random bearer secrets (session cookies, API tokens, subject-access codes) and the hash that is
 * stored in their place: the database never holds a usable credential, so a stolen backup or a
 * read-only SQL injection yields nothing that logs in.
 */
import { createHash, randomBytes } from 'node:crypto';

/** Bytes of entropy in every session secret and API token (256 bits). */
export const SECRET_BYTES = 32;

/**
 * A fresh 256-bit secret, base64url (43 characters, safe in cookies and headers).
 *
 * @example
 * const secret = newSecret(); // 'q3V…' (43 chars)
 */
export function newSecret(prefix = ''): string {
  return prefix + randomBytes(SECRET_BYTES).toString('base64url');
}

/**
 * SHA-256 of a secret: what the sessions, api_tokens and subject_codes tables store. A fast hash
 * is enough because the secrets are random 256-bit values (no dictionary to attack).
 *
 * @example
 * const stored = hashSecret(newSecret()); // 32-byte Buffer
 */
export function hashSecret(secret: string): Buffer {
  return createHash('sha256').update(secret, 'utf8').digest();
}
