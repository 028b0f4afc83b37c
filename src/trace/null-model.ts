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
 * When the vault records branches (`groupOf`, loaded by customer-groups.ts), the branch is the
 * coarsest level: a leak of one branch's customers then competes only with that branch's
 * customers, so covering the branch for one's work (its manager, its clerks) is not evidence.
 *
 * Strata are cut hierarchically (see {@link partitionStrata}): first by d, neighbouring d values
 * pooled only where a single d has fewer than the minimum customers; then, within each d (or
 * pooled d range), by the events-per-accessor bin, neighbouring bins pooled likewise but never
 * across more than one octave (so events per accessor within a stratum differ by less than a
 * factor 2; a short run that cannot pool within that stays a small stratum of its own). A pooled
 * stratum therefore only ever spans neighbouring access frequencies — never the busiest
 * customers of one d together with the least-opened customers of the next, a mix in which a
 * "most-accessed" leak would take only the busy end, owned by whoever re-reads records most.
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

/**
 * Least customers per stratum; smaller cells pool with their neighbours (same d first, events
 * per accessor within one octave — beyond that a stratum may stay smaller).
 */
export const MIN_STRATUM_SIZE = 25;
/** A group (branch) needs this many minimum-size strata' worth of customers to stand alone. */
export const MIN_GROUP_STRATA = 20;
/** Most actor × stratum cells (4 + 8 bytes each) before strata are made coarser. */
const MAX_TABLE_CELLS = 16_000_000;
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
    /** Customer groups (branches) the strata were cut within; 1 = not grouped. */
    readonly groups = 1,
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
    // One d in the stratum (most strata: d is the first level cut): the solution is m / N.
    if (this.#dOffsets[s + 1]! - this.#dOffsets[s]! === 1) return m / this.sizeOf[s]!;
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
   * Builds the strata of `index` (see {@link partitionStrata} for how small cells merge).
   * `groupOf[c]` (per index customer; e.g. a number per branch) makes the group the coarsest
   * level: a customer then competes only with customers of its own group and access frequency.
   * Groups under {@link MIN_GROUP_STRATA} × the stratum size pool into one.
   *
   * @example
   * const model = NullModel.build(index, { minStratumSize: 25, groupOf: branchOfCustomer });
   */
  static build(
    index: AccessIndex,
    options: { minStratumSize?: number; groupOf?: ArrayLike<number> } = {},
  ): NullModel {
    const n = index.customers.length;
    let minSize = Math.max(
      options.minStratumSize ?? MIN_STRATUM_SIZE,
      // Keep the actor × stratum table bounded (a few thousand strata) on very large vaults.
      Math.ceil(n / 4000),
    );
    const d = new Uint32Array(n);
    const bin = new Uint32Array(n);
    for (let c = 0; c < n; c++) {
      d[c] = index.distinctActors(c);
      const ratio = index.events[c]! / Math.max(1, d[c]!);
      bin[c] = Math.min(
        EVENT_BINS - 1,
        Math.floor(BINS_PER_OCTAVE * Math.log2(Math.max(1, ratio))),
      );
    }
    for (;;) {
      const group = options.groupOf ? poolSmallGroups(options.groupOf, n, minSize) : undefined;
      const { stratumOf, strata } = group
        ? partitionStrata([group.of, d, bin], minSize, [Infinity, Infinity, BINS_PER_OCTAVE])
        : partitionStrata([d, bin], minSize, [Infinity, BINS_PER_OCTAVE]);
      // Small strata that cannot pool (rare frequencies, many groups) must not blow up the
      // actor × stratum table: coarser strata are always valid, only less sharp.
      if (strata * index.actors.length <= MAX_TABLE_CELLS || minSize >= n) {
        return new NullModel(index, stratumOf, strata, group?.count ?? 1);
      }
      minSize *= 2;
    }
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
      `per-stratum chance overlap: customers stratified by ` +
      (this.groups > 1 ? `branch (${this.groups} groups), then ` : '') +
      `distinct accessors, then events per ` +
      `accessor (pooled within one octave), before seen_at (${this.strata} strata, ` +
      `≥${MIN_STRATUM_SIZE} customers where pooling allows); ` +
      `P(non-source actor j had customer c) = 1-(1-x_js)^d(c), Σ_s[1-(1-x_js)^d] = m_js; ` +
      `Chernoff upper bound on the ` +
      `Poisson-binomial tail; Bonferroni over ${this.actorsTested} actors tested`
    );
  }
}

