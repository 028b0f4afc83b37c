/**
 * Peer baselines for one day (DESIGN §4.5): per peer group (role × branch, falling back to the
 * role when the group is small) and feature, the median and MAD of what peers did today, and the
 * group's "level factor" — the median ratio of today's value to each member's own baseline.
 *
 * The factor is what keeps benign surprises quiet: when a whole group rises together (a renewal
 * campaign, quarter end, a merger's hand-over), every member's expectation rises with it, while
 * one member rising alone still stands out.
 *
 * Each member's factor comes from the OTHER members (its own ratio left out), so that in a small
 * group one member cannot lift its own expectation. A group with fewer than `minPeers` others —
 * the IT engineers of a weekend migration — still gets a factor when most of the others rose
 * together: the lower median of their ratios (what more than half of them did at least), never
 * below 1 (a small group only excuses what most colleagues did too; it never sharpens an
 * expectation). Not the largest of the others' ratios: that lets two exfiltrators in a QC team of
 * four excuse each other (a sim seed missed one that way) — so two auditors of four on an audit
 * that leaves no business outcome still alert. At least two others: with one, "most of the
 * others" is one colleague, and two exfiltrators in a QC team of two excused each other.
 * Large collective changes are real (an engineer who reads 5 customers a day verifies 900 in a
 * migration), so the factor is bounded at 100, not at a few times the baseline.
 */
import { FEATURES, type Feature } from './actor-state.ts';
import type { ActorDay } from './day-features.ts';
import type { OwnBaselines } from './own-baseline.ts';
import { median, mad } from './robust-stats.ts';
import type { WatchOptions } from './watch-types.ts';

/** Today's peers of one actor for one feature. */
export interface PeerStat {
  median: number;
  mad: number;
  /** Median of today / own baseline over members with a baseline; 1 when too few. */
  factor: number;
  /** Members active today. */
  members: number;
  /** The group the numbers come from (`role @ branch` or `role`). */
  group: string;
  /**
   * For a cohort (see {@link PeerBaselines.stat}): what a majority of the others did today at
   * least, a floor of the expectation — a ratio cannot lift a baseline of 0 (an engineer who
   * never works at night, on a migration night with two colleagues).
   */
  floor?: number;
}

/** Added to both sides of the ratio so that small counts do not make wild factors. */
const RATIO_SMOOTHING = 5;
const MIN_FACTOR = 0.2;
const MAX_FACTOR = 100;

interface GroupAcc {
  label: string;
  values: Record<Feature, number[]>;
  ratios: Record<Feature, number[]>;
}

function emptyAcc(label: string): GroupAcc {
  const values = {} as Record<Feature, number[]>;
  const ratios = {} as Record<Feature, number[]>;
  for (const f of FEATURES) {
    values[f] = [];
    ratios[f] = [];
  }
  return { label, values, ratios };
}

/** Today's ratio of `x` to the own baseline `median`, smoothed. */
function ratio(x: number, median: number): number {
  return (x + RATIO_SMOOTHING) / (median + RATIO_SMOOTHING);
}

