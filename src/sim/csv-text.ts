/**
 * CSV rendering (RFC 4180): fields quoted only when they must be.
 */

/**
 * One CSV field.
 *
 * @example
 * csvField('a,b') // '"a,b"'
 */
export function csvField(v: string): string {
  return /[",\r\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v;
}

/**
 * One CSV line with CRLF, as spreadsheet software writes it.
 *
 * @example
 * csvLine(['姓名', '手机']) // '姓名,手机\r\n'
 */
export function csvLine(fields: readonly string[]): string {
  return fields.map(csvField).join(',') + '\r\n';
}
