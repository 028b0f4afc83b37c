/**
 * Table columns in plain text: a header row names a column ("QQ号", "Passport No.", "银行卡号"),
 * and every row below carries a bare value in it, far from the header word. Spreadsheet exports
 * (CSV, TSV), pipe tables pasted into a document and fixed-width reports (columns padded with
 * runs of spaces) all look like this; a label-then-value rule never sees the header from row 20.
 *
 * Only lines holding a column word are parsed, found by one regex search per text whatever the
 * number of recognisers asking; each table below a matching header is walked once per column.
 */

/** A value cell below a named header: [start, end) in the text, and what the caller named it. */
export interface ColumnCell<K> {
  readonly start: number;
  readonly end: number;
  readonly kind: K;
}

/** Single-character cell delimiters, most to least common in exports. */
const DELIMITERS = [',', '\t', '|', ';'] as const;
/** Runs of two or more spaces: the columns of a fixed-width report. */
const WIDE_GAP = /[ \u3000]{2,}|\t/g;
/** A header line longer than this is not a header. */
const MAX_HEADER_LINE = 4096;
/** A header cell longer than this is prose, not a column name. */
const MAX_HEADER_CELL = 24;
/** Rows read below one header (a bound, not a limit any real export reaches). */
const MAX_ROWS = 1_000_000;

const LF = 10;
const CR = 13;
const QUOTE = 34;
const APOSTROPHE = 39;

type Delimiter = (typeof DELIMITERS)[number] | 'gap';

interface Row {
  readonly cells: [number, number][];
  /** Where the next row starts. */
  readonly next: number;
}

/**
 * Words that may name a column of personal data or of business numbers, for every recogniser
 * that reads columns: one search of the text finds the header rows of all of them. Upper and
 * lower case are spelled out (no "i" flag: it slows the search over Chinese text).
 */
const COLUMN_WORD = new RegExp(
  [
    ...['卡号', '卡(?=[\\t,;| ]|$)', '[账帐][号户]', '[Cc](?:ard|ARD)', '[Aa](?:ccount|CCOUNT)'],
    ...['单号', '订单', '流水', '交易', '编号'],
    ...[
      '电话',
      '電話',
      '手机',
      '手機',
      '[Pp]hone',
      'PHONE',
      '[Mm]obile',
      'MOBILE',
      '[Tt]el',
      'TEL',
    ],
    ...['[Qq][Qq]', '扣扣', '微信', '[Ww]e[Cc]hat', 'WECHAT', '[Ww]eixin'],
    ...['护照', '護照', '[Pp]assport', 'PASSPORT'],
    ...['信用代[码碼]', '[税稅][号號]', '纳税人识别号', 'USCC', 'uscc', '[Cc]redit [Cc]ode'],
  ].join('|'),
  'm',
);

/**
 * A header row: its delimiter, its cells, where the first data row starts, and the data rows'
 * cells aligned to the header once read (several recognisers read the columns of one table).
 */
type HeaderRow = Row & { readonly delimiter: Delimiter; rows?: [number, number][][] };

/** The data rows below a header, aligned to its cells, read once per header. */
function dataRows(text: string, header: HeaderRow): [number, number][][] {
  if (header.rows) return header.rows;
  const rows: [number, number][][] = [];
  let next = header.next;
  for (let row = 0; row < MAX_ROWS && next < text.length; row++) {
    const r = readRow(text, next, header.delimiter);
    if (r.cells.length < 2) break;
    rows.push(alignedCells(r.cells, header.cells.length));
    next = r.next;
  }
  header.rows = rows;
  return rows;
}

/** The header rows of the last text asked about: its recognisers ask one after another. */
let cachedText: string | undefined;
let cachedRows: readonly HeaderRow[] = [];

/**
 * The value cells of every column whose header cell `classify` names. A line holding a column
 * word (see `COLUMN_WORD`) is read as a header row when it has at least three cells; each of its
 * cells is passed to `classify`, which returns a kind for a column name or undefined. Rows are
 * read below the header until a line with fewer than two cells (a blank line, a sentence).
 * Cells come in text order.
 *
 * @example
 * tableColumnCells('昵称,QQ号,邮箱\n小王,12345678,a@b.cn', (n) => (n === 'QQ号' ? 'qq' : undefined))
 * // [{ start: 12, end: 20, kind: 'qq' }]
 */
