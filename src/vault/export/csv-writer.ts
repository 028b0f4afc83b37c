/**
 * CSV export files (RFC 4180): UTF-8 with a byte-order mark — so Excel opens Chinese text
 * correctly — or GB18030, which Excel in China expects by default. Cells are quoted when they
 * hold a delimiter, a quote or a line break; cells that a spreadsheet would run as a formula
 * (`=`, `+`, `-`, `@` first) are prefixed with `'` (CSV injection, OWASP).
 */
import iconv from 'iconv-lite';

const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);
const FORMULA_START = /^[=+\-@\t\r]/;

function cell(value: string | null | undefined): string {
  if (value === null || value === undefined) return '';
  // A leading '-' in a number (a premium refund) is data, not a formula.
  const safe = FORMULA_START.test(value) && !/^-?\d+(\.\d+)?$/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/**
 * The CSV text of a header and rows (CRLF line ends, as RFC 4180 and Excel use).
 *
 * @example
 * csvText(['name', 'phone'], [{ name: '张**', phone: '138****5678' }]) // 'name,phone\r\n张**,138****5678\r\n'
 */
export function csvText(
  columns: readonly string[],
  rows: ReadonlyArray<Readonly<Record<string, string | null | undefined>>>,
): string {
  const lines = [columns.map(cell).join(',')];
  for (const row of rows) lines.push(columns.map((c) => cell(row[c])).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

/**
 * CSV bytes in UTF-8 with BOM (`utf-8`) or GB18030 without BOM (`gb18030`).
 *
 * @example
 * const bytes = csvBytes(['name'], [{ name: '张**' }], 'gb18030');
 */
export function csvBytes(
  columns: readonly string[],
  rows: ReadonlyArray<Readonly<Record<string, string | null | undefined>>>,
  encoding: 'utf-8' | 'gb18030',
): Buffer {
  const text = csvText(columns, rows);
  return encoding === 'utf-8'
    ? Buffer.concat([UTF8_BOM, Buffer.from(text, 'utf8')])
    : iconv.encode(text, 'gb18030');
}
