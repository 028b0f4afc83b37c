/**
 * Canonical phone numbers, the form the vault's blind index and leak matching compare:
 * a mainland mobile is its 11 digits (no +86), a landline is area code + local number as
 * digits ("075588888888").
 */

/**
 * The canonical form of a mainland phone number as written, or undefined when it is not one.
 * Full-width digits must already be folded.
 *
 * @example
 * normalizePhone('+86 138-0013-8000') // '13800138000'
 * normalizePhone('0086 13800138000')  // '13800138000'
 * normalizePhone('(0755) 8888 8888')   // '075588888888'
 */
export function normalizePhone(written: string): string | undefined {
  let digits = written.replace(/[^0-9]/g, '');
  if (digits.length === 15 && digits.startsWith('0086')) digits = digits.slice(4);
  else if (digits.length === 13 && digits.startsWith('86')) digits = digits.slice(2);
  if (digits.length === 11 && digits[0] === '1') return digits;
  if (digits.length >= 10 && digits.length <= 12 && digits[0] === '0') return digits;
  return undefined;
}
