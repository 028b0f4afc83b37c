/**
 * An actor's own baseline per feature: median and MAD of its recent active days. Computed once
 * per actor and day (the engine caches it), used for the actor's expectation and for its peers'
 * level factor.
 */
import { FEATURES, type ActorState, type Feature } from './actor-state.ts';
import { mad, median } from './robust-stats.ts';
import { SortedWindow } from './sorted-window.ts';

export interface OwnBaseline {
  median: number;
  mad: number;
}

export type OwnBaselines = Record<Feature, OwnBaseline>;

/**
 * The actor's baselines, or undefined while it has fewer than `minHistoryDays` active days.
 *
 * @example
 * const own = ownBaselines(state, 10); // own?.noOutcome.median
 */
export function ownBaselines(
  state: ActorState | undefined,
  minHistoryDays: number,
): OwnBaselines | undefined {
  if (!state || state.hist.customers.length < minHistoryDays) return undefined;
  const out = {} as OwnBaselines;
  for (const f of FEATURES) {
    const m = median(state.hist[f]);
    out[f] = { median: m, mad: mad(state.hist[f], m) };
  }
  return out;
}

/** An actor's history per feature as sorted windows (kept in step with `state.hist`). */
export type OwnWindows = Record<Feature, SortedWindow>;

/**
 * Sorted windows over `state.hist`, for {@link windowBaselines}.
 *
 * @example
 * const windows = ownWindows(state);
 */
export function ownWindows(state: ActorState): OwnWindows {
  const out = {} as OwnWindows;
  for (const f of FEATURES) out[f] = SortedWindow.of(state.hist[f]);
  return out;
}

/**
 * The same as {@link ownBaselines}, read from sorted windows instead of sorting the history.
 *
 * @example
 * const own = windowBaselines(windows, 10);
 */
export function windowBaselines(
  windows: OwnWindows,
  minHistoryDays: number,
): OwnBaselines | undefined {
  if (windows.customers.size < minHistoryDays) return undefined;
  const out = {} as OwnBaselines;
  for (const f of FEATURES) {
    const w = windows[f];
    const m = w.median();
    out[f] = { median: m, mad: w.mad(m) };
  }
  return out;
}
