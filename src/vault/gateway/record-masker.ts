/**
 * Turns a customer loaded from the vault into what a grant lets the actor see: only the grant's
 * fields, in the grant's order, each through its mask. Fields the grant does not list are never
 * copied, whatever the loaded record holds.
 */
import type { CustomerField } from '../../core/customer.ts';
import type { Grant } from '../policy/policy.ts';
import { applyMask, maskExtra } from '../policy/field-masks.ts';
import type { LoadedCustomer, MaskedCustomer } from './gateway-types.ts';

/**
 * The PI fields (and `extra`) the vault must decrypt for a grant.
 *
 * @example
 * fieldsToLoad(grant) // ['name', 'phone'] for fields customer_id, name, phone, agent
 */
export function fieldsToLoad(
  grant: Grant,
): Array<Exclude<CustomerField, 'customer_id' | 'agent' | 'branch'>> {
  return grant.fields
    .map((f) => f.field)
    .filter(
      (f): f is Exclude<CustomerField, 'customer_id' | 'agent' | 'branch'> =>
        f !== 'customer_id' && f !== 'agent' && f !== 'branch',
    );
}

/**
 * Field names a grant shows, in order.
 *
 * @example
 * visibleFields(grant) // ['customer_id', 'name', 'phone', 'agent']
 */
export function visibleFields(grant: Grant): string[] {
  return grant.fields.map((f) => f.field);
}

/**
 * @example
 * maskRecord(grant, { customer_id: 'C1', phone: '13812345678' }, key)
 * // { customerId: 'C1', fields: { customer_id: 'C1', phone: '138****5678' } }
 */
export function maskRecord(
  grant: Grant,
  record: LoadedCustomer,
  hashKey: Uint8Array,
): MaskedCustomer {
  const fields: Record<string, string | null> = {};
  for (const { field, mask } of grant.fields) {
    if (record.shredded && field !== 'customer_id') {
      fields[field] = null;
      continue;
    }
    if (field === 'extra') {
      fields[field] = record.extra ? maskExtra(record.extra, mask, hashKey) : null;
      continue;
    }
    const value = record[field];
    fields[field] =
      value === undefined || value === '' ? null : applyMask(field, mask, value, hashKey);
  }
  const out: MaskedCustomer = { customerId: record.customer_id, fields };
  if (record.shredded) out.shredded = true;
  return out;
}
