/**
 * Validation of access events from other systems (DESIGN §5.3): one JSON object per line with
 * `ts` (ISO-8601 with an offset), `actor`, `action`, `customers`, `source`, and optional
 * `purpose`, `role`, `branch`, `outcome`.
 *
 * Problems name the field, never its value: an event line may carry personal data in a field
 * that should not (a name typed into `actor`), and error messages must not repeat it
 * (invariant 2).
 */
import { ACCESS_ACTIONS, isAccessAction, type AccessEvent } from '../core/access-event.ts';

/** Date, time (minutes required, seconds and fraction optional) and a mandatory offset. */
const ISO_WITH_OFFSET =
  /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/;

/** Longest identifier (actor, customer id, source, …) accepted, in UTF-16 units. */
export const MAX_ID_LENGTH = 200;
/**
 * Most customers one event may name. Larger exports are real (a bulk export of a branch), so
 * this only bounds memory; the importer splits big events into audit entries that each fit the
 * 64 KiB entry limit (event-import.ts).
 */
export const MAX_CUSTOMERS_PER_EVENT = 1_000_000;

const OPTIONAL_FIELDS = ['purpose', 'role', 'branch', 'outcome'] as const;

/**
 * Thrown by {@link validateEvent}: one line naming the field, never its value.
 *
 * @example
 * throw new EventProblem('"ts" is missing');
 */
export class EventProblem extends Error {}

/** The last calendar date isIsoWithOffset found valid (a cache of one). */
let lastValidDate = '';

/**
 * Checks that `ts` is an ISO-8601 time with an explicit offset (or Z) naming a real instant.
 *
 * @example
 * isIsoWithOffset('2025-03-01T09:15:00+08:00') // true
 * isIsoWithOffset('2025-03-01 09:15') // false
 */
export function isIsoWithOffset(ts: string): boolean {
  if (!ISO_WITH_OFFSET.test(ts)) return false;
  const hour = Number(ts.slice(11, 13));
  const minute = Number(ts.slice(14, 16));
  // Seconds are optional; 60 (a leap second) has no instant in ECMAScript's Date either.
  const second = ts.charCodeAt(16) === 58 /* : */ ? Number(ts.slice(17, 19)) : 0;
  if (hour > 23 || minute > 59 || second > 59) return false;
  const date = ts.slice(0, 10);
  // Imported events come in time order, so most share the previous event's (valid) date.
  if (date === lastValidDate) return true;
  const month = Number(ts.slice(5, 7));
  const day = Number(ts.slice(8, 10));
  if (month < 1 || month > 12 || day < 1) return false;
  // Date.parse rolls 2025-02-30 over to March; compare the calendar day it lands on.
  const probe = new Date(`${date}T00:00:00Z`);
  if (Number.isNaN(probe.getTime()) || probe.getUTCDate() !== day) return false;
  lastValidDate = date;
  return true;
}

function checkId(value: unknown, field: string): string {
  if (typeof value !== 'string') throw new EventProblem(`"${field}" must be a string`);
  if (value.length === 0) throw new EventProblem(`"${field}" is empty`);
  if (value.length > MAX_ID_LENGTH) {
    throw new EventProblem(`"${field}" is longer than ${MAX_ID_LENGTH} characters`);
  }
  return value;
}

/**
 * Validates one parsed event and returns it reduced to the fields of §5.3 (unknown fields are
 * dropped: they are neither audited nor indexed). `defaultSource` fills a missing `source`.
 *
 * @example
 * validateEvent({ ts: '2025-03-01T09:15:00+08:00', actor: 'S1', action: 'view',
 *   customers: ['C1'], source: 'core' }) // → the same event
 */
export function validateEvent(value: unknown, defaultSource?: string): AccessEvent {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new EventProblem('not a JSON object');
  }
  const o = value as Record<string, unknown>;
  if (o['ts'] === undefined) throw new EventProblem('"ts" is missing');
  if (typeof o['ts'] !== 'string' || !isIsoWithOffset(o['ts'])) {
    throw new EventProblem(
      '"ts" is not an ISO-8601 time with an offset (e.g. 2025-03-01T09:15:00+08:00)',
    );
  }
  if (o['actor'] === undefined) throw new EventProblem('"actor" is missing');
  const actor = checkId(o['actor'], 'actor');
  if (o['action'] === undefined) throw new EventProblem('"action" is missing');
  if (typeof o['action'] !== 'string' || !isAccessAction(o['action'])) {
    throw new EventProblem(`"action" must be one of ${ACCESS_ACTIONS.join('|')}`);
  }
  const customers = o['customers'];
  if (customers === undefined) throw new EventProblem('"customers" is missing');
  if (!Array.isArray(customers)) throw new EventProblem('"customers" must be an array of ids');
  if (customers.length > MAX_CUSTOMERS_PER_EVENT) {
    throw new EventProblem(
      `"customers" names ${customers.length} customers; split events above ${MAX_CUSTOMERS_PER_EVENT}`,
    );
  }
  for (let i = 0; i < customers.length; i++) {
    const c: unknown = customers[i];
    if (typeof c !== 'string' || c.length === 0 || c.length > MAX_ID_LENGTH) {
      throw new EventProblem(`"customers"[${i}] must be a non-empty string id`);
    }
  }
  const rawSource = o['source'] ?? defaultSource;
  if (rawSource === undefined) throw new EventProblem('"source" is missing');
  const event: AccessEvent = {
    ts: o['ts'],
    actor,
    action: o['action'],
    customers: customers as string[],
    source: checkId(rawSource, 'source'),
  };
  for (const field of OPTIONAL_FIELDS) {
    const v = o[field];
    if (v === undefined || v === null) continue;
    event[field] = checkId(v, field);
  }
  return event;
}
