/**
 * Mainland fixed-line numbers: trunk prefix 0, area code (2–3 digits after the 0), local number
 * of 7–8 digits. Area codes and local lengths come from libphonenumber's CN metadata through
 * awesome-phonenumber; parsing is slow (~150 µs), so call it only on candidates that already
 * start with 0 and have 10–12 digits.
 */
import { parsePhoneNumber } from 'awesome-phonenumber';

/**
 * True when the digits (with the leading 0) form a valid mainland fixed-line number.
 *
 * @example
 * isCnLandline('01012345678')  // true  (Beijing)
 * isCnLandline('075588888888') // true  (Shenzhen)
 * isCnLandline('07558888888')  // false (Shenzhen numbers have 8 digits)
 */
export function isCnLandline(digits: string): boolean {
  if (digits.length < 10 || digits.length > 12 || digits[0] !== '0' || digits[1] === '0') {
    return false;
  }
  const parsed = parsePhoneNumber(digits, { regionCode: 'CN' });
  return parsed.valid && parsed.type === 'fixed-line';
}

/**
 * Length of the area code (with its 0) at the start of a valid landline: 3 for 010 and 02x,
 * 4 otherwise.
 *
 * @example
 * cnAreaCodeLength('02112345678') // 3
 */
export function cnAreaCodeLength(digits: string): 3 | 4 {
  return digits[1] === '1' || digits[1] === '2' ? 3 : 4;
}
