/**
 * The database adapter of watch: staff and the customers' books as a {@link WatchDirectory}, and
 * the access-event index (access_events + access_event_customers) read by audit-index ranges on
 * both engines (keyset pagination: no cursor support needed, constant memory).
 *
 * On an SQLite file, {@link feedEvents} reads through a second, read-only better-sqlite3
 * connection (WAL allows it) and fetches each page of events as ONE string (group_concat with
 * the ASCII unit and record separators), which it walks by position: at 20 M events, a value per
 * column per row crossing into JavaScript costs more than everything watch does with it. Only
 * the columns are relied on (no particular index beyond the audit index order). PostgreSQL, and
 * in-memory SQLite, go through Kysely.
 */
import type { Kysely } from 'kysely';
import type { Schema } from '../store/schema.ts';
import type { WatchCustomer, WatchDirectory, WatchEvent, WatchStaff } from './watch-types.ts';
import { sqliteFile } from '../store/sqlite-file.ts';

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
  ): boolean;
  addCustomer(customer: string): void;
}

/** Events per page. */
export const EVENT_PAGE = 50_000;

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
  const staff = new Map<string, WatchStaff>();
  for (const s of await db
    .selectFrom('staff')
    .select(['staff_id', 'role', 'branch', 'team'])
    .execute()) {
    staff.set(s.staff_id, { role: s.role, branch: s.branch, team: s.team });
  }
  const customers = new Map<string, WatchCustomer>();
  const books = new Set<string>();
  let file: string | undefined;
  if (options.customers) {
    const ids = [...new Set(options.customers)];
    for (let i = 0; i < ids.length; i += 1_000) {
      const rows = await db
        .selectFrom('customers')
        .select(['customer_id', 'agent_id', 'region'])
        .where('customer_id', 'in', ids.slice(i, i + 1_000))
        .execute();
      for (const r of rows) customers.set(r.customer_id, { agent: r.agent_id, region: r.region });
    }
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
  return {
    staff: (a) => staff.get(a),
    customer: (c) => customers.get(c),
    hasBook: (a) => books.has(a),
  };
}

export interface EventStreamOptions {
  /** Only events whose `ts` string sorts at or after this (a `YYYY-MM-DD` prefix works). */
  fromTs?: string;
  /** Events per page. */
  pageSize?: number;
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
  let after = -1;
  if (options.fromTs !== undefined) {
    // Start at the first event of the range through the time index, instead of walking the
    // audit index from the beginning of history (the hourly run reads a day or two of 20 M).
    const first = await db
      .selectFrom('access_events')
      .select((eb) => eb.fn.min('audit_idx').as('first'))
      .where('ts', '>=', options.fromTs)
      .executeTakeFirst();
    if (first?.first === null || first?.first === undefined) return;
    after = Number(first.first) - 1;
  }
  for (;;) {
    let q = db
      .selectFrom('access_events')
      .select(['audit_idx', 'ts', 'actor', 'action', 'source', 'role', 'branch', 'outcome'])
      .where('audit_idx', '>', after)
      .where('decision', '=', 'allow');
    if (options.fromTs !== undefined) q = q.where('ts', '>=', options.fromTs);
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
      });
    }
    yield page;
    if (rows.length < pageSize) return;
    after = last;
  }
}

/** Separators inside a page string (see {@link feedEvents}). */
const UNIT = '\u001f';
const RECORD = '\u001e';
const GROUP = '\u001d';

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
    yield* feedSqlite(raw, sink, options);
  } finally {
    raw.close();
  }
}

/** The part of better-sqlite3's Database that {@link feedSqlite} uses. */
interface RawDatabase {
  prepare(source: string): {
    raw(toggle?: boolean): {
      get(...params: unknown[]): unknown;
      iterate(...params: unknown[]): IterableIterator<unknown>;
    };
  };
}

/**
 * The SQLite fast path. Per page of audit indexes, two strings: the events (one line per event,
 * RECORD-separated: ts, actor, action, source, role, branch, outcome, number of customers,
 * allowed? — UNIT-separated; null fields as '') and the customers of the same range
 * (GROUP-separated, in audit order), walked side by side using each event's count. Ids may
 * legally contain the separators, so the query counts event lines with a RECORD in their data,
 * every line's structure is checked, and the customers must add up to the counts; a page that
 * fails is read again row by row.
 */