/** Index of the first element ≥ `x` in ascending `a`. */
function lowerBound(a: Float64Array, x: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (a[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The median of ascending `a` with one element equal to `self` left out (`self` undefined: none
 * left out, or when absent).
 *
 * @example
 * medianWithout(Float64Array.of(1, 2, 9), 9) // 1.5
 */
export function medianWithout(a: Float64Array, self: number | undefined): number {
  const i = self === undefined ? -1 : lowerBound(a, self);
  if (i < 0 || i >= a.length || a[i] !== self) return median(a);
  const n = a.length - 1;
  if (n === 0) return 0;
  // The k-th smallest of the list without index i is a[k] below i, a[k + 1] from i on (no
  // closure here: this runs per actor, feature and day).
  const mid = n >> 1;
  const hi = a[mid < i ? mid : mid + 1]!;
  if (n % 2 === 1) return hi;
  const lo = a[mid - 1 < i ? mid - 1 : mid]!;
  return (lo + hi) / 2;
}

/**
 * The lower median (for an even count, the smaller middle) of ascending `a` with one element
 * equal to `self` left out; 0 when nothing is left.
 *
 * @example
 * lowerMedianWithout(Float64Array.of(1, 1, 17, 30), 30) // 1
 */
export function lowerMedianWithout(a: Float64Array, self: number | undefined): number {
  const i = self === undefined ? -1 : lowerBound(a, self);
  const skip = i >= 0 && i < a.length && a[i] === self;
  const n = a.length - (skip ? 1 : 0);
  if (n === 0) return 0;
  const k = (n - 1) >> 1;
  return skip && k >= i ? a[k + 1]! : a[k]!;
}

/**
 * @example
 * const peers = new PeerBaselines(days, own, options); // own[i]: days[i]'s own baselines
 * const p = peers.stat(days[0], 'noOutcome'); // { median, mad, factor, members, group }
 */
export class PeerBaselines {
  readonly #groups = new Map<string, GroupAcc>();
  /** Per group and feature (built when first needed): sorted ratios, and the stats handed out. */
  readonly #entries = new Map<string, Entry>();
  /** Own baselines by actor id (a sparse array: faster than a map in the per-actor path). */
  readonly #own: Array<OwnBaselines | undefined> = [];
  readonly #minPeers: number;

  constructor(
    days: readonly ActorDay[],
    own: ReadonlyArray<OwnBaselines | undefined>,
    options: WatchOptions,
  ) {
    this.#minPeers = options.minPeers;
    for (let i = 0; i < days.length; i++) {
      const d = days[i]!;
      const ownBaselines = own[i];
      if (ownBaselines) this.#own[d.actorId] = ownBaselines;
      const keys = [groupKey(d), d.role];
      for (const src of d.recentSources) keys.push(cohortKey(d.role, src));
      for (const p of d.recentPurposes) keys.push(purposeKey(p));
      for (let k = 0; k < keys.length; k++) {
        const key = keys[k]!;
        let g = this.#groups.get(key);
        if (!g) {
          g = emptyAcc(groupLabel(d, k));
          this.#groups.set(key, g);
        }
        for (const f of FEATURES) {
          const x = d[f];
          g.values[f].push(x);
          if (ownBaselines) g.ratios[f].push(ratio(x, ownBaselines[f].median));
        }
      }
    }
  }

  /** The statistics of group `g` (key `gKey`) for `feature`, built when first needed. */
  #entry(gKey: string, g: GroupAcc, feature: Feature): Entry {
    const cacheKey = `${gKey}\u0001${feature}`;
    let entry = this.#entries.get(cacheKey);
    if (!entry) {
      const values = g.values[feature];
      const m = median(values);
      entry = {
        median: m,
        mad: mad(values, m),
        members: values.length,
        group: g.label,
        sorted: Float64Array.from(g.ratios[feature]).sort(),
        stats: [],
      };
      this.#entries.set(cacheKey, entry);
    }
    return entry;
  }

  /**
   * Peers of `d` today for `feature`: its role @ branch (the role when that group is small);
   * or, when it rose more, the cohort of its role that adopted one of the actor's recent sources
   * with it — a campaign or a rollout gives part of a role a new tool and more to read, and that
   * part is the peer group that says whether the actor's rise is collective; or everyone reading
   * today for a purpose new to them (any role). The cohort needs
   * `minPeers` others (two colleagues adopting a tool do not excuse each other) and only raises
   * the expectation.
   */
  stat(d: ActorDay, feature: Feature): PeerStat {
    const key = groupKey(d);
    let g = this.#groups.get(key)!;
    let gKey = key;
    if (g.values[feature].length < this.#minPeers) {
      const byRole = this.#groups.get(d.role);
      if (byRole) {
        g = byRole;
        gKey = d.role;
      }
    }
    let entry = this.#entry(gKey, g, feature);
    const own = this.#own[d.actorId];
    const self = own ? ratio(d[feature], own[feature].median) : undefined;
    const others = entry.sorted.length - (self === undefined ? 0 : 1);
    let factor = 1;
    if (others >= this.#minPeers) {
      factor = Math.min(MAX_FACTOR, Math.max(MIN_FACTOR, medianWithout(entry.sorted, self)));
    } else if (others >= 2) {
      // What a majority of the others did at least: the lower median of their ratios.
      factor = Math.min(MAX_FACTOR, Math.max(1, lowerMedianWithout(entry.sorted, self)));
    }
    let floor: number | undefined;
    const x = d[feature];
    const nSources = d.recentSources.length;
    // Almost every actor-day has no cohort: no allocation then (this runs per actor and feature).
    const nCohorts = nSources + d.recentPurposes.length;
    for (let k = 0; k < nCohorts; k++) {
      const cKey =
        k < nSources
          ? cohortKey(d.role, d.recentSources[k]!)
          : purposeKey(d.recentPurposes[k - nSources]!);
      const need = k < nSources ? this.#minPeers : 2;
      const c = this.#groups.get(cKey);
      if (c === undefined || c.values[feature].length - 1 < need) continue;
      const ce = this.#entry(cKey, c, feature);
      const cOthers = ce.sorted.length - (self === undefined ? 0 : 1);
      // A large cohort's typical member; a small one's majority (as for small groups).
      const cf =
        cOthers >= this.#minPeers
          ? medianWithout(ce.sorted, self)
          : cOthers >= 2
            ? lowerMedianWithout(ce.sorted, self)
            : 1;
      // Today's values sorted only for cohorts (most groups never need them).
      ce.values ??= Float64Array.from(c.values[feature]).sort();
      const cFloor = lowerMedianWithout(ce.values, x);
      if (cf > factor || cFloor > (floor ?? 0)) {
        factor = Math.min(MAX_FACTOR, Math.max(factor, cf));
        floor = Math.max(floor ?? 0, cFloor);
        entry = ce;
      }
    }
    // Leaving one member out gives one of very few values: hand out one object per value.
    for (const st of entry.stats) if (st.factor === factor && st.floor === floor) return st;
    const st: PeerStat = {
      median: entry.median,
      mad: entry.mad,
      factor,
      members: entry.members,
      group: entry.group,
    };
    if (floor !== undefined) st.floor = floor;
    entry.stats.push(st);
    return st;
  }
}

/** The label of `d`'s `k`-th group key (role @ branch, role, then its cohorts in order). */
function groupLabel(d: ActorDay, k: number): string {
  if (k === 0) return `${d.role} @ ${d.branch}`;
  if (k === 1) return d.role;
  const s = k - 2;
  return s < d.recentSources.length
    ? `${d.role} newly using ${d.recentSources[s]!}`
    : `staff newly reading for ${d.recentPurposes[s - d.recentSources.length]!}`;
}

/** A role's cohort that recently adopted `source` (see {@link PeerBaselines.stat}). */
function cohortKey(role: string, source: string): string {
  return `${role}\u0002${source}`;
}

/**
 * Everyone (any role) who reads for purpose `p`, new to them, today: a merger's book transfer
 * or a migration gives people of several roles the same new task.
 */
function purposeKey(p: string): string {
  return `\u0003${p}`;
}

/** One group and feature today. */
interface Entry extends Omit<PeerStat, 'factor'> {
  sorted: Float64Array;
  /** Today's values, ascending (built for cohorts only). */
  values?: Float64Array;
  stats: PeerStat[];
}

function groupKey(d: ActorDay): string {
  return `${d.role}\u0000${d.branch}`;
}
