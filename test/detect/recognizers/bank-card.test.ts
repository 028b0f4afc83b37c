import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scanText } from '../../../src/detect/text-scanner.ts';
import { RecognizerRegistry } from '../../../src/detect/registry.ts';
import { bankCardRecognizer, isCardFamily } from '../../../src/detect/recognizers/bank-card.ts';
import { luhnCheckDigit } from '../../../src/detect/validators/luhn.ts';

const registry = new RecognizerRegistry([bankCardRecognizer]);
const found = (text: string) => scanText(text, { registry }).map((f) => f.text);
const card = (body: string) => body + luhnCheckDigit(body);

const UNIONPAY19 = card('622202123456789012'); // 6222021234567890128
const UNIONPAY16 = card('621700123456789');
const VISA = '4111111111111111';
const MC = '5500000000000004';

test('Luhn-valid cards of known families, in every writing', () => {
  const cases: [string, string][] = [
    [`卡号：${UNIONPAY19}`, UNIONPAY19],
    [UNIONPAY16, UNIONPAY16],
    [`card ${VISA}`, VISA],
    [`${MC}`, MC],
    ['银行卡 6222 0212 3456 7890 128', '6222 0212 3456 7890 128'],
    ['6222-0212-3456-7890-128', '6222-0212-3456-7890-128'],
    ['銀行卡：６２２２０２１２３４５６７８９０１２８', '６２２２０２１２３４５６７８９０１２８'],
    ['账号\n6222 0212\n3456 7890 128', '6222 0212\n3456 7890 128'],
    [`🏦${UNIONPAY19}。`, UNIONPAY19],
  ];
  for (const [text, value] of cases) assert.deepEqual(found(text), [value], text);
  assert.equal(scanText(cases[4]![0], { registry })[0]?.normalized, UNIONPAY19);
});

test('non-Luhn card numbers only next to a card word, at a lower score', () => {
  const bad = UNIONPAY19.slice(0, 18) + ((Number(UNIONPAY19[18]) + 1) % 10);
  assert.deepEqual(found(`借记卡 ${bad}`), [bad]);
  assert.ok(scanText(`借记卡 ${bad}`, { registry })[0]!.score < 0.7);
  assert.deepEqual(found(bad), []);
});

test('negatives: other families, serials, lengths, longer runs', () => {
  const bad = [
    card('123456789012345'), // no known issuer family
    card('202301011200001'), // timestamp-like
    `订单号 ${UNIONPAY19}`,
    `交易流水 ${VISA}`,
    `${UNIONPAY19}0`,
    card('41111111111111'), // 15 digits
    card('41111111111111111111'), // 21 digits
    `¥${VISA}`,
    `NO.${VISA}`.replace('NO.', 'ORD'),
  ];
  for (const text of bad) assert.deepEqual(found(text), [], text);
});

test('issuer families', () => {
  assert.ok(isCardFamily('6222021234567890128'));
  assert.ok(isCardFamily('4111111111111111'));
  assert.ok(isCardFamily('2221000000000009'));
  assert.equal(isCardFamily('1111111111111117'), false);
  assert.equal(isCardFamily('411111111111111'), false);
});

test('non-Luhn UnionPay numbers: passbooks, accounts, a card pointed at, the next item of a list', () => {
  // Built to fail Luhn: the last digit is the check digit plus one.
  const fail = (body: string) => body + ((Number(luhnCheckDigit(body)) + 1) % 10);
  const a = fail('621483000011112222');
  const b = fail('622848000099998888');
  const c = fail('623058000012345');
  const cases: [string, string[]][] = [
    [`存折号${a}对吗`, [a]],
    [`开户行：某某银行\u3000账号：${a}`, [a]],
    [`转到他名下账户 ${a}。`, [a]],
    [`老婆：${c} 这张是工资卡`, [c]],
    [`转你农行那张 ${a}`, [a]],
    [`工资发放至其名下 ${a}。`, [a]],
    [`借记卡 ${a}、${b}，都已冻结`, [a, b]],
    [`we only need the card number, e.g. ${a} is fine`, [a]],
  ];
  for (const [text, values] of cases) assert.deepEqual(found(text), values, text);
  assert.ok(scanText(`存折号${a}`, { registry })[0]!.score < 0.7);
});

test('non-Luhn numbers stay out without a card word before them, or with a serial word', () => {
  const fail = (body: string) => body + ((Number(luhnCheckDigit(body)) + 1) % 10);
  const a = fail('621483000011112222');
  const visa = fail('411111111111111');
  const bad = [
    `交易参考号 ${a}`,
    `订单号 ${a} 这张`,
    `${a}\n卡号：`,
    `账号 ${visa}`,
    `游戏账号 ${fail('123456789012345')}`,
    `批次 ${a}、${fail('622848000099998888')}`,
    `${a}、${fail('622848000099998888')}`,
  ];
  for (const text of bad) assert.deepEqual(found(text), [], text);
});

/** A number of the card's length that fails Luhn: the check digit moved by one. */
const failing = (c: string) => c.slice(0, -1) + ((Number(c.at(-1)) + 1) % 10);

test('a card column of a table labels every row, even numbers that fail Luhn', () => {
  const bad = failing(card('621483965274310'));
  const csv = `工号,姓名,开户行,工资卡号,实发\nA01,李明,工商银行,${UNIONPAY19},5200.00\nA02,王芳,农业银行,${bad},4800.00`;
  assert.deepEqual(found(csv), [UNIONPAY19, bad]);
  const fixed = `序号  姓名    银行卡号              金额\n1     李明    ${bad}      300.00`;
  assert.deepEqual(found(fixed), [bad]);
});

test('a column of business numbers is not a card column, though a number passes Luhn', () => {
  const serial = card('94123456789012345'); // 18 digits, old domestic family
  const tsv = `订单号\t商品\t数量\t金额\n${serial}\tSKU-1\t2\t99.00`;
  assert.deepEqual(found(tsv), []);
});

test('numbers called test, void or mistyped numbers are not reported when they fail Luhn', () => {
  const bad = failing(UNIONPAY16);
  const cases = [
    `测试卡号 ${bad} 已失效`,
    `作废卡号（校验错误）：${bad}`,
    `客户反馈卡号 ${bad} 无法绑定，经查为输入错误`,
    `样例数据（校验位错误，请勿使用）：卡号 ${bad}`,
  ];
  for (const text of cases) assert.deepEqual(found(text), [], text);
  // A real card stays a card whatever is said about it.
  assert.deepEqual(found(`这张卡 ${UNIONPAY16} 已失效`), [UNIONPAY16]);
  // A failing number with a card label and nothing against it is still reported.
  assert.deepEqual(found(`银行卡号：${bad}`), [bad]);
});

test('Mastercard numbers are 16 digits: longer 51–55 and 22–27 numbers are serials', () => {
  const long = card('52312345678901234'); // 18 digits
  assert.deepEqual(found(`${long}|28013.73|SUCCESS`), []);
  assert.deepEqual(found(`信用卡 ${MC}`), [MC]);
});

test('a table with a business column before the card column', () => {
  const bad = failing(card('621483965274310'));
  const csv = `流水号,姓名,银行卡号\n${card('94123456789012345')},李明,${bad}\n`;
  assert.deepEqual(found(csv), [bad]);
});
