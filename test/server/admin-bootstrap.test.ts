import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RIGHTS } from '../../src/core/rights.ts';
import { ensureAdmin } from '../../src/server/auth/admin-bootstrap.ts';
import { PrincipalStore } from '../../src/server/auth/principal-store.ts';
import { verifyPassword } from '../../src/server/auth/password-hasher.ts';
import { describeEachEngine } from '../helpers/databases.ts';

describeEachEngine('admin bootstrap', (engine) => {
  test('creates admin once, with PIGUARD_ADMIN_PASSWORD or a random password printed once', async (t) => {
    const d = await engine.open(t);
    const lines = await ensureAdmin(d.db, { PIGUARD_ADMIN_PASSWORD: 'from the environment' });
    assert.deepEqual(lines, [
      'created admin user "admin" with the password from PIGUARD_ADMIN_PASSWORD',
    ]);
    const store = new PrincipalStore(d.db);
    const admin = await store.get('admin');
    assert.deepEqual(admin?.rights, [...RIGHTS]);
    assert.equal(admin?.kind, 'person');
    assert.ok(await verifyPassword((await store.passwordHash('admin'))!, 'from the environment'));
    assert.deepEqual(await ensureAdmin(d.db, { PIGUARD_ADMIN_PASSWORD: 'another password' }), []);
    assert.ok(await verifyPassword((await store.passwordHash('admin'))!, 'from the environment'));

    const other = await engine.open(t);
    const [line] = await ensureAdmin(other.db, {});
    const password = /shown once\): (\S+)$/.exec(line!)?.[1];
    assert.ok(password && password.length >= 20);
    assert.ok(
      await verifyPassword((await new PrincipalStore(other.db).passwordHash('admin'))!, password),
    );
  });

  test('a too-short PIGUARD_ADMIN_PASSWORD is an input error and creates nothing', async (t) => {
    const d = await engine.open(t);
    await assert.rejects(
      ensureAdmin(d.db, { PIGUARD_ADMIN_PASSWORD: 'short' }),
      /at least 10 characters/,
    );
    assert.equal(await new PrincipalStore(d.db).get('admin'), undefined);
  });
});
