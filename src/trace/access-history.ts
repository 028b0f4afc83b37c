/**
 * Loads the access history trace tests against: every (customer, actor) pair of
 * `access_event_customers` before the leak was seen, streamed into an {@link AccessIndex}, plus
 * the vault's size (customers nobody accessed are the null model's "never accessed" stratum).
 * Refused accesses are not in `access_event_customers` with a customer shown; every row there is
 * an access that happened.
 */
import { sql, type Kysely } from 'kysely';
import type { Engine } from '../store/database-url.ts';
import type { Schema } from '../store/schema.ts';
import { AccessIndexBuilder, type AccessIndex } from './access-index.ts';

/** The file of an SQLite database, or undefined for an in-memory one. */
async function sqliteFile(db: Kysely<Schema>): Promise<string | undefined> {
  const { rows } = await sql<{ file: string }>`select file from pragma_database_list where name = 'main'`.execute(db);
  const file = rows[0]?.file;
  return file ? file : undefined;
}

/** Rows fetched per round trip while streaming. */
const STREAM_CHUNK = 20_000;

/**
 * @example
 * const index = await loadAccessHistory(db, '2026-01-01T00:00:00.000Z', undefined, 'postgres');
 */
export async function loadAccessHistory(
  db: Kysely<Schema>,
  seenAt: string,
  onProgress?: (rows: number) => void,
  engine: Engine = 'sqlite',
  withTimes = false,
): Promise<AccessIndex> {
  const builder = new AccessIndexBuilder();
  let n = 0;
  const add = (row: { customer_id: string; actor: string; ts?: string }): void => {
    builder.add(row.customer_id, row.actor, row.ts !== undefined ? Date.parse(row.ts) : undefined);
    if (++n % 1_000_000 === 0) onProgress?.(n);
  };
  const file = engine === 'sqlite' ? await sqliteFile(db) : undefined;
  if (file !== undefined) {
    // A second, read-only connection on the same file (WAL allows it), iterated in raw mode:
    // at 20 M rows the query builder's per-row objects cost more than the read itself.
    const { default: BetterSqlite3 } = await import('better-sqlite3');
    const raw = new BetterSqlite3(file, { readonly: true, fileMustExist: true });
    try {
      const columns = withTimes ? 'customer_id, actor, ts' : 'customer_id, actor';
      const stmt = raw
        .prepare(`select ${columns} from access_event_customers where ts < ?`)
        .raw(true);
      for (const r of stmt.iterate(seenAt) as IterableIterator<string[]>) {
        builder.add(r[0]!, r[1]!, withTimes ? Date.parse(r[2]!) : undefined);
        if (++n % 1_000_000 === 0) onProgress?.(n);
      }
    } finally {
      raw.close();
    }
  } else if (engine === 'sqlite') {
    // In-memory database: only this connection can see it.
    const stream = db
      .selectFrom('access_event_customers')
      .select(['customer_id', 'actor'])
      .$if(withTimes, (qb) => qb.select('ts'))
      .where('ts', '<', seenAt)
      .stream(STREAM_CHUNK);
    for await (const row of stream) add(row);
  } else {
    // PostgreSQL without a cursor driver: keyset pages over the primary key.
    let after: { audit_idx: number; customer_id: string } | undefined;
    for (;;) {
      let q = db
        .selectFrom('access_event_customers')
        .select(['audit_idx', 'customer_id', 'actor'])
        .$if(withTimes, (qb) => qb.select('ts'))
        .where('ts', '<', seenAt);
      if (after !== undefined) {
        const { audit_idx, customer_id } = after;
        q = q.where((eb) =>
          eb.or([
            eb('audit_idx', '>', audit_idx),
            eb.and([eb('audit_idx', '=', audit_idx), eb('customer_id', '>', customer_id)]),
          ]),
        );
      }
      const page = await q.orderBy('audit_idx').orderBy('customer_id').limit(STREAM_CHUNK).execute();
      for (const row of page) add(row);
      if (page.length < STREAM_CHUNK) break;
      const last = page[page.length - 1]!;
      after = { audit_idx: Number(last.audit_idx), customer_id: last.customer_id };
    }
  }
  const { count } = await db
    .selectFrom('customers')
    .select((eb) => eb.fn.countAll<number | string>().as('count'))
    .executeTakeFirstOrThrow();
  return builder.build(Number(count));
}
