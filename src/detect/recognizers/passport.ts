/**
 * Passport numbers. Chinese ordinary passports have a fixed syntax — E + 8 digits, E + letter +
 * 7 digits (since 2017), G + 8 digits (before 2012) — and official passports D/S/P(E) + 7
 * digits. Other countries' numbers (1–2 letters + 6–9 digits, or 8–9 digits) have no syntax of
 * their own and are reported only right after a passport word.
 */
import { contextPolarity, NON_PERSONAL_NUMBER_WORDS, skipLabelFiller } from '../context.ts';
import type { PreparedText } from '../prepared-text.ts';
import type { RawMatch, Recognizer } from '../recognizer.ts';
import { lettersBeforeRuns } from '../normalizers/number-runs.ts';
import { tableColumnCells } from '../table-columns.ts';

/** Words that label a passport number (simplified, lower-case). */
export const PASSPORT_CONTEXT: readonly string[] = ['护照', 'passport', '旅行证件'];

const CN_PASSPORT =
  /(?<![0-9A-Za-z])(?:[EGeg][0-9]{8}|[Ee][A-HJ-NP-Za-hj-np-z][0-9]{7}|[DSPdsp][Ee]?[0-9]{7})(?![0-9A-Za-z])/y;
/** Passport words in the folded text; traditional 護照 listed as written. */
const PASSPORT_WORD = /护照|護照|passport/gi;
const ANY_PASSPORT = /[A-Za-z]{1,2}[0-9]{6,9}(?![0-9A-Za-z])|[0-9]{8,9}(?![0-9A-Za-z])/y;
/**
 * Other machine-readable passport numbers (ICAO 9303: up to nine letters and digits, as issued):
 * a trailing check letter (Singapore K1234567D), letters inside (German C01X00T47). Upper-case,
 * with at least two digits, so that words after the label ("Passport: EXPIRED") are not numbers.
 */
const MRZ_PASSPORT = /(?=[A-Z]*[0-9][A-Z]*[0-9])[A-Z0-9]{6,12}(?![0-9A-Za-z])/y;
/** A column of passport numbers: "护照号", "护照号码", "Passport No.", "passport_number". */
const PASSPORT_COLUMN =
  /^(?:\p{Script=Han}{0,4}(?:护照|護照)(?:号码?|號碼?)?|passport[ _-]?(?:no\.?|number|#|id)?)$/iu;
/** A whole cell holding a passport number: letters and digits, at least one digit. */
const PASSPORT_CELL = /^(?=[A-Z]*[0-9])[A-Z0-9]{6,12}$/;

function recognize(p: PreparedText): RawMatch[] {
  const text = p.folded;
  const out: RawMatch[] = [];
  const starts = new Set<number>();
  for (const at of lettersBeforeRuns(p)) {
    CN_PASSPORT.lastIndex = at;
    const m = CN_PASSPORT.exec(text);
    if (m === null) continue;
    const start = m.index;
    const end = start + m[0].length;
    const official = /^[DSPdsp]/.test(m[0]);
    const polarity = contextPolarity(p, start, end, PASSPORT_CONTEXT, NON_PERSONAL_NUMBER_WORDS);
    const score = polarity > 0 ? 0.95 : polarity < 0 || official ? 0.3 : 0.6;
    out.push({ start, end, score, normalized: m[0].toUpperCase() });
    starts.add(start);
  }
  PASSPORT_WORD.lastIndex = 0;
  for (let w = PASSPORT_WORD.exec(text); w !== null; w = PASSPORT_WORD.exec(text)) {
    const at = skipLabelFiller(text, w.index + w[0].length, 12);
    ANY_PASSPORT.lastIndex = at;
    MRZ_PASSPORT.lastIndex = at;
    const m = ANY_PASSPORT.exec(text) ?? MRZ_PASSPORT.exec(text);
    if (!m || starts.has(at)) continue;
    out.push({ start: at, end: at + m[0].length, score: 0.85, normalized: m[0].toUpperCase() });
    starts.add(at);
  }
  // A guest register or visitor list: the header names the column, each row holds a number.
  const columns = tableColumnCells(text, (name) => (PASSPORT_COLUMN.test(name) ? true : undefined));
  for (const c of columns) {
    const value = text.slice(c.start, c.end);
    if (!PASSPORT_CELL.test(value) || starts.has(c.start)) continue;
    out.push({ start: c.start, end: c.end, score: 0.85, normalized: value });
    starts.add(c.start);
  }
  return out;
}

/** The passport number recogniser. */
export const passportRecognizer: Recognizer = {
  name: 'passport',
  type: 'PASSPORT',
  recognize,
};
