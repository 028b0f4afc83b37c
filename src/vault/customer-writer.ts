/**
 * Writes sealed customers (customer-sealer.ts) with pre-built multi-row SQL: one
 * `INSERT … ON CONFLICT (customer_id) DO UPDATE` per chunk of customers and one INSERT per chunk
 * of blind-index rows, instead of Kysely's query builder — building and compiling a
 * thousand-value statement per chunk cost about as much as SQLite's own work (the audit log made
 * the same choice). The SQL text for a given chunk size is built once and reused, and chunks are
 * sized so that the text stays under the SQLite statement cache's length limit
 * (store/cached-statement-database.ts): a longer text was compiled again for every chunk.
 *
 * Staged blind indexes (`stageIndex`, SQLite imports): the digests are random, so writing a
 * large import's index rows as they come puts each one on another page of `customer_index`'s
 * B-tree — two thirds of SQLite's CPU in an import of 100,000 customers (20 of 29 µs per
 * customer), and more as the tree outgrows the page cache. Staged, the rows are appended to a
 * TEMP table (no index, its own temporary file, gone with the connection) and
 * {@link CustomerWriter.finish} inserts them all in key order with one `INSERT … SELECT … ORDER
 * BY`: SQLite sorts them (in memory up to about the main database's cache size — 256 MB during an
 * import — then as an external merge sort in temporary files) and fills the tree's pages in order. In key order the rows reach the secondary index
 * (`customer_index_customer`, by customer id) at random places instead; when the staged rows
 * are at least as many as the table held before, that index is dropped and created again from
 * its own SQL after the insert (one sort, built bottom-up), which costs less than a random
 * insert per row — for a first import of 200,000 customers it cut the final step's CPU by a
 * third. Same transaction, so a failed or killed import keeps nothing either way (SQLite DDL is
 * transactional) and readers on other connections keep seeing the old index until the commit.
 *
 * A shredded customer is never revived by a write: the conflict update is guarded by
 * `shredded_at IS NULL` (callers skip shredded ids up front; the guard covers a concurrent shred).
 */
import { CompiledQuery, sql, type Kysely } from 'kysely';
import { BLIND_INDEX_KINDS } from '../protect/blind-index.ts';
import type { Engine } from '../store/database-url.ts';
import type { Schema } from '../store/schema.ts';
import { SEALED_FIELDS, type SealedCustomer } from './customer-sealer.ts';

const CUSTOMER_COLUMNS = [
  'customer_id',
  'agent_id',
  'branch',
  'region',
  'key_version',
  'ring_version',
  'wrapped_dek',
  ...SEALED_FIELDS.map((f) => `${f}_enc`),
  'created_at',
  'updated_at',
] as const;

/** Columns a re-import replaces (everything but the id and the creation time). */
const UPDATED_COLUMNS = CUSTOMER_COLUMNS.filter((c) => c !== 'customer_id' && c !== 'created_at');

/**
 * Customers per INSERT: 19 parameters each, well below SQLite's 32,766 and PostgreSQL's 65,535;
 * the SQL text (about 10.7 KB) stays under the statement cache's 16 KB limit.
 */
export const CUSTOMER_ROWS_PER_STATEMENT = 250;
/** Blind-index rows per INSERT (3 parameters each; about 8 KB of SQL text). */
const INDEX_ROWS_PER_STATEMENT = 1_000;
/** The TEMP table staged blind-index rows wait in until {@link CustomerWriter.finish}. */
const STAGED_INDEX_TABLE = 'piguard_import_index';
/** Ids per `IN (…)` list. */
const IDS_PER_STATEMENT = 1_000;

function placeholders(engine: Engine, rows: number, columns: number): string {
  const out: string[] = [];
  let n = 1;
  for (let r = 0; r < rows; r++) {
    const cells: string[] = [];
    for (let c = 0; c < columns; c++) cells.push(engine === 'postgres' ? `$${n++}` : '?');
    out.push(`(${cells.join(',')})`);
  }
  return out.join(',');
}

