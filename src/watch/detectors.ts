/**
 * The detectors (DESIGN §4.5). Each looks at one actor's day against its expectations and either
 * stays quiet or returns a finding that explains itself with numbers.
 *
 * - slow_drip: CUSUM on excess distinct customers read without any business outcome — a
 *   hundred extra records a day add up within days, while one busy day does not. A second CUSUM
 *   ({@link peerDripStep}) accumulates the excess over the peer group's median instead of the
 *   actor's own baseline: it needs no history of the actor, so it works from the first day of
 *   imported history, and a drip that was already running when history starts (and so is part
 *   of the actor's own baseline) is still seen.
 * - out_of_book: the same on customers outside the actor's own (and team's) book, for actors
 *   who hold a book.
 * - read_spike: one day far above expectation (no outcome).
 * - bulk_export: many customers exported or printed in a day, without outcome.
 * - off_hours: many customers touched outside office hours at hours the actor never works.
 * - account_takeover: a source the actor never used, with off-hours or excess reading.
 *
 * Reads and exports that led to a business outcome (a QA review filed, a claim step, a renewal
 * call) are accounted for: an audit, a campaign or a hand-over produces them; a drip does not.
 */
import { emptyCusum, type CusumState } from './actor-state.ts';
import type { ActorDay } from './day-features.ts';
import type { Expectation } from './expectation.ts';
import type { PeerStat } from './peer-baselines.ts';
import { MAD_TO_SD } from './robust-stats.ts';
import type { AlertKind, WatchOptions } from './watch-types.ts';

/** What a detector found. */
export interface Finding {
  kind: AlertKind;
  score: number;
  reasons: string[];
  customers: number;
  since: string;
}

function r0(x: number): number {
  return Math.round(x);
}

function peerText(e: Expectation): string {
  return `${e.peer.group} peers' median ${r0(e.peer.median)}/day`;
}

/**
 * The slow drip the CUSUMs are designed to catch: this many extra distinct customers a day (issue
 * 5: "≥ 80 extra records/day").
 */
export const TARGET_DRIP_PER_DAY = 80;

/**
 * The CUSUM allowance for one actor-day, in z units: the configured one, or half the target drip
 * in this actor's units when that is smaller. A CUSUM detects a shift of twice its allowance
 * quickly; in z units a fixed allowance of 2 means a shift of 4 scales, which for an actor whose
 * days vary by ±35 customers is 140 a day — a 100-a-day drip on a busy call-centre desk then
 * never accumulates (an independent organisation's exfiltrator was missed that way), while on a
 * quiet desk 80 a day is many scales and the configured allowance still applies.
 *
 * @example
 * cusumAllowance(e, options) // ≤ options.cusumAllowance
 */
export function cusumAllowance(e: Expectation, options: WatchOptions): number {
  return Math.min(options.cusumAllowance, TARGET_DRIP_PER_DAY / 2 / e.scale);
}

/**
 * One CUSUM step on an expectation. Returns the new state (the caller commits it at day end).
 *
 * @example
 * const next = cusumStep(state.cusum.drip, '2025-03-03', e, options);
 */
export function cusumStep(
  prev: CusumState,
  day: string,
  e: Expectation,
  options: WatchOptions,
): CusumState {
  const increment = Math.min(e.z, options.cusumDayCap) - cusumAllowance(e, options);
  // Capped at twice the threshold: after a surge (a night of scraping) the statistic returns to
  // zero within days instead of alerting for weeks on evidence already reported.
  const s = Math.min(2 * options.cusumThreshold, Math.max(0, prev.s + increment));
  if (s === 0) return emptyCusum();
  return {
    s,
    since: prev.since ?? day,
    excess: prev.excess + Math.max(0, e.observed - e.expected),
    observed: prev.observed + e.observed,
    expected: prev.expected + e.expected,
    days: prev.days + 1,
  };
}

/**
 * A CUSUM finding when the statistic and the accumulated excess are both over threshold.
 *
 * @example
 * const f = cusumFinding('slow_drip', next, d, e, options, 'without a business outcome');
 */
export function cusumFinding(
  kind: AlertKind,
  c: CusumState,
  d: ActorDay,
  e: Expectation,
  options: WatchOptions,
  what: string,
): Finding | undefined {
  if (c.s < options.cusumThreshold || c.excess < options.minAccumulatedExcess) return undefined;
  const since = c.since ?? d.day;
  return {
    kind,
    score: c.s / options.cusumThreshold,
    customers: r0(c.observed),
    since,
    reasons: [
      `read ${r0(c.observed)} distinct customers ${what} over ${c.days} active days since ${since} (expected about ${r0(c.expected)}, ${r0(c.excess)} more)`,
      `today ${e.observed} against an expected ${r0(e.expected)} (${e.basis === 'own' ? 'own baseline' : 'no own history: peers'}); ${peerText(e)}`,
    ],
  };
}

