import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Recognizer } from '../../src/detect/recognizer.ts';
import { RecognizerRegistry } from '../../src/detect/registry.ts';
import { monitorPost, toPostRecord } from '../../src/monitor/post-monitor.ts';

const phones: Recognizer = {
  name: 'test-phone',
  type: 'PHONE_NUMBER',
  recognize: (t) =>
    [...t.folded.matchAll(/1[3-9]\d{9}/g)].map((m) => ({
      start: m.index,
      end: m.index + m[0].length,
      score: 0.9,
    })),
};
const registry = new RecognizerRegistry([phones]);

test('the record has the contract keys in contract order, signals appended', () => {
  const r = toPostRecord(monitorPost({ id: 'a1', text: '出车主资料 加V：car_demo01' }));
  assert.deepEqual(Object.keys(r), ['id', 'label', 'score', 'contacts', 'pii_types', 'signals']);
  assert.equal(r.label, 'pi_trade');
  assert.deepEqual(r.contacts, ['wechat:car_demo01']);
});

test('flagged posts get samples; other posts are not scanned unless asked', () => {
  const ad = monitorPost(
    { id: '1', text: '出股民资料，样本 13900139001，Q 100012345' },
    { registry },
  );
  assert.deepEqual(ad.piiTypes, ['PHONE_NUMBER']);
  const chat = { id: '2', text: '今天整理通讯录，发现 13900139009 和 13900139008 都停机了' };
  assert.deepEqual(monitorPost(chat, { registry }).piiTypes, []);
  assert.deepEqual(monitorPost(chat, { registry, scanAll: true }).piiTypes, ['PHONE_NUMBER']);
});
