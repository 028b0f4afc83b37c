/**
 * Where the master key comes from. A small interface so a KMS or HSM can plug in later without
 * touching the code that wraps keys with it.
 */

/** Length of the AES-256 master key in bytes. */
export const MASTER_KEY_BYTES = 32;

/** Supplies the 32-byte master key. */
export interface KeyProvider {
  /** Human-readable description of the source for messages ("PIGUARD_MASTER_KEY", a file path). */
  readonly source: string;
  getMasterKey(): Promise<Buffer>;
}

/**
 * Decodes a master key written as 64 hex digits or base64 (either alphabet) of 32 bytes.
 * Returns undefined when the text is neither.
 *
 * @example
 * decodeMasterKey('00'.repeat(32))?.length // 32
 */
export function decodeMasterKey(text: string): Buffer | undefined {
  const s = text.trim();
  if (/^[0-9a-fA-F]{64}$/.test(s)) return Buffer.from(s, 'hex');
  if (/^[A-Za-z0-9+/_-]{43}=?$/.test(s)) {
    const key = Buffer.from(s.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
    if (key.length === MASTER_KEY_BYTES) return key;
  }
  return undefined;
}
