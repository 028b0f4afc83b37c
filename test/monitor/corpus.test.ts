import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { classifyPost } from '../../src/monitor/post-classifier.ts';

interface LabelledPost {
  id: string;
  text: string;
  label: 'pi_trade' | 'other';
  kind: string;
  variant: string;
}

const corpus: LabelledPost[] = readFileSync(
  new URL('../fixtures/posts/corpus.jsonl', import.meta.url),
  'utf8',
)
  .trim()
  .split('\n')
  .map((l) => JSON.parse(l) as LabelledPost);

test('the corpus is large enough, at least half hard negatives, with evasion variants', () => {
  assert.ok(corpus.length >= 300, `${corpus.length} posts`);
  assert.ok(corpus.filter((p) => p.label === 'other').length * 2 >= corpus.length);
  assert.equal(new Set(corpus.map((p) => p.id)).size, corpus.length);
  for (const v of ['traditional', 'fullwidth', 'spacing', 'emoji']) {
    assert.ok(
      corpus.some((p) => p.variant === v),
      v,
    );
  }
  for (const k of ['news', 'warning', 'tip', 'insurance_ad', 'second_hand', 'job', 'chat']) {
    assert.ok(corpus.filter((p) => p.kind === k).length >= 10, k);
  }
});

test('precision and recall on the corpus are at least 0.95', () => {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  const misses: string[] = [];
  for (const p of corpus) {
    const predicted = classifyPost(p.text).label === 'pi_trade';
    const actual = p.label === 'pi_trade';
    if (predicted && actual) tp++;
    else if (predicted) {
      fp++;
      misses.push(`FP ${p.id} ${p.kind}`);
    } else if (actual) {
      fn++;
      misses.push(`FN ${p.id} ${p.kind}`);
    }
  }
  const precision = tp / (tp + fp);
  const recall = tp / (tp + fn);
  console.log(
    `corpus: ${corpus.length} posts, precision ${precision.toFixed(3)}, recall ${recall.toFixed(3)}` +
      (misses.length ? ` (${misses.join(', ')})` : ''),
  );
  assert.ok(precision >= 0.95, `precision ${precision}`);
  assert.ok(recall >= 0.95, `recall ${recall}`);
});
