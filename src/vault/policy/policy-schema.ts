/**
 * The shape of `piguard.policy.yaml` (zod). Cross-references (a grant naming an unknown role or
 * purpose, duplicate grants, approvers) are checked by policy-loader.ts, which also turns every
 * problem into `FILE:LINE: problem`.
 */
import { z } from 'zod';
import { CUSTOMER_FIELDS } from '../../core/customer.ts';
import { EXPORT_RULES, MASK_OPS, ROW_SCOPES } from './policy.ts';

const NAME = /^[a-z][a-z0-9_]*$/;

/** A role, purpose or approver name: lower-case snake_case. */
const name = z
  .string()
  .regex(NAME, 'must be lower-case letters, digits and underscores, starting with a letter');

const oneOrMany = z.union([name, z.array(name).min(1)]);

const role = z.strictObject({
  description: z.string().optional(),
  match: z.array(z.union([z.string().min(1), z.number()])).default([]),
});

const fieldMasks = z.partialRecord(
  z.enum(CUSTOMER_FIELDS, { message: `field must be one of ${CUSTOMER_FIELDS.join(', ')}` }),
  z.enum(MASK_OPS, { message: `mask must be one of ${MASK_OPS.join(', ')}` }),
);

const grant = z.strictObject({
  role: oneOrMany,
  purpose: oneOrMany,
  fields: fieldMasks,
  scope: z.enum(ROW_SCOPES, { message: `scope must be one of ${ROW_SCOPES.join(', ')}` }),
  quota: z.union([z.number().int().positive(), z.null()]).default(null),
  export: z
    .enum(EXPORT_RULES, { message: `export must be one of ${EXPORT_RULES.join(', ')}` })
    .default('forbidden'),
  approvers: z.array(name).default([]),
});

/** The whole file. */
export const policyFileSchema = z.strictObject({
  version: z.literal(1, { message: 'version must be 1' }),
  /** UTC offset of the business day that quotas count in, e.g. "+08:00". */
  timezone: z
    .string()
    .regex(/^[+-](0\d|1[0-4]):[0-5]\d$/, 'timezone must be a UTC offset like +08:00')
    .default('+00:00'),
  roles: z.record(name, z.union([role, z.null()])),
  purposes: z.record(name, z.union([z.string(), z.null()])),
  branch_regions: z
    .record(z.string().min(1), z.array(z.string().regex(/^\d{2}$/, 'region must be two digits')))
    .default({}),
  grants: z.array(grant).default([]),
});

/** The parsed file before cross-reference checks. */
export type PolicyFile = z.infer<typeof policyFileSchema>;
