import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as OpenCC from 'opencc-js';
import {
  simplifiedCharPairs,
  simplifiedUnit,
} from '../../../src/detect/normalizers/simplified-chars.ts';
import { contextForm, simplifyChars } from '../../../src/detect/prepared-text.ts';

/**
 * The question prepared-text.ts used to ask OpenCC for every character it met: the first of the
 * standard and Hong Kong character dictionaries that turns it into one other character.
 */
function openCCSays(convert: ((s: string) => string)[], code: number): number {
  const c = String.fromCharCode(code);
  for (const f of convert) {
    const o = f(c);
    if (o.length === 1 && o.charCodeAt(0) !== code) return o.charCodeAt(0);
  }
  return code;
}

test('the table is what the installed OpenCC says, for every unit from U+3400', () => {
  const convert = (['t', 'hk'] as const).map((from) => OpenCC.Converter({ from, to: 'cn' }));
  const differences: string[] = [];
  for (let code = 0x3400; code <= 0xffff; code++) {
    const expected = openCCSays(convert, code);
    if (simplifiedUnit(code) !== expected) differences.push(code.toString(16));
  }
  assert.deepEqual(differences, []);
});

test('units below U+3400 and simplified characters are their own simplified form', () => {
  for (const c of ['a', 'Z', '1', '，', '：', '机', '号', '码']) {
    assert.equal(simplifiedUnit(c.charCodeAt(0)), c.charCodeAt(0), c);
  }
  assert.equal(String.fromCharCode(simplifiedUnit('機'.charCodeAt(0))), '机');
  assert.equal(String.fromCharCode(simplifiedUnit('碼'.charCodeAt(0))), '码');
});

test('every pair maps one traditional character to one other character', () => {
  const pairs = simplifiedCharPairs();
  assert.ok(pairs.length > 3000);
  assert.equal(new Set(pairs.map(([t]) => t)).size, pairs.length);
  for (const [t, s] of pairs) assert.ok(t.length === 1 && s.length === 1 && t !== s, t);
});

test('context forms keep their length and simplify through the table', () => {
  assert.equal(simplifyChars('手機號碼'), '手机号码');
  assert.equal(contextForm('身份證號碼 TEL'), '身份证号码 tel');
  const mixed = '聯繫電話：１３８，銀行帳戶 ID';
  assert.equal(contextForm(mixed).length, mixed.length);
});
