/**
 * Scan units: what readers produce and scanners consume. A unit is a piece of one file small
 * enough to scan at once (a chunk of lines, a batch of table rows), carrying enough to turn a
 * finding in the scanned text back into a place in the file:
 *
 * - `raw` is the stretch of the file's decoded text the unit covers, and `base` says where it
 *   starts (code-point offset, line, column);
 * - `text` is what recognisers see. For plain text it is `raw` itself. For tables and JSON it
 *   is built from the values, each prefixed by its column header or key as context
 *   (`姓名：张伟`), and `segments` map each value back into `raw`.
 *
 * A unit is plain data (no functions) so it can be posted to a worker thread.
 */
import type { EntityType } from '../../core/entity-types.ts';
import type { Finding } from '../../core/finding.ts';

/** A place in a file's decoded text. All 1-based except `offset`; counts are code points. */
export interface TextPosition {
  /** Code points before this place in the whole decoded text. */
  offset: number;
  line: number;
  column: number;
}

/** One value inside a unit's scan text, and where its characters are in `raw`. */
export interface Segment {
  /** UTF-16 index of the value in the unit's `text`. */
  at: number;
  /** UTF-16 length of the value in `text`. */
  length: number;
  /** UTF-16 index in `raw` of the value's first character. */
  rawAt: number;
  /**
   * When the value is not a verbatim copy of `raw` (a JSON escape, a doubled CSV quote):
   * `map[i]` is the UTF-16 index, relative to `rawAt`, of the value's character `i`, and
   * `map[length]` is the raw length of the whole value.
   */
  map?: number[];
}

export interface ScanUnit {
  /** The file as the user named it (`-` for stdin). */
  path: string;
  /** Text handed to the recognisers. */
  text: string;
  /** The decoded file text the unit covers; absent when it is `text` itself. */
  raw?: string;
  /** Where `raw` (or `text`) starts in the file. */
  base: TextPosition;
  /** Values in `text`, sorted by `at`; absent when `text` is `raw` (identity mapping). */
  segments?: Segment[];
}

/** A finding placed in a file: the jsonl contract of `scan` (DESIGN §5.2) plus an end place. */
export interface LocatedFinding {
  path: string;
  line: number;
  column: number;
  start: number;
  end: number;
  type: EntityType;
  text: string;
  score: number;
  /** Line and column just after the last character (for SARIF regions). */
  endLine: number;
  endColumn: number;
}

/**
 * Builds a unit's scan text from values with context, recording where each value is in `raw`.
 * Line breaks inside a value become spaces in the scan text (same length, so offsets stay
 * aligned): a phone number broken across lines in a table cell then reads as one number with a
 * space separator, which recognisers accept.
 *
 * @example
 * const b = new UnitTextBuilder();
 * b.addValue('手机', '138 0013 8000', 42);
 * b.build('a.csv', raw, base)
 */
export class UnitTextBuilder {
  #parts: string[] = [];
  #length = 0;
  readonly #segments: Segment[] = [];

  /** Number of values added so far. */
  get size(): number {
    return this.#segments.length;
  }

  /** UTF-16 length of the scan text so far. */
  get length(): number {
    return this.#length;
  }

  /**
   * Adds one value. `context` (a header or key) goes before it as `context：`; `map` as in
   * {@link Segment}.
   */
  addValue(context: string | undefined, value: string, rawAt: number, map?: number[]): void {
    if (value.length === 0) return;
    if (context) this.#push(`${context}：`);
    const segment: Segment = { at: this.#length, length: value.length, rawAt };
    if (map) segment.map = map;
    this.#segments.push(segment);
    this.#push(/[\r\n]/.test(value) ? value.replace(/[\r\n]/g, ' ') : value);
    this.#push('\n');
  }

  build(path: string, raw: string, base: TextPosition): ScanUnit {
    return { path, text: this.#parts.join(''), raw, base, segments: this.#segments };
  }

  #push(s: string): void {
    this.#parts.push(s);
    this.#length += s.length;
  }
}

/**
 * Walks forward through a text, turning UTF-16 indices into positions. Requests must not go
 * backwards (findings come sorted by start and do not overlap), so the whole unit is walked once.
 * It jumps from line break to line break (native `indexOf`) and corrects UTF-16 counts by the
 * surrogate pairs passed, found once per unit: emoji are common in chats, and a walk character
 * by character cost more than the placing itself.
 */
class PositionWalker {
  readonly #text: string;
  /** UTF-16 indices of the surrogate pairs in the text, ascending. */
  readonly #pairs: readonly number[];
  /** First entry of `#pairs` at or after `#u`. */
  #pair = 0;
  #u = 0;
  #offset: number;
  #line: number;
  /** Code-point offset of the current line's first character. */
  #lineStart: number;

  constructor(text: string, base: TextPosition) {
    this.#text = text;
    this.#pairs = surrogatePairs(text);
    this.#offset = base.offset;
    this.#line = base.line;
    this.#lineStart = base.offset - (base.column - 1);
  }

