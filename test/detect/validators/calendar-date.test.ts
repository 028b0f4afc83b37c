import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isPlausibleBirthDate, isRealDate } from '../../../src/detect/validators/calendar-date.ts';

test('real dates follow the Gregorian leap rules', () => {
  assert.ok(isRealDate(2000, 2, 29));
  assert.ok(isRealDate(2024, 2, 29));
  assert.equal(isRealDate(1900, 2, 29), false);
  assert.equal(isRealDate(2023, 2, 29), false);
  assert.equal(isRealDate(2023, 4, 31), false);
  assert.equal(isRealDate(2023, 13, 1), false);
  assert.equal(isRealDate(2023, 0, 1), false);
  assert.equal(isRealDate(2023, 1, 0), false);
});

test('birth dates are between 1900 and today', () => {
  const today = new Date(Date.UTC(2026, 5, 15));
  assert.ok(isPlausibleBirthDate(1900, 1, 1, today));
  assert.ok(isPlausibleBirthDate(2026, 6, 15, today));
  assert.equal(isPlausibleBirthDate(2026, 6, 16, today), false);
  assert.equal(isPlausibleBirthDate(2026, 7, 1, today), false);
  assert.equal(isPlausibleBirthDate(2027, 1, 1, today), false);
  assert.equal(isPlausibleBirthDate(1899, 12, 31, today), false);
});
