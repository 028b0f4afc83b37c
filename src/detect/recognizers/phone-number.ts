/**
 * Phone numbers: mainland mobiles (11 digits, allocated prefixes, optional +86 / 0086 / 86-)
 * and landlines with an area code ("010-12345678", "(0755) 8888 8888"); Hong Kong, Macao and
 * Taiwan numbers after their country code ("+852 9123 4567", "(852) 5123 4567", "+886 912 345
 * 678"); and, right after a phone label only, a Taiwan mobile with its trunk 0 ("0912-345-678")
 * or a bare eight-digit local number ("香港電話 91234567", "Phone: 62345678"). Mobiles are reported
 * without context; a landline written whole ("02112345678") scores just above the threshold
 * without context, and only when its local number starts with 2–8 as real ones do.
 */
import {
  contextPolarity,
  nearestContext,
  NON_PERSONAL_NUMBER_WORDS,
  skipLabelFiller,
} from '../context.ts';
import { createRequire } from 'node:module';
import type * as PhoneNumbers from 'awesome-phonenumber';
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
  type NumberRun,
  type NumberWindow,
} from '../normalizers/number-runs.ts';
import { residentIdLevel } from './cn-resident-id.ts';
import { isCnMobileNumber } from '../validators/cn-mobile-prefixes.ts';
import { cnAreaCodeLength, isCnLandline } from '../validators/cn-landline.ts';
import { tableColumnCells, type ColumnCell } from '../table-columns.ts';

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
  // People whose number a message gives: "快递员张三（138…）" is the courier's mobile, although
  // "快递" alone labels a tracking number.
  '快递员',
  '快递小哥',
  '配送员',
  '骑手',
  '司机',
  '师傅',
];

/**
 * Labels that, right before a bare number, say it is a phone number: only these make an
 * eight-digit local number or a Taiwan mobile one (a bare 8-digit number is otherwise an amount,
 * a count or a code).
 */
const PHONE_LABELS: readonly string[] = [
  '手机',
  '电话',
  '联系方式',
  '致电',
  '拨打',
  '座机',
  '手机号',
  'tel',
  'phone',
  'mobile',
  'cell',
];

/** How people chunk a mobile number, whatever the separators. */
const MOBILE_CHUNKS: ReadonlySet<string> = new Set(['3-4-4', '3-8', '4-3-4', '4-4-3', '7-4']);

/** "+" directly before a number whose digits already include 86 ("+86 138…", "+0086…"). */
const PLUS_BEFORE = /\+$/;
/** A country code in parentheses before a bare mobile: "(+86)13800138000", "(86) 138…". */
const PAREN_COUNTRY_BEFORE = /\(\+?(?:00)?86\) ?$/;
/** An area code in parentheses right before the local number: "(021)", "（0755） ". */
const AREA_CODE_BEFORE = /\((0[1-9][0-9]{1,2})\) ?$/;

/** A column of phone numbers: "联系电话", "手机号码", "Phone", "Tel." — not "电话类型". */
const PHONE_COLUMN =
  /^\p{Script=Han}{0,4}(?:电话|電話|手机|手機)(?:号码?|號碼?)?$|^(?:\p{Script=Han}{0,4}|contact |mobile )?(?:phone|mobile|tel\.?|telephone)(?:[ _-]?(?:no\.?|number))?$/iu;

/** The cells of phone columns, and how far a scan has read them. */
interface PhoneCells {
  readonly cells: readonly ColumnCell<true>[];
  next: number;
}

