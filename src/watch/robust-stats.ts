/**
 * Robust location and scale (median, MAD) for baselines: one unusual day must not move a
 * baseline the way it moves a mean and standard deviation.
 */

/** 1 / Φ⁻¹(3/4): scales the MAD to a standard deviation under normality. */
export const MAD_TO_SD = 1.4826;

/** Scratch space reused by median and mad: baselines sort millions of short lists. */
let scratch = new Float64Array(256);

function sortedCopy(values: ArrayLike<number>, map?: (v: number) => number): Float64Array {
  const n = values.length;
  if (scratch.length < n) scratch = new Float64Array(Math.max(n, scratch.length * 2));
  const a = scratch.subarray(0, n);
  if (map) for (let i = 0; i < n; i++) a[i] = map(values[i]!);
  else for (let i = 0; i < n; i++) a[i] = values[i]!;
  return a.sort();
}

function middle(a: Float64Array): number {
  const n = a.length;
  const mid = n >> 1;
  return n % 2 === 1 ? a[mid]! : (a[mid - 1]! + a[mid]!) / 2;
}

/**
 * Median of `values` (0 for an empty list). Does not modify its argument.
 *
 * @example
 * median([3, 1, 2]) // 2
 */
export function median(values: ArrayLike<number>): number {
  if (values.length === 0) return 0;
  return middle(sortedCopy(values));
}

/**
 * Median absolute deviation from `center` (default: the median).
 *
 * @example
 * mad([1, 2, 3, 4, 100]) // 1
 */
export function mad(values: ArrayLike<number>, center: number = median(values)): number {
  if (values.length === 0) return 0;
  return middle(sortedCopy(values, (v) => Math.abs(v - center)));
}