  at(target: number): TextPosition {
    if (target > this.#u) {
      // An index inside a pair stands for the whole character (as a character walk would).
      if (this.#pairs[this.#pair] === target - 1) target++;
      const text = this.#text;
      for (let nl = text.indexOf('\n', this.#u); nl >= 0 && nl < target;) {
        this.#advance(nl + 1);
        this.#line++;
        this.#lineStart = this.#offset;
        nl = text.indexOf('\n', nl + 1);
      }
      this.#advance(target);
    }
    return { offset: this.#offset, line: this.#line, column: this.#offset - this.#lineStart + 1 };
  }

  /** Moves to UTF-16 index `to` (not inside a pair), counting a pair as one code point. */
  #advance(to: number): void {
    const pairs = this.#pairs;
    let passed = 0;
    while (this.#pair < pairs.length && pairs[this.#pair]! < to) {
      this.#pair++;
      passed++;
    }
    this.#offset += to - this.#u - passed;
    this.#u = to;
  }
}

/**
 * A high surrogate followed by a low one: one code point written as two UTF-16 units. Searched
 * with `test` (global, so `lastIndex` says where the pair ended): no match array per pair.
 */
const SURROGATE_PAIR = /[\uD800-\uDBFF][\uDC00-\uDFFF]/g;

/** The last text {@link surrogatePairs} searched, and what it found. */
let lastPairsText = '';
let lastPairs: readonly number[] = [];

/**
 * UTF-16 indices of the surrogate pairs of `text`, ascending (usually none). A plain-text unit
 * is searched by the reader (its length in code points) and again to place its findings, in
 * both its scan text and its raw text, which are the same string: the last answer is kept.
 *
 * One pass over the text: the search is what costs (~3 ns per UTF-16 unit, to the end of the
 * text even past its last pair), so it is no longer preceded by a test for any surrogate, which
 * made the text up to the first emoji be read twice.
 */
function surrogatePairs(text: string): readonly number[] {
  // `===` answers at once for the same string; two units differ within their first characters.
  if (text === lastPairsText) return lastPairs;
  const pairs: number[] = [];
  SURROGATE_PAIR.lastIndex = 0;
  while (SURROGATE_PAIR.test(text)) pairs.push(SURROGATE_PAIR.lastIndex - 2);
  lastPairsText = text;
  lastPairs = pairs;
  return pairs;
}

/**
 * Maps code-point offsets of `text` to UTF-16 indices, walking forward; out-of-order requests
 * restart from zero.
 */
function utf16Indexer(text: string): (cp: number) => number {
  const pairs = surrogatePairs(text);
  if (pairs.length === 0) return (i) => i;
  // Pair k, at UTF-16 index pairs[k], is code point pairs[k] - k; code point `cp` is at UTF-16
  // index cp plus the number of pairs before it.
  let k = 0;
  let last = 0;
  return (cp) => {
    if (cp < last) k = 0;
    last = cp;
    while (k < pairs.length && pairs[k]! - k < cp) k++;
    return Math.min(cp + k, text.length);
  };
}

/**
 * Places the findings of a unit's scan text in the file. Findings that do not lie inside one
 * value (a match that reaches into a header prefix, or across two cells) are dropped: they are
 * artefacts of how the scan text was built, not of the file.
 *
 * @param findings as `scanText(unit.text)` returns them: code-point offsets, sorted by start
 *
 * @example
 * locateFindings(unit, scanText(unit.text, options))
 */
export function locateFindings(unit: ScanUnit, findings: readonly Finding[]): LocatedFinding[] {
  if (findings.length === 0) return [];
  const raw = unit.raw ?? unit.text;
  const walker = new PositionWalker(raw, unit.base);
  const toUtf16 = utf16Indexer(unit.text);
  const segments = unit.segments;
  const out: LocatedFinding[] = [];
  for (const f of findings) {
    const s = toUtf16(f.start);
    const e = toUtf16(f.end);
    let rawStart = s;
    let rawEnd = e;
    if (segments) {
      const seg = segmentAt(segments, s);
      if (!seg || e > seg.at + seg.length) continue;
      const rs = s - seg.at;
      const re = e - seg.at;
      rawStart = seg.rawAt + (seg.map ? seg.map[rs]! : rs);
      rawEnd = seg.rawAt + (seg.map ? seg.map[re]! : re);
    }
    const start = walker.at(rawStart);
    const end = walker.at(rawEnd);
    out.push({
      path: unit.path,
      line: start.line,
      column: start.column,
      start: start.offset,
      end: end.offset,
      type: f.type,
      text: raw.slice(rawStart, rawEnd),
      score: f.score,
      endLine: end.line,
      endColumn: end.column,
    });
  }
  return out;
}

/** The segment whose value contains UTF-16 index `i` of the scan text, if any. */
function segmentAt(segments: readonly Segment[], i: number): Segment | undefined {
  let lo = 0;
  let hi = segments.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const s = segments[mid]!;
    if (i < s.at) hi = mid - 1;
    else if (i >= s.at + s.length) lo = mid + 1;
    else return s;
  }
  return undefined;
}

/**
 * The position just after `text` when it starts at `base`: how units that follow each other
 * learn where they begin.
 *
 * @example
 * advancePosition({ offset: 0, line: 1, column: 1 }, 'ab\ncd') // { offset: 5, line: 2, column: 3 }
 */
export function advancePosition(base: TextPosition, text: string): TextPosition {
  let lines = 0;
  let lastBreak = -1;
  for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', nl + 1)) {
    lines++;
    lastBreak = nl;
  }
  const offset = base.offset + codePointLength(text);
  if (lines === 0) return { offset, line: base.line, column: base.column + offset - base.offset };
  return {
    offset,
    line: base.line + lines,
    column: 1 + codePointLength(text.slice(lastBreak + 1)),
  };
}

/** Code points in `text`: UTF-16 length minus one per surrogate pair. */
function codePointLength(text: string): number {
  return text.length - surrogatePairs(text).length;
}
