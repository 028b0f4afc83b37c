/**
 * A sorted copy of an actor's recent history for one feature, kept up to date as days are added
 * and dropped, so that the own baseline (median and MAD) costs no sort per actor and day.
 *
 * The results are bit-for-bit those of {@link median} and {@link mad} on the same values: the
 * median is read at the middle, and the MAD merges the deviations on both sides of the median
 * outward (each side is already in order), taking the middle of that merge.
 */

/**
 * @example
 * const w = SortedWindow.of([3, 1, 2]);
 * w.median(); // 2
 * w.replace(3, 10); // [1, 2, 10]
 */
export class SortedWindow {
  #a: Float64Array;
  #n = 0;

  constructor(capacity = 8) {
    this.#a = new Float64Array(Math.max(1, capacity));
  }

  /**
   * A window holding `values` (any order).
   *
   * @example
   * const w = SortedWindow.of(state.hist.noOutcome);
   */
  static of(values: ArrayLike<number>): SortedWindow {
    const w = new SortedWindow(values.length + 1);
    for (let i = 0; i < values.length; i++) w.#a[i] = values[i]!;
    w.#n = values.length;
    w.#a.subarray(0, w.#n).sort();
    return w;
  }

  /** Number of values. */
  get size(): number {
    return this.#n;
  }

  /** Adds `x` at its place. */
  insert(x: number): void {
    if (this.#n === this.#a.length) {
      const b = new Float64Array(this.#a.length * 2);
      b.set(this.#a);
      this.#a = b;
    }
    const a = this.#a;
    let i = this.#n;
    while (i > 0 && a[i - 1]! > x) {
      a[i] = a[i - 1]!;
      i--;
    }
    a[i] = x;
    this.#n++;
  }

  /** Removes one occurrence of `x` (a value previously inserted); false when absent. */
  remove(x: number): boolean {
    const a = this.#a;
    let lo = 0;
    let hi = this.#n;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (a[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    if (lo >= this.#n || a[lo] !== x) return false;
    a.copyWithin(lo, lo + 1, this.#n);
    this.#n--;
    return true;
  }

  /** Median (0 when empty), as {@link median}. */
  median(): number {
    const n = this.#n;
    if (n === 0) return 0;
    const a = this.#a;
    const mid = n >> 1;
    return n % 2 === 1 ? a[mid]! : (a[mid - 1]! + a[mid]!) / 2;
  }

  /** Median absolute deviation from `center` (0 when empty), as {@link mad}. */
  mad(center: number): number {
    const n = this.#n;
    if (n === 0) return 0;
    const a = this.#a;
    // Left side: values ≤ center, deviations growing leftwards; right side: growing rightwards.
    let r = 0;
    while (r < n && a[r]! <= center) r++;
    let l = r - 1;
    const want = n >> 1;
    let prev = 0;
    let cur = 0;
    for (let k = 0; k <= want; k++) {
      const dl = l >= 0 ? Math.abs(a[l]! - center) : Infinity;
      const dr = r < n ? Math.abs(a[r]! - center) : Infinity;
      prev = cur;
      if (dl <= dr) {
        cur = dl;
        l--;
      } else {
        cur = dr;
        r++;
      }
    }
    return n % 2 === 1 ? cur : (prev + cur) / 2;
  }
}
