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

test('Hong Kong, Macao and Taiwan numbers after their country code', () => {
  const cases: [string, string[]][] = [
    ['Tel: +852 6123 4567', ['+852 6123 4567']],
    ['香港手機 +852 51234567。', ['+852 51234567']],
    ['00852-9876-5432', ['00852-9876-5432']],
    ['聯絡電話：(852) 2345 6789', ['(852) 2345 6789']],
    ['澳門電話 +853 6612 3456', ['+853 6612 3456']],
    ['台灣手機 +886 912 345 678', ['+886 912 345 678']],
    ['mobile +886 0912-345-678', ['+886 0912-345-678']],
    ['聯絡電話改為852-6123 4567。', ['852-6123 4567']],
    ['WhatsApp +85261234567', ['+85261234567']],
    ['0088609 1234 5678', ['0088609 1234 5678']],
  ];
  for (const [text, values] of cases) assert.deepEqual(found(text), values, text);
  assert.deepEqual(normalized('+852 6123 4567'), ['85261234567']);
  assert.deepEqual(normalized('+886 0912 345 678'), ['886912345678']);
});

test('bare local numbers only right after a phone label', () => {
  const cases: [string, string[]][] = [
    ['香港電話 61234567', ['61234567']],
    ['Phone: 9123 4567', ['9123 4567']],
    ['電話：0912-345-678', ['0912-345-678']],
    ['聯絡電話：02-2345-6789', ['02-2345-6789']],
    ['手机 139 0000 1111，台湾的是 0922334455', ['139 0000 1111', '0922334455']],
  ];
  for (const [text, values] of cases) assert.deepEqual(found(text), values, text);
  const bad = [
    '61234567',
    '852-61234567',
    '数量 61234567',
    '电话：12345678',
    '电话 01234567',
    '0912345678',
    '订单 +852 6123 4567',
    '+852 612 3456',
    '+852 6123 45678',
    '台湾的是 0922334455',
    '编号 02-2345-6789',
    '02-2345-6789',
    '电话 2023 0101 3',
  ];
  for (const text of bad) assert.deepEqual(found(text), [], text);
});

test('a courier named before the number does not make it a tracking number', () => {
  assert.deepEqual(found('快件由快递员李四（13912345678）派送'), ['13912345678']);
  assert.deepEqual(found('快递单号 13912345678'), []);
});

test('table cells: a full-width space or a tab ends a number', () => {
  assert.deepEqual(found('李四\u3000京A 12345\u3000139 1234 5678\u3000车位B-12'), [
    '139 1234 5678',
  ]);
  assert.deepEqual(found('12345\t139 1234 5678'), ['139 1234 5678']);
  // The same separator throughout is one number written in chunks.
  assert.deepEqual(found('手机\u3000139\u30001234\u30005678'), ['139\u30001234\u30005678']);
});

test('an identity number broken by a line break holds no phone', () => {
  // 13010219850 alone would be a mobile (130 is allocated).
  assert.deepEqual(found('身份证号码13010219850\n6121234'), []);
  assert.deepEqual(found('身份证号码13912345678\n1234567'), ['13912345678']);
});

test("other countries' numbers after + and their country code", () => {
  const cases: [string, string[]][] = [
    ['Call me on +44 20 7946 0958 tomorrow', ['+44 20 7946 0958']],
    ['US office: +1 415-555-0123', ['+1 415-555-0123']],
    ['mobile +6591234567', ['+6591234567']],
  ];
  for (const [text, values] of cases) assert.deepEqual(found(text), values, text);
  assert.deepEqual(normalized('+44 20 7946 0958'), ['442079460958']);
  // One block of digits after "+" may be a signed quantity; an invalid number is not a phone.
  for (const text of ['涨幅 +12345678901', '+99 1234 5678', '+44 12']) {
    assert.deepEqual(found(text), [], text);
  }
});

test('Singapore numbers with the country code in parentheses', () => {
  assert.deepEqual(found('M: (65) 9123-4567'), ['(65) 9123-4567']);
  assert.deepEqual(found('Phone: (+65) 6234 5678'), ['(+65) 6234 5678']);
});

test('eight-digit numbers after the one-letter labels of a signature', () => {
  assert.deepEqual(found('Chan Tai Man\nT: 2345 6789\nE: tm@example.hk'), ['2345 6789']);
  assert.deepEqual(found('Mob. 9123 4567'), ['9123 4567']);
  // Mid-line, or a number a phone does not start with, it is no phone.
  assert.deepEqual(found('套餐 T: 2345 6789'), []);
  assert.deepEqual(found('T: 1234 5678'), []);
});

test('a mobile right after a plate or another code in the same run of digits', () => {
  assert.deepEqual(found('1、王五 沪BD12345 176 2175 8714'), ['176 2175 8714']);
});

test('a phone column labels landlines that a bare number would not show', () => {
  const csv = '编号,公司名称,联系人,联系电话\nS01,某某商贸有限公司,张伟,053295617771\n';
  assert.deepEqual(found(csv), ['053295617771']);
  // The same number under another column is not taken.
  assert.deepEqual(found('编号,公司名称,备注\nS01,某某商贸有限公司,053295617771\n'), []);
});
