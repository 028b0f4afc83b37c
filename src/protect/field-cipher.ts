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
 *
 * Record format (version 0x02, {@link FieldCipher.encryptRecord}): ONE AES-256-GCM operation
 * seals all of a customer's fields, and each field's column holds its own slice of the record
 * ciphertext behind a copy of the record's header:
 *
 * ```
 * offset 0      1 byte    format version (0x02)
 *        1      4 bytes   data key version, big-endian
 *        5     12 bytes   nonce (the record's; the same in every column of the record)
 *       17     16 bytes   GCM tag (the record's; the same in every column of the record)
 *       33      n bytes   this field's slice of the record ciphertext (n = plaintext length)
 * ```
 *
 * Why: Node sets up a cipher context per call (~5 µs), which made per-field sealing the largest
 * cost of an import (ten calls per customer); one call per record costs about one field's worth.
 * The overhead per column is 33 bytes as in version 1, so storage does not grow. The record's
 * additional data lists every present field's name and length, so a column nulled, swapped,
 * shortened or taken from another record fails authentication. The price: a field can be
 * authenticated only together with the rest of the record, so reading one field reads and
 * decrypts all of the record's columns (one call, still cheaper than two version-1 fields).
 * Version-1 columns stay readable; a record is written in one format as a whole.
 */
import { createCipheriv, createDecipheriv } from 'node:crypto';
import { PiguardError } from '../core/errors.ts';
import { GCM_NONCE_BYTES, GCM_TAG_BYTES, fillRandom } from './key-ring.ts';
import type { DataKeyRecord, KeyRing } from './key-ring.ts';

/** First byte of a field ciphertext sealed on its own. */
export const FIELD_FORMAT_V1 = 0x01;
/** First byte of a field's slice of a record ciphertext ({@link FieldCipher.encryptRecord}). */
export const FIELD_FORMAT_V2_RECORD = 0x02;
/** Format byte plus key version. */
const HEADER_BYTES = 5;
/** Bytes a field ciphertext adds to its plaintext: header, nonce, tag (33). */
export const FIELD_OVERHEAD_BYTES = HEADER_BYTES + GCM_NONCE_BYTES + GCM_TAG_BYTES;

