/**
 * Mainland phone numbers: mobiles (11 digits, allocated prefixes, optional +86 / 0086 / 86-)
 * and landlines with an area code ("010-12345678", "(0755) 8888 8888"). Mobiles are reported
 * without context; a landline needs context or an unambiguous writing (area code set off by a
 * separator or parentheses), since ten to twelve digits starting with 0 are common in serials.
 */
import { contextPolarity, NON_PERSONAL_NUMBER_WORDS } from '../context.ts';
import type { PreparedText } from '../prepared-text.ts';
import type { RawMatch, Recognizer } from '../recognizer.ts';
import {
  gluedToCode,
  isAsciiLetter,
  looksLikeAmount,
  numberRuns,
  numberWindows,
} from '../normalizers/number-runs.ts';
import { normalizePhone } from '../normalizers/phone.ts';
import { isCnMobileNumber } from '../validators/cn-mobile-prefixes.ts';
import { cnAreaCodeLength, isCnLandline } from '../validators/cn-landline.ts';

/** Words that label a phone number (simplified, lower-case). */
export const PHONE_CONTEXT: readonly string[] = [
  '手机',
  '电话',
  '联系方式',
  '联系',
  '致电',
  '拨打',
  '来电',
  '座机',
  '号码',
  '传真',
  '短信',
  'tel',
  'phone',
  'mobile',
  'cell',
  'fax',
  'call',
  'contact',
];

/** "+" directly before a number whose digits already include 86 ("+86 138…", "+0086…"). */
const PLUS_BEFORE = /\+$/;
/** A country code in parentheses before a bare mobile: "(+86)13800138000", "(86) 138…". */
const PAREN_COUNTRY_BEFORE = /\(\+?(?:00)?86\) ?$/;
/** An area code in parentheses right before the local number: "(021)", "（0755） ". */
const AREA_CODE_BEFORE = /\((0[1-9][0-9]{1,2})\) ?$/;

function recognize(p: PreparedText): RawMatch[] {
  const text = p.folded;
  const out: RawMatch[] = [];
  for (const run of numberRuns(p)) {
    let lastEnd = -1;
    for (const w of numberWindows(p, run, 7, 15)) {
      if (w.start < lastEnd) continue;
      const m = classify(p, w.start, w.end, w.digits, w.grouped);
      if (!m) continue;
      if (gluedToCode(text, m.start) || isAsciiLetter(text.charCodeAt(m.end))) continue;
      if (looksLikeAmount(text, m.start, m.end)) continue;
      const polarity = contextPolarity(p, m.start, m.end, PHONE_CONTEXT, NON_PERSONAL_NUMBER_WORDS);
      let score = polarity > 0 ? m.withContext : polarity < 0 ? 0.3 : m.alone;
      if (w.multiline) score -= 0.05;
      out.push({ start: m.start, end: m.end, score, normalized: m.normalized });
      lastEnd = m.end;
    }
  }
  return out;
}

interface PhoneCandidate {
  start: number;
  end: number;
  normalized: string;
  /** Score without any context word. */
  alone: number;
  /** Score with a phone word nearby. */
  withContext: number;
}

function classify(
  p: PreparedText,
  start: number,
  end: number,
  digits: string,
  grouped: boolean,
): PhoneCandidate | undefined {
  const text = p.folded;
  let national = digits;
  let prefixed = false;
  if (digits.length === 13 && digits.startsWith('86')) [national, prefixed] = [digits.slice(2), true];
  else if (digits.length === 15 && digits.startsWith('0086')) {
    [national, prefixed] = [digits.slice(4), true];
  }
  if (isCnMobileNumber(national)) {
    if (prefixed) {
      if (PLUS_BEFORE.test(text.slice(Math.max(0, start - 1), start))) start -= 1;
    } else {
      const paren = PAREN_COUNTRY_BEFORE.exec(text.slice(Math.max(0, start - 8), start));
      if (paren) [start, prefixed] = [start - paren[0].length, true];
    }
    return { start, end, normalized: national, alone: prefixed ? 0.88 : 0.8, withContext: 0.97 };
  }
  if (prefixed) return undefined;
  // Landline written whole: 0 + area code + local number.
  if (digits[0] === '0' && digits.length >= 10 && digits.length <= 12) {
    if (!isCnLandline(digits)) return undefined;
    const area = cnAreaCodeLength(digits);
    // Strict writing: a separator right after the area code ("0755-8888 8888").
    const strict = grouped && /^[ \-.\u2010-\u2015]/.test(text.slice(start + area, start + area + 1));
    return { start, end, normalized: digits, alone: strict ? 0.7 : 0.35, withContext: 0.9 };
  }
  // Local number after an area code in parentheses: "(021)12345678".
  if (digits.length === 7 || digits.length === 8) {
    const area = AREA_CODE_BEFORE.exec(text.slice(Math.max(0, start - 8), start));
    if (!area || !isCnLandline(area[1] + digits)) return undefined;
    return {
      start: start - area[0].length,
      end,
      normalized: area[1] + digits,
      alone: 0.7,
      withContext: 0.9,
    };
  }
  return undefined;
}

/** The phone number recogniser. */
export const phoneNumberRecognizer: Recognizer = {
  name: 'phone-number',
  type: 'PHONE_NUMBER',
  recognize,
};
