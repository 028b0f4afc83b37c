/**
 * Watch over the database: the batch run of `piguard watch` (all imported history, alerts for
 * the days in [since, until]) and the incremental run the server calls every hour (closes the
 * days completed since the last run, previews the running day), both persisting their alerts.
 */
import type { Kysely } from 'kysely';
import type { Schema } from '../store/schema.ts';
import { saveAlerts } from './alert-store.ts';
import { feedEvents, loadDirectory, streamEvents } from './db-event-source.ts';
import { addDays, localDayOf } from './local-time.ts';
import { loadWatchState, saveWatchState } from './state-store.ts';
import { WatchEngine, type WatchStats } from './watch-engine.ts';
import { watchOptions } from './watch-options.ts';
import type { WatchAlert, WatchOptions } from './watch-types.ts';

export interface RunWatchOptions {
  /** First day to report (`YYYY-MM-DD`); earlier history is baseline only. */
  since?: string;
  /** Last day to evaluate. */
  until?: string;
  /** Alerts per day. */
  budget?: number;
  /** Other tunables. */
  options?: Partial<WatchOptions>;
  /** Store the alerts in the `alerts` table (default true). */
  persist?: boolean;
  /** Clock (for created_at and the incremental run's "today"). */
  now?: Date;
}

export interface RunWatchResult {
  alerts: WatchAlert[];
  stats: WatchStats;
  /** Ids of alerts stored for the first time. */
  newAlertIds: string[];
  lastClosedDay: string | null;
}

/**
 * Runs watch over every stored access event. When it runs to the end of the data (no `until`),
 * it also saves the engine's state for {@link runWatchIncremental}.
 *
 * @example
 * const { alerts } = await runWatch(db, { since: '2025-06-01', budget: 10 });
 */
export async function runWatch(
  db: Kysely<Schema>,
  run: RunWatchOptions = {},
): Promise<RunWatchResult> {
  const directory = await loadDirectory(db);
  const engine = new WatchEngine(
    directory,
    { ...run.options, ...(run.budget !== undefined ? { budget: run.budget } : {}) },
    undefined,
    { ...(run.since ? { since: run.since } : {}), ...(run.until ? { until: run.until } : {}) },
  );
  const alerts: WatchAlert[] = [];
  for await (const _ of feedEvents(db, engine)) {
    alerts.push(...engine.takeAlerts());
    if (run.until && engine.lastClosedDay !== null && engine.lastClosedDay >= run.until) break;
  }
  alerts.push(...(run.until ? engine.closeThrough(run.until) : engine.flush()));
  const now = run.now ?? new Date();
  const newAlertIds = run.persist === false ? [] : await saveAlerts(db, alerts, now);
  if (!run.until) await saveWatchState(db, engine.exportState(), undefined, now);
  return { alerts, stats: engine.stats, newAlertIds, lastClosedDay: engine.lastClosedDay };
}

export interface IncrementalResult extends RunWatchResult {
  /** Provisional alerts of the running day (also stored, marked not final). */
  provisional: WatchAlert[];
}

/**
 * The hourly run: loads the saved state (a full run first if there is none), reads the events
 * since the last closed day, closes the days before today (final alerts, state saved) and
 * previews today (provisional alerts). Alerts are stored; the ids of new ones are returned for
 * delivery.
 *
 * @example
 * const { newAlertIds } = await runWatchIncremental(db, new Date());
 */
export async function runWatchIncremental(
  db: Kysely<Schema>,
  now: Date = new Date(),
  run: Omit<RunWatchOptions, 'since' | 'until' | 'now'> = {},
): Promise<IncrementalResult> {
  const state = await loadWatchState(db);
  const options = watchOptions({
    ...run.options,
    ...(run.budget !== undefined ? { budget: run.budget } : {}),
  });
  const today = localDayOf(now, options.utcOffsetMinutes);
  if (!state) {
    const full = await runWatch(db, { ...run, now });
    return { ...full, provisional: [] };
  }
  const from = state.lastClosedDay ? addDays(state.lastClosedDay, 1) : undefined;
  // Times may carry another offset than the organisation's: a day's margin, exact filtering by
  // the engine (it ignores days already closed).
  const events = [];
  for await (const page of streamEvents(db, from ? { fromTs: addDays(from, -1) } : {})) {
    events.push(...page);
  }
  events.sort((a, b) => Date.parse(a.ts) - Date.parse(b.ts));
  const directory = await loadDirectory(db, { customers: events.flatMap((e) => e.customers) });
  const engine = new WatchEngine(directory, options, state);
  const active = new Set(events.map((e) => e.actor));
  const closed = engine.push(events);
  closed.push(...engine.closeThrough(addDays(today, -1)));
  const provisional = engine.preview();
  const newAlertIds = await saveAlerts(db, [...closed, ...provisional], now);
  await saveWatchState(db, engine.exportState(), active, now);
  return {
    alerts: closed,
    provisional,
    stats: engine.stats,
    newAlertIds,
    lastClosedDay: engine.lastClosedDay,
  };
}
