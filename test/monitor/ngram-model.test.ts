import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { ngramFeatures } from '../../src/monitor/ngram-features.ts';
import { scoreNgrams, shippedNgramModel } from '../../src/monitor/ngram-model.ts';
import {
  DEFAULT_TRAINING,
  HELD_OUT_SETS,
  loadLabelledPosts,
  renderWeightsModule,
  trainNgramModel,
  TRAINING_SETS,
} from '../../src/monitor/ngram-model-trainer.ts';
import { classifyPost, LEARNED_CAP } from '../../src/monitor/post-classifier.ts';

test('features are the distinct 1- to 3-grams, with every digit run read as one 0', () => {
  assert.deepEqual(ngramFeatures('出料12'), ['出', '出料', '出料0', '料', '料0', '0']);
  // A number never becomes a feature, so no weight and no reason can name one.
  assert.ok(ngramFeatures('qq13800138000').every((g) => !/\d\d/.test(g)));
  assert.deepEqual(ngramFeatures('资|料'), ['资', '资|', '资|料', '|料', '料']);
  assert.deepEqual(ngramFeatures(''), []);
});

test('the shipped weights are exactly what training on the labelled sets gives', () => {
  // Deterministic training: a hand-edited or stale weights file fails here.
  const posts = TRAINING_SETS.flatMap((s) => loadLabelledPosts(s));
  const shipped = readFileSync(
    new URL('../../src/monitor/ngram-model-weights.ts', import.meta.url),
    'utf8',
  );
  assert.equal(renderWeightsModule(trainNgramModel(posts, DEFAULT_TRAINING)), shipped);
});

test('every labelled set is either trained on or held out, never both', () => {
  const sets = readdirSync(new URL('../fixtures/posts/', import.meta.url))
    .filter((f) => f.endsWith('.jsonl'))
    .map((f) => f.replace(/\.jsonl$/, ''));
  const trained = new Set<string>(TRAINING_SETS);
  for (const s of sets) {
    assert.ok(trained.has(s) !== HELD_OUT_SETS.includes(s), `${s}: trained xor held out`);
  }
  // The sets tuned on in round 2 joined the training sets.
  assert.ok(trained.has('batch12') && trained.has('indep1'));
});

test('the model leans to trade on ads and away on warnings, and says which n-grams weighed', () => {
  const ad = scoreNgrams('长期出车主资料精准实时');
  assert.ok(ad.logit > 0, String(ad.logit));
  assert.ok(ad.top.length > 0 && ad.top.length <= 3);
  const tip = scoreNgrams('如何保护个人信息快递单撕掉再扔');
  assert.ok(tip.logit < 0, String(tip.logit));
  assert.equal(scoreNgrams('').known, 0);
});

test('training learns from labels: a toy set gives the obvious signs', () => {
  const m = trainNgramModel(
    [
      { text: '出车主资料', label: 'pi_trade' },
      { text: '出股民资料', label: 'pi_trade' },
      { text: '车主注意安全', label: 'other' },
      { text: '股民注意风险', label: 'other' },
    ],
    { ...DEFAULT_TRAINING, minDocs: 2 },
  );
  assert.ok(m.weights.get('资料')! > 0);
  assert.ok(m.weights.get('注意')! < 0);
  // Seen in one post only: left out, it would only memorise that post.
  assert.equal(m.weights.get('安全'), undefined);
});

test('the learned signal is capped and carries n-grams, never numbers from the post', () => {
  assert.ok(shippedNgramModel().weights.size > 1000);
  for (const text of [
    '长期出车主资料，精准实时，需要的加V：car_demo01，电话13800138000',
    '近日，警方破获一起侵犯公民个人信息案，犯罪嫌疑人被刑事拘留。',
  ]) {
    const learned = classifyPost(text).signals.find((s) => s.name === 'learned');
    assert.ok(learned, text);
    assert.ok(Math.abs(learned.weight) <= LEARNED_CAP);
    for (const t of learned.terms) assert.doesNotMatch(t, /\d\d/);
  }
});

test('the learned signal cites only pieces of the lexicon, never a name from the post', () => {
  const r = classifyPost('出车主资料 样例：张明 王芳 李强 周刚，加V：car_demo01');
  const learned = r.signals.find((s) => s.name === 'learned');
  assert.ok(learned);
  for (const t of learned.terms) assert.doesNotMatch(t, /张明|王芳|李强|周刚|明王|芳李|强周/);
});
