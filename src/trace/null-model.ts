/**
 * The chance model of access-set attribution (DESIGN §4.6): how likely a non-source actor is to
 * have accessed a leaked customer anyway.
 *
 * Customers are grouped into strata of equally-often-accessed customers — the same number of
 * distinct actors d(c) who accessed them before the leak was seen, split further by how many
 * access events per actor they drew (quarter-octave bins of events ÷ d). A leak of much-handled
 * customers (claims-heavy, VIP) then competes only with other much-handled customers: a claims
 * clerk who touches every such customer is compared with what touching them implies, not with
 * the vault's average.
 *
 * Within stratum s, actor j accessed m_js of its N_s customers. Under "j is not the source" a
 * leaked customer c of stratum s is in j's history with probability
 *
 *     p_jc = 1 − (1 − x_js)^d(c),   x_js solving Σ_{c∈s} [1 − (1 − x_js)^d(c)] = m_js
 *
 * — each of c's d(c) accessor "slots" is j's with chance x_js. When every customer of the
 * stratum has the same d this is exactly m_js / N_s (the hypergeometric draw of the design);
 * when small strata had to be merged, customers with more accessors get a larger chance, and an
 * actor who touched the whole stratum (a nightly batch job) gets p = 1 for every customer, as
 * they must. Leaked customers are independent given their strata.
 */
import type { AccessIndex } from './access-index.ts';

/** Least customers per stratum; smaller groups merge with their neighbours (next d). */
export const MIN_STRATUM_SIZE = 25;
/** Bins of events per accessor: quarter octaves, capped (finer bins leave less room for a "most-accessed" selection to favour one actor within a stratum). */
const EVENT_BINS = 32;
/** Resolution of the events-per-accessor bins. */
const BINS_PER_OCTAVE = 4;

/**
 * Strata and per-actor stratum counts over one access history.
 *
 * @example
 * const model = NullModel.build(index);
 * model.probability(actor, customer); // chance that a non-source actor had the customer
 */
export class NullModel {
  /** Stratum of each index customer. */
  readonly stratumOf: Uint32Array;
  /** Number of strata. */
  readonly strata: number;
  /** Σ d(c) per stratum. */
  readonly pairsIn: Float64Array;
  /** Customers per stratum. */
  readonly sizeOf: Uint32Array;
  /** m[a * strata + s]: customers of stratum s that actor a accessed. */
  readonly accessedIn: Uint32Array;
  /** Distinct d values per stratum (CSR: dValues[dOffsets[s]..dOffsets[s+1]]) and their counts. */
  readonly #dOffsets: Uint32Array;
  readonly #dValues: Float64Array;
  readonly #dCounts: Float64Array;
  /** Cache of x_js (NaN = not solved yet). */
  readonly #slot: Float64Array;

  private constructor(
    readonly index: AccessIndex,
    stratumOf: Uint32Array,
    strata: number,
  ) {
    this.stratumOf = stratumOf;
    this.strata = strata;
    this.pairsIn = new Float64Array(strata);
    this.sizeOf = new Uint32Array(strata);
    this.accessedIn = new Uint32Array(index.actors.length * strata);
    for (let c = 0; c < index.customers.length; c++) {
      const s = stratumOf[c]!;
      this.sizeOf[s]!++;
      this.pairsIn[s]! += index.distinctActors(c);
      for (const a of index.actorsOfCustomer(c)) this.accessedIn[a * strata + s]!++;
    }
    const hist: Map<number, number>[] = Array.from({ length: strata }, () => new Map());
    for (let c = 0; c < index.customers.length; c++) {
      const h = hist[stratumOf[c]!]!;
      const d = index.distinctActors(c);
      h.set(d, (h.get(d) ?? 0) + 1);
    }
    this.#dOffsets = new Uint32Array(strata + 1);
    const total = hist.reduce((n, h) => n + h.size, 0);
    this.#dValues = new Float64Array(total);
    this.#dCounts = new Float64Array(total);
    let at = 0;
    hist.forEach((h, s) => {
      for (const [d, count] of h) {
        this.#dValues[at] = d;
        this.#dCounts[at++] = count;
      }
      this.#dOffsets[s + 1] = at;
    });
    this.#slot = new Float64Array(index.actors.length * strata).fill(NaN);
  }

