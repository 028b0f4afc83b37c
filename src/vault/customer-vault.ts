/**
 * The vault's customer store (DESIGN §4.2–4.3): customers with every PI field encrypted under a
 * per-customer data key, blind indexes for lookups and leak matching, crypto-shredding (PIPL
 * art. 47) and online key rotation. It stores and retrieves; it does not authorise or audit —
 * the gateway does that around it (nothing else may call `load` for a person's request).
 *
 * Storage layout (migration 0002): one ciphertext per PI column (`<field>_enc`), the unknown
 * columns of an import as one encrypted JSON object (`extra_enc`); `agent_id`, `branch` and
 * `region` (province code) in the clear for row scopes; `customer_index` rows
 * (kind, HMAC digest, customer id) for phone, ID number, email and name + birth date.
 *
 * Key rotation and other processes: a vault opened before a `keys rotate` in another process
 * learns the new ring version when it first meets a row wrapped under it (`load` re-reads the
 * key ring once and retries), and `upsert` re-reads the ring's versions inside its transaction
 * before sealing, so it never wraps a new data key under a version that is being retired
 * (PostgreSQL: `FOR SHARE` on the ring rows, which the retirement's UPDATE waits for).
 */
import { CompiledQuery, sql, type Kysely } from 'kysely';
import type { CustomerPiField, CustomerRecord } from '../core/customer.ts';
import { InputError, NotFoundError, PiguardError } from '../core/errors.ts';
import {
  BlindIndex,
  type BlindIndexKind,
  type RawNameAndBirthDate,
} from '../protect/blind-index.ts';
import { shredDataKey } from '../protect/crypto-shredding.ts';
import { FieldCipher } from '../protect/field-cipher.ts';
import type { KeyProvider } from '../protect/key-provider.ts';
import type { KeyRing } from '../protect/key-ring.ts';
import { type DataKeyRecord } from '../protect/key-ring.ts';
import type { Database } from '../store/open-database.ts';
import type { Schema } from '../store/schema.ts';
import { sealCustomer, SEALED_FIELDS, type SealedCustomer } from './customer-sealer.ts';
import { CustomerWriter } from './customer-writer.ts';
import { ensureKeyRing, insertRingKey, readRingKeys, saveRetiredRingKey } from './vault-keys.ts';

/** A customer as `load` returns it; `shredded` is set (and no PI present) once deleted. */
export interface VaultCustomer extends CustomerRecord {
  shredded?: true;
}

/** Fields `load` can decrypt: the PI fields and the unknown columns (`extra`). */
export type LoadableField = CustomerPiField | 'extra';

/**
 * A customer's row as stored ({@link CustomerVault.readStored}): clear scope attributes, the
 * assigned agent's team, the wrapped data key and the ciphertexts — nothing decrypted.
 */
export interface StoredCustomer {
  customer_id: string;
  agent_id: string | null;
  branch: string | null;
  region: string | null;
  /** Team of the assigned agent (staff table), for team scopes. */
  team: string | null;
  key_version: number;
  ring_version: number;
  wrapped_dek: Uint8Array | null;
  shredded_at: string | null;
  /** Ciphertexts in SEALED_FIELDS order; null when read without them. */
  sealed: (Uint8Array | null)[] | null;
}

/** What the customers table says about ids about to be written. */
export interface ExistingCustomer {
  keyVersion: number;
  shredded: boolean;
}

/** Outcome of {@link CustomerVault.upsert}. */
export interface UpsertResult {
  inserted: number;
  updated: number;
  /** Records of deleted (crypto-shredded) customers, which are never revived. */
  skippedShredded: number;
}

/** Options of {@link CustomerVault.rotate}. */
export interface RotateOptions {
  /** Data keys re-wrapped per transaction (default 1,000). */
  batchSize?: number;
  /** Called after each committed batch (progress bars; tests read between batches). */
  onBatch?: (progress: { rewrapped: number }) => void | Promise<void>;
}

