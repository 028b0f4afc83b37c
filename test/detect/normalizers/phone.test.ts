import { test } from 'node:test';
import assert from 'node:assert/strict';
import { normalizePhone } from '../../../src/detect/normalizers/phone.ts';

test('mobiles become 11 digits without the country code', () => {
  assert.equal(normalizePhone('+86 138-0013-8000'), '13800138000');
  assert.equal(normalizePhone('0086 13800138000'), '13800138000');
  assert.equal(normalizePhone('86-13800138000'), '13800138000');
  assert.equal(normalizePhone('138.0013.8000'), '13800138000');
});

test('landlines keep the area code with its 0', () => {
  assert.equal(normalizePhone('(0755) 8888 8888'), '075588888888');
  assert.equal(normalizePhone('010-12345678'), '01012345678');
});

test('anything else is not a phone', () => {
  assert.equal(normalizePhone('12345'), undefined);
  assert.equal(normalizePhone('23800138000'), undefined);
});
