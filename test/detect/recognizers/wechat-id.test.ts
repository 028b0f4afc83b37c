import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scanText } from '../../../src/detect/text-scanner.ts';
import { RecognizerRegistry } from '../../../src/detect/registry.ts';
import { wechatIdRecognizer } from '../../../src/detect/recognizers/wechat-id.ts';

const registry = new RecognizerRegistry([wechatIdRecognizer]);
const found = (text: string) => scanText(text, { registry }).map((f) => f.text);

test('ids after a WeChat word, and wxid_ ids alone', () => {
  const cases: [string, string[]][] = [
    ['微信号：zhang_san88', ['zhang_san88']],
    ['微信 zhangsan1990', ['zhangsan1990']],
    ['加V信 abc-123456', ['abc-123456']],
    ['wx: lisi_2020', ['lisi_2020']],
    ['VX：wangwu666', ['wangwu666']],
    ['薇信 maoyi_8888', ['maoyi_8888']],
    ['WeChat ID: Tom_Lee99', ['Tom_Lee99']],
    ['微信号：zhangsan', ['zhangsan']],
    ['wxid_abc123def456', ['wxid_abc123def456']],
    ['v:data_seller01', ['data_seller01']],
  ];
  for (const [text, values] of cases) assert.deepEqual(found(text), values, text);
});

test('negatives', () => {
  const bad = [
    'zhang_san88',
    '微信支付',
    '微信 support',
    '微信 abc12',
    '微信 1abcdefg',
    '微信：a1234567890123456789012',
    'v1.2.3 release',
    'wxid_ab',
  ];
  for (const text of bad) assert.deepEqual(found(text), [], text);
});

test('ids joined to the WeChat word by a verb, and spaced-out form captions', () => {
  const cases: [string, string[]][] = [
    ['我微信就是 lin_2024', ['lin_2024']],
    ['你微信还是Jack_wu88吧', ['Jack_wu88']],
    ['好的 加你微信了 我的是 sunny1988', ['sunny1988']],
    ['my wechat is tom_lee99 and phone', ['tom_lee99']],
    ['My WeChat is linxiaoyu ok', ['linxiaoyu']],
    ['微\u3000\u3000信：ab8888\n地址', ['ab8888']],
    ['报名人：某某 / 微信 linxiaoyu', ['linxiaoyu']],
    ['微信 qingfeng，电话另发', ['qingfeng']],
    ['有事加我微信 LilyChen\n谢谢', ['LilyChen']],
    ['微信搜 zhang_2020 加我', ['zhang_2020']],
  ];
  for (const [text, values] of cases) assert.deepEqual(found(text), values, text);
  const bad = [
    'wechat is awesome',
    '我用微信了 thanks',
    '微信 support',
    '微信 Official 账号',
    '微信 payment\n',
    '打开微信 settings，点击隐私',
    '刚加了微信 hahaha',
    '关注微信 Official\n',
    '微信 SETTINGS。',
    '微信 HELLOWORLD',
    '用微信 iPhone',
    '微信是一个聊天软件',
    '微信 abcdefg 和 hijklmn 是两个词',
  ];
  for (const text of bad) assert.deepEqual(found(text), [], text);
});

test('a WeChat column of a contact export', () => {
  const csv =
    '姓名,微信号,邮箱\n张伟,zhangwei_1988,zw@example.com\n李娜,lina-0731,\n王强,wxid_k3j9x2m7q1,\n';
  assert.deepEqual(found(csv), ['zhangwei_1988', 'lina-0731', 'wxid_k3j9x2m7q1']);
});

test('negatives: notes in a WeChat column, group and nickname columns', () => {
  const bad = [
    '姓名,微信号,备注\n张伟,pending,无\n李娜,none,无',
    '群名称,微信群,人数\n车友会,cheyou_2024,200',
    '姓名,微信昵称,电话\n张伟,sunny_day88,无',
  ];
  for (const text of bad) assert.deepEqual(found(text), [], text);
});

test('ids joined to the WeChat word by a verb', () => {
  const cases: [string, string[]][] = [
    ['手机打不通的话微信也可以加 tiantian-521', ['tiantian-521']],
    ['售后请微信联系：kefu_zhao01', ['kefu_zhao01']],
  ];
  for (const [text, values] of cases) assert.deepEqual(found(text), values, text);
});
