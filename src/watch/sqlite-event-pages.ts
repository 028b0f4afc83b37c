/**
 * Pages of allowed access events read from an SQLite file as strings — the raw half of watch's
 * SQLite fast path, used in the main thread or in a worker (sqlite-page-worker-main.ts).
 *
 * Per page of audit indexes, two strings: the events (one line per event, RECORD-separated: ts,
 * actor, action, source, role, branch as hex of its UTF-8 ({@link branchOf}), outcome, purpose,
 * number of customers, allowed? — UNIT-separated; null fields as '') and the customers of the same range
 * (GROUP-separated, in audit order), walked side by side using each event's count. At 20 M
 * events, a value per column per row crossing into JavaScript costs more than everything watch
 * does with it. Ids may legally contain the separators, so the query counts the rows (a RECORD
 * in some field makes more lines than rows), every
 * line's structure is checked ({@link indexPage}), and the customers must add up to the counts;
 * a page that fails is read again row by row ({@link SqliteEventPages.rows}). Only the columns
 * of access_events and access_event_refs (the table behind the access_event_customers view) are
 * relied on.
 */

import { StringIds } from './string-ids.ts';

/** Separators inside a page string. */
export const UNIT = '\u001f';
export const RECORD = '\u001e';
export const GROUP = '\u001d';

/** Events per page. */
export const EVENT_PAGE = 50_000;

/** The part of better-sqlite3's Database that the reader uses. */
export interface RawDatabase {
  prepare(source: string): {
    raw(toggle?: boolean): {
      get(...params: unknown[]): unknown;
      iterate(...params: unknown[]): IterableIterator<unknown>;
    };
  };
}

/** Which events to read (a subset of EventStreamOptions, which is structurally compatible). */
export interface PageOptions {
  fromTs?: string;
  afterIdx?: number;
  throughIdx?: number;
  pageSize?: number;
}

/** One page: audit indexes [lo, hi), its strings and their line index (undefined: read by rows). */
export interface EventPage {
  lo: number;
  hi: number;
  /** Undefined when the range holds no event. */
  events: string | undefined;
  customers: string;
  index: Int32Array | undefined;
  /** Set by {@link PageInterner}: headers and customers as ids (then `customers` is ''). */
  interned?: InternedPage;
  /**
   * Which reader thread read it (sqlite-page-reader.ts, several readers): interned ids are
   * that reader's own.
   */
  reader?: number;
}

/**
 * A checked page's headers and customers as small ids, given by the reader thread's
 * {@link PageInterner}: each line's index entry holds its header id (in place of the actor's end)
 * and `refs` its customers' ids, line after line (refused lines included).
 */
export interface InternedPage {
  refs: Int32Array;
  /** Headers first seen on this page (their ids follow on), with their actor field's length. */
  newHeaders: string[];
  newHeaderActorLengths: number[];
  /** Customers first seen on this page (their ids follow on). */
  newCustomers: string[];
}

/**
 * Replaces a checked page's header and customer texts by ids that stay the same across pages.
 *
 * @example
 * const interner = new PageInterner();
 * const page = pages.page(0, 50_000);
 * if (page.index) interner.intern(page); // page.interned.refs, …
 */
export class PageInterner {
  readonly #headers = new StringIds();
  readonly #customers = new StringIds();

  intern(page: EventPage): void {
    const text = page.events;
    const index = page.index;
    if (text === undefined || index === undefined) return;
    const customers = page.customers;
    const lines = index.length / FIELDS_PER_LINE;
    const actorLengths: number[] = [];
    let refs = new Int32Array(Math.max(16, lines * 2));
    let r = 0;
    let c = 0;
    for (let l = 0; l < lines; l++) {
      const k = l * FIELDS_PER_LINE;
      const start = index[k + 1]! + 1;
      const known = this.#headers.size;
      const id = this.#headers.id(text, start, index[k + 3]!);
      if (id === known) actorLengths.push(index[k + 2]! - start);
      index[k + 2] = id;
      const count = index[k + 4]!;
      if (r + count > refs.length) {
        const b = new Int32Array(Math.max(refs.length * 2, r + count));
        b.set(refs);
        refs = b;
      }
      for (let i = 0; i < count; i++) {
        let g = customers.indexOf(GROUP, c);
        if (g < 0) g = customers.length;
        refs[r++] = this.#customers.id(customers, c, g);
        c = g + 1;
      }
    }
    page.customers = '';
    page.interned = {
      refs: refs.subarray(0, r),
      newHeaders: this.#headers.takeFresh(),
      newHeaderActorLengths: actorLengths,
      newCustomers: this.#customers.takeFresh(),
    };
  }
}

