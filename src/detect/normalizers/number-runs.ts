/**
 * Numbers as people write them: digit groups joined by single separators ("138 0013 8000",
 * "6222-0212-3456-7890-123", "1101 0519 9001 0112 34", a value broken over lines inside a table
 * cell). Every numeric recogniser reads the same runs, computed once per text, so the whole text
 * is scanned by one regular expression whatever the number of numeric types.
 *
 * A run is a maximal sequence `group (sep group)*` of at least seven digits, where a group is
 * `[0-9]+` (the last may end in X, for identity numbers) and a separator is one space, tab, dot,
 * dash or line break. Offsets are UTF-16 offsets of the original text (folding is
 * length-preserving).
 *
 * Seven, because no reader of the runs can use fewer: phone, identity and card windows have 7–19
 * digits, a credit code's digit group 7 or 8, a passport's or permit's digits 7 or more in one
 * group. Shorter numbers — amounts, counts, years, the bulk of what business text carries — are
 * six runs in ten of a mixed corpus, and each run costs its objects and arrays.
 */
import type { PreparedText } from '../prepared-text.ts';

const SEP = String.raw`(?:[ \t.\-\u2010-\u2015\u00a0]|\r?\n)`;
/**
 * Matches only where seven digits follow (so the JS loop never sees short numbers); the leading
 * look-behind lets V8 skip non-digits quickly, which a leading look-ahead would not. Every
 * quantifier is greedy and a run is maximal, so the runs are exactly the runs of any smaller
 * minimum that have seven digits or more: a shorter run has no suffix of seven digits either.
 */
const RUN = new RegExp(
  String.raw`(?<![0-9])[0-9](?:${SEP}?[0-9]){6}[0-9]*(?:${SEP}[0-9]+)*(?:[Xx](?![0-9A-Za-z]))?`,
  'g',
);

/** One written number: its groups and the separators between them. */
export interface NumberRun {
  readonly start: number;
  readonly end: number;
  /** Start offsets of the groups. */
  readonly groupStarts: readonly number[];
  /** End offsets of the groups (exclusive). */
  readonly groupEnds: readonly number[];
}

/** A candidate number: consecutive groups of a run, separators removed. */
export interface NumberWindow {
  readonly start: number;
  readonly end: number;
  /** The digits (and a final X) without separators. */
  readonly digits: string;
  /** True when the window spans groups (written with separators). */
  readonly grouped: boolean;
  /** True when a line break separates two of its groups. */
  readonly multiline: boolean;
  /** True when the window is the whole run (nothing else is attached to it). */
  readonly whole: boolean;
  /** Digits in each group, in order ([3, 4, 4] for "138 0013 8000"). */
  readonly groupLengths: readonly number[];
  /** The separator between each pair of groups, "\r\n" counted as "\n". */
  readonly separators: readonly string[];
}

/** A text's runs and, per run (by index), the windows the recognisers share once built. */
interface TextRuns {
  readonly runs: readonly CachedRun[];
  readonly windows: (NumberWindow[] | undefined)[];
}

const cache = new WeakMap<PreparedText, TextRuns>();

/**
 * All number runs of a text, computed once and shared by the recognisers.
 *
 * @example
 * numberRuns(prepareText('电话 138 0013 8000')) // [{ start: 3, end: 16, groupStarts: [3, 7, 12], … }]
 */
export function numberRuns(p: PreparedText): readonly NumberRun[] {
  return textRuns(p).runs;
}

function textRuns(p: PreparedText): TextRuns {
  let entry = cache.get(p);
  if (entry) return entry;
  const runs = findRuns(p.folded);
  // Filled in place: a run object is never written after it is made. A field written later (as
  // `windows` once was) changes what V8 assumed when it optimised the code that reads runs, and
  // every scan process threw that code away and compiled it again, several functions at a time.
  entry = { runs, windows: new Array<NumberWindow[] | undefined>(runs.length).fill(undefined) };
  cache.set(p, entry);
  return entry;
}

