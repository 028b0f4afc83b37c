/**
 * Watch over the database: the batch run of `piguard watch` (all imported history, alerts for
 * the days in [since, until]) and the incremental run the server calls every hour (closes the
 * days completed since the last run, previews the running day), both persisting their alerts.
 */
import type { Kysely } from 'kysely';
import type { Schema } from '../store/schema.ts';
import { saveAlerts } from './alert-store.ts';
import { feedEvents, loadDirectory } from './db-event-source.ts';
import { saveWatchState } from './state-store.ts';
import { WatchEngine, type WatchStats } from './watch-engine.ts';
import { WatchSession, type IncrementalResult } from './watch-session.ts';
import type { WatchAlert, WatchOptions } from './watch-types.ts';

export type { IncrementalResult } from './watch-session.ts';

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

/**
 * The hourly run, cold: loads the saved state (a full run first if there is none), reads the
 * events since the last closed day, closes the days before today (final alerts, state saved) and
 * previews today (provisional alerts). Alerts are stored; the ids of new ones are returned for
 * delivery. The server keeps a {@link WatchSession} instead, which reads only new events.
 *
 * @example
 * const { newAlertIds } = await runWatchIncremental(db, new Date());
 */
export async function runWatchIncremental(
  db: Kysely<Schema>,
  now: Date = new Date(),
  run: Omit<RunWatchOptions, 'since' | 'until' | 'now'> = {},
): Promise<IncrementalResult> {
  return new WatchSession(db, run).run(now);
}