/** (audit index, ts, actor, action, source, role, branch, outcome, purpose, customer) */
export type RawRow = [
  number,
  string,
  string,
  string,
  string | null,
  string | null,
  string | null,
  string | null,
  string | null,
  string,
];

/**
 * The first and last audit index to read, or undefined when there is nothing.
 *
 * @example
 * const range = eventRange(raw, { fromTs: '2025-03-01' });
 */
export function eventRange(
  raw: RawDatabase,
  options: PageOptions,
): { first: number; last: number } | undefined {
  const from = options.fromTs !== undefined ? ' and e.ts >= ?' : '';
  const fromArgs = options.fromTs !== undefined ? [options.fromTs] : [];
  // Two queries: SQLite answers a lone min() or max() from the end of the index, but both in one
  // query scan the whole table (a quarter of a second per 600k events).
  const bound = (fn: 'min' | 'max') =>
    (
      raw
        .prepare(`select ${fn}(e.audit_idx) from access_events e where 1 = 1${from}`)
        .raw()
        .get(...fromArgs) as [number | bigint | null]
    )[0];
  const lo = bound('min');
  const hi = bound('max');
  if (lo === null || hi === null) return undefined;
  const last = Math.min(Number(hi), options.throughIdx ?? Infinity);
  const first = Math.max(Number(lo), (options.afterIdx ?? -Infinity) + 1);
  return first <= last ? { first, last } : undefined;
}

/**
 * @example
 * const pages = new SqliteEventPages(raw, {});
 * for (const page of pages.pages(0, 999_999)) use(page);
 */
export class SqliteEventPages {
  readonly #pageSize: number;
  readonly #fromArgs: string[];
  readonly #eventsPage: ReturnType<ReturnType<RawDatabase['prepare']>['raw']>;
  readonly #customersPage: ReturnType<ReturnType<RawDatabase['prepare']>['raw']>;
  readonly #rows: ReturnType<ReturnType<RawDatabase['prepare']>['raw']>;

  constructor(raw: RawDatabase, options: PageOptions) {
    this.#pageSize = options.pageSize ?? EVENT_PAGE;
    const from = options.fromTs !== undefined ? ' and e.ts >= ?' : '';
    this.#fromArgs = options.fromTs !== undefined ? [options.fromTs] : [];
    // The branch as hex of its UTF-8 (hex(null) is ''): branch names are Chinese, and one
    // non-Latin-1 character makes the whole page a two-byte string, slower to build from SQLite's
    // UTF-8 and to scan; the header's text is split (and the branch decoded) once per header.
    // One concat_ws instead of a chain of `||` (each of which builds a new string): 15–20% less
    // CPU for this query. concat_ws skips NULLs, so every nullable column is ifnull'ed. The
    // purpose only of events without an outcome (EventSink.addEvent): the only ones whose
    // purpose watch reads, and every other header stays as short, and as shared, as before.
    const line = `concat_ws(char(31), e.ts, e.actor, e.action, ifnull(e.source, ''),
      ifnull(e.role, ''), hex(e.branch), ifnull(e.outcome, ''),
      iif(e.outcome is null, ifnull(e.purpose, ''), ''), e.customers, (e.decision = 'allow'))`;
    const range = 'e.audit_idx >= ? and e.audit_idx < ?';
    this.#eventsPage = raw
      .prepare(
        `select group_concat(line, char(30)), count(*) from (
           select ${line} as line from access_events e where ${range}${from}
           order by e.audit_idx)`,
      )
      .raw();
    // With a time bound, only the customers of events in it (the hourly run reads a day or two).
    // The references' table itself, not the access_event_customers view (migration 0007), which
    // joins every reference to its event only to offer columns this query does not read: 30%
    // less CPU for it, the same rows in the same (primary key) order.
    this.#customersPage = raw
      .prepare(
        options.fromTs === undefined
          ? `select group_concat(customer_id, char(29)) from (
               select c.customer_id from access_event_refs c
               where c.audit_idx >= ? and c.audit_idx < ? order by c.audit_idx)`
          : `select group_concat(customer_id, char(29)) from (
               select c.customer_id from access_events e
               join access_event_refs c on c.audit_idx = e.audit_idx
               where ${range}${from} order by e.audit_idx)`,
      )
      .raw();
    this.#rows = raw
      .prepare(
        `select e.audit_idx, e.ts, e.actor, e.action, e.source, e.role, e.branch, e.outcome,
                e.purpose, c.customer_id
         from access_events e join access_event_refs c on c.audit_idx = e.audit_idx
         where ${range}${from} and e.decision = 'allow'
         order by e.audit_idx`,
      )
      .raw();
  }

