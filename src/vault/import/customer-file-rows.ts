/**
 * Streams the rows of a customers file — CSV, TSV, XLSX (first sheet) or JSON lines, text in
 * UTF-8, UTF-16 or GB18030/GBK (detected, src/detect/decode) — with the file's SHA-256 (for the
 * import's audit entry) and the row number each row is reported under:
 *
 * - CSV/TSV and JSON lines: the 1-based physical line where the record starts (the header is
 *   line 1), as an editor shows it — a quoted cell with line breaks spans several lines;
 * - XLSX: the spreadsheet row number.
 *
 * The first rows are read ahead (a sample for the column classifier); the iterator yields them
 * again, so every row goes through the same path.
 */
import { createHash } from 'node:crypto';
import { createReadStream, readFileSync } from 'node:fs';
import { InputError } from '../../core/errors.ts';
import { decodeTextStream } from '../../detect/decode/text-decoder.ts';
import { sniffDelimiter, tokenizeCsv } from '../../detect/readers/csv-tokenizer.ts';
import { looksLikeHeader } from '../../detect/readers/table-header.ts';
import { tableFormatOf, type TableFormat } from '../../detect/readers/table-reader.ts';
import { readXlsxRows } from '../../detect/readers/xlsx-reader.ts';

/** One data row: where it is and its cells (in header order). */
export interface FileRow {
  line: number;
  cells: string[];
}

/** An opened customers file. */
export interface CustomerFileRows {
  format: TableFormat;
  /** Encoding of a text file (`utf-8`, `gb18030`, …); `xlsx` for workbooks. */
  encoding: string;
  /** Header names; empty strings where the file has none. JSON lines: keys in first-seen order. */
  headers: string[];
  hasHeader: boolean;
  /** The first data rows (also yielded again by `rows`). */
  sample: string[][];
  rows: AsyncIterable<FileRow>;
  /** SHA-256 (hex) of the file's bytes; complete once `rows` has been consumed. */
  sha256(): string;
}

/** Data rows read ahead for column classification. */
export const SAMPLE_ROWS = 200;

/**
 * Opens a customers file. `onBytes` reports bytes read (progress bars).
 *
 * @example
 * const file = await openCustomerFile('客户.csv');
 * for await (const { line, cells } of file.rows) ...
 */
export async function openCustomerFile(
  path: string,
  onBytes?: (n: number) => void,
): Promise<CustomerFileRows> {
  const format = tableFormatOf(path);
  if (!format) {
    throw new InputError('not a customers file (CSV, TSV, XLSX or JSON lines by extension)', {
      file: path,
    });
  }
  const hash = createHash('sha256');
  let digest: string | undefined;
  const sha256 = (): string => (digest ??= hash.digest('hex'));
  let source: AsyncIterator<FileRow>;
  let encoding: string;
  // JSON lines: keys in first-seen order, filled by jsonRows as it reads.
  const jsonHeaders: string[] = [];
  if (format === 'xlsx') {
    let bytes: Buffer;
    try {
      bytes = readFileSync(path);
    } catch (err) {
      throw new InputError(`cannot read: ${(err as NodeJS.ErrnoException).code ?? 'error'}`, {
        file: path,
      });
    }
    hash.update(bytes);
    onBytes?.(bytes.length);
    encoding = 'xlsx';
    source = xlsxRows(path);
  } else {
    const decoded = await decodeTextStream(hashed(path, hash, onBytes));
    if (decoded.kind === 'binary') {
      throw new InputError(`binary file (${decoded.reason})`, { file: path });
    }
    encoding = decoded.encoding;
    source =
      format === 'jsonl'
        ? jsonRows(path, decoded.chunks, jsonHeaders)
        : csvRows(decoded.chunks, format === 'tsv' ? '\t' : undefined);
  }

  // Read the header and the sample.
  const ahead: FileRow[] = [];
  let first: FileRow | undefined;
  let exhausted = false;
  while (ahead.length < SAMPLE_ROWS + 1) {
    const r = await source.next();
    if (r.done) {
      exhausted = true;
      break;
    }
    if (format !== 'jsonl' && first === undefined) first = r.value;
    else ahead.push(r.value);
  }
  let headers: string[];
  let hasHeader: boolean;
  if (format === 'jsonl') {
    headers = jsonHeaders; // live: keys first seen after the sample are appended
    hasHeader = true;
  } else if (first !== undefined && looksLikeHeader(first.cells)) {
    headers = first.cells.map((h) => h.trim());
    hasHeader = true;
  } else {
    if (first !== undefined) ahead.unshift(first);
    headers = [];
    hasHeader = false;
  }
  const width = Math.max(headers.length, ...ahead.map((r) => r.cells.length));
  while (headers.length < width) headers.push('');

  async function* rows(): AsyncGenerator<FileRow> {
    for (const r of ahead) yield r;
    if (exhausted) return;
    for (;;) {
      const r = await source.next();
      if (r.done) return;
      yield r.value;
    }
  }
  return {
    format,
    encoding,
    headers,
    hasHeader,
    sample: ahead.slice(0, SAMPLE_ROWS).map((r) => r.cells),
    rows: rows(),
    sha256,
  };
}

