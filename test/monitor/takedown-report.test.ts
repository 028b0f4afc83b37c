import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { MonitoredPost } from '../../src/monitor/post-monitor.ts';
import { buildTakedownReport, renderTakedownMarkdown } from '../../src/monitor/takedown-report.ts';

const post = (
  id: string,
  label: 'pi_trade' | 'other',
  contacts: string[],
  score = 0.9,
): MonitoredPost => ({
  id,
  label,
  score,
  contacts,
  piiTypes: label === 'pi_trade' ? ['PHONE_NUMBER'] : [],
  samples:
    label === 'pi_trade' ? [{ type: 'PHONE_NUMBER', masked: '139****9001', score: 0.9 }] : [],
  signals: [{ name: 'trade_phrase', weight: 3, terms: ['出车主资料'] }],
});

const posts = [
  post('p1', 'pi_trade', ['qq:100012345'], 0.91),
  post('p2', 'pi_trade', ['qq:100012345', 'wechat:car_demo'], 0.99),
  post('p3', 'other', ['wechat:friend_1']),
  post('p4', 'pi_trade', []),
];

test('only flagged posts are listed, with reasons, contacts and masked samples', () => {
  const r = buildTakedownReport(posts, new Date('2026-01-02T03:04:05Z'));
  assert.equal(r.generated_at, '2026-01-02T03:04:05.000Z');
  assert.equal(r.posts_classified, 4);
  assert.equal(r.posts_flagged, 3);
  assert.deepEqual(
    r.flagged.map((p) => p.id),
    ['p1', 'p2', 'p4'],
  );
  assert.deepEqual(r.flagged[0]!.reasons, [
    { signal: 'trade_phrase', weight: 3, terms: ['出车主资料'] },
  ]);
  assert.deepEqual(r.flagged[0]!.samples, [{ type: 'PHONE_NUMBER', masked: '139****9001' }]);
});

test('the summary groups posts by contact handle, busiest seller first', () => {
  const r = buildTakedownReport(posts);
  assert.deepEqual(r.by_contact, [
    { contact: 'qq:100012345', posts: ['p1', 'p2'], max_score: 0.99 },
    { contact: 'wechat:car_demo', posts: ['p2'], max_score: 0.99 },
  ]);
  assert.deepEqual(r.without_contact, ['p4']);
});

test('the Markdown rendering carries the summary and every flagged post', () => {
  const md = renderTakedownMarkdown(buildTakedownReport(posts));
  assert.match(md, /^# Takedown report/);
  assert.match(md, /\| qq:100012345 \| p1, p2 \| 0\.99 \|/);
  assert.match(md, /### p4/);
  assert.match(md, /PHONE_NUMBER 139\*\*\*\*9001/);
  assert.doesNotMatch(md, /### p3/);
});
