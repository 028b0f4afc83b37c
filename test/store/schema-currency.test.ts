import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { describeEachEngine } from '../helpers/databases.ts';
import { allMigrations, migrateToLatest } from '../../src/store/migrator.ts';
import { assertSchemaCurrent, pendingMigrations } from '../../src/store/schema-currency.ts';
import { runCli } from '../helpers/run-cli.ts';

describeEachEngine('schema currency', (engine) => {
  test('never initialised, then current, then one migration behind', async (t) => {
    const d = await engine.open(t, { migrate: false });
    assert.equal(await pendingMigrations(d.db, d.engine), undefined);
    await assert.rejects(
      assertSchemaCurrent(d.db, d.engine),
      /not initialised; run `piguard init`/,
    );
    await migrateToLatest(d.db, d.engine);
    assert.deepEqual(await pendingMigrations(d.db, d.engine), []);
    await assertSchemaCurrent(d.db, d.engine);
    // An older piguard's database: the newest migration was never applied.
    const names = Object.keys(allMigrations(d.engine));
    const newest = names[names.length - 1]!;
    await sql`delete from kysely_migration where name = ${newest}`.execute(d.db);
    assert.deepEqual(await pendingMigrations(d.db, d.engine), [newest]);
    await assert.rejects(
      assertSchemaCurrent(d.db, d.engine),
      (err: Error) =>
        err.message ===
        `the database schema is older than this piguard (missing migration ${newest}); run \`piguard init\` to bring it up to date`,
    );
  });

  test('serve refuses an out-of-date schema with one line and exit 1', async (t) => {
    const d = await engine.open(t);
    const names = Object.keys(allMigrations(d.engine));
    await sql`delete from kysely_migration where name = ${names[names.length - 1]!}`.execute(d.db);
    const r = runCli(['--db', d.url, 'serve', '--port', '0'], {
      env: { PIGUARD_MASTER_KEY: 'a'.repeat(64) },
      cwd: d.tempDir,
    });
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stderr.trim(), /^piguard: the database schema is older than this piguard/);
    assert.equal(r.stderr.trim().split('\n').length, 1);
  });
});
