/**
 * Masks personal data in an item snapshot before it is frozen into a case (invariant 2: a case and
 * its evidence bundle carry customer ids and masked values, never plaintext PI).
 *
 * Alerts (§5.4) and traces (§5.5) carry ids and numbers only; complaints (§5.3) carry a phone,
 * a caller and free text; canary records carry the trap identity. Values under keys that name PI
 * are masked with the conventional operator; free text is replaced by its length, because no
 * masking can vouch for arbitrary prose.
 */
import {
  maskAddress,
  maskBirthDate,
  maskEmail,
  maskGeneric,
  maskName,
  maskPhone,
  maskResidentId,
} from '../protect/masking.ts';

/** Keys whose string values are masked, and how. */
const MASKS: Record<string, (v: string) => string> = {
  phone: maskPhone,
  caller: maskPhone,
  mobile: maskPhone,
  name: maskName,
  address: maskAddress,
  birth_date: maskBirthDate,
  id_number: maskResidentId,
  email: maskEmail,
  identity: maskGeneric,
};

/** Keys holding free text. */
const FREE_TEXT = new Set(['text', 'body', 'message', 'content', 'comment']);

/**
 * A deep copy of `value` with PI-named members masked and free text replaced by a placeholder.
 * Keys are compared case-insensitively; arrays and nested objects are walked.
 *
 * @example
 * sanitizeSnapshot({ customer: 'C1', phone: '13812345678', text: '又打电话' })
 * // { customer: 'C1', phone: '138****5678', text: '[free text withheld: 4 characters]' }
 */
export function sanitizeSnapshot(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sanitizeSnapshot);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    const k = key.toLowerCase();
    if (typeof v === 'string' && MASKS[k]) out[key] = MASKS[k](v);
    else if (typeof v === 'string' && FREE_TEXT.has(k)) {
      out[key] = `[free text withheld: ${[...v].length} characters]`;
    } else out[key] = sanitizeSnapshot(v);
  }
  return out;
}
