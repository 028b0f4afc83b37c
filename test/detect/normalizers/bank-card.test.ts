import { test } from 'node:test';
import assert from 'node:assert/strict';
import { normalizeBankCard } from '../../../src/detect/normalizers/bank-card.ts';

test('card numbers keep only their digits', () => {
  assert.equal(normalizeBankCard('6222-0212-3456-7890-128'), '6222021234567890128');
  assert.equal(normalizeBankCard('6222 0212\n3456 7890 128'), '6222021234567890128');
});