function recognize(p: PreparedText): RawMatch[] {
  const text = p.folded;
  const out: RawMatch[] = [];
  // Cells of table columns headed as phones: the header is the label of a value far below it.
  const columns: PhoneCells = {
    cells: tableColumnCells(text, (name) => (PHONE_COLUMN.test(name) ? true : undefined)),
    next: 0,
  };
  for (const run of numberRuns(p)) {
    // Most runs are one group: no column break or split identity number to look for.
    if (run.groupStarts.length === 1) {
      recognizeRun(p, run, out, columns);
      continue;
    }
    // An identity number broken by a line break ("1101051949⏎1231002X") holds an 11-digit
    // part that a mobile prefix may start: it is the identity number's, not a phone.
    if (isSplitResidentId(text, run)) continue;
    for (const part of columnParts(p, withoutCodeHead(text, run))) {
      recognizeRun(p, part, out, columns);
    }
  }
  return out;
}

/** True when [start, end) lies in a cell of a phone column (cells read in text order). */
function inPhoneColumn(columns: PhoneCells, start: number, end: number): boolean {
  const { cells } = columns;
  while (columns.next < cells.length && cells[columns.next]!.end <= start) columns.next++;
  const cell = cells[columns.next];
  return cell !== undefined && cell.start <= start && end <= cell.end;
}

/** The phone numbers of one run, appended to `out`. */
function recognizeRun(p: PreparedText, run: NumberRun, out: RawMatch[], columns: PhoneCells): void {
  const text = p.folded;
  let lastEnd = -1;
  for (const w of numberWindows(p, run, 7, 15)) {
    if (w.start < lastEnd || isDottedQuad(w)) continue;
    const m = classify(p, w);
    if (!m) continue;
    if (gluedToCode(text, m.start) || isAsciiLetter(text.charCodeAt(m.end))) continue;
    if (looksLikeAmount(text, m.start, m.end)) continue;
    const polarity =
      columns.cells.length > 0 && inPhoneColumn(columns, m.start, m.end)
        ? 1
        : contextPolarity(p, m.start, m.end, PHONE_CONTEXT, NON_PERSONAL_NUMBER_WORDS);
    let score = polarity > 0 ? m.withContext : polarity < 0 ? 0.3 : m.alone;
    if (w.multiline) score -= 0.05;
    out.push({ start: m.start, end: m.end, score, normalized: m.normalized });
    lastEnd = m.end;
  }
}

/**
 * A run whose first group ends a code glued to letters ("沪BD86275 176 2175 8714": a plate, then
 * a mobile after a space) without that group: the digits of the code are not the number's.
 */
function withoutCodeHead(text: string, run: NumberRun): NumberRun {
  if (!isAsciiLetter(text.charCodeAt(run.start - 1))) return run;
  if (!/\s/.test(text[run.groupEnds[0]!] ?? '') || !gluedToCode(text, run.start)) return run;
  return {
    start: run.groupStarts[1]!,
    end: run.end,
    groupStarts: run.groupStarts.slice(1),
    groupEnds: run.groupEnds.slice(1),
  };
}

/** True when a run's digits, whatever its separators, are a valid 18-character identity number. */
function isSplitResidentId(text: string, run: NumberRun): boolean {
  const n = run.groupStarts.length;
  // Separators are one unit ("\r\n" two): most runs are too short or too long to hold 18 digits.
  const upper = run.end - run.start - (n - 1);
  if (upper < 18 || upper > 18 + n - 1) return false;
  let count = 0;
  for (let g = 0; g < n; g++) count += run.groupEnds[g]! - run.groupStarts[g]!;
  if (count !== 18) return false;
  let digits = '';
  for (let g = 0; g < n; g++) digits += text.slice(run.groupStarts[g], run.groupEnds[g]);
  return residentIdLevel(digits.toUpperCase()) > 0;
}

/**
 * A run cut at its column breaks: a full-width space (U+3000) or a tab between two groups of a
 * run that also has other separators is where one table cell ends and the next begins
 * ("蒙L 64889\u3000198 3947 3843" is a plate's digits, then a mobile). Folding turns U+3000 into an
 * ASCII space, so the break is read off the original text. A run with no such break is returned
 * as it is (the common case costs one loop over its separators).
 */
