/**
 * Resident identity numbers (居民身份证号码, GB 11643-1999): six-digit division code, birth date
 * YYYYMMDD, three-digit sequence, ISO 7064 MOD 11-2 check character (0–9 or X). Legacy 15-digit
 * numbers (YYMMDD, no check character) are reported only with context.
 */
import { contextPolarity, nearestContext, NON_PERSONAL_NUMBER_WORDS } from '../context.ts';
import type { PreparedText } from '../prepared-text.ts';
import type { RawMatch, Recognizer } from '../recognizer.ts';
import {
  gluedToCode,
  isAsciiLetter,
  isChunked,
  looksLikeAmount,
  numberRuns,
  numberWindows,
} from '../normalizers/number-runs.ts';
import { normalizeResidentId } from '../normalizers/resident-id.ts';
import { isPlausibleBirthDate } from '../validators/calendar-date.ts';
import { isValidIso7064Mod112 } from '../validators/iso7064-mod11-2.ts';
import { regionCodeLevel } from '../validators/cn-region-codes.ts';

/** Words that label an identity number (simplified, lower-case). */
export const RESIDENT_ID_CONTEXT: readonly string[] = [
  '身份证',
  '身份号',
  '证件号',
  '证件号码',
  '公民身份',
  '居民身份',
  '证号',
  'sfz',
  'id card',
  'id no',
  'id number',
  'identity',
  'id:',
];

/**
 * Validates an 18-character identity number (digits and a final X or x): division code, birth
 * date and check character. Returns the division-code level (1–3) or 0 when invalid.
 *
 * @example
 * residentIdLevel('11010519491231002X') // 3
 * residentIdLevel('11010519491231002') // 0
 */
export function residentIdLevel(id: string, today?: Date): 0 | 1 | 2 | 3 {
  if (id.length !== 18 || !isValidIso7064Mod112(id)) return 0;
  // The check passed, so characters 0–16 are digits: read the date without slicing.
  const year = digitsAt(id, 6, 4);
  const month = digitsAt(id, 10, 2);
  const day = digitsAt(id, 12, 2);
  if (!isPlausibleBirthDate(year, month, day, today)) return 0;
  return regionCodeLevel(id.slice(0, 6));
}

/** The number written by `count` ASCII digits of `s` from `from`. */
function digitsAt(s: string, from: number, count: number): number {
  let n = 0;
  for (let i = from; i < from + count; i++) n = n * 10 + s.charCodeAt(i) - 48;
  return n;
}

/**
 * True when a 15-digit legacy number has a valid province and a real 19YY birth date.
 *
 * @example
 * isPlausibleLegacyResidentId('110105491231002') // true
 */
export function isPlausibleLegacyResidentId(id: string): boolean {
  if (!/^[0-9]{15}$/.test(id)) return false;
  const year = 1900 + Number(id.slice(6, 8));
  if (!isPlausibleBirthDate(year, Number(id.slice(8, 10)), Number(id.slice(10, 12)))) return false;
  return regionCodeLevel(id.slice(0, 6)) > 0;
}

/**
 * True when the letters glued before an 18-character number are the "G" of a national student
 * number (全国学籍号): G followed by the student's identity number, which is reported.
 */
function isStudentNumber(text: string, start: number, length: number): boolean {
  return (
    length === 18 &&
    start > 0 &&
    (text[start - 1] === 'G' || text[start - 1] === 'g') &&
    !isAsciiLetter(text.charCodeAt(start - 2)) &&
    !/[0-9]/.test(text[start - 2] ?? '')
  );
}

/** Score by how much of the division code is known (3 = current county). */
const BASE_SCORE = [0, 0.8, 0.86, 0.9] as const;

function recognize(p: PreparedText): RawMatch[] {
  const text = p.folded;
  const out: RawMatch[] = [];
  for (const run of numberRuns(p)) {
    let lastEnd = -1;
    for (const w of numberWindows(p, run, 15, 18)) {
      if (w.start < lastEnd) continue;
      if (w.digits.length !== 18 && w.digits.length !== 15) continue;
      if (!isChunked(w.groupLengths, w.separators, 3, 1)) continue;
      if (isAsciiLetter(text.charCodeAt(w.end))) continue;
      if (gluedToCode(text, w.start) && !isStudentNumber(text, w.start, w.digits.length)) continue;
      if (looksLikeAmount(text, w.start, w.end)) continue;
      let score: number;
      if (w.digits.length === 18) {
        const level = residentIdLevel(w.digits);
        if (level === 0) continue;
        const polarity = contextPolarity(
          p,
          w.start,
          w.end,
          RESIDENT_ID_CONTEXT,
          NON_PERSONAL_NUMBER_WORDS,
        );
        score =
          polarity > 0
            ? 0.99
            : polarity < 0 && !isOtherColumnsWord(p, w.start)
              ? 0.45
              : BASE_SCORE[level];
      } else {
        if (!isPlausibleLegacyResidentId(w.digits)) continue;
        const polarity = contextPolarity(
          p,
          w.start,
          w.end,
          RESIDENT_ID_CONTEXT,
          NON_PERSONAL_NUMBER_WORDS,
        );
        if (polarity <= 0) continue;
        score = 0.8;
      }
      if (w.multiline) score -= 0.05;
      // Window digits carry no separators: only a lower-case check character needs normalising.
      const normalized = w.digits.endsWith('x') ? normalizeResidentId(w.digits) : w.digits;
      out.push({ start: w.start, end: w.end, score, normalized });
      lastEnd = w.end;
    }
  }
  return out;
}

/**
 * True when the negative word nearest before a number stands on an earlier line and the number
 * does not start its own line: a table's header row ("姓名 身份证号 类别 报销金额⏎张三 1101…"),
 * where the word heads another column. A check-valid number with a real birth date and division
 * is too unlikely by chance for such a word to outweigh it.
 */
function isOtherColumnsWord(p: PreparedText, start: number): boolean {
  const neg = nearestContext(p, start, start, NON_PERSONAL_NUMBER_WORDS, 12, 0);
  if (!neg) return false;
  const between = p.folded.slice(start - neg.distance, start);
  const lineBreak = between.lastIndexOf('\n');
  return lineBreak >= 0 && /\S/.test(between.slice(lineBreak + 1));
}

/** The resident identity number recogniser. */
export const cnResidentIdRecognizer: Recognizer = {
  name: 'cn-resident-id',
  type: 'CN_RESIDENT_ID',
  recognize,
};
