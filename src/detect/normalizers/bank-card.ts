/**
 * Canonical payment card numbers: the digits alone.
 */

/**
 * Removes everything but digits.
 *
 * @example
 * normalizeBankCard('6222-0212-3456-7890-128') // '6222021234567890128'
 */
export function normalizeBankCard(written: string): string {
  return written.replace(/[^0-9]/g, '');
}