/**
 * Single-day excess of customers read without outcome.
 *
 * @example
 * readSpike(d, e, options) // Finding | undefined
 */
export function readSpike(d: ActorDay, e: Expectation, options: WatchOptions): Finding | undefined {
  if (e.z < options.spikeZ || e.observed - e.expected < options.spikeMinExcess) return undefined;
  return {
    kind: 'read_spike',
    score: e.z / options.spikeZ,
    customers: e.observed,
    since: d.day,
    reasons: [
      `read ${e.observed} distinct customers without a business outcome in one day (expected about ${r0(e.expected)}); ${peerText(e)}`,
    ],
  };
}

/**
 * Many customers exported or printed in a day, without outcome.
 *
 * @example
 * bulkExport(d, e, options)
 */
export function bulkExport(
  d: ActorDay,
  e: Expectation,
  options: WatchOptions,
  routine: RoutineExport = NO_ROUTINE_EXPORT,
): Finding | undefined {
  if (e.observed < options.bulkExportMin || e.z < options.bulkExportZ) return undefined;
  const usual = routineExportSize(routine);
  // An export of a size the actor, or its role on the days it exports, has done before is a
  // duty (a month-end report, a Monday list) — not "expected about 0" because most days have
  // none. Far above those sizes it is still bulk, the same day.
  if (e.observed <= ROUTINE_EXPORT_MULTIPLE * usual) return undefined;
  const reasons = [
    `exported or printed ${e.observed} distinct customers in one day with no business outcome (expected about ${r0(e.expected)}); ${peerText(e)}`,
  ];
  if (usual > 0) {
    reasons.push(
      `largest usual export ${r0(usual)} (own largest ${r0(routine.ownMax)}, ${d.role} peers' usual ${r0(routine.peerUsual)}, peers exporting today ${r0(routine.peersToday)})`,
    );
  }
  return {
    kind: 'bulk_export',
    score: Math.max(1, e.z / options.bulkExportZ) * Math.log10(10 + e.observed / 100),
    customers: e.observed,
    since: d.day,
    reasons,
  };
}

/** Export sizes an actor's export is compared with (customers; 0 when unknown). */
export interface RoutineExport {
  /** The largest of the actor's own recent export days. */
  ownMax: number;
  /** The median size of the recent export days of the role's members active today. */
  peerUsual: number;
  /** The median size of today's exports by other members of the role who export today. */
  peersToday: number;
}

export const NO_ROUTINE_EXPORT: RoutineExport = { ownMax: 0, peerUsual: 0, peersToday: 0 };

/** How far over the usual export size an export is bulk. */
export const ROUTINE_EXPORT_MULTIPLE = 3;

/**
 * The usual export size: the largest of the routine sizes.
 *
 * @example
 * routineExportSize({ ownMax: 300, peerUsual: 150, peersToday: 0 }) // 300
 */
export function routineExportSize(r: RoutineExport): number {
  return Math.max(r.ownMax, r.peerUsual, r.peersToday);
}

/**
 * Many customers touched at hours the actor never works, outside office hours.
 *
 * @example
 * offHours(d, e, options)
 */
export function offHours(d: ActorDay, e: Expectation, options: WatchOptions): Finding | undefined {
  if (e.observed < options.offHoursMin || e.z < options.offHoursZ) return undefined;
  const hours = d.hourTouches
    .map((n, h) => ({ n, h }))
    .filter(({ n, h }) => n > 0 && (h < options.officeStartHour || h >= options.officeEndHour))
    .map(({ h }) => `${String(h).padStart(2, '0')}h`);
  return {
    kind: 'off_hours',
    score: e.z / options.offHoursZ,
    customers: e.observed,
    since: d.day,
    reasons: [
      `touched ${e.observed} distinct customers outside office hours (${options.officeStartHour}–${options.officeEndHour}) at hours this actor does not usually work (${hours.join(', ')}); expected about ${r0(e.expected)}`,
    ],
  };
}

/**
 * A source the actor never used, with off-hours activity or excess reading: someone else may be
 * using the account.
 *
 * @example
 * accountTakeover(d, noOutcome, offHoursE, options)
 */
