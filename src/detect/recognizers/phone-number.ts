/**
 * Mainland phone numbers: mobiles (11 digits, allocated prefixes, optional +86 / 0086 / 86-)
 * and landlines with an area code ("010-12345678", "(0755) 8888 8888"). Mobiles are reported
 * without context; a landline written whole ("02112345678") scores just above the threshold
 * without context, and only when its local number starts with 2–8 as real ones do.
 */
import { contextPolarity, NON_PERSONAL_NUMBER_WORDS } from '../context.ts';
import type { PreparedText } from '../prepared-text.ts';
import type { RawMatch, Recognizer } from '../recognizer.ts';
import {
  gluedToCode,
  isAsciiLetter,
  isChunked,
  isDottedQuad,
  looksLikeAmount,
  numberRuns,
  numberWindows,
  type NumberWindow,
} from '../normalizers/number-runs.ts';
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
  '寄件',
  '收件',
  '收货',
  '送货',
  'tel',
  'phone',
  'mobile',
  'cell',
  'fax',
  'call',
  'contact',
];

/** How people chunk a mobile number, whatever the separators. */
const MOBILE_CHUNKS: ReadonlySet<string> = new Set(['3-4-4', '3-8', '4-3-4', '4-4-3', '7-4']);

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
      if (w.start < lastEnd || isDottedQuad(w)) continue;
      const m = classify(p, w);
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

/** Splits off a written country code: "86 138…", "0086-138…", "+8613800138000". */
function splitCountryCode(w: NumberWindow): {
  national: string;
  groups: readonly number[];
  seps: readonly string[];
  prefixed: boolean;
} {
  const first = w.groupLengths[0]!;
  const d = w.digits;
  for (const cc of ['0086', '86']) {
    if (!d.startsWith(cc)) continue;
    if (first === cc.length && w.groupLengths.length > 1) {
      return {
        national: d.slice(cc.length),
        groups: w.groupLengths.slice(1),
        seps: w.separators.slice(1),
        prefixed: true,
      };
    }
    // Country code glued to the number: only a mobile can follow (13 or 15 digits in all).
    if (d.length === cc.length + 11 && first > cc.length) {
      return {
        national: d.slice(cc.length),
        groups: [first - cc.length, ...w.groupLengths.slice(1)],
        seps: w.separators,
        prefixed: true,
      };
    }
  }
  return { national: d, groups: w.groupLengths, seps: w.separators, prefixed: false };
}

/** True when ")" or ") " ends right before `index`: all that the patterns before a number need. */
function closesParenthesis(text: string, index: number): boolean {
  const c = text.charCodeAt(index - 1);
  return c === 41 || (c === 32 && text.charCodeAt(index - 2) === 41);
}

function classify(p: PreparedText, w: NumberWindow): PhoneCandidate | undefined {
  const text = p.folded;
  let { start } = w;
  const { end } = w;
  const { national, groups, seps, prefixed } = splitCountryCode(w);
  if (isCnMobileNumber(national)) {
    // Written in chunks of 3+ digits with one kind of separator ("138 0013 8000",
    // "1380-013-8000"), or in the usual 3-4-4 / 3-8 chunks with any separators ("138-0013 8000").
    if (!isChunked(groups, seps, 3) && !MOBILE_CHUNKS.has(groups.join('-'))) return undefined;
    let hasPrefix = prefixed;
    if (prefixed) {
      if (PLUS_BEFORE.test(text.slice(Math.max(0, start - 1), start))) start -= 1;
    } else {
      // Most mobiles have no ")" before them: test that before slicing for the pattern.
      const paren = closesParenthesis(text, start)
        ? PAREN_COUNTRY_BEFORE.exec(text.slice(Math.max(0, start - 8), start))
        : null;
      if (paren) [start, hasPrefix] = [start - paren[0].length, true];
    }
    return { start, end, normalized: national, alone: hasPrefix ? 0.88 : 0.8, withContext: 0.97 };
  }
  // Landline after a country code: the trunk 0 is dropped ("+86-10-64225907").
  if (prefixed) {
    const trunk = '0' + national;
    if (national[0] === '0' || !isCnLandline(trunk)) return undefined;
    if (!isChunked(groups.slice(1), seps.slice(1), 3)) return undefined;
    if (PLUS_BEFORE.test(text.slice(Math.max(0, start - 1), start))) start -= 1;
    return { start, end, normalized: trunk, alone: 0.85, withContext: 0.95 };
  }
  // Landline written whole: 0 + area code + local number.
  if (national[0] === '0' && national.length >= 10 && national.length <= 12) {
    if (!isCnLandline(national)) return undefined;
    // Strict writing: the area code is a group of its own ("0755-8888 8888"); the local number
    // may be chunked with another separator.
    const strict = groups.length > 1 && groups[0] === cnAreaCodeLength(national);
    const local = strict ? 1 : 0;
    if (!isChunked(groups.slice(local), seps.slice(local), 3)) return undefined;
    // Written whole, it is still a landline when the local number starts as real ones do (2–8).
    const localFirst = national[cnAreaCodeLength(national)]!;
    const alone = strict ? 0.7 : localFirst >= '2' && localFirst <= '8' ? 0.55 : 0.35;
    return { start, end, normalized: national, alone, withContext: 0.9 };
  }
  // Local number after an area code in parentheses: "(021)12345678".
  if ((national.length === 7 || national.length === 8) && isChunked(groups, seps, 3)) {
    const area = closesParenthesis(text, start)
      ? AREA_CODE_BEFORE.exec(text.slice(Math.max(0, start - 8), start))
      : null;
    if (!area || !isCnLandline(area[1] + national)) return undefined;
    return {
      start: start - area[0].length,
      end,
      normalized: area[1] + national,
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
