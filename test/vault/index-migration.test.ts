import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Migrator, sql, type Migration, type MigrationProvider } from 'kysely';
import { allMigrations, migrateToLatest } from '../../src/store/migrator.ts';
import { CustomerVault } from '../../src/vault/customer-vault.ts';
import { describeEachEngine } from '../helpers/databases.ts';

const keys = { source: 'test', getMasterKey: async () => Buffer.alloc(32, 0x42) };

class Provider implements MigrationProvider {
  readonly #m: Record<string, Migration>;
  constructor(m: Record<string, Migration>) {
    this.#m = m;
  }
  async getMigrations(): Promise<Record<string, Migration>> {
    return this.#m;
  }
}

describeEachEngine('migration 0008 (customer_index without rowid)', (engine) => {
  test('upgrades a database with customers: every blind index survives and still matches', async (t) => {
    const d = await engine.open(t, { migrate: false });
    const before = Object.fromEntries(
      Object.entries(allMigrations(d.engine)).filter(([name]) => name < '0008'),
    );
    const schema =
      d.engine === 'postgres'
        ? (await sql<{ s: string }>`select current_schema() as s`.execute(d.db)).rows[0]?.s
        : undefined;
    const old = await new Migrator({
      db: d.db,
      provider: new Provider(before),
      ...(schema ? { migrationTableSchema: schema } : {}),
    }).migrateToLatest();
    assert.equal(old.error, undefined);

    const vault = await CustomerVault.open(d, keys);
    const records = Array.from({ length: 50 }, (_, i) => ({
      customer_id: `C${String(i).padStart(3, '0')}`,
      phone: `1380013${String(8000 + i)}`,
      email: `p${i}@example.cn`,
    }));
    await d.db.transaction().execute((trx) => vault.upsert(trx, records));
    const count = async () =>
      Number(
        (
          await d.db
            .selectFrom('customer_index')
            .select((e) => e.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    assert.equal(await count(), 100);

    assert.ok((await migrateToLatest(d.db, d.engine)).includes('0008-vault-index'));
    assert.equal(await count(), 100);
    if (d.engine === 'sqlite') {
      const ddl = await sql<{ sql: string }>`
        select sql from sqlite_master where type = 'table' and name = 'customer_index'
      `.execute(d.db);
      assert.match(ddl.rows[0]!.sql, /without rowid/i);
      const indexes = await sql<{ name: string }>`
        select name from sqlite_master where type = 'index' and tbl_name = 'customer_index'
      `.execute(d.db);
      assert.ok(indexes.rows.some((r) => r.name === 'customer_index_customer'));
      // Re-running the body (crash after commit, before Kysely recorded it) changes nothing.
      await allMigrations('sqlite')['0008-vault-index']!.up(d.db);
      assert.equal(await count(), 100);
    }
    assert.deepEqual(await vault.lookup(d.db, 'phone', '13800138017'), ['C017']);
    assert.deepEqual(await vault.lookup(d.db, 'email', 'P49@example.cn'), ['C049']);
    // Writes after the upgrade: re-upsert replaces a customer's indexes.
    await d.db
      .transaction()
      .execute((trx) => vault.upsert(trx, [{ customer_id: 'C017', phone: '13900139000' }]));
    assert.deepEqual(await vault.lookup(d.db, 'phone', '13800138017'), []);
    assert.deepEqual(await vault.lookup(d.db, 'phone', '13900139000'), ['C017']);
    assert.equal(await count(), 99);
    vault.close();
  });
});
