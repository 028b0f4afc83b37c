/**
 * A search/export filter with its PI criteria replaced by blind-index digests (DESIGN §4.2), so
 * that an export request can be stored in the `exports` table, shown to an approver and written
 * to the audit log without plaintext personal data (invariant 2), and re-run when the requester
 * fetches the file. The approver sees the PI criteria masked (`phone: 138****5678`).
 */
import type { BlindIndexKind } from '../../protect/blind-index.ts';
import type { BlindIndex } from '../../protect/blind-index.ts';
import {
  maskBirthDate,
  maskEmail,
  maskName,
  maskPhone,
  maskResidentId,
} from '../../protect/masking.ts';
import type { CustomerFilter } from './gateway-types.ts';

/** Criteria on clear columns. */
export type ClearCriteria = Pick<
  CustomerFilter,
  'customerId' | 'agent' | 'branch' | 'region' | 'team'
>;

/** A filter ready to run: clear criteria and blind-index digests (all must match). */
export interface ResolvedFilter {
  clear: ClearCriteria;
  digests: Array<{ kind: BlindIndexKind; digest: Buffer }>;
  /** The filter as people may see it: clear criteria, PI criteria masked. */
  display: CustomerFilter;
}

const CLEAR_KEYS = ['customerId', 'agent', 'branch', 'region', 'team'] as const;

/**
 * Normalises and hashes the PI criteria of `filter` (InputError, naming the kind only, when a
 * value does not normalise).
 *
 * @example
 * const resolved = resolveFilter(vault.blindIndex, { phone: '138 1234 5678', branch: 'SH' });
 */
export function resolveFilter(
  index: Pick<BlindIndex, 'blindIndexFor'>,
  filter: CustomerFilter,
): ResolvedFilter {
  const clear: ClearCriteria = {};
  for (const k of CLEAR_KEYS) if (filter[k] !== undefined) clear[k] = filter[k];
  const digests: ResolvedFilter['digests'] = [];
  const display: CustomerFilter = { ...clear };
  if (filter.phone !== undefined) {
    digests.push({ kind: 'phone', digest: index.blindIndexFor('phone', filter.phone) });
    display.phone = maskPhone(filter.phone);
  }
  if (filter.idNumber !== undefined) {
    digests.push({ kind: 'id_number', digest: index.blindIndexFor('id_number', filter.idNumber) });
    display.idNumber = maskResidentId(filter.idNumber);
  }
  if (filter.email !== undefined) {
    digests.push({ kind: 'email', digest: index.blindIndexFor('email', filter.email) });
    display.email = maskEmail(filter.email);
  }
  if (filter.name !== undefined && filter.birthDate !== undefined) {
    digests.push({
      kind: 'name_birth_date',
      digest: index.blindIndexFor('name_birth_date', {
        name: filter.name,
        birthDate: filter.birthDate,
      }),
    });
    display.name = maskName(filter.name);
    display.birthDate = maskBirthDate(filter.birthDate);
  }
  return { clear, digests, display };
}

/**
 * The stored (JSON) form: clear criteria, digests as hex, and the masked display form.
 *
 * @example
 * const json = storeFilter(resolved); // '{"clear":{…},"digests":[…],"display":{…}}'
 */
export function storeFilter(filter: ResolvedFilter): string {
  return JSON.stringify({
    clear: filter.clear,
    digests: filter.digests.map((d) => ({ kind: d.kind, digest: d.digest.toString('hex') })),
    display: filter.display,
  });
}

/**
 * Reads the stored form back.
 *
 * @example
 * const resolved = loadStoredFilter(record.filter);
 */
export function loadStoredFilter(json: string): ResolvedFilter {
  const raw = JSON.parse(json) as {
    clear?: ClearCriteria;
    digests?: Array<{ kind: BlindIndexKind; digest: string }>;
    display?: CustomerFilter;
  };
  return {
    clear: raw.clear ?? {},
    digests: (raw.digests ?? []).map((d) => ({
      kind: d.kind,
      digest: Buffer.from(d.digest, 'hex'),
    })),
    display: raw.display ?? raw.clear ?? {},
  };
}