  /** One page: audit indexes [lo, hi). */
  page(lo: number, hi: number): EventPage {
    const args = [lo, hi, ...this.#fromArgs];
    const [events, rows] = this.#eventsPage.get(...args) as [string | null, number];
    if (typeof events !== 'string') {
      return { lo, hi, events: undefined, customers: '', index: undefined };
    }
    const [customers] = this.#customersPage.get(...args) as [string | null];
    let index = indexPage(events, customers ?? '');
    // A RECORD inside some field splits its line in two: more lines than rows.
    if (index !== undefined && index.length !== rows * FIELDS_PER_LINE) index = undefined;
    return { lo, hi, events, customers: customers ?? '', index };
  }

  /**
   * The pages from audit index `first` through `last`; with `step`, only the pages starting at
   * `first`, `first + step`, … (one reader's share when several read in turn).
   */
  *pages(first: number, last: number, step = this.#pageSize): Generator<EventPage> {
    for (let lo = first; lo <= last; lo += step) {
      yield this.page(lo, Math.min(lo + this.#pageSize, last + 1));
    }
  }

  /** The rows of [lo, hi), one per (allowed event, customer) — the careful path. */
  rows(lo: number, hi: number): Iterable<RawRow> {
    return this.#rows.iterate(lo, hi, ...this.#fromArgs) as Iterable<RawRow>;
  }
}

/**
 * The branch field of a page line (hex of the branch's UTF-8) as text; null for ''.
 *
 * @example
 * branchOf('E4B88A') // '上'
 */
export function branchOf(hex: string): string | null {
  return hex === '' ? null : Buffer.from(hex, 'hex').toString('utf8');
}

/** Per event line: start, end of ts, end of actor, end of header, count, allowed (0/1). */
export const FIELDS_PER_LINE = 6;

/**
 * Finds every event line's fields and checks the page: ten UNIT-separated fields per line, a
 * decimal count, an allowed flag of 0 or 1, and as many customers (GROUP-separated) as the
 * counts add up to. Undefined when it does not check: read the page by rows.
 */
export function indexPage(text: string, customers: string): Int32Array | undefined {
  const end = text.length;
  let index = new Int32Array(1024 * FIELDS_PER_LINE);
  let lines = 0;
  let at = 0;
  let total = 0;
  let nextUnit = text.indexOf(UNIT);
  while (at < end) {
    let lineEnd = text.indexOf(RECORD, at);
    if (lineEnd < 0) lineEnd = end;
    // Nine UNITs, all inside the line: after ts, actor, …, outcome, purpose, count.
    const tsEnd = nextUnit;
    if (tsEnd < 0 || tsEnd >= lineEnd) return undefined;
    const actorEnd = text.indexOf(UNIT, tsEnd + 1);
    let u = actorEnd;
    for (let k = 0; k < 7 && u >= 0 && u < lineEnd; k++) u = text.indexOf(UNIT, u + 1);
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
