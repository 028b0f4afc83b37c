/**
 * The server's incremental watch, kept in memory between hourly runs.
 *
 * The first run of a session is the cold incremental run: it loads the saved state (a full run
 * first if there is none), reads the events since the last closed day, closes the days before
 * today and previews today. The session then keeps that engine — its open day, actor states and
 * integer directory — and remembers the last audit index it read, so each later run reads only
 * the events appended since, feeds them to the same engine, closes the days that ended and
 * previews today again. The state is saved only for actors whose state changed (once a day, when
 * a day closes), not for every active actor every hour.
 *
 * A kept run gives the alerts a cold run would give at the same time (test/watch/
 * watch-session.test.ts compares them hour by hour). The session starts cold again when the
 * saved state was changed by someone else (a batch `piguard watch` run), when staff records
 * changed, when a customer in the new events changed book or region or names an agent with no
 * book yet, or (checked at the first run of each day) when someone got a book: the kept
 * directory would be stale, and a cold run reads it afresh. (A customer
 * re-assigned after being read earlier in a still-open day keeps, for that read, the agent it
 * had when read.)
 */
import type { Kysely } from 'kysely';
import type { Schema } from '../store/schema.ts';
import { saveAlerts } from './alert-store.ts';
import {
  directoryOf,
  loadCustomers,
  loadDirectoryTables,
  streamEvents,
  type DirectoryTables,
} from './db-event-source.ts';
import { addDays, localDayOf } from './local-time.ts';
import { loadWatchState, saveWatchState } from './state-store.ts';
import { WatchEngine, type WatchStats } from './watch-engine.ts';
import { watchOptions } from './watch-options.ts';
import { runWatch, type RunWatchOptions, type RunWatchResult } from './watch-runner.ts';
import type { WatchAlert, WatchCustomer, WatchEvent, WatchOptions } from './watch-types.ts';

export interface IncrementalResult extends RunWatchResult {
  /** Provisional alerts of the running day (also stored, marked not final). */
  provisional: WatchAlert[];
  /** True when this run loaded the saved state (cold); false when it continued a kept engine. */
  cold?: boolean;
}

/** What a kept engine needs to continue. */
interface Kept {
  engine: WatchEngine;
  tables: DirectoryTables;
  /** Last audit index read. */
  cursor: number;
  /** The saved state's last closed and first day as this session last wrote or read them. */
  lastClosedDay: string | null;
  firstDay: string | null;
  /** Staff table signature (row count and latest update). */
  staff: string;
  /** The local day of the last run. */
  day: string;
}

const LAST_CLOSED = 'last_closed_day';
const FIRST_DAY = 'first_day';

/**
 * @example
 * const session = new WatchSession(db);
 * const { newAlertIds } = await session.run(new Date()); // cold: loads the saved state
 * await session.run(new Date()); // an hour later: only the new events
 */
export class WatchSession {
  readonly #db: Kysely<Schema>;
  readonly #run: Omit<RunWatchOptions, 'since' | 'until' | 'now'>;
  readonly #options: WatchOptions;
  #kept: Kept | undefined;

