/**
 * A CSV/TSV tokenizer (RFC 4180, lenient) that reports where every field's characters are.
 * csv-parse gives values but not field offsets, and findings must be placed exactly in the file,
 * so the scanner tokenizes itself; it accepts what spreadsheets write: quoted fields with line
 * breaks and doubled quotes, CRLF or LF, a last line without a line break.
 */

export interface CsvField {
  /** The field's value (quotes removed, doubled quotes undone). */
  value: string;
  /** Index in the tokenized text of the value's first character (after an opening quote). */
  start: number;
  /** When the value differs from the text (doubled quotes): see `Segment.map`. */
  map?: number[];
}

export interface CsvRecord {
  fields: CsvField[];
  /** Index of the record's first character. */
  start: number;
  /** Index after the record's line break. */
  end: number;
}

const QUOTE = 0x22;
const CR = 0x0d;
const LF = 0x0a;

/**
 * Tokenizes complete records of `text` starting at `from`. Unless `final`, a record that is not
 * yet terminated by a line break is left for the next call: `next` is where it starts.
 *
 * @example
 * tokenizeCsv('姓名,手机\n张伟,"138\n0013 8000"\n', 0, ',', true).records[1].fields[1].value
 * // '138\n0013 8000'
 */
export function tokenizeCsv(
  text: string,
  from: number,
  delimiter: string,
  final: boolean,
): { records: CsvRecord[]; next: number } {
  const records: CsvRecord[] = [];
  const delim = delimiter.charCodeAt(0);
  const n = text.length;
  let i = from;
  outer: while (i < n) {
    const recordStart = i;
    const fields: CsvField[] = [];
    for (;;) {
      if (text.charCodeAt(i) === QUOTE) {
        const field = quotedField(text, i, final);
        if (!field) break outer;
        fields.push(field.field);
        i = field.next;
        // Lenient: characters between a closing quote and the delimiter are ignored.
        while (i < n && !isFieldEnd(text.charCodeAt(i), delim)) i++;
      } else {
        let j = i;
        while (j < n && !isFieldEnd(text.charCodeAt(j), delim)) j++;
        fields.push({ value: text.slice(i, j), start: i });
        i = j;
      }
      if (i >= n) {
        if (!final) break outer;
        records.push({ fields, start: recordStart, end: n });
        break outer;
      }
      const c = text.charCodeAt(i);
      if (c === delim) {
        i++;
        if (i >= n && !final) break outer;
        continue;
      }
      if (c === CR) {
        if (i + 1 >= n && !final) break outer;
        i += text.charCodeAt(i + 1) === LF ? 2 : 1;
      } else {
        i++; // LF
      }
      records.push({ fields, start: recordStart, end: i });
      continue outer;
    }
  }
  const next = records.length > 0 ? records[records.length - 1]!.end : from;
  return { records, next: final ? n : next };
}

function isFieldEnd(c: number, delim: number): boolean {
  return c === delim || c === LF || c === CR;
}

/** A quoted field starting at the quote `q`; undefined when its closing quote is not yet read. */
function quotedField(
  text: string,
  q: number,
  final: boolean,
): { field: CsvField; next: number } | undefined {
  const n = text.length;
  const start = q + 1;
  let j = start;
  let doubled = false;
  for (;;) {
    const k = text.indexOf('"', j);
    if (k < 0) {
      if (!final) return undefined;
      j = n;
      break;
    }
    if (k + 1 >= n && !final) return undefined;
    if (text.charCodeAt(k + 1) === QUOTE) {
      doubled = true;
      j = k + 2;
      continue;
    }
    j = k;
    break;
  }
  const content = text.slice(start, j);
  const next = Math.min(n, j + 1);
  if (!doubled) return { field: { value: content, start }, next };
  const map: number[] = [];
  let value = '';
  for (let r = 0; r < content.length; r++) {
    map.push(r);
    value += content[r];
    if (content.charCodeAt(r) === QUOTE && content.charCodeAt(r + 1) === QUOTE) r++;
  }
  map.push(content.length);
  return { field: { value, start, map }, next };
}

/**
 * The delimiter of a `.csv` file from its first line: tab or semicolon when they clearly
 * dominate (European and some Chinese exports), comma otherwise.
 *
 * @example
 * sniffDelimiter('姓名\t手机\n') // '\t'
 */
export function sniffDelimiter(firstLine: string): string {
  const count = (ch: string) => firstLine.split(ch).length - 1;
  const commas = count(',');
  const tabs = count('\t');
  const semis = count(';');
  if (tabs > commas && tabs >= semis) return '\t';
  if (semis > commas) return ';';
  return ',';
}
