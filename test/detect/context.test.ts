import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  contextPolarity,
  contextWord,
  hasContext,
  nearestContext,
  NON_PERSONAL_NUMBER_WORDS,
  skipLabelFiller,
} from '../../src/detect/context.ts';
import { prepareText } from '../../src/detect/prepared-text.ts';

const span = (text: string, value: string) => {
  const start = text.indexOf(value);
  return [start, start + value.length] as const;
};

test('context words match in any case, width and script', () => {
  for (const text of ['手机号: 13800138000', '手機號：13800138000', 'TEL 13800138000']) {
    const p = prepareText(text);
    const [s, e] = span(p.folded, '13800138000');
    assert.ok(hasContext(p, s, e, ['手机', 'tel']), text);
  }
  const p = prepareText('电话13800138000 邮箱');
  assert.equal(contextWord(p, 2, 13, ['邮箱', '电话']), '电话');
  assert.deepEqual(nearestContext(p, 2, 13, ['邮箱']), {
    word: '邮箱',
    distance: 1,
    before: false,
  });
});

test('context counts only inside the window', () => {
  const text = '手机' + '。'.repeat(30) + '13800138000';
  const p = prepareText(text);
  const [s, e] = span(text, '13800138000');
  assert.equal(hasContext(p, s, e, ['手机']), false);
  assert.equal(hasContext(p, s, e, ['手机'], 40), true);
});

test('polarity: a nearer label decides; negatives only before the value', () => {
  const polarity = (text: string, value: string) => {
    const p = prepareText(text);
    const [s, e] = span(text, value);
    return contextPolarity(p, s, e, ['手机', '身份证', '卡号'], NON_PERSONAL_NUMBER_WORDS);
  };
  assert.equal(polarity('订单号 13800138000', '13800138000'), -1);
  assert.equal(polarity('手机 13800138000，订单号 123', '13800138000'), 1);
  assert.equal(polarity('身份证编号 123456', '123456'), 1);
  assert.equal(polarity('交易单号：354191495478942597 卡号', '354191495478942597'), -1);
  assert.equal(polarity('13800138000', '13800138000'), 0);
  assert.equal(polarity('银行卡号流水 6222021234567890128', '6222021234567890128'), -1);
  assert.equal(polarity('流水号对应的卡号 6222021234567890128', '6222021234567890128'), 1);
});

test('label filler is skipped, emoji included', () => {
  assert.equal(skipLabelFiller('微信号：abc_123', 2), 4);
  assert.equal(skipLabelFiller('vx 📞abc', 2), 5);
  assert.equal(skipLabelFiller('QQ號碼是 12345', 2), 6);
  assert.equal(skipLabelFiller('QQ12345', 2), 2);
});