  /**
   * Probability that actor `a` had, by chance, a customer of stratum `s` with `d` distinct
   * accessors (see the module note).
   *
   * @example
   * model.chance(actor, stratum, 3); // in [0, 1]
   */
  chance(a: number, s: number, d: number): number {
    const i = a * this.strata + s;
    const m = this.accessedIn[i]!;
    if (m === 0) return 0;
    if (m >= this.sizeOf[s]!) return 1;
    let x = this.#slot[i]!;
    if (Number.isNaN(x)) {
      x = this.#solveSlot(s, m);
      this.#slot[i] = x;
    }
    return x >= 1 ? 1 : -Math.expm1(d * Math.log1p(-x));
  }

  /** x with Σ count_v (1 − (1 − x)^d_v) = m, by bisection (the sum increases with x). */
  #solveSlot(s: number, m: number): number {
    const from = this.#dOffsets[s]!;
    const to = this.#dOffsets[s + 1]!;
    let lo = 0;
    let hi = 1;
    for (let iter = 0; iter < 60; iter++) {
      const x = (lo + hi) / 2;
      const l = Math.log1p(-x);
      let sum = 0;
      for (let v = from; v < to; v++) sum -= this.#dCounts[v]! * Math.expm1(this.#dValues[v]! * l);
      if (sum < m) lo = x;
      else hi = x;
    }
    return (lo + hi) / 2;
  }

  /**
   * Builds the strata of `index`.
   *
   * @example
   * const model = NullModel.build(index, { minStratumSize: 25 });
   */
  static build(index: AccessIndex, options: { minStratumSize?: number } = {}): NullModel {
    const n = index.customers.length;
    const minSize = Math.max(
      options.minStratumSize ?? MIN_STRATUM_SIZE,
      // Keep the actor × stratum table bounded (a few thousand strata) on very large vaults.
      Math.ceil(n / 4000),
    );
    const keyOf = new Float64Array(n);
    for (let c = 0; c < n; c++) {
      const d = index.distinctActors(c);
      const ratio = index.events[c]! / Math.max(1, d);
      const bin = Math.min(
        EVENT_BINS - 1,
        Math.floor(BINS_PER_OCTAVE * Math.log2(Math.max(1, ratio))),
      );
      keyOf[c] = d * EVENT_BINS + bin;
    }
    // Count customers per key, in key order, then merge runs of small keys.
    const sortedKeys = Float64Array.from(keyOf).sort();
    const keys: number[] = [];
    const counts: number[] = [];
    for (let i = 0; i < n; i++) {
      const k = sortedKeys[i]!;
      if (keys.length > 0 && keys[keys.length - 1] === k) counts[counts.length - 1]!++;
      else {
        keys.push(k);
        counts.push(1);
      }
    }
    const stratumOfKey = new Map<number, number>();
    let strata = 0;
    let filling = 0;
    for (let i = 0; i < keys.length; i++) {
      stratumOfKey.set(keys[i]!, strata);
      filling += counts[i]!;
      if (filling >= minSize) {
        strata++;
        filling = 0;
      }
    }
    if (filling > 0) {
      if (strata > 0) {
        // A short last run joins the stratum before it.
        for (let i = keys.length - 1; i >= 0 && stratumOfKey.get(keys[i]!) === strata; i--) {
          stratumOfKey.set(keys[i]!, strata - 1);
        }
      } else strata = 1;
    }
    strata = Math.max(1, strata);
    const stratumOf = new Uint32Array(n);
    for (let c = 0; c < n; c++) stratumOf[c] = stratumOfKey.get(keyOf[c]!)!;
    return new NullModel(index, stratumOf, strata);
  }

  /** Actors whose history is tested (everyone with at least one access before the leak). */
  get actorsTested(): number {
    return this.index.actors.length;
  }

  /** Probability that actor `a` accessed index customer `c` by chance (see the module note). */
  probability(a: number, c: number): number {
    return this.chance(a, this.stratumOf[c]!, this.index.distinctActors(c));
  }

  /** A one-line statement of the model, for reports and evidence bundles. */
  describe(): string {
    return (
      `per-stratum chance overlap: customers stratified by distinct accessors and events per ` +
      `accessor before seen_at (${this.strata} strata, ≥${MIN_STRATUM_SIZE} customers each); ` +
      `P(non-source actor j had customer c) = 1-(1-x_js)^d(c), Σ_s[1-(1-x_js)^d] = m_js; ` +
      `Chernoff upper bound on the ` +
      `Poisson-binomial tail; Bonferroni over ${this.actorsTested} actors tested`
    );
  }
}
