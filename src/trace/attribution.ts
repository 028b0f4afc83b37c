/**
 * Access-set attribution with peeling (DESIGN §4.6): for every actor, how many leaked customers
 * they had accessed before the leak was seen (k), how many a non-source would have by chance
 * (e, from the {@link NullModel}), and the false-accusation probability — the Chernoff bound on
 * P(K ≥ k) under the null, multiplied by the number of actors tested (Bonferroni).
 *
 * Merged or colluded leaks: the most significant actor, when significant, is named a source;
 * the leaked customers they accessed are explained by them and removed, and every other actor
 * is tested again on what is left. This repeats until no actor is significant. An actor that
 * only looked significant because their history overlaps the true source's (same branch, same
 * book) falls back to chance once the source's rows are gone. Bonferroni is applied per round
 * over all actors; the sequence stops at the first round with no significant actor, so a
 * report's later rounds are conditional on the earlier sources being real (which their own
 * probabilities vouch for).
 */
import type { NullModel } from './null-model.ts';
import { logUpperTail } from './tail-bound.ts';

/** Default significance for naming a source and peeling its rows. */
export const DEFAULT_PEEL_ALPHA = 0.01;
/**
 * Two significant actors whose accessed leaked customers overlap on at least this share of the
 * top actor's are reported together as indistinguishable by access history.
 */
export const TIE_SHARE = 0.9;
/** Default most rounds of peeling. */
export const DEFAULT_MAX_ROUNDS = 8;

/** One actor's test result in one round. */
export interface ActorTest {
  actor: string;
  /** Leaked (residual) customers the actor accessed before the leak was seen. */
  k: number;
  /** Expected k for a non-source actor. */
  expected: number;
  /** Natural log of the (uncorrected) tail bound P(K ≥ k). */
  logP: number;
  /** min(1, actors tested × P): the false-accusation probability. */
  fap: number;
  /** Peeling round (1-based) the numbers come from. */
  round: number;
  /** For a named source: share of the matched customers its round explained. */
  share?: number;
  /**
   * Other sources named in the same round that had (nearly) the same leaked customers: access
   * history alone cannot tell these actors apart.
   */
  indistinguishableFrom?: string[];
}

/** The outcome of {@link attribute}. */
export interface Attribution {
  /** Distinct leaked customers given. */
  matched: number;
  /** Of those, customers someone had accessed before the leak was seen. */
  inHistory: number;
  actorsTested: number;
  /** Named sources, in peeling order. */
  sources: ActorTest[];
  /** Every other actor with k > 0, tested on the final residual, sorted by logP. */
  others: ActorTest[];
  /** Matched customers not explained by any named source. */
  unexplained: number;
}

export interface AttributionOptions {
  /**
   * Per-customer cut-offs (ms): an access counts for customer c only before `cutoffs.get(c)`
   * (needs an index built with times). For complaints: each customer's own complaint time.
   */
  cutoffs?: ReadonlyMap<string, number>;
  alpha?: number;
  maxRounds?: number;
  /** Most non-source actors listed (default 20). */
  maxOthers?: number;
}

/**
 * Attributes a leak given as external customer ids (duplicates ignored).
 *
 * @example
 * const result = attribute(NullModel.build(index), ['C1', 'C7', 'C9']);
 * result.sources[0]?.actor; // the most significant source, if any
 */
