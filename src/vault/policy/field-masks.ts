/**
 * Applies a grant's mask to one field value (DESIGN §4.2 operators from protect/masking.ts).
 * `mask` picks the conventional operator of the field's type; fields with no conventional mask
 * (product, premium, dates other than birth) fall back to the generic mask.
 */
import type { CustomerField } from '../../core/customer.ts';
import {
  hashValue,
  keep,
  maskAddress,
  maskBirthDate,
  maskEmail,
  maskGeneric,
  maskName,
  maskPhone,
  maskResidentId,
  redact,
} from '../../protect/masking.ts';
import type { MaskOp } from './policy.ts';

type Operator = (value: string) => string;

const CONVENTIONAL: Partial<Record<CustomerField, Operator>> = {
  name: maskName,
  phone: maskPhone,
  id_number: maskResidentId,
  address: maskAddress,
  birth_date: maskBirthDate,
  email: maskEmail,
  agent: keep,
  branch: keep,
  customer_id: keep,
};

const NAMED: Partial<Record<MaskOp, Operator>> = {
  keep,
  phone: maskPhone,
  id_number: maskResidentId,
  name: maskName,
  address: maskAddress,
  birth_date: maskBirthDate,
  email: maskEmail,
  generic: maskGeneric,
  redact,
};

/**
 * The value as `mask` shows it; null for the `null` mask. `hashKey` keys the `hash` mask.
 *
 * @example
 * applyMask('phone', 'mask', '13812345678', key) // '138****5678'
 * applyMask('name', 'redact', '张三', key)       // '[REDACTED]'
 */
export function applyMask(
  field: CustomerField,
  mask: MaskOp,
  value: string,
  hashKey: Uint8Array,
): string | null {
  switch (mask) {
    case 'null':
      return null;
    case 'hash':
      return hashValue(value, hashKey);
    case 'mask':
      return (CONVENTIONAL[field] ?? maskGeneric)(value);
    default:
      return NAMED[mask]!(value);
  }
}

/**
 * The `extra` field (columns piguard does not know) masked value by value, as a JSON object text.
 *
 * @example
 * maskExtra({ 备注: 'VIP客户' }, 'mask', key) // '{"备注":"VI***户"}'-like (generic mask)
 */
export function maskExtra(
  extra: Readonly<Record<string, string>>,
  mask: MaskOp,
  hashKey: Uint8Array,
): string | null {
  if (mask === 'null') return null;
  const out: Record<string, string | null> = {};
  for (const [k, v] of Object.entries(extra)) out[k] = applyMask('extra', mask, v, hashKey);
  return JSON.stringify(out);
}
