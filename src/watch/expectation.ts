/**
 * What an actor's day "should" have been for one feature, and how surprising the observed value
 * is: the actor's own robust baseline (median/MAD of recent active days) scaled by the peer
 * group's level factor today, and at least the peers' median today; or, without enough own
 * history (a new hire), the peers' median.
 */
import type { Feature } from './actor-state.ts';
import type { OwnBaselines } from './own-baseline.ts';
import type { PeerStat } from './peer-baselines.ts';
import { MAD_TO_SD } from './robust-stats.ts';

export interface Expectation {
  observed: number;
  expected: number;
  /** Robust standard deviation used for z. */
  scale: number;
  /** (observed − expected) / scale. */
  z: number;
  basis: 'own' | 'peers';
  peer: PeerStat;
}

/** Members active today for the peers' median to be a floor of an own expectation. */
export const PEER_FLOOR_MIN_MEMBERS = 8;

/** Relative spread of a cohort's shared task (see the floor in {@link expectation}). */
const COHORT_SPREAD = 0.5;

/** Smallest scale: counts of a handful of customers are never "many sigmas" apart. */
const MIN_SCALE = 2;

/**
 * @example
 * const e = expectation(130, own, 'noOutcome', peerStat); // e.z ≫ 3 for a drip
 */
export function expectation(
  observed: number,
  own: OwnBaselines | undefined,
  feature: Feature,
  peer: PeerStat,
): Expectation {
  let expected: number;
  let spread: number;
  let basis: Expectation['basis'];
  if (own) {
    expected = own[feature].median * peer.factor;
    // Never below what a typical peer does today: an actor far under its peers (a new hire
    // still ramping up, someone back from leave) who rises to their level is catching up, not
    // exfiltrating — an independent organisation's new agent alerted weeks after ramp-up that
    // way. The price: a drip on an actor far under its peers counts only above the peers'
    // level (still against the actor's own, narrow scale). Only in groups large enough that the
    // actor itself does not move the median.
    if (peer.members >= PEER_FLOOR_MIN_MEMBERS) expected = Math.max(expected, peer.median);
    spread = MAD_TO_SD * own[feature].mad * peer.factor;
    basis = 'own';
  } else {
    expected = peer.median;
    spread = MAD_TO_SD * peer.mad;
    basis = 'peers';
  }
  // A cohort doing a collective task today (peer-baselines.ts): at least what most of them did,
  // give or take half — a shared task is rarely shared evenly (a merger hands some people 80
  // orphaned customers a day and others 180).
  if (peer.floor !== undefined && peer.floor > expected) {
    expected = peer.floor;
    spread = Math.max(spread, COHORT_SPREAD * peer.floor);
  }
  // Counts are at least Poisson-noisy: the square root bounds the scale from below.
  const scale = Math.max(spread, Math.sqrt(expected + 1), MIN_SCALE);
  return { observed, expected, scale, z: (observed - expected) / scale, basis, peer };
}
