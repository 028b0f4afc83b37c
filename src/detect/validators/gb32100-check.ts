/**
 * Check character of the unified social credit code (统一社会信用代码, GB 32100-2015 §5):
 * 18 characters from a 31-symbol alphabet (digits and upper-case letters without I, O, S, V, Z),
 * weights 3^(i-1) mod 31, check = 31 − (Σ mod 31), with 31 written as 0.
 */

/** The GB 32100 code alphabet; a character's index is its value. */
export const GB32100_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

/** Weights for positions 1–17 (GB 32100-2015 table 3). */
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;

/**
 * The check character for a 17-character body, or undefined when the body is malformed.
 *
 * @example
 * gb32100CheckChar('91350100M000100Y4') // '3'
 */
export function gb32100CheckChar(body: string): string | undefined {
  if (body.length !== 17) return undefined;
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = GB32100_ALPHABET.indexOf(body[i]!);
    if (v < 0) return undefined;
    sum += v * WEIGHTS[i]!;
  }
  return GB32100_ALPHABET[(31 - (sum % 31)) % 31];
}

/**
 * True when an 18-character upper-case code carries the right GB 32100 check character.
 *
 * @example
 * isValidGb32100('91350100M000100Y43') // true
 * isValidGb32100('91350100M000100Y44') // false
 */
export function isValidGb32100(code: string): boolean {
  return code.length === 18 && gb32100CheckChar(code.slice(0, 17)) === code[17];
}
