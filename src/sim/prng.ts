/**
 * A fast seeded PRNG (sfc32, Chris Doty-Humphrey's Small Fast Counter): 128 bits of state, passes
 * PractRand to terabytes, and costs a few integer ops a draw — the simulator draws hundreds of
 * millions of numbers. `Math.random` cannot be seeded; a crypto PRNG is 20× slower.
 *
 * Streams are derived from (seed, label, index) by hashing, so each customer, staff member and
 * day has its own stream: the output does not depend on the order things are generated in, and a
 * customer can be regenerated alone (`customerAt(i)`).
 */

/** 32-bit mix (murmur3's finaliser). */
function mix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * A 32-bit hash of numbers and strings, for deriving stream seeds.
 *
 * @example
 * hashKey(1, 'customer', 42) // a stable 32-bit number
 */
export function hashKey(...parts: readonly (number | string)[]): number {
  let h = 0x9e3779b9;
  for (const p of parts) {
    if (typeof p === 'number') {
      h = mix32(h ^ (p >>> 0));
      h = mix32(h ^ Math.floor(p / 4294967296));
    } else {
      for (let i = 0; i < p.length; i++) h = mix32(h ^ p.charCodeAt(i));
      h = mix32(h ^ p.length);
    }
  }
  return h;
}

/**
 * A seeded sfc32 generator with the draws the simulator needs.
 *
 * @example
 * const r = new Prng(7, 'day', 3); r.int(6); r.chance(0.1); r.poisson(20);
 */
export class Prng {
  #a: number;
  #b: number;
  #c: number;
  #d: number;

  /**
   * @example
   * const r = new Prng(1, 'staff', 7); r.float(); r.int(10);
   */
  constructor(...key: readonly (number | string)[]) {
    const h = hashKey(...key);
    this.#a = h;
    this.#b = mix32(h ^ 0x6a09e667);
    this.#c = mix32(h ^ 0xbb67ae85);
    this.#d = 1;
    for (let i = 0; i < 12; i++) this.u32();
  }

  /** Uniform 32-bit unsigned integer. */
  u32(): number {
    const a = this.#a;
    const b = this.#b;
    const c = this.#c;
    const d = this.#d;
    const t = (((a + b) | 0) + d) | 0;
    this.#d = (d + 1) | 0;
    this.#a = b ^ (b >>> 9);
    this.#b = (c + (c << 3)) | 0;
    const r = (c << 21) | (c >>> 11);
    this.#c = (r + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1). */
  float(): number {
    return this.u32() / 4294967296;
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.float() * n);
  }

  /** Uniform integer in [lo, hi] (inclusive). */
  range(lo: number, hi: number): number {
    return lo + Math.floor(this.float() * (hi - lo + 1));
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.float() < p;
  }

  /** One element, uniformly. */
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.float() * items.length)]!;
  }

  /** Standard normal (Box–Muller). */
  normal(): number {
    const u = 1 - this.float();
    const v = this.float();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** Poisson-distributed count (Knuth for small means, normal approximation above 30). */
  poisson(mean: number): number {
    if (mean <= 0) return 0;
    if (mean > 30) return Math.max(0, Math.round(mean + Math.sqrt(mean) * this.normal()));
    const l = Math.exp(-mean);
    let k = 0;
    let p = this.float();
    while (p > l) {
      k++;
      p *= this.float();
    }
    return k;
  }

  /** Fisher–Yates shuffle in place. */
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(this.float() * (i + 1));
      const t = items[i]!;
      items[i] = items[j]!;
      items[j] = t;
    }
    return items;
  }

  /** Fisher–Yates shuffle of a typed array in place. */
  shuffleInts(items: Int32Array): Int32Array {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(this.float() * (i + 1));
      const t = items[i]!;
      items[i] = items[j]!;
      items[j] = t;
    }
    return items;
  }
}

/**
 * Walker's alias method: O(1) draws from a fixed discrete distribution (surnames, regions,
 * phone prefixes, per-customer weights of a book).
 *
 * @example
 * new AliasTable([7, 2, 1]).draw(new Prng(1)) // 0, seven times in ten
 */
export class AliasTable {
  readonly #prob: Float64Array;
  readonly #alias: Int32Array;
  readonly size: number;

  /**
   * @example
   * const t = new AliasTable([7, 2, 1]); t.draw(new Prng(1)); // 0 seven times in ten
   */
  constructor(weights: ArrayLike<number>) {
    const n = weights.length;
    if (n === 0) throw new RangeError('AliasTable: no weights');
    this.size = n;
    this.#prob = new Float64Array(n);
    this.#alias = new Int32Array(n);
    let total = 0;
    for (let i = 0; i < n; i++) total += weights[i]!;
    const scaled = new Float64Array(n);
    for (let i = 0; i < n; i++) scaled[i] = total > 0 ? (weights[i]! * n) / total : 1;
    const small: number[] = [];
    const large: number[] = [];
    for (let i = 0; i < n; i++) (scaled[i]! < 1 ? small : large).push(i);
    while (small.length && large.length) {
      const s = small.pop()!;
      const l = large[large.length - 1]!;
      this.#prob[s] = scaled[s]!;
      this.#alias[s] = l;
      scaled[l] = scaled[l]! + scaled[s]! - 1;
      if (scaled[l]! < 1) {
        large.pop();
        small.push(l);
      }
    }
    for (const i of large) this.#prob[i] = 1;
    for (const i of small) this.#prob[i] = 1;
  }

  /** An index drawn with probability proportional to its weight. */
  draw(r: Prng): number {
    const x = r.float() * this.size;
    const i = Math.floor(x);
    return x - i < this.#prob[i]! ? i : this.#alias[i]!;
  }
}