/** Outcome of {@link CustomerVault.rotate}. */
export interface RotateResult {
  newVersion: number;
  rewrapped: number;
  /** Ring versions retired (destroyed) by this rotation. */
  retired: number[];
}

/** Ids per `IN (…)` list. */
const IDS_PER_QUERY = 1_000;
/** Re-wrap rounds before rotation gives up retiring a version that keeps gaining data keys. */
const MAX_REWRAP_ROUNDS = 5;

/** The encrypted columns, in {@link SEALED_FIELDS} order. */
const SEALED_COLUMNS = SEALED_FIELDS.map((f) => `${f}_enc` as const);

/** The key column and the ciphertext columns, in the order {@link SQLITE_READ_STORED} packs them. */
const PACKED_COLUMNS = ['wrapped_dek', ...SEALED_COLUMNS];

/**
 * SQLite: a customer row with its wrapped data key and every ciphertext concatenated into ONE
 * blob (`body`), and the parts' byte lengths as one text column (`l`: comma-separated in
 * PACKED_COLUMNS order; -1 = NULL, -2 = a text-typed cell).
 *
 * Why: better-sqlite3 copies every blob cell into its own Node Buffer and builds every row as an
 * object with one property per column; eleven blobs and a dozen length columns per row cost more
 * than the row lookup itself (measured on 64-row reads, CPU per row: 15–18 µs for the columns as
 * stored, 8.5 µs packed). SQLite's `||` joins blobs byte for byte in a UTF-8 database (no
 * validation or conversion), and the parts are sliced back out as views of the one buffer. A
 * text-typed cell (base64 written by an old client) has no byte length in `length()`, so such a
 * row is re-read column by column. The ids come as one JSON array bound to one parameter, so
 * every batch size shares one prepared statement.
 */
const SQLITE_READ_STORED =
  'select c.customer_id as i, c.agent_id as a, c.branch as b, c.region as r, ' +
  'c.key_version as kv, c.ring_version as rv, c.shredded_at as sh, s.team as t, ' +
  PACKED_COLUMNS.map(
    (c) => `case typeof(c.${c}) when 'null' then -1 when 'blob' then length(c.${c}) else -2 end`,
  ).join(" || ',' || ") +
  ' as l, ' +
  `cast(${PACKED_COLUMNS.map((c) => `ifnull(c.${c}, x'')`).join(' || ')} as blob) as body ` +
  'from customers c left join staff s on s.staff_id = c.agent_id ' +
  'where c.customer_id in (select value from json_each(?))';

/**
 * PostgreSQL: the same packed row ({@link SQLITE_READ_STORED}); ids as one array parameter.
 * Why: pg decodes every bytea cell from hex text into its own Buffer on the server's thread;
 * one cell per row instead of eleven halved the client CPU of a 64-row read (measured ~28 → ~15
 * µs per row). Columns are bytea here, so no cell is ever text-typed.
 */
const POSTGRES_READ_STORED =
  'select c.customer_id as i, c.agent_id as a, c.branch as b, c.region as r, ' +
  'c.key_version as kv, c.ring_version as rv, c.shredded_at as sh, s.team as t, ' +
  `concat_ws(',', ${PACKED_COLUMNS.map((c) => `coalesce(octet_length(c.${c}), -1)`).join(', ')}) as l, ` +
  `${PACKED_COLUMNS.map((c) => `coalesce(c.${c}, ''::bytea)`).join(' || ')} as body ` +
  'from customers c left join staff s on s.staff_id = c.agent_id ' +
  'where c.customer_id = any($1)';

/** A row of {@link SQLITE_READ_STORED} or {@link POSTGRES_READ_STORED}. */
interface PackedStoredRow {
  i: string;
  a: string | null;
  b: string | null;
  r: string | null;
  kv: number;
  rv: number;
  sh: string | null;
  t: string | null;
  l: string;
  body: Uint8Array;
}

