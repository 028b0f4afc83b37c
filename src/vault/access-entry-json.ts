/**
 * Canonical JSON of an imported access entry, written directly for its known shape.
 *
 * Event import canonicalises every event; the generic encoder (audit/canonical-json.ts) sorts
 * each object's keys and walks values by type, which was a visible share of the import's CPU.
 * An entry built by validateEvent has a fixed set of keys whose values are all strings (or, for
 * `customers`, an array of strings), so its canonical form is the keys in their sorted order,
 * each string quoted as JSON.stringify does. The output is byte-identical to
 * `canonicalJsonString(entry)` (tested against it, including with fast-check); any entry with
 * another key or a non-string value goes through the generic encoder instead.
 */
import { canonicalJsonString } from '../audit/canonical-json.ts';
import type { AccessAuditEntry, AccessEvent } from '../core/access-event.ts';

/** Characters JSON.stringify escapes (quote, backslash, controls) or may (lone surrogates). */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const NEEDS_ESCAPING = /["\\\u0000-\u001f\ud800-\udfff]/;

function quote(s: string): string {
  return NEEDS_ESCAPING.test(s) ? JSON.stringify(s) : `"${s}"`;
}

/** Keys the fast form writes, in UTF-16 code-unit order (the canonical order). */
const KNOWN_KEYS = new Set([
  'action',
  'actor',
  'branch',
  'customers',
  'decision',
  'outcome',
  'purpose',
  'role',
  'source',
  'ts',
  'type',
]);

/** Keys every access entry has (customers is checked separately). */
const REQUIRED_KEYS = ['action', 'actor', 'decision', 'source', 'ts', 'type'] as const;

/**
 * True when every key is known, every required key is a string and every other value is a string
 * or (customers) an array of strings.
 */
function hasKnownShape(entry: Readonly<Record<string, unknown>>): boolean {
  for (const key in entry) {
    if (!KNOWN_KEYS.has(key)) return false;
    const v = entry[key];
    if (key === 'customers') {
      if (!Array.isArray(v) || Object.getPrototypeOf(v) !== Array.prototype) return false;
      for (const c of v) if (typeof c !== 'string') return false;
    } else if (typeof v !== 'string' && v !== undefined) {
      return false;
    }
  }
  for (const key of REQUIRED_KEYS) if (typeof entry[key] !== 'string') return false;
  return Object.getPrototypeOf(entry) === Object.prototype;
}

/**
 * The canonical JSON text of an access audit entry — exactly `canonicalJsonString(entry)`.
 *
 * @example
 * accessEntryJson({ type: 'access', decision: 'allow', ts: '2025-03-01T09:15:00+08:00',
 *   actor: 'S1', action: 'view', customers: ['C1'], source: 'core' })
 * // '{"action":"view","actor":"S1","customers":["C1"],"decision":"allow","source":"core",…}'
 */
export function accessEntryJson(entry: AccessAuditEntry): string {
  const e = entry as unknown as Readonly<Record<string, unknown>>;
  if (!Array.isArray(e['customers']) || !hasKnownShape(e)) return canonicalJsonString(entry);
  // An own key whose value is undefined is rejected by the generic encoder; keep that behaviour.
  for (const key in e) if (e[key] === undefined) return canonicalJsonString(entry);
  let out = `{"action":${quote(entry.action)},"actor":${quote(entry.actor)}`;
  if (entry.branch !== undefined) out += `,"branch":${quote(entry.branch)}`;
  out += ',"customers":[';
  const customers = entry.customers;
  for (let i = 0; i < customers.length; i++) {
    out += (i > 0 ? ',' : '') + quote(customers[i]!);
  }
  out += `],"decision":${quote(entry.decision)}`;
  if (entry.outcome !== undefined) out += `,"outcome":${quote(entry.outcome)}`;
  if (entry.purpose !== undefined) out += `,"purpose":${quote(entry.purpose)}`;
  if (entry.role !== undefined) out += `,"role":${quote(entry.role)}`;
  out += `,"source":${quote(entry.source)},"ts":${quote(entry.ts)},"type":${quote(entry.type)}}`;
  return out;
}

/**
 * JSON string escaping is needed for some character of `text` (a quote, backslash, control
 * character or any surrogate, as {@link quote} decides per string). One test over all of an
 * event's fields concatenated replaces one per field.
 *
 * @example
 * needsEscaping('S1' + 'claims') // false
 */
export function needsEscaping(text: string): boolean {
  return NEEDS_ESCAPING.test(text);
}

/**
 * The canonical JSON of the imported entry `{ type: 'access', decision: 'allow', ...event,
 * customers }` for an event as validateEvent returns it (its own fields only, all strings; `ts`
 * matched by the ISO pattern and `action` one of ACCESS_ACTIONS, so neither needs escaping) —
 * exactly `canonicalJsonString` of that entry, without building it or checking its shape.
 * `plain` is the caller's promise that no other string needs escaping (see {@link needsEscaping}).
 *
 * @example
 * accessEventJson(validateEvent(value), event.customers, !needsEscaping(fieldsText))
 */
export function accessEventJson(
  event: AccessEvent,
  customers: readonly string[],
  plain: boolean,
): string {
  const q = plain ? (s: string) => `"${s}"` : quote;
  let out = `{"action":"${event.action}","actor":${q(event.actor)}`;
  if (event.branch !== undefined) out += `,"branch":${q(event.branch)}`;
  if (plain) {
    out += customers.length > 0 ? `,"customers":["${customers.join('","')}"]` : ',"customers":[]';
  } else {
    out += ',"customers":[';
    for (let i = 0; i < customers.length; i++) out += (i > 0 ? ',' : '') + quote(customers[i]!);
    out += ']';
  }
  out += ',"decision":"allow"';
  if (event.outcome !== undefined) out += `,"outcome":${q(event.outcome)}`;
  if (event.purpose !== undefined) out += `,"purpose":${q(event.purpose)}`;
  if (event.role !== undefined) out += `,"role":${q(event.role)}`;
  return `${out},"source":${q(event.source)},"ts":"${event.ts}","type":"access"}`;
}