/** `"piguard/field" 0x00`, the start of every field's additional data. */
const FIELD_LABEL = Buffer.from('piguard/field\u0000', 'latin1');
/** `"piguard/record" 0x00`, the start of every record's additional data. */
const RECORD_LABEL = Buffer.from('piguard/record\u0000', 'latin1');
/** Where a record column's slice starts: header, nonce, tag. */
const RECORD_BODY_OFFSET = HEADER_BYTES + GCM_NONCE_BYTES + GCM_TAG_BYTES;

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
 * `u8 len(name) || name` of each field name, built once: the record AAD repeats them for every
 * customer. Only ASCII names (a record's column names) are accepted, so the length byte and the
 * bytes written agree.
 */
const fieldNameBytes = new Map<string, Buffer>();

function nameBytes(name: string): Buffer {
  let bytes = fieldNameBytes.get(name);
  if (bytes === undefined) {
    const n = Buffer.byteLength(name);
    if (n > 0xff) throw new PiguardError('field name longer than 255 bytes');
    if (n !== name.length) throw new PiguardError('record field names must be ASCII');
    bytes = Buffer.allocUnsafe(1 + n);
    bytes[0] = n;
    bytes.write(name, 1, 'latin1');
    fieldNameBytes.set(name, bytes);
  }
  return bytes;
}

/**
 * `"piguard/record" 0x00 || 0x02 || key version || u16 len(customer id) || customer id`, then for
 * each present field in order `u8 len(name) || name || u32 len(plaintext)`: binds the record to
 * its customer, key generation, and the exact set, order and lengths of its fields.
 * `lengths[i]` is field `fields[i]`'s plaintext length in bytes, or -1 when it is absent.
 */
function recordAad(
  keyVersion: number,
  customerId: string,
  fields: readonly string[],
  lengths: ArrayLike<number>,
): Buffer {
  const idBytes = Buffer.byteLength(customerId);
  if (idBytes > 0xffff) throw new PiguardError('customer id longer than 65535 bytes');
  let size = RECORD_LABEL.length + HEADER_BYTES + 2 + idBytes;
  for (let i = 0; i < fields.length; i++) {
    if (lengths[i]! >= 0) size += nameBytes(fields[i]!).length + 4;
  }
  // Every byte is written below, so the unzeroed allocation is safe.
  const aad = Buffer.allocUnsafe(size);
  let o = RECORD_LABEL.copy(aad, 0);
  aad[o++] = FIELD_FORMAT_V2_RECORD;
  o = aad.writeUInt32BE(keyVersion, o);
  o = aad.writeUInt16BE(idBytes, o);
  o += aad.write(customerId, o, 'utf8');
  for (let i = 0; i < fields.length; i++) {
    const n = lengths[i]!;
    if (n < 0) continue;
    o += nameBytes(fields[i]!).copy(aad, o);
    o = aad.writeUInt32BE(n, o);
  }
  return aad;
}

/** The format byte of stored field ciphertexts (first present one), or undefined when none. */
export function recordFormatOf(
  columns: readonly (Uint8Array | null | undefined)[],
): number | undefined {
  for (const c of columns) if (c !== null && c !== undefined && c.length > 0) return c[0];
  return undefined;
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
   * Seals all fields of one customer with ONE AES-256-GCM operation (record format 0x02, see the
   * module comment). `values[i]` belongs to field `fields[i]`; null or undefined stays null.
   * Returns one column value per field.
   *
   * @example
   * const [name, phone, email] = cipher.encryptRecord(dek, ['name', 'phone', 'email'], ['张三', '13800138000', null]);
   */
  encryptRecord(
    key: DataKeyRecord,
    fields: readonly string[],
    values: readonly (string | null | undefined)[],
  ): (Buffer | null)[] {
    return this.encryptRecordUnder(this.#ring.unwrapDataKey(key), key, fields, values);
  }

  /**
   * {@link encryptRecord} with the DEK already in hand (from {@link KeyRing.createUncachedDataKey}),
   * so that sealing a new customer neither caches its DEK nor looks it up again. `dek` must be
   * the key `key.wrappedDek` wraps; it is only read.
   *
   * @example
   * const { record, dek } = ring.createUncachedDataKey('C1', 1);
   * const cols = cipher.encryptRecordUnder(dek, record, ['name', 'phone'], ['张三', '13800138000']);
   * dek.fill(0);
   */
  encryptRecordUnder(
    dek: Buffer,
    key: DataKeyRecord,
    fields: readonly string[],
    values: readonly (string | null | undefined)[],
  ): (Buffer | null)[] {
    const count = fields.length;
    const lengths = new Int32Array(count);
    let present = 0;
    let total = 0;
    for (let i = 0; i < count; i++) {
      const v = values[i];
      if (v === null || v === undefined) {
        lengths[i] = -1;
        continue;
      }
      const n = Buffer.byteLength(v, 'utf8');
      lengths[i] = n;
      total += n;
      present++;
    }
    const out: (Buffer | null)[] = new Array<Buffer | null>(count).fill(null);
    if (present === 0) return out;
    const plain = Buffer.allocUnsafe(total);
    let at = 0;
    for (let i = 0; i < count; i++) if (lengths[i]! >= 0) at += plain.write(values[i]!, at, 'utf8');
    // All columns are views into one allocation, and the first column's header is written in
    // place (no separate header buffer): one buffer instead of ten per customer.
    const packed = Buffer.allocUnsafe(present * RECORD_BODY_OFFSET + total);
    packed[0] = FIELD_FORMAT_V2_RECORD;
    packed.writeUInt32BE(key.keyVersion, 1);
    fillRandom(packed, HEADER_BYTES, GCM_NONCE_BYTES);
    const cipher = createCipheriv(
      'aes-256-gcm',
      dek,
      packed.subarray(HEADER_BYTES, HEADER_BYTES + GCM_NONCE_BYTES),
      { authTagLength: GCM_TAG_BYTES },
    );
    cipher.setAAD(recordAad(key.keyVersion, key.customerId, fields, lengths));
    const body = cipher.update(plain);
    cipher.final();
    plain.fill(0);
    // TypedArray set/copyWithin: native copies without Buffer#copy's argument handling.
    packed.set(cipher.getAuthTag(), HEADER_BYTES + GCM_NONCE_BYTES);
    let from = 0;
    let to = 0;
    for (let i = 0; i < count; i++) {
      const n = lengths[i]!;
      if (n < 0) continue;
      if (to !== 0) packed.copyWithin(to, 0, RECORD_BODY_OFFSET);
      body.copy(packed, to + RECORD_BODY_OFFSET, from, from + n);
      out[i] = packed.subarray(to, to + RECORD_BODY_OFFSET + n);
      to += RECORD_BODY_OFFSET + n;
      from += n;
    }
    return out;
  }

  /**
   * Opens a customer's stored columns, whatever their format: a record (0x02) is authenticated
   * and decrypted as a whole in one operation, version-1 columns one by one. `columns[i]` is
   * field `fields[i]`'s stored value and must include EVERY sealed column of the row for a
   * record (a missing one fails authentication). Returns plaintexts only for the indexes where
   * `wanted[i]` is true (the others are zeroed at once and come back null).
   *
   * Throws {@link DecryptionError} (naming customer and field, never the value) when anything
   * does not authenticate.
   *
   * @example
   * const [name] = cipher.decryptRecord(dek, ['name', 'phone'], [row.name_enc, row.phone_enc], [true, false]);
   */
  decryptRecord(
    key: DataKeyRecord,
    fields: readonly string[],
    columns: readonly (Uint8Array | null | undefined)[],
    wanted: readonly boolean[],
  ): (string | null)[] {
    const out: (string | null)[] = new Array<string | null>(fields.length).fill(null);
    if (recordFormatOf(columns) !== FIELD_FORMAT_V2_RECORD) {
      for (let i = 0; i < fields.length; i++) {
        const c = columns[i];
        if (wanted[i] && c !== null && c !== undefined) {
          out[i] = this.decryptString(key, fields[i]!, c);
        }
      }
      return out;
    }
    const where = `record of customer ${key.customerId}`;
    const names: string[] = [];
    const lengths: number[] = [];
    let first: Buffer | undefined;
    let total = 0;
    for (let i = 0; i < fields.length; i++) {
      const c = columns[i];
      if (c === null || c === undefined) continue;
      const view = Buffer.from(c.buffer, c.byteOffset, c.length);
      if (view.length < RECORD_BODY_OFFSET || view[0] !== FIELD_FORMAT_V2_RECORD) {
        throw new DecryptionError(`field "${fields[i]}" of the ${where} is malformed`);
      }
      if (first === undefined) first = view;
      else if (view.compare(first, 0, RECORD_BODY_OFFSET, 0, RECORD_BODY_OFFSET) !== 0) {
        throw new DecryptionError(`field "${fields[i]}" of the ${where} belongs to another record`);
      }
      names.push(fields[i]!);
      lengths.push(view.length - RECORD_BODY_OFFSET);
      total += view.length - RECORD_BODY_OFFSET;
    }
    const head = first!;
    const keyVersion = head.readUInt32BE(1);
    if (keyVersion !== key.keyVersion) {
      throw new DecryptionError(
        `${where} was sealed under data key version ${keyVersion}, the customer has version ${key.keyVersion}`,
      );
    }
    const body = Buffer.allocUnsafe(total);
    let at = 0;
    for (const c of columns) {
      if (c === null || c === undefined) continue;
      body.set(c.subarray(RECORD_BODY_OFFSET), at);
      at += c.length - RECORD_BODY_OFFSET;
    }
    const dek = this.#ring.unwrapDataKey(key);
    const decipher = createDecipheriv(
      'aes-256-gcm',
      dek,
      head.subarray(HEADER_BYTES, HEADER_BYTES + GCM_NONCE_BYTES),
      { authTagLength: GCM_TAG_BYTES },
    );
    decipher.setAAD(recordAad(keyVersion, key.customerId, names, lengths));
    decipher.setAuthTag(head.subarray(HEADER_BYTES + GCM_NONCE_BYTES, RECORD_BODY_OFFSET));
    const plain = decipher.update(body);
    try {
      decipher.final();
    } catch {
      plain.fill(0);
      throw new DecryptionError(`${where} failed authentication`);
    }
    let from = 0;
    for (let i = 0; i < fields.length; i++) {
      const c = columns[i];
      if (c === null || c === undefined) continue;
      const n = c.length - RECORD_BODY_OFFSET;
      if (wanted[i]) out[i] = plain.toString('utf8', from, from + n);
      from += n;
    }
    plain.fill(0);
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
