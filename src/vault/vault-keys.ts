/**
 * Persistence of the vault's key hierarchy (protect/key-ring.ts holds no storage): the `key_ring`
 * and `blind_index_keys` rows, read into {@link KeyRingRecords}, created once, race-safely.
 *
 * Creation runs in one transaction that re-reads the tables first. On SQLite every transaction
 * begins IMMEDIATE (one writer at a time), so a second `init` waits and then finds the rows. On
 * PostgreSQL two first runs may both see empty tables; the loser's INSERT fails on the primary
 * key, its transaction rolls back, and it opens the winner's ring instead — never two rings.
 */
import type { Kysely } from 'kysely';
import type { KeyProvider } from '../protect/key-provider.ts';
import {
  KeyRing,
  type KeyRingOptions,
  type KeyRingRecords,
  type RingKeyRecord,
} from '../protect/key-ring.ts';
import type { Schema } from '../store/schema.ts';

/** The ring key rows as records, ascending by version. */
export async function readRingKeys(db: Kysely<Schema>): Promise<RingKeyRecord[]> {
  const rows = await db.selectFrom('key_ring').selectAll().orderBy('version').execute();
  return rows.map((r) => ({
    version: Number(r.version),
    wrapped: Buffer.from(r.wrapped),
    createdAt: r.created_at,
    ...(r.retired_at !== null ? { retiredAt: r.retired_at } : {}),
  }));
}

/**
 * The persisted key hierarchy, or undefined when none was created yet.
 *
 * @example
 * const records = await readKeyRingRecords(db); // undefined before `piguard init`
 */
export async function readKeyRingRecords(db: Kysely<Schema>): Promise<KeyRingRecords | undefined> {
  const ringKeys = await readRingKeys(db);
  const bi = await db
    .selectFrom('blind_index_keys')
    .selectAll()
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (ringKeys.length === 0 || bi === undefined) return undefined;
  return {
    ringKeys,
    blindIndexKey: {
      version: Number(bi.version),
      wrapped: Buffer.from(bi.wrapped),
      createdAt: bi.created_at,
    },
  };
}

/**
 * Writes a new ring key row (after {@link KeyRing.rotate}); fails on a duplicate version, which
 * means another process rotated at the same time.
 *
 * @example
 * await insertRingKey(trx, await ring.rotate());
 */
export async function insertRingKey(db: Kysely<Schema>, record: RingKeyRecord): Promise<void> {
  await db
    .insertInto('key_ring')
    .values({
      version: record.version,
      wrapped: Buffer.from(record.wrapped),
      created_at: record.createdAt,
      retired_at: record.retiredAt ?? null,
    })
    .execute();
}

/**
 * Persists a retirement (the record {@link KeyRing.retire} returned): the wrapped bytes are
 * replaced by an empty value, so the ring key is gone from the database too.
 *
 * @example
 * await saveRetiredRingKey(trx, ring.retire(1, 0));
 */
export async function saveRetiredRingKey(db: Kysely<Schema>, record: RingKeyRecord): Promise<void> {
  await db
    .updateTable('key_ring')
    .set({ wrapped: Buffer.alloc(0), retired_at: record.retiredAt ?? new Date().toISOString() })
    .where('version', '=', record.version)
    .execute();
}

/** What {@link ensureKeyRing} did. */
export interface EnsuredKeyRing {
  ring: KeyRing;
  /** True when this call created the key hierarchy (first run). */
  created: boolean;
}

/**
 * Opens the vault's key ring, creating it (ring key v1 and the blind-index key, wrapped by the
 * master key) when the database has none. Safe to call from several processes at once.
 *
 * @example
 * const { ring, created } = await ensureKeyRing(db, resolveKeyProvider());
 */
export async function ensureKeyRing(
  db: Kysely<Schema>,
  keys: Pick<KeyProvider, 'getMasterKey'>,
  options: KeyRingOptions = {},
): Promise<EnsuredKeyRing> {
  const existing = await readKeyRingRecords(db);
  if (existing) return { ring: await KeyRing.open(keys, existing, options), created: false };
  let made: KeyRing | undefined;
  try {
    const created = await db.transaction().execute(async (trx) => {
      if (await readKeyRingRecords(trx)) return false;
      const { ring, records } = await KeyRing.initialise(keys, options);
      made = ring;
      for (const r of records.ringKeys) await insertRingKey(trx, r);
      await trx
        .insertInto('blind_index_keys')
        .values({
          version: records.blindIndexKey.version,
          wrapped: Buffer.from(records.blindIndexKey.wrapped),
          created_at: records.blindIndexKey.createdAt,
        })
        .execute();
      return true;
    });
    if (created && made) return { ring: made, created: true };
  } catch (err) {
    // Lost a creation race (PostgreSQL unique violation): the winner's rows are there now.
    if ((await readKeyRingRecords(db)) === undefined) throw err;
  }
  made?.close();
  const records = await readKeyRingRecords(db);
  if (!records) throw new Error('key ring rows vanished after creation');
  return { ring: await KeyRing.open(keys, records, options), created: false };
}
