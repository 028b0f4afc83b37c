import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { EnvKeyProvider } from '../../src/protect/env-key-provider.ts';
import { KeyFileProvider } from '../../src/protect/key-file-provider.ts';
import { decodeMasterKey } from '../../src/protect/key-provider.ts';
import { resolveKeyProvider } from '../../src/protect/resolve-key-provider.ts';

const key = randomBytes(32);

test('decodeMasterKey accepts 32 bytes in hex or base64 only', () => {
  assert.deepEqual(decodeMasterKey(key.toString('hex')), key);
  assert.deepEqual(decodeMasterKey(key.toString('base64')), key);
  assert.deepEqual(decodeMasterKey(key.toString('base64url')), key);
  assert.equal(decodeMasterKey(randomBytes(16).toString('hex')), undefined);
  assert.equal(decodeMasterKey('not a key'), undefined);
});

test('EnvKeyProvider reads PIGUARD_MASTER_KEY and never echoes a bad value', async () => {
  assert.deepEqual(
    await new EnvKeyProvider({ PIGUARD_MASTER_KEY: key.toString('hex') }).getMasterKey(),
    key,
  );
  await assert.rejects(
    new EnvKeyProvider({ PIGUARD_MASTER_KEY: 'secret-ish' }).getMasterKey(),
    (e: Error) => !e.message.includes('secret-ish'),
  );
});

test('KeyFileProvider creates a 0600 file and refuses group/world-readable ones', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'piguard-key-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const p = new KeyFileProvider(join(dir, 'piguard.key'));
  assert.equal(p.exists(), false);
  await assert.rejects(p.getMasterKey(), /not found/);
  p.create();
  assert.equal(statSync(p.path).mode & 0o777, 0o600);
  const k = await p.getMasterKey();
  assert.equal(k.length, 32);
  assert.throws(() => p.create(), /EEXIST/);
  chmodSync(p.path, 0o644);
  await assert.rejects(p.getMasterKey(), /readable by group or others \(mode 0644\).*chmod 600/);
  const garbage = join(dir, 'bad.key');
  writeFileSync(garbage, 'hello\n', { mode: 0o600 });
  await assert.rejects(new KeyFileProvider(garbage).getMasterKey(), /does not hold 32 bytes/);
});

test('resolveKeyProvider prefers the environment', () => {
  assert.equal(
    resolveKeyProvider({ PIGUARD_MASTER_KEY: key.toString('hex') }).source,
    'PIGUARD_MASTER_KEY',
  );
  assert.equal(resolveKeyProvider({ PIGUARD_KEY_FILE: '/x/k' }).source, '/x/k');
  assert.equal(resolveKeyProvider({}).source, './piguard.key');
});
