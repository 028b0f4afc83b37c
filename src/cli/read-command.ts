/**
 * `piguard read --as ACTOR --purpose P (--customer ID | --phone N | --id-number N | --email E |
 * --name N --birth-date D) [--format text|json] [--policy FILE]`: one gateway read, masked per
 * policy, audited. A refusal is audited too and exits 1 with the reason.
 */
import type { Command } from 'commander';
import { UsageError } from '../core/errors.ts';
import type { CustomerKey, ReadResult } from '../vault/gateway/gateway-types.ts';
import { globalOptions } from './global-options.ts';

interface ReadOptions {
  as: string;
  purpose: string;
  customer?: string;
  phone?: string;
  idNumber?: string;
  email?: string;
  name?: string;
  birthDate?: string;
  format: string;
  policy?: string;
}

/**
 * The customer key the options name; UsageError unless exactly one key is given.
 *
 * @example
 * customerKeyOf({ phone: '13812345678' }) // { phone: '13812345678' }
 */
export function customerKeyOf(opts: Omit<ReadOptions, 'as' | 'purpose' | 'format'>): CustomerKey {
  const keys: CustomerKey[] = [];
  if (opts.customer !== undefined) keys.push({ customerId: opts.customer });
  if (opts.phone !== undefined) keys.push({ phone: opts.phone });
  if (opts.idNumber !== undefined) keys.push({ idNumber: opts.idNumber });
  if (opts.email !== undefined) keys.push({ email: opts.email });
  if (opts.name !== undefined || opts.birthDate !== undefined) {
    if (opts.name === undefined || opts.birthDate === undefined) {
      throw new UsageError('--name and --birth-date go together');
    }
    keys.push({ name: opts.name, birthDate: opts.birthDate });
  }
  if (keys.length !== 1) {
    throw new UsageError(
      'name the customer with exactly one of --customer, --phone, --id-number, --email, --name + --birth-date',
    );
  }
  return keys[0]!;
}

/**
 * The text form of a read: one block per customer, `field: value` lines.
 *
 * @example
 * formatReadText(result) // 'customer C001\n  name: 张**\n  …'
 */
export function formatReadText(result: ReadResult): string {
  const blocks = result.customers.map((c) => {
    const lines = [
      `customer ${c.customerId}${c.shredded ? ' (deleted: personal data shredded)' : ''}`,
    ];
    for (const f of result.fields) {
      if (f === 'customer_id') continue;
      lines.push(`  ${f}: ${c.fields[f] ?? ''}`);
    }
    return lines.join('\n');
  });
  return `${blocks.join('\n')}\n(audit entry ${result.auditIndex})\n`;
}

/**
 * @example
 * registerReadCommand(program); // piguard read --as A1 --purpose customer_service --customer C001
 */
export function registerReadCommand(program: Command): void {
  program
    .command('read')
    .description('read one customer through the gateway: masked per policy, audited')
    .requiredOption('--as <actor>', 'staff id of the person reading')
    .requiredOption('--purpose <purpose>', 'purpose of the read (a purpose of the policy)')
    .option('--customer <id>', 'external customer id')
    .option('--phone <phone>', 'phone number (any common format)')
    .option('--id-number <id>', 'resident ID number')
    .option('--email <email>', 'e-mail address')
    .option('--name <name>', 'name (with --birth-date)')
    .option('--birth-date <date>', 'birth date (with --name)')
    .option('--format <format>', 'text or json', 'text')
    .option('--policy <file>', 'policy file; default $PIGUARD_POLICY or ./piguard.policy.yaml')
    .action(async (opts: ReadOptions, cmd: Command) => {
      const { dbUrl } = globalOptions(cmd);
      if (opts.format !== 'text' && opts.format !== 'json') {
        throw new UsageError(`--format ${opts.format}: expected text or json`);
      }
      const by = customerKeyOf(opts);
      const { resolvePolicyPath } = await import('../vault/policy/policy-loader.ts');
      const { withGateway } = await import('../vault/gateway/open-gateway.ts');
      const result = await withGateway(dbUrl, { policyPath: resolvePolicyPath(opts.policy) }, (g) =>
        g.read({ actor: opts.as, purpose: opts.purpose, by }),
      );
      process.stdout.write(
        opts.format === 'json'
          ? `${JSON.stringify({ customers: result.customers, fields: result.fields, audit_index: result.auditIndex })}\n`
          : formatReadText(result),
      );
    });
}