export function tableColumnCells<K>(
  text: string,
  classify: (name: string) => K | undefined,
): ColumnCell<K>[] {
  if (text !== cachedText) {
    cachedRows = headerRows(text);
    cachedText = text;
  }
  const out: ColumnCell<K>[] = [];
  for (const header of cachedRows) {
    const width = header.cells.length;
    for (let column = 0; column < width; column++) {
      const [cs, ce] = header.cells[column]!;
      if (ce - cs > MAX_HEADER_CELL || ce === cs) continue;
      const kind = classify(text.slice(cs, ce));
      if (kind === undefined) continue;
      for (const cells of dataRows(text, header)) {
        const value = cells[column];
        if (value && value[1] > value[0]) out.push({ start: value[0], end: value[1], kind });
      }
    }
  }
  // In text order (callers walk the cells alongside their candidates), not column by column.
  return out.sort((a, b) => a.start - b.start);
}

/** Per line: its most frequent one-character delimiter, and gaps of two or more spaces. */
interface LineShape {
  start: number;
  end: number;
  /** The most frequent one-character delimiter (a code unit), or -1. */
  delimiter: number;
  most: number;
  gaps: number;
}

/** COLUMN_WORD searched through the whole text (its own lastIndex: the non-global one tests lines). */
const COLUMN_WORD_ALL = new RegExp(COLUMN_WORD.source, 'gm');

/**
 * The lines of `text` that read as header rows and hold a column word, in order. The column
 * words are found first, by one search of the text; only their lines (and the line after each)
 * are measured — most of a text is prose or table rows that no header names, and measuring every
 * line cost more than everything else a structured scan does with tables.
 */
function headerRows(text: string): HeaderRow[] {
  const rows: HeaderRow[] = [];
  // One line is no table: most short texts (a message, a cell) end here.
  if (text.indexOf('\n') < 0) return rows;
  COLUMN_WORD_ALL.lastIndex = 0;
  for (let m = COLUMN_WORD_ALL.exec(text); m !== null; m = COLUMN_WORD_ALL.exec(text)) {
    const start = text.lastIndexOf('\n', m.index - 1) + 1;
    const end = text.indexOf('\n', m.index);
    if (end < 0) break; // the last line: no row follows it
    COLUMN_WORD_ALL.lastIndex = end + 1;
    const line = lineShape(text, start, end);
    // A header row is a line of three or more cells that the next line continues.
    if (line.most < 2 && line.gaps < 2) continue;
    let nextEnd = text.indexOf('\n', end + 1);
    if (nextEnd < 0) nextEnd = text.length;
    if (!continuesTable(line, lineShape(text, end + 1, nextEnd))) continue;
    const header = namedHeader(text, line);
    if (header) rows.push(header);
  }
  return rows;
}

/** True for what a regex's \s matches (\S is everything else). */
function isWhiteSpace(c: number): boolean {
  return (
    (c >= 9 && c <= 13) ||
    c === 32 ||
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

/**
 * The shape of the line [start, end): counts of each one-character delimiter (the most frequent
 * wins) and the cell gaps — tabs, and runs of two or more spaces with text on both sides.
 */
function lineShape(text: string, start: number, end: number): LineShape {
  let commas = 0;
  let tabs = 0;
  let pipes = 0;
  let semicolons = 0;
  let gaps = 0;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 44) commas++;
    else if (c === 9) tabs++;
    else if (c === 124) pipes++;
    else if (c === 59) semicolons++;
    else if ((c === 32 || c === 0x3000) && i > start && !isWhiteSpace(text.charCodeAt(i - 1))) {
      let j = i + 1;
      while (j < end && (text.charCodeAt(j) === 32 || text.charCodeAt(j) === 0x3000)) j++;
      if (j - i >= 2 && j < end && !isWhiteSpace(text.charCodeAt(j))) gaps++;
      i = j - 1;
    }
  }
  let delimiter = -1;
  let most = 0;
  for (const [unit, n] of [
    [44, commas],
    [9, tabs],
    [124, pipes],
    [59, semicolons],
  ] as const) {
    if (n > most) [delimiter, most] = [unit, n];
  }
  return { start, end, delimiter, most, gaps: gaps + tabs };
}

/** True when `next` has a cell break of the kind that splits the candidate header `header`. */
function continuesTable(header: LineShape, next: LineShape): boolean {
  if (header.most >= 2) return next.delimiter === header.delimiter || next.most > 0;
  return next.gaps >= 1 || next.most > 0;
}

