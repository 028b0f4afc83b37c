/**
 * Canonical JSON of the gateway's access entries (reads, searches, refusals), written directly
 * for their known shape.
 *
 * Why: every gateway read appends one entry; the generic encoder (audit/canonical-json.ts) sorts
 * each object's keys and walks every value by type, ~4 µs per read entry of the ~85 µs a read
 * cost (profile of bench/gateway.bench.ts). A read or search entry has a fixed set of keys whose
 * values are strings, or arrays of strings (`customers`, `fields`), so its canonical form is those
 * keys in sorted order with each string quoted as JSON.stringify does. The output is
 * byte-identical to `canonicalJsonString(entry)` (test/vault/gateway-entry-json.test.ts, with
 * fast-check); any other entry (an export's numbers, an unknown key, an undefined value) goes
 * through the generic encoder, which also raises its errors.
 */
import { canonicalJsonString } from '../../audit/canonical-json.ts';
import type { AccessAuditEntry } from '../../core/access-event.ts';

/** Characters JSON.stringify escapes (quote, backslash, controls) or may (lone surrogates). */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const NEEDS_ESCAPING = /["\\\u0000-\u001f\ud800-\udfff]/;

function quote(s: string): string {
  return NEEDS_ESCAPING.test(s) ? JSON.stringify(s) : `"${s}"`;
}

/** Keys the direct form writes whose values are strings, plus the two string arrays. */
const STRING_KEYS = new Set([
  'action',
  'actor',
  'branch',
  'decision',
  'outcome',
  'purpose',
  'reason',
  'role',
  'source',
  'ts',
  'type',
]);
const ARRAY_KEYS = new Set(['customers', 'fields']);
const REQUIRED_KEYS = ['action', 'actor', 'decision', 'source', 'ts', 'type'] as const;

function isStringArray(v: unknown): v is string[] {
  if (!Array.isArray(v) || Object.getPrototypeOf(v) !== Array.prototype) return false;
  for (let i = 0; i < v.length; i++) {
    // A hole reads as undefined: the generic encoder refuses it, so leave it to that one.
    if (typeof v[i] !== 'string') return false;
  }
  return true;
}

/** True when the direct form below writes exactly what the generic encoder would. */
function hasDirectShape(e: Readonly<Record<string, unknown>>): boolean {
  if (Object.getPrototypeOf(e) !== Object.prototype) return false;
  for (const key in e) {
    if (!Object.prototype.hasOwnProperty.call(e, key)) return false;
    const v = e[key];
    if (STRING_KEYS.has(key)) {
      if (typeof v !== 'string') return false;
    } else if (ARRAY_KEYS.has(key)) {
      if (!isStringArray(v)) return false;
    } else {
      return false;
    }
  }
  for (const key of REQUIRED_KEYS) if (typeof e[key] !== 'string') return false;
  return isStringArray(e['customers']);
}

/** `[…]` of quoted strings. */
function stringArray(values: readonly string[]): string {
  let out = '[';
  for (let i = 0; i < values.length; i++) out += (i > 0 ? ',' : '') + quote(values[i]!);
  return out + ']';
}

/**
 * The canonical JSON text of an access audit entry — exactly `canonicalJsonString(entry)`.
 *
 * @example
 * gatewayEntryJson({ type: 'access', ts: '2026-01-01T00:00:00.000Z', actor: 'K1', action: 'view',
 *   customers: ['C1'], purpose: 'service', source: 'gateway', decision: 'allow', fields: ['name'] })
 * // '{"action":"view","actor":"K1","customers":["C1"],"decision":"allow","fields":["name"],…}'
 */
export function gatewayEntryJson(entry: AccessAuditEntry): string {
  return encode(entry, { fields: undefined, text: '' });
}

/**
 * {@link gatewayEntryJson} of each entry. Entries of one gateway batch share one `fields` array
 * per grant; it is quoted once per run of entries sharing it (identity is only trusted within
 * this call, so an array changed between calls is never served stale).
 *
 * @example
 * const texts = gatewayEntriesJson(batch.map((j) => j.entry));
 */
export function gatewayEntriesJson(entries: readonly AccessAuditEntry[]): string[] {
  const last: LastFields = { fields: undefined, text: '' };
  const out = new Array<string>(entries.length);
  for (let i = 0; i < entries.length; i++) out[i] = encode(entries[i]!, last);
  return out;
}

/** The last `fields` array quoted, and its text. */
interface LastFields {
  fields: readonly string[] | undefined;
  text: string;
}

function encode(entry: AccessAuditEntry, last: LastFields): string {
  const e = entry as unknown as Readonly<Record<string, unknown>>;
  if (!hasDirectShape(e)) return canonicalJsonString(entry);
  // Keys in UTF-16 code-unit order: action actor branch customers decision fields outcome
  // purpose reason role source ts type.
  let out = `{"action":${quote(entry.action)},"actor":${quote(entry.actor)}`;
  if (entry.branch !== undefined) out += `,"branch":${quote(entry.branch)}`;
  out += `,"customers":${stringArray(entry.customers)},"decision":${quote(entry.decision)}`;
  if (entry.fields !== undefined) {
    if (entry.fields !== last.fields) {
      last.fields = entry.fields;
      last.text = stringArray(entry.fields);
    }
    out += `,"fields":${last.text}`;
  }
  if (entry.outcome !== undefined) out += `,"outcome":${quote(entry.outcome)}`;
  if (entry.purpose !== undefined) out += `,"purpose":${quote(entry.purpose)}`;
  if (entry.reason !== undefined) out += `,"reason":${quote(entry.reason)}`;
  if (entry.role !== undefined) out += `,"role":${quote(entry.role)}`;
  out += `,"source":${quote(entry.source)},"ts":${quote(entry.ts)},"type":${quote(entry.type)}}`;
  return out;
}
