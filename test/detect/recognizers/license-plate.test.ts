import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scanText } from '../../../src/detect/text-scanner.ts';
import { RecognizerRegistry } from '../../../src/detect/registry.ts';
import {
  licensePlateRecognizer,
  plausibleSerial,
} from '../../../src/detect/recognizers/license-plate.ts';

const registry = new RecognizerRegistry([licensePlateRecognizer]);
const found = (text: string) => scanText(text, { registry }).map((f) => f.text);

test('ordinary, new-energy and special plates', () => {
  const cases: [string, string[]][] = [
    ['车牌号：京A12345', ['京A12345']],
    ['粤B·8K888', ['粤B·8K888']],
    ['沪A 12345', ['沪A 12345']],
    ['苏E-D12345', ['苏E-D12345']],
    ['京AD12345', ['京AD12345']],
    ['浙A12345D', ['浙A12345D']],
    ['粤B1234学', ['粤B1234学']],
    ['京A1234警', ['京A1234警']],
    ['鲁A1234挂', ['鲁A1234挂']],
    ['粤Z1234港', ['粤Z1234港']],
    ['使014578', ['使014578']],
    ['車牌 川Ａ１２３４５', ['川Ａ１２３４５']],
  ];
  for (const [text, values] of cases) assert.deepEqual(found(text), values, text);
  assert.deepEqual(
    scanText('粤B·8K888', { registry }).map((f) => f.normalized),
    ['粤B8K888'],
  );
});

test('negatives', () => {
  const bad = ['京ABCDE1', '京I12345', '京A123456', '京A1234', '新ABCDE', '京a12345', '北A12345'];
  for (const text of bad) assert.deepEqual(found(text), [], text);
  assert.ok(plausibleSerial('8K888'));
  assert.equal(plausibleSerial('ABC12'), false);
});

test('plates with more letters than the scheme allows, next to a plate word or in a plate list', () => {
  assert.deepEqual(found('本人驾驶鄂A7KXB2在路口等红灯'), ['鄂A7KXB2']);
  assert.deepEqual(found('领队车牌 闽D·WXY28'), ['闽D·WXY28']);
  // One more item of a list whose other plates are well formed.
  assert.deepEqual(found('1、张三 浙B12345\n2、李四 浙BQTH61\n'), ['浙B12345', '浙BQTH61']);
});

test('negatives: an odd serial alone, or without a digit', () => {
  assert.deepEqual(found('产品编码 京AKXB27 已下架'), []);
  assert.deepEqual(found('我的车牌 京AABCDE'), []);
  assert.deepEqual(found('京AKXB27'), []);
});
