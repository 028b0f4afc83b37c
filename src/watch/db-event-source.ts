/**
 * The database adapter of watch: staff and the customers' books as a {@link WatchDirectory}, and
 * the access-event index (access_events + access_event_customers) read by audit-index ranges on
 * both engines (keyset pagination: no cursor support needed, constant memory).
 *
 * On an SQLite file, {@link feedEvents} reads through a second, read-only better-sqlite3
 * connection (WAL allows it) and fetches each page of events as ONE string (group_concat with
 * the ASCII unit and record separators, sqlite-event-pages.ts), which it walks by position: at
 * 20 M events, a value per column per row crossing into JavaScript costs more than everything
 * watch does with it. Long reads fetch the pages in a worker thread (sqlite-page-reader.ts),
 * which also turns headers and customer ids into small integers for sinks that take them. Only
 * the columns are relied on (no particular index beyond the audit index order). PostgreSQL, and
 * in-memory SQLite, go through Kysely.
 */
import { availableParallelism } from 'node:os';
import type { Kysely } from 'kysely';
import type { Schema } from '../store/schema.ts';
import type { WatchCustomer, WatchDirectory, WatchEvent, WatchStaff } from './watch-types.ts';
import { sqliteFile } from '../store/sqlite-file.ts';
import {
  branchOf,
  eventRange,
  FIELDS_PER_LINE,
  SqliteEventPages,
  UNIT,
  GROUP,
  type EventPage,
  type InternedPage,
  type RawDatabase,
  type RawRow,
} from './sqlite-event-pages.ts';
import { workerPages } from './sqlite-page-reader.ts';
import { EVENT_PAGE } from './sqlite-event-pages.ts';

/** Where {@link feedEvents} delivers events: the engine's event-object-free entry. */
export interface EventSink {
  addEvent(
    ts: string,
    actor: string,
    action: string,
    source: string | null,
    role: string | null,
    branch: string | null,
    outcome: string | null,
    /**
     * The event's purpose. The SQLite fast path gives it only for events without an outcome
     * (null otherwise): watch reads the purpose only of reads that led to no outcome.
     */
    purpose?: string | null,
  ): boolean;
  addCustomer(customer: string): void;
  /** The same as `addCustomer(text.slice(start, end))`, for sinks that can look ids up in place. */
  addCustomerAt?(text: string, start: number, end: number): void;
  /**
   * Optional pair: the sink's number for customer `name`, and adding a customer by that number
   * (the same as `addCustomer(name)`). The reader then looks each distinct id up only once.
   */
  customerRef?(name: string): number;
  addCustomerRef?(ref: number): void;
}

export { EVENT_PAGE };

/** The directory's tables: staff, customers (agent, region), and who holds a book. */
export interface DirectoryTables {
  staff: Map<string, WatchStaff>;
  customers: Map<string, WatchCustomer>;
  books: Set<string>;
}

/**
 * Loads staff and the customers' agent and region: every customer, or only `customers` (the
 * incremental run needs the few thousand an hour touched, not a million).
 *
 * @example
 * const directory = await loadDirectory(db);
 */
export async function loadDirectory(
  db: Kysely<Schema>,
  options: { customers?: Iterable<string> } = {},
): Promise<WatchDirectory> {
  const file = options.customers ? undefined : await sqliteFile(db);
  if (file !== undefined) return sqliteDirectory(db, file);
  return directoryOf(await loadDirectoryTables(db, options));
}

/**
 * Every customer of an SQLite file, listed to the engine in one raw pass (WatchDirectory's
 * `eachCustomer`) instead of through a map of a million objects looked up one at a time.
 */
async function sqliteDirectory(db: Kysely<Schema>, file: string): Promise<WatchDirectory> {
  const staff = await loadStaff(db);
  const { default: BetterSqlite3 } = await import('better-sqlite3');
  const books = new Set<string>();
  const read = <T>(f: (raw: InstanceType<typeof BetterSqlite3>) => T): T => {
    const raw = new BetterSqlite3(file, { readonly: true, fileMustExist: true });
    try {
      return f(raw);
    } finally {
      raw.close();
    }
  };
  read((raw) => {
    const agents = raw
      .prepare('select distinct agent_id from customers where agent_id is not null')
      .pluck();
    for (const a of agents.iterate() as IterableIterator<string>) books.add(a);
  });
  return {
    staff: (a) => staff.get(a),
    customer: () => undefined,
    hasBook: (a) => books.has(a),
    eachCustomer: (visit) =>
      read((raw) => {
        const rows = raw.prepare('select customer_id, agent_id, region from customers').raw();
        for (const r of rows.iterate() as IterableIterator<
          [string, string | null, string | null]
        >) {
          visit(r[0], r[1], r[2]);
        }
      }),
  };
}