function findRuns(text: string): CachedRun[] {
  const runs: CachedRun[] = [];
  RUN.lastIndex = 0;
  for (let m = RUN.exec(text); m !== null; m = RUN.exec(text)) {
    const start = m.index;
    const end = start + m[0].length;
    const index = runs.length;
    const first = firstSeparator(text, start, end);
    if (first === end) {
      // Most runs are one group: exact one-element arrays, not push-grown ones.
      runs.push({ start, end, groupStarts: [start], groupEnds: [end], index });
      continue;
    }
    const groupStarts = [start];
    const groupEnds: number[] = [];
    for (let i = first; i < end; i++) {
      const c = text.charCodeAt(i);
      if (isRunDigit(c)) continue;
      groupEnds.push(i);
      // A separator is one character, or \r\n.
      if (c === 13) i++;
      groupStarts.push(i + 1);
    }
    groupEnds.push(end);
    runs.push({ start, end, groupStarts, groupEnds, index });
  }
  return runs;
}

/** A digit, or the X that may end an identity number. */
function isRunDigit(c: number): boolean {
  return (c >= 48 && c <= 57) || c === 88 || c === 120;
}

/** The index of the first separator in the run [start, end), or `end` when it has none. */
function firstSeparator(text: string, start: number, end: number): number {
  let i = start;
  while (i < end && isRunDigit(text.charCodeAt(i))) i++;
  return i;
}

/**
 * Where a code of one or two ASCII letters and then digits may start (passports, permits:
 * "E12345678", "EA1234567", "C12345678"): one and two units before each run that a letter
 * directly precedes, the farther first. Such a code's digits always start a run (a letter
 * before them is neither a digit nor a separator, so no run can have begun earlier), so trying
 * a sticky pattern at these positions finds exactly what a global search of the text would.
 *
 * @example
 * [...lettersBeforeRuns(prepareText('护照E12345678'))] // [1, 2]
 */
export function lettersBeforeRuns(p: PreparedText): readonly number[] {
  // Computed once per text for the passport and permit recognisers, as an array: a generator
  // step per position cost more than finding the positions.
  let starts = letterStarts.get(p);
  if (starts) return starts;
  starts = [];
  const text = p.folded;
  for (const run of numberRuns(p)) {
    const s = run.start;
    if (s === 0 || !isAsciiLetter(text.charCodeAt(s - 1))) continue;
    if (s >= 2 && isAsciiLetter(text.charCodeAt(s - 2))) starts.push(s - 2);
    starts.push(s - 1);
  }
  letterStarts.set(p, starts);
  return starts;
}

const letterStarts = new WeakMap<PreparedText, number[]>();

function isListSeparator(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 10 && c !== 13 && c !== 0xa0) return false;
  }
  return true;
}

/** The separator between groups g and g+1, with \r\n and \n counted as one kind. */
function sepKind(text: string, run: NumberRun, g: number): string {
  const s = text.slice(run.groupEnds[g], run.groupStarts[g + 1]);
  return s === '\r\n' ? '\n' : s === '\u00a0' ? ' ' : s;
}

/**
 * The windows of a run whose digit count is within [minDigits, maxDigits] and that stand as a
 * number of their own: the whole run; or a part of it set off by white space (a list such as
 * "13800138000 13900139000") whose own inner separators, if any, differ from that white space
 * ("138-0013-8000 139-0013-9000"). A part joined by a dash or dot to other digits is never a
 * window: "2023-13800138000" is a serial, not a phone. Whole-run windows come first.
 *
 * @example
 * [...numberWindows(p, run, 11, 11)].map((w) => w.digits) // ['13800138000']
 */
export function numberWindows(
  p: PreparedText,
  run: NumberRun,
  minDigits: number,
  maxDigits: number,
): NumberWindow[] {
  if (run.groupStarts.length === 1) {
    const len = run.end - run.start;
    if (len < minDigits || len > maxDigits) return [];
  }
  // The phone, identity and card recognisers all read windows of 7–19 digits from the same
  // runs: those are built once per run and each recogniser takes its own lengths from them
  // (the same windows, in the same order, as building them for its range alone).
  if (minDigits < SHARED_MIN || maxDigits > SHARED_MAX) {
    return buildWindows(p, run, minDigits, maxDigits);
  }
  const { runs, windows } = textRuns(p);
  const index = (run as Partial<CachedRun>).index;
  let all: NumberWindow[];
  if (index !== undefined && runs[index] === run) {
    all = windows[index] ??= buildWindows(p, run, SHARED_MIN, SHARED_MAX);
  } else {
    all = buildWindows(p, run, SHARED_MIN, SHARED_MAX); // a run made elsewhere: not cached
  }
  if (all.length === 1) {
    const n = all[0]!.digits.length;
    return n >= minDigits && n <= maxDigits ? all : [];
  }
  const out: NumberWindow[] = [];
  for (const w of all) {
    if (w.digits.length >= minDigits && w.digits.length <= maxDigits) out.push(w);
  }
  return out;
}

