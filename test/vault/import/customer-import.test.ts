/**
 * importCustomers with validation on worker threads and, on SQLite, staged blind indexes:
 * the lowest bad row is reported whichever thread finds it, nothing of a failed run is kept,
 * deleted customers are never revived, and the blind-index table (and its secondary index) is
 * complete after a first import (index rebuilt) and after a small re-import (index kept).
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test, type TestContext } from 'node:test';
import { sql } from 'kysely';
import { createLog } from '../../../src/audit/log-signer.ts';
import { InputError } from '../../../src/core/errors.ts';
import { CustomerVault } from '../../../src/vault/customer-vault.ts';
import { IMPORT_BATCH_ROWS, importCustomers } from '../../../src/vault/import/customer-import.ts';
import { describeEachEngine, type TestDatabase, type TestEngine } from '../../helpers/databases.ts';
import {
  CHINESE_HEADERS,
  fixtureCustomers,
  table,
  testKeys,
  writeCustomersFile,
  type FixtureCustomer,
} from '../customer-fixtures.ts';

const COLUMNS: (keyof FixtureCustomer)[] = [
  'customer_id',
  'name',
  'birth_date',
  'phone',
  'id_number',
  'address',
  'agent',
];

async function initialised(t: TestContext, engine: TestEngine): Promise<TestDatabase> {
  const d = await engine.open(t);
  await createLog(d.db, { origin: 'test.local/import', masterKey: Buffer.alloc(32, 7) });
  return d;
}

async function count(d: TestDatabase, name: 'customers' | 'customer_index'): Promise<number> {
  const r = await d.db
    .selectFrom(name)
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** Rows of a customers file (header first), as `table` makes them. */
function rowsOf(customers: readonly FixtureCustomer[]): string[][] {
  return table(customers, COLUMNS, CHINESE_HEADERS);
}

/** The InputError an import of `rows` fails with (with `threads` workers). */
async function failure(d: TestDatabase, rows: string[][], threads: number): Promise<InputError> {
  const file = join(d.tempDir, `bad-${threads}.csv`);
  await writeCustomersFile(file, 'csv', rows);
  try {
    await importCustomers(d, testKeys, { file, actor: 'test', threads });
  } catch (err) {
    assert.ok(err instanceof InputError, String(err));
    return err;
  }
  assert.fail('the import should have failed');
}

