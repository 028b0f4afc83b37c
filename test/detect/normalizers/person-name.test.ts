import { test } from 'node:test';
import assert from 'node:assert/strict';
import { normalizePersonName } from '../../../src/detect/normalizers/person-name.ts';

test('spaces, full-width forms and traditional characters are normalised away', () => {
  assert.equal(normalizePersonName(' 張 偉 '), '张伟');
  assert.equal(normalizePersonName('欧阳\u3000娜娜'), '欧阳娜娜');
  assert.equal(normalizePersonName('陳思思'), '陈思思');
});

test('middle-dot variants become U+00B7', () => {
  for (const v of [
    '阿卜杜·热合曼',
    '阿卜杜 • 热合曼',
    '阿卜杜・热合曼',
    '阿卜杜.热合曼',
    '阿卜杜‧热合曼',
  ]) {
    assert.equal(normalizePersonName(v), '阿卜杜\u00B7热合曼', v);
  }
});

test('romanised names are lower-case with single spaces', () => {
  assert.equal(normalizePersonName('ZHANG  Wei'), 'zhang wei');
  assert.equal(normalizePersonName('Ｚｈａｎｇ Ｗｅｉ'), 'zhang wei');
});

test('normalisation is idempotent', () => {
  for (const v of [' 張 偉 ', '阿卜杜 • 热合曼', 'ZHANG  Wei', '欧阳娜娜']) {
    const once = normalizePersonName(v);
    assert.equal(normalizePersonName(once), once);
  }
});
