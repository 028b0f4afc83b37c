/**
 * What watch remembers about one actor between days — own baselines, usual hours, sources seen,
 * CUSUM accumulators, cool-downs — as plain JSON, so that the incremental run (hourly, in the
 * server) resumes where the last one stopped.
 */

/** Daily features that have baselines. */
export const FEATURES = ['customers', 'noOutcome', 'outOfBook', 'exported', 'offHours'] as const;
export type Feature = (typeof FEATURES)[number];

/** One cumulative-sum detector's running state. */
export interface CusumState {
  /** The statistic. */
  s: number;
  /** First day of the current run above zero. */
  since: string | null;
  /** Excess customers accumulated over the run. */
  excess: number;
  /** Observed customers over the run, and days in it. */
  observed: number;
  days: number;
  /** Expected customers over the run (for the explanation). */
  expected: number;
}

export interface ActorState {
  /** Active days seen (days with at least one event). */
  activeDays: number;
  lastDay: string | null;
  /** Last `historyDays` active-day values per feature, oldest first (winsorised). */
  hist: Record<Feature, number[]>;
  /** Customer touches per local hour (all history, decayed). */
  hours: number[];
  /** Sources seen on active days, with the number of days. */
  sources: Record<string, number>;
  /** Purposes of reads without outcome, with the number of days (absent in older states). */
  purposes?: Record<string, number>;
  /**
   * `s:<source>` / `p:<purpose>` → the actor's active-day count when first used (absent in
   * older states: what they knew counts as old).
   */
  firstUse?: Record<string, number>;
  /**
   * `peer`: excess over the peer group's median, in customers (no own history needed; absent in
   * states saved before it existed).
   */
  cusum: { drip: CusumState; book: CusumState; peer?: CusumState };
  /**
   * Sizes (customers exported without outcome) of the actor's last export days, oldest first —
   * only days with an export, so that a monthly duty is remembered as its size and not as a
   * median of 0 (absent in states saved before it existed).
   */
  exports?: number[];
  /** Alert kind → last day it is silenced through. */
  cooldown: Record<string, string>;
}

/**
 * @example
 * const s = emptyCusum(); // { s: 0, since: null, ... }
 */
export function emptyCusum(): CusumState {
  return { s: 0, since: null, excess: 0, observed: 0, days: 0, expected: 0 };
}

/**
 * A fresh state for an actor never seen before.
 *
 * @example
 * const state = newActorState();
 */
export function newActorState(): ActorState {
  return {
    activeDays: 0,
    lastDay: null,
    hist: { customers: [], noOutcome: [], outOfBook: [], exported: [], offHours: [] },
    hours: new Array<number>(24).fill(0),
    sources: {},
    purposes: {},
    cusum: { drip: emptyCusum(), book: emptyCusum(), peer: emptyCusum() },
    exports: [],
    cooldown: {},
  };
}
