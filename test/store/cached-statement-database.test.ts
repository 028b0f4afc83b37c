import assert from 'node:assert/strict';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import {
  CachedStatementDatabase,
  MAX_CACHED_SQL_LENGTH,
} from '../../src/store/cached-statement-database.ts';

test('repeated SQL reuses one compiled statement; results stay correct', async () => {
  const cache = new CachedStatementDatabase(new Database(':memory:'), 4);
  const db = new Kysely<{ t: { k: number; v: string } }>({
    dialect: new SqliteDialect({ database: cache }),
  });
  await sql`create table t (k integer primary key, v text)`.execute(db);
  for (let k = 0; k < 50; k++)
    await db
      .insertInto('t')
      .values({ k, v: `v${k}` })
      .execute();
  const before = cache.cached;
  for (let k = 0; k < 50; k++) {
    const row = await db.selectFrom('t').select('v').where('k', '=', k).executeTakeFirst();
    assert.equal(row?.v, `v${k}`);
  }
  // One more text (the select) at most; never more than the bound.
  assert.ok(cache.cached <= Math.min(4, before + 1), `${cache.cached} cached`);
  await db.destroy();
});

test('the cache is bounded (LRU) and skips very long SQL', async () => {
  const cache = new CachedStatementDatabase(new Database(':memory:'), 3);
  for (let i = 0; i < 10; i++) cache.prepare(`select ${i} as x`);
  assert.equal(cache.cached, 3);
  const long = `select 1 as x ${' '.repeat(MAX_CACHED_SQL_LENGTH)}`;
  const stmt = cache.prepare(long);
  assert.equal(cache.cached, 3);
  assert.ok(stmt.reader);
  cache.close();
});

test('a cached statement sees schema changes and streams work after cached reads', async () => {
  const cache = new CachedStatementDatabase(new Database(':memory:'));
  const db = new Kysely<{ t: { k: number } }>({ dialect: new SqliteDialect({ database: cache }) });
  await sql`create table t (k integer)`.execute(db);
  await db
    .insertInto('t')
    .values([{ k: 1 }, { k: 2 }, { k: 3 }])
    .execute();
  const count = () =>
    db
      .selectFrom('t')
      .select((e) => e.fn.countAll<number>().as('n'))
      .execute();
  assert.equal((await count())[0]?.n, 3);
  await sql`drop table t`.execute(db);
  await sql`create table t (k integer, extra text)`.execute(db);
  assert.equal((await count())[0]?.n, 0);
  await db
    .insertInto('t')
    .values([{ k: 7 }, { k: 8 }])
    .execute();
  const seen: number[] = [];
  for await (const row of db.selectFrom('t').select('k').orderBy('k').stream()) seen.push(row.k);
  assert.deepEqual(seen, [7, 8]);
  await db.destroy();
});
