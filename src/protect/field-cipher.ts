/**
 * Field-level encryption of personal data at rest (DESIGN §4.2): each field value is sealed with
 * AES-256-GCM under its customer's data key, with a fresh random 96-bit nonce.
 *
 * Stored format (binary; `toString('base64')` it for a text column):
 *
 * ```
 * offset 0      1 byte    format version (0x01)
 *        1      4 bytes   data key version, big-endian
 *        5     12 bytes   nonce
 *       17      n bytes   ciphertext (n = plaintext length)
 *     17+n     16 bytes   GCM tag
 * ```
 *
 * The additional authenticated data binds the ciphertext to where it belongs:
 * `"piguard/field" 0x00 || version || key version || u16 len(customer id) || customer id ||
 * field name`. A ciphertext copied to another customer, another field, or relabelled with another
 * key version fails authentication (and another customer has another key anyway).
 *
 * Nonces are random, so one DEK may seal at most 2^32 values (NIST SP 800-38D §8.3); a customer
 * has a handful of fields re-encrypted on update, many orders of magnitude below that.
 */
import { createCipheriv, createDecipheriv } from 'node:crypto';
import { PiguardError } from '../core/errors.ts';
import { GCM_NONCE_BYTES, GCM_TAG_BYTES, fillRandom } from './key-ring.ts';
import type { DataKeyRecord, KeyRing } from './key-ring.ts';

/** First byte of every field ciphertext. */
export const FIELD_FORMAT_V1 = 0x01;
/** Format byte plus key version. */
const HEADER_BYTES = 5;
/** Bytes a field ciphertext adds to its plaintext: header, nonce, tag (33). */
export const FIELD_OVERHEAD_BYTES = HEADER_BYTES + GCM_NONCE_BYTES + GCM_TAG_BYTES;

/** `"piguard/field" 0x00`, the start of every field's additional data. */
const FIELD_LABEL = Buffer.from('piguard/field\u0000', 'latin1');

/**
 * A field ciphertext that is malformed or does not authenticate for this customer, field and key.
 * The message names the customer id and field, never the value.
 */
export class DecryptionError extends PiguardError {}

function fieldAad(header: Uint8Array, customerId: string, field: string): Buffer {
  const idBytes = Buffer.byteLength(customerId);
  if (idBytes > 0xffff) throw new PiguardError('customer id longer than 65535 bytes');
  // Every byte is written below, so the unzeroed allocation is safe.
  const aad = Buffer.allocUnsafe(
    FIELD_LABEL.length + HEADER_BYTES + 2 + idBytes + Buffer.byteLength(field),
  );
  let o = FIELD_LABEL.copy(aad, 0);
  aad.set(header.subarray(0, HEADER_BYTES), o);
  o += HEADER_BYTES;
  o = aad.writeUInt16BE(idBytes, o);
  o += aad.write(customerId, o, 'utf8');
  aad.write(field, o, 'utf8');
  return aad;
}

/**
 * Seals and opens field values with the DEKs of a {@link KeyRing}. Stateless apart from the ring,
 * whose bounded cache keeps unwrapped DEKs so that a customer's six fields cost one unwrap.
 *
 * @example
 * const cipher = new FieldCipher(ring);
 * const sealed = cipher.encrypt(dekRecord, 'phone', '13800138000');
 * cipher.decryptString(dekRecord, 'phone', sealed); // '13800138000'
 */
export class FieldCipher {
  readonly #ring: KeyRing;

  constructor(ring: KeyRing) {
    this.#ring = ring;
  }