function columnParts(p: PreparedText, run: NumberRun): readonly NumberRun[] {
  const n = run.groupStarts.length;
  if (n < 3) return [run];
  const original = p.original;
  let breaks: number[] | undefined;
  let otherSeparators = false;
  for (let g = 0; g < n - 1; g++) {
    // A separator is one unit, or "\r\n": read its first unit without slicing.
    const c = original.charCodeAt(run.groupEnds[g]!);
    if (c === 0x3000 || c === 9) (breaks ??= []).push(g);
    else otherSeparators = true;
  }
  if (!breaks || !otherSeparators) return [run];
  const parts: NumberRun[] = [];
  let first = 0;
  for (const g of [...breaks, n - 1]) {
    parts.push({
      start: run.groupStarts[first]!,
      end: run.groupEnds[g]!,
      groupStarts: run.groupStarts.slice(first, g + 1),
      groupEnds: run.groupEnds.slice(first, g + 1),
    });
    first = g + 1;
  }
  return parts;
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
  const foreign = foreignNumber(p, w);
  if (foreign) return foreign;
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
    if (!isCnLandline(national)) return taiwanNumber(p, w);
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
    if (!area) return labelledLocalNumber(p, w);
    if (!isCnLandline(area[1] + national)) return undefined;
    return {
      start: start - area[0].length,
      end,
      normalized: area[1] + national,
      alone: 0.7,
      withContext: 0.9,
    };
  }
  return internationalNumber(p, w);
}

/** Country codes of Hong Kong, Macao and Taiwan, and how many national digits follow each. */
const FOREIGN_CODES: readonly { code: string; lengths: readonly number[] }[] = [
  { code: '852', lengths: [8] },
  { code: '853', lengths: [8] },
  // Taiwan: mobiles 9 + 8 digits, landlines 8 or 9 digits; some write the trunk 0 after +886.
  { code: '886', lengths: [8, 9] },
  // Singapore, in parentheses only ("(65) 9123-4567"): "+65 …" is left to libphonenumber.
  { code: '65', lengths: [8] },
];

/** A Hong Kong / Macao / Taiwan / Singapore country code in parentheses before the number: "(852) ", "(+886)". */
const PAREN_FOREIGN_BEFORE = /\((?:\+|00)?(852|853|886|65)\) ?$/;

/**
 * A Hong Kong, Macao or Taiwan number after its country code, the code its own group ("+852
 * 9123 4567", "00886-912-345-678", "852-91234567"), glued after "+" or "00" ("+85291234567") or
 * in parentheses before the number ("(852) 5123 4567"). Written with "+", "00" or parentheses
 * the code is unmistakable; a bare "852-" needs a phone word nearby (a chunk of digits is
 * otherwise just as likely a code or a count).
 */
function foreignNumber(p: PreparedText, w: NumberWindow): PhoneCandidate | undefined {
  const text = p.folded;
  const d = w.digits;
  const first = w.groupLengths[0]!;
  let start = w.start;
  let national: string;
  let nationalGroups: readonly number[];
  let explicit: boolean;
  let code: string;
  const paren = closesParenthesis(text, start)
    ? PAREN_FOREIGN_BEFORE.exec(text.slice(Math.max(0, start - 8), start))
    : null;
  if (paren) {
    code = paren[1]!;
    national = d;
    nationalGroups = w.groupLengths;
    explicit = true;
    start -= paren[0].length;
  } else {
    const zeros = d.charCodeAt(0) === 48 && d.charCodeAt(1) === 48 ? 2 : 0;
    const plus = zeros === 0 && text.charCodeAt(start - 1) === 43;
    explicit = zeros === 2 || plus;
    if (first === zeros + 3 && w.groupLengths.length > 1) {
      nationalGroups = w.groupLengths.slice(1);
    } else if (explicit && first > zeros + 3) {
      // Glued to its country code: "+85291234567", "00886912345678".
      nationalGroups = [first - zeros - 3, ...w.groupLengths.slice(1)];
    } else {
      return undefined;
    }
    code = d.slice(zeros, zeros + 3);
    national = d.slice(zeros + 3);
    if (plus) start -= 1;
  }
  const spec = FOREIGN_CODES.find((c) => c.code === code);
  if (!spec) return undefined;
  // "+886 0912 345 678": the trunk 0 written after the country code.
  const digits = code === '886' && national[0] === '0' ? national.slice(1) : national;
  if (!spec.lengths.includes(digits.length) || !/^[0-9]+$/.test(digits)) return undefined;
  if (nationalGroups.some((g) => g < 2)) return undefined;
  if (explicit)
    return { start, end: w.end, normalized: code + digits, alone: 0.85, withContext: 0.95 };
  // A bare "852-…" is only a number after a phone word, and one that a real number starts with.
  if (digits[0] === '0' || digits[0] === '1') return undefined;
  return { start, end: w.end, normalized: code + digits, alone: 0.3, withContext: 0.9 };
}

