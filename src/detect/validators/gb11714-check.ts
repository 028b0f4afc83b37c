/**
 * Check character of the organisation code (组织机构代码, GB 11714-1997): eight body characters
 * (digits and upper-case letters, A = 10 … Z = 35), weights 3 7 9 10 5 8 4 2, check
 * 11 − (Σ mod 11), written X for 10 and 0 for 11. Characters 9–17 of a unified social credit
 * code are such a code.
 */

const WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2] as const;

/**
 * True when a 9-character organisation code carries the right check character.
 *
 * @example
 * isValidGb11714('M000100Y4') // true
 * isValidGb11714('M000100Y5') // false
 */
export function isValidGb11714(code: string): boolean {
  if (code.length !== 9) return false;
  let sum = 0;
  for (let i = 0; i < 8; i++) {
    const c = code.charCodeAt(i);
    const v = c >= 48 && c <= 57 ? c - 48 : c >= 65 && c <= 90 ? c - 55 : -1;
    if (v < 0) return false;
    sum += v * WEIGHTS[i]!;
  }
  const check = 11 - (sum % 11);
  const expected = check === 10 ? 'X' : check === 11 ? '0' : String(check);
  return code[8] === expected;
}
