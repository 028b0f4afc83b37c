import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { classifyPost } from '../../src/monitor/post-classifier.ts';
import { TRAINING_SETS } from '../../src/monitor/ngram-model-trainer.ts';
import { EVASIONS, evade } from './evasion-transforms.ts';

interface LabelledPost {
  id: string;
  text: string;
  label: 'pi_trade' | 'other';
}

/** Every labelled post the project has tuned on (never the held-out sets). */
const posts: LabelledPost[] = TRAINING_SETS.flatMap((name) =>
  readFileSync(new URL(`../fixtures/posts/${name}.jsonl`, import.meta.url), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as LabelledPost),
);
const ads = posts.filter((p) => p.label === 'pi_trade');
const negatives = posts.filter((p) => p.label === 'other');

const flagged = (text: string): boolean => classifyPost(text).label === 'pi_trade';
const baseRecall = ads.filter((p) => flagged(p.text)).length / ads.length;
const baseFpr = negatives.filter((p) => flagged(p.text)).length / negatives.length;

/**
 * How much an evasion may cost. Measured when the test was written (2026-11-29, 1254 ads and
 * 1323 negatives): before the separator, homophone and initials work recall fell to 0.963
 * (spacing), 0.897 (homophones), 0.988 (abbreviations) and 0.824 (a combination); after it, no
 * evasion costs more than 0.002 of recall and none adds a false positive.
 */
const MAX_RECALL_LOSS = 0.01;
const MAX_FPR_GAIN = 0.005;

test('the evasion transforms are deterministic and change the posts they apply to', () => {
  for (const name of Object.keys(EVASIONS)) {
    const sample = ads.slice(0, 200);
    const once = sample.map((p) => evade(p.id, p.text, name));
    const twice = sample.map((p) => evade(p.id, p.text, name));
    assert.deepEqual(once, twice, name);
    const changed = once.filter((t, i) => t !== sample[i]!.text).length;
    // Homophones and abbreviations change only posts with a trigger word; most ads have one.
    assert.ok(changed >= sample.length * 0.5, `${name} changed only ${changed} of 200 ads`);
  }
  assert.equal(evade('x', '出车主资料', 'fullWidth'), '出车主资料');
  assert.equal(evade('x', 'QQ 123', 'fullWidth'), 'ＱＱ １２３');
});

for (const name of Object.keys(EVASIONS)) {
  test(`evasion "${name}": recall on evaded ads and false positives on evaded negatives hold`, () => {
    let found = 0;
    const lost: string[] = [];
    for (const p of ads) {
      if (flagged(evade(p.id, p.text, name))) found++;
      else if (flagged(p.text)) lost.push(p.id);
    }
    let falsePositives = 0;
    const gained: string[] = [];
    for (const p of negatives) {
      if (flagged(evade(p.id, p.text, name))) {
        falsePositives++;
        if (!flagged(p.text)) gained.push(p.id);
      }
    }
    const recall = found / ads.length;
    const fpr = falsePositives / negatives.length;
    console.log(
      `${name}: recall ${recall.toFixed(3)} (plain ${baseRecall.toFixed(3)}), ` +
        `FPR ${fpr.toFixed(3)} (plain ${baseFpr.toFixed(3)})` +
        (lost.length ? `; lost ${lost.slice(0, 10).join(' ')}` : '') +
        (gained.length ? `; new FP ${gained.slice(0, 10).join(' ')}` : ''),
    );
    assert.ok(recall >= baseRecall - MAX_RECALL_LOSS, `${name} recall ${recall}`);
    assert.ok(fpr <= baseFpr + MAX_FPR_GAIN, `${name} false-positive rate ${fpr}`);
  });
}
