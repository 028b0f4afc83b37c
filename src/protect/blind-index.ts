/**
 * Blind indexes (DESIGN §4.2): a keyed hash of a normalised value, stored next to the encrypted
 * field, so that "which customer has phone 138…?" and leak matching are equality lookups on an
 * indexed column and never decrypt the vault.
 *
 * `index = HMAC-SHA-256(blind-index key, field-kind || 0x00 || normalised value)` (RFC 2104,
 * FIPS 198-1). The field kind is part of the message so that equal strings in different kinds
 * (an ID number typed into the phone column) never share an index. The key is random, wrapped
 * by the master key under its own label, and never used for encryption (key-ring.ts).
 *
 * No truncation: the index is the full 32-byte MAC. Truncating (as some blind-index schemes do to
 * blur equality) would produce false matches that could only be settled by decrypting — exactly
 * what lookups and leak matching must not do — and it buys little: phone and ID-number spaces are
 * so small that an attacker holding the key enumerates them either way. What protects the index is
 * the key; what it reveals without the key is equality (two rows share a value), as it must to be
 * useful. 32 bytes also keeps collisions out of the question at any vault size.
 */
import * as nodeCrypto from 'node:crypto';
import { createHmac } from 'node:crypto';
import { InputError, PiguardError } from '../core/errors.ts';
import { foldWidth } from '../detect/prepared-text.ts';
import { normalizePersonName } from '../detect/normalizers/person-name.ts';
import { normalizePhone } from '../detect/normalizers/phone.ts';
import { normalizeResidentId, upgradeLegacyResidentId } from '../detect/normalizers/resident-id.ts';
import { KEY_BYTES } from './key-ring.ts';
import type { KeyRing } from './key-ring.ts';

/** Matchable fields with a blind index, as named in customer files (DESIGN §5.3). */
export const BLIND_INDEX_KINDS = ['phone', 'id_number', 'email', 'name_birth_date'] as const;
export type BlindIndexKind = (typeof BLIND_INDEX_KINDS)[number];
/** Kinds indexed from one value; `name_birth_date` takes two ({@link BlindIndex.nameAndBirthDate}). */
export type SingleValueKind = Exclude<BlindIndexKind, 'name_birth_date'>;

/** Length of a blind index in bytes (a full HMAC-SHA-256 output). */
export const BLIND_INDEX_BYTES = 32;

/** SHA-256 block size: the length of the HMAC pads. */
const SHA256_BLOCK_BYTES = 64;
/** Distinct names whose normal form is remembered. */
const NAME_CACHE_SIZE = 20_000;

/** `crypto.hash` (Node ≥ 20.12): one-shot digests without a Hash object. */
const oneShotHash = (
  nodeCrypto as unknown as {
    hash?: (algorithm: string, data: Uint8Array, encoding: 'buffer') => Buffer;
  }
).hash;

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
/** Birth dates as written in customer files: 1990-03-07, 1990/3/7, 1990.03.07, 19900307, 1990年3月7日. */
const WRITTEN_DATE = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/;
/** Without separators only the 8-digit form is unambiguous (1990111: 1 Nov or 11 Jan?). */
const COMPACT_DATE = /^(\d{4})(\d{2})(\d{2})$/;
const RESIDENT_ID_18 = /^[0-9]{17}[0-9X]$/;
const EMAIL = /^[^\s@]+@[^\s@]+$/;

/** Raw (as written) input of {@link BlindIndex.blindIndexFor}. */
export interface RawNameAndBirthDate {
  name: string;
  birthDate: string;
}

function unusable(kind: BlindIndexKind, what: string): InputError {
  return new InputError(`${what} for the ${kind} blind index cannot be normalised`);
}

