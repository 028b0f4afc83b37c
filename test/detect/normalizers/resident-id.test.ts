import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  normalizeResidentId,
  upgradeLegacyResidentId,
} from '../../../src/detect/normalizers/resident-id.ts';

test('separators go, the check character is upper-case', () => {
  assert.equal(normalizeResidentId('110105 19491231 002x'), '11010519491231002X');
  assert.equal(normalizeResidentId('1101-0519-4912-3100-2X'), '11010519491231002X');
});

test('15-digit numbers gain the century and a check character', () => {
  assert.equal(upgradeLegacyResidentId('110105491231002'), '11010519491231002X');
  assert.equal(upgradeLegacyResidentId('11010549123100'), undefined);
});
