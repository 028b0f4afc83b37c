import { test } from 'node:test';
import assert from 'node:assert/strict';
import { handleGoodsWords } from '../../src/monitor/handle-words.ts';

test('a handle branded with the goods names them', () => {
  assert.deepEqual(handleGoodsWords('料 @liao_boss_88'), ['liao']);
  assert.deepEqual(handleGoodsWords('⬇️ 找我 ⬇️ @ziyuan_duijie'), ['ziyuan']);
  assert.deepEqual(handleGoodsWords('mingdan_2025'), ['mingdan']);
  assert.deepEqual(handleGoodsWords('tg: zl_8866'), ['zl']);
});

test('ordinary handles and prose name no goods', () => {
  assert.deepEqual(handleGoodsWords('球鞋代购 @sneaker_hk'), []);
  assert.deepEqual(handleGoodsWords('微信 caiji_wang'), []);
  // Short words count only whole: "liaotian" is a chat, "database" a course, "leader" a person.
  assert.deepEqual(handleGoodsWords('liaotian_01 database_2024 @leader_01'), []);
  // A bare English word is prose, not a handle.
  assert.deepEqual(handleGoodsWords('big data course'), []);
});