/** The digit range whose windows are built once per run and shared. */
const SHARED_MIN = 7;
const SHARED_MAX = 19;

/** A run as numberRuns makes it: with its index among the text's runs. */
interface CachedRun extends NumberRun {
  readonly index: number;
}

function buildWindows(
  p: PreparedText,
  run: NumberRun,
  minDigits: number,
  maxDigits: number,
): NumberWindow[] {
  const text = p.folded;
  const n = run.groupStarts.length;
  if (n === 1) {
    // The common case: one contiguous token.
    const len = run.end - run.start;
    if (len < minDigits || len > maxDigits) return [];
    return [
      {
        start: run.start,
        end: run.end,
        digits: text.slice(run.start, run.end),
        grouped: false,
        multiline: false,
        whole: true,
        groupLengths: oneGroup(len),
        separators: NO_SEPARATORS,
      },
    ];
  }
  // Digit counts are summed as numbers and a window's strings and arrays are built only when it
  // qualifies: most (i, j) pairs of a long run are too short, too long or not standing alone.
  const starts = run.groupStarts;
  const ends = run.groupEnds;
  const windows: NumberWindow[] = [];
  // The run's group lengths and separators, made once for all its windows: the whole-run window
  // uses them as they are and the others take slices (windows are read, never changed).
  let runLengths: number[] | undefined;
  let runSeparators: string[] | undefined;
  for (let i = 0; i < n; i++) {
    let count = 0;
    for (let j = i; j < n; j++) {
      const length = ends[j]! - starts[j]!;
      count += length;
      if (count > maxDigits) break;
      const whole = i === 0 && j === n - 1;
      if (count >= minDigits && (whole || standsAlone(text, run, i, j))) {
        let digits = '';
        for (let g = i; g <= j; g++) digits += text.slice(starts[g], ends[g]);
        runLengths ??= groupLengthsOf(run);
        runSeparators ??= separatorsOf(text, run);
        const groupLengths = whole ? runLengths : runLengths.slice(i, j + 1);
        const separators = whole ? runSeparators : runSeparators.slice(i, j);
        const w = {
          start: starts[i]!,
          end: ends[j]!,
          digits,
          grouped: j > i,
          multiline: separators.includes('\n'),
          whole,
          groupLengths,
          separators,
        };
        if (whole) windows.unshift(w);
        else windows.push(w);
      }
      // A one-digit group can only end a window: "1 2 3 4 5 …" is a list, not a number. This
      // also keeps long lists of small numbers linear.
      if (length < 2) break;
    }
  }
  return windows;
}

/** The separators of a one-group window, shared (windows are read, never changed). */
const NO_SEPARATORS: readonly string[] = Object.freeze([]);

/** `[length]`, one shared array per length, for one-group windows (read, never changed). */
const ONE_GROUP: (readonly number[] | undefined)[] = [];

function oneGroup(length: number): readonly number[] {
  return (ONE_GROUP[length] ??= [length]);
}

/** Digits in each group of a run. */
function groupLengthsOf(run: NumberRun): number[] {
  const lengths: number[] = [];
  for (let g = 0; g < run.groupStarts.length; g++) {
    lengths.push(run.groupEnds[g]! - run.groupStarts[g]!);
  }
  return lengths;
}

/** The separator after each group of a run but the last (see sepKind). */
function separatorsOf(text: string, run: NumberRun): string[] {
  const separators: string[] = [];
  for (let g = 0; g + 1 < run.groupStarts.length; g++) separators.push(sepKind(text, run, g));
  return separators;
}

/** A group this long is a number of its own, not a chunk of a grouped writing ("1380 0138"). */
const STANDALONE_GROUP = 7;

function standsAlone(text: string, run: NumberRun, i: number, j: number): boolean {
  const n = run.groupStarts.length;
  // Outer separators that could also be read as grouping inside one number.
  const outer: string[] = [];
  if (i > 0) {
    if (!isListSeparator(text, run.groupEnds[i - 1]!, run.groupStarts[i]!)) return false;
    if (run.groupEnds[i - 1]! - run.groupStarts[i - 1]! < STANDALONE_GROUP) {
      outer.push(sepKind(text, run, i - 1));
    }
  }
  if (j < n - 1) {
    if (!isListSeparator(text, run.groupEnds[j]!, run.groupStarts[j + 1]!)) return false;
    if (run.groupEnds[j + 1]! - run.groupStarts[j + 1]! < STANDALONE_GROUP) {
      outer.push(sepKind(text, run, j));
    }
  }
  for (let g = i; g < j; g++) if (outer.includes(sepKind(text, run, g))) return false;
  return true;
}

