/**
 * Loads the access history trace tests against: every (customer, actor) pair of
 * `access_event_customers` before the leak was seen, streamed into an {@link AccessIndex}, plus
 * the vault's size (customers nobody accessed are the null model's "never accessed" stratum).
 * Refused accesses are not in `access_event_customers` with a customer shown; every row there is
 * an access that happened.
 */
import type { Kysely } from 'kysely';
import type { Engine } from '../store/database-url.ts';
import type { Schema } from '../store/schema.ts';
import { AccessIndexBuilder, type AccessIndex } from './access-index.ts';

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
): Promise<AccessIndex> {
  const builder = new AccessIndexBuilder();
  let n = 0;
  const add = (row: { customer_id: string; actor: string }): void => {
    builder.add(row.customer_id, row.actor);
    if (++n % 1_000_000 === 0) onProgress?.(n);
  };
  if (engine === 'sqlite') {
    // better-sqlite3 iterates a statement without materialising it.
    const stream = db
      .selectFrom('access_event_customers')
      .select(['customer_id', 'actor'])
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
