/**
 * A gateway over a fresh database of either engine, with an audit log, the real customer vault
 * (customers written through CustomerVault.upsert), staff, a policy and a movable clock.
 */
import { randomBytes } from 'node:crypto';
import type { TestContext } from 'node:test';
import { AuditLog } from '../../src/audit/audit-log.ts';
import { createLog } from '../../src/audit/log-signer.ts';
import type { CustomerRecord } from '../../src/core/customer.ts';
import { iso7064Mod112CheckChar } from '../../src/detect/validators/iso7064-mod11-2.ts';
import type { KeyProvider } from '../../src/protect/key-provider.ts';
import { CustomerVault } from '../../src/vault/customer-vault.ts';
import type { ExportDecorator } from '../../src/vault/export-decorator.ts';
import { Gateway } from '../../src/vault/gateway/gateway.ts';
import { maskHashKey } from '../../src/vault/gateway/mask-hash-key.ts';
import { defaultPolicy } from '../../src/vault/policy/default-policy.ts';
import type { Policy } from '../../src/vault/policy/policy.ts';
import { parsePolicy } from '../../src/vault/policy/policy-loader.ts';
import type { StaffMember } from '../../src/vault/staff-member.ts';
import { upsertStaff } from '../../src/vault/staff-store.ts';
import type { TestDatabase, TestEngine } from '../helpers/databases.ts';

/** A valid 18-character resident ID from a 17-digit body. */
export function residentId(body17: string): string {
  return body17 + iso7064Mod112CheckChar(body17)!;
}

export const SH = '上海分公司';
export const BJ = '北京分公司';

/** Fixture customers: Shanghai (region 31) books of A1 and A2 (team T1), Beijing book of A3. */
export const CUSTOMERS: CustomerRecord[] = [
  {
    customer_id: 'C001',
    name: '张伟',
    birth_date: '1990-03-07',
    phone: '13812345678',
    id_number: residentId('31010119900307123'),
    address: '上海市浦东新区张江路88号',
    email: 'zhangwei@example.com',
    product: '终身寿险',
    premium: '12000',
    start_date: '2020-05-01',
    agent: 'A1',
    branch: SH,
    extra: { 备注: '老客户' },
  },
  {
    customer_id: 'C002',
    name: '李娜',
    birth_date: '1985-11-20',
    phone: '13912345679',
    id_number: residentId('31010419851120234'),
    address: '上海市徐汇区漕溪北路1号',
    product: '重疾险',
    premium: '8000',
    start_date: '2021-01-15',
    agent: 'A2',
    branch: SH,
  },
  {
    customer_id: 'C003',
    name: '王芳',
    birth_date: '1978-06-30',
    phone: '13712345670',
    id_number: residentId('11010519780630345'),
    address: '北京市朝阳区建国路1号',
    product: '年金险',
    premium: '20000',
    start_date: '2019-09-09',
    agent: 'A3',
    branch: BJ,
  },
  {
    customer_id: 'C004',
    name: '张敏',
    birth_date: '1992-01-02',
    // Shares C001's phone (a family line): a phone read may match several customers.
    phone: '13812345678',
    id_number: residentId('31010119920102456'),
    address: '上海市浦东新区世纪大道100号',
    product: '意外险',
    premium: '300',
    start_date: '2022-02-02',
    agent: 'A1',
    branch: SH,
  },
];

const member = (
  staffId: string,
  role: string,
  branch: string | null,
  team: string | null,
  endDate: string | null = null,
): StaffMember => ({
  staffId,
  role,
  roleRaw: role,
  branch,
  team,
  startDate: '2015-01-01',
  endDate,
});

export const STAFF: StaffMember[] = [
  member('A1', 'agent', SH, 'T1'),
  member('A2', 'agent', SH, 'T1'),
  member('A3', 'agent', BJ, 'T2'),
  member('M1', 'team_manager', SH, 'T1'),
  member('Q1', 'quality_control', SH, null),
  member('CL1', 'claims', SH, null),
  member('IT1', 'it_support', SH, null),
  member('I1', 'investigator', SH, null),
  member('D1', 'dpo', SH, null),
  member('D2', 'dpo', BJ, null),
  member('X1', 'agent', SH, 'T1', '2020-01-01'),
];

export interface GatewayFixture extends TestDatabase {
  log: AuditLog;
  vault: CustomerVault;
  gateway: Gateway;
  policy: Policy;
  keys: KeyProvider;
  masterKey: Buffer;
  clock: { now: Date };
  /** Access events in index order. */
  events(): Promise<
    Array<{
      actor: string;
      action: string;
      decision: string;
      customers: number;
      export_id: string | null;
    }>
  >;
  /** Audit entries decoded, in order. */
  entries(): Promise<Array<Record<string, unknown>>>;
}

/**
 * @example
 * const f = await openGatewayFixture(engine, t);
 */
export async function openGatewayFixture(
  engine: TestEngine,
  t: TestContext,
  options: {
    policyText?: string;
    policy?: Policy;
    log?: (database: TestDatabase) => AuditLog;
    decorators?: readonly ExportDecorator[];
    customers?: CustomerRecord[];
  } = {},
): Promise<GatewayFixture> {
  const d = await engine.open(t);
  const masterKey = randomBytes(32);
  const keys: KeyProvider = { source: 'test', getMasterKey: async () => Buffer.from(masterKey) };
  await createLog(d.db, { origin: 'example.test/gateway', masterKey });
  const log = options.log ? options.log(d) : new AuditLog(d);
  const vault = await CustomerVault.open(d, keys);
  const clock = { now: new Date('2026-03-02T02:00:00Z') };
  await d.db.transaction().execute(async (trx) => {
    await vault.upsert(trx, options.customers ?? CUSTOMERS);
    await upsertStaff(trx, STAFF, clock.now.toISOString());
  });
  const policy =
    options.policy ??
    (options.policyText !== undefined
      ? parsePolicy(options.policyText, 'test.policy.yaml')
      : defaultPolicy());
  const gateway = new Gateway({
    database: d,
    log,
    vault,
    policy,
    hashKey: maskHashKey(masterKey),
    now: () => clock.now,
    ...(options.decorators !== undefined ? { decorators: options.decorators } : {}),
  });
  t.after(async () => {
    await gateway.close();
    vault.close();
  });
  return {
    ...d,
    log,
    vault,
    gateway,
    policy,
    keys,
    masterKey,
    clock,
    async events() {
      return d.db
        .selectFrom('access_events')
        .select(['actor', 'action', 'decision', 'customers', 'export_id'])
        .orderBy('audit_idx')
        .execute();
    },
    async entries() {
      const rows = await d.db.selectFrom('audit_entries').select('entry').orderBy('idx').execute();
      return rows.map(
        (r) => JSON.parse(Buffer.from(r.entry).toString('utf8')) as Record<string, unknown>,
      );
    },
  };
}
