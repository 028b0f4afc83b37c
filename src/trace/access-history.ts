/**
 * Loads the access history trace tests against: every (customer, actor) pair of the access-event
 * index before the leak was seen, as an {@link AccessIndex}, plus the vault's size (customers
 * nobody accessed are the null model's "never accessed" stratum). Refused accesses name no
 * customer in the index; every reference there is an access that happened.
 *
 * On an SQLite file the history is read from the two covering indexes of the lean layout
 * (migration 0007) instead of row by row: `access_events (actor, ts)` gives each actor's event
 * numbers before `seenAt`, `access_event_refs (customer_id)` each customer's event numbers. The
 * index is then built customer by customer with typed arrays — no per-reference strings, maps or
 * global sort (at 20 M references those were ~85% of the time).
 */
import type { Kysely } from 'kysely';
import type { Engine } from '../store/database-url.ts';
import type { Schema } from '../store/schema.ts';
import { AccessIndex, AccessIndexBuilder } from './access-index.ts';
import { sqliteFile } from '../store/sqlite-file.ts';

/** Rows fetched per round trip while streaming. */
const STREAM_CHUNK = 20_000;

/** Customers per round trip on the SQLite fast path. */
const CUSTOMER_PAGE = 20_000;

async function vaultSize(db: Kysely<Schema>): Promise<number> {
  const { count } = await db
    .selectFrom('customers')
    .select((eb) => eb.fn.countAll<number | string>().as('count'))
    .executeTakeFirstOrThrow();
  return Number(count);
}

/**
 * Calls `each` for every non-negative integer in a comma-separated list (group_concat output),
 * without allocating substrings.
 */
function forEachInt(text: string, each: (n: number) => void): void {
  let n = -1;
  for (let i = 0; i < text.length; i++) {
    const d = text.charCodeAt(i) - 48;
    if (d >= 0 && d <= 9) n = n < 0 ? d : n * 10 + d;
    else if (n >= 0) {
      each(n);
      n = -1;
    }
  }
  if (n >= 0) each(n);
}

