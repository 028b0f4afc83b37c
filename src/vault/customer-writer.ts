/**
 * Writes sealed customers (customer-sealer.ts) with pre-built multi-row SQL: one
 * `INSERT … ON CONFLICT (customer_id) DO UPDATE` per chunk of customers and one INSERT per chunk
 * of blind-index rows, instead of Kysely's query builder — building and compiling a
 * thousand-value statement per chunk cost about as much as SQLite's own work (the audit log made
 * the same choice). The SQL text for a given chunk size is built once and reused.
 *
 * A shredded customer is never revived by a write: the conflict update is guarded by
 * `shredded_at IS NULL` (callers skip shredded ids up front; the guard covers a concurrent shred).
 */
import { CompiledQuery, type Kysely } from 'kysely';
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

/** Customers per INSERT: 18 parameters each, well below SQLite's 32,766 and PostgreSQL's 65,535. */
export const CUSTOMER_ROWS_PER_STATEMENT = 500;
/** Blind-index rows per INSERT (3 parameters each). */
const INDEX_ROWS_PER_STATEMENT = 2_000;
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

/**
 * Writes customers and their blind indexes inside the caller's transaction.
 *
 * @example
 * const writer = new CustomerWriter('sqlite');
 * await writer.write(trx, sealed, { updatedIds: ['C1'], now: new Date().toISOString() });
 */
export class CustomerWriter {
  readonly #engine: Engine;
  readonly #customerSql = new Map<number, string>();
  readonly #indexSql = new Map<number, string>();

  constructor(engine: Engine) {
    this.#engine = engine;
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
    const index: unknown[] = [];
    let rows = 0;
    const flush = async (): Promise<void> => {
      if (rows === 0) return;
      await trx.executeQuery(CompiledQuery.raw(this.#indexStatement(rows), index.splice(0)));
      rows = 0;
    };
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
    let text = this.#indexSql.get(rows);
    if (text === undefined) {
      text =
        'insert into customer_index (kind, digest, customer_id) values ' +
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