/**
 * A {@link WatchDirectory} reading `tables` (which may grow afterwards: a kept session adds the
 * customers of each hour's new events).
 *
 * @example
 * const directory = directoryOf(await loadDirectoryTables(db, { customers: ['C1'] }));
 */
export function directoryOf(tables: DirectoryTables): WatchDirectory {
  const { staff, customers, books } = tables;
  return {
    staff: (a) => staff.get(a),
    customer: (c) => customers.get(c),
    hasBook: (a) => books.has(a),
  };
}

/**
 * The customers `ids` (agent, region) into `into`; unknown ids are left out.
 *
 * @example
 * await loadCustomers(db, ['C1', 'C2'], tables.customers);
 */
export async function loadCustomers(
  db: Kysely<Schema>,
  ids: Iterable<string>,
  into: Map<string, WatchCustomer>,
): Promise<void> {
  const list = [...new Set(ids)];
  for (let i = 0; i < list.length; i += 1_000) {
    const rows = await db
      .selectFrom('customers')
      .select(['customer_id', 'agent_id', 'region'])
      .where('customer_id', 'in', list.slice(i, i + 1_000))
      .execute();
    for (const r of rows) into.set(r.customer_id, { agent: r.agent_id, region: r.region });
  }
}

async function loadStaff(db: Kysely<Schema>): Promise<Map<string, WatchStaff>> {
  const staff = new Map<string, WatchStaff>();
  for (const s of await db
    .selectFrom('staff')
    .select(['staff_id', 'role', 'branch', 'team'])
    .execute()) {
    staff.set(s.staff_id, { role: s.role, branch: s.branch, team: s.team });
  }
  return staff;
}

/**
 * The tables behind {@link loadDirectory}.
 *
 * @example
 * const tables = await loadDirectoryTables(db, { customers: touched });
 */
export async function loadDirectoryTables(
  db: Kysely<Schema>,
  options: { customers?: Iterable<string> } = {},
): Promise<DirectoryTables> {
  const staff = await loadStaff(db);
  const customers = new Map<string, WatchCustomer>();
  const books = new Set<string>();
  let file: string | undefined;
  if (options.customers) {
    await loadCustomers(db, options.customers, customers);
    // Who holds a book: one pass over the agent index.
    for (const r of await db
      .selectFrom('customers')
      .select('agent_id')
      .distinct()
      .where('agent_id', 'is not', null)
      .execute()) {
      books.add(r.agent_id!);
    }
  } else if ((file = await sqliteFile(db)) !== undefined) {
    // Every customer, through a raw read-only connection: at a million customers, Kysely's row
    // objects cost more than the read.
    const { default: BetterSqlite3 } = await import('better-sqlite3');
    const raw = new BetterSqlite3(file, { readonly: true, fileMustExist: true });
    try {
      const rows = raw.prepare('select customer_id, agent_id, region from customers').raw();
      for (const r of rows.iterate() as IterableIterator<[string, string | null, string | null]>) {
        customers.set(r[0], { agent: r[1], region: r[2] });
        if (r[1]) books.add(r[1]);
      }
    } finally {
      raw.close();
    }
  } else {
    let after = '';
    for (;;) {
      const rows = await db
        .selectFrom('customers')
        .select(['customer_id', 'agent_id', 'region'])
        .where('customer_id', '>', after)
        .orderBy('customer_id')
        .limit(100_000)
        .execute();
      for (const r of rows) {
        customers.set(r.customer_id, { agent: r.agent_id, region: r.region });
        if (r.agent_id) books.add(r.agent_id);
      }
      if (rows.length < 100_000) break;
      after = rows[rows.length - 1]!.customer_id;
    }
  }
  return { staff, customers, books };
}

export interface EventStreamOptions {
  /** Only events whose `ts` string sorts at or after this (a `YYYY-MM-DD` prefix works). */
  fromTs?: string;
  /** Only events after this audit index (exclusive): what a kept session has not read yet. */
  afterIdx?: number;
  /** Only events up to this audit index (inclusive): the bound read before the events. */
  throughIdx?: number;
  /** Events per page. */
  pageSize?: number;
  /**
   * SQLite files: read the pages in a worker thread (default: when the read spans more than a
   * few pages).
   */
  worker?: boolean;
  /**
   * SQLite files, with `worker`: reader threads taking pages in turn (default: 2 when the read
   * spans many pages and the machine has two cores or more, else 1).
   */
  readers?: number;
}

