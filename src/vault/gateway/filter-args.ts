/**
 * Parses `--filter key=value` arguments into a CustomerFilter. Keys may be written in snake case
 * (`id_number`, `birth_date`, `customer_id`) or camel case.
 */
import { UsageError } from '../../core/errors.ts';
import { FILTER_KEYS, type CustomerFilter } from './gateway-types.ts';

const ALIASES: Readonly<Record<string, keyof CustomerFilter>> = {
  customer_id: 'customerId',
  customer: 'customerId',
  id_number: 'idNumber',
  birth_date: 'birthDate',
  agent_id: 'agent',
};

/**
 * @example
 * parseFilterArgs(['branch=上海分公司', 'agent=A1']) // { branch: '上海分公司', agent: 'A1' }
 */
export function parseFilterArgs(args: readonly string[]): CustomerFilter {
  const out: CustomerFilter = {};
  for (const arg of args) {
    const eq = arg.indexOf('=');
    if (eq <= 0) throw new UsageError(`--filter ${arg.slice(0, 40)}: expected key=value`);
    const raw = arg.slice(0, eq).trim();
    const key = ALIASES[raw] ?? raw;
    if (!(FILTER_KEYS as readonly string[]).includes(key)) {
      throw new UsageError(
        `--filter ${raw}: unknown key; keys are agent, branch, region, team, customer_id, phone, id_number, email, name, birth_date`,
      );
    }
    out[key as keyof CustomerFilter] = arg.slice(eq + 1);
  }
  return out;
}