/**
 * Slices a {@link PackedStoredRow}'s body back into the key and the ciphertexts (views), or
 * returns undefined for a row with a text-typed cell (to be read column by column).
 */
function unpackStored(row: PackedStoredRow): StoredCustomer | undefined {
  const lengths = row.l.split(',');
  if (lengths.length !== PACKED_COLUMNS.length) {
    throw new PiguardError(`customer ${row.i}: stored column lengths are malformed`);
  }
  const body = row.body;
  let at = 0;
  const parts = new Array<Uint8Array | null>(PACKED_COLUMNS.length);
  for (let k = 0; k < PACKED_COLUMNS.length; k++) {
    const n = Number(lengths[k]);
    if (n === -2) return undefined;
    if (n < 0) {
      parts[k] = null;
      continue;
    }
    parts[k] = body.subarray(at, at + n);
    at += n;
  }
  if (at !== body.length) {
    throw new PiguardError(`customer ${row.i}: stored columns do not match their lengths`);
  }
  return {
    customer_id: row.i,
    agent_id: row.a,
    branch: row.b,
    region: row.r,
    team: row.t ?? null,
    key_version: Number(row.kv),
    ring_version: Number(row.rv),
    wrapped_dek: parts[0]!,
    shredded_at: row.sh,
    sealed: parts.slice(1),
  };
}

