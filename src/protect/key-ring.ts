/**
 * Envelope encryption for the vault (DESIGN §4.2): a three-level key hierarchy.
 *
 * ```
 * master key (32 bytes, from a KeyProvider: PIGUARD_MASTER_KEY, key file, later a KMS/HSM)
 *  ├─ wraps ring keys v1, v2, … (key-encryption keys, one current, older ones live until retired)
 *  │    └─ each wraps per-customer data keys (DEKs) that encrypt the customer's fields
 *  └─ wraps the blind-index key (HMAC key, never used to encrypt anything)
 * ```
 *
 * Every wrap is AES-256-GCM with a fresh 96-bit nonce and additional data naming what is wrapped
 * (purpose label, versions, customer id), so a wrapped key cannot be moved to another slot: a ring
 * key cannot be unwrapped as the blind-index key, nor one customer's DEK as another's.
 *
 * The ring holds no storage. Its state is plain records ({@link RingKeyRecord},
 * {@link BlindIndexKeyRecord}, {@link DataKeyRecord}) that the caller persists in SQLite or
 * PostgreSQL; every method that changes state returns the records to write.
 *
 * Rotation ({@link KeyRing.rotate}) adds a ring version and makes it current; DEKs are then
 * re-wrapped in batches ({@link KeyRing.rewrapDataKeys}) while reads keep working, because any
 * live ring version unwraps. Field ciphertexts never change: the DEK itself stays the same.
 * Once no DEK is wrapped under an old version it is retired ({@link KeyRing.retire}), which
 * destroys its wrapped bytes.
 */
import { createCipheriv, createDecipheriv, randomFillSync } from 'node:crypto';
import { PiguardError } from '../core/errors.ts';
import { ShreddedError, isShredded } from './crypto-shredding.ts';
import type { KeyProvider } from './key-provider.ts';
import { MASTER_KEY_BYTES } from './key-provider.ts';
import { unwrapKey as unwrapUnderMaster, wrapKey as wrapUnderMaster } from './key-wrap.ts';

/** AES-256 key length in bytes; also the master key, ring key, DEK and blind-index key length. */
export const KEY_BYTES = 32;
/** GCM nonce length recommended by NIST SP 800-38D §5.2.1.1 (96 bits). */
export const GCM_NONCE_BYTES = 12;
/** Full-length GCM authentication tag (128 bits); never truncated. */
export const GCM_TAG_BYTES = 16;
/** First byte of every wrapped key, so that the format can evolve. */
export const WRAPPED_KEY_FORMAT_V1 = 0x01;
/** Length of a wrapped 32-byte key: format byte, nonce, ciphertext, tag. */
export const WRAPPED_KEY_BYTES = 1 + GCM_NONCE_BYTES + KEY_BYTES + GCM_TAG_BYTES;
/**
 * Default number of unwrapped DEKs kept in memory (32 bytes each plus ~200 bytes of bookkeeping:
 * about 13 MB when full). Sized so that a server's working set of customers — tens of thousands
 * read in a day — stays cached: a miss costs one AES-GCM unwrap, as much as decrypting the
 * customer's whole record, and a two-generation cache cycling over more customers than it holds
 * misses on almost every read. The ring keys that unwrap every DEK are in memory anyway, so the
 * cache adds little exposure; it is wiped on rotation and retirement and zeroed on close.
 */
export const DEFAULT_DATA_KEY_CACHE_SIZE = 50_000;

/** What the ring needs of a {@link KeyProvider}: the master key. */
export type MasterKeySource = Pick<KeyProvider, 'getMasterKey'>;

/** A ring key (key-encryption key) wrapped by the master key. */
export interface RingKeyRecord {
  /** 1, 2, … — never reused, also after retirement. */
  version: number;
  /** Wrapped key; empty once retired (the key is destroyed). */
  wrapped: Uint8Array;
  /** ISO-8601 time of creation. */
  createdAt: string;
  /** ISO-8601 time of retirement; a retired version unwraps nothing. */
  retiredAt?: string;
}

/** The blind-index HMAC key wrapped by the master key. */
export interface BlindIndexKeyRecord {
  version: number;
  wrapped: Uint8Array;
  createdAt: string;
}