/** The candidate line parsed as a header row, when it holds a column word. */
function namedHeader(text: string, line: LineShape): HeaderRow | undefined {
  if (line.end - line.start > MAX_HEADER_LINE) return undefined;
  // On the line alone: a search of the text from here would run on to the next column word.
  if (!COLUMN_WORD.test(text.slice(line.start, line.end))) return undefined;
  return parseHeader(text, line.start, line.end);
}

type Header = HeaderRow | undefined;

const DELIMITER_UNITS = DELIMITERS.map((d) => d.charCodeAt(0));

/**
 * The line [lineStart, lineEnd) read as a header row: its delimiter (the most frequent of
 * , TAB | ;, else runs of spaces) and cells, or undefined when it is too long or has fewer than
 * three columns.
 */
function parseHeader(text: string, lineStart: number, lineEnd: number): Header {
  if (lineEnd - lineStart > MAX_HEADER_LINE) return undefined;
  // Count delimiters and inner gaps of 2+ spaces by code unit: most lines asked about are prose.
  const counts = [0, 0, 0, 0];
  let gaps = 0;
  let spaces = 0;
  let seenText = false;
  for (let i = lineStart; i < lineEnd; i++) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 0x3000) {
      spaces++;
      continue;
    }
    if (spaces >= 2 && seenText) gaps++;
    spaces = 0;
    const d = DELIMITER_UNITS.indexOf(c);
    if (d >= 0) counts[d]!++;
    if (c === 9) gaps++;
    else if (c !== CR) seenText = true;
  }
  let delimiter: Delimiter | undefined;
  let most = 0;
  for (let d = 0; d < DELIMITERS.length; d++) {
    if (counts[d]! > most) [delimiter, most] = [DELIMITERS[d], counts[d]!];
  }
  if (!delimiter || most < 2) {
    // A fixed-width report: at least three cells padded apart by two or more spaces.
    if (gaps < 2) return undefined;
    delimiter = 'gap';
  }
  return { delimiter, ...readRow(text, lineStart, delimiter) };
}

/** A space, a double quote or `extra` (an apostrophe before a cell, a CR after it). */
function isCellPadding(c: number, extra: number): boolean {
  return c === 32 || c === 0x3000 || c === QUOTE || c === extra;
}

/**
 * One row starting at `from`: its cells as [start, end) offsets (surrounding spaces and quotes
 * trimmed). With a one-character delimiter a line break inside double quotes belongs to the
 * cell, as CSV writers quote multi-line addresses; a fixed-width row is one line.
 */
function readRow(text: string, from: number, delimiter: Delimiter): Row {
  return delimiter === 'gap' ? readGapRow(text, from) : readDelimitedRecord(text, from, delimiter);
}

/**
 * One record of text delimited by the one-character `delimiter`, starting at `from`: its cells as
 * [start, end) offsets (surrounding spaces and quotes trimmed) and where the next record starts.
 * A line break inside double quotes belongs to the cell, as CSV writers quote multi-line
 * addresses.
 *
 * @example
 * readDelimitedRecord('a,"b\nc",d\nx', 0, ',') // { cells: [[0, 1], [3, 6], [8, 9]], next: 10 }
 */
export function readDelimitedRecord(text: string, from: number, delimiter: string): Row {
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
      cells.push(trimCell(text, start, i));
      start = i + 1;
      if (c === LF) break;
    }
  }
  return { cells, next: i + 1 };
}

/** A fixed-width row: the line's runs of non-blank text separated by two or more spaces. */
function readGapRow(text: string, from: number): Row {
  let end = text.indexOf('\n', from);
  if (end < 0) end = text.length;
  const cells: [number, number][] = [];
  let start = from;
  WIDE_GAP.lastIndex = from;
  for (let g = WIDE_GAP.exec(text); g !== null && g.index < end; g = WIDE_GAP.exec(text)) {
    const cell = trimCell(text, start, g.index);
    if (cell[1] > cell[0]) cells.push(cell);
    start = g.index + g[0].length;
  }
  const last = trimCell(text, start, end);
  if (last[1] > last[0]) cells.push(last);
  return { cells, next: end + 1 };
}

function trimCell(text: string, start: number, end: number): [number, number] {
  let s = start;
  let e = end;
  while (s < e && isCellPadding(text.charCodeAt(s), APOSTROPHE)) s++;
  while (e > s && isCellPadding(text.charCodeAt(e - 1), CR)) e--;
  return [s, e];
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