function dataKeyOf(
  row: Pick<StoredCustomer, 'customer_id' | 'key_version' | 'ring_version' | 'shredded_at'> & {
    wrapped_dek: Uint8Array | null;
  },
): DataKeyRecord {
  return {
    customerId: row.customer_id,
    keyVersion: Number(row.key_version),
    ringVersion: Number(row.ring_version),
    wrappedDek: row.wrapped_dek === null ? null : Buffer.from(row.wrapped_dek),
    ...(row.shredded_at !== null ? { shreddedAt: row.shredded_at } : {}),
  };
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * What the customers table holds for `ids`: key generation and whether shredded. Needs no keys
 * (dry runs use it).
 *
 * @example
 * const existing = await existingCustomers(db, ['C1']); // Map C1 → { keyVersion: 1, shredded: false }
 */
export async function existingCustomers(
  db: Kysely<Schema>,
  ids: readonly string[],
): Promise<Map<string, ExistingCustomer>> {
  const out = new Map<string, ExistingCustomer>();
  for (const part of chunks(ids, IDS_PER_QUERY)) {
    const rows = await db
      .selectFrom('customers')
      .select(['customer_id', 'key_version', 'shredded_at'])
      .where('customer_id', 'in', part)
      .execute();
    for (const r of rows) {
      out.set(r.customer_id, {
        keyVersion: Number(r.key_version),
        shredded: r.shredded_at !== null,
      });
    }
  }
  return out;
}

/**
 * @example
 * const vault = await CustomerVault.open(database, resolveKeyProvider());
 * await database.db.transaction().execute((trx) => vault.upsert(trx, [{ customer_id: 'C1', phone: '13800138000' }]));
 * const [id] = await vault.lookup(database.db, 'phone', '138-0013-8000');        // 'C1'
 * const customers = await vault.load(database.db, [id], ['phone']);               // Map C1 → { phone }
 */
export class CustomerVault {
  /** Blind indexes under the vault's key: digests of leaked values for trace. */
  readonly blindIndex: BlindIndex;
  readonly #database: Pick<Database, 'db' | 'engine'>;
  readonly #ring: KeyRing;
  readonly #cipher: FieldCipher;
  readonly #writer: CustomerWriter;
  readonly #keys: Pick<KeyProvider, 'getMasterKey'>;
  readonly #now: () => Date;

  private constructor(
    database: Pick<Database, 'db' | 'engine'>,
    ring: KeyRing,
    keys: Pick<KeyProvider, 'getMasterKey'>,
    now: () => Date,
  ) {
    this.#database = database;
    this.#ring = ring;
    this.#keys = keys;
    this.#cipher = new FieldCipher(ring);
    this.blindIndex = BlindIndex.fromKeyRing(ring);
    this.#writer = new CustomerWriter(database.engine);
    this.#now = now;
  }

  /**
   * Opens the vault: loads the key ring and blind-index key rows into a KeyRing, creating them
   * (race-safely, in a transaction) when the database has none yet.
   *
   * @example
   * const vault = await CustomerVault.open(database, resolveKeyProvider());
   */
  static async open(
    database: Pick<Database, 'db' | 'engine'>,
    keys: KeyProvider,
    options: { now?: () => Date } = {},
  ): Promise<CustomerVault> {
    const now = options.now ?? (() => new Date());
    const { ring } = await ensureKeyRing(database.db, keys, { now });
    return new CustomerVault(database, ring, keys, now);
  }

  /** The database engine (the import picks its write strategy by it). */
  get engine(): Database['engine'] {
    return this.#database.engine;
  }

  /** The ring version new data keys are wrapped under. */
  get ringVersion(): number {
    return this.#ring.currentVersion;
  }

  /**
   * Customer ids whose blind index of `kind` matches `raw` (a value as written: normalised
   * first). Throws InputError (naming the kind, not the value) when `raw` does not normalise.
   *
   * @example
   * await vault.lookup(db, 'name_birth_date', { name: '张三', birthDate: '1990-03-07' }); // ['C1']
   */
  async lookup(
    db: Kysely<Schema>,
    kind: BlindIndexKind,
    raw: string | RawNameAndBirthDate,
  ): Promise<string[]> {
    let digest: Buffer;
    if (kind === 'name_birth_date') {
      if (typeof raw === 'string')
        throw new InputError('a name_birth_date lookup needs a name and a birth date');
      digest = this.blindIndex.blindIndexFor(kind, raw);
    } else {
      if (typeof raw !== 'string') throw new InputError(`a ${kind} lookup needs one value`);
      digest = this.blindIndex.blindIndexFor(kind, raw);
    }
    const rows = await db
      .selectFrom('customer_index')
      .select('customer_id')
      .where('kind', '=', kind)
      .where('digest', '=', digest)
      .orderBy('customer_id')
      .execute();
    return rows.map((r) => r.customer_id);
  }

  /**
   * Bulk blind-index lookup (trace): for each digest that matches, the customer ids, keyed by
   * the digest's lower-case hex. Digests that match nothing are absent from the map.
   *
   * @example
   * const hits = await vault.lookupDigests(db, 'phone', leaked.map((p) => vault.blindIndex.blindIndexFor('phone', p)));
   */
  async lookupDigests(
    db: Kysely<Schema>,
    kind: BlindIndexKind,
    digests: readonly Buffer[],
  ): Promise<Map<string, string[]>> {
    const out = new Map<string, string[]>();
    const unique = [...new Map(digests.map((d) => [d.toString('hex'), d])).values()];
    for (const part of chunks(unique, IDS_PER_QUERY)) {
      const rows = await db
        .selectFrom('customer_index')
        .select(['digest', 'customer_id'])
        .where('kind', '=', kind)
        .where('digest', 'in', part)
        .orderBy('customer_id')
        .execute();
      for (const r of rows) {
        const hex = Buffer.from(r.digest).toString('hex');
        const ids = out.get(hex);
        if (ids) ids.push(r.customer_id);
        else out.set(hex, [r.customer_id]);
      }
    }
    return out;
  }

  /**
   * Loads customers, decrypting ONLY `fields` (agent and branch come in the clear). Unknown ids
   * are absent from the map; shredded customers come back as `{ customer_id, shredded: true }`
   * with agent/branch but no PI.
   *
   * @example
   * const m = await vault.load(db, ['C1', 'C2'], ['name', 'phone']);
   * m.get('C1')?.phone; // '13800138000'
   */
  async load(
    db: Kysely<Schema>,
    ids: readonly string[],
    fields: readonly LoadableField[],
  ): Promise<Map<string, VaultCustomer>> {
    const wanted = new Set<string>(fields);
    const sealed = SEALED_FIELDS.some((f) => wanted.has(f));
    const stored = await this.readStored(db, ids, { sealed });
    return this.open(stored.values(), fields);
  }

  /**
   * Reads customers' rows WITHOUT decrypting anything: the clear scope attributes (with the
   * assigned agent's team), the wrapped data key and, unless `sealed` is false, the ciphertexts.
   * The gateway decides row scope on these and then decrypts only what it shows
   * ({@link open}) — one SELECT per batch instead of one for scope and one for the fields.
   * Unknown ids are absent from the map.
   *
   * @example
   * const rows = await vault.readStored(trx, ['C1']);
   * const shown = await vault.open(rows.values(), ['name']);
   */
  async readStored(
    db: Kysely<Schema>,
    ids: readonly string[],
    options: { sealed?: boolean } = {},
  ): Promise<Map<string, StoredCustomer>> {
    const out = new Map<string, StoredCustomer>();
    // Every sealed column is read, not only the ones a caller will show: a record-format row
    // (0x02) is authenticated as a whole (field-cipher.ts), and one decryption of all of it costs
    // less than one per field. Fields nobody asked for are zeroed without becoming strings.
    const columns = options.sealed === false ? [] : SEALED_COLUMNS.map((c) => `c.${c}` as const);
    let unique = [...new Set(ids)];
    if (columns.length > 0 && unique.length > 0) {
      const { rows } = await db.executeQuery<PackedStoredRow>(
        this.#database.engine === 'sqlite'
          ? CompiledQuery.raw(SQLITE_READ_STORED, [JSON.stringify(unique)])
          : CompiledQuery.raw(POSTGRES_READ_STORED, [unique]),
      );
      const textTyped: string[] = [];
      for (const row of rows) {
        const stored = unpackStored(row);
        if (stored === undefined) textTyped.push(row.i);
        else out.set(row.i, stored);
      }
      unique = textTyped;
    }
    for (const part of chunks(unique, IDS_PER_QUERY)) {
      const rows = await db
        .selectFrom('customers as c')
        .leftJoin('staff as s', 's.staff_id', 'c.agent_id')
        .select([
          'c.customer_id',
          'c.agent_id',
          'c.branch',
          'c.region',
          'c.key_version',
          'c.ring_version',
          'c.wrapped_dek',
          'c.shredded_at',
          's.team',
          ...columns,
        ])
        .where('c.customer_id', 'in', part)
        .execute();
      for (const row of rows) {
        const cells = row as unknown as Record<string, Uint8Array | null | undefined>;
        out.set(row.customer_id, {
          customer_id: row.customer_id,
          agent_id: row.agent_id,
          branch: row.branch,
          region: row.region,
          team: row.team ?? null,
          key_version: Number(row.key_version),
          ring_version: Number(row.ring_version),
          wrapped_dek: row.wrapped_dek,
          shredded_at: row.shredded_at,
          sealed: columns.length === 0 ? null : SEALED_COLUMNS.map((c) => cells[c] ?? null),
        });
      }
    }
    return out;
  }

  /**
   * Decrypts ONLY `fields` of rows read by {@link readStored} (read with their ciphertexts).
   * Shredded customers come back as `{ customer_id, shredded: true }` with agent/branch.
   *
   * @example
   * const m = await vault.open((await vault.readStored(db, ['C1'])).values(), ['phone']);
   */
  async open(
    rows: Iterable<StoredCustomer>,
    fields: readonly LoadableField[],
  ): Promise<Map<string, VaultCustomer>> {
    const wantedSet = new Set<string>(fields);
    const wanted = SEALED_FIELDS.map((f) => wantedSet.has(f));
    const any = wanted.some(Boolean);
    const out = new Map<string, VaultCustomer>();
    let synced = false;
    // The ring's versions, read once per call rather than per row (the getter builds a sorted
    // copy each time); after a sync they are not consulted again.
    let live: readonly number[] | undefined;
    for (const row of rows) {
      const key = dataKeyOf(row);
      const customer: VaultCustomer = { customer_id: row.customer_id };
      if (row.agent_id !== null) customer.agent = row.agent_id;
      if (row.branch !== null) customer.branch = row.branch;
      if (key.wrappedDek === null) {
        customer.shredded = true;
        out.set(row.customer_id, customer);
        continue;
      }
      if (any) {
        if (row.sealed === null) {
          throw new PiguardError('customer rows were read without their ciphertexts');
        }
        live ??= this.#ring.liveVersions;
        if (!synced && !live.includes(key.ringVersion)) {
          // Another process rotated the ring since this vault was opened.
          await this.#ring.sync(await readRingKeys(this.#database.db));
          synced = true;
        }
        const texts = this.#cipher.decryptRecord(key, SEALED_FIELDS, row.sealed, wanted);
        for (let i = 0; i < SEALED_FIELDS.length; i++) {
          const text = texts[i];
          if (text === null || text === undefined) continue;
          const field = SEALED_FIELDS[i]!;
          if (field === 'extra') customer.extra = JSON.parse(text) as Record<string, string>;
          else customer[field] = text;
        }
      }
      out.set(row.customer_id, customer);
    }
    return out;
  }

  /**
   * What the customers table holds for `ids` (key generation, shredded or not), read in `trx`.
   *
   * @example
   * const existing = await vault.existing(trx, ['C1']); // Map C1 → { keyVersion: 1, shredded: false }
   */
  async existing(
    trx: Kysely<Schema>,
    ids: readonly string[],
  ): Promise<Map<string, ExistingCustomer>> {
    return existingCustomers(trx, ids);
  }

  /**
   * Brings the ring up to date inside a write transaction, before data keys are wrapped: adopts
   * versions another process added, drops retired ones. On PostgreSQL the ring rows stay share-
   * locked until `trx` ends, so a concurrent retirement waits for this write to commit and then
   * counts its data keys.
   *
   * @example
   * await db.transaction().execute(async (trx) => { await vault.prepareWrite(trx); ... });
   */
  async prepareWrite(trx: Kysely<Schema>): Promise<void> {
    if (this.#database.engine === 'postgres') {
      await sql`select version from key_ring for share`.execute(trx);
    }
    await this.#ring.sync(await readRingKeys(trx));
  }

  /**
   * Seals records (new data keys, field ciphertexts, blind indexes) without writing them.
   * `keyVersions` gives each record's data key generation (1 for a new customer).
   *
   * @example
   * const sealed = vault.seal(records, records.map(() => 1));
   */
  seal(records: readonly CustomerRecord[], keyVersions: readonly number[]): SealedCustomer[] {
    const keys = { ring: this.#ring, cipher: this.#cipher, blindIndex: this.blindIndex };
    return records.map((r, i) => sealCustomer(keys, r, keyVersions[i] ?? 1));
  }

  /**
   * Writes already sealed customers (from {@link seal} or the import's workers) in `trx`;
   * `updatedIds` are those that existed before (their blind indexes are replaced).
   *
   * @example
   * await vault.writeSealed(trx, sealed, ['C1']);
   */
  async writeSealed(
    trx: Kysely<Schema>,
    sealed: readonly SealedCustomer[],
    updatedIds: readonly string[],
  ): Promise<void> {
    await this.#writer.write(trx, sealed, { updatedIds, now: this.#now().toISOString() });
  }

  /**
   * Inserts or updates customers by customer id inside `trx`: each PI field encrypted under the
   * customer's new data key, blind indexes written (replaced on update), region = province code
   * of the address or ID number, agent and branch in the clear. A record whose customer was
   * deleted (shredded) is skipped, never revived. Later duplicates of an id win.
   *
   * @example
   * await db.transaction().execute((trx) => vault.upsert(trx, records)); // { inserted, updated, … }
   */
  async upsert(trx: Kysely<Schema>, records: readonly CustomerRecord[]): Promise<UpsertResult> {
    const byId = new Map<string, CustomerRecord>();
    for (const r of records) byId.set(r.customer_id, r);
    const unique = [...byId.values()];
    await this.prepareWrite(trx);
    const existing = await this.existing(
      trx,
      unique.map((r) => r.customer_id),
    );
    const toWrite: CustomerRecord[] = [];
    const versions: number[] = [];
    const updatedIds: string[] = [];
    let skippedShredded = 0;
    for (const r of unique) {
      const before = existing.get(r.customer_id);
      if (before?.shredded) {
        skippedShredded++;
        continue;
      }
      toWrite.push(r);
      versions.push(before ? before.keyVersion + 1 : 1);
      if (before) updatedIds.push(r.customer_id);
    }
    await this.writeSealed(trx, this.seal(toWrite, versions), updatedIds);
    return {
      inserted: toWrite.length - updatedIds.length,
      updated: updatedIds.length,
      skippedShredded,
    };
  }

  /**
   * Crypto-shreds one customer (PIPL art. 47) inside `trx`: the wrapped data key is destroyed,
   * every `*_enc` column nulled, the blind indexes deleted; the row keeps the id (and agent,
   * branch, region) so that audit entries naming it stay meaningful and verifiable. Idempotent:
   * resolves to false when the customer was already shredded. Throws NotFoundError for an
   * unknown id.
   *
   * On SQLite run with `PRAGMA secure_delete = ON` and checkpoint the WAL afterwards so the old
   * bytes do not linger in free pages (customers-command.ts does).
   *
   * @example
   * await db.transaction().execute((trx) => vault.shred(trx, 'C1'));
   */
  async shred(trx: Kysely<Schema>, customerId: string): Promise<boolean> {
    const row = await trx
      .selectFrom('customers')
      .select(['customer_id', 'key_version', 'ring_version', 'wrapped_dek', 'shredded_at'])
      .where('customer_id', '=', customerId)
      .executeTakeFirst();
    if (row === undefined) throw new NotFoundError(`customer ${customerId} not found`);
    if (row.wrapped_dek === null && row.shredded_at !== null) return false;
    const tombstone = shredDataKey(this.#ring, dataKeyOf(row), this.#now());
    const nulls = Object.fromEntries(SEALED_FIELDS.map((f) => [`${f}_enc`, null])) as Record<
      `${(typeof SEALED_FIELDS)[number]}_enc`,
      null
    >;
    await trx
      .updateTable('customers')
      .set({
        ...nulls,
        wrapped_dek: null,
        shredded_at: tombstone.shreddedAt ?? this.#now().toISOString(),
        updated_at: this.#now().toISOString(),
      })
      .where('customer_id', '=', customerId)
      .execute();
    await trx.deleteFrom('customer_index').where('customer_id', '=', customerId).execute();
    return true;
  }

  /**
   * Rotates the ring: adds ring version N+1 (current at once for new data keys), re-wraps every
   * live data key under it in batches of short transactions — reads keep working throughout,
   * because every live version still unwraps — then retires (destroys) the older versions once
   * no live data key is wrapped under them.
   *
   * @example
   * const { newVersion, rewrapped, retired } = await vault.rotate(db);
   */
  async rotate(db: Kysely<Schema>, options: RotateOptions = {}): Promise<RotateResult> {
    const batchSize = options.batchSize ?? 1_000;
    let created: number | undefined;
    let newVersion: number;
    try {
      newVersion = await db.transaction().execute(async (trx) => {
        if (this.#database.engine === 'postgres') {
          await sql`select version from key_ring for update`.execute(trx);
        }
        await this.#ring.sync(await readRingKeys(trx));
        const record = await this.#ring.rotate();
        created = record.version;
        await insertRingKey(trx, record);
        return record.version;
      });
    } catch (err) {
      // Never wrap data keys under a version that was not stored (nobody else could open it).
      if (created !== undefined) this.#ring.discard(created);
      throw err;
    }

    let rewrapped = 0;
    const retired: number[] = [];
    for (let round = 0; round < MAX_REWRAP_ROUNDS; round++) {
      rewrapped += await this.#rewrapAll(db, newVersion, batchSize, rewrapped, options.onBatch);
      const pending = await this.#retireOld(db, newVersion, retired);
      if (pending === 0) break;
    }
    return { newVersion, rewrapped, retired };
  }

  /** Zeroes the keys held in memory; the vault is unusable afterwards. */
  close(): void {
    this.blindIndex.destroy();
    this.#ring.close();
  }

  async #rewrapAll(
    db: Kysely<Schema>,
    newVersion: number,
    batchSize: number,
    before: number,
    onBatch: RotateOptions['onBatch'],
  ): Promise<number> {
    let done = 0;
    let after = '';
    for (;;) {
      const count = await db.transaction().execute(async (trx) => {
        const rows = await trx
          .selectFrom('customers')
          .select(['customer_id', 'key_version', 'ring_version', 'wrapped_dek', 'shredded_at'])
          .where('ring_version', '<>', newVersion)
          .where('wrapped_dek', 'is not', null)
          .where('customer_id', '>', after)
          .orderBy('customer_id')
          .limit(batchSize)
          .execute();
        if (rows.length === 0) return -1;
        after = rows[rows.length - 1]!.customer_id;
        let n = 0;
        for (const row of rows) {
          const old = dataKeyOf(row);
          const fresh = this.#ring.rewrapDataKey(old);
          if (fresh === old || fresh.wrappedDek === null) continue;
          // Guarded by the old version: a concurrent shred or update wins.
          const r = await trx
            .updateTable('customers')
            .set({ ring_version: fresh.ringVersion, wrapped_dek: Buffer.from(fresh.wrappedDek) })
            .where('customer_id', '=', row.customer_id)
            .where('ring_version', '=', old.ringVersion)
            .where('wrapped_dek', 'is not', null)
            .executeTakeFirst();
          if (Number(r.numUpdatedRows) > 0) n++;
        }
        return n;
      });
      if (count < 0) return done;
      done += count;
      await onBatch?.({ rewrapped: before + done });
    }
  }

  /** Retires every live version below `newVersion` without data keys; returns how many remain. */
  async #retireOld(db: Kysely<Schema>, newVersion: number, retired: number[]): Promise<number> {
    let pending = 0;
    for (const version of this.#ring.liveVersions.filter((v) => v < newVersion)) {
      const remaining = await db.transaction().execute(async (trx) => {
        // Take the ring row's lock first (PostgreSQL: waits for writers holding FOR SHARE),
        // then count: a write that wrapped under this version has committed by now.
        await trx
          .updateTable('key_ring')
          .set({ version: version })
          .where('version', '=', version)
          .execute();
        const row = await trx
          .selectFrom('customers')
          .select((eb) => eb.fn.countAll<number | string>().as('n'))
          .where('ring_version', '=', version)
          .where('wrapped_dek', 'is not', null)
          .executeTakeFirstOrThrow();
        const n = Number(row.n);
        if (n > 0) return n;
        await saveRetiredRingKey(trx, this.#ring.retire(version, 0));
        return 0;
      });
      if (remaining === 0) retired.push(version);
      pending += remaining;
    }
    return pending;
  }

  /** Master key source (import workers open their own ring with it). */
  get keyProvider(): Pick<KeyProvider, 'getMasterKey'> {
    return this.#keys;
  }
}
