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
  const { rows } = await sql<{
    file: string;
  }>`select file from pragma_database_list where name = 'main'`.execute(db);
  const file = rows[0]?.file;
  return file ? file : undefined;
}

/** Rowids per page on the SQLite fast path. */
const SQLITE_PAGE = 100_000;

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
    // A second, read-only connection on the same file (WAL allows it). Rows cross into
    // JavaScript a page of rowids at a time as ONE string (group_concat with the ASCII unit and
    // record separators): at 20 M rows, per-row values cost three times more than the read.
    const { default: BetterSqlite3 } = await import('better-sqlite3');
    const raw = new BetterSqlite3(file, { readonly: true, fileMustExist: true });
    // Memory-map the file for this one sequential scan: pages are read in place instead of
    // copied through SQLite's small page cache (a 20 M-row table is gigabytes).
    raw.pragma('mmap_size = 17179869184');
    try {
      const max = raw.prepare('select max(rowid) from access_event_customers').pluck().get();
      const fields = withTimes
        ? 'customer_id || char(31) || actor || char(31) || ts'
        : 'customer_id || char(31) || actor';
      const page = raw
        .prepare(
          `select group_concat(${fields}, char(30)) from access_event_customers ` +
            'where rowid > ? and rowid <= ? and ts < ?',
        )
        .pluck();
      const last = typeof max === 'number' ? max : 0;
      for (let lo = 0; lo < last; lo += SQLITE_PAGE) {
        const text = page.get(lo, lo + SQLITE_PAGE, seenAt);
        if (typeof text !== 'string') continue;
        let at = 0;
        while (at < text.length) {
          let end = text.indexOf('\u001e', at);
          if (end < 0) end = text.length;
          const sep = text.indexOf('\u001f', at);
          if (withTimes) {
            const sep2 = text.indexOf('\u001f', sep + 1);
            builder.add(
              text.slice(at, sep),
              text.slice(sep + 1, sep2),
              Date.parse(text.slice(sep2 + 1, end)),
            );
          } else {
            builder.add(text.slice(at, sep), text.slice(sep + 1, end));
          }
          if (++n % 1_000_000 === 0) onProgress?.(n);
          at = end + 1;
        }
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
      const page = await q
        .orderBy('audit_idx')
        .orderBy('customer_id')
        .limit(STREAM_CHUNK)
        .execute();
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