/**
 * Allowed access events in audit order, one page (array) at a time. Refused requests are not
 * accesses: nothing was read.
 *
 * @example
 * for await (const page of streamEvents(db)) engine.push(page);
 */
export async function* streamEvents(
  db: Kysely<Schema>,
  options: EventStreamOptions = {},
): AsyncGenerator<WatchEvent[]> {
  const pageSize = options.pageSize ?? EVENT_PAGE;
  let after = options.afterIdx ?? -1;
  if (options.fromTs !== undefined) {
    // Start at the first event of the range through the time index, instead of walking the
    // audit index from the beginning of history (the hourly run reads a day or two of 20 M).
    const first = await db
      .selectFrom('access_events')
      .select((eb) => eb.fn.min('audit_idx').as('first'))
      .where('ts', '>=', options.fromTs)
      .executeTakeFirst();
    if (first?.first === null || first?.first === undefined) return;
    after = Math.max(after, Number(first.first) - 1);
  }
  for (;;) {
    let q = db
      .selectFrom('access_events')
      .select([
        'audit_idx',
        'ts',
        'actor',
        'action',
        'source',
        'role',
        'branch',
        'outcome',
        'purpose',
      ])
      .where('audit_idx', '>', after)
      .where('decision', '=', 'allow');
    if (options.fromTs !== undefined) q = q.where('ts', '>=', options.fromTs);
    if (options.throughIdx !== undefined) q = q.where('audit_idx', '<=', options.throughIdx);
    const rows = await q.orderBy('audit_idx').limit(pageSize).execute();
    if (rows.length === 0) return;
    const first = Number(rows[0]!.audit_idx);
    const last = Number(rows[rows.length - 1]!.audit_idx);
    const touched = await db
      .selectFrom('access_event_customers')
      .select(['audit_idx', 'customer_id'])
      .where('audit_idx', '>=', first)
      .where('audit_idx', '<=', last)
      .execute();
    const byEvent = new Map<number, string[]>();
    for (const t of touched) {
      const idx = Number(t.audit_idx);
      const list = byEvent.get(idx);
      if (list) list.push(t.customer_id);
      else byEvent.set(idx, [t.customer_id]);
    }
    const page: WatchEvent[] = [];
    for (const r of rows) {
      const customers = byEvent.get(Number(r.audit_idx));
      if (!customers) continue;
      page.push({
        ts: r.ts,
        actor: r.actor,
        action: r.action,
        customers,
        source: r.source,
        role: r.role,
        branch: r.branch,
        outcome: r.outcome,
        purpose: r.purpose,
      });
    }
    yield page;
    if (rows.length < pageSize) return;
    after = last;
  }
}

/**
 * Feeds allowed access events in audit order into `sink`, a page at a time; yields after each
 * page (the caller collects alerts, or stops). Events without customers are skipped, as in
 * {@link streamEvents}.
 *
 * @example
 * for await (const n of feedEvents(db, engine)) alerts.push(...engine.takeAlerts());
 */
export async function* feedEvents(
  db: Kysely<Schema>,
  sink: EventSink,
  options: EventStreamOptions = {},
): AsyncGenerator<number> {
  const file = await sqliteFile(db);
  if (file === undefined) {
    for await (const page of streamEvents(db, options)) yield feedObjects(page, sink);
    return;
  }
  const { default: BetterSqlite3 } = await import('better-sqlite3');
  const raw = new BetterSqlite3(file, { readonly: true, fileMustExist: true });
  try {
    // Memory-map the file for this sequential read instead of copying pages through SQLite's
    // small page cache.
    raw.pragma('mmap_size = 17179869184');
    yield* feedSqlite(file, raw, sink, options);
  } finally {
    raw.close();
  }
}

/**
 * The SQLite fast path: pages of events as strings (see {@link SqliteEventPages}), read by a
 * worker thread for long reads — SQLite's part of the work then runs on the other core, a couple
 * of pages ahead — or in this thread for short ones (the hourly run, small databases). A page
 * that does not check is read again here, row by row.
 */
