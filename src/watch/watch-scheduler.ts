/**
 * The server's watch loop: every hour (by default) run the incremental watch and deliver the new
 * alerts to the configured webhooks. One run at a time; a failing run is reported to `onError`
 * and the loop goes on. The loop keeps one {@link WatchSession}: the engine stays in memory
 * between runs and each run reads only the events appended since the last (the first run, and
 * any run after a failure, loads the saved state).
 */
import type { Kysely } from 'kysely';
import type { Schema } from '../store/schema.ts';
import { deliverAlerts, type SendOptions } from './delivery/webhook-sender.ts';
import { WatchSession, type IncrementalResult } from './watch-session.ts';

export interface WatchScheduleOptions {
  /** Between runs, ms (default one hour). */
  intervalMs?: number;
  /** Clock (tests). */
  now?: () => Date;
  /** Called with each failed run's error (the loop continues). */
  onError?: (err: unknown) => void;
  /** Called after each run. */
  onRun?: (result: IncrementalResult, delivered: number) => void;
  /** Delivery options (retries, fetch). */
  delivery?: SendOptions;
}

/** A running schedule. */
export interface WatchSchedule {
  /** Runs once now (awaits a run already in progress first). */
  tick(): Promise<void>;
  /** Stops the timer; resolves when a run in progress has ended. */
  stop(): Promise<void>;
}

/**
 * @example
 * const schedule = scheduleWatch(ctx.database.db, { onError: (e) => log.error(e) });
 * app.addHook('onClose', () => schedule.stop());
 */
export function scheduleWatch(
  db: Kysely<Schema>,
  options: WatchScheduleOptions = {},
): WatchSchedule {
  let running: Promise<void> = Promise.resolve();
  const session = new WatchSession(db);
  const once = async () => {
    try {
      let result: IncrementalResult;
      try {
        result = await session.run((options.now ?? (() => new Date()))());
      } catch (err) {
        // The kept engine may be half-way through the failed run: start cold next time.
        session.reset();
        throw err;
      }
      const delivered = await deliverAlerts(db, result.newAlertIds, options.delivery);
      options.onRun?.(result, delivered);
    } catch (err) {
      options.onError?.(err);
    }
  };
  const tick = () => {
    running = running.then(once);
    return running;
  };
  const timer = setInterval(() => void tick(), options.intervalMs ?? 3_600_000);
  timer.unref();
  return {
    tick,
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
