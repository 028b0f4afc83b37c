import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test, type TestContext } from 'node:test';
import { verifyLog } from '../../src/audit/log-verifier.ts';
import { CustomerVault } from '../../src/vault/customer-vault.ts';
import { IMPORT_BATCH_ROWS, importCustomers } from '../../src/vault/import/customer-import.ts';
import { describeEachEngine, type TestDatabase, type TestEngine } from '../helpers/databases.ts';
import { initInProcess } from '../helpers/init-in-process.ts';
import { runCli } from '../helpers/run-cli.ts';
import {
  CHINESE_HEADERS,
  ENGLISH_HEADERS,
  fixtureCustomers,
  table,
  testKeys,
  VAULT_ENV,
  writeCustomersFile,
  type FixtureCustomer,
  type FixtureFormat,
} from '../vault/customer-fixtures.ts';

const ORDER: (keyof FixtureCustomer)[] = [
  'customer_id',
  'name',
  'birth_date',
  'phone',
  'id_number',
  'address',
  'product',
  'premium',
  'agent',
  'note',
];
const SHUFFLED: (keyof FixtureCustomer)[] = [
  'note',
  'phone',
  'address',
  'customer_id',
  'premium',
  'agent',
  'birth_date',
  'id_number',
  'product',
  'name',
];

function cli(d: TestDatabase, args: string[]) {
  return runCli(['--db', d.url, ...args], { env: VAULT_ENV });
}

/** A database `piguard init` has set up (in this process: init's CLI has its own tests). */
async function initialised(t: TestContext, engine: TestEngine) {
  const d = await engine.open(t);
  await initInProcess(d.url, VAULT_ENV);
  return d;
}

