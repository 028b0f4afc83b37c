import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  cnAreaCodeLength,
  isCnAreaCode,
  isCnLandline,
} from '../../../src/detect/validators/cn-landline.ts';

test('landlines with valid area codes and lengths', () => {
  assert.ok(isCnLandline('01012345678'));
  assert.ok(isCnLandline('02112345678'));
  assert.ok(isCnLandline('075588888888'));
  assert.equal(isCnLandline('05513248742'), true);
  assert.equal(isCnLandline('0101234567'), false);
  assert.equal(isCnLandline('06001234567'), false); // no area code 0600
  assert.equal(isCnLandline('13800138000'), false);
  assert.equal(isCnLandline('00861380013'), false);
  assert.equal(isCnLandline('0101234'), false);
});

test('area code length', () => {
  assert.equal(cnAreaCodeLength('01012345678'), 3);
  assert.equal(cnAreaCodeLength('02812345678'), 3);
  assert.equal(cnAreaCodeLength('075588888888'), 4);
});

test('area codes come from libphonenumber and are remembered', () => {
  assert.ok(isCnAreaCode('0755'));
  assert.ok(isCnAreaCode('0999'));
  assert.equal(isCnAreaCode('0600'), false);
  assert.ok(isCnAreaCode('0755'));
});
