/**
 * The customer record as piguard knows it (DESIGN §5.3). Field names are the contract between
 * import, the vault, policies (field visibility and masks), exports and trace.
 */

/** PI fields the vault stores encrypted, each in its own column (`<field>_enc`). */
export const CUSTOMER_PI_FIELDS = [
  'name',
  'birth_date',
  'phone',
  'id_number',
  'address',
  'email',
  'product',
  'premium',
  'start_date',
] as const;

/** One of {@link CUSTOMER_PI_FIELDS}. */
export type CustomerPiField = (typeof CUSTOMER_PI_FIELDS)[number];

/** Fields a policy can name: the PI fields, plus `customer_id`, `agent`, `branch` and `extra`. */
export const CUSTOMER_FIELDS = [
  'customer_id',
  ...CUSTOMER_PI_FIELDS,
  'agent',
  'branch',
  'extra',
] as const;

/** One of {@link CUSTOMER_FIELDS}. */
export type CustomerField = (typeof CUSTOMER_FIELDS)[number];

/** A customer in the clear (only ever in memory, inside the gateway or import). */
export interface CustomerRecord {
  /** External customer id (客户编号). */
  customer_id: string;
  name?: string;
  /** ISO date `YYYY-MM-DD`. */
  birth_date?: string;
  phone?: string;
  id_number?: string;
  address?: string;
  email?: string;
  product?: string;
  premium?: string;
  start_date?: string;
  /** Staff id of the assigned agent (负责人): the agent's book. */
  agent?: string;
  branch?: string;
  /** Columns piguard does not know, by header. */
  extra?: Record<string, string>;
}

/**
 * @example
 * isCustomerField('phone') // true
 */
export function isCustomerField(s: string): s is CustomerField {
  return (CUSTOMER_FIELDS as readonly string[]).includes(s);
}
