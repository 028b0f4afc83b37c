/**
 * Dates of birth. A date alone is not personal information — invoices, orders and news carry
 * dates — so a date is reported only when a birth word labels it: after "出生日期：", "生日",
 * "DOB", "born", or before "出生"/"生" ("1990年1月2日出生"). Many writings are accepted:
 * 1990-01-02, 1990/1/2, 1990.1.2, 1990年1月2日, 19900102, 90.1.2, 90年1月2号, 一九九〇年一月二日,
 * 02/01/1990, 2 Jan 1990, 02-Jan-1990, January 2, 1990, and year-month alone (出生年月：1990年1月).
 * A date that answers a birthday question in the next message ("你生日是哪天？" … "92年10月6号")
 * counts too. The date must be real, not before 1900 and not in the future. A birth year alone
 * ("1962年生") is an age rather than a birth date: it is scored below the reporting threshold.
 */
import { skipLabelFiller } from '../context.ts';
import type { PreparedText } from '../prepared-text.ts';
import { readDelimitedRecord } from '../table-columns.ts';
import type { RawMatch, Recognizer } from '../recognizer.ts';
import { isPlausibleBirthDate } from '../validators/calendar-date.ts';

/** Birth words before a date, in the folded text (ASCII case-insensitively). */
const BIRTH_WORD_BEFORE =
  /出生(?:日期|年月日?|时间|時間|于|於)?|生日|生于|生於|誕生|(?<![A-Za-z])(?:d\.?o\.?b\.?|date of birth|birth ?date|birthday|born(?: on| in)?)(?![A-Za-z])/gi;
/**
 * Birth words after a date: "1990年1月2日出生", "1990-01-02生", "生人". Not a label that
 * introduces the next value ("有效期至2026-01-21 出生日期 1956-10-16").
 */
const BIRTH_WORD_AFTER = /出生(?!日期|年月|时间|時間|地|[:：])|生人|生(?![日活产意物命成长效])/g;

const CN_DIGIT = '[〇零一二三四五六七八九]';
/** A month or day number in words: 一 … 三十一. */
const CN_SMALL = '(?:[一二三]?十[一二三四五六七八九]?|[一二三四五六七八九])';
const CN_VALUE: Readonly<Record<string, number>> = {
  〇: 0, 零: 0, 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9,
}; // prettier-ignore

/** "一九九八" → 1998: digit by digit. */
function cnDigits(s: string): number {
  let n = 0;
  for (const c of s) n = n * 10 + CN_VALUE[c]!;
  return n;
}

