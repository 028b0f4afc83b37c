import { test } from 'node:test';
import assert from 'node:assert/strict';
import { foldTraditional, simplifiedCode } from '../../../src/detect/lexicon/traditional-chars.ts';

test('traditional lexicon characters fold to simplified, length kept', () => {
  assert.equal(foldTraditional('臺北市大安區忠孝東路四段1號'), '台北市大安区忠孝东路四段1号');
  assert.equal(foldTraditional('廣東省廣州市'), '广东省广州市');
  assert.equal(foldTraditional('聯繫人：劉德華'), '联系人：刘德华');
  assert.equal(foldTraditional('客戶經理'), '客户经理');
  const s = '臺北 abc 😀 區';
  assert.equal(foldTraditional(s).length, s.length);
});

test('simplified and unrelated text is returned unchanged', () => {
  const s = '客户张伟 13800138000 hello';
  assert.equal(foldTraditional(s), s);
  assert.equal(foldTraditional(''), '');
  assert.equal(simplifiedCode(0x41), 0x41);
  assert.equal(String.fromCharCode(simplifiedCode('號'.charCodeAt(0))), '号');
});