async function counts(d: TestDatabase) {
  const n = async (table: 'customers' | 'customer_index' | 'audit_entries') =>
    Number(
      (
        await d.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number | string>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  return {
    customers: await n('customers'),
    index: await n('customer_index'),
    audit: await n('audit_entries'),
  };
}

/** Decrypts what the vault holds for the fixtures and compares field by field. */
async function assertStored(d: TestDatabase, customers: readonly FixtureCustomer[]) {
  const vault = await CustomerVault.open(d, testKeys);
  try {
    const loaded = await vault.load(
      d.db,
      customers.map((c) => c.customer_id),
      ['name', 'birth_date', 'phone', 'id_number', 'address', 'product', 'premium', 'extra'],
    );
    for (const c of customers) {
      const got = loaded.get(c.customer_id);
      assert.ok(got, c.customer_id);
      assert.equal(got.name, c.name);
      assert.equal(got.birth_date, c.birth_date);
      assert.equal(got.phone, c.phone);
      assert.equal(got.id_number, c.id_number);
      assert.equal(got.address, c.address);
      assert.equal(got.product, c.product);
      assert.equal(got.premium, c.premium);
      assert.equal(got.agent, c.agent);
      if (c.note) assert.equal(Object.values(got.extra ?? {})[0], c.note);
    }
    assert.deepEqual(await vault.lookup(d.db, 'phone', customers[0]!.phone), [
      customers[0]!.customer_id,
    ]);
  } finally {
    vault.close();
  }
}

function assertMappingPrinted(stderr: string, headers: Record<keyof FixtureCustomer, string>) {
  assert.match(stderr, /column mapping/);
  for (const field of [
    'customer_id',
    'name',
    'birth_date',
    'phone',
    'id_number',
    'address',
    'agent',
  ] as const) {
    assert.match(
      stderr,
      new RegExp(`${headers[field]} \\(column \\d+\\) → ${field} \\(header name\\)`),
    );
  }
}

describeEachEngine('piguard import customers', (engine) => {
  const cases: [
    FixtureFormat,
    string,
    Record<keyof FixtureCustomer, string>,
    (keyof FixtureCustomer)[],
  ][] = [
    ['csv', 'customers.csv', CHINESE_HEADERS, ORDER],
    ['gbk-csv', 'customers-gbk.csv', CHINESE_HEADERS, SHUFFLED],
    ['xlsx', 'customers.xlsx', ENGLISH_HEADERS, SHUFFLED],
    ['jsonl', 'customers.jsonl', ENGLISH_HEADERS, ORDER],
    ['tsv', 'customers.tsv', CHINESE_HEADERS, SHUFFLED],
  ];
  for (const [format, name, headers, order] of cases) {
    test(`${format}: columns by header name, every field stored encrypted and readable`, async (t) => {
      const d = await initialised(t, engine);
      const customers = fixtureCustomers(12);
      const file = join(d.tempDir, name);
      await writeCustomersFile(file, format, table(customers, order, headers));
      const r = cli(d, ['import', 'customers', file]);
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stdout, /imported 12 rows: 12 inserted, 0 updated/);
      assertMappingPrinted(r.stderr, headers);
      // No values in what the command prints.
      for (const c of customers) assert.ok(!(r.stdout + r.stderr).includes(c.phone));
      await assertStored(d, customers);
    });
  }

  test('re-import upserts on the customer id and prints the counts; one audit entry per import', async (t) => {
    const d = await initialised(t, engine);
    const customers = fixtureCustomers(10);
    const file = join(d.tempDir, 'c.csv');
    await writeCustomersFile(file, 'csv', table(customers, ORDER, CHINESE_HEADERS));
    assert.equal(cli(d, ['import', 'customers', file]).status, 0);
    const changed = [
      ...customers
        .slice(0, 5)
        .map((c) => ({ ...c, phone: `1360000000${c.customer_id.slice(-1)}` })),
      ...fixtureCustomers(3, 'N'),
    ];
    await writeCustomersFile(file, 'csv', table(changed, ORDER, CHINESE_HEADERS));
    const dry = cli(d, ['import', 'customers', '--dry-run', file]);
    assert.equal(dry.status, 0, dry.stderr);
    assert.match(dry.stdout, /dry run: 8 rows valid; would insert 3, update 5/);
    const r = cli(d, ['import', 'customers', file, '--as', 'ops-7']);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /imported 8 rows: 3 inserted, 5 updated/);
    await assertStored(d, [...changed, ...customers.slice(5)]);
    const c = await counts(d);
    assert.equal(c.customers, 13);
    assert.equal(c.audit, 2);
    const entry = await d.db
      .selectFrom('audit_entries')
      .select('entry')
      .orderBy('idx', 'desc')
      .executeTakeFirstOrThrow();
    const audited = JSON.parse(Buffer.from(entry.entry).toString('utf8')) as Record<
      string,
      unknown
    >;
    assert.deepEqual(
      { ...audited, ts: 'x', file_sha256: typeof audited['file_sha256'] },
      {
        type: 'import',
        what: 'customers',
        actor: 'ops-7',
        rows: 8,
        inserted: 3,
        updated: 5,
        file_sha256: 'string',
        ts: 'x',
      },
    );
    assert.match(String(audited['file_sha256']), /^[0-9a-f]{64}$/);
    assert.ok((await verifyLog(d.db)).ok);
  });

  test('--map overrides the header; unknown headers are classified by content', async (t) => {
    const d = await initialised(t, engine);
    const customers = fixtureCustomers(30);
    // 编号 and 联络 say nothing known; 备用 holds phones but is mapped to skip.
    const rows = [
      ['编号', '联络', '证件', '姓名', '出生日期', '备用'],
      ...customers.map((c) => [c.customer_id, c.phone, c.id_number, c.name, c.birth_date, c.phone]),
    ];
    const file = join(d.tempDir, 'odd.csv');
    await writeCustomersFile(file, 'csv', rows);
    const r = cli(d, ['import', 'customers', file, '--map', '编号=customer_id', '--map', '6=skip']);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stderr, /编号 \(column 1\) → customer_id \(--map\)/);
    assert.match(r.stderr, /联络 \(column 2\) → phone \(content classification: PHONE_NUMBER/);
    assert.match(
      r.stderr,
      /证件 \(column 3\) → id_number \(content classification: CN_RESIDENT_ID/,
    );
    assert.match(r.stderr, /备用 \(column 6\) → skip \(--map\)/);
    const vault = await CustomerVault.open(d, testKeys);
    t.after(() => vault.close());
    const got = (
      await vault.load(d.db, [customers[3]!.customer_id], ['phone', 'id_number', 'extra'])
    ).get(customers[3]!.customer_id);
    assert.equal(got?.phone, customers[3]!.phone);
    assert.equal(got?.id_number, customers[3]!.id_number);
    assert.equal(got?.extra, undefined);
    const bad = cli(d, ['import', 'customers', file, '--map', '编号=nonsense']);
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /unknown field "nonsense"/);
    const noId = join(d.tempDir, 'noid.csv');
    await writeCustomersFile(
      noId,
      'csv',
      rows.map((row) => row.slice(1)),
    );
    const missing = cli(d, ['import', 'customers', noId]);
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /noid\.csv: no customer id column/);
  });

  test('bad rows stop the import: exit 2, one FILE:ROW line without values, database unchanged', async (t) => {
    const d = await initialised(t, engine);
    const first = fixtureCustomers(5, 'P');
    const seed = join(d.tempDir, 'seed.csv');
    await writeCustomersFile(seed, 'csv', table(first, ORDER, CHINESE_HEADERS));
    // Seeded in this process: what follows through the bin is the subject.
    await importCustomers(d, testKeys, { file: seed, actor: VAULT_ENV.PIGUARD_ACTOR });
    const before = await counts(d);
    // A whole batch of good rows first, so that one was written before the bad row is met.
    const good = fixtureCustomers(IMPORT_BATCH_ROWS + 100);
    const badRow = good.length + 3; // after the header, the good rows and one more
    const at = `:${badRow}: `;
    const variants: [string, (rows: string[][]) => void, RegExp][] = [
      [
        'missing id',
        (rows) => (rows[badRow - 1] = ['', ...rows[badRow - 1]!.slice(1)]),
        /customer id is missing$/,
      ],
      [
        'duplicate id',
        (rows) => (rows[badRow - 1]![0] = good[7]!.customer_id),
        /customer id C000008 appears again \(first on row 9\)$/,
      ],
      [
        'impossible date',
        (rows) => (rows[badRow - 1]![2] = '1990-02-30'),
        /birth_date \(column 出生日期\) is not a real date$/,
      ],
      [
        'invalid phone',
        (rows) => (rows[badRow - 1]![3] = '12345'),
        /phone \(column 手机\) is not a valid mainland phone number$/,
      ],
    ];
    for (const [what, spoil, expected] of variants) {
      const rows = table([...good, ...fixtureCustomers(2, 'Z')], ORDER, CHINESE_HEADERS);
      spoil(rows);
      const file = join(d.tempDir, 'bad.csv');
      await writeCustomersFile(file, 'csv', rows);
      const r = cli(d, ['import', 'customers', file]);
      assert.equal(r.status, 2, `${what}: ${r.stderr}`);
      const errors = r.stderr.split('\n').filter((l) => l.startsWith('piguard:'));
      assert.equal(errors.length, 1, what);
      assert.match(errors[0]!, expected, what);
      assert.ok(errors[0]!.includes(`${file}${at}`), what);
      assert.ok(!errors[0]!.includes('1990-02-30') && !errors[0]!.includes('12345'), what);
      assert.deepEqual(await counts(d), before, what);
    }
    assert.ok((await verifyLog(d.db)).ok);
  });

  test('a bad JSON line and an impossible XLSX date are reported by line and row', async (t) => {
    const d = await initialised(t, engine);
    const file = join(d.tempDir, 'bad.jsonl');
    writeFileSync(file, '{"customer_id":"J1","phone":"13800138000"}\n{"customer_id":"J2",\n');
    const r = cli(d, ['import', 'customers', file]);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /bad\.jsonl:2: not valid JSON/);
    const xlsx = join(d.tempDir, 'bad.xlsx');
    const rows = table(fixtureCustomers(3), ORDER, ENGLISH_HEADERS);
    rows[3]![2] = '2001-13-01';
    await writeCustomersFile(xlsx, 'xlsx', rows);
    const x = cli(d, ['import', 'customers', xlsx]);
    assert.equal(x.status, 2);
    assert.match(x.stderr, /bad\.xlsx:4: birth_date \(column birth_date\) is not a real date/);
    assert.equal((await counts(d)).customers, 0);
  });

  test('worker threads seal the same way as the main thread', async (t) => {
    const d = await initialised(t, engine);
    // More than one batch, so that both workers seal one.
    const n = IMPORT_BATCH_ROWS + 500;
    const customers = fixtureCustomers(n);
    const file = join(d.tempDir, 'many.csv');
    await writeCustomersFile(file, 'csv', table(customers, ORDER, CHINESE_HEADERS));
    const r = cli(d, ['import', 'customers', '--threads', '2', file]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, new RegExp(`imported ${n} rows: ${n} inserted`));
    await assertStored(d, [customers[0]!, customers[1234]!, customers[n - 1]!]);
    assert.equal((await counts(d)).index, n * 3);
  });
});
