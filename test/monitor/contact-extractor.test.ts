import { test } from 'node:test';
import assert from 'node:assert/strict';
import { contactKey, extractContacts } from '../../src/monitor/contact-extractor.ts';

const keys = (s: string): string[] => extractContacts(s).map(contactKey);

test('QQ numbers after any of their cue words, with separators between digits', () => {
  assert.deepEqual(keys('扣扣 8765 4321'), ['qq:87654321']);
  assert.deepEqual(keys('QQ号：100012345'), ['qq:100012345']);
  assert.deepEqual(keys('企鹅-1-2-3-4-5-6'), ['qq:123456']);
  assert.deepEqual(keys('要的扣我 9 8 7 1 2 3 4 5'), ['qq:98712345']);
});

test('QQ numbers after look-alike and sound-alike cues (口口, 寇寇), not after an idiom', () => {
  assert.deepEqual(keys('出⭐车⭐险 口口 1928374650'), ['qq:1928374650']);
  assert.deepEqual(keys('寇寇：2938475610'), ['qq:2938475610']);
  assert.deepEqual(keys('他口口声声说要还钱'), []);
});

test('WeChat ids after 芯 spellings of 信', () => {
  assert.deepEqual(keys('微芯 abc_12345'), ['wechat:abc_12345']);
});

test('QQ numbers written in Chinese numerals', () => {
  assert.deepEqual(keys('🐧：八八六七五四三二一'), ['qq:886754321']);
});

test('WeChat ids after homophone cues, lower-cased', () => {
  assert.deepEqual(keys('加V：abc_12345'), ['wechat:abc_12345']);
  assert.deepEqual(keys('薇❤ xyz20240'), ['wechat:xyz20240']);
  assert.deepEqual(keys('加Ｖ：ＡＢＣ＿１２３４５'), ['wechat:abc_12345']);
  assert.deepEqual(keys('微信同号13800138000'), ['wechat:13800138000']);
});

test('Telegram handles and t.me links', () => {
  assert.deepEqual(keys('飞机 @data_king88 或 https://t.me/zl_shop'), [
    'telegram:@data_king88',
    'telegram:@zl_shop',
  ]);
  assert.deepEqual(keys('TG：p2p_demo'), ['telegram:@p2p_demo']);
});

test('a bare @name is Telegram only when the post mentions Telegram', () => {
  assert.deepEqual(keys('回复 @someone_here 谢谢'), []);
  assert.deepEqual(keys('电报联系 @someone_here'), ['telegram:@someone_here']);
});

test('mobile numbers with separators; hotlines are told apart', () => {
  assert.deepEqual(keys('电话138-0013-8000'), ['phone:13800138000']);
  assert.deepEqual(keys('客服热线 400-123-4567 或 95511'), ['hotline:4001234567', 'hotline:95511']);
});

test('e-mail addresses are not handles, and each handle is reported once', () => {
  assert.deepEqual(keys('write to test@example.com'), []);
  assert.deepEqual(keys('QQ 100012345，再说一遍 QQ 100012345'), ['qq:100012345']);
});

test('spans point at the handle in the original text', () => {
  const text = '出资料 加Ｖ：ＡＢＣ＿１２３４５';
  const [c] = extractContacts(text);
  assert.ok(c);
  assert.equal(text.slice(c.start, c.end), 'ＡＢＣ＿１２３４５');
});

test('LINE ids after LINE or LINE ID, not in "online" nor without an id', () => {
  assert.deepEqual(keys('名單出售 LINE: tw_demo_list'), ['line:tw_demo_list']);
  assert.deepEqual(keys('有興趣請加 LINE ID：demo8866tw'), ['line:demo8866tw']);
  assert.deepEqual(keys('LINE：@list_demo_88'), ['line:list_demo_88']);
  assert.deepEqual(keys('需要完整名單請LINE我'), []);
  assert.deepEqual(keys('online shop 2024 open'), []);
});

test('contact apps under sound-alike names: 飞鸡 (spaced too), 危信, 加卫星, a satellite emoji', () => {
  assert.deepEqual(keys('有意者加 飞 鸡 @demo_kit'), ['telegram:@demo_kit']);
  assert.deepEqual(keys('加危信 demo_xinxi'), ['wechat:demo_xinxi']);
  assert.deepEqual(keys('加卫星 demo_zl_007'), ['wechat:demo_zl_007']);
  assert.deepEqual(keys('加🛰️ demo_hm9'), ['wechat:demo_hm9']);
  // A satellite in the news is no contact app.
  assert.deepEqual(keys('卫星 2024 年发射成功'), []);
});

test('a WeChat id typed with spaces between its characters, and a symbol inside "vx"', () => {
  assert.deepEqual(keys('v  ：  d e m o z l 8 0 8'), ['wechat:demozl808']);
  assert.deepEqual(keys('v❤️x：d e m o _ 2 0 2 5，加的时候备注'), ['wechat:demo_2025']);
  assert.deepEqual(keys('v.x: demo_seller88'), ['wechat:demo_seller88']);
  // Only runs of single characters are joined: two words are two things.
  assert.deepEqual(keys('微信 abc123 qq 12345678'), ['wechat:abc123', 'qq:12345678']);
});
