/**
 * The Luhn (mod 10) check of ISO/IEC 7812-1, used by payment card numbers.
 */

/**
 * True when a string of digits passes the Luhn check. Non-digits make it false.
 *
 * @example
 * isValidLuhn('4111111111111111') // true
 * isValidLuhn('4111111111111112') // false
 */
export function isValidLuhn(digits: string): boolean {
  if (digits.length < 2) return false;
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return false;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

/**
 * The digit that makes `body + digit` pass the Luhn check.
 *
 * @example
 * luhnCheckDigit('411111111111111') // '1'
 */
export function luhnCheckDigit(body: string): string {
  for (let c = 0; c <= 9; c++) if (isValidLuhn(body + c)) return String(c);
  throw new RangeError('body must be digits');
}
