import { test } from 'node:test';
import assert from 'node:assert/strict';
import { normalizeAddress } from '../../../src/detect/normalizers/address.ts';

test('full-width digits, traditional characters and spaces are folded', () => {
  assert.equal(
    normalizeAddress('上海市 浦东新区 张江路１２３弄４号５０２室'),
    '上海市浦东新区张江路123弄4号502室',
  );
  assert.equal(
    normalizeAddress('臺北市大安區忠孝東路四段1號'),
    '台湾省台北市大安区忠孝东路四段1号',
  );
});

test('short division names are written in full', () => {
  assert.equal(normalizeAddress('广东深圳南山区科技园'), '广东省深圳市南山区科技园');
});

test('province and city are prefixed only when the first division determines them', () => {
  assert.equal(normalizeAddress('浦东新区张江路123弄'), '上海市浦东新区张江路123弄');
  // Beijing and Changchun both have a 朝阳区.
  assert.equal(normalizeAddress('朝阳区建国路88号'), '朝阳区建国路88号');
  assert.equal(normalizeAddress('中山路1号'), '中山路1号');
});

test('normalisation is idempotent', () => {
  for (const v of ['浦东新区张江路１２３弄', '广东深圳南山区科技园', '臺北市大安區']) {
    const once = normalizeAddress(v);
    assert.equal(normalizeAddress(once), once);
  }
});
