/**
 * Seals one customer for storage: a fresh data key (DEK) wrapped under the current ring key,
 * all PI fields AES-256-GCM encrypted under it in one operation (record format 0x02 of
 * field-cipher.ts: each `<field>_enc` column holds its slice of the record ciphertext, the
 * unknown columns as one JSON object in `extra_enc`), and the blind indexes of the matchable
 * fields. Pure apart from the ring's DEK cache, so the same code runs in the vault's own thread
 * (`upsert`) and in the import's worker threads.
 *
 * Every upsert seals under a NEW DEK (key version + 1 on update): the row's ciphertexts are all
 * replaced in the same statement, so no old ciphertext stays readable under a key that lives on.
 */
import { CUSTOMER_PI_FIELDS, type CustomerRecord } from '../core/customer.ts';
import { InputError } from '../core/errors.ts';
import type { BlindIndex, BlindIndexKind } from '../protect/blind-index.ts';
import type { FieldCipher } from '../protect/field-cipher.ts';
import type { KeyRing } from '../protect/key-ring.ts';
import { regionOf } from './customer-region.ts';

/** The encrypted columns of `customers`, in the order {@link SealedCustomer.sealed} uses. */
export const SEALED_FIELDS = [...CUSTOMER_PI_FIELDS, 'extra'] as const;
/** One of {@link SEALED_FIELDS}. */
export type SealedField = (typeof SEALED_FIELDS)[number];

/** A customer as it is written: clear row-scope columns, ciphertexts, blind indexes. */
export interface SealedCustomer {
  customer_id: string;
  agent_id: string | null;
  branch: string | null;
  region: string | null;
  key_version: number;
  ring_version: number;
  wrapped_dek: Uint8Array;
  /** Ciphertexts in {@link SEALED_FIELDS} order; null where the record has no value. */
  sealed: (Uint8Array | null)[];
  /** Blind indexes: kinds and 32-byte digests, pairwise. */
  indexKinds: BlindIndexKind[];
  indexDigests: Uint8Array[];
}

/** What sealing needs: the ring (DEKs), the cipher over it and the blind index. */
export interface SealingKeys {
  ring: KeyRing;
  cipher: FieldCipher;
  blindIndex: BlindIndex;
}

function present(value: string | undefined): value is string {
  return value !== undefined && value.trim() !== '';
}

/**
 * The blind indexes of a record's matchable fields. A value that does not normalise is an input
 * error naming the customer and the field (never the value).
 *
 * @example
 * const { kinds, digests } = blindIndexesOf(index, { customer_id: 'C1', phone: '13800138000' });
 */
export function blindIndexesOf(
  index: BlindIndex,
  record: CustomerRecord,
): { kinds: BlindIndexKind[]; digests: Buffer[] } {
  const kinds: BlindIndexKind[] = [];
  const digests: Buffer[] = [];
  // Straight-line calls (no closure per index): this runs for every imported customer.
  let kind: BlindIndexKind = 'phone';
  try {
    if (present(record.phone)) {
      digests.push(index.blindIndexFor('phone', record.phone));
      kinds.push('phone');
    }
    kind = 'id_number';
    if (present(record.id_number)) {
      digests.push(index.blindIndexFor('id_number', record.id_number));
      kinds.push('id_number');
    }
    kind = 'email';
    if (present(record.email)) {
      digests.push(index.blindIndexFor('email', record.email));
      kinds.push('email');
    }
    kind = 'name_birth_date';
    if (present(record.name) && present(record.birth_date)) {
      digests.push(
        index.blindIndexFor('name_birth_date', { name: record.name, birthDate: record.birth_date }),
      );
      kinds.push('name_birth_date');
    }
  } catch (err) {
    if (err instanceof InputError) {
      throw new InputError(`customer ${record.customer_id}: ${kind} cannot be normalised`);
    }
    throw err;
  }
  return { kinds, digests };
}

/**
 * Seals one record under a new DEK of generation `keyVersion`.
 *
 * @example
 * const sealed = sealCustomer(keys, { customer_id: 'C1', name: '张三', phone: '13800138000' }, 1);
 */
export function sealCustomer(
  keys: SealingKeys,
  record: CustomerRecord,
  keyVersion: number,
): SealedCustomer {
  const id = record.customer_id;
  // The DEK is needed only while sealing this row: take it uncached rather than caching it and
  // dropping it again (a copy, a map insert and a lookup per customer).
  const { record: dek, dek: key } = keys.ring.createUncachedDataKey(id, keyVersion);
  const values: (string | null)[] = [];
  for (const field of CUSTOMER_PI_FIELDS) {
    const value = record[field];
    values.push(present(value) ? value : null);
  }
  const extra = record.extra;
  values.push(extra !== undefined && Object.keys(extra).length > 0 ? JSON.stringify(extra) : null);
  // One AES-GCM operation for the whole record (field-cipher.ts, format 0x02): the per-call
  // cipher set-up, not the bytes, was most of an import's crypto cost.
  let sealed: (Buffer | null)[];
  try {
    sealed = keys.cipher.encryptRecordUnder(key, dek, SEALED_FIELDS, values);
  } finally {
    key.fill(0);
  }
  const { kinds, digests } = blindIndexesOf(keys.blindIndex, record);
  return {
    customer_id: id,
    agent_id: present(record.agent) ? record.agent.trim() : null,
    branch: present(record.branch) ? record.branch.trim() : null,
    region: regionOf(record),
    key_version: keyVersion,
    ring_version: dek.ringVersion,
    wrapped_dek: dek.wrappedDek!,
    sealed,
    indexKinds: kinds,
    indexDigests: digests,
  };
}