describeEachEngine('importCustomers (workers, staged indexes)', (engine) => {
  test('the lowest bad row is reported, from a worker or the main thread alike', async (t) => {
    const d = await initialised(t, engine);
    // Batches are IMPORT_BATCH_ROWS rows (rows 2..1001 are batch 1, 1002..2001 batch 2, …); each
    // failure below is in batch 2 or later, so whole batches were sealed (and, on the main thread,
    // written) before it, and the two rows of a case sit in different batches. No more rows than
    // that: sealing them is most of this test's time.
    assert.equal(IMPORT_BATCH_ROWS, 1_000, 'the row numbers below assume 1,000-row batches');
    const good = fixtureCustomers(2_200);
    // Row numbers: the header is row 1, so good[i] is on row i + 2.
    const cases: [string, (rows: string[][]) => void, number, RegExp][] = [
      [
        'a worker-found bad phone before a main-thread duplicate',
        (rows) => {
          rows[1_199]![3] = '12345'; // row 1200 (batch 2)
          rows[2_099]![0] = good[5]!.customer_id; // row 2100 (batch 3)
        },
        1_200,
        /phone \(column 手机\) is not a valid mainland phone number$/,
      ],
      [
        'a duplicate before a worker-found bad date',
        (rows) => {
          rows[1_299]![0] = good[5]!.customer_id; // row 1300 (batch 2)
          rows[2_149]![2] = '1990-02-30'; // row 2150 (batch 3)
        },
        1_300,
        new RegExp(`customer id ${good[5]!.customer_id} appears again \\(first on row 7\\)$`),
      ],
      [
        "a duplicate row's own field problem comes first",
        (rows) => {
          rows[1_299]![0] = good[5]!.customer_id;
          rows[1_299]![2] = '1990-02-30';
        },
        1_300,
        /birth_date \(column 出生日期\) is not a real date$/,
      ],
      [
        'a missing id in the second batch',
        (rows) => (rows[1_199]![0] = ' '),
        1_200,
        /customer id is missing$/,
      ],
      [
        'two bad rows in different batches: the lower one',
        (rows) => {
          rows[2_149]![4] = '990101199001011234'; // row 2150, batch 3 (no such province)
          rows[1_499]![4] = '990101199001011235'; // row 1500, batch 2
        },
        1_500,
        /id_number \(column 身份证号\) is not a valid resident ID number/,
      ],
    ];
    for (const [what, spoil, line, problem] of cases) {
      const rows = rowsOf(good);
      spoil(rows);
      for (const threads of [0, 2]) {
        const err = await failure(d, rows, threads);
        assert.equal(err.line, line, `${what}, ${threads} threads: ${err.message}`);
        assert.match(err.message, problem, `${what}, ${threads} threads`);
        assert.ok(err.message.includes(`bad-${threads}.csv:${line}: `), err.message);
        assert.equal(await count(d, 'customers'), 0, what);
        assert.equal(await count(d, 'customer_index'), 0, what);
      }
    }
  });

  test('blind indexes complete after a first import and a re-import; deleted customers stay deleted', async (t) => {
    const d = await initialised(t, engine);
    // Two batches: the pipelined writes and the staged index span more than one.
    const n = IMPORT_BATCH_ROWS + 500;
    const first = fixtureCustomers(n);
    const file = join(d.tempDir, 'c.csv');
    await writeCustomersFile(file, 'csv', rowsOf(first));
    const indexSql = async () =>
      engine.name === 'sqlite'
        ? (
            await sql<{ sql: string }>`
              select sql from sqlite_master where type = 'index' and tbl_name = 'customer_index'
               and sql is not null order by name
            `.execute(d.db)
          ).rows.map((r) => r.sql)
        : [];
    const before = await indexSql();
    const r1 = await importCustomers(d, testKeys, { file, actor: 'test', threads: 2 });
    assert.deepEqual([r1.rows, r1.inserted, r1.updated], [n, n, 0]);
    // Phone, ID number, name + birth date for each customer.
    assert.equal(await count(d, 'customer_index'), n * 3);
    assert.deepEqual(await indexSql(), before, 'secondary index recreated as it was');

    const vault = await CustomerVault.open(d, testKeys);
    t.after(() => vault.close());
    await d.db.transaction().execute((trx) => vault.shred(trx, first[10]!.customer_id));

    // A small re-import (the secondary index is kept): 20 changed phones, 5 new customers,
    // and the deleted one.
    const changed = first
      .slice(0, 20)
      .map((c, i) => ({ ...c, phone: `1370000${String(i).padStart(4, '0')}` }));
    const again = [...changed, ...fixtureCustomers(5, 'N')];
    await writeCustomersFile(file, 'csv', rowsOf(again));
    const r2 = await importCustomers(d, testKeys, { file, actor: 'test', threads: 2 });
    assert.deepEqual([r2.rows, r2.inserted, r2.updated, r2.skippedDeleted], [25, 5, 19, 1]);
    assert.equal(await count(d, 'customer_index'), (n - 1 + 5) * 3);
    assert.deepEqual(await indexSql(), before);
    // New phones found, old ones gone, the deleted customer neither revived nor indexed.
    assert.deepEqual(await vault.lookup(d.db, 'phone', changed[3]!.phone), [
      changed[3]!.customer_id,
    ]);
    // (customers N00000k share C00000k's values, so an old phone of C000013 is the test here)
    assert.deepEqual(await vault.lookup(d.db, 'phone', first[12]!.phone), []);
    assert.deepEqual(await vault.lookup(d.db, 'phone', changed[10]!.phone), []);
    assert.deepEqual(await vault.lookup(d.db, 'id_number', first[1_400]!.id_number), [
      first[1_400]!.customer_id,
    ]);
    const shredded = await d.db
      .selectFrom('customers')
      .select(['wrapped_dek', 'shredded_at'])
      .where('customer_id', '=', first[10]!.customer_id)
      .executeTakeFirstOrThrow();
    assert.equal(shredded.wrapped_dek, null);
    assert.ok(shredded.shredded_at);
    const loaded = await vault.load(d.db, [changed[3]!.customer_id, 'N000002'], ['phone', 'name']);
    assert.equal(loaded.get(changed[3]!.customer_id)?.phone, changed[3]!.phone);
    assert.equal(loaded.get('N000002')?.name, fixtureCustomers(5, 'N')[1]!.name);
  });
});
