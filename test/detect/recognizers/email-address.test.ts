import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scanText } from '../../../src/detect/text-scanner.ts';
import { RecognizerRegistry } from '../../../src/detect/registry.ts';
import {
  emailAddressRecognizer,
  isRoleMailbox,
} from '../../../src/detect/recognizers/email-address.ts';

const registry = new RecognizerRegistry([emailAddressRecognizer]);
const found = (text: string) => scanText(text, { registry }).map((f) => f.text);

test('addresses in text', () => {
  const cases: [string, string[]][] = [
    ['邮箱：zhangsan@163.com', ['zhangsan@163.com']],
    ['郵箱 li.si+ins@qq.com。', ['li.si+ins@qq.com']],
    ['mail to Wang_Wu-88@Example.COM.CN, thanks', ['Wang_Wu-88@Example.COM.CN']],
    ['联系人zhangsan@163.com联系', ['zhangsan@163.com']],
    ['a@b.co 和 c.d@e-f.org.cn', ['a@b.co', 'c.d@e-f.org.cn']],
    ['ｚｈａｎｇ＠１６３．ｃｏｍ', ['ｚｈａｎｇ＠１６３．ｃｏｍ']],
    ['😀zhang@163.com😀', ['zhang@163.com']],
    ['<zhang@163.com>', ['zhang@163.com']],
    ['.zhang@163.com.', ['zhang@163.com']],
  ];
  for (const [text, values] of cases) assert.deepEqual(found(text), values, text);
  assert.deepEqual(
    scanText('A.B@QQ.COM', { registry }).map((f) => f.normalized),
    ['a.b@qq.com'],
  );
});

test('negatives', () => {
  const bad = [
    '@张三 你好',
    'user@localhost',
    'icon@2x.png',
    'foo@bar',
    'zhang.@163.com',
    '@163.com',
    'zhang@-163.com',
    'npm i @types/node',
  ];
  for (const text of bad) assert.deepEqual(found(text), [], text);
});

test('role mailboxes identify nobody and stay below the threshold', () => {
  const roles = [
    '客服邮箱：service@shop-example.cn',
    'To: booking@hotel-example.com',
    '如有疑问请发送邮件至 support@example.org',
    '收件人：kefu@bank-example.cn',
    'noreply@example.com',
    'no-reply@example.com',
    'info2@example.com',
    'admin_01@example.com',
  ];
  for (const text of roles) assert.deepEqual(found(text), [], text);
  // Still there for whoever lowers the threshold.
  assert.equal(scanText('kefu@example.cn', { registry, minScore: 0 }).length, 1);
  const people = [
    'zhang.wei@example.com',
    'service.li@example.com',
    'hr.wang@example.com',
    'kefu-zhangsan@example.cn',
    'infoli@example.com',
    '12345678@qq.com',
  ];
  for (const text of people) assert.deepEqual(found(text), [text], text);
  assert.ok(isRoleMailbox('Support@Example.com'));
  assert.ok(!isRoleMailbox('supportive.person@example.com'));
});
