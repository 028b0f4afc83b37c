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
  const add = (kind: BlindIndexKind, compute: () => Buffer): void => {
    try {
      digests.push(compute());
      kinds.push(kind);
    } catch (err) {
      if (err instanceof InputError) {
        throw new InputError(`customer ${record.customer_id}: ${kind} cannot be normalised`);
      }
      throw err;
    }
  };
  if (present(record.phone)) add('phone', () => index.blindIndexFor('phone', record.phone!));
  if (present(record.id_number)) {
    add('id_number', () => index.blindIndexFor('id_number', record.id_number!));
  }
  if (present(record.email)) add('email', () => index.blindIndexFor('email', record.email!));
  if (present(record.name) && present(record.birth_date)) {
    add('name_birth_date', () =>
      index.blindIndexFor('name_birth_date', {
        name: record.name!,
        birthDate: record.birth_date!,
      }),
    );
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
  const dek = keys.ring.createDataKey(id, keyVersion);
  const values: (string | null)[] = [];
  for (const field of CUSTOMER_PI_FIELDS) {
    const value = record[field];
    values.push(present(value) ? value : null);
  }
  const extra = record.extra;
  values.push(extra !== undefined && Object.keys(extra).length > 0 ? JSON.stringify(extra) : null);
  // One AES-GCM operation for the whole record (field-cipher.ts, format 0x02): the per-call
  // cipher set-up, not the bytes, was most of an import's crypto cost.
  const sealed = keys.cipher.encryptRecord(dek, SEALED_FIELDS, values);
  // The unwrapped DEK is needed only while sealing this row: drop it from the cache at once.
  keys.ring.forget(id);
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