/**
 * The ASCII letters directly before `index` (at most 12), lower-cased: "tel" in "Tel13800138000".
 *
 * @example
 * letterWordBefore('No13800138000', 2) // 'no'
 */
export function letterWordBefore(text: string, index: number): string {
  let i = index;
  while (i > 0 && index - i < 12 && isAsciiLetter(text.charCodeAt(i - 1))) i--;
  return text.slice(i, index).toLowerCase();
}

/**
 * True for A–Z and a–z (a UTF-16 code unit).
 *
 * @example
 * isAsciiLetter('Q'.charCodeAt(0)) // true
 */
export function isAsciiLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/**
 * True for 0–9 (a UTF-16 code unit).
 *
 * @example
 * isAsciiDigit('7'.charCodeAt(0)) // true
 */
export function isAsciiDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/**
 * True when the number is written as money: a currency sign just before, or 元/块/万 just after,
 * or a decimal fraction (".00") glued to it.
 *
 * @example
 * looksLikeAmount('¥13800138000', 1, 12) // true
 */
export function looksLikeAmount(text: string, start: number, end: number): boolean {
  let b = start - 1;
  while (b >= 0 && text.charCodeAt(b) === 32) b--;
  const before = b >= 0 ? text[b] : '';
  if (before === '¥' || before === '$' || before === '￥' || before === '€' || before === '£') {
    return true;
  }
  const after = text[end] ?? '';
  if (after === '元' || after === '万' || after === '块' || after === '亿') return true;
  return after === '.' && isAsciiDigit(text.charCodeAt(end + 1));
}

/** ASCII words that may touch a number as its label ("Tel13800138000", "ID:…", "sfz…"). */
const LABEL_WORDS: ReadonlySet<string> = new Set([
  ...['tel', 'phone', 'mobile', 'mob', 'cell', 'fax', 'ph', 'call', 'dh', 'sj', 'm', 't'],
  ...['no', 'nr', 'num', 'number', 'id', 'sfz', 'sfzh', 'card', 'acct', 'account', 'kh'],
  ...['qq', 'wx', 'vx', 'v', 'wechat', 'ip'],
]);

/**
 * True when the number is glued to ASCII letters that are not a label: "SF1380013800012" is a
 * tracking number, "Tel13800138000" is a phone.
 *
 * @example
 * gluedToCode('SF13800138000', 2) // true
 * gluedToCode('Tel13800138000', 3) // false
 */
export function gluedToCode(text: string, start: number): boolean {
  const word = letterWordBefore(text, start);
  return word !== '' && !LABEL_WORDS.has(word);
}

/**
 * True when a window is written as a dotted quad ("172.29.233.145"): four groups of one to three
 * digits joined by dots. Such a number is an IPv4 address or a version, never a phone, card or
 * identity number, however many digits it has.
 *
 * @example
 * isDottedQuad({ groupLengths: [3, 2, 3, 3], separators: ['.', '.', '.'] }) // true
 */
export function isDottedQuad(w: Pick<NumberWindow, 'groupLengths' | 'separators'>): boolean {
  return (
    w.groupLengths.length === 4 &&
    w.groupLengths.every((n) => n <= 3) &&
    w.separators.every((s) => s === '.')
  );
}

/**
 * True when the groups look like one number written in chunks: every group has at least
 * `minGroup` digits (the last may be shorter, down to `minLast`) and all separators are of one
 * kind, a line break excepted (a cell may wrap anywhere). "138 0013 8000" is one number;
 * "13515.82 2023" (an amount and a year) is not.
 *
 * @example
 * isChunked([3, 4, 4], [' ', ' '], 3) // true
 * isChunked([5, 2, 4], ['.', ' '], 3) // false
 */
export function isChunked(
  groupLengths: readonly number[],
  separators: readonly string[],
  minGroup: number,
  minLast = minGroup,
): boolean {
  const last = groupLengths.length - 1;
  for (let g = 0; g < last; g++) if (groupLengths[g]! < minGroup) return false;
  if (last > 0 && groupLengths[last]! < minLast) return false;
  let kind: string | undefined;
  for (const s of separators) {
    if (s === '\n') continue;
    if (kind === undefined) kind = s;
    else if (s !== kind) return false;
  }
  return true;
}
