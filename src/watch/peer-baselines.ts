/**
 * Peer baselines for one day (DESIGN §4.5): per peer group (role × branch, falling back to the
 * role when the group is small) and feature, the median and MAD of what peers did today, and the
 * group's "level factor" — the median ratio of today's value to each member's own baseline.
 *
 * The factor is what keeps benign surprises quiet: when a whole group rises together (a renewal
 * campaign, quarter end, a merger's hand-over), every member's expectation rises with it, while
 * one member rising alone still stands out.
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
}

/** Added to both sides of the ratio so that small counts do not make wild factors. */
const RATIO_SMOOTHING = 5;
const MIN_FACTOR = 0.2;
const MAX_FACTOR = 5;

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

/**
 * @example
 * const peers = new PeerBaselines(days, own, options); // own[i]: days[i]'s own baselines
 * const p = peers.stat(days[0], 'noOutcome'); // { median, mad, factor, members, group }
 */
export class PeerBaselines {
  readonly #groups = new Map<string, GroupAcc>();
  readonly #stats = new Map<string, PeerStat>();
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
      for (const key of [groupKey(d), d.role]) {
        let g = this.#groups.get(key);
        if (!g) {
          g = emptyAcc(key === d.role ? d.role : `${d.role} @ ${d.branch}`);
          this.#groups.set(key, g);
        }
        for (const f of FEATURES) {
          const x = d[f];
          g.values[f].push(x);
          if (ownBaselines) {
            g.ratios[f].push((x + RATIO_SMOOTHING) / (ownBaselines[f].median + RATIO_SMOOTHING));
          }
        }
      }
    }
  }

  /** Peers of `d` today for `feature`. */
  stat(d: ActorDay, feature: Feature): PeerStat {
    const key = groupKey(d);
    const cacheKey = `${key}\u0001${feature}`;
    const cached = this.#stats.get(cacheKey);
    if (cached) return cached;
    let g = this.#groups.get(key)!;
    if (g.values[feature].length < this.#minPeers) g = this.#groups.get(d.role) ?? g;
    const values = g.values[feature];
    const ratios = g.ratios[feature];
    const m = median(values);
    const factor =
      ratios.length >= this.#minPeers
        ? Math.min(MAX_FACTOR, Math.max(MIN_FACTOR, median(ratios)))
        : 1;
    const stat: PeerStat = {
      median: m,
      mad: mad(values, m),
      factor,
      members: values.length,
      group: g.label,
    };
    this.#stats.set(cacheKey, stat);
    return stat;
  }
}

function groupKey(d: ActorDay): string {
  return `${d.role}\u0000${d.branch}`;
}
