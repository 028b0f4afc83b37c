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
