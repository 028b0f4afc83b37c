import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CN_PROVINCE_CODES,
  isCnProvinceCode,
  regionCodeLevel,
} from '../../../src/detect/validators/cn-region-codes.ts';

test('province codes are the GB/T 2260 set', () => {
  assert.equal(CN_PROVINCE_CODES.size, 35);
  for (const c of ['11', '15', '21', '23', '31', '37', '41', '46', '50', '54', '61', '65', '71']) {
    assert.ok(isCnProvinceCode(c), c);
  }
  for (const c of ['00', '10', '16', '20', '24', '30', '38', '40', '47', '55', '60', '66', '99']) {
    assert.equal(isCnProvinceCode(c), false, c);
  }
});

test('levels: current county, known prefecture, province only, invalid', () => {
  assert.equal(regionCodeLevel('110105'), 3); // 北京市朝阳区
  assert.equal(regionCodeLevel('440305'), 3); // 深圳市南山区
  assert.equal(regionCodeLevel('110104'), 2); // 宣武区, merged in 2010
  assert.equal(regionCodeLevel('119999'), 1);
  assert.equal(regionCodeLevel('810000'), 2);
  assert.equal(regionCodeLevel('990101'), 0);
});