/**
 * Any other country's number written with "+" and its country code ("+44 20 7946 0958", "+1
 * 415-555-0123"), as libphonenumber (awesome-phonenumber) validates it. Only a number with a
 * "+" before it gets this far and is asked (once per such number, a fraction of a millisecond):
 * written in groups it reads as a phone; one block of digits ("+12345678901") could as well be a
 * signed quantity, so it needs a phone word nearby.
 */
function internationalNumber(p: PreparedText, w: NumberWindow): PhoneCandidate | undefined {
  const text = p.folded;
  let start = w.start;
  // Most windows that get here (identity, card and serial numbers) have no "+" at all before
  // them: test that with three character reads before anything else.
  const plus = text.charCodeAt(start - 1) === 43;
  if (!plus && text.charCodeAt(start - 2) !== 43 && text.charCodeAt(start - 3) !== 43) {
    return undefined;
  }
  if (w.digits.length < 8 || !/^[0-9]+$/.test(w.digits)) return undefined;
  let digits = w.digits;
  if (plus) {
    start -= 1;
  } else {
    // A one-digit country code is a group of its own, which no window starts with: "+1 415 …".
    const cc = ONE_DIGIT_CODE_BEFORE.exec(text.slice(Math.max(0, start - 4), start));
    if (!cc) return undefined;
    start -= cc[0].length;
    digits = cc[1]! + digits;
  }
  const parsed = phoneNumbers().parsePhoneNumber('+' + digits);
  if (!parsed.valid || parsed.number === undefined) return undefined;
  const grouped = w.groupLengths.length > 1 || digits !== w.digits;
  return {
    start,
    end: w.end,
    normalized: parsed.number.e164.slice(1),
    alone: grouped ? 0.8 : 0.3,
    withContext: 0.95,
  };
}

/** "+1 " or "+7-" before a number: the North American and Russian country codes. */
const ONE_DIGIT_CODE_BEFORE = /\+([17])[ -]$/;

/** libphonenumber, loaded the first time a "+" number of another country needs it. */
function phoneNumbers(): typeof PhoneNumbers {
  return createRequire(import.meta.url)('awesome-phonenumber') as typeof PhoneNumbers;
}

/** Characters between a label and its number ("：", "号码", "是", brackets), folded. */
const LABEL_FILLER_UNITS: ReadonlySet<number> = new Set(
  [...' \t:=#-()[]【】"\'“”号號码碼是为為'].map((c) => c.charCodeAt(0)),
);
/** The last character of every PHONE_LABELS word, in simplified and traditional writing. */
const LABEL_LAST_UNITS: ReadonlySet<number> = new Set(
  [...'机機话話式电電打号號lLeE'].map((c) => c.charCodeAt(0)),
);

/**
 * True when a phone label ends right before the number, with nothing but label filler between
 * ("电话：", "Phone: ", "香港電話"): the writer says what the number is.
 */
