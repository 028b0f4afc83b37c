/**
 * Canonical resident identity numbers: 18 characters, check character X upper-case, no
 * separators; legacy 15-digit numbers are kept as 15 digits (converting them would need the
 * check character to be computed, which is {@link upgradeLegacyResidentId}'s job).
 */
import { iso7064Mod112CheckChar } from '../validators/iso7064-mod11-2.ts';

/**
 * Removes separators and upper-cases the check character.
 *
 * @example
 * normalizeResidentId('110105 19491231 002x') // '11010519491231002X'
 */
export function normalizeResidentId(written: string): string {
  return written.replace(/[^0-9Xx]/g, '').toUpperCase();
}

/**
 * The 18-character form of a 15-digit (pre-1999) number: century 19 inserted, check computed.
 *
 * @example
 * upgradeLegacyResidentId('110105491231002') // '11010519491231002X'
 */
export function upgradeLegacyResidentId(legacy: string): string | undefined {
  if (!/^[0-9]{15}$/.test(legacy)) return undefined;
  const body = legacy.slice(0, 6) + '19' + legacy.slice(6);
  return body + iso7064Mod112CheckChar(body)!;
}