/** Options of {@link CustomerWriter}. */
export interface CustomerWriterOptions {
  /**
   * Stage blind-index rows in a TEMP table and insert them in key order at
   * {@link CustomerWriter.finish} (SQLite only; see the module comment). Requires
   * {@link CustomerWriter.begin} before the first write and `finish` before the commit.
   */
  stageIndex?: boolean;
}

/**
 * Writes customers and their blind indexes inside the caller's transaction.
 *
 * @example
 * const writer = new CustomerWriter('sqlite');
 * await writer.write(trx, sealed, { updatedIds: ['C1'], now: new Date().toISOString() });
 *
 * // A large import on SQLite: blind indexes staged, inserted in key order at the end.
 * const staged = new CustomerWriter('sqlite', { stageIndex: true });
 * await staged.begin(trx);
 * for (const batch of batches) await staged.write(trx, batch, { updatedIds: [], now });
 * await staged.finish(trx);
 */
export class CustomerWriter {
  readonly #engine: Engine;
  readonly #stage: boolean;
  readonly #customerSql = new Map<number, string>();
  readonly #indexSql = new Map<number, string>();
  #staging = false;
  /** Rows staged so far, and an upper bound of the rows `customer_index` held at begin(). */
  #staged = 0;
  #indexRowsBefore = 0;

  constructor(engine: Engine, options: CustomerWriterOptions = {}) {
    if (options.stageIndex === true && engine !== 'sqlite') {
      throw new TypeError('staged blind indexes are implemented for SQLite only');
    }
    this.#engine = engine;
    this.#stage = options.stageIndex === true;
  }