function labelledAsPhone(p: PreparedText, start: number): boolean {
  // Most numbers asked about (dates, amounts, serials) have no label at all: look at the one
  // character where a label would end before building the context window.
  const text = p.folded;
  let i = start - 1;
  while (i >= 0 && start - i <= 6 && LABEL_FILLER_UNITS.has(text.charCodeAt(i))) i--;
  if (i < 0 || !LABEL_LAST_UNITS.has(text.charCodeAt(i))) return false;
  const hit = nearestContext(p, start, start, PHONE_LABELS, 10, 0);
  if (!hit) return false;
  const labelEnd = start - hit.distance;
  return skipLabelFiller(p.folded, labelEnd, 10) >= start;
}

/** Taiwan, as context words are compared (simplified). */
const TAIWAN_WORDS: readonly string[] = ['台湾', 'taiwan'];

/**
 * A Taiwan number with its trunk 0 and no country code: a mobile written whole or 4-3-3
 * ("0912345678", "0912-345-678"), or a landline whose area code is a group of its own
 * ("02-2345-6789", "04 2345 6789"). Only right after a phone label, or named as Taiwan's near a
 * phone word ("手机 …，台湾的是 0912…"): without either a ten-digit number starting 0 is as
 * likely anything else, and 09xx and 02x are also mainland area codes (whose numbers are 11 or
 * 12 digits long, and are tried first).
 */
function taiwanNumber(p: PreparedText, w: NumberWindow): PhoneCandidate | undefined {
  const d = w.digits;
  const shape = w.groupLengths.join('-');
  const mobile = d.length === 10 && d.startsWith('09');
  if (mobile) {
    if (shape !== '10' && shape !== '4-3-3' && shape !== '4-6') return undefined;
  } else {
    // Landline: area code 0 + 1 or 2 digits as its own group, then 6–8 digits.
    if (!/^0[2-8]/.test(d) || d.length < 9 || d.length > 10) return undefined;
    const area = w.groupLengths[0]!;
    if ((area !== 2 && area !== 3) || w.groupLengths.length < 2) return undefined;
  }
  const labelled = labelledAsPhone(p, w.start);
  if (!labelled && !nearestContext(p, w.start, w.end, TAIWAN_WORDS, 8, 0)) return undefined;
  // Named but not labelled, it needs a phone word nearby (context raises it over the threshold).
  const normalized = '886' + d.slice(1);
  return { start: w.start, end: w.end, normalized, alone: labelled ? 0.9 : 0.3, withContext: 0.9 };
}

/**
 * A bare eight-digit number right after a phone label: a Hong Kong or Macao number written
 * without its country code, or a mainland local number without its area code ("香港電話
 * 91234567", "Phone: 6234 5678"). Local numbers do not start with 0 or 1.
 */
function labelledLocalNumber(p: PreparedText, w: NumberWindow): PhoneCandidate | undefined {
  const d = w.digits;
  if (d.length !== 8 || d[0] === '0' || d[0] === '1') return undefined;
  const groups = w.groupLengths;
  if (groups.length > 2 || (groups.length === 2 && groups[0] !== 4)) return undefined;
  if (
    !labelledAsPhone(p, w.start) &&
    !SIGNATURE_LABEL.test(p.folded.slice(Math.max(0, w.start - 12), w.start))
  ) {
    return undefined;
  }
  return { start: w.start, end: w.end, normalized: d, alone: 0.85, withContext: 0.85 };
}

/**
 * The one-letter labels of an e-mail signature or business card, at the start of a line:
 * "T: 2345 6789", "M: 9123 4567", "Mob. 9123 4567", "Office: 6234 5678".
 */
const SIGNATURE_LABEL = /(?:^|\n)[ \t]*(?:[TMPHO]|mob|ph|direct|office|dir)[ \t]*[:.][ \t]*$/i;

/** The phone number recogniser. */
export const phoneNumberRecognizer: Recognizer = {
  name: 'phone-number',
  type: 'PHONE_NUMBER',
  recognize,
};