async function* feedSqlite(
  raw: RawDatabase,
  sink: EventSink,
  options: EventStreamOptions,
): AsyncGenerator<number> {
  const pageSize = options.pageSize ?? EVENT_PAGE;
  const from = options.fromTs !== undefined ? ' and e.ts >= ?' : '';
  const fromArgs = options.fromTs !== undefined ? [options.fromTs] : [];
  const bounds = raw
    .prepare(`select min(e.audit_idx), max(e.audit_idx) from access_events e where 1 = 1${from}`)
    .raw()
    .get(...fromArgs) as [number | bigint | null, number | bigint | null];
  if (bounds[0] === null || bounds[1] === null) return;
  const line = `e.ts || char(31) || e.actor || char(31) || e.action || char(31) ||
      ifnull(e.source, '') || char(31) || ifnull(e.role, '') || char(31) ||
      ifnull(e.branch, '') || char(31) || ifnull(e.outcome, '') || char(31) ||
      e.customers || char(31) || (e.decision = 'allow')`;
  const range = 'e.audit_idx >= ? and e.audit_idx < ?';
  const eventsPage = raw
    .prepare(
      `select group_concat(line, char(30)), sum(instr(line, char(30)) > 0) from (
         select ${line} as line from access_events e where ${range}${from}
         order by e.audit_idx)`,
    )
    .raw();
  // With a time bound, only the customers of events in it (the hourly run reads a day or two).
  const customersPage = raw
    .prepare(
      options.fromTs === undefined
        ? `select group_concat(customer_id, char(29)) from (
             select c.customer_id from access_event_customers c
             where c.audit_idx >= ? and c.audit_idx < ? order by c.audit_idx)`
        : `select group_concat(customer_id, char(29)) from (
             select c.customer_id from access_events e
             join access_event_customers c on c.audit_idx = e.audit_idx
             where ${range}${from} order by e.audit_idx)`,
    )
    .raw();
  const rows = raw
    .prepare(
      `select e.audit_idx, e.ts, e.actor, e.action, e.source, e.role, e.branch, e.outcome,
              c.customer_id
       from access_events e join access_event_customers c on c.audit_idx = e.audit_idx
       where ${range}${from} and e.decision = 'allow'
       order by e.audit_idx`,
    )
    .raw();
  const headers = new HeaderTable();
  const last = Number(bounds[1]);
  for (let lo = Number(bounds[0]); lo <= last; lo += pageSize) {
    const args: Array<number | string> = [lo, lo + pageSize, ...fromArgs];
    const [events, bad] = eventsPage.get(...args) as [string | null, number | null];
    if (typeof events !== 'string') {
      yield 0;
      continue;
    }
    const [customers] = customersPage.get(...args) as [string | null];
    const index = bad ? undefined : indexPage(events, customers ?? '');
    yield index
      ? feedPage(events, customers ?? '', index, headers, sink)
      : feedRows(rows.iterate(...args) as Iterable<RawRow>, sink);
  }
}

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
    );
    if (ok) for (const c of e.customers) sink.addCustomer(c);
  }
  return page.length;
}

type RawRow = [
  number,
  string,
  string,
  string,
  string | null,
  string | null,
  string | null,
  string | null,
  string,
];