/** Typed array that grows by doubling. */
class Grow<T extends Uint32Array | Float64Array> {
  length = 0;
  constructor(
    public data: T,
    readonly make: (n: number) => T,
  ) {}
  push(v: number): void {
    if (this.length === this.data.length) {
      const next = this.make(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }
}

/**
 * The SQLite fast path over a second, read-only connection on the file (WAL lets it read the
 * last committed state while the writer goes on).
 */
async function loadFromSqliteFile(
  file: string,
  seenAt: string,
  withTimes: boolean,
  universe: number,
  onProgress?: (rows: number) => void,
): Promise<AccessIndex> {
  const { default: BetterSqlite3 } = await import('better-sqlite3');
  const raw = new BetterSqlite3(file, { readonly: true, fileMustExist: true });
  // Memory-map the file for these sequential index scans: pages are read in place instead of
  // copied through SQLite's small page cache.
  raw.pragma('mmap_size = 17179869184');
  try {
    // One snapshot for both reads: an import committing in between cannot pair new references
    // with an event list read before it.
    raw.exec('begin');
    const max = raw.prepare('select max(audit_idx) from access_events').pluck().get();
    const events = typeof max === 'number' ? max + 1 : 0;
    // Actor (index) of every event before seenAt, -1 for the others; its time when asked.
    const actorOf = new Int32Array(events).fill(-1);
    const timeOf = withTimes ? new Float64Array(events) : undefined;
    const actors: string[] = [];
    const perActor = raw
      .prepare(
        withTimes
          ? "select actor, group_concat(audit_idx || ',' || cast(round(unixepoch(ts, 'subsec') * 1000) as integer)) " +
              'from access_events where ts < ? group by actor order by actor'
          : 'select actor, group_concat(audit_idx) from access_events where ts < ? ' +
              'group by actor order by actor',
      )
      .raw();
    for (const row of perActor.iterate(seenAt) as IterableIterator<[string, string]>) {
      const a = actors.length;
      actors.push(row[0]);
      if (timeOf) {
        let idx = -1;
        forEachInt(row[1], (n) => {
          if (idx < 0) idx = n;
          else {
            actorOf[idx] = a;
            timeOf[idx] = n;
            idx = -1;
          }
        });
      } else {
        forEachInt(row[1], (idx) => {
          actorOf[idx] = a;
        });
      }
    }
    // Customers in id order, each with its event numbers; pairs de-duplicated per customer.
    const customers: string[] = [];
    const offsets = new Grow(new Uint32Array(1024), (n) => new Uint32Array(n));
    offsets.push(0);
    const actorsOf = new Grow(new Uint32Array(1 << 16), (n) => new Uint32Array(n));
    const firstSeen = withTimes
      ? new Grow(new Float64Array(1 << 16), (n) => new Float64Array(n))
      : undefined;
    const counts = new Grow(new Uint32Array(1024), (n) => new Uint32Array(n));
    const stamp = new Int32Array(Math.max(1, actors.length)).fill(-1);
    const earliest = new Float64Array(Math.max(1, actors.length));
    const mine: number[] = [];
    // A page of customers crosses into JavaScript as ONE string, `id<US>idx,idx…<RS>id<US>…`:
    // per-row values cost more than the scan itself at a million customers.
    const page = raw
      .prepare(
        'select group_concat(customer_id || char(31) || ids, char(30)), max(customer_id) from (' +
          'select customer_id, group_concat(audit_idx) as ids from access_event_refs ' +
          'where customer_id > ? group by customer_id order by customer_id limit ?)',
      )
      .raw();
    let after = '';
    let references = 0;
    let nextReport = 1_000_000;
    for (;;) {
      const [text, last] = page.get(after, CUSTOMER_PAGE) as [string | null, string | null];
      if (text === null || last === null) break;
      let at = 0;
      while (at < text.length) {
        const sep = text.indexOf('\u001f', at);
        let end = text.indexOf('\u001e', sep);
        if (end < 0) end = text.length;
        const c = customers.length;
        let n = 0;
        mine.length = 0;
        let idx = -1;
        for (let i = sep + 1; i <= end; i++) {
          const d = i < end ? text.charCodeAt(i) - 48 : -1;
          if (d >= 0 && d <= 9) {
            idx = idx < 0 ? d : idx * 10 + d;
            continue;
          }
          if (idx < 0) continue;
          const a = idx < events ? actorOf[idx]! : -1;
          const t = timeOf !== undefined && a >= 0 ? timeOf[idx]! : 0;
          idx = -1;
          if (a < 0) continue;
          n++;
          if (stamp[a] !== c) {
            stamp[a] = c;
            mine.push(a);
            earliest[a] = t;
          } else if (t < earliest[a]!) earliest[a] = t;
        }
        if (n > 0) {
          customers.push(text.slice(at, sep));
          if (mine.length > 1) mine.sort((x, y) => x - y);
          for (const a of mine) {
            actorsOf.push(a);
            firstSeen?.push(earliest[a]!);
          }
          offsets.push(actorsOf.length);
          counts.push(n);
          references += n;
        }
        at = end + 1;
      }
      if (references >= nextReport) {
        onProgress?.(references);
        nextReport = (Math.floor(references / 1_000_000) + 1) * 1_000_000;
      }
      after = last;
    }
    raw.exec('commit');
    return new AccessIndex(
      customers,
      actors,
      offsets.data.slice(0, offsets.length),
      actorsOf.data.slice(0, actorsOf.length),
      counts.data.slice(0, counts.length),
      Math.max(universe, customers.length),
      firstSeen?.data.slice(0, firstSeen.length),
    );
  } finally {
    raw.close();
  }
}

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
  const file = engine === 'sqlite' ? await sqliteFile(db) : undefined;
  if (file !== undefined) {
    return loadFromSqliteFile(file, seenAt, withTimes, await vaultSize(db), onProgress);
  }
  const builder = new AccessIndexBuilder();
  let n = 0;
  const add = (row: { customer_id: string; actor: string; ts?: string }): void => {
    builder.add(row.customer_id, row.actor, row.ts !== undefined ? Date.parse(row.ts) : undefined);
    if (++n % 1_000_000 === 0) onProgress?.(n);
  };
  if (engine === 'sqlite') {
    // In-memory database: only this connection can see it.
    const stream = db
      .selectFrom('access_event_refs as r')
      .innerJoin('access_events as e', 'e.audit_idx', 'r.audit_idx')
      .select(['r.customer_id', 'e.actor'])
      .$if(withTimes, (qb) => qb.select('e.ts'))
      .where('e.ts', '<', seenAt)
      .stream(STREAM_CHUNK);
    for await (const row of stream) add(row);
  } else {
    // PostgreSQL without a cursor driver: keyset pages over the refs' primary key.
    let after: { audit_idx: number; customer_id: string } | undefined;
    for (;;) {
      let q = db
        .selectFrom('access_event_refs as r')
        .innerJoin('access_events as e', 'e.audit_idx', 'r.audit_idx')
        .select(['r.audit_idx', 'r.customer_id', 'e.actor'])
        .$if(withTimes, (qb) => qb.select('e.ts'))
        .where('e.ts', '<', seenAt);
      if (after !== undefined) {
        const { audit_idx, customer_id } = after;
        q = q.where((eb) =>
          eb.or([
            eb('r.audit_idx', '>', audit_idx),
            eb.and([eb('r.audit_idx', '=', audit_idx), eb('r.customer_id', '>', customer_id)]),
          ]),
        );
      }
      const page = await q
        .orderBy('r.audit_idx')
        .orderBy('r.customer_id')
        .limit(STREAM_CHUNK)
        .execute();
      for (const row of page) add(row);
      if (page.length < STREAM_CHUNK) break;
      const last = page[page.length - 1]!;
      after = { audit_idx: Number(last.audit_idx), customer_id: last.customer_id };
    }
  }
  return builder.build(await vaultSize(db));
}
