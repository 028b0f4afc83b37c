/**
 * The branch of every customer in an access history, as small integers for the null model's
 * coarsest strata (see {@link NullModel.build}): a leak drawn from one branch's customers then
 * competes only with that branch's customers, instead of accusing whoever covers the branch.
 *
 * The branch is one of the vault's clear scope columns (`customers.branch`), so nothing is
 * decrypted. Read by keyset pages over the primary key (both engines; no cursor driver needed).
 */
import type { Kysely } from 'kysely';
import type { Schema } from '../store/schema.ts';
import type { AccessIndex } from './access-index.ts';

/** Customers per round trip. */
const PAGE = 20_000;

/**
 * Group number per index customer (0 = no branch recorded, 1… = one per branch), or undefined
 * when the vault records fewer than two branches (nothing to stratify by).
 *
 * @example
 * const groupOf = await loadCustomerGroups(db, index);
 * const model = NullModel.build(index, groupOf ? { groupOf } : {});
 */
export async function loadCustomerGroups(
  db: Kysely<Schema>,
  index: AccessIndex,
): Promise<Uint32Array | undefined> {
  const groupOf = new Uint32Array(index.customers.length);
  const numberOf = new Map<string, number>();
  let after: string | undefined;
  for (;;) {
    const page = await db
      .selectFrom('customers')
      .select(['customer_id', 'branch'])
      .where('branch', 'is not', null)
      .$if(after !== undefined, (qb) => qb.where('customer_id', '>', after!))
      .orderBy('customer_id')
      .limit(PAGE)
      .execute();
    for (const row of page) {
      const c = index.customerIndex(row.customer_id);
      if (c === undefined || row.branch === null) continue;
      let g = numberOf.get(row.branch);
      if (g === undefined) numberOf.set(row.branch, (g = numberOf.size + 1));
      groupOf[c] = g;
    }
    if (page.length < PAGE) break;
    after = page[page.length - 1]!.customer_id;
  }
  return numberOf.size >= 2 ? groupOf : undefined;
}