async function* hashed(
  path: string,
  hash: ReturnType<typeof createHash>,
  onBytes: ((n: number) => void) | undefined,
): AsyncGenerator<Buffer> {
  const stream = createReadStream(path, { highWaterMark: 1 << 20 });
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      hash.update(chunk);
      onBytes?.(chunk.length);
      yield chunk;
    }
  } catch (err) {
    throw new InputError(`cannot read: ${(err as NodeJS.ErrnoException).code ?? 'error'}`, {
      file: path,
    });
  }
}

async function* csvRows(
  chunks: AsyncIterable<string>,
  delimiter: string | undefined,
): AsyncGenerator<FileRow> {
  let buffer = '';
  let line = 1;
  let delim = delimiter;
  const take = function* (final: boolean): Generator<FileRow> {
    if (delim === undefined) {
      const nl = buffer.indexOf('\n');
      delim = sniffDelimiter(nl < 0 ? buffer : buffer.slice(0, nl));
    }
    const { records, next } = tokenizeCsv(buffer, 0, delim, final);
    let at = 0;
    for (const r of records) {
      line += countLines(buffer, at, r.start);
      at = r.start;
      const cells = r.fields.map((f) => f.value);
      if (cells.length > 1 || cells[0] !== '') yield { line, cells };
    }
    line += countLines(buffer, at, next);
    buffer = buffer.slice(next);
  };
  for await (const piece of chunks) {
    buffer += piece;
    if (buffer.length >= 1 << 16 && buffer.includes('\n')) yield* take(false);
  }
  yield* take(true);
}

function countLines(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = text.indexOf('\n', from); i >= 0 && i < to; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

async function* xlsxRows(path: string): AsyncGenerator<FileRow> {
  let sheet: string | undefined;
  for await (const row of readXlsxRows(path)) {
    sheet ??= row.sheet;
    if (row.sheet !== sheet) return; // first sheet only
    if (row.cells.every((c) => c.trim() === '')) continue;
    yield { line: row.row, cells: row.cells };
  }
}

async function* jsonRows(
  path: string,
  chunks: AsyncIterable<string>,
  headers: string[],
): AsyncGenerator<FileRow> {
  const position = new Map<string, number>(headers.map((h, i) => [h, i]));
  let buffer = '';
  let line = 0;
  const parse = (text: string): FileRow | undefined => {
    line++;
    if (text.trim() === '') return undefined;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      throw new InputError('not valid JSON', { file: path, line });
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      throw new InputError('not a JSON object', { file: path, line });
    }
    const cells: string[] = [];
    for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
      let at = position.get(key);
      if (at === undefined) {
        at = headers.length;
        headers.push(key);
        position.set(key, at);
      }
      while (cells.length < at) cells.push('');
      cells[at] =
        v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);
    }
    for (let i = 0; i < cells.length; i++) cells[i] ??= '';
    return { line, cells };
  };
  for await (const piece of chunks) {
    buffer += piece;
    let nl = buffer.indexOf('\n');
    let start = 0;
    while (nl >= 0) {
      const row = parse(buffer.slice(start, nl));
      if (row) yield row;
      start = nl + 1;
      nl = buffer.indexOf('\n', start);
    }
    buffer = buffer.slice(start);
  }
  const row = parse(buffer);
  if (row) yield row;
}
