import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ENGLISH_FAMILY_NAMES,
  ENGLISH_GIVEN_NAMES,
} from '../../../src/detect/lexicon/english-names.ts';

test('common given and family names are listed, lower-case', () => {
  for (const g of ['james', 'jennifer', 'kevin', 'grace', 'sophie', 'vivian']) {
    assert.ok(ENGLISH_GIVEN_NAMES.has(g), g);
  }
  for (const f of ['smith', 'johnson', 'walker', 'kim', 'tanaka']) {
    assert.ok(ENGLISH_FAMILY_NAMES.has(f), f);
  }
  for (const set of [ENGLISH_GIVEN_NAMES, ENGLISH_FAMILY_NAMES]) {
    for (const w of set) assert.match(w, /^[a-z]+$/);
  }
});

test('family names that are everyday words in place names are left out', () => {
  for (const w of ['park', 'hill', 'green', 'wood', 'stone', 'west', 'long', '']) {
    assert.equal(ENGLISH_FAMILY_NAMES.has(w), false, w);
  }
});