/** A customer's data key wrapped by a ring key, or its tombstone once shredded. */
export interface DataKeyRecord {
  customerId: string;
  /** Generation of the DEK itself; bound into every field ciphertext. Starts at 1. */
  keyVersion: number;
  /** Ring version that wraps the DEK; changes on re-wrap. */
  ringVersion: number;
  /** Wrapped DEK, or null once crypto-shredded. */
  wrappedDek: Uint8Array | null;
  /** ISO-8601 time of shredding (PIPL art. 47 deletion). */
  shreddedAt?: string;
}

/** Everything {@link KeyRing.open} needs, as persisted by the caller. */
export interface KeyRingRecords {
  ringKeys: RingKeyRecord[];
  blindIndexKey: BlindIndexKeyRecord;
}

export interface KeyRingOptions {
  /** Maximum number of unwrapped DEKs cached; evicted keys are zeroed. */
  cacheSize?: number;
  /** Clock for record timestamps (tests). */
  now?: () => Date;
}

/** A key-ring failure: wrong master key, unknown or retired version, tampered wrapped key. */
export class KeyRingError extends PiguardError {}

// Purposes bound into the additional data of each kind of wrap (key separation). Keys under the
// master key go through key-wrap.ts, which also wraps the audit log's signing key; DEKs under ring
// keys are wrapped here, on the import hot path, with pooled nonces and binary additional data.
const DATA_KEY_LABEL = 'piguard/data-key';

function ringKeyPurpose(version: number): string {
  return `ring-key:${version}`;
}

function blindIndexKeyPurpose(version: number): string {
  return `blind-index-key:${version}`;
}

/** Opens a key wrapped by key-wrap.ts; null when it does not authenticate or is not 32 bytes. */
function openUnderMaster(master: Buffer, purpose: string, wrapped: Uint8Array): Buffer | null {
  let key: Buffer;
  try {
    key = unwrapUnderMaster(master, purpose, Buffer.from(wrapped));
  } catch {
    return null;
  }
  if (key.length === KEY_BYTES) return key;
  key.fill(0);
  return null;
}

/**
 * Random bytes from a refilled pool: filling 48 KiB at once costs about as much as one small
 * `randomFillSync` call, and the import path needs one nonce per field. Consumed bytes are zeroed
 * in the pool so that key material drawn from it does not linger there.
 */
class RandomPool {
  readonly #pool = Buffer.alloc(48 * 1024);
  #offset = this.#pool.length;

