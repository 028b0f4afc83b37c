/**
 * Number and date formatting in the current language.
 */
import { i18next } from './i18n/i18n.ts';

/**
 * A probability as a person reads it: 1.2e-9 → "1.2 × 10⁻⁹", 0.034 → "0.034".
 *
 * @example
 * formatProbability(1.2e-9) // '1.2 × 10^-9'
 */
export function formatProbability(p: number): string {
  if (!Number.isFinite(p)) return String(p);
  if (p === 0) return '0';
  if (p >= 0.001) return p.toPrecision(2).replace(/\.?0+$/, '');
  const [m, e] = p.toExponential(1).split('e');
  return `${m} × 10^${Number(e)}`;
}

/**
 * @example
 * formatNumber(12345.6) // '12,345.6'
 */
export function formatNumber(n: number, digits = 2): string {
  return new Intl.NumberFormat(i18next.language, { maximumFractionDigits: digits }).format(n);
}

/**
 * An ISO time shown in local time, or the input when it does not parse.
 *
 * @example
 * formatTime('2026-03-01T08:00:00Z')
 */
export function formatTime(iso: string | null | undefined): string {
  if (iso === null || iso === undefined || iso === '') return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(i18next.language, {
    dateStyle: 'medium',
    timeStyle: 'short',
  }).format(d);
}