async function* feedSqlite(
  file: string,
  raw: RawDatabase,
  sink: EventSink,
  options: EventStreamOptions,
): AsyncGenerator<number> {
  const range = eventRange(raw, options);
  if (range === undefined) return;
  const pageSize = options.pageSize ?? EVENT_PAGE;
  const pages = new SqliteEventPages(raw, options);
  const useWorker = options.worker ?? range.last - range.first + 1 > WORKER_MIN_PAGES * pageSize;
  const intern = useWorker && sink.customerRef !== undefined && sink.addCustomerRef !== undefined;
  const spans = Math.ceil((range.last - range.first + 1) / pageSize);
  const readers = Math.max(
    1,
    Math.floor(
      options.readers ?? (spans >= TWO_READERS_MIN_PAGES && availableParallelism() >= 2 ? 2 : 1),
    ),
  );
  const source = useWorker
    ? workerPages(file, options, range, intern, readers)
    : pages.pages(range.first, range.last);
  const headers = new HeaderTable();
  // One table of ids per reader thread (each interns on its own); with several, the sink's
  // numbers are shared through `refsByName`, so that it is still asked once per customer.
  const refsByName = readers > 1 ? new Map<string, number>() : undefined;
  const ids = Array.from({ length: readers }, () => new InternedIds(refsByName));
  for await (const page of source) {
    if (page.events === undefined) yield 0;
    else if (page.interned !== undefined) yield feedInterned(page, ids[page.reader ?? 0]!, sink);
    else if (page.index !== undefined) {
      yield feedPage(page.events, page.customers, page.index, headers, sink);
    } else yield feedRows(pages.rows(page.lo, page.hi), sink);
  }
}

/** The main thread's side of a reader thread's ids: headers, and customers as sink refs. */
class InternedIds {
  readonly headers: Header[] = [];
  refs = new Int32Array(1024);
  customers = 0;
  /** Sink refs by customer, shared with the other readers' tables (several readers only). */
  readonly #shared: Map<string, number> | undefined;

  constructor(shared?: Map<string, number>) {
    this.#shared = shared;
  }

  /** Takes the ids first given on `page`. */
  add(page: InternedPage, sink: EventSink): void {
    for (let i = 0; i < page.newHeaders.length; i++) {
      this.headers.push(parseHeader(page.newHeaders[i]!, page.newHeaderActorLengths[i]!));
    }
    for (const name of page.newCustomers) {
      if (this.customers === this.refs.length) {
        const b = new Int32Array(this.refs.length * 2);
        b.set(this.refs);
        this.refs = b;
      }
      const shared = this.#shared;
      let ref = shared?.get(name);
      if (ref === undefined) {
        ref = sink.customerRef!(name);
        shared?.set(name, ref);
      }
      this.refs[this.customers++] = ref;
    }
  }
}

/** Feeds a page interned by the reader thread; returns the number of events. */
function feedInterned(page: EventPage, ids: InternedIds, sink: EventSink): number {
  const interned = page.interned!;
  ids.add(interned, sink);
  const text = page.events!;
  const index = page.index!;
  const refs = interned.refs;
  const toSink = ids.refs;
  const headers = ids.headers;
  const lines = index.length / FIELDS_PER_LINE;
  let r = 0;
  let events = 0;
  for (let l = 0; l < lines; l++) {
    const k = l * FIELDS_PER_LINE;
    const count = index[k + 4]!;
    if (index[k + 5] === 0 || count === 0) {
      r += count;
      continue;
    }
    events++;
    const h = headers[index[k + 2]!]!;
    const ts = text.slice(index[k]!, index[k + 1]!);
    if (!sink.addEvent(ts, h.actor, h.action, h.source, h.role, h.branch, h.outcome, h.purpose)) {
      r += count;
      continue;
    }
    for (const end = r + count; r < end; r++) sink.addCustomerRef!(toSink[refs[r]!]!);
  }
  return events;
}

/** Long reads (more pages than this) go through a worker thread. */
const WORKER_MIN_PAGES = 4;
/** Reads of at least this many pages use two reader threads (on two cores or more). */
const TWO_READERS_MIN_PAGES = 16;

/** Feeds event objects (the Kysely path); returns their number. */
function feedObjects(page: readonly WatchEvent[], sink: EventSink): number {
  for (const e of page) {
    const ok = sink.addEvent(
      e.ts,
      e.actor,
      e.action,
      e.source ?? null,
      e.role ?? null,
      e.branch ?? null,
      e.outcome ?? null,
      e.purpose ?? null,
    );
    if (ok) for (const c of e.customers) sink.addCustomer(c);
  }
  return page.length;
}

/** Feeds one row per (event, customer), in audit order (the careful path); returns the events. */
function feedRows(rows: Iterable<RawRow>, sink: EventSink): number {
  let events = 0;
  let previous = -1;
  let ok = false;
  for (const r of rows) {
    // Rows of one event are adjacent.
    if (r[0] !== previous) {
      events++;
      ok = sink.addEvent(r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8]);
      previous = r[0];
    }
    if (ok) sink.addCustomer(r[9]);
  }
  return events;
}

