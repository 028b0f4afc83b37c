/**
 * The trap pool (DESIGN §4.6): phone numbers and mailboxes the organisation controls, on which
 * canary identities are built. A value must be a phone number or an email address, and must not
 * be the phone or email of a real customer (a canary on a customer's phone would make every
 * call to that customer a "hit").
 */
import type { Kysely } from 'kysely';
import { InputError } from '../core/errors.ts';
import { foldWidth } from '../detect/prepared-text.ts';
import { normalizePhone } from '../detect/normalizers/phone.ts';
import type { BlindIndex } from '../protect/blind-index.ts';
import type { Schema } from '../store/schema.ts';

/** A trap identity in canonical form. */
export interface TrapIdentity {
  identity: string;
  kind: 'phone' | 'email';
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * Canonical form of a trap phone or mailbox, or undefined when it is neither.
 *
 * @example
 * normaliseTrapIdentity('+86 170-0000-0001') // { identity: '17000000001', kind: 'phone' }
 */
export function normaliseTrapIdentity(value: string): TrapIdentity | undefined {
  const folded = foldWidth(value).trim();
  if (EMAIL.test(folded)) return { identity: folded.toLowerCase(), kind: 'email' };
  const phone = normalizePhone(folded);
  return phone === undefined ? undefined : { identity: phone, kind: 'phone' };
}

/**
 * Adds values to the pool in one transaction (all or nothing); values already in it are left
 * alone. Returns how many were new.
 *
 * @example
 * await addToPool(db, index, ['17000000001', 'trap1@example.cn'], 'admin');
 */
export async function addToPool(
  db: Kysely<Schema>,
  blindIndex: BlindIndex,
  values: readonly string[],
  addedBy: string | null,
  now: Date = new Date(),
): Promise<{ added: number; identities: TrapIdentity[] }> {
  const identities: TrapIdentity[] = [];
  values.forEach((v, i) => {
    const t = normaliseTrapIdentity(v);
    // The message names the position, not the value (it might be someone's number).
    if (!t) throw new InputError(`value ${i + 1} is neither a phone number nor an email address`);
    identities.push(t);
  });
  for (const [i, t] of identities.entries()) {
    const digest = blindIndex.compute(t.kind, t.identity);
    const hit = await db
      .selectFrom('customer_index')
      .select('customer_id')
      .where('kind', '=', t.kind)
      .where('digest', '=', digest)
      .executeTakeFirst();
    if (hit) {
      throw new InputError(
        `value ${i + 1} is the ${t.kind} of customer ${hit.customer_id}: a trap must be a number or mailbox no customer uses`,
      );
    }
  }
  const ts = now.toISOString();
  const added = await db.transaction().execute(async (trx) => {
    let n = 0;
    for (const t of identities) {
      const r = await trx
        .insertInto('canary_pool')
        .values({ ...t, added_at: ts, added_by: addedBy, retired_at: null })
        .onConflict((oc) => oc.column('identity').doNothing())
        .executeTakeFirst();
      n += Number(r.numInsertedOrUpdatedRows ?? 0n);
    }
    return n;
  });
  return { added, identities };
}

/**
 * The live pool, oldest first.
 *
 * @example
 * const pool = await listPool(db);
 */
export async function listPool(
  db: Kysely<Schema>,
): Promise<{ identity: string; kind: string; added_at: string }[]> {
  return db
    .selectFrom('canary_pool')
    .select(['identity', 'kind', 'added_at'])
    .where('retired_at', 'is', null)
    .orderBy('added_at')
    .orderBy('identity')
    .execute();
}