/** "十二" → 12, "二十三" → 23, "四" → 4. */
function cnSmall(s: string): number {
  const ten = s.indexOf('十');
  if (ten < 0) return CN_VALUE[s]!;
  const tens = ten === 0 ? 1 : CN_VALUE[s[0]!]!;
  const units = ten === s.length - 1 ? 0 : CN_VALUE[s[ten + 1]!]!;
  return tens * 10 + units;
}

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
    // 2 Jan 1990, 02-Jan-1990 (passport and airline style).
    new RegExp(
      String.raw`([0-9]{1,2})(?:st|nd|rd|th)?[ -]${MONTH}(?:,? |-)((?:19|20)[0-9]{2})`,
      'iy',
    ),
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
  // "92年10月6号": the year's century left out, as people say it.
  [
    /([0-9]{2}) ?年 ?([0-9]{1,2}) ?月 ?([0-9]{1,2}) ?[日号](?![0-9])/y,
    (g) => [twoDigitYear(+g[1]!), +g[2]!, +g[3]!],
  ],
  // "一九九八年一月四日", "二〇〇〇年十二月十五日": court judgments write dates in words.
  [
    new RegExp(`(${CN_DIGIT}{4})年(${CN_SMALL})月(${CN_SMALL})[日号]`, 'y'),
    (g) => [cnDigits(g[1]!), cnSmall(g[2]!), cnSmall(g[3]!)],
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
  // Every writing starts with a digit, a month name or a year in words.
  const c = text.charCodeAt(index) | 0x20;
  if (!((c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x7a) || CN_YEAR_START.has(text[index]!))) {
    return undefined;
  }
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

/** The first character of a year written in words (一九…, 二〇…). */
const CN_YEAR_START = new Set(['一', '二']);

/** Dates that end right before a birth word: looked for in the few units before it. */
const DATE_BEFORE =
  /(?:(?:19|20)[0-9]{2} ?[-/.年] ?[0-9]{1,2} ?[-/.月] ?[0-9]{1,2}(?: ?[日号])?|[0-9]{2} ?年 ?[0-9]{1,2} ?月 ?[0-9]{1,2} ?[日号]|[一二][〇零一二三四五六七八九]{3}年[一二三四五六七八九十]{1,3}月[一二三四五六七八九十]{1,3}[日号]|(?:19|20)[0-9]{2}(?:0[1-9]|1[0-2])(?:[0-2][0-9]|3[01])|(?:19|20)[0-9]{2} ?年 ?[0-9]{1,2} ?月|(?:19|20)[0-9]{2} ?年) ?$/;
const YEAR_ONLY = /^((?:19|20)[0-9]{2}) ?年 ?$/;

/** A birth year alone ("1990年生"): below the default reporting threshold of 0.5. */
const YEAR_ONLY_SCORE = 0.45;
/** Spaces allowed between a key and its colon. */
const MAX_KEY_PADDING = 16;

/** A question about the birth date right after the birth word: "生日是哪天来着". */
const BIRTH_QUESTION =
  /^[^\n。！!]{0,6}?(?:哪天|哪一天|几号|几月几|什么时候|多少号|啥时候|是啥|是什么|[?？])/u;
/** How far below a birth question its answer is looked for. */
const ANSWER_WINDOW = 48;
/** Line breaks the answer may be below the question (the next message, after its sender). */
const ANSWER_LINES = 2;

/**
 * Where the date that answers a birth question starts, or -1: the first date within a couple of
 * lines after the question, at the start of a line or after a speaker's "name：".
 */
function answeredDateStart(text: string, wordEnd: number): number {
  const q = BIRTH_QUESTION.exec(text.slice(wordEnd, wordEnd + 24));
  if (!q) return -1;
  const questionEnd = wordEnd + q[0].length;
  const stop = Math.min(text.length, wordEnd + ANSWER_WINDOW);
  let lines = 0;
  let lineStart = questionEnd;
  for (let k = questionEnd; k < stop; k++) {
    if (text[k] === '\n') {
      if (++lines > ANSWER_LINES) return -1;
      lineStart = k + 1;
      continue;
    }
    if (!dateAt(text, k)) continue;
    // The answer opens a line or a message ("B：", "答："): a date in the middle of a sentence
    // answers something else.
    const opener = lines === 0 ? SAME_LINE_ANSWER_OPENER : ANSWER_OPENER;
    return opener.test(text.slice(lineStart, k)) ? k : -1;
  }
  return -1;
}

/** What may stand before the answer on its line: nothing, or a speaker and a colon. */
const ANSWER_OPENER = /^(?:[^\n:：]{0,12}[:：])?[ \t]*$/u;
/** The same on the question's line: the question mark, then "答：" or a space. */
const SAME_LINE_ANSWER_OPENER = /^(?:[^\n]{0,3}?[?？])?[ \t]*(?:[^\n:：?？]{0,6}[:：])?[ \t]*$/u;

function recognize(p: PreparedText): RawMatch[] {
  const text = p.folded;
  const out: RawMatch[] = [];
  // Start offsets already reported; a Set keeps dedupe linear on tables of thousands of rows.
  const starts = new Set<number>();
  const taken = (s: number) => starts.has(s);
  BIRTH_WORD_BEFORE.lastIndex = 0;
  for (let w = BIRTH_WORD_BEFORE.exec(text); w !== null; w = BIRTH_WORD_BEFORE.exec(text)) {
    const wordEnd = w.index + w[0].length;
    // Key-value dumps pad their keys: "dob       : 1981-07-30".
    let at = wordEnd;
    while (at < wordEnd + MAX_KEY_PADDING && (text[at] === ' ' || text[at] === '\t')) at++;
    at = skipLabelFiller(text, at, 6);
    if (at > 0 && /[0-9]/.test(text[at - 1]!)) continue;
    let d = dateAt(text, at);
    if (!d) {
      // "你生日是哪天？" — the answer, a line or two below, is the date.
      at = answeredDateStart(text, wordEnd);
      d = at >= 0 ? dateAt(text, at) : undefined;
    }
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
      // "1990年生" gives the year alone: an age more than a birth date, so it is kept below the
      // reporting threshold (YEAR_ONLY_SCORE) for callers that ask for weak findings.
      if (+yearOnly[1]! <= new Date().getUTCFullYear()) iso = yearOnly[1]!;
    } else {
      iso = dateAt(text, start)?.iso;
      if (iso === undefined) continue;
      const d = dateAt(text, start)!;
      value = text.slice(start, d.end);
    }
    if (iso === undefined || taken(start)) continue;
    const score = yearOnly ? YEAR_ONLY_SCORE : 0.85;
    out.push({ start, end: start + value.length, score, normalized: iso });
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
      const r = readDelimitedRecord(text, next, parsed.delimiter);
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
  return { delimiter, ...readDelimitedRecord(text, lineStart, delimiter) };
}

/** The date-of-birth recogniser. */
export const dateOfBirthRecognizer: Recognizer = {
  name: 'date-of-birth',
  type: 'DATE_OF_BIRTH',
  recognize,
};
