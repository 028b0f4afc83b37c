import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  GIVEN_NAME_CHARS,
  isCommonGivenName,
} from '../../../src/detect/lexicon/given-name-chars.ts';

test('typical given names are common, words mis-tagged as names are not', () => {
  for (const g of [
    '伟',
    '思思',
    '建国',
    '丽颖',
    '娜娜',
    '子轩',
    '雨涵',
    '懿轩',
    '书瑶',
    '天佑',
    '一诺',
  ]) {
    assert.ok(isCommonGivenName(g), g);
  }
  for (const g of ['谢', '请书', '体', '煮', '界', '', '卡号'])
    assert.equal(isCommonGivenName(g), false, g);
});

test('the table holds only Han characters', () => {
  assert.ok(GIVEN_NAME_CHARS.size > 500);
  for (const c of GIVEN_NAME_CHARS) assert.match(c, /^[\u4e00-\u9fff]$/);
});
