/**
 * Complaints about unsolicited calls and messages (DESIGN §5.3): intake and trace. The set of
 * complaining customers is a leak observed through another channel (§4.6), traced like a leaked
 * file. Stored without personal data: the customer's external id when the complaint names or
 * resolves to one, else the blind index of the phone; the text only as a hash.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { InputError } from '../core/errors.ts';
import type { Schema } from '../store/schema.ts';
import { isoTime, traceCustomerSet, type TraceOptions, type TraceVault } from './trace-service.ts';
import type { TraceReport } from './trace-report.ts';

export const COMPLAINT_KINDS = ['unsolicited_call', 'sms', 'other'] as const;
export type ComplaintKind = (typeof COMPLAINT_KINDS)[number];

/** One complaint as received. */
export interface ComplaintInput {
  ts: string;
  customer?: string;
  phone?: string;
  kind: ComplaintKind;
  caller?: string;
  text?: string;
}

/**
 * Checks one complaint object; throws InputError naming `where` (file and line), never values.
 *
 * @example
 * checkComplaint({ ts: '2026-03-01T09:00:00Z', phone: '13800138000', kind: 'unsolicited_call' }, {})
 */
export function checkComplaint(
  value: unknown,
  where: { file?: string; line?: number },
): ComplaintInput {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InputError('expected a JSON object {"ts","customer"|"phone","kind"}', where);
  }
  const o = value as Record<string, unknown>;
  if (typeof o['ts'] !== 'string' || Number.isNaN(new Date(o['ts']).getTime())) {
    throw new InputError('"ts" must be an ISO-8601 time', where);
  }
  const customer = o['customer'];
  const phone = o['phone'];
  if (customer !== undefined && typeof customer !== 'string') {
    throw new InputError('"customer" must be a string', where);
  }
  if (phone !== undefined && typeof phone !== 'string') {
    throw new InputError('"phone" must be a string', where);
  }
  if (customer === undefined && phone === undefined) {
    throw new InputError('a complaint needs "customer" or "phone"', where);
  }
  const kind = o['kind'];
  if (typeof kind !== 'string' || !(COMPLAINT_KINDS as readonly string[]).includes(kind)) {
    throw new InputError(`"kind" must be one of ${COMPLAINT_KINDS.join(', ')}`, where);
  }
  for (const f of ['caller', 'text'] as const) {
    if (o[f] !== undefined && typeof o[f] !== 'string') {
      throw new InputError(`"${f}" must be a string`, where);
    }
  }
  return {
    ts: new Date(o['ts']).toISOString(),
    ...(customer !== undefined ? { customer } : {}),
    ...(phone !== undefined ? { phone } : {}),
    kind: kind as ComplaintKind,
    ...(typeof o['caller'] === 'string' ? { caller: o['caller'] } : {}),
    ...(typeof o['text'] === 'string' ? { text: o['text'] } : {}),
  };
}

/**
 * Parses JSONL complaints, all lines before any write (a bad line rejects the file).
 *
 * @example
 * parseComplaintsJsonl('{"ts":"2026-03-01T09:00:00Z","customer":"C1","kind":"sms"}\n', 'c.jsonl')
 */
export function parseComplaintsJsonl(content: string, file: string): ComplaintInput[] {
  const out: ComplaintInput[] = [];
  const lines = content.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.replace(/^\uFEFF/, '');
    if (line.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      throw new InputError('not valid JSON', { file, line: i + 1 });
    }
    out.push(checkComplaint(value, { file, line: i + 1 }));
  }
  return out;
}

/** What an import did. */
export interface ComplaintImport {
  imported: number;
  /** Complaints tied to a customer (given, or the phone matched one). */
  resolved: number;
  /** Complaints whose phone matched no customer (kept with the phone's blind index). */
  unresolved: number;
  ids: string[];
}

