/**
 * The server's watch loop: every hour (by default) run {@link runWatchIncremental} and deliver
 * the new alerts to the configured webhooks. One run at a time; a failing run is reported to
 * `onError` and the loop goes on.
 */
import type { Kysely } from 'kysely';
import type { Schema } from '../store/schema.ts';
import { deliverAlerts, type SendOptions } from './delivery/webhook-sender.ts';
import { runWatchIncremental, type IncrementalResult } from './watch-runner.ts';

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
  const once = async () => {
    try {
      const result = await runWatchIncremental(db, (options.now ?? (() => new Date()))());
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