  fill(target: Buffer, offset: number, length: number): void {
    if (length > this.#pool.length) {
      randomFillSync(target, offset, length);
      return;
    }
    if (this.#offset + length > this.#pool.length) {
      randomFillSync(this.#pool);
      this.#offset = 0;
    }
    this.#pool.copy(target, offset, this.#offset, this.#offset + length);
    this.#pool.fill(0, this.#offset, this.#offset + length);
    this.#offset += length;
  }
}

const randomPool = new RandomPool();

/**
 * Writes `length` cryptographically random bytes into `target` at `offset`.
 *
 * @example
 * const nonce = Buffer.alloc(12);
 * fillRandom(nonce, 0, 12);
 */
export function fillRandom(target: Buffer, offset: number, length: number): void {
  randomPool.fill(target, offset, length);
}

function randomKey(): Buffer {
  const key = Buffer.alloc(KEY_BYTES);
  fillRandom(key, 0, KEY_BYTES);
  return key;
}

/** `"piguard/data-key" 0x00`, the start of every DEK wrap's additional data. */
const DATA_KEY_AAD_PREFIX = Buffer.from(`${DATA_KEY_LABEL}\u0000`, 'latin1');

function dataKeyAad(ringVersion: number, keyVersion: number, customerId: string): Buffer {
  const idBytes = Buffer.byteLength(customerId);
  // Every byte is written below, so the unzeroed allocation is safe.
  const aad = Buffer.allocUnsafe(DATA_KEY_AAD_PREFIX.length + 8 + idBytes);
  let o = DATA_KEY_AAD_PREFIX.copy(aad, 0);
  o = aad.writeUInt32BE(ringVersion, o);
  o = aad.writeUInt32BE(keyVersion, o);
  aad.write(customerId, o, 'utf8');
  return aad;
}

/**
 * Wraps a 32-byte DEK under a ring key with AES-256-GCM; `aad` says whose key it is.
 * Output: `0x01 || nonce(12) || ciphertext(32) || tag(16)` — the same layout as key-wrap.ts.
 */
function wrapKey(kek: Uint8Array, key: Uint8Array, aad: Uint8Array): Buffer {
  // Every byte is written below (format, nonce, ciphertext, tag), so no zero-fill is needed.
  const out = Buffer.allocUnsafe(WRAPPED_KEY_BYTES);
  out[0] = WRAPPED_KEY_FORMAT_V1;
  fillRandom(out, 1, GCM_NONCE_BYTES);
  const cipher = createCipheriv('aes-256-gcm', kek, out.subarray(1, 1 + GCM_NONCE_BYTES), {
    authTagLength: GCM_TAG_BYTES,
  });
  cipher.setAAD(aad);
  const body = cipher.update(key);
  cipher.final();
  out.set(body, 1 + GCM_NONCE_BYTES);
  body.fill(0);
  out.set(cipher.getAuthTag(), 1 + GCM_NONCE_BYTES + KEY_BYTES);
  return out;
}

/** Reverses {@link wrapKey}; returns null when the bytes do not authenticate under `kek`/`aad`. */
function unwrapKey(kek: Uint8Array, wrapped: Uint8Array, aad: Uint8Array): Buffer | null {
  if (wrapped.length !== WRAPPED_KEY_BYTES || wrapped[0] !== WRAPPED_KEY_FORMAT_V1) return null;
  const nonce = wrapped.subarray(1, 1 + GCM_NONCE_BYTES);
  const body = wrapped.subarray(1 + GCM_NONCE_BYTES, 1 + GCM_NONCE_BYTES + KEY_BYTES);
  const tag = wrapped.subarray(1 + GCM_NONCE_BYTES + KEY_BYTES);
  const decipher = createDecipheriv('aes-256-gcm', kek, nonce, { authTagLength: GCM_TAG_BYTES });
  decipher.setAAD(aad);
  decipher.setAuthTag(tag);
  const key = Buffer.alloc(KEY_BYTES);
  const plain = decipher.update(body);
  plain.copy(key);
  plain.fill(0);
  try {
    decipher.final();
  } catch {
    key.fill(0);
    return null;
  }
  return key;
}

async function fetchMasterKey(source: MasterKeySource): Promise<Buffer> {
  const master = await source.getMasterKey();
  if (master.length !== MASTER_KEY_BYTES) {
    throw new KeyRingError(`master key must be ${MASTER_KEY_BYTES} bytes, got ${master.length}`);
  }
  return master;
}

function checkVersion(version: number, what: string): void {
  if (!Number.isInteger(version) || version < 1 || version > 0xffff_ffff) {
    throw new KeyRingError(`${what} must be an integer in 1..2^32-1, got ${version}`);
  }
}

interface CachedDataKey {
  readonly wrapped: Buffer;
  readonly dek: Buffer;
}

function zero(entry: CachedDataKey): void {
  entry.dek.fill(0);
}

/**
 * Bounded cache of unwrapped DEKs, keyed by customer id. An entry is used only while the caller's
 * record carries the same wrapped bytes, so a re-wrapped, replaced or shredded DEK is never served
 * stale. Evicted DEKs are overwritten with zeros.
 *
 * Approximate LRU in two generations: new and recently used entries live in `#hot`; when it is
 * full, the previous generation (`#old`) is zeroed and dropped and `#hot` becomes `#old`; a hit in
 * `#old` moves the entry back to `#hot`. Every operation is O(1) amortised. An exact LRU on one
 * Map (delete and re-insert on each hit, evict the first key) measured about 2× slower per new
 * DEK at 10,000 entries: V8 walks the deleted slots at the front of the Map to find the first
 * live key. At most `capacity` entries are held: `#hot` up to ⌈capacity/2⌉, `#old` up to
 * ⌊capacity/2⌋.
 */
class DataKeyCache {
  #hot = new Map<string, CachedDataKey>();
  #old = new Map<string, CachedDataKey>();
  readonly #hotLimit: number;
  readonly #keepOld: boolean;