/** `YYYY-MM-DD` of a written birth date, or undefined when it is not a calendar date. */
function normaliseBirthDate(written: string): string | undefined {
  const text = foldWidth(written).trim();
  const m = WRITTEN_DATE.exec(text) ?? COMPACT_DATE.exec(text);
  if (m === null) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) {
    return undefined;
  }
  return `${m[1]}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

const KIND_PREFIX: Readonly<Record<BlindIndexKind, Buffer>> = Object.fromEntries(
  BLIND_INDEX_KINDS.map((k) => [k, Buffer.from(`${k}\u0000`, 'latin1')]),
) as Record<BlindIndexKind, Buffer>;

function checkPart(kind: BlindIndexKind, what: string, value: string): void {
  // Messages name the kind, never the value (invariant 2).
  if (value.length === 0) throw new InputError(`${what} for the ${kind} blind index is empty`);
  if (value.includes('\u0000')) {
    throw new InputError(`${what} for the ${kind} blind index contains a NUL character`);
  }
}

/**
 * Computes blind indexes under one key. Callers pass values already normalised by the detection
 * engine's normalisers (digits-only phone, upper-case ID number, lower-case email, …) to
 * {@link BlindIndex.compute}, or values as written to {@link BlindIndex.blindIndexFor}; the index
 * matches only what normalises identically.
 *
 * @example
 * const index = BlindIndex.fromKeyRing(ring);
 * index.compute('phone', '13800138000');              // 32-byte Buffer for an indexed column
 * index.nameAndBirthDate('张三', '1990-03-07').toString('hex');
 */
export class BlindIndex {
  readonly #key: Buffer;
  /** HMAC pads (RFC 2104): `key XOR ipad` and `key XOR opad`, 64 bytes each. */
  readonly #ipad: Buffer;
  readonly #opad: Buffer;
  /** Names as written → normalised (OpenCC conversion dominates an index's cost); bounded. */
  readonly #names = new Map<string, string>();
  #destroyed = false;

  /** `key`: 32 random bytes, copied. Prefer {@link BlindIndex.fromKeyRing}. */
  constructor(key: Uint8Array) {
    if (key.length !== KEY_BYTES) {
      throw new InputError(`blind-index key must be ${KEY_BYTES} bytes, got ${key.length}`);
    }
    this.#key = Buffer.from(key);
    this.#ipad = Buffer.alloc(SHA256_BLOCK_BYTES, 0x36);
    this.#opad = Buffer.alloc(SHA256_BLOCK_BYTES, 0x5c);
    for (let i = 0; i < key.length; i++) {
      this.#ipad[i]! ^= key[i]!;
      this.#opad[i]! ^= key[i]!;
    }
  }

  /**
   * A blind index under the key ring's blind-index key.
   *
   * @example
   * const index = BlindIndex.fromKeyRing(ring);
   */
  static fromKeyRing(ring: KeyRing): BlindIndex {
    const key = ring.blindIndexKey();
    const index = new BlindIndex(key);
    key.fill(0);
    return index;
  }

  /**
   * The blind index of a normalised phone, ID number or email.
   *
   * @example
   * index.compute('id_number', '11010519491231002X');
   */
  compute(kind: SingleValueKind, normalisedValue: string): Buffer {
    // Checked at run time too: callers in plain JS or with widened strings exist.
    if (!Object.hasOwn(KIND_PREFIX, kind) || (kind as string) === 'name_birth_date') {
      throw new InputError(`unknown blind index kind ${JSON.stringify(kind)}`);
    }
    checkPart(kind, 'value', normalisedValue);
    return this.#mac(kind, normalisedValue);
  }

  /**
   * The blind index of name + birth date: message `name_birth_date 0x00 name 0x00 YYYY-MM-DD`.
   *
   * @example
   * index.nameAndBirthDate('张三', '1990-03-07');
   */
  nameAndBirthDate(normalisedName: string, birthDate: string): Buffer {
    checkPart('name_birth_date', 'name', normalisedName);
    if (!ISO_DATE.test(birthDate)) {
      throw new InputError('birth date for the name_birth_date blind index is not YYYY-MM-DD');
    }
    return this.#mac('name_birth_date', `${normalisedName}\u0000${birthDate}`);
  }

  /**
   * The blind index of a value as written (in a customer file, a leaked file, a search box),
   * normalised first by the detection engine's normalisers: phone → 11-digit mobile or landline
   * digits (+86 removed), ID number → 18 characters with upper-case X (15-digit legacy numbers
   * upgraded), email → trimmed and lower-cased, name → normalizePersonName, birth date →
   * YYYY-MM-DD. Throws InputError (naming the kind, not the value) when a value does not
   * normalise.
   *
   * @example
   * index.blindIndexFor('phone', '+86 138-0013-8000').equals(index.compute('phone', '13800138000')); // true
   * index.blindIndexFor('name_birth_date', { name: '張 三', birthDate: '1990年3月7日' });
   */
  blindIndexFor(kind: SingleValueKind, rawValue: string): Buffer;
  blindIndexFor(kind: 'name_birth_date', rawValue: RawNameAndBirthDate): Buffer;
  blindIndexFor(kind: BlindIndexKind, rawValue: string | RawNameAndBirthDate): Buffer {
    if (kind === 'name_birth_date') {
      if (typeof rawValue === 'string') throw unusable(kind, 'value');
      const birthDate = normaliseBirthDate(rawValue.birthDate);
      if (birthDate === undefined) throw unusable(kind, 'birth date');
      return this.nameAndBirthDate(this.#normaliseName(rawValue.name), birthDate);
    }
    if (typeof rawValue !== 'string') throw unusable(kind, 'value');
    const folded = foldWidth(rawValue).trim();
    let normalised: string | undefined;
    switch (kind) {
      case 'phone':
        normalised = normalizePhone(folded);
        break;
      case 'id_number': {
        const id = normalizeResidentId(folded);
        normalised = id.length === 15 ? upgradeLegacyResidentId(id) : id;
        if (normalised !== undefined && !RESIDENT_ID_18.test(normalised)) normalised = undefined;
        break;
      }
      case 'email':
        normalised = EMAIL.test(folded) ? folded.toLowerCase() : undefined;
        break;
      default:
        throw new InputError(`unknown blind index kind ${JSON.stringify(kind)}`);
    }
    if (normalised === undefined) throw unusable(kind, 'value');
    // The kind is known valid here: only the value checks of compute() are needed.
    checkPart(kind, 'value', normalised);
    return this.#mac(kind, normalised);
  }

  /**
   * Same as {@link compute}, as 64 lower-case hex digits (for a text column).
   *
   * @example
   * index.hex('email', 'zhang.san@example.cn');
   */
  hex(kind: SingleValueKind, normalisedValue: string): string {
    return this.compute(kind, normalisedValue).toString('hex');
  }

  /**
   * Zeroes the key; the index is unusable afterwards.
   *
   * @example
   * index.destroy();
   */
  destroy(): void {
    this.#key.fill(0);
    this.#ipad.fill(0);
    this.#opad.fill(0);
    this.#names.clear();
    this.#destroyed = true;
  }

  #normaliseName(name: string): string {
    let normalised = this.#names.get(name);
    if (normalised === undefined) {
      normalised = normalizePersonName(name);
      if (this.#names.size >= NAME_CACHE_SIZE) this.#names.clear();
      this.#names.set(name, normalised);
    }
    return normalised;
  }

  #mac(kind: BlindIndexKind, value: string): Buffer {
    // A zeroed key would still produce (useless, guessable) indexes: refuse instead.
    if (this.#destroyed) throw new PiguardError('the blind index was destroyed');
    if (oneShotHash === undefined) {
      return createHmac('sha256', this.#key)
        .update(KIND_PREFIX[kind])
        .update(value, 'utf8')
        .digest();
    }
    // HMAC = H((K ^ opad) || H((K ^ ipad) || m)) with one-shot hashes over the precomputed pads:
    // the same bytes as createHmac (tested), at about a third of its cost per call, which
    // matters on the import path (three or four indexes per customer).
    const prefix = KIND_PREFIX[kind];
    const valueBytes = Buffer.byteLength(value);
    const inner = Buffer.allocUnsafe(SHA256_BLOCK_BYTES + prefix.length + valueBytes);
    this.#ipad.copy(inner, 0);
    prefix.copy(inner, SHA256_BLOCK_BYTES);
    inner.write(value, SHA256_BLOCK_BYTES + prefix.length, 'utf8');
    const outer = Buffer.allocUnsafe(SHA256_BLOCK_BYTES + BLIND_INDEX_BYTES);
    this.#opad.copy(outer, 0);
    oneShotHash('sha256', inner, 'buffer').copy(outer, SHA256_BLOCK_BYTES);
    inner.fill(0, 0, SHA256_BLOCK_BYTES);
    const mac = oneShotHash('sha256', outer, 'buffer');
    outer.fill(0, 0, SHA256_BLOCK_BYTES);
    return mac;
  }
}
