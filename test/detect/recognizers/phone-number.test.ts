import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scanText } from '../../../src/detect/text-scanner.ts';
import { RecognizerRegistry } from '../../../src/detect/registry.ts';
import { phoneNumberRecognizer } from '../../../src/detect/recognizers/phone-number.ts';

const registry = new RecognizerRegistry([phoneNumberRecognizer]);
const found = (text: string) => scanText(text, { registry }).map((f) => f.text);
const normalized = (text: string) => scanText(text, { registry }).map((f) => f.normalized);

test('mobiles in every supported writing', () => {
  const cases: [string, string[]][] = [
    ['手机：13800138000', ['13800138000']],
    ['13800138000', ['13800138000']],
    ['联系 138 0013 8000 谢谢', ['138 0013 8000']],
    ['联系 138-0013-8000', ['138-0013-8000']],
    ['联系 138.0013.8000', ['138.0013.8000']],
    ['+86 138 0013 8000', ['+86 138 0013 8000']],
    ['+86-13800138000', ['+86-13800138000']],
    ['+8613800138000', ['+8613800138000']],
    ['0086 13800138000', ['0086 13800138000']],
    ['86-13800138000', ['86-13800138000']],
    ['(+86)13800138000', ['(+86)13800138000']],
    ['手机 138-0013 8000', ['138-0013 8000']],
    ['手機：１３８００１３８０００', ['１３８００１３８０００']],
    ['電話\n138\n0013\n8000', ['138\n0013\n8000']],
    ['😀13800138000😀', ['13800138000']],
    ['「13800138000」', ['13800138000']],
    ['Tel13800138000', ['13800138000']],
    ['13800138000 13900139000', ['13800138000', '13900139000']],
    ['138-0013-8000 139-0013-9000', ['138-0013-8000', '139-0013-9000']],
    ['14512345678,16612345678,19912345678', ['14512345678', '16612345678', '19912345678']],
  ];
  for (const [text, values] of cases) assert.deepEqual(found(text), values, text);
});

test('normalised to 11 digits without the country code', () => {
  assert.deepEqual(normalized('+86 138-0013-8000'), ['13800138000']);
  assert.deepEqual(normalized('0086 13800138000'), ['13800138000']);
  assert.deepEqual(normalized('电话 (0755) 8888 8888'), ['075588888888']);
});

test('landlines: strict writing or context', () => {
  const cases: [string, string[]][] = [
    ['电话 010-12345678', ['010-12345678']],
    ['010-12345678', ['010-12345678']],
    ['0755 8888 8888', ['0755 8888 8888']],
    ['(021)12345678', ['(021)12345678']],
    ['（０２１）１２３４５６７８', ['（０２１）１２３４５６７８']],
    ['座机：02112345678', ['02112345678']],
    ['02162345678', ['02162345678']],
    ['02112345678', []],
    ['02102345678', []],
    ['寄件人：张三 075512345678', ['075512345678']],
    ['编号 010-12345678', []],
  ];
  for (const [text, values] of cases) assert.deepEqual(found(text), values, text);
});

test('negatives: serials, amounts, longer runs, codes', () => {
  const bad = [
    '订单号 13800138000',
    '流水号：13800138000',
    '快递单号 13800138000',
    '金额¥13,800,138,000.00',
    '¥13800138000',
    '13800138000元',
    '13800138000.00',
    '12345678901234567890',
    '2023138001380001234',
    '1380013800012',
    '2023-13800138000',
    'SF13800138000',
    '13800138000abc',
    '12012345678',
    '20230101120000',
    '1380013800',
  ];
  for (const text of bad) assert.deepEqual(found(text), [], text);
});

test('scores follow context', () => {
  const score = (t: string) => scanText(t, { registry, minScore: 0 })[0]?.score ?? 0;
  assert.ok(score('手机 13800138000') >= 0.95);
  assert.ok(score('13800138000') >= 0.75 && score('13800138000') < 0.95);
  assert.ok(score('订单号 13800138000') < 0.5);
  assert.ok(score('138\n0013\n8000') < score('138 0013 8000'));
});
