/**
 * Mainland China mobile number prefixes (the first three digits of the 11-digit number).
 *
 * The table is the union of the ranges the MIIT has allocated to carriers, virtual operators and
 * IoT/data SIMs: 13x, 14[5-9], 15[0-35-9], 16[2567], 17[0-8], 18x, 19[0-35-9]. It is a superset of
 * libphonenumber's CN mobile metadata (checked in the tests against awesome-phonenumber), which
 * omits some data-only ranges (146, 148, 149) that still reach people. A plain table keeps the hot
 * path to one lookup: libphonenumber parsing costs ~150 µs a number.
 */

/** Allowed third digits for each two-digit start, as bit masks over 0–9. */
const THIRD_DIGITS: Readonly<Record<string, string>> = {
  '13': '0123456789',
  '14': '56789',
  '15': '012356789',
  '16': '2567',
  '17': '012345678',
  '18': '0123456789',
  '19': '012356789',
};

const PREFIXES: ReadonlySet<string> = new Set(
  Object.entries(THIRD_DIGITS).flatMap(([two, thirds]) => [...thirds].map((d) => two + d)),
);

/** Every allocated three-digit mobile prefix, sorted. */
export const CN_MOBILE_PREFIXES: readonly string[] = [...PREFIXES].sort();

/**
 * True when an 11-digit string starts with an allocated mainland mobile prefix.
 *
 * @example
 * isCnMobileNumber('13800138000') // true
 * isCnMobileNumber('12345678901') // false
 * isCnMobileNumber('1380013800')  // false (10 digits)
 */
export function isCnMobileNumber(digits: string): boolean {
  return digits.length === 11 && /^[0-9]{11}$/.test(digits) && PREFIXES.has(digits.slice(0, 3));
}
