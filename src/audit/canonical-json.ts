/**
 * Canonical JSON: the exact bytes an audit entry is hashed as. Object keys sorted by UTF-16 code
 * units, no insignificant whitespace, strings and numbers serialised as ECMAScript's JSON does
 * (the same choices as RFC 8785 JCS for the values piguard logs). Anything JSON cannot carry
 * faithfully — undefined, NaN, ±Infinity, bigint, functions, symbols, Dates, Maps, class
 * instances, cycles — is rejected rather than silently dropped or coerced, because two different
 * events must never canonicalise to the same bytes.
 */

/** A JSON value piguard can canonicalise. */
export type JsonValue =
  null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** Thrown for a value that has no canonical JSON form; the message names the path, not values. */
export class CanonicalJsonError extends TypeError {
  constructor(path: string, problem: string) {
    super(`canonical JSON: ${path}: ${problem}`);
    this.name = 'CanonicalJsonError';
  }
}

function isPlainObject(v: object): boolean {
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}

function write(value: unknown, path: string, out: string[], seen: Set<object>): void {
  switch (typeof value) {
    case 'string':
      out.push(JSON.stringify(value));
      return;
    case 'boolean':
      out.push(value ? 'true' : 'false');
      return;
    case 'number':
      if (!Number.isFinite(value))
        throw new CanonicalJsonError(path, `${value} is not a finite number`);
      out.push(JSON.stringify(value)); // -0 → "0", shortest round-trip form otherwise
      return;
    case 'object': {
      if (value === null) {
        out.push('null');
        return;
      }
      if (seen.has(value)) throw new CanonicalJsonError(path, 'cycle');
      seen.add(value);
      if (Array.isArray(value)) {
        out.push('[');
        for (let i = 0; i < value.length; i++) {
          if (i > 0) out.push(',');
          if (!(i in value)) throw new CanonicalJsonError(`${path}[${i}]`, 'hole in array');
          write(value[i], `${path}[${i}]`, out, seen);
        }
        out.push(']');
      } else {
        if (!isPlainObject(value)) {
          throw new CanonicalJsonError(
            path,
            `${value.constructor?.name ?? 'object'} is not a plain object`,
          );
        }
        const record = value as Record<string, unknown>;
        // Default sort compares UTF-16 code units, as JCS specifies.
        const keys = Object.keys(record).sort();
        out.push('{');
        keys.forEach((key, i) => {
          if (i > 0) out.push(',');
          out.push(JSON.stringify(key), ':');
          write(record[key], `${path}.${key}`, out, seen);
        });
        out.push('}');
      }
      seen.delete(value);
      return;
    }
    default:
      throw new CanonicalJsonError(path, `${typeof value} is not JSON`);
  }
}

/** Thrown by the fast path for anything it does not handle; the checked path then explains. */
const NOT_FAST = Symbol('not fast');

/** Characters JSON.stringify escapes (quote, backslash, controls) or may (surrogates). */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const NEEDS_ESCAPING = /["\\\u0000-\u001f\ud800-\udfff]/;

/** JSON.stringify(s), without the call for the common string that needs no escaping. */
function quote(s: string): string {
  return NEEDS_ESCAPING.test(s) ? JSON.stringify(s) : `"${s}"`;
}

/**
 * The fast path: the same output as `write` for every value `write` accepts, built by string
 * concatenation with no path strings and no Set (audit appends canonicalise every event, and the
 * path bookkeeping cost more than the serialising). On anything unusual it throws NOT_FAST and
 * canonicalJsonString re-runs the checked path, so errors and their paths are unchanged.
 * `ancestors` holds the objects being written (depth is small: a linear scan beats a Set).
 */
function fast(value: unknown, ancestors: object[]): string {
  switch (typeof value) {
    case 'string':
      return quote(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) throw NOT_FAST;
      return JSON.stringify(value);
    case 'object': {
      if (value === null) return 'null';
      if (ancestors.includes(value)) throw NOT_FAST;
      ancestors.push(value);
      let out: string;
      if (Array.isArray(value)) {
        out = '[';
        for (let i = 0; i < value.length; i++) {
          if (!(i in value)) throw NOT_FAST;
          out += (i > 0 ? ',' : '') + fast(value[i], ancestors);
        }
        out += ']';
      } else {
        if (!isPlainObject(value)) throw NOT_FAST;
        const record = value as Record<string, unknown>;
        const keys = Object.keys(record).sort();
        out = '{';
        for (let i = 0; i < keys.length; i++) {
          const key = keys[i]!;
          out += (i > 0 ? ',' : '') + quote(key) + ':' + fast(record[key], ancestors);
        }
        out += '}';
      }
      ancestors.pop();
      return out;
    }
    default:
      throw NOT_FAST;
  }
}

/**
 * The canonical JSON text of `value`.
 *
 * @example
 * canonicalJsonString({ b: 1, a: [true, null, 'x'] }) // '{"a":[true,null,"x"],"b":1}'
 */
export function canonicalJsonString(value: unknown): string {
  try {
    return fast(value, []);
  } catch (err) {
    if (err !== NOT_FAST) throw err;
  }
  const out: string[] = [];
  write(value, '$', out, new Set());
  return out.join('');
}

/**
 * The canonical JSON of `value` as UTF-8 bytes — what the audit log stores and hashes.
 *
 * @example
 * canonicalJson({ actor: 'u1', action: 'view' }).toString() // '{"action":"view","actor":"u1"}'
 */
export function canonicalJson(value: unknown): Buffer {
  return Buffer.from(canonicalJsonString(value), 'utf8');
}
