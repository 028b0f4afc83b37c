import { test } from 'node:test';
import assert from 'node:assert/strict';
import { simplifyChars, toMatchingView } from '../../src/monitor/matching-view.ts';

test('traditional characters are simplified one for one', () => {
  assert.equal(simplifyChars('長期出售車主資料，貸款客戶名單'), '长期出售车主资料，贷款客户名单');
  assert.equal(simplifyChars('已经是简体'), '已经是简体');
});

test('the view folds width and case and keeps the length, index for index', () => {
  for (const s of ['ＶＸ：長期', 'QQ 號碼 😀 資料', '']) {
    const v = toMatchingView(s);
    assert.equal(v.length, s.length, s);
  }
  assert.equal(toMatchingView('ＶＸ：長期'), 'vx:长期');
});
