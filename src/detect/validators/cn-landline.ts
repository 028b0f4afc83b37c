/**
 * Mainland fixed-line numbers: trunk prefix 0, area code (2–3 digits after the 0), local number
 * of 7–8 digits. Area codes come from libphonenumber's CN metadata: the codes a landline can
 * have are a table derived from it (cn-area-codes.ts, checked against it by a test); any other
 * string is asked of awesome-phonenumber once (~80 µs) and remembered.
 */
import { createRequire } from 'node:module';
import type * as PhoneNumbers from 'awesome-phonenumber';
import { isListedCnAreaCode } from './cn-area-codes.ts';

/**
 * libphonenumber, loaded on first use: the table answers every code that `isCnLandline` asks
 * about, so a scan never needs the metadata and should not pay for loading it at every start
 * (and in every worker).
 */
function phoneNumbers(): typeof PhoneNumbers {
  return createRequire(import.meta.url)('awesome-phonenumber') as typeof PhoneNumbers;
}

const areaCodes = new Map<string, boolean>();

/**
 * True when `area` (with its 0) is a mainland area code, asked once per code of libphonenumber.
 *
 * @example
 * isCnAreaCode('0755') // true
 * isCnAreaCode('0999') // false
 */
export function isCnAreaCode(area: string): boolean {
  if (inListedShape(area)) return isListedCnAreaCode(area);
  let known = areaCodes.get(area);
  if (known === undefined) {
    known = ['2345678', '23456789', '62345678', '87654321'].some((local) => {
      const parsed = phoneNumbers().parsePhoneNumber(area + local, { regionCode: 'CN' });
      return parsed.valid && parsed.type === 'fixed-line';
    });
    areaCodes.set(area, known);
  }
  return known;
}

/** 0 + 1x/2x (three characters) or 0 + 3xx–9xx (four): the shapes the table covers whole. */
function inListedShape(area: string): boolean {
  if (!/^0[0-9]{2,3}$/.test(area)) return false;
  const second = area.charCodeAt(1);
  return area.length === 3 ? second === 49 || second === 50 : second >= 51;
}

/**
 * Length of the area code (with its 0) at the start of a landline: 3 for 010 and 02x,
 * 4 otherwise.
 *
 * @example
 * cnAreaCodeLength('02112345678') // 3
 */
export function cnAreaCodeLength(digits: string): 3 | 4 {
  return digits[1] === '1' || digits[1] === '2' ? 3 : 4;
}

/**
 * True when the digits (with the leading 0) form a mainland fixed-line number: a known area
 * code and a local number of 7 or 8 digits that does not start with 0. libphonenumber's
 * per-city local lengths are not enforced, since records keep the 7-digit numbers that many
 * cities used before they moved to 8 digits.
 *
 * @example
 * isCnLandline('01012345678')  // true  (Beijing)
 * isCnLandline('075588888888') // true  (Shenzhen)
 * isCnLandline('05513248742')  // true  (Hefei, old 7-digit number)
 * isCnLandline('0101234567')   // false (Beijing numbers have 8 digits)
 */
export function isCnLandline(digits: string): boolean {
  if (!/^0[1-9][0-9]{8,10}$/.test(digits)) return false;
  const areaLength = cnAreaCodeLength(digits);
  const local = digits.slice(areaLength);
  if (local.length < 7 || local.length > 8 || local[0] === '0') return false;
  // Three-digit area codes are the large cities, all on 8-digit numbers.
  if (areaLength === 3 && local.length !== 8) return false;
  return isCnAreaCode(digits.slice(0, areaLength));
}
