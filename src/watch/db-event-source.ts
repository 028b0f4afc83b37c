/**
 * The database adapter of watch: staff and the customers' books as a {@link WatchDirectory}, and
 * the access-event index (access_events + access_event_customers) as a stream of
 * {@link WatchEvent} pages, read by audit-index ranges on both engines (keyset pagination: no
 * cursor support needed, constant memory).
 */
import type { Kysely } from 'kysely';
import type { Schema } from '../store/schema.ts';
import type { WatchCustomer, WatchDirectory, WatchEvent, WatchStaff } from './watch-types.ts';

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
