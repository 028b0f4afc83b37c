import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDatabaseUrl, redactUrl } from '../../src/store/database-url.ts';
import { UsageError } from '../../src/core/errors.ts';

test('sqlite URLs', () => {
  assert.deepEqual(parseDatabaseUrl('sqlite:./piguard.db'), {
    engine: 'sqlite',
    path: './piguard.db',
  });
  assert.deepEqual(parseDatabaseUrl('sqlite:/var/lib/p.db'), {
    engine: 'sqlite',
    path: '/var/lib/p.db',
  });
  assert.deepEqual(parseDatabaseUrl('sqlite::memory:'), { engine: 'sqlite', path: ':memory:' });
  assert.deepEqual(parseDatabaseUrl('sqlite:///abs.db'), { engine: 'sqlite', path: '/abs.db' });
});

test('postgres URLs are passed verbatim', () => {
  for (const url of [
    'postgres://postgres@127.0.0.1:5432/test',
    'postgresql://u:p@h/db?sslmode=disable',
  ]) {
    assert.deepEqual(parseDatabaseUrl(url), { engine: 'postgres', connectionString: url });
  }
});

test('unknown schemes and empty paths are usage errors (exit 2) that hide passwords', () => {
  for (const url of ['mysql://u:secret@h/db', 'piguard.db', 'sqlite:', '']) {
    assert.throws(
      () => parseDatabaseUrl(url),
      (err: unknown) =>
        err instanceof UsageError && err.exitCode === 2 && !err.message.includes('secret'),
      url,
    );
  }
});

test('redactUrl hides the password only', () => {
  assert.equal(redactUrl('postgres://u:secret@h:5432/db'), 'postgres://u:***@h:5432/db');
  assert.equal(redactUrl('postgres://u@h/db'), 'postgres://u@h/db');
});