  /**
   * Encrypts one field value (strings as UTF-8). Throws ShreddedError for a shredded customer.
   *
   * @example
   * const sealed = cipher.encrypt(dekRecord, 'id_number', '11010519491231002X');
   */
  encrypt(key: DataKeyRecord, field: string, plaintext: string | Uint8Array): Buffer {
    const dek = this.#ring.unwrapDataKey(key);
    const plain = typeof plaintext === 'string' ? Buffer.from(plaintext, 'utf8') : plaintext;
    const out = Buffer.allocUnsafe(FIELD_OVERHEAD_BYTES + plain.length);
    out[0] = FIELD_FORMAT_V1;
    out.writeUInt32BE(key.keyVersion, 1);
    fillRandom(out, HEADER_BYTES, GCM_NONCE_BYTES);
    const cipher = createCipheriv(
      'aes-256-gcm',
      dek,
      out.subarray(HEADER_BYTES, HEADER_BYTES + GCM_NONCE_BYTES),
      { authTagLength: GCM_TAG_BYTES },
    );
    cipher.setAAD(fieldAad(out, key.customerId, field));
    const body = cipher.update(plain);
    cipher.final();
    body.copy(out, HEADER_BYTES + GCM_NONCE_BYTES);
    cipher.getAuthTag().copy(out, HEADER_BYTES + GCM_NONCE_BYTES + plain.length);
    if (plain !== plaintext) (plain as Buffer).fill(0);
    return out;
  }

  /**
   * Encrypts several fields of one customer; null and undefined values stay null.
   *
   * @example
   * cipher.encryptFields(dekRecord, { name: '张三', phone: '13800138000', email: null });
   */
  encryptFields<F extends string>(
    key: DataKeyRecord,
    fields: Readonly<Record<F, string | null | undefined>>,
  ): Record<F, Buffer | null> {
    const out = {} as Record<F, Buffer | null>;
    for (const name of Object.keys(fields) as F[]) {
      const value = fields[name];
      out[name] = value === null || value === undefined ? null : this.encrypt(key, name, value);
    }
    return out;
  }

  /**
   * Decrypts one field value to bytes. Accepts the binary form or its base64 text.
   * Throws {@link DecryptionError} when the ciphertext is malformed, tampered or belongs to another
   * customer, field or key version; ShreddedError when the customer's key was destroyed.
   *
   * @example
   * const bytes = cipher.decrypt(dekRecord, 'phone', row.phone);
   */
  decrypt(key: DataKeyRecord, field: string, ciphertext: Uint8Array | string): Buffer {
    const sealed = typeof ciphertext === 'string' ? Buffer.from(ciphertext, 'base64') : ciphertext;
    const where = `field "${field}" of customer ${key.customerId}`;
    if (sealed.length < FIELD_OVERHEAD_BYTES) throw new DecryptionError(`${where} is truncated`);
    if (sealed[0] !== FIELD_FORMAT_V1) {
      throw new DecryptionError(`${where} has unknown format version ${sealed[0]}`);
    }
    const view = Buffer.from(sealed.buffer, sealed.byteOffset, sealed.length);
    const keyVersion = view.readUInt32BE(1);
    if (keyVersion !== key.keyVersion) {
      throw new DecryptionError(
        `${where} was sealed under data key version ${keyVersion}, the customer has version ${key.keyVersion}`,
      );
    }
    const dek = this.#ring.unwrapDataKey(key);
    const bodyEnd = sealed.length - GCM_TAG_BYTES;
    const decipher = createDecipheriv(
      'aes-256-gcm',
      dek,
      view.subarray(HEADER_BYTES, HEADER_BYTES + GCM_NONCE_BYTES),
      { authTagLength: GCM_TAG_BYTES },
    );
    decipher.setAAD(fieldAad(view, key.customerId, field));
    decipher.setAuthTag(view.subarray(bodyEnd));
    const plain = decipher.update(view.subarray(HEADER_BYTES + GCM_NONCE_BYTES, bodyEnd));
    try {
      decipher.final();
    } catch {
      plain.fill(0);
      throw new DecryptionError(`${where} failed authentication`);
    }
    return plain;
  }

  /**
   * Decrypts one field value to a string (UTF-8).
   *
   * @example
   * cipher.decryptString(dekRecord, 'name', row.name); // '张三'
   */
  decryptString(key: DataKeyRecord, field: string, ciphertext: Uint8Array | string): string {
    const plain = this.decrypt(key, field, ciphertext);
    const text = plain.toString('utf8');
    plain.fill(0);
    return text;
  }
}