  constructor(capacity: number) {
    this.#hotLimit = Math.ceil(capacity / 2);
    this.#keepOld = Math.floor(capacity / 2) > 0;
  }

  get size(): number {
    return this.#hot.size + this.#old.size;
  }

  get(customerId: string, wrapped: Uint8Array): Buffer | undefined {
    let entry = this.#hot.get(customerId);
    if (entry === undefined) {
      entry = this.#old.get(customerId);
      if (entry === undefined) return undefined;
      this.#old.delete(customerId);
      if (!entry.wrapped.equals(wrapped)) {
        zero(entry);
        return undefined;
      }
      this.#insert(customerId, entry);
      return entry.dek;
    }
    if (!entry.wrapped.equals(wrapped)) {
      this.#hot.delete(customerId);
      zero(entry);
      return undefined;
    }
    return entry.dek;
  }

  set(customerId: string, wrapped: Uint8Array, dek: Buffer): void {
    this.delete(customerId);
    if (this.#hotLimit === 0) return;
    this.#insert(customerId, { wrapped: Buffer.from(wrapped), dek });
  }

  delete(customerId: string): void {
    // Two plain lookups, no array per call: this runs for every sealed customer.
    const hot = this.#hot.get(customerId);
    if (hot !== undefined) {
      zero(hot);
      this.#hot.delete(customerId);
    }
    const old = this.#old.get(customerId);
    if (old !== undefined) {
      zero(old);
      this.#old.delete(customerId);
    }
  }

  clear(): void {
    for (const entry of this.#hot.values()) zero(entry);
    for (const entry of this.#old.values()) zero(entry);
    this.#hot.clear();
    this.#old.clear();
  }

  #insert(customerId: string, entry: CachedDataKey): void {
    if (this.#hot.size >= this.#hotLimit) {
      for (const evicted of this.#old.values()) zero(evicted);
      if (this.#keepOld) {
        this.#old = this.#hot;
      } else {
        for (const evicted of this.#hot.values()) zero(evicted);
        this.#old = new Map();
      }
      this.#hot = new Map();
    }
    this.#hot.set(customerId, entry);
  }
}

/**
 * The unwrapped key hierarchy of one process. Open it once (it asks the provider for the master
 * key and unwraps the live ring keys and the blind-index key), then create, unwrap and re-wrap
 * DEKs synchronously — the hot path of import and read never awaits.
 *
 * @example
 * const { ring, records } = await KeyRing.initialise(provider); // first run: persist `records`
 * const dekRecord = ring.createDataKey('C000123');             // persist with the customer
 * const cipher = new FieldCipher(ring);
 * const stored = cipher.encrypt(dekRecord, 'phone', '13800138000');
 */
export class KeyRing {
  readonly #provider: MasterKeySource;
  /** Unwrapped live ring keys by version. */
  readonly #ringKeys = new Map<number, Buffer>();
  /** All ring key records known, including retired ones. */
  readonly #records = new Map<number, RingKeyRecord>();
  readonly #blindIndexKey: Buffer;
  readonly #cache: DataKeyCache;
  readonly #now: () => Date;
  #current = 0;
  #closed = false;

  private constructor(provider: MasterKeySource, blindIndexKey: Buffer, options: KeyRingOptions) {
    this.#provider = provider;
    this.#blindIndexKey = blindIndexKey;
    const cacheSize = options.cacheSize ?? DEFAULT_DATA_KEY_CACHE_SIZE;
    if (!Number.isInteger(cacheSize) || cacheSize < 0) {
      throw new KeyRingError(`cache size must be a non-negative integer, got ${cacheSize}`);
    }
    this.#cache = new DataKeyCache(cacheSize);
    this.#now = options.now ?? (() => new Date());
  }

  /**
   * Creates a new hierarchy: ring key v1 and a blind-index key, both random and wrapped by the
   * master key. Persist `records`; later runs call {@link KeyRing.open} with them.
   *
   * @example
   * const { ring, records } = await KeyRing.initialise(new EnvKeyProvider());
   * await db.insertInto('ring_keys').values(records.ringKeys).execute();
   */
  static async initialise(
    provider: MasterKeySource,
    options: KeyRingOptions = {},
  ): Promise<{ ring: KeyRing; records: KeyRingRecords }> {
    const master = await fetchMasterKey(provider);
    const now = (options.now ?? (() => new Date()))().toISOString();
    const ringKey = randomKey();
    const blindKey = randomKey();
    const ringRecord: RingKeyRecord = {
      version: 1,
      wrapped: wrapUnderMaster(master, ringKeyPurpose(1), ringKey),
      createdAt: now,
    };
    const blindRecord: BlindIndexKeyRecord = {
      version: 1,
      wrapped: wrapUnderMaster(master, blindIndexKeyPurpose(1), blindKey),
      createdAt: now,
    };
    const ring = new KeyRing(provider, blindKey, options);
    ring.#adopt(ringRecord, ringKey);
    return { ring, records: { ringKeys: [ringRecord], blindIndexKey: blindRecord } };
  }

  /**
   * Opens a persisted hierarchy. Fails with {@link KeyRingError} when the master key does not
   * open it (wrong `PIGUARD_MASTER_KEY` or key file) or when no ring version is live.
   *
   * @example
   * const ring = await KeyRing.open(provider, { ringKeys, blindIndexKey });
   */
  static async open(
    provider: MasterKeySource,
    records: KeyRingRecords,
    options: KeyRingOptions = {},
  ): Promise<KeyRing> {
    const master = await fetchMasterKey(provider);
    const bi = records.blindIndexKey;
    const blindKey = openUnderMaster(master, blindIndexKeyPurpose(bi.version), bi.wrapped);
    if (blindKey === null) {
      throw new KeyRingError(
        'the master key does not open the blind-index key (wrong master key, or tampered record)',
      );
    }
    const ring = new KeyRing(provider, blindKey, options);
    ring.#load(master, records.ringKeys);
    if (ring.#current === 0) {
      ring.close();
      throw new KeyRingError('the key ring has no live ring key');
    }
    return ring;
  }

  /**
   * Re-wraps every live ring key and the blind-index key under a new master key (master-key
   * rotation). Nothing below the ring keys changes. Persist the result, then switch providers.
   *
   * @example
   * const next = await KeyRing.rewrapUnderNewMaster(oldProvider, newProvider, records);
   */
  static async rewrapUnderNewMaster(
    oldProvider: MasterKeySource,
    newProvider: MasterKeySource,
    records: KeyRingRecords,
  ): Promise<KeyRingRecords> {
    const oldMaster = await fetchMasterKey(oldProvider);
    const newMaster = await fetchMasterKey(newProvider);
    const rewrap = (wrapped: Uint8Array, purpose: string, what: string): Buffer => {
      const key = openUnderMaster(oldMaster, purpose, wrapped);
      if (key === null) throw new KeyRingError(`the old master key does not open ${what}`);
      const out = wrapUnderMaster(newMaster, purpose, key);
      key.fill(0);
      return out;
    };
    const bi = records.blindIndexKey;
    return {
      blindIndexKey: {
        ...bi,
        wrapped: rewrap(bi.wrapped, blindIndexKeyPurpose(bi.version), 'the blind-index key'),
      },
      ringKeys: records.ringKeys.map((r) =>
        r.retiredAt !== undefined
          ? { ...r }
          : {
              ...r,
              wrapped: rewrap(r.wrapped, ringKeyPurpose(r.version), `ring key v${r.version}`),
            },
      ),
    };
  }

  /** The ring version that wraps new DEKs. */
  get currentVersion(): number {
    this.#checkOpen();
    return this.#current;
  }

  /** Versions that can unwrap DEKs, ascending. */
  get liveVersions(): number[] {
    this.#checkOpen();
    return [...this.#ringKeys.keys()].sort((a, b) => a - b);
  }

  /** Number of unwrapped DEKs currently cached. */
  get cachedDataKeys(): number {
    return this.#cache.size;
  }

  /** Copies of all ring key records this ring knows, ascending by version. */
  ringKeyRecords(): RingKeyRecord[] {
    return [...this.#records.values()]
      .sort((a, b) => a.version - b.version)
      .map((r) => ({ ...r, wrapped: Buffer.from(r.wrapped) }));
  }

  /**
   * Adds ring version `max + 1` and makes it current: new DEKs are wrapped under it at once.
   * Existing DEKs stay readable; re-wrap them with {@link rewrapDataKeys}, then {@link retire}
   * the old version. Returns the new record to persist.
   *
   * @example
   * const v2 = await ring.rotate();
   * await db.insertInto('ring_keys').values(v2).execute();
   */
  async rotate(): Promise<RingKeyRecord> {
    this.#checkOpen();
    // Rotation is the operator's "keys may be exposed" lever: start the DEK cache afresh.
    this.#cache.clear();
    const master = await fetchMasterKey(this.#provider);
    const version = Math.max(0, ...this.#records.keys()) + 1;
    checkVersion(version, 'ring version');
    const key = randomKey();
    const record: RingKeyRecord = {
      version,
      wrapped: wrapUnderMaster(master, ringKeyPurpose(version), key),
      createdAt: this.#now().toISOString(),
    };
    this.#adopt(record, key);
    return { ...record, wrapped: Buffer.from(record.wrapped) };
  }

  /**
   * Forgets a version this ring created with {@link rotate} whose record could not be stored
   * (the transaction failed): it is zeroed and removed, and the previous version is current
   * again, so no data key is wrapped under a key nobody else can open.
   *
   * @example
   * const v = await ring.rotate();
   * try { await save(v); } catch (err) { ring.discard(v.version); throw err; }
   */
  discard(version: number): void {
    this.#checkOpen();
    this.#ringKeys.get(version)?.fill(0);
    this.#ringKeys.delete(version);
    this.#records.delete(version);
    if (this.#current === version) this.#current = Math.max(0, ...this.#ringKeys.keys());
  }

  /**
   * Brings this ring up to date with persisted ring key records written by another process
   * (a `keys rotate` run while the server is up): adopts new versions, drops retired ones.
   *
   * @example
   * await ring.sync(await db.selectFrom('ring_keys').selectAll().execute());
   */
  async sync(ringKeys: readonly RingKeyRecord[]): Promise<void> {
    this.#checkOpen();
    const fresh = ringKeys.filter((r) => {
      const known = this.#records.get(r.version);
      return known === undefined || (r.retiredAt !== undefined && known.retiredAt === undefined);
    });
    if (fresh.length === 0) return;
    const master = await fetchMasterKey(this.#provider);
    this.#load(master, fresh);
  }

  /**
   * Retires ring version `version`: it is destroyed (the returned record has empty `wrapped`) and
   * unwraps nothing any more. Refused for the current version and while `remainingDataKeys`
   * (the caller's count of DEK records still wrapped under `version`) is not zero.
   *
   * @example
   * const n = await countDataKeysUnder(1); // SELECT count(*) … WHERE ring_version = 1
   * await saveRingKey(ring.retire(1, n));
   */
  retire(version: number, remainingDataKeys: number): RingKeyRecord {
    this.#checkOpen();
    const record = this.#records.get(version);
    if (record === undefined) throw new KeyRingError(`ring version ${version} is unknown`);
    if (record.retiredAt !== undefined) return { ...record };
    if (version === this.#current) {
      throw new KeyRingError(`ring version ${version} is current; rotate before retiring it`);
    }
    if (remainingDataKeys !== 0) {
      throw new KeyRingError(
        `ring version ${version} still wraps ${remainingDataKeys} data keys; re-wrap them first`,
      );
    }
    const retired: RingKeyRecord = {
      version,
      wrapped: Buffer.alloc(0),
      createdAt: record.createdAt,
      retiredAt: this.#now().toISOString(),
    };
    this.#ringKeys.get(version)?.fill(0);
    this.#ringKeys.delete(version);
    this.#records.set(version, retired);
    // DEKs unwrapped under the destroyed version must not outlive it in memory.
    this.#cache.clear();
    return { ...retired };
  }

  /**
   * Creates a new random DEK for a customer, wrapped under the current ring version, and caches
   * it. `keyVersion` is 1 for a customer's first DEK.
   *
   * @example
   * const record = ring.createDataKey('C000123'); // store with the customer row
   */
  createDataKey(customerId: string, keyVersion = 1): DataKeyRecord {
    const { wrappedDek, dek } = this.#mintDataKey(customerId, keyVersion);
    this.#cache.set(customerId, wrappedDek, dek);
    return { customerId, keyVersion, ringVersion: this.#current, wrappedDek };
  }

  /**
   * Like {@link createDataKey}, but the DEK is handed to the caller instead of being cached:
   * sealing a new customer needs it for one record and would otherwise cache it only to drop it
   * at once. The caller owns `dek` and must zero it (`dek.fill(0)`) when done.
   *
   * @example
   * const { record, dek } = ring.createUncachedDataKey('C000123', 1);
   * const cols = cipher.encryptRecordUnder(dek, record, fields, values);
   * dek.fill(0);
   */
  createUncachedDataKey(
    customerId: string,
    keyVersion = 1,
  ): { record: DataKeyRecord; dek: Buffer } {
    const { wrappedDek, dek } = this.#mintDataKey(customerId, keyVersion);
    // A stale cached DEK of an earlier generation must not outlive the new one.
    this.#cache.delete(customerId);
    return { record: { customerId, keyVersion, ringVersion: this.#current, wrappedDek }, dek };
  }

  /** A fresh random DEK and its wrapping under the current ring version. */
  #mintDataKey(customerId: string, keyVersion: number): { wrappedDek: Uint8Array; dek: Buffer } {
    this.#checkOpen();
    checkVersion(keyVersion, 'data key version');
    const kek = this.#ringKeys.get(this.#current);
    if (kek === undefined) throw new KeyRingError('no current ring key');
    const dek = randomKey();
    return {
      wrappedDek: wrapKey(kek, dek, dataKeyAad(this.#current, keyVersion, customerId)),
      dek,
    };
  }

  /**
   * The customer's DEK, from the cache or unwrapped under the record's ring version.
   * The buffer is borrowed: use it synchronously and do not keep it — it is zeroed when evicted.
   * Throws {@link ShreddedError} for a shredded record and {@link KeyRingError} when the ring
   * version is retired or unknown or the wrapped key fails authentication.
   *
   * @example
   * const dek = ring.unwrapDataKey(record); // FieldCipher does this for you
   */
  unwrapDataKey(record: DataKeyRecord): Buffer {
    this.#checkOpen();
    if (isShredded(record) || record.wrappedDek === null) {
      this.#cache.delete(record.customerId);
      throw new ShreddedError(record.customerId);
    }
    const cached = this.#cache.get(record.customerId, record.wrappedDek);
    if (cached !== undefined) return cached;
    const dek = this.#unwrapUncached(record, record.wrappedDek);
    this.#cache.set(record.customerId, record.wrappedDek, dek);
    return dek;
  }

  /** True when the record is live and wrapped under an older ring version than the current. */
  needsRewrap(record: DataKeyRecord): boolean {
    this.#checkOpen();
    return (
      !isShredded(record) && record.wrappedDek !== null && record.ringVersion !== this.#current
    );
  }

  /**
   * Re-wraps one DEK under the current ring version. Returns the record unchanged (same object)
   * when it is already current or shredded.
   *
   * @example
   * const updated = ring.rewrapDataKey(record);
   */
  rewrapDataKey(record: DataKeyRecord): DataKeyRecord {
    if (!this.needsRewrap(record) || record.wrappedDek === null) return record;
    const dek = this.#unwrapUncached(record, record.wrappedDek);
    const kek = this.#ringKeys.get(this.#current);
    if (kek === undefined) throw new KeyRingError('no current ring key');
    const wrappedDek = wrapKey(
      kek,
      dek,
      dataKeyAad(this.#current, record.keyVersion, record.customerId),
    );
    dek.fill(0);
    return {
      customerId: record.customerId,
      keyVersion: record.keyVersion,
      ringVersion: this.#current,
      wrappedDek,
    };
  }

  /**
   * One batch of the re-wrap after {@link rotate}: returns the re-wrapped versions of the records
   * that needed it (others are skipped). Write each back with a guard on its old ring version
   * (`UPDATE … WHERE customer_id = ? AND ring_version = ?`) so that a concurrent shred wins.
   *
   * @example
   * for (let batch = await nextBatch(); batch.length > 0; batch = await nextBatch()) {
   *   await saveDataKeys(ring.rewrapDataKeys(batch));
   * }
   */
  rewrapDataKeys(records: readonly DataKeyRecord[]): DataKeyRecord[] {
    const out: DataKeyRecord[] = [];
    for (const r of records) if (this.needsRewrap(r)) out.push(this.rewrapDataKey(r));
    return out;
  }

  /**
   * Removes a customer's DEK from the cache and zeroes it (used by crypto-shredding).
   *
   * @example
   * ring.forget('C000123');
   */
  forget(customerId: string): void {
    this.#cache.delete(customerId);
  }

  /**
   * A copy of the blind-index key, for {@link BlindIndex}. Never use it for encryption.
   *
   * @example
   * const index = new BlindIndex(ring.blindIndexKey());
   */
  blindIndexKey(): Buffer {
    this.#checkOpen();
    return Buffer.from(this.#blindIndexKey);
  }

  /**
   * Zeroes every key held in memory; the ring is unusable afterwards.
   *
   * @example
   * process.on('exit', () => ring.close());
   */
  close(): void {
    this.#cache.clear();
    for (const key of this.#ringKeys.values()) key.fill(0);
    this.#ringKeys.clear();
    this.#blindIndexKey.fill(0);
    this.#closed = true;
  }

  #checkOpen(): void {
    if (this.#closed) throw new KeyRingError('the key ring is closed');
  }

  #adopt(record: RingKeyRecord, key: Buffer): void {
    this.#records.set(record.version, record);
    this.#ringKeys.set(record.version, key);
    if (record.version > this.#current) this.#current = record.version;
  }

  #load(master: Buffer, ringKeys: readonly RingKeyRecord[]): void {
    for (const record of ringKeys) {
      checkVersion(record.version, 'ring version');
      const copy: RingKeyRecord = { ...record, wrapped: Buffer.from(record.wrapped) };
      if (record.retiredAt !== undefined) {
        this.#ringKeys.get(record.version)?.fill(0);
        this.#ringKeys.delete(record.version);
        this.#records.set(record.version, copy);
        if (this.#current === record.version) {
          this.#current = Math.max(0, ...this.#ringKeys.keys());
        }
        continue;
      }
      const key = openUnderMaster(master, ringKeyPurpose(record.version), record.wrapped);
      if (key === null) {
        throw new KeyRingError(
          `the master key does not open ring key v${record.version} (wrong master key, or tampered record)`,
        );
      }
      for (const [otherVersion, other] of this.#ringKeys) {
        if (otherVersion !== record.version && other.equals(key)) {
          throw new KeyRingError(`ring key v${record.version} repeats v${otherVersion}`);
        }
      }
      if (key.equals(this.#blindIndexKey)) {
        throw new KeyRingError(`ring key v${record.version} equals the blind-index key`);
      }
      this.#adopt(copy, key);
    }
  }

  #unwrapUncached(record: DataKeyRecord, wrappedDek: Uint8Array): Buffer {
    const kek = this.#ringKeys.get(record.ringVersion);
    if (kek === undefined) {
      const known = this.#records.get(record.ringVersion);
      throw new KeyRingError(
        known?.retiredAt !== undefined
          ? `data key of customer ${record.customerId} is wrapped under retired ring version ${record.ringVersion}`
          : `data key of customer ${record.customerId} is wrapped under unknown ring version ${record.ringVersion}; sync the key ring`,
      );
    }
    const dek = unwrapKey(
      kek,
      wrappedDek,
      dataKeyAad(record.ringVersion, record.keyVersion, record.customerId),
    );
    if (dek === null) {
      throw new KeyRingError(`data key of customer ${record.customerId} failed authentication`);
    }
    return dek;
  }
}