/**
 * Stores complaints in one transaction, resolving phones to customers by blind index.
 * A phone that does not normalise rejects the batch (InputError naming the item's position).
 *
 * @example
 * await importComplaints(db, vault, complaints, 'cli');
 */
export async function importComplaints(
  db: Kysely<Schema>,
  vault: TraceVault,
  complaints: readonly ComplaintInput[],
  source: string,
  options: { file?: string; now?: Date } = {},
): Promise<ComplaintImport> {
  const digests = complaints.map((c, i) => {
    if (c.phone === undefined) return undefined;
    try {
      return vault.blindIndex.blindIndexFor('phone', c.phone);
    } catch {
      throw new InputError(`complaint ${i + 1}: "phone" is not a phone number`, {
        ...(options.file !== undefined ? { file: options.file } : {}),
      });
    }
  });
  const present = digests.filter((d): d is Buffer => d !== undefined);
  const found = present.length
    ? await vault.lookupDigests(db, 'phone', present)
    : new Map<string, string[]>();
  const recordedAt = (options.now ?? new Date()).toISOString();
  const rows: Schema['complaints'][] = complaints.map((c, i) => {
    const d = digests[i];
    const customer = c.customer ?? (d ? found.get(d.toString('hex'))?.[0] : undefined) ?? null;
    return {
      complaint_id: `Q${randomBytes(8).toString('hex')}`,
      ts: c.ts,
      customer_id: customer,
      phone_digest: customer === null && d ? d.toString('hex') : null,
      kind: c.kind,
      caller: c.caller ?? null,
      text_sha256: c.text !== undefined ? createHash('sha256').update(c.text).digest('hex') : null,
      source,
      recorded_at: recordedAt,
    };
  });
  await db.transaction().execute(async (trx) => {
    for (let i = 0; i < rows.length; i += 1000) {
      await trx
        .insertInto('complaints')
        .values(rows.slice(i, i + 1000))
        .execute();
    }
  });
  const resolved = rows.filter((r) => r.customer_id !== null).length;
  return {
    imported: rows.length,
    resolved,
    unresolved: rows.length - resolved,
    ids: rows.map((r) => r.complaint_id),
  };
}

/**
 * Traces the complaining customers of a window. An access counts for a customer only if it
 * happened before that customer's first complaint in the window: the leak came before the calls,
 * and the complaint desk's own look-ups after a complaint never implicate it. History is loaded
 * up to the last complaint (or `seenAt`).
 *
 * @example
 * const report = await traceComplaints(db, { since: '2026-03-01' });
 */
export async function traceComplaints(
  db: Kysely<Schema>,
  options: TraceOptions & { since?: string; until?: string },
): Promise<TraceReport> {
  let q = db.selectFrom('complaints').select(['customer_id', 'ts']);
  const since = options.since !== undefined ? isoTime(options.since, '--since') : undefined;
  const until = options.until !== undefined ? isoTime(options.until, '--until') : undefined;
  if (since !== undefined) q = q.where('ts', '>=', since);
  if (until !== undefined) q = q.where('ts', '<', until);
  const rows = await q.execute();
  const cutoffs = new Map<string, number>();
  let last: string | undefined;
  for (const r of rows) {
    if (last === undefined || r.ts > last) last = r.ts;
    if (r.customer_id === null) continue;
    const t = Date.parse(r.ts);
    const before = cutoffs.get(r.customer_id);
    if (before === undefined || t < before) cutoffs.set(r.customer_id, t);
  }
  const seenAt =
    options.seenAt !== undefined
      ? isoTime(options.seenAt, '--seen-at')
      : (last ?? (options.now ?? new Date()).toISOString());
  const subject = `complaints${since ? ` since ${since}` : ''}${until ? ` until ${until}` : ''}`;
  return traceCustomerSet(
    db,
    [...cutoffs.keys()],
    { ...options, seenAt, rows: rows.length, cutoffs },
    subject,
  );
}