  constructor(db: Kysely<Schema>, run: Omit<RunWatchOptions, 'since' | 'until' | 'now'> = {}) {
    this.#db = db;
    this.#run = run;
    this.#options = watchOptions({
      ...run.options,
      ...(run.budget !== undefined ? { budget: run.budget } : {}),
    });
  }

  /** Forgets the kept engine: the next run starts cold from the saved state. */
  reset(): void {
    this.#kept = undefined;
  }

  /**
   * One incremental run at `now`: final alerts of the days that ended, provisional alerts of
   * today; both stored, new ids returned for delivery.
   *
   * @example
   * const { alerts, provisional, newAlertIds } = await session.run(new Date());
   */
  async run(now: Date = new Date()): Promise<IncrementalResult> {
    const kept = this.#kept;
    if (kept !== undefined) {
      const warm = await this.#warm(kept, now);
      if (warm !== undefined) return warm;
      this.#kept = undefined;
    }
    return this.#cold(now);
  }

  async #cold(now: Date): Promise<IncrementalResult> {
    const db = this.#db;
    const options = this.#options;
    const state = await loadWatchState(db);
    if (!state) {
      const full = await runWatch(db, { ...this.#run, now });
      return { ...full, provisional: [], cold: true };
    }
    const today = localDayOf(now, options.utcOffsetMinutes);
    const from = state.lastClosedDay ? addDays(state.lastClosedDay, 1) : undefined;
    // Read up to the index bound first: events appended meanwhile are the next run's.
    const cursor = await maxAuditIdx(db);
    const staff = await staffSignature(db);
    // Times may carry another offset than the organisation's: a day's margin, exact filtering by
    // the engine (it ignores days already closed).
    const events: WatchEvent[] = [];
    for await (const page of streamEvents(db, {
      ...(from ? { fromTs: addDays(from, -1) } : {}),
      throughIdx: cursor,
    })) {
      events.push(...page);
    }
    events.sort((a, b) => Date.parse(a.ts) - Date.parse(b.ts));
    const tables = await loadDirectoryTables(db, { customers: events.flatMap((e) => e.customers) });
    const engine = new WatchEngine(directoryOf(tables), options, state);
    const active = new Set(events.map((e) => e.actor));
    const closed = engine.push(events);
    closed.push(...engine.closeThrough(addDays(today, -1)));
    const provisional = engine.preview();
    const newAlertIds = await saveAlerts(db, [...closed, ...provisional], now);
    engine.takeChanged();
    const exported = engine.exportState();
    await saveWatchState(db, exported, active, now);
    this.#kept = {
      engine,
      tables,
      cursor,
      lastClosedDay: exported.lastClosedDay,
      firstDay: exported.firstDay ?? null,
      staff,
      day: today,
    };
    return {
      alerts: closed,
      provisional,
      stats: { ...engine.stats },
      newAlertIds,
      lastClosedDay: engine.lastClosedDay,
      cold: true,
    };
  }

  /** Continues the kept engine; undefined when it must start cold instead. */
  async #warm(kept: Kept, now: Date): Promise<IncrementalResult | undefined> {
    const db = this.#db;
    const options = this.#options;
    const [meta, staff] = await Promise.all([savedDays(db), staffSignature(db)]);
    if (
      meta.lastClosedDay !== kept.lastClosedDay ||
      meta.firstDay !== kept.firstDay ||
      staff !== kept.staff
    ) {
      return undefined;
    }
    const cursor = await maxAuditIdx(db);
    const events: WatchEvent[] = [];
    if (cursor > kept.cursor) {
      for await (const page of streamEvents(db, { afterIdx: kept.cursor, throughIdx: cursor })) {
        events.push(...page);
      }
    }
    events.sort((a, b) => Date.parse(a.ts) - Date.parse(b.ts));
    // The new events' customers, read afresh: a changed book or region, or an agent without a
    // book so far, would make the kept directory stale.
    const fresh = new Map<string, WatchCustomer>();
    await loadCustomers(
      db,
      events.flatMap((e) => e.customers),
      fresh,
    );
    const { customers, books } = kept.tables;
    for (const [id, c] of fresh) {
      const old = customers.get(id);
      if (old !== undefined && (old.agent !== c.agent || old.region !== c.region)) return undefined;
      if (c.agent && !books.has(c.agent)) return undefined;
    }
    for (const [id, c] of fresh) customers.set(id, c);
    const today = localDayOf(now, options.utcOffsetMinutes);
    if (today !== kept.day) {
      // A day ends in this run: check once a day that nobody got a book (a cold run reads who
      // holds one afresh every time).
      for (const agent of await bookHolders(db)) if (!books.has(agent)) return undefined;
      kept.day = today;
    }
    const engine = kept.engine;
    const before = { ...engine.stats };
    const closed = engine.push(events);
    closed.push(...engine.closeThrough(addDays(today, -1)));
    const provisional = engine.preview();
    kept.cursor = cursor;
    const newAlertIds = await saveAlerts(db, [...closed, ...provisional], now);
    const changed = engine.takeChanged();
    if (changed.length > 0 || engine.lastClosedDay !== kept.lastClosedDay) {
      const exported = engine.exportState();
      await saveWatchState(db, exported, changed, now);
      kept.lastClosedDay = exported.lastClosedDay;
      kept.firstDay = exported.firstDay ?? null;
    }
    return {
      alerts: closed,
      provisional,
      stats: statsSince(before, engine.stats),
      newAlertIds,
      lastClosedDay: engine.lastClosedDay,
      cold: false,
    };
  }
}

function statsSince(before: WatchStats, after: WatchStats): WatchStats {
  return {
    events: after.events - before.events,
    daysClosed: after.daysClosed - before.daysClosed,
    dropped: after.dropped - before.dropped,
    found: after.found - before.found,
    emitted: after.emitted - before.emitted,
    actorDays: after.actorDays - before.actorDays,
  };
}

async function maxAuditIdx(db: Kysely<Schema>): Promise<number> {
  const r = await db
    .selectFrom('access_events')
    .select((eb) => eb.fn.max('audit_idx').as('last'))
    .executeTakeFirst();
  return r?.last === null || r?.last === undefined ? -1 : Number(r.last);
}

async function bookHolders(db: Kysely<Schema>): Promise<string[]> {
  const rows = await db
    .selectFrom('customers')
    .select('agent_id')
    .distinct()
    .where('agent_id', 'is not', null)
    .execute();
  return rows.map((r) => r.agent_id!);
}

async function staffSignature(db: Kysely<Schema>): Promise<string> {
  const r = await db
    .selectFrom('staff')
    .select((eb) => [eb.fn.countAll().as('n'), eb.fn.max('updated_at').as('at')])
    .executeTakeFirst();
  return `${String(r?.n ?? 0)}\u0000${String(r?.at ?? '')}`;
}

async function savedDays(
  db: Kysely<Schema>,
): Promise<{ lastClosedDay: string | null; firstDay: string | null }> {
  const rows = await db
    .selectFrom('watch_meta')
    .select(['key', 'value'])
    .where('key', 'in', [LAST_CLOSED, FIRST_DAY])
    .execute();
  const get = (k: string) => rows.find((r) => r.key === k)?.value ?? null;
  return { lastClosedDay: get(LAST_CLOSED), firstDay: get(FIRST_DAY) };
}