/** Feeds one row per (event, customer), in audit order (the careful path); returns the events. */
function feedRows(rows: Iterable<RawRow>, sink: EventSink): number {
  let events = 0;
  let previous = -1;
  let ok = false;
  for (const r of rows) {
    // Rows of one event are adjacent.
    if (r[0] !== previous) {
      events++;
      ok = sink.addEvent(r[1], r[2], r[3], r[4], r[5], r[6], r[7]);
      previous = r[0];
    }
    if (ok) sink.addCustomer(r[8]);
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
}

/**
 * Distinct (actor, action, source, role, branch, outcome) combinations seen so far. An actor's
 * events mostly repeat one combination, so the actor's last one is compared in place first (one
 * short slice for the actor, no hashing of the whole header).
 */
class HeaderTable {
  readonly #byKey = new Map<string, Header>();
  readonly #lastOfActor = new Map<string, Header>();

  /** The header at text[start, end) whose actor field ends at `actorEnd`. */
  get(text: string, start: number, actorEnd: number, end: number): Header {
    const actor = text.slice(start, actorEnd);
    const last = this.#lastOfActor.get(actor);
    if (last !== undefined && last.key.length === end - start && text.startsWith(last.key, start)) {
      return last;
    }
    const key = text.slice(start, end);
    let h = this.#byKey.get(key);
    if (h === undefined) {
      const [, action = '', source = '', role = '', branch = '', outcome = ''] = key.split(UNIT);
      h = {
        key,
        actor,
        action,
        source: source || null,
        role: role || null,
        branch: branch || null,
        outcome: outcome || null,
      };
      this.#byKey.set(key, h);
    }
    this.#lastOfActor.set(actor, h);
    return h;
  }
}

/** Per event line: start, end of ts, end of actor, end of header, count, allowed (0/1). */
const FIELDS_PER_LINE = 6;

/**
 * Finds every event line's fields and checks the page: nine UNIT-separated fields per line, a
 * decimal count, an allowed flag of 0 or 1, and as many customers (GROUP-separated) as the
 * counts add up to. Undefined when it does not check: read the page by rows.
 */
function indexPage(text: string, customers: string): Int32Array | undefined {
  const end = text.length;
  let index = new Int32Array(1024 * FIELDS_PER_LINE);
  let lines = 0;
  let at = 0;
  let total = 0;
  let nextUnit = text.indexOf(UNIT);
  while (at < end) {
    let lineEnd = text.indexOf(RECORD, at);
    if (lineEnd < 0) lineEnd = end;
    // Eight UNITs, all inside the line: after ts, actor, …, outcome, count.
    const tsEnd = nextUnit;
    if (tsEnd < 0 || tsEnd >= lineEnd) return undefined;
    const actorEnd = text.indexOf(UNIT, tsEnd + 1);
    let u = actorEnd;
    for (let k = 0; k < 6 && u >= 0 && u < lineEnd; k++) u = text.indexOf(UNIT, u + 1);
    if (actorEnd < 0 || u < 0 || u >= lineEnd) return undefined;
    const countEnd = u;
    const headerEnd = text.lastIndexOf(UNIT, countEnd - 1);
    let count = 0;
    for (let i = headerEnd + 1; i < countEnd; i++) {
      const d = text.charCodeAt(i) - 48;
      if (d < 0 || d > 9 || count > 1e8) return undefined;
      count = count * 10 + d;
    }
    const allowed = text.charCodeAt(countEnd + 1) - 48;
    if (countEnd + 2 !== lineEnd || (allowed !== 0 && allowed !== 1)) return undefined;
    nextUnit = text.indexOf(UNIT, lineEnd);
    if ((lines + 1) * FIELDS_PER_LINE > index.length) {
      const b = new Int32Array(index.length * 2);
      b.set(index);
      index = b;
    }
    const k = lines * FIELDS_PER_LINE;
    index[k] = at;
    index[k + 1] = tsEnd;
    index[k + 2] = actorEnd;
    index[k + 3] = headerEnd;
    index[k + 4] = count;
    index[k + 5] = allowed;
    total += count;
    lines++;
    at = lineEnd + 1;
  }
  // The customers must add up: count the GROUP separators.
  let ids = customers.length === 0 ? 0 : 1;
  for (let g = customers.indexOf(GROUP); g >= 0; g = customers.indexOf(GROUP, g + 1)) ids++;
  return ids === total ? index.subarray(0, lines * FIELDS_PER_LINE) : undefined;
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
    if (!sink.addEvent(ts, h.actor, h.action, h.source, h.role, h.branch, h.outcome)) {
      for (let i = 0; i < count; i++) c = nextId(customers, c);
      continue;
    }
    for (let i = 0; i < count; i++) {
      const next = nextId(customers, c);
      sink.addCustomer(customers.slice(c, next - 1));
      c = next;
    }
  }
  return events;
}

/** The start of the id after the one starting at `at` (one past the end of the string). */
function nextId(customers: string, at: number): number {
  const g = customers.indexOf(GROUP, at);
  return (g < 0 ? customers.length : g) + 1;
}
