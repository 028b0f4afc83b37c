/**
 * Upper tail of a sum of independent Bernoulli variables (a Poisson-binomial), for the
 * attribution's null model: under "actor j is not the source", each leaked customer c is in
 * j's access history with probability p_c, independently; the overlap K is their sum.
 *
 * The bound is Chernoff's: P(K ≥ k) ≤ inf_{t>0} exp(Λ(t) − t·k), Λ(t) = Σ log(1 − p + p·eᵗ).
 * It is a true upper bound for the Poisson-binomial, and — by Hoeffding (1963, §6) — also for
 * sampling without replacement within a stratum (the hypergeometric is dominated by the
 * binomial in convex order). So a reported probability is never smaller than the model's:
 * accusations err on the side of caution. It loses about a factor √(2π·Var) against the exact
 * tail, which matters little at the 1e-6 level and buys a cost linear in the number of
 * distinct probabilities, whatever the leak size.
 */

/**
 * Groups of leaked customers sharing one probability: `count[g]` customers each with
 * probability `p[g]` (0 < p ≤ 1) of being in the actor's history by chance.
 */
export interface BernoulliGroups {
  p: ArrayLike<number>;
  count: ArrayLike<number>;
  length: number;
}

/**
 * Natural log of an upper bound on P(K ≥ k) where K is the sum described by `groups`.
 * Returns 0 (probability 1) when k is at or below the mean, −Infinity when k exceeds the most
 * K can be.
 *
 * @example
 * logUpperTail({ p: [0.1], count: [100], length: 1 }, 30) // ≈ −15.5 (exact ln P ≈ −17.3)
 */
export function logUpperTail(groups: BernoulliGroups, k: number): number {
  let certain = 0;
  let support = 0;
  let mean = 0;
  let logAll = 0; // log P(every uncertain Bernoulli is 1)
  for (let g = 0; g < groups.length; g++) {
    const p = groups.p[g]!;
    const n = groups.count[g]!;
    if (p >= 1) certain += n;
    else if (p > 0) {
      support += n;
      mean += n * p;
      logAll += n * Math.log(p);
    }
  }
  const need = k - certain;
  if (need <= mean) return 0;
  if (need > support) return -Infinity;
  if (need === support) return logAll;
  // Solve Λ'(t) = need for t > 0 by safeguarded Newton on t.
  let lo = 0;
  let hi = Infinity;
  let t = Math.log((need * (1 - mean / support)) / (mean * (1 - need / support)) + 1e-300);
  if (!(t > 0) || !Number.isFinite(t)) t = 1;
  for (let iter = 0; iter < 100; iter++) {
    const u = Math.exp(t);
    let d1 = 0;
    let d2 = 0;
    for (let g = 0; g < groups.length; g++) {
      const p = groups.p[g]!;
      if (!(p > 0) || p >= 1) continue;
      const n = groups.count[g]!;
      const q = (p * u) / (1 - p + p * u);
      d1 += n * q;
      d2 += n * q * (1 - q);
    }
    const f = d1 - need;
    if (f > 0) hi = Math.min(hi, t);
    else lo = Math.max(lo, t);
    if (Math.abs(f) < 1e-9 * Math.max(1, need)) break;
    let next = d2 > 0 ? t - f / d2 : NaN;
    if (!(next > lo && next < hi)) next = Number.isFinite(hi) ? (lo + hi) / 2 : t * 2 + 1;
    if (Math.abs(next - t) < 1e-12) break;
    t = next;
  }
  let lambda = 0;
  for (let g = 0; g < groups.length; g++) {
    const p = groups.p[g]!;
    if (!(p > 0) || p >= 1) continue;
    lambda += groups.count[g]! * Math.log1p(p * Math.expm1(t));
  }
  return Math.min(0, Math.max(logAll, lambda - t * need));
}
