/**
 * Crypto-shredding (PIPL art. 47 deletion): a customer's fields are encrypted under that
 * customer's own data key, so destroying the wrapped DEK makes every copy of every field
 * ciphertext undecryptable — in the database, in its WAL, in replicas — without finding and
 * rewriting them. Audit entries keep the customer id and stay verifiable because they never
 * contained the plaintext.
 *
 * The DEK record is not deleted but replaced by a tombstone (`wrappedDek: null`, `shreddedAt`),
 * so that a later read fails with a clear {@link ShreddedError} rather than "no key". Backups taken
 * before the shred still hold the wrapped DEK; they become unreadable once the ring version that
 * wrapped it is rotated away and retired (docs/keys.md).
 */
import { PiguardError } from '../core/errors.ts';
import type { DataKeyRecord } from './key-ring.ts';

/**
 * The customer's data key was destroyed: their personal data no longer exists in readable form.
 * Carries only the customer id (invariant 2: no plaintext in errors).
 */
export class ShreddedError extends PiguardError {
  readonly customerId: string;

  constructor(customerId: string) {
    super(`the personal data of customer ${customerId} was deleted (data key destroyed)`);
    this.customerId = customerId;
  }
}

/** Anything that caches unwrapped DEKs and can drop one (KeyRing does). */
export interface DataKeyForgetter {
  forget(customerId: string): void;
}

/**
 * True when the record is a shred tombstone.
 *
 * @example
 * if (isShredded(record)) return { customerId: record.customerId, deleted: true };
 */
export function isShredded(record: DataKeyRecord): boolean {
  return record.shreddedAt !== undefined || record.wrappedDek === null;
}

/**
 * Destroys a customer's DEK. Returns the tombstone to write in place of the DEK record (in the
 * same transaction as the deletion's audit entry); overwrites the caller's wrapped bytes with
 * zeros and evicts the unwrapped DEK from `ring`'s cache. Idempotent: shredding a tombstone
 * returns it unchanged.
 *
 * Storage must really forget the old bytes: for SQLite enable `PRAGMA secure_delete = ON` and
 * checkpoint the WAL; for PostgreSQL, VACUUM reclaims the dead tuple.
 *
 * @example
 * const tombstone = shredDataKey(ring, record);
 * await db.updateTable('data_keys').set({ wrapped_dek: null, shredded_at: tombstone.shreddedAt })
 *   .where('customer_id', '=', tombstone.customerId).execute();
 */
export function shredDataKey(
  ring: DataKeyForgetter,
  record: DataKeyRecord,
  now: Date = new Date(),
): DataKeyRecord {
  ring.forget(record.customerId);
  if (record.wrappedDek === null && record.shreddedAt !== undefined) return record;
  record.wrappedDek?.fill(0);
  return {
    customerId: record.customerId,
    keyVersion: record.keyVersion,
    ringVersion: record.ringVersion,
    wrappedDek: null,
    shreddedAt: record.shreddedAt ?? now.toISOString(),
  };
}