export function attribute(
  model: NullModel,
  leakedCustomers: Iterable<string>,
  options: AttributionOptions = {},
): Attribution {
  const alpha = options.alpha ?? DEFAULT_PEEL_ALPHA;
  const maxRounds = options.maxRounds ?? DEFAULT_MAX_ROUNDS;
  const index = model.index;
  const unique = new Set(leakedCustomers);
  let residual: number[] = [];
  const cutoff = new Map<number, number>();
  for (const id of unique) {
    const c = index.customerIndex(id);
    if (c !== undefined && index.distinctActors(c) > 0) {
      residual.push(c);
      const t = options.cutoffs?.get(id);
      if (t !== undefined && index.firstSeen !== undefined) cutoff.set(c, t);
    }
  }
  const matched = unique.size;
  const inHistory = residual.length;
  const tested = model.actorsTested;
  const sources: ActorTest[] = [];
  const named = new Set<number>();
  let last: Map<number, ActorTest> = new Map();
  for (let round = 1; round <= maxRounds && residual.length > 0; round++) {
    last = testActors(model, residual, round, named, cutoff);
    let best: [number, ActorTest] | undefined;
    for (const entry of last) if (!best || entry[1].logP < best[1].logP) best = entry;
    if (!best || best[1].fap >= alpha) break;
    const [a, test] = best;
    // Actors who are significant too and had (nearly) every leaked customer the best one had
    // cannot be told apart from it by access history: all are named in this round, each with
    // its own probability, and marked as indistinguishable — naming only the one whose null
    // happened to be narrower would accuse one person where the data cannot choose.
    const explainedByBest = residual.filter((c) => index.accessed(a, c, cutoff.get(c)));
    const tied: [number, ActorTest][] = [];
    for (const [b, other] of last) {
      if (b === a || other.fap >= alpha || other.k < TIE_SHARE * test.k) continue;
      let both = 0;
      for (const c of explainedByBest) if (index.accessed(b, c, cutoff.get(c))) both++;
      if (both >= TIE_SHARE * test.k) tied.push([b, other]);
    }
    const group = [[a, test] as [number, ActorTest], ...tied];
    const names = group.map(([, t]) => t.actor);
    for (const [b, t] of group) {
      named.add(b);
      sources.push({
        ...t,
        share: round6(t.k / Math.max(1, matched)),
        ...(group.length > 1 ? { indistinguishableFrom: names.filter((n) => n !== t.actor) } : {}),
      });
    }
    residual = residual.filter((c) => !group.some(([b]) => index.accessed(b, c, cutoff.get(c))));
    last = new Map();
  }
  if (residual.length > 0 && last.size === 0) {
    last = testActors(model, residual, sources.length + 1, named, cutoff);
  }
  const others = [...last.values()]
    .filter((t) => t.k > 0)
    .sort((x, y) => x.logP - y.logP || y.k - x.k)
    .slice(0, options.maxOthers ?? 20);
  return {
    matched,
    inHistory,
    actorsTested: tested,
    sources,
    others,
    unexplained: residual.length + (matched - inHistory),
  };
}

/** Tests every actor (except already-named sources) on the residual customers. */
function testActors(
  model: NullModel,
  residual: readonly number[],
  round: number,
  skip: ReadonlySet<number>,
  cutoff: ReadonlyMap<number, number>,
): Map<number, ActorTest> {
  const index = model.index;
  const nActors = index.actors.length;
  const k = new Uint32Array(nActors);
  // Leaked customers grouped by (stratum, distinct accessors): the Bernoulli probabilities of
  // one actor are equal within a group.
  const groupOf = new Map<number, number>();
  const gStratum: number[] = [];
  const gD: number[] = [];
  const gCount: number[] = [];
  const firstSeen = index.firstSeen;
  for (const c of residual) {
    const before = cutoff.get(c);
    if (before === undefined || firstSeen === undefined) {
      for (const a of index.actorsOfCustomer(c)) k[a]!++;
    } else {
      for (let j = index.offsets[c]!; j < index.offsets[c + 1]!; j++) {
        if (firstSeen[j]! < before) k[index.actorsOf[j]!]!++;
      }
    }
    const s = model.stratumOf[c]!;
    const d = index.distinctActors(c);
    const key = s * 65_536 + d;
    let g = groupOf.get(key);
    if (g === undefined) {
      g = gCount.length;
      groupOf.set(key, g);
      gStratum.push(s);
      gD.push(d);
      gCount.push(0);
    }
    gCount[g]!++;
  }
  const G = gCount.length;
  const p = new Float64Array(G);
  const tested = model.actorsTested;
  const out = new Map<number, ActorTest>();
  for (let a = 0; a < nActors; a++) {
    if (k[a] === 0 || skip.has(a)) continue;
    let expected = 0;
    const base = a * model.strata;
    for (let g = 0; g < G; g++) {
      const s = gStratum[g]!;
      const pg = model.accessedIn[base + s] === 0 ? 0 : model.chance(a, s, gD[g]!);
      p[g] = pg;
      expected += pg * gCount[g]!;
    }
    const logP = logUpperTail({ p, count: gCount, length: G }, k[a]!);
    out.set(a, {
      actor: index.actors[a]!,
      k: k[a]!,
      expected: round6(expected),
      logP,
      fap: Math.min(1, tested * Math.exp(logP)),
      round,
    });
  }
  return out;
}

function round6(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}
