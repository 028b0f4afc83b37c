/**
 * Reads the first rows of a table file (CSV, TSV, XLSX, JSON lines) as header names and cell
 * strings — the sample the column classifier needs, and what `import customers` and `trace`
 * start from.
 */
import { createReadStream } from 'node:fs';
import { InputError } from '../../core/errors.ts';
import { decodeTextStream } from '../decode/text-decoder.ts';
import { sniffDelimiter, tokenizeCsv } from './csv-tokenizer.ts';
import { splitAtLines } from './text-reader.ts';
import { looksLikeHeader } from './table-header.ts';
import { readXlsxRows } from './xlsx-reader.ts';

/** A table as strings: header names (empty strings where a file has none) and rows. */
export interface Table {
  headers: string[];
  rows: string[][];
}

/** Table formats, by extension. */
export type TableFormat = 'csv' | 'tsv' | 'xlsx' | 'jsonl';

/**
 * The table format of a path, or undefined when it is not one.
 *
 * @example
 * tableFormatOf('客户.tsv') // 'tsv'
 */
export function tableFormatOf(path: string): TableFormat | undefined {
  const ext = /\.([^./\\]+)$/.exec(path)?.[1]?.toLowerCase();
  switch (ext) {
    case 'csv':
      return 'csv';
    case 'tsv':
    case 'tab':
      return 'tsv';
    case 'xlsx':
    case 'xlsm':
      return 'xlsx';
    case 'jsonl':
    case 'ndjson':
      return 'jsonl';
    default:
      return undefined;
  }
}

/**
 * Reads up to `maxRows` data rows of a table file (the first sheet of a workbook). A first row
 * that does not look like column names is kept as data and the headers are empty strings.
 *
 * @example
 * const { headers, rows } = await readTable('客户.csv', { maxRows: 200 });
 */
export async function readTable(path: string, options: { maxRows?: number } = {}): Promise<Table> {
  const maxRows = options.maxRows ?? Infinity;
  const format = tableFormatOf(path);
  if (!format)
    throw new InputError('not a table file (CSV, TSV, XLSX or JSON lines)', { file: path });
  let records: string[][] = [];
  if (format === 'xlsx') {
    let sheet: string | undefined;
    for await (const row of readXlsxRows(path)) {
      sheet ??= row.sheet;
      if (row.sheet !== sheet || records.length > maxRows) break;
      records.push(row.cells);
    }
  } else {
    const decoded = await decodeTextStream(createReadStream(path));
    if (decoded.kind === 'binary')
      throw new InputError(`binary file (${decoded.reason})`, { file: path });
    if (format === 'jsonl') return jsonLinesTable(path, decoded.chunks, maxRows);
    records = await csvRecords(decoded.chunks, format === 'tsv' ? '\t' : undefined, maxRows + 1);
  }
  return asTable(records, maxRows);
}

function asTable(records: string[][], maxRows: number): Table {
  const first = records[0] ?? [];
  const hasHeader = looksLikeHeader(first);
  const rows = (hasHeader ? records.slice(1) : records).slice(0, maxRows);
  const width = Math.max(first.length, ...rows.map((r) => r.length));
  const headers = hasHeader ? first.map((h) => h.trim()) : [];
  while (headers.length < width) headers.push('');
  return { headers, rows };
}

async function csvRecords(
  chunks: AsyncIterable<string>,
  delimiter: string | undefined,
  limit: number,
): Promise<string[][]> {
  const out: string[][] = [];
  let buffer = '';
  const take = (final: boolean): void => {
    const nl = buffer.indexOf('\n');
    delimiter ??= sniffDelimiter(nl < 0 ? buffer : buffer.slice(0, nl));
    const { records, next } = tokenizeCsv(buffer, 0, delimiter, final);
    for (const r of records) {
      const cells = r.fields.map((f) => f.value);
      if (cells.length > 1 || cells[0] !== '') out.push(cells);
    }
    buffer = buffer.slice(next);
  };
  for await (const piece of chunks) {
    buffer += piece;
    if (buffer.includes('\n')) take(false);
    if (out.length >= limit) return out.slice(0, limit);
  }
  take(true);
  return out.slice(0, limit);
}

async function jsonLinesTable(
  path: string,
  chunks: AsyncIterable<string>,
  maxRows: number,
): Promise<Table> {
  const headers: string[] = [];
  const objects: Record<string, unknown>[] = [];
  outer: for await (const { text, base } of splitAtLines(chunks, 1 << 16)) {
    const lines = text.split('\n');
    for (const [i, line] of lines.entries()) {
      if (objects.length >= maxRows) break outer;
      if (line.trim() === '') continue;
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch {
        throw new InputError('not valid JSON', { file: path, line: base.line + i });
      }
      if (value === null || typeof value !== 'object' || Array.isArray(value)) continue;
      const obj = value as Record<string, unknown>;
      for (const k of Object.keys(obj)) if (!headers.includes(k)) headers.push(k);
      objects.push(obj);
    }
  }
  const cell = (v: unknown): string =>
    v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);
  return { headers, rows: objects.map((o) => headers.map((h) => cell(o[h]))) };
}
