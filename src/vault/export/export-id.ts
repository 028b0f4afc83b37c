/**
 * Export ids: `E` + the UTC date + 80 random bits in Crockford base32 (e.g.
 * `E20260301-7K3Q9M2XW4TB8RFA`). Unguessable, so that knowing one id (printed on a file, quoted
 * in a complaint) tells nothing about others, and sortable by day for people reading lists.
 */
import { randomBytes } from 'node:crypto';

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const EXPORT_ID = /^E\d{8}-[0-9A-HJKMNP-TV-Z]{16}$/;

/**
 * @example
 * newExportId(new Date('2026-03-01T10:00:00Z')) // 'E20260301-…' (16 random characters)
 */
export function newExportId(now: Date): string {
  const bytes = randomBytes(10);
  let bits = 0n;
  for (const b of bytes) bits = (bits << 8n) | BigInt(b);
  let tail = '';
  for (let i = 0; i < 16; i++) {
    tail = CROCKFORD[Number(bits & 31n)]! + tail;
    bits >>= 5n;
  }
  return `E${now.toISOString().slice(0, 10).replace(/-/g, '')}-${tail}`;
}

/**
 * Whether `s` has the shape of an export id.
 *
 * @example
 * isExportId('E20260301-7K3Q9M2XW4TB8RFA') // true
 */
export function isExportId(s: string): boolean {
  return EXPORT_ID.test(s);
}