export function accountTakeover(
  d: ActorDay,
  reads: Expectation,
  off: Expectation,
  options: WatchOptions,
  rollouts: ReadonlySet<string> = NO_SOURCES,
): Finding | undefined {
  // A source that colleagues start using the same days is a rollout or a campaign, not someone
  // else at the keyboard.
  if (d.newSources.every((s) => rollouts.has(s)) || d.newSourceCustomers < 20) return undefined;
  const strange = off.observed >= 20 && off.z >= 4;
  const heavy = reads.z >= 6 && reads.observed - reads.expected >= 50;
  if (!strange && !heavy) return undefined;
  const reasons = [
    `used ${d.newSources.length === 1 ? 'a source' : 'sources'} never seen for this actor (${d.newSources.filter((s) => !rollouts.has(s)).join(', ')}) for ${d.newSourceCustomers} distinct customers, not taken up by colleagues the same days`,
  ];
  if (strange) reasons.push(`${off.observed} customers touched at hours this actor does not work`);
  if (heavy)
    reasons.push(
      `read ${reads.observed} customers without outcome (expected about ${r0(reads.expected)})`,
    );
  return {
    kind: 'account_takeover',
    score: 1 + Math.max(off.z / options.offHoursZ, reads.z / options.spikeZ),
    customers: d.newSourceCustomers,
    since: d.day,
    reasons,
  };
}

const NO_SOURCES: ReadonlySet<string> = new Set();

/**
 * Customers a day over the peers' median that the peer-relative drip tolerates: half the target
 * drip, or three of the group's robust standard deviations when the group is that spread out.
 * In the synthetic organisation the staff furthest over their peers' median are a few customers
 * a day over it on their median day; a drip is 80 or more.
 */
export const PEER_DRIP_ALLOWANCE = TARGET_DRIP_PER_DAY / 2;
/** Accumulated excess over the allowance (customers) at which the peer-relative drip alerts. */
export const PEER_DRIP_THRESHOLD = 250;
/** Most one day adds (customers): a single bulk day is bulk_export's, not a drip. */
const PEER_DRIP_DAY_CAP = 3 * TARGET_DRIP_PER_DAY;

/** The peer-relative drip's allowance for a group (see {@link PEER_DRIP_ALLOWANCE}). */
function peerAllowance(peer: PeerStat): number {
  const scale = Math.max(MAD_TO_SD * peer.mad, Math.sqrt(peer.median + 1), 2);
  return Math.max(PEER_DRIP_ALLOWANCE, 3 * scale);
}

/**
 * One step of the peer-relative drip: distinct customers read without outcome today over the
 * peer group's median, less the allowance, accumulated (in customers, capped at twice the
 * threshold). Groups smaller than `minPeers` today (the role's whole group included) add
 * nothing: the statistic only decays.
 *
 * @example
 * const next = peerDripStep(state.cusum.peer ?? emptyCusum(), day, d, e.noOutcome.peer, options);
 */
export function peerDripStep(
  prev: CusumState,
  day: string,
  d: ActorDay,
  peer: PeerStat,
  options: WatchOptions,
): CusumState {
  const allowance = peerAllowance(peer);
  const excess = peer.members >= options.minPeers ? d.noOutcome - peer.median : 0;
  const increment = Math.min(excess, PEER_DRIP_DAY_CAP) - allowance;
  const s = Math.min(2 * PEER_DRIP_THRESHOLD, Math.max(0, prev.s + increment));
  if (s === 0) return emptyCusum();
  return {
    s,
    since: prev.since ?? day,
    excess: prev.excess + Math.max(0, excess),
    observed: prev.observed + d.noOutcome,
    expected: prev.expected + peer.median,
    days: prev.days + 1,
  };
}

/**
 * The peer-relative drip's finding (kind slow_drip) when its statistic is over threshold.
 *
 * @example
 * const f = peerDripFinding(next, d, e.noOutcome.peer);
 */
export function peerDripFinding(c: CusumState, d: ActorDay, peer: PeerStat): Finding | undefined {
  if (c.s < PEER_DRIP_THRESHOLD) return undefined;
  const since = c.since ?? d.day;
  return {
    kind: 'slow_drip',
    score: c.s / PEER_DRIP_THRESHOLD,
    customers: r0(c.observed),
    since,
    reasons: [
      `read ${r0(c.observed)} distinct customers without a business outcome over ${c.days} active days since ${since}, ${r0(c.excess)} more than the median of ${peer.group} peers on the same days (about ${r0(c.expected)}); compared with peers, not with the actor's own history`,
      `today ${d.noOutcome} against ${peer.group} peers' median ${r0(peer.median)}/day (${peer.members} active)`,
    ],
  };
}