/** The fields of an event besides its time and customers, split once per distinct combination. */
interface Header {
  /** The UNIT-separated text it was split from. */
  key: string;
  actor: string;
  action: string;
  source: string | null;
  role: string | null;
  branch: string | null;
  outcome: string | null;
  purpose: string | null;
}

/** A header from its UNIT-separated text, whose actor field is `actorLength` long. */
function parseHeader(key: string, actorLength: number): Header {
  const [, action = '', source = '', role = '', branch = '', outcome = '', purpose = ''] =
    key.split(UNIT);
  return {
    key,
    actor: key.slice(0, actorLength),
    action,
    source: source || null,
    role: role || null,
    branch: branchOf(branch),
    outcome: outcome || null,
    purpose: purpose || null,
  };
}

/**
 * Distinct (actor, action, source, role, branch, outcome) combinations seen so far, in an
 * open-addressing hash table over the header text: a header is found where it lies in the page
 * string (hashed and compared in place), and only cut out and split the first time it is seen.
 */
class HeaderTable {
  #slots: Array<Header | undefined> = new Array<Header | undefined>(1 << 10);
  #hashes = new Int32Array(1 << 10);
  #size = 0;

  /** The header at text[start, end) whose actor field ends at `actorEnd`. */
  get(text: string, start: number, actorEnd: number, end: number): Header {
    // FNV-1a over the UTF-16 code units.
    let hash = 0x811c9dc5 | 0;
    for (let i = start; i < end; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
    const slots = this.#slots;
    const mask = slots.length - 1;
    const len = end - start;
    let i = hash & mask;
    for (let h = slots[i]; h !== undefined; h = slots[i]) {
      if (this.#hashes[i] === hash && h.key.length === len && text.startsWith(h.key, start)) {
        return h;
      }
      i = (i + 1) & mask;
    }
    const h = parseHeader(text.slice(start, end), actorEnd - start);
    slots[i] = h;
    this.#hashes[i] = hash;
    if (++this.#size * 2 > slots.length) this.#grow();
    return h;
  }

  #grow(): void {
    const old = this.#slots;
    const oldHashes = this.#hashes;
    this.#slots = new Array<Header | undefined>(old.length * 2);
    this.#hashes = new Int32Array(old.length * 2);
    const mask = this.#slots.length - 1;
    for (let k = 0; k < old.length; k++) {
      const h = old[k];
      if (h === undefined) continue;
      let i = oldHashes[k]! & mask;
      while (this.#slots[i] !== undefined) i = (i + 1) & mask;
      this.#slots[i] = h;
      this.#hashes[i] = oldHashes[k]!;
    }
  }
}

/** Feeds the lines of a checked page (see {@link indexPage}); returns the number of events. */
function feedPage(
  text: string,
  customers: string,
  index: Int32Array,
  headers: HeaderTable,
  sink: EventSink,
): number {
  const lines = index.length / FIELDS_PER_LINE;
  const at = sink.addCustomerAt;
  let c = 0;
  let events = 0;
  for (let l = 0; l < lines; l++) {
    const k = l * FIELDS_PER_LINE;
    const count = index[k + 4]!;
    if (index[k + 5] === 0 || count === 0) {
      // Refused (nothing was read), or no customers: skip its customers.
      for (let i = 0; i < count; i++) c = nextId(customers, c);
      continue;
    }
    events++;
    const tsEnd = index[k + 1]!;
    const h = headers.get(text, tsEnd + 1, index[k + 2]!, index[k + 3]!);
    const ts = text.slice(index[k]!, tsEnd);
    if (!sink.addEvent(ts, h.actor, h.action, h.source, h.role, h.branch, h.outcome, h.purpose)) {
      for (let i = 0; i < count; i++) c = nextId(customers, c);
      continue;
    }
    if (at !== undefined) {
      for (let i = 0; i < count; i++) {
        const next = nextId(customers, c);
        at.call(sink, customers, c, next - 1);
        c = next;
      }
    } else {
      for (let i = 0; i < count; i++) {
        const next = nextId(customers, c);
        sink.addCustomer(customers.slice(c, next - 1));
        c = next;
      }
    }
  }
  return events;
}

/** The start of the id after the one starting at `at` (one past the end of the string). */
function nextId(customers: string, at: number): number {
  const g = customers.indexOf(GROUP, at);
  return (g < 0 ? customers.length : g) + 1;
}
