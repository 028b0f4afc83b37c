import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  GB32100_ALPHABET,
  gb32100CheckChar,
  isValidGb32100,
} from '../../../src/detect/validators/gb32100-check.ts';

test('a published credit code validates', () => {
  assert.equal(gb32100CheckChar('91350100M000100Y4'), '3');
  assert.ok(isValidGb32100('91350100M000100Y43'));
});

test('the alphabet has 31 symbols without I, O, S, V, Z', () => {
  assert.equal(GB32100_ALPHABET.length, 31);
  for (const c of 'IOSVZ') assert.ok(!GB32100_ALPHABET.includes(c));
});

test('any single-character change is rejected', () => {
  const code = '91350100M000100Y43';
  for (let i = 0; i < 18; i++) {
    for (const c of GB32100_ALPHABET) {
      if (c === code[i]) continue;
      assert.equal(isValidGb32100(code.slice(0, i) + c + code.slice(i + 1)), false);
    }
  }
});

test('malformed input is rejected', () => {
  assert.equal(gb32100CheckChar('91350100M000100I4'), undefined);
  assert.equal(isValidGb32100('91350100m000100y43'), false);
  assert.equal(isValidGb32100('91350100M000100Y4'), false);
});
