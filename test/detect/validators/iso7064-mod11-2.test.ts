import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  iso7064Mod112CheckChar,
  isValidIso7064Mod112,
} from '../../../src/detect/validators/iso7064-mod11-2.ts';

test('known numbers carry the right check character', () => {
  assert.equal(iso7064Mod112CheckChar('11010519491231002'), 'X');
  assert.equal(iso7064Mod112CheckChar('44052419800101001'), '3');
  assert.ok(isValidIso7064Mod112('11010519491231002X'));
  assert.ok(isValidIso7064Mod112('11010519491231002x'));
  assert.ok(isValidIso7064Mod112('440524198001010013'));
});

test('any single-character change is rejected', () => {
  const id = '440524198001010013';
  for (let i = 0; i < 18; i++) {
    for (const c of '0123456789X') {
      if (c === id[i]) continue;
      const changed = id.slice(0, i) + c + id.slice(i + 1);
      assert.equal(isValidIso7064Mod112(changed), false, `position ${i} → ${c}`);
    }
  }
});

test('malformed input is rejected', () => {
  assert.equal(iso7064Mod112CheckChar('1101051949123100'), undefined);
  assert.equal(iso7064Mod112CheckChar('1101051949123100A'), undefined);
  assert.equal(isValidIso7064Mod112('11010519491231002'), false);
  assert.equal(isValidIso7064Mod112('11010519491231002XX'), false);
});
