/**
 * postgres-prepared-pool.ts: repeated DML goes out as named prepared statements (one-off
 * statements and DDL do not), and a connection whose prepared statement PostgreSQL refuses after a
 * schema change is discarded, so only one call fails.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sql } from 'kysely';
import { openDatabase } from '../../src/store/open-database.ts';
import { describeEachEngine } from '../helpers/databases.ts';

describeEachEngine('postgres prepared statements', (engine) => {
  if (engine.name === 'sqlite') {
    test('SQLite opens without PostgreSQL pool options taking effect', async (t) => {
      const d = await engine.open(t, { migrate: false });
      const again = await openDatabase(d.url, { postgres: { prepare: true, maxConnections: 1 } });
      t.after(() => again.close());
      assert.equal(again.engine, 'sqlite');
      assert.equal((await sql<{ n: number }>`select 1 as n`.execute(again.db)).rows[0]?.n, 1);
    });
    return;
  }

  test('a statement run twice is prepared; a one-off and DDL are not', async (t) => {
    const d = await engine.open(t, { migrate: false });
    // One connection, so every statement below runs where pg_prepared_statements looks.
    const db = (await openDatabase(d.url, { postgres: { maxConnections: 1 } })).db;
    t.after(() => db.destroy());
    await sql`create table pp (id integer primary key, v text)`.execute(db);
    for (let i = 0; i < 3; i++) {
      await db
        .insertInto('pp' as never)
        .values({ id: i, v: `v${i}` } as never)
        .execute();
    }
    await sql`select count(*) from pp where id > ${-1}`.execute(db);
    const prepared = await sql<{ statement: string }>`
      select statement from pg_prepared_statements`.execute(db);
    const texts = prepared.rows.map((r) => r.statement);
    assert.equal(texts.filter((s) => s.startsWith('insert into "pp"')).length, 1, texts.join('\n'));
    assert.ok(!texts.some((s) => s.includes('count(*)')), 'a one-off stays unnamed');
    assert.ok(!texts.some((s) => /^\s*create/i.test(s)), 'DDL is never prepared');
  });

  test('off: nothing is prepared', async (t) => {
    const d = await engine.open(t, { migrate: false });
    const db = (await openDatabase(d.url, { postgres: { maxConnections: 1, prepare: false } })).db;
    t.after(() => db.destroy());
    for (let i = 0; i < 3; i++) await sql`select ${i}::int as n`.execute(db);
    const n = await sql<{
      n: number;
    }>`select count(*)::int as n from pg_prepared_statements`.execute(db);
    assert.equal(n.rows[0]?.n, 0);
  });

  test('a schema change fails one call, then the statement is prepared afresh', async (t) => {
    const d = await engine.open(t, { migrate: false });
    const db = (await openDatabase(d.url, { postgres: { maxConnections: 1 } })).db;
    t.after(() => db.destroy());
    await sql`create table pq (id integer primary key)`.execute(db);
    await db
      .insertInto('pq' as never)
      .values({ id: 1 } as never)
      .execute();
    const read = () =>
      db
        .selectFrom('pq' as never)
        .selectAll()
        .execute();
    await read();
    await read(); // now a named statement with a cached plan returning (id)
    await sql`alter table pq add column v text`.execute(db);
    let failures = 0;
    let rows: unknown[] = [];
    for (let i = 0; i < 3; i++) {
      try {
        rows = await read();
      } catch (err) {
        failures++;
        assert.match((err as Error).message, /cached plan must not change result type/);
      }
    }
    assert.ok(failures <= 1, `failed ${failures} times`);
    assert.deepEqual(rows, [{ id: 1, v: null }]);
  });
});
