import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeBase64Strict } from '../../src/audit/strict-base64.ts';

test('canonical base64 decodes; every other spelling is refused', () => {
  assert.deepEqual(decodeBase64Strict(''), Buffer.alloc(0));
  assert.deepEqual(decodeBase64Strict('AAE='), Buffer.from([0, 1]));
  assert.deepEqual(decodeBase64Strict('+/8='), Buffer.from([0xfb, 0xff]));
  for (const bad of ['AAE', 'AAF=', 'AA E=', 'AAE=\n', '-_8=', 'AAE==', '=AAE', 'A===']) {
    assert.equal(decodeBase64Strict(bad), undefined, JSON.stringify(bad));
  }
});
