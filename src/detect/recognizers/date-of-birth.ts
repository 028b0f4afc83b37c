/**
 * Dates of birth. A date alone is not personal information — invoices, orders and news carry
 * dates — so a date is reported only when a birth word labels it: after "出生日期：", "生日",
 * "DOB", "born", or before "出生"/"生" ("1990年1月2日出生"). Many writings are accepted:
 * 1990-01-02, 1990/1/2, 1990.1.2, 1990年1月2日, 19900102, 90.1.2, 02/01/1990, 2 Jan 1990,
 * January 2, 1990, and year-month alone (出生年月：1990年1月). The date must be real, not
 * before 1900 and not in the future.
 */
import { skipLabelFiller } from '../context.ts';
import type { PreparedText } from '../prepared-text.ts';
import type { RawMatch, Recognizer } from '../recognizer.ts';
import { isPlausibleBirthDate } from '../validators/calendar-date.ts';

/** Birth words before a date, in the folded text (ASCII case-insensitively). */
const BIRTH_WORD_BEFORE =
  /出生(?:日期|年月日?|时间|時間|于|於)?|生日|生于|生於|誕生|(?<![A-Za-z])(?:d\.?o\.?b\.?|date of birth|birth ?date|birthday|born(?: on| in)?)(?![A-Za-z])/gi;
/** Birth words after a date: "1990年1月2日出生", "1990-01-02生", "生人". */
const BIRTH_WORD_AFTER = /出生|生人|生(?![日活产意物命成长效])/g;

const MONTHS: Readonly<Record<string, number>> = {
  jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12,
}; // prettier-ignore
const MONTH = String.raw`(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?`;

/**
 * Date writings, each a regex and a function from its groups to [year, month, day] (day 0 when
 * the writing has none). Tried in order at one position; the first real date wins.
 */
const FORMS: readonly [RegExp, (g: string[]) => [number, number, number]][] = [
  [
    /((?:19|20)[0-9]{2}) ?[-/.年] ?([0-9]{1,2}) ?[-/.月] ?([0-9]{1,2})(?: ?[日号])?(?![0-9])/y,
    (g) => [+g[1]!, +g[2]!, +g[3]!],
  ],
  [
    /((?:19|20)[0-9]{2})(0[1-9]|1[0-2])([0-2][0-9]|3[01])(?![0-9])/y,
    (g) => [+g[1]!, +g[2]!, +g[3]!],
  ],
  [/((?:19|20)[0-9]{2}) ?年 ?([0-9]{1,2}) ?月(?! ?[0-9])/y, (g) => [+g[1]!, +g[2]!, 0]],
  [/((?:19|20)[0-9]{2})[-/.](0[1-9]|1[0-2])(?![0-9]|[-/.][0-9])/y, (g) => [+g[1]!, +g[2]!, 0]],
  [
    /([0-9]{1,2})[-/.]([0-9]{1,2})[-/.]((?:19|20)[0-9]{2})(?![0-9])/y,
    // Day first (as in most of the world) unless that is impossible and month-first is not.
    (g) => (+g[1]! > 12 || +g[2]! <= 12 ? [+g[3]!, +g[2]!, +g[1]!] : [+g[3]!, +g[1]!, +g[2]!]),
  ],
  [
    new RegExp(String.raw`([0-9]{1,2})(?:st|nd|rd|th)? ${MONTH},? ((?:19|20)[0-9]{2})`, 'iy'),
    (g) => [+g[3]!, MONTHS[g[2]!.toLowerCase()]!, +g[1]!],
  ],
  [
    new RegExp(String.raw`${MONTH} ([0-9]{1,2})(?:st|nd|rd|th)?,? ((?:19|20)[0-9]{2})`, 'iy'),
    (g) => [+g[3]!, MONTHS[g[1]!.toLowerCase()]!, +g[2]!],
  ],
  [
    /([0-9]{2})\.([0-9]{1,2})\.([0-9]{1,2})(?![0-9.])/y,
    (g) => [twoDigitYear(+g[1]!), +g[2]!, +g[3]!],
  ],
];

/** 90 → 1990, 05 → 2005: a two-digit year is in the past century up to this year. */
function twoDigitYear(yy: number): number {
  const now = new Date().getUTCFullYear();
  return 2000 + yy <= now ? 2000 + yy : 1900 + yy;
}

/**
 * The date written at `index`, if any: its end, and its canonical form YYYY-MM-DD (YYYY-MM when
 * the day is not written).
 *
 * @example
 * dateAt('生日 1990年1月2日', 3) // { end: 12, iso: '1990-01-02' }
 */
