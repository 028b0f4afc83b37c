import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scanText } from '../../../src/detect/text-scanner.ts';
import { RecognizerRegistry } from '../../../src/detect/registry.ts';
import { qqNumberRecognizer } from '../../../src/detect/recognizers/qq-number.ts';

const registry = new RecognizerRegistry([qqNumberRecognizer]);
const found = (text: string) => scanText(text, { registry }).map((f) => f.text);

test('numbers right after a QQ word', () => {
  const cases: [string, string[]][] = [
    ['QQ：123456789', ['123456789']],
    ['qq号 12345', ['12345']],
    ['加QQ12345678', ['12345678']],
    ['扣扣：98765432', ['98765432']],
    ['企鹅号 2890123456', ['2890123456']],
    ['QQ号码是 10001', ['10001']],
    ['ＱＱ：１２３４５６７８９', ['１２３４５６７８９']],
  ];
  for (const [text, values] of cases) assert.deepEqual(found(text), values, text);
});

test('negatives: no QQ word, groups, mailboxes, wrong lengths', () => {
  const bad = [
    '123456789',
    '订单 123456789',
    'QQ群：123456789',
    'QQ邮箱 123456@qq.com',
    'QQ 1234',
    'QQ 012345',
    'QQ 123456789012',
    'QQ音乐 会员',
  ];
  for (const text of bad) assert.deepEqual(found(text), [], text);
});

test('numbers joined to the QQ word by a verb', () => {
  const cases: [string, string[]][] = [
    ['账号是QQ登录的 123456789', ['123456789']],
    ['授权码发你QQ了 5566778 请查收', ['5566778']],
    ['我QQ就是 98765432', ['98765432']],
    ['QQ/微信：23456789', ['23456789']],
    ['QQ（微信同号）：34567890', ['34567890']],
    ['出售资料 Q：45678901 微信同号', ['45678901']],
  ];
  for (const [text, values] of cases) assert.deepEqual(found(text), values, text);
  const bad = [
    'Q1: 12345678',
    'FAQ: 12345678',
    'Q: what is 12345',
    'QQ群（内部）：12345678',
    'QQ登录的用户有12345678个',
    'QQ了 10000元',
    '发你QQ了 2023年',
    'QQ会员 12个月',
  ];
  for (const text of bad) assert.deepEqual(found(text), [], text);
});

test('a QQ column of a sign-up sheet or export', () => {
  const csv = '昵称,姓名,QQ号,邮箱\n阿木,张伟,284561937,zw@example.com\n小鱼,李娜,52371,\n';
  assert.deepEqual(found(csv), ['284561937', '52371']);
  const pipe = '| 姓名 | QQ | 备注 |\n|---|---|---|\n| 张伟 | 1928374650 | 组长 |';
  assert.deepEqual(found(pipe), ['1928374650']);
});

test('negatives: group and mailbox columns, cells that are no QQ number', () => {
  const bad = [
    '群名,QQ群号,人数\n羽毛球,512345678,300',
    '姓名,QQ邮箱,电话\n张伟,284561937@qq.com,无',
    '姓名,QQ号,备注\n张伟,未填写,无\n李娜,0123456,无',
  ];
  for (const text of bad) assert.deepEqual(found(text), [], text);
});

test('numbers joined to the QQ word by "联系" or "加"', () => {
  const cases: [string, string[]][] = [
    ['老客户只用QQ联系：928374615', ['928374615']],
    ['QQ也可以加 73920461', ['73920461']],
  ];
  for (const [text, values] of cases) assert.deepEqual(found(text), values, text);
});