/**
 * Partitions items into strata of at least `minSize` by a hierarchy of integer keys (coarse to
 * fine — here distinct accessors d, then the events-per-accessor bin). At each level the items
 * of one parent stratum are ordered by that level's key and cut into runs of whole key values
 * holding at least `minSize` items; a short last run joins the run before it. Each run is then
 * split by the next level the same way.
 *
 * `maxSpan[level]` bounds how far apart two key values of one run may be (values v and w pool
 * only when |v − w| < span): a short run that would have to pool beyond it stays a stratum of
 * its own, smaller than `minSize`. That costs only power, never validity — the chance model is
 * the exact hypergeometric draw within any stratum, however small (a stratum of one customer
 * gives every actor p = 0 or 1: no evidence either way).
 *
 * Why hierarchical, not one sorted run of (d, bin) keys: merging along a single sort order joins
 * the last, high-events bins of one d with the first, low-events bins of the next d. Such a
 * stratum spans customers opened 9 times and 45 times alike, and a leak of much-accessed
 * customers takes its high end only — which belongs to whoever opens records most often (a
 * claims clerk re-reading the same customers), so that actor's chance rate was diluted by the
 * low end and a leak from outside accused them (issue 6, seed 1431845713: 7/200). Here a merged
 * stratum only ever spans neighbouring values of one key within fixed coarser keys.
 *
 * @example
 * const { stratumOf, strata } = partitionStrata([dOf, binOf], 25);
 */
