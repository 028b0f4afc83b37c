/**
 * The synthetic organisation's blind index, in memory: what the vault's customer_index would
 * hold after `import customers`.
 */
import { randomBytes } from 'node:crypto';
import { BlindIndex } from '../../../src/protect/blind-index.ts';
import { MemoryDigestLookup } from '../../../src/trace/leak-matcher.ts';
import type { SyntheticOrg } from './synthetic-org.ts';

/**
 * @example
 * const { index, lookup } = orgLookup(org);
 */
export function orgLookup(org: SyntheticOrg): { index: BlindIndex; lookup: MemoryDigestLookup } {
  const index = new BlindIndex(randomBytes(32));
  const lookup = new MemoryDigestLookup();
  for (const cu of org.customers) {
    lookup.add('phone', index.blindIndexFor('phone', cu.phone), cu.id);
    lookup.add('id_number', index.blindIndexFor('id_number', cu.idNumber), cu.id);
    lookup.add(
      'name_birth_date',
      index.blindIndexFor('name_birth_date', { name: cu.name, birthDate: cu.birthDate }),
      cu.id,
    );
  }
  return { index, lookup };
}
