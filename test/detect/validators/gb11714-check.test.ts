import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isValidGb11714 } from '../../../src/detect/validators/gb11714-check.ts';

test('organisation codes inside valid credit codes validate', () => {
  assert.ok(isValidGb11714('M000100Y4'));
  assert.equal(isValidGb11714('M000100Y5'), false);
  assert.equal(isValidGb11714('M000100Y'), false);
  assert.equal(isValidGb11714('m000100y4'), false);
});

test('check value 10 is X and 11 is 0', () => {
  // Find bodies whose check is X and 0 and verify both spellings are the only accepted ones.
  const find = (want: string) => {
    for (let n = 0; n < 100000; n++) {
      const body = String(n).padStart(8, '0');
      if (isValidGb11714(body + want)) return body;
    }
    return undefined;
  };
  const x = find('X');
  const zero = find('0');
  assert.ok(x && zero);
  assert.equal(isValidGb11714(x + '0'), false);
});
