/**
 * Default tunables of watch. Chosen on the synthetic organisation (bench/watch.bench.ts reports
 * detection delay and false alerts with them) but expressed in terms any organisation has:
 * robust z-scores against own and peer baselines, counts of distinct customers, local hours.
 */
import type { WatchOptions } from './watch-types.ts';

export const DEFAULT_WATCH_OPTIONS: WatchOptions = {
  utcOffsetMinutes: 480,
  officeStartHour: 8,
  officeEndHour: 20,
  historyDays: 40,
  minHistoryDays: 10,
  minPeers: 5,
  cusumAllowance: 2,
  cusumDayCap: 8,
  cusumThreshold: 12,
  minAccumulatedExcess: 120,
  spikeZ: 12,
  spikeMinExcess: 200,
  bulkExportMin: 300,
  bulkExportZ: 10,
  offHoursMin: 60,
  offHoursZ: 8,
  cooldownDays: 14,
  warmUpDays: 28,
  earlyDetectors: true,
  budget: undefined,
};

/**
 * Defaults overridden by `partial` (undefined fields keep their default).
 *
 * @example
 * const o = watchOptions({ budget: 5 }); // o.cusumThreshold === 12
 */
export function watchOptions(partial: Partial<WatchOptions> = {}): WatchOptions {
  const o: WatchOptions = { ...DEFAULT_WATCH_OPTIONS };
  for (const [k, v] of Object.entries(partial)) {
    if (v !== undefined) (o as unknown as Record<string, unknown>)[k] = v;
  }
  return o;
}
