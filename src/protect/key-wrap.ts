/**
 * Wraps secret keys with the master key: AES-256-GCM, with additional authenticated data that
 * names the key's purpose, so a wrapped key cannot be swapped into another role unnoticed.
 *
 * Format: version (0x01) || 12-byte nonce || ciphertext || 16-byte tag.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { PiguardError } from '../core/errors.ts';
import { MASTER_KEY_BYTES } from './key-provider.ts';

const WRAP_VERSION = 0x01;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
/** Prefix of the AAD; the purpose follows. */
const AAD_PREFIX = 'piguard key-wrap v1\n';

function aad(purpose: string): Buffer {
  return Buffer.from(AAD_PREFIX + purpose, 'utf8');
}

function checkMasterKey(masterKey: Buffer): void {
  if (masterKey.length !== MASTER_KEY_BYTES) throw new RangeError('master key must be 32 bytes');
}

/**
 * Encrypts `secret` under `masterKey`, bound to `purpose`.
 *
 * @example
 * const wrapped = wrapKey(masterKey, 'audit-log-signer:piguard.local/audit-1a2b3c4d', Buffer.from(skey));
 */
export function wrapKey(masterKey: Buffer, purpose: string, secret: Buffer): Buffer {
  checkMasterKey(masterKey);
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv('aes-256-gcm', masterKey, nonce);
  cipher.setAAD(aad(purpose));
  const body = Buffer.concat([cipher.update(secret), cipher.final()]);
  return Buffer.concat([Buffer.of(WRAP_VERSION), nonce, body, cipher.getAuthTag()]);
}

/**
 * Decrypts a key wrapped by {@link wrapKey}. Throws a PiguardError when the master key or the
 * purpose is wrong or the bytes were altered (GCM cannot tell these apart).
 *
 * @example
 * const skey = unwrapKey(masterKey, purpose, wrapped).toString('utf8');
 */
export function unwrapKey(masterKey: Buffer, purpose: string, wrapped: Buffer): Buffer {
  checkMasterKey(masterKey);
  if (wrapped.length < 1 + NONCE_BYTES + TAG_BYTES || wrapped[0] !== WRAP_VERSION) {
    throw new PiguardError(`wrapped key for ${purpose} is malformed`);
  }
  const nonce = wrapped.subarray(1, 1 + NONCE_BYTES);
  const tag = wrapped.subarray(wrapped.length - TAG_BYTES);
  const body = wrapped.subarray(1 + NONCE_BYTES, wrapped.length - TAG_BYTES);
  const decipher = createDecipheriv('aes-256-gcm', masterKey, nonce);
  decipher.setAAD(aad(purpose));
  decipher.setAuthTag(tag);
  try {
    return Buffer.concat([decipher.update(body), decipher.final()]);
  } catch {
    throw new PiguardError(
      `cannot unwrap the key for ${purpose}: wrong master key (PIGUARD_MASTER_KEY / key file) or altered data`,
    );
  }
}
