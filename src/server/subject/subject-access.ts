/**
 * Data-subject access (PIPL art. 45): a customer asks who accessed their data, when and why.
 *
 * 1. `issueCode(customerId)`: a random 8-digit code, valid for 10 minutes, goes through the
 *    {@link CodeChannel} (never into the response). Only SHA-256(customer id, code) is stored.
 *    At most 3 codes per customer per hour. The answer is the same whether or not the customer
 *    exists, so the endpoint does not reveal who is a customer.
 * 2. `history(customerId, code)`: the code is consumed (single use, also when it is the last one
 *    of a race — the UPDATE only succeeds once), then the customer's access events are listed.
 *    After 5 wrong codes for a customer within an hour, further attempts are refused (429): an
 *    8-digit code then cannot be guessed (5 in 10^8 per hour).
 *
 * How the actor is shown (a documented choice, docs/api.md): by role and branch — "质检 at
 * 上海分公司", never the staff id or name. The customer learns what kind of employee read their
 * data and where, which is what art. 45 asks for, while staff are not exposed to harassment; the
 * organisation (and a court) can still resolve the exact person from the audit log, which the
 * subject's request is itself recorded in (`{type:'subject_access', customer, ts, events}`).
 * Refused attempts are not listed: nothing was shown to anyone.
 */
import { createHash, randomInt } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { AuditLog } from '../../audit/audit-log.ts';
import type { Schema } from '../../store/schema.ts';
import { TooManyRequestsError, UnauthenticatedError } from '../http-errors.ts';
import type { CodeChannel } from './code-channel.ts';

/** How long a code stays valid. */
export const CODE_TTL_MS = 10 * 60 * 1000;
/** Codes issued per customer per hour. */
export const CODES_PER_HOUR = 3;
/** Wrong codes allowed per customer per hour. */
export const WRONG_CODES_PER_HOUR = 5;
const HOUR_MS = 60 * 60 * 1000;
/** Most events listed in one answer (newest first). */
export const MAX_HISTORY = 1000;

/** One access as shown to the data subject. */
export interface SubjectAccessItem {
  ts: string;
  action: string;
  purpose: string | null;
  /** Role of whoever accessed (policy role or the source system's), or null if unknown. */
  role: string | null;
  branch: string | null;
  /** `gateway` for reads through piguard, else the reporting system. */
  source: string;
}

function codeHash(customerId: string, code: string): Buffer {
  return createHash('sha256').update(`${customerId}\u0000${code}`, 'utf8').digest();
}

/**
 * @example
 * const subject = new SubjectAccess(db, log, new FileCodeChannel('codes.txt'), () => new Date());
 * await subject.issueCode('C001');
 * const items = await subject.history('C001', '12345678');
 */
export class SubjectAccess {
  readonly #db: Kysely<Schema>;
  readonly #log: AuditLog;
  readonly #channel: CodeChannel;
  readonly #now: () => Date;
  readonly #wrong = new Map<string, number[]>();

  constructor(db: Kysely<Schema>, log: AuditLog, channel: CodeChannel, now: () => Date) {
    this.#db = db;
    this.#log = log;
    this.#channel = channel;
    this.#now = now;
  }

  /** Issues and delivers a code when the customer exists; silent otherwise. */
  async issueCode(customerId: string): Promise<void> {
    const now = this.#now();
    const customer = await this.#db
      .selectFrom('customers')
      .select('customer_id')
      .where('customer_id', '=', customerId)
      .executeTakeFirst();
    if (!customer) return;
    const recent = await this.#db
      .selectFrom('subject_codes')
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .where('customer_id', '=', customerId)
      .where('created_at', '>', new Date(now.getTime() - HOUR_MS).toISOString())
      .executeTakeFirstOrThrow();
    if (Number(recent.n) >= CODES_PER_HOUR) {
      throw new TooManyRequestsError('too many codes requested for this customer; try later', 3600);
    }
    const code = String(randomInt(0, 100_000_000)).padStart(8, '0');
    const expiresAt = new Date(now.getTime() + CODE_TTL_MS);
    await this.#db
      .insertInto('subject_codes')
      .values({
        customer_id: customerId,
        code_hash: codeHash(customerId, code),
        created_at: now.toISOString(),
        expires_at: expiresAt.toISOString(),
        used_at: null,
      })
      .execute();
    await this.#channel.deliver({ customerId, code, expiresAt });
  }

  /** Consumes the code and lists the customer's accesses, newest first. */
  async history(customerId: string, code: string): Promise<SubjectAccessItem[]> {
    const now = this.#now();
    const wrong = (this.#wrong.get(customerId) ?? []).filter((t) => t > now.getTime() - HOUR_MS);
    if (wrong.length >= WRONG_CODES_PER_HOUR) {
      throw new TooManyRequestsError('too many wrong codes for this customer; try later', 3600);
    }
    const used = await this.#db
      .updateTable('subject_codes')
      .set({ used_at: now.toISOString() })
      .where('customer_id', '=', customerId)
      .where('code_hash', '=', codeHash(customerId, code))
      .where('used_at', 'is', null)
      .where('expires_at', '>', now.toISOString())
      .executeTakeFirst();
    if (Number(used.numUpdatedRows) !== 1) {
      wrong.push(now.getTime());
      this.#wrong.set(customerId, wrong);
      throw new UnauthenticatedError('the code is wrong, expired or already used');
    }
    const rows = await this.#db
      .selectFrom('access_event_customers as c')
      .innerJoin('access_events as e', 'e.audit_idx', 'c.audit_idx')
      .leftJoin('staff as s', 's.staff_id', 'e.actor')
      .select([
        'e.ts',
        'e.action',
        'e.purpose',
        'e.source',
        'e.role',
        'e.branch',
        's.role as staff_role',
        's.branch as staff_branch',
      ])
      .where('c.customer_id', '=', customerId)
      .where('e.decision', '=', 'allow')
      .orderBy('e.ts', 'desc')
      .limit(MAX_HISTORY)
      .execute();
    const items = rows.map((r) => ({
      ts: r.ts,
      action: r.action,
      purpose: r.purpose,
      role: r.role ?? r.staff_role ?? null,
      branch: r.branch ?? r.staff_branch ?? null,
      source: r.source,
    }));
    await this.#log.append([
      { type: 'subject_access', customer: customerId, ts: now.toISOString(), events: items.length },
    ]);
    return items;
  }
}
