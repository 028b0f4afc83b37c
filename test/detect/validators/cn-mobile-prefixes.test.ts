import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePhoneNumber } from 'awesome-phonenumber';
import {
  CN_MOBILE_PREFIXES,
  isCnMobileNumber,
} from '../../../src/detect/validators/cn-mobile-prefixes.ts';

test('the table covers every prefix libphonenumber calls mobile', () => {
  for (let p = 100; p < 200; p++) {
    const valid = ['12345678', '00000000', '98765432'].some((rest) => {
      const r = parsePhoneNumber(`${p}${rest}`, { regionCode: 'CN' });
      return r.valid && r.typeIsMobile;
    });
    if (valid) assert.ok(CN_MOBILE_PREFIXES.includes(String(p)), `prefix ${p}`);
  }
});

test('the table is the documented allocation', () => {
  const expected = /^1(?:3[0-9]|4[5-9]|5[0-35-9]|6[2567]|7[0-8]|8[0-9]|9[0-35-9])$/;
  for (let p = 100; p < 200; p++) {
    assert.equal(CN_MOBILE_PREFIXES.includes(String(p)), expected.test(String(p)), String(p));
  }
});

test('only 11 digits with an allocated prefix are mobile numbers', () => {
  assert.ok(isCnMobileNumber('13800138000'));
  assert.ok(isCnMobileNumber('19912345678'));
  assert.equal(isCnMobileNumber('12012345678'), false);
  assert.equal(isCnMobileNumber('15412345678'), false);
  assert.equal(isCnMobileNumber('1380013800'), false);
  assert.equal(isCnMobileNumber('138001380001'), false);
  assert.equal(isCnMobileNumber('1380013800a'), false);
});