export function dateAt(text: string, index: number): { end: number; iso: string } | undefined {
  // Every writing starts with a digit or a month name.
  const c = text.charCodeAt(index) | 0x20;
  if (!((c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x7a))) return undefined;
  for (const [re, parts] of FORMS) {
    re.lastIndex = index;
    const m = re.exec(text);
    if (!m) continue;
    const [y, mo, d] = parts([...m] as string[]);
    if (!isPlausibleBirthDate(y, mo, d === 0 ? 1 : d)) continue;
    const iso = `${y}-${String(mo).padStart(2, '0')}` + (d ? `-${String(d).padStart(2, '0')}` : '');
    return { end: index + m[0].length, iso };
  }
  return undefined;
}

/** Dates that end right before a birth word: looked for in the few units before it. */
const DATE_BEFORE =
  /(?:(?:19|20)[0-9]{2} ?[-/.年] ?[0-9]{1,2} ?[-/.月] ?[0-9]{1,2}(?: ?[日号])?|(?:19|20)[0-9]{2}(?:0[1-9]|1[0-2])(?:[0-2][0-9]|3[01])|(?:19|20)[0-9]{2} ?年 ?[0-9]{1,2} ?月|(?:19|20)[0-9]{2} ?年) ?$/;
const YEAR_ONLY = /^((?:19|20)[0-9]{2}) ?年 ?$/;

function recognize(p: PreparedText): RawMatch[] {
  const text = p.folded;
  const out: RawMatch[] = [];
  // Start offsets already reported; a Set keeps dedupe linear on tables of thousands of rows.
  const starts = new Set<number>();
  const taken = (s: number) => starts.has(s);
  BIRTH_WORD_BEFORE.lastIndex = 0;
  for (let w = BIRTH_WORD_BEFORE.exec(text); w !== null; w = BIRTH_WORD_BEFORE.exec(text)) {
    const at = skipLabelFiller(text, w.index + w[0].length, 6);
    if (at > 0 && /[0-9]/.test(text[at - 1]!)) continue;
    const d = dateAt(text, at);
    if (!d || taken(at)) continue;
    out.push({ start: at, end: d.end, score: 0.9, normalized: d.iso });
    starts.add(at);
  }
  BIRTH_WORD_AFTER.lastIndex = 0;
  for (let w = BIRTH_WORD_AFTER.exec(text); w !== null; w = BIRTH_WORD_AFTER.exec(text)) {
    // Only a date touching the word: its last character is a digit, 日, 号, 月 or 年.
    const prev = text[w.index - 1] ?? '';
    if (!/[0-9日号月年 ]/.test(prev)) continue;
    const slice = text.slice(Math.max(0, w.index - 16), w.index);
    const m = DATE_BEFORE.exec(slice);
    if (!m) continue;
    const start = w.index - m[0].length;
    if (start > 0 && /[0-9]/.test(text[start - 1]!)) continue;
    let value = m[0].trimEnd();
    const yearOnly = YEAR_ONLY.exec(value);
    let iso: string | undefined;
    if (yearOnly) {
      // "1990年生" gives the year alone, which is still a birth date to a security team.
      if (+yearOnly[1]! <= new Date().getUTCFullYear()) iso = yearOnly[1]!;
    } else {
      iso = dateAt(text, start)?.iso;
      if (iso === undefined) continue;
      const d = dateAt(text, start)!;
      value = text.slice(start, d.end);
    }
    if (iso === undefined || taken(start)) continue;
    out.push({ start, end: start + value.length, score: 0.85, normalized: iso });
    starts.add(start);
  }
  columnDates(text, out, starts);
  return out;
}

/** Header cells that name a birth-date column: 出生日期, 生日, birth_date, DOB, … */
const BIRTH_HEADER = /出生|生日|birth|dob/gi;
const DELIMITERS = [',', '\t', '|', ';'] as const;
/**
 * A column name for a birth date: 出生日期, 客户出生年月, 生日, birth_date, Date of Birth, DOB,
 * optionally followed by a format in brackets. "出生地" (birthplace) is not one.
 */
const BIRTH_COLUMN_NAME =
  /^(?:\p{Script=Han}{0,4}(?:出生(?:日期|年月日?|时间|時間)?|生日)|(?:date[ _-]?of[ _-]?)?birth(?:[ _-]?(?:date|day))?|birthday|dob|d\.o\.b\.?)(?: ?[(（][^)）]*[)）])?$/iu;
/** A header line longer than this is not a header. */
const MAX_HEADER_LINE = 4096;
/** A header cell longer than this is prose, not a column name. */
const MAX_HEADER_CELL = 16;
/** Rows read below one header (a bound, not a limit any real export reaches). */
const MAX_ROWS = 1_000_000;

const LF = 10;
const CR = 13;
const QUOTE = 34;
const APOSTROPHE = 39;

/** A space, a double quote or `extra` (an apostrophe before a cell, a CR after it). */
function isCellPadding(c: number, extra: number): boolean {
  return c === 32 || c === QUOTE || c === extra;
}

