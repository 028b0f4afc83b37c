import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  contextForm,
  foldWidth,
  prepareText,
  simplifyChars,
} from '../../src/detect/prepared-text.ts';

test('folding and context forms keep the length, index for index', () => {
  const text = '手機：１３８　００１３ ８０００ 😀 身份證 ＡＢＣ';
  const p = prepareText(text);
  assert.equal(p.folded.length, text.length);
  assert.equal(p.contextText.length, text.length);
  assert.equal(p.folded, '手機:138 0013 8000 😀 身份證 ABC');
  assert.equal(p.contextText, '手机:138 0013 8000 😀 身份证 abc');
});

test('traditional characters become simplified one by one', () => {
  assert.equal(simplifyChars('手機號碼'), '手机号码');
  assert.equal(simplifyChars('銀行卡 郵箱 電話'), '银行卡 邮箱 电话');
  assert.equal(simplifyChars('plain ascii'), 'plain ascii');
  assert.equal(contextForm('Tel 電話'), 'tel 电话');
  assert.equal(foldWidth('ｑｑ：１２３'), 'qq:123');
});
