import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isValidLuhn, luhnCheckDigit } from '../../../src/detect/validators/luhn.ts';

test('well-known test card numbers pass', () => {
  for (const n of ['4111111111111111', '5500000000000004', '6011000000000004', '79927398713']) {
    assert.ok(isValidLuhn(n), n);
  }
});

test('a wrong last digit fails, the computed one passes', () => {
  assert.equal(isValidLuhn('4111111111111112'), false);
  assert.equal(luhnCheckDigit('622202123456789012'), '8');
  assert.ok(isValidLuhn('6222021234567890128'));
});

test('every single-digit change fails', () => {
  const n = '6222021234567890128';
  for (let i = 0; i < n.length; i++) {
    for (let d = 0; d <= 9; d++) {
      if (String(d) === n[i]) continue;
      assert.equal(isValidLuhn(n.slice(0, i) + d + n.slice(i + 1)), false);
    }
  }
});

test('non-digits and too short input fail', () => {
  assert.equal(isValidLuhn('4111-1111-1111-1111'), false);
  assert.equal(isValidLuhn('0'), false);
  assert.throws(() => luhnCheckDigit('12a'));
});
