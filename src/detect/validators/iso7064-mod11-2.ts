/**
 * ISO 7064 MOD 11-2, the check character of the 18-character resident identity number
 * (GB 11643-1999 §8.2). Weights are 2^(17-i) mod 11 for the 17 body digits; the check value
 * 0–10 is written 0–9 or X.
 */

/** Weights W_i = 2^(i-1) mod 11, for positions 18 down to 2 (GB 11643-1999 table 2). */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
/** Check character for each value of the weighted sum mod 11. */
const CHECK_CHARS = '10X98765432';

/**
 * The check character for 17 body digits, or undefined when the body is not 17 digits.
 *
 * @example
 * iso7064Mod112CheckChar('11010519491231002') // 'X'
 */
export function iso7064Mod112CheckChar(body: string): string | undefined {
  if (body.length !== 17) return undefined;
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const d = body.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return undefined;
    sum += d * WEIGHTS[i]!;
  }
  return CHECK_CHARS[sum % 11];
}

/**
 * True when an 18-character string ends with the right MOD 11-2 check character (x or X).
 *
 * @example
 * isValidIso7064Mod112('11010519491231002X') // true
 * isValidIso7064Mod112('11010519491231002x') // true
 * isValidIso7064Mod112('110105194912310021') // false
 */
export function isValidIso7064Mod112(id: string): boolean {
  if (id.length !== 18) return false;
  // Computed in place (no slice): this runs for every 18-digit number in a scan.
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const d = id.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return false;
    sum += d * WEIGHTS[i]!;
  }
  const last = id.charCodeAt(17);
  return CHECK_CHARS.charCodeAt(sum % 11) === (last === 120 ? 88 : last);
}
