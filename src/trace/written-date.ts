/**
 * Dates as people write them in spreadsheets and lists (2024-03-05, 2024/3/5, 2024.03.05,
 * 20240305, 2024年3月5日, with full-width digits), read back to ISO `YYYY-MM-DD`.
 */
import { foldWidth } from '../detect/prepared-text.ts';

const WRITTEN = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*[日号號]?$/;
const COMPACT = /^(\d{4})(\d{2})(\d{2})$/;

/**
 * ISO form of a written calendar date, or undefined.
 *
 * @example
 * parseWrittenDate('1990年3月7日') // '1990-03-07'
 * parseWrittenDate('1990/02/30')  // undefined
 */
export function parseWrittenDate(written: string): string | undefined {
  const s = foldWidth(written).trim();
  const m = WRITTEN.exec(s) ?? COMPACT.exec(s);
  if (m === null) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) {
    return undefined;
  }
  return `${m[1]}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}
