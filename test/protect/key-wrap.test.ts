import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { unwrapKey, wrapKey } from '../../src/protect/key-wrap.ts';
import { PiguardError } from '../../src/core/errors.ts';

const master = randomBytes(32);
const secret = Buffer.from('PRIVATE+KEY+example+01234567+AAAA');

test('round trip', () => {
  const wrapped = wrapKey(master, 'audit-log-signer:x', secret);
  assert.ok(!wrapped.includes(secret));
  assert.deepEqual(unwrapKey(master, 'audit-log-signer:x', wrapped), secret);
});

test('wrong master key, wrong purpose and altered bytes are refused', () => {
  const wrapped = wrapKey(master, 'p', secret);
  assert.throws(() => unwrapKey(randomBytes(32), 'p', wrapped), PiguardError);
  assert.throws(() => unwrapKey(master, 'q', wrapped), /cannot unwrap the key for q/);
  const bad = Buffer.from(wrapped);
  bad[20] = (bad[20] ?? 0) ^ 1;
  assert.throws(() => unwrapKey(master, 'p', bad), PiguardError);
  assert.throws(() => unwrapKey(master, 'p', wrapped.subarray(0, 10)), /malformed/);
});

test('each wrap uses a fresh nonce', () => {
  assert.notDeepEqual(wrapKey(master, 'p', secret), wrapKey(master, 'p', secret));
});