  /** Creates the staging table (staged writers; a no-op otherwise). Call inside `trx`. */
  async begin(trx: Kysely<Schema>): Promise<void> {
    if (!this.#stage) return;
    // TEMP DDL is transactional: a rollback (failed or killed import) removes the table too.
    await sql
      .raw(
        `create temp table ${STAGED_INDEX_TABLE} (kind text not null, digest blob not null, customer_id text not null)`,
      )
      .execute(trx);
    // Upper bound without a scan: customers are never deleted (a shred keeps the row), so the
    // largest rowid bounds their number, and each has at most one row per blind-index kind.
    const r = await sql<{ n: number | null }>`select max(rowid) as n from customers`.execute(trx);
    this.#indexRowsBefore = Number(r.rows[0]?.n ?? 0) * BLIND_INDEX_KINDS.length;
    this.#staged = 0;
    this.#staging = true;
  }

  /**
   * Moves the staged blind-index rows into `customer_index` in key order and drops the staging
   * table (staged writers; a no-op otherwise). Call inside `trx`, after the last write.
   */
  async finish(trx: Kysely<Schema>): Promise<void> {
    if (!this.#staging) return;
    const rebuild =
      this.#staged >= this.#indexRowsBefore
        ? (
            await sql<{ name: string; sql: string }>`
              select name, sql from sqlite_master
               where type = 'index' and tbl_name = 'customer_index' and sql is not null
            `.execute(trx)
          ).rows
        : [];
    for (const index of rebuild) await sql`drop index ${sql.id(index.name)}`.execute(trx);
    await sql
      .raw(
        `insert into customer_index (kind, digest, customer_id) ` +
          `select kind, digest, customer_id from temp.${STAGED_INDEX_TABLE} order by kind, digest, customer_id`,
      )
      .execute(trx);
    for (const index of rebuild) await sql.raw(index.sql).execute(trx);
    await sql.raw(`drop table temp.${STAGED_INDEX_TABLE}`).execute(trx);
    this.#staging = false;
  }

  /**
   * Upserts `customers` and replaces the blind indexes of those in `updatedIds` (their old
   * indexes are deleted first). `now` is the ISO time written as created_at/updated_at.
   */
  async write(
    trx: Kysely<Schema>,
    customers: readonly SealedCustomer[],
    options: { updatedIds: readonly string[]; now: string },
  ): Promise<void> {
    for (let i = 0; i < options.updatedIds.length; i += IDS_PER_STATEMENT) {
      await trx
        .deleteFrom('customer_index')
        .where('customer_id', 'in', options.updatedIds.slice(i, i + IDS_PER_STATEMENT))
        .execute();
    }
    for (let i = 0; i < customers.length; i += CUSTOMER_ROWS_PER_STATEMENT) {
      const chunk = customers.slice(i, i + CUSTOMER_ROWS_PER_STATEMENT);
      const params: unknown[] = [];
      for (const c of chunk) {
        params.push(
          c.customer_id,
          c.agent_id,
          c.branch,
          c.region,
          c.key_version,
          c.ring_version,
          asBuffer(c.wrapped_dek),
        );
        for (const s of c.sealed) params.push(s === null ? null : asBuffer(s));
        params.push(options.now, options.now);
      }
      await trx.executeQuery(CompiledQuery.raw(this.#customerStatement(chunk.length), params));
    }
    if (this.#stage && !this.#staging) throw new TypeError('CustomerWriter.begin was not called');
    const index: unknown[] = [];
    let rows = 0;
    const flush = async (): Promise<void> => {
      if (rows === 0) return;
      await trx.executeQuery(CompiledQuery.raw(this.#indexStatement(rows), index.splice(0)));
      rows = 0;
    };
    if (this.#staging) {
      // Staged: appended in file order; finish() sorts them.
      for (const c of customers) {
        for (let k = 0; k < c.indexKinds.length; k++) {
          index.push(c.indexKinds[k]!, asBuffer(c.indexDigests[k]!), c.customer_id);
          this.#staged++;
          if (++rows === INDEX_ROWS_PER_STATEMENT) await flush();
        }
      }
      await flush();
      return;
    }
    // Blind-index rows in key order: the digests are random, so in file order each insert lands
    // on another page of the primary-key B-tree; sorted, consecutive inserts share the path down.
    const indexRows: { kind: string; digest: Buffer; id: string }[] = [];
    for (const c of customers) {
      for (let k = 0; k < c.indexKinds.length; k++) {
        indexRows.push({
          kind: c.indexKinds[k]!,
          digest: asBuffer(c.indexDigests[k]!),
          id: c.customer_id,
        });
      }
    }
    indexRows.sort((a, b) =>
      a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : Buffer.compare(a.digest, b.digest),
    );
    for (const r of indexRows) {
      index.push(r.kind, r.digest, r.id);
      if (++rows === INDEX_ROWS_PER_STATEMENT) await flush();
    }
    await flush();
  }

  #customerStatement(rows: number): string {
    let text = this.#customerSql.get(rows);
    if (text === undefined) {
      text =
        `insert into customers (${CUSTOMER_COLUMNS.join(', ')}) values ` +
        placeholders(this.#engine, rows, CUSTOMER_COLUMNS.length) +
        ` on conflict (customer_id) do update set ` +
        UPDATED_COLUMNS.map((c) => `${c} = excluded.${c}`).join(', ') +
        ` where customers.shredded_at is null`;
      this.#customerSql.set(rows, text);
    }
    return text;
  }

  #indexStatement(rows: number): string {
    // One writer is either staged or not for all its writes, so the cache needs no table key.
    let text = this.#indexSql.get(rows);
    if (text === undefined) {
      const table = this.#staging ? `temp.${STAGED_INDEX_TABLE}` : 'customer_index';
      text =
        `insert into ${table} (kind, digest, customer_id) values ` +
        placeholders(this.#engine, rows, 3);
      this.#indexSql.set(rows, text);
    }
    return text;
  }
}

/** Worker threads hand back Uint8Arrays; drivers bind Buffers as blobs/bytea. */
function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
}