/**
 * One record of delimited text starting at `from`: its cells as [start, end) offsets (surrounding
 * spaces and quotes trimmed) and where the next record starts. A line break inside double quotes
 * belongs to the cell, as CSV writers quote multi-line addresses.
 */
function record(
  text: string,
  from: number,
  delimiter: string,
): { cells: [number, number][]; next: number } {
  const cells: [number, number][] = [];
  // Code units, not one-character strings: each CJK character read as a string is allocated.
  const sep = delimiter.charCodeAt(0);
  let quoted = false;
  let start = from;
  let i = from;
  for (; ; i++) {
    const c = i < text.length ? text.charCodeAt(i) : LF;
    if (c === QUOTE) quoted = !quoted;
    else if ((c === sep || c === LF) && (!quoted || i >= text.length)) {
      let s = start;
      let e = i;
      while (s < e && isCellPadding(text.charCodeAt(s), APOSTROPHE)) s++;
      while (e > s && isCellPadding(text.charCodeAt(e - 1), CR)) e--;
      cells.push([s, e]);
      start = i + 1;
      if (c === LF) break;
    }
  }
  return { cells, next: i + 1 };
}

/**
 * Dates in a birth-date column of delimited text (CSV, TSV, pipe tables pasted into a
 * document): the header row names the column, each row below carries a bare date in it.
 */
function columnDates(text: string, out: RawMatch[], starts: Set<number>): void {
  const done = new Set<string>();
  // Line ends around the current birth word, advanced forward only: linear in the text even
  // when it has no line breaks and many birth words.
  let prevNl = -1;
  let nextNl = -1;
  // The header parse of the current line, reused for every birth word on it.
  let parsedLine = -1;
  let parsed: { delimiter: string; cells: [number, number][]; next: number } | undefined;
  BIRTH_HEADER.lastIndex = 0;
  for (let h = BIRTH_HEADER.exec(text); h !== null; h = BIRTH_HEADER.exec(text)) {
    while (nextNl < h.index) {
      prevNl = nextNl;
      nextNl = text.indexOf('\n', nextNl + 1);
      if (nextNl < 0) nextNl = text.length;
    }
    const lineStart = prevNl + 1;
    if (lineStart !== parsedLine) {
      parsedLine = lineStart;
      parsed = parseHeader(text, lineStart, nextNl);
    }
    if (!parsed) continue;
    const column = parsed.cells.findIndex(([s, e]) => s <= h.index && h.index < e);
    const cell = parsed.cells[column];
    const key = `${lineStart}:${column}`;
    if (!cell || done.has(key) || cell[1] - cell[0] > MAX_HEADER_CELL) continue;
    if (!BIRTH_COLUMN_NAME.test(text.slice(cell[0], cell[1]))) continue;
    done.add(key);
    let next = parsed.next;
    for (let row = 0; row < MAX_ROWS && next < text.length; row++) {
      const r = record(text, next, parsed.delimiter);
      if (r.cells.length < 2) break;
      const value = alignedCells(r.cells, parsed.cells.length)[column];
      if (value && value[1] > value[0]) {
        const d = dateAt(text, value[0]);
        if (d && d.end === value[1] && !starts.has(value[0])) {
          out.push({ start: value[0], end: d.end, score: 0.85, normalized: d.iso });
          starts.add(value[0]);
        }
      }
      next = r.next;
    }
  }
}

/**
 * A row's cells aligned to a header of `width` cells: a row with more cells than the header
 * has stray delimiters (a doubled tab or comma), so empty cells are dropped, first to last,
 * until it fits.
 */
function alignedCells(cells: [number, number][], width: number): [number, number][] {
  let surplus = cells.length - width;
  if (surplus <= 0) return cells;
  return cells.filter(([s, e]) => !(s === e && surplus-- > 0));
}

/**
 * The line [lineStart, lineEnd) read as a header row: its delimiter (the most frequent of
 * , TAB | ;) and cells, or undefined when it is too long or has fewer than three columns.
 */
function parseHeader(
  text: string,
  lineStart: number,
  lineEnd: number,
): { delimiter: string; cells: [number, number][]; next: number } | undefined {
  if (lineEnd - lineStart > MAX_HEADER_LINE) return undefined;
  const line = text.slice(lineStart, lineEnd);
  let delimiter: string | undefined;
  let most = 0;
  for (const d of DELIMITERS) {
    const n = line.split(d).length - 1;
    if (n > most) [delimiter, most] = [d, n];
  }
  if (!delimiter || most < 2) return undefined;
  return { delimiter, ...record(text, lineStart, delimiter) };
}

/** The date-of-birth recogniser. */
export const dateOfBirthRecognizer: Recognizer = {
  name: 'date-of-birth',
  type: 'DATE_OF_BIRTH',
  recognize,
};
