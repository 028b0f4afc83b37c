/**
 * Masking operators (DESIGN §4.2), following local convention: phone `138****5678`, resident ID
 * `110101********1234`, name `张**`, bank card first 6 / last 4, e-mail `z***@example.com`,
 * address to district, birth date to year; plus keep / redact / hash (keyed) / null.
 *
 * Operators keep separators and full-width forms where they mask digit by digit, so a masked
 * value still looks like what it was (`138-****-5678`).
 */
import { createHmac } from 'node:crypto';
import type { EntityType } from '../core/entity-types.ts';
import { COMPOUND_SURNAMES } from '../detect/lexicon/surnames.ts';

/** The character that replaces hidden characters. */
export const MASK_CHAR = '*';

/** What `redact` returns. */
export const REDACTED = '[REDACTED]';

/** Two-character surnames: the whole surname is kept by {@link maskName}. */
const COMPOUND_SURNAME_SET: ReadonlySet<string> = new Set(COMPOUND_SURNAMES);

/** ASCII and full-width digits and letters: the characters that carry a number's value. */
const VALUE_CHAR = /[0-9A-Za-z\uFF10-\uFF19\uFF21-\uFF3A\uFF41-\uFF5A]/u;

/**
 * Replaces value characters (digits, letters) whose index among value characters is in
 * [keepFirst, count - keepLast) by `*`; separators stay.
 */
function maskValueChars(value: string, keepFirst: number, keepLast: number): string {
  const chars = [...value];
  const count = chars.filter((c) => VALUE_CHAR.test(c)).length;
  if (count <= keepFirst + keepLast)
    return chars.map((c) => (VALUE_CHAR.test(c) ? MASK_CHAR : c)).join('');
  let k = 0;
  return chars
    .map((c) => {
      if (!VALUE_CHAR.test(c)) return c;
      const i = k++;
      return i >= keepFirst && i < count - keepLast ? MASK_CHAR : c;
    })
    .join('');
}

/**
 * Phone: the 4 digits after the 3-digit mobile prefix are hidden; country prefixes (+86, 0086)
 * are kept. Landlines keep their area code and last 4 digits.
 *
 * @example
 * maskPhone('13812345678')     // '138****5678'
 * maskPhone('+86 138-1234-5678') // '+86 138-****-5678'
 */
export function maskPhone(value: string): string {
  const digits = [...value].filter((c) => VALUE_CHAR.test(c)).length;
  // With a country prefix the national number is the last 11 digits.
  const keepFirst = digits > 11 ? digits - 8 : 3;
  return maskValueChars(value, keepFirst, 4);
}

/**
 * Resident ID: the 6-digit region code and the last 4 characters stay.
 *
 * @example
 * maskResidentId('110101199003071234') // '110101********1234'
 */
export function maskResidentId(value: string): string {
  return maskValueChars(value, 6, 4);
}

/**
 * Bank card: first 6 (the issuer) and last 4 digits stay.
 *
 * @example
 * maskBankCard('6222021234567890123') // '622202*********0123'
 */
export function maskBankCard(value: string): string {
  return maskValueChars(value, 6, 4);
}

/**
 * Person name: the surname stays, the given name becomes `**` whatever its length (so the mask
 * does not tell how long the name is). Latin names keep each word's initial.
 *
 * @example
 * maskName('张三丰') // '张**'
 * maskName('欧阳娜娜') // '欧阳**'
 * maskName('John Smith') // 'J*** S***'
 */
