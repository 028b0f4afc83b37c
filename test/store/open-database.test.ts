import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { describeEachEngine } from '../helpers/databases.ts';
import { allMigrations, migrateToLatest } from '../../src/store/migrator.ts';
import { openDatabase } from '../../src/store/open-database.ts';

describeEachEngine('openDatabase + migrations', (engine) => {
  test('migrates once, then is current', async (t) => {
    const d = await engine.open(t, { migrate: false });
    assert.equal(d.engine, engine.name);
    assert.deepEqual(await migrateToLatest(d.db, d.engine), Object.keys(allMigrations(d.engine)));
    assert.deepEqual(await migrateToLatest(d.db, d.engine), []);
  });

  test('bigint comes back as number and blobs as Buffer', async (t) => {
    const { db } = await engine.open(t);
    const big = 2 ** 40 + 3;
    await db
      .insertInto('audit_entries')
      .values({
        log_id: 1,
        idx: big,
        leaf_hash: Buffer.alloc(32, 7),
        entry: Buffer.from([0, 255, 1]),
      })
      .execute();
    const row = await db.selectFrom('audit_entries').selectAll().executeTakeFirstOrThrow();
    assert.equal(row.idx, big);
    assert.equal(typeof row.log_id, 'number');
    assert.ok(Buffer.isBuffer(row.entry));
    assert.deepEqual([...row.entry], [0, 255, 1]);
    const count = await db
      .selectFrom('audit_entries')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    assert.equal(count.n, 1);
  });

  test('a failed transaction leaves nothing behind', async (t) => {
    const { db } = await engine.open(t);
    await assert.rejects(
      db.transaction().execute(async (trx) => {
        await trx
          .insertInto('audit_nodes')
          .values({ log_id: 1, level: 1, idx: 0, hash: Buffer.alloc(32) })
          .execute();
        throw new Error('boom');
      }),
      /boom/,
    );
    const rows = await db.selectFrom('audit_nodes').selectAll().execute();
    assert.equal(rows.length, 0);
  });

  test('primary keys reject a second node at the same position', async (t) => {
    const { db } = await engine.open(t);
    const row = { log_id: 1, level: 2, idx: 5, hash: Buffer.alloc(32) };
    await db.insertInto('audit_nodes').values(row).execute();
    await assert.rejects(db.insertInto('audit_nodes').values(row).execute());
  });

  test('a second connection sees committed data', async (t) => {
    const d = await engine.open(t);
    await d.db
      .insertInto('audit_nodes')
      .values({ log_id: 9, level: 1, idx: 1, hash: Buffer.alloc(32, 1) })
      .execute();
    const other = await openDatabase(d.url);
    try {
      const rows = await other.db.selectFrom('audit_nodes').select('log_id').execute();
      assert.deepEqual(rows, [{ log_id: 9 }]);
    } finally {
      await other.close();
    }
  });
});

test('sqlite runs in WAL with synchronous=FULL and foreign keys on', async (t) => {
  const { mkdtempSync, rmSync } = await import('node:fs');
  const { join } = await import('node:path');
  const { tmpdir } = await import('node:os');
  const dir = mkdtempSync(join(tmpdir(), 'piguard-pragma-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const d = await openDatabase(`sqlite:${join(dir, 'p.db')}`);
  try {
    const mode = await sql<{ journal_mode: string }>`pragma journal_mode`.execute(d.db);
    assert.equal(mode.rows[0]?.journal_mode, 'wal');
    const sync = await sql<{ synchronous: number }>`pragma synchronous`.execute(d.db);
    assert.equal(sync.rows[0]?.synchronous, 2); // FULL
    const fk = await sql<{ foreign_keys: number }>`pragma foreign_keys`.execute(d.db);
    assert.equal(fk.rows[0]?.foreign_keys, 1);
  } finally {
    await d.close();
  }
});