export function partitionStrata(
  levels: readonly ArrayLike<number>[],
  minSize: number,
  maxSpan: readonly number[] = [],
): { stratumOf: Uint32Array; strata: number } {
  const n = levels[0]?.length ?? 0;
  const stratumOf = new Uint32Array(n);
  if (n === 0 || levels.length === 0) return { stratumOf, strata: 1 };
  // Distinct key tuples with their counts: one numeric sort of keys packed into one float64
  // (each level ranked densely first, so the product of the radices stays far below 2^53).
  const ranked = levels.map((keys) => rankKeys(keys));
  const radix = ranked.map((r) => r.size);
  if (radix.reduce((x, y) => x * y, 1) > Number.MAX_SAFE_INTEGER) {
    throw new RangeError('partitionStrata: too many distinct key combinations to pack');
  }
  const packed = new Float64Array(n);
  for (let c = 0; c < n; c++) {
    let key = 0;
    for (let l = 0; l < ranked.length; l++) key = key * radix[l]! + ranked[l]!.rank[c]!;
    packed[c] = key;
  }
  const sorted = Float64Array.from(packed).sort();
  const cellKeys: number[] = [];
  const cellCounts: number[] = [];
  for (let i = 0; i < n; i++) {
    const k = sorted[i]!;
    if (cellKeys.length > 0 && cellKeys[cellKeys.length - 1] === k)
      cellCounts[cellCounts.length - 1]!++;
    else {
      cellKeys.push(k);
      cellCounts.push(1);
    }
  }
  // Level digits of each cell, most significant first.
  const digit = (k: number, l: number): number => {
    let div = 1;
    for (let m = ranked.length - 1; m > l; m--) div *= radix[m]!;
    return Math.floor(k / div) % radix[l]!;
  };
  const stratumOfCell = new Uint32Array(cellKeys.length);
  let strata = 0;
  // Cells sorted by packed key are sorted level by level, so every parent stratum is a
  // contiguous range of cells, itself sorted by the next level's key.
  const split = (from: number, to: number, level: number): void => {
    if (level === ranked.length) {
      for (let i = from; i < to; i++) stratumOfCell[i] = strata;
      strata++;
      return;
    }
    const runs: [number, number][] = [];
    const span = maxSpan[level] ?? Infinity;
    const value = (i: number): number => ranked[level]!.values[digit(cellKeys[i]!, level)]!;
    const closeShort = (a: number, b: number): void => {
      const last = runs[runs.length - 1];
      if (last !== undefined && value(b - 1) - value(last[0]) < span) last[1] = b;
      else runs.push([a, b]);
    };
    let runFrom = from;
    let filling = 0;
    let i = from;
    while (i < to) {
      const v = digit(cellKeys[i]!, level);
      if (filling > 0 && value(i) - value(runFrom) >= span) {
        // Too far from the short run's first value to pool with it: that run joins the run
        // before it when the span allows, else stands alone.
        closeShort(runFrom, i);
        runFrom = i;
        filling = 0;
      }
      let j = i;
      while (j < to && digit(cellKeys[j]!, level) === v) filling += cellCounts[j++]!;
      if (filling >= minSize) {
        runs.push([runFrom, j]);
        runFrom = j;
        filling = 0;
      }
      i = j;
    }
    if (runFrom < to) closeShort(runFrom, to);
    for (const [a, b] of runs) {
      // A run merged from several values of this level is ordered by this level first; re-sort
      // its cells by the finer levels so the next split sees them in order.
      if (
        level + 1 < ranked.length &&
        digit(cellKeys[a]!, level) !== digit(cellKeys[b - 1]!, level)
      ) {
        sortCellsBelow(a, b, level);
      }
      split(a, b, level + 1);
    }
  };
  /** Re-sorts cells a..b−1 by their finer levels' keys (the part of the packed key below `level`). */
  const sortCellsBelow = (a: number, b: number, level: number): void => {
    let div = 1;
    for (let m = ranked.length - 1; m > level; m--) div *= radix[m]!;
    const idx = Array.from({ length: b - a }, (_, i) => a + i);
    idx.sort((x, y) => (cellKeys[x]! % div) - (cellKeys[y]! % div) || cellKeys[x]! - cellKeys[y]!);
    const keys = idx.map((i) => cellKeys[i]!);
    const counts = idx.map((i) => cellCounts[i]!);
    for (let i = 0; i < keys.length; i++) {
      cellKeys[a + i] = keys[i]!;
      cellCounts[a + i] = counts[i]!;
    }
  };
  split(0, cellKeys.length, 0);
  const cellOfKey = new Map<number, number>();
  cellKeys.forEach((k, i) => cellOfKey.set(k, i));
  for (let c = 0; c < n; c++) stratumOf[c] = stratumOfCell[cellOfKey.get(packed[c]!)!]!;
  return { stratumOf, strata: Math.max(1, strata) };
}

/** Dense ranks (0..size-1, in key order) of integer keys. */
function rankKeys(keys: ArrayLike<number>): { rank: Uint32Array; size: number; values: number[] } {
  const distinct = [...new Set(Array.from(keys))].sort((a, b) => a - b);
  const rankOf = new Map<number, number>();
  distinct.forEach((v, i) => rankOf.set(v, i));
  const rank = new Uint32Array(keys.length);
  for (let i = 0; i < keys.length; i++) rank[i] = rankOf.get(keys[i]!)!;
  return { rank, size: Math.max(1, distinct.length), values: distinct };
}

/**
 * Dense group numbers with every group smaller than {@link MIN_GROUP_STRATA} × `minSize`
 * customers pooled into one: a small branch has too few customers per access frequency to be
 * compared with itself alone.
 */
function poolSmallGroups(
  groupOf: ArrayLike<number>,
  n: number,
  minSize: number,
): { of: Uint32Array; count: number } {
  const size = new Map<number, number>();
  for (let c = 0; c < n; c++) size.set(groupOf[c]!, (size.get(groupOf[c]!) ?? 0) + 1);
  const dense = new Map<number, number>();
  let pooled = -1;
  let count = 0;
  for (const [g, k] of [...size].sort((x, y) => x[0] - y[0])) {
    if (k >= MIN_GROUP_STRATA * minSize) dense.set(g, count++);
    else {
      if (pooled < 0) pooled = count++;
      dense.set(g, pooled);
    }
  }
  const of = new Uint32Array(n);
  for (let c = 0; c < n; c++) of[c] = dense.get(groupOf[c]!)!;
  return { of, count: Math.max(1, count) };
}