export function maskName(value: string): string {
  const name = value.trim();
  if (/^[\p{Script=Latin}\s.'-]+$/u.test(name)) {
    return name
      .split(/\s+/)
      .map((w) => (w ? `${[...w][0]}${MASK_CHAR.repeat(3)}` : w))
      .join(' ');
  }
  const chars = [...name];
  if (chars.length <= 1) return MASK_CHAR;
  const surname = chars.length > 2 && COMPOUND_SURNAME_SET.has(chars.slice(0, 2).join('')) ? 2 : 1;
  return chars.slice(0, surname).join('') + MASK_CHAR.repeat(2);
}

/**
 * E-mail: the first character of the local part and the domain stay.
 *
 * @example
 * maskEmail('zhangwei@example.com') // 'z***@example.com'
 */
export function maskEmail(value: string): string {
  const at = value.lastIndexOf('@');
  if (at <= 0) return maskGeneric(value);
  return `${[...value.slice(0, at)][0]}${MASK_CHAR.repeat(3)}${value.slice(at)}`;
}

/** Province, city and district units, in the order an address names them. */
const DIVISION_END =
  /^(.*?(?:省|自治区|特别行政区))?(.*?(?:市|自治州|地区|盟))?(.*?(?:区|县|旗|市))?/u;

/**
 * Address: kept down to the district (区/县/旗/county-level 市), the rest hidden.
 *
 * @example
 * maskAddress('北京市朝阳区建国路88号')        // '北京市朝阳区***'
 * maskAddress('广东省深圳市南山区科技园1栋')   // '广东省深圳市南山区***'
 */
export function maskAddress(value: string): string {
  const m = DIVISION_END.exec(value);
  const kept = m ? m[0] : '';
  if (kept.length === 0) return maskGeneric(value);
  return kept.length < value.length ? `${kept}${MASK_CHAR.repeat(3)}` : kept;
}

/**
 * Date of birth: only the year stays.
 *
 * @example
 * maskBirthDate('1990-03-07')   // '1990'
 * maskBirthDate('1990年3月7日') // '1990'
 */
export function maskBirthDate(value: string): string {
  const year = /(?:18|19|20)\d{2}/.exec(value);
  return year ? year[0] : maskGeneric(value);
}

/**
 * IP address: the network part stays (first two octets of IPv4, first two groups of IPv6).
 *
 * @example
 * maskIpAddress('192.168.1.23') // '192.168.*.*'
 */
export function maskIpAddress(value: string): string {
  const sep = value.includes(':') ? ':' : '.';
  return value
    .split(sep)
    .map((part, i) => (i < 2 || part === '' ? part : MASK_CHAR))
    .join(sep);
}

/**
 * Anything else: first and last characters stay when the value is long enough to keep some
 * hidden, otherwise all is hidden.
 *
 * @example
 * maskGeneric('E12345678') // 'E1*****78'
 */
export function maskGeneric(value: string): string {
  const chars = [...value];
  if (chars.length <= 4) return MASK_CHAR.repeat(chars.length);
  const keep = chars.length >= 8 ? 2 : 1;
  return (
    chars.slice(0, keep).join('') +
    MASK_CHAR.repeat(chars.length - 2 * keep) +
    chars.slice(chars.length - keep).join('')
  );
}

/**
 * The value unchanged (a policy that shows a field in full still names an operator).
 *
 * @example
 * keep('张三') // '张三'
 */
export function keep(value: string): string {
  return value;
}

/**
 * The value replaced by a fixed marker.
 *
 * @example
 * redact('13812345678') // '[REDACTED]'
 */
export function redact(_value: string): string {
  return REDACTED;
}

/**
 * Keyed hash: HMAC-SHA-256 of the value's UTF-8 bytes, hex. Equal values give equal hashes under
 * one key (joins stay possible) while nobody without the key can test a guess.
 *
 * @example
 * hashValue('13812345678', key) // '9f2c…' (64 hex digits)
 */
export function hashValue(value: string, key: Uint8Array): string {
  if (key.length < 16) throw new Error('hash key must be at least 16 bytes');
  return createHmac('sha256', key).update(value, 'utf8').digest('hex');
}

/**
 * The value removed altogether.
 *
 * @example
 * nullify('张三') // null
 */
export function nullify(_value: string): null {
  return null;
}

/**
 * The conventional mask for a value of the given entity type.
 *
 * @example
 * maskByType('PHONE_NUMBER', '13812345678') // '138****5678'
 */
export function maskByType(type: EntityType, value: string): string {
  switch (type) {
    case 'PHONE_NUMBER':
      return maskPhone(value);
    case 'CN_RESIDENT_ID':
      return maskResidentId(value);
    case 'BANK_CARD':
      return maskBankCard(value);
    case 'PERSON_NAME':
      return maskName(value);
    case 'EMAIL_ADDRESS':
      return maskEmail(value);
    case 'ADDRESS':
      return maskAddress(value);
    case 'DATE_OF_BIRTH':
      return maskBirthDate(value);
    case 'IP_ADDRESS':
      return maskIpAddress(value);
    case 'CN_USCC':
      // The registration authority and region (first 8) identify no one; the rest may.
      return maskValueChars(value, 8, 2);
    default:
      return maskGeneric(value);
  }
}
