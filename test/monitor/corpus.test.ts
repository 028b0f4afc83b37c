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

function load(name: string): LabelledPost[] {
  return readFileSync(new URL(`../fixtures/posts/${name}`, import.meta.url), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as LabelledPost);
}

/** The tuning corpus, then the sets written later, each first measured before any tuning. */
const corpus = load('corpus.jsonl');
const heldout = load('heldout.jsonl');
const batch2 = load('batch2.jsonl');
const later = [3, 4, 5, 6, 7, 8, 9, 10, 11].flatMap((n) => load(`batch${n}.jsonl`));
/**
 * The last batch written by the tuner (first sight: P 0.900 / R 0.829), tuned on in round 2 for
 * the mechanisms behind its false positives (shorthand such as "c z" read as 车主 in ordinary
 * posts) and now also training data of the learned model.
 */
const batch12 = load('batch12.jsonl');
/**
 * The first set written by an independent author who never saw the code or the fixtures (first
 * sight: P 0.955 / R 0.977). Tuned on in round 2 and now training data; the held-out number is a
 * second independent set kept outside the repository.
 */
const indep1 = load('indep1.jsonl');
/**
 * Round 3 (issue 8): written blind to cover categories the earlier sets lacked (快递单, 开房记录,
 * 续保, 新生儿, 网贷逾期, 医美, 公积金, 社保, seekers, 资源群, prices per 条/千/万, disguised
 * handles) and the hard negatives around them. First sight: P 0.985 / R 0.985; tuned on, now
 * training data.
 */
const batch13 = load('batch13.jsonl');
const indep2 = load('indep2.jsonl');
/**
 * Session 5: two more independent authors' sets (400 posts, 200 ads each), held out through
 * session 5 and retired into training in session 6 (see TRAINING_SETS).
 */
const indep9 = load('indep9.jsonl');
const indep10 = load('indep10.jsonl');
/**
 * Session 6: written by the tuner after reading indep9/10's misses, in other words: ads of the
 * mechanisms drawn from them (negated legitimacy, doxxing, coin payments, sub-yuan prices per
 * record, verb-first terse offers, swaps, dealers naming their trade, new stock, buyers' "收",
 * selling jobs, scraping to order) and a hard negative next to each new rule.
 */
const batch15 = load('batch15.jsonl');
/**
 * Round 4 (issue 8): two sets by independent authors who never saw the code — QQ/Telegram-style
 * posts (indep3) and classified/forum-style posts (indep4), each about half hard negatives. First
 * sight with the round-3 code: indep3 P 0.990 / R 0.953, indep4 P 0.967 / R 0.854. Tuned on for
 * their mechanisms (numbers in Chinese numerals, bank kits, list-quality claims, masked samples,
 * negated trades, software work on test data), now training data of the learned model too.
 */
const indep3 = load('indep3.jsonl');
const indep4 = load('indep4.jsonl');
/**
 * Round 5 (issue 8): a third independent author (347 posts, 173 ads: Cantonese and traditional
 * posts, tieba replies, tracking services, recruiting disguises, spaced-out handles, and hard
 * negatives around each). Held out through round 4 (P 0.963 / R 0.896), then tuned on.
 */
const indep5 = load('indep5.jsonl');
/**
 * Written blind by the tuner after round 3 and never tuned on (evasion-heavy ads of the new
 * categories, with their hard negatives). First and only sight: P 1.000 / R 0.950.
 */
const batch14 = load('batch14.jsonl');
/** Session 5: a fourth independent author, held out through round 5, now trained on. */
const indep6 = load('indep6.jsonl');
/**
 * Session 5, round 2: two more independent authors (400 posts, 200 ads each): a content-moderation
 * analyst (indep7) and a cybercrime officer with bank compliance, southern styles (indep8).
 */
const indep7 = load('indep7.jsonl');
const indep8 = load('indep8.jsonl');
/**
 * Session 6: two more independent authors (indep11: 400 posts; indep14: 405 short, casual
 * group-chat posts with salespeople's chatter as hard negatives), and the tuner's own posts for
 * each failure class found in them (batch16).
 */
const indep11 = load('indep11.jsonl');
const indep14 = load('indep14.jsonl');
const batch16 = load('batch16.jsonl');
/**
 * Session 6, round 3: a further independent author (indep12: 408 posts), and the tuner's own posts for
 * each failure class found in it (batch17).
 */
const indep12 = load('indep12.jsonl');
const batch17 = load('batch17.jsonl');

interface Measure {
  precision: number;
  recall: number;
  misses: string[];
}

function measure(posts: readonly LabelledPost[]): Measure {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  const misses: string[] = [];
  for (const p of posts) {
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
  return { precision: tp / (tp + fp), recall: tp / (tp + fn), misses };
}

function assertAtLeast95(name: string, posts: readonly LabelledPost[]): void {
  const { precision, recall, misses } = measure(posts);
  console.log(
    `${name}: ${posts.length} posts, precision ${precision.toFixed(3)}, recall ${recall.toFixed(3)}` +
      (misses.length ? ` (${misses.join(', ')})` : ''),
  );
  assert.ok(precision >= 0.95, `${name} precision ${precision}`);
  assert.ok(recall >= 0.95, `${name} recall ${recall}`);
}

/**
 * An author's labelled set: at least half hard negatives, every post tagged with the set's name
 * and a kind, and precision and recall at 0.95.
 */
function assertLabelledSet(name: string, set: readonly LabelledPost[]): void {
  assert.ok(set.filter((p) => p.label === 'other').length * 2 >= set.length, name);
  assert.ok(
    set.every((p) => p.variant === name && p.kind !== ''),
    name,
  );
  assertAtLeast95(name, set);
}

test('the corpus is large enough, at least half hard negatives, with evasion variants', () => {
  assert.ok(corpus.length >= 300, `${corpus.length} posts`);
  assert.ok(corpus.filter((p) => p.label === 'other').length * 2 >= corpus.length);
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

test('the held-out sets are large enough, half hard negatives, from many platforms', () => {
  assert.ok(heldout.length >= 200, `${heldout.length} held-out posts`);
  assert.ok(batch2.length >= 100, `${batch2.length} batch-2 posts`);
  for (const set of [heldout, batch2]) {
    assert.ok(set.filter((p) => p.label === 'other').length * 2 >= set.length);
  }
  const platforms = new Set(heldout.filter((p) => p.label === 'pi_trade').map((p) => p.variant));
  for (const p of ['qq_group', 'telegram', 'tieba', 'weibo', 'moments', 'xianyu', 'darkweb']) {
    assert.ok(platforms.has(p), p);
  }
  const all = [
    ...corpus,
    ...heldout,
    ...batch2,
    ...later,
    ...batch12,
    ...indep1,
    ...batch13,
    ...indep2,
    ...batch14,
    ...indep3,
    ...indep4,
    ...indep5,
    ...indep6,
    ...indep7,
    ...indep8,
    ...indep9,
    ...indep10,
    ...batch15,
    ...indep11,
    ...indep14,
    ...batch16,
    ...indep12,
    ...batch17,
  ];
  assert.equal(new Set(all.map((p) => p.id)).size, all.length, 'ids are unique across sets');
  const texts = new Set(corpus.map((p) => p.text));
  assert.ok(!heldout.some((p) => texts.has(p.text)), 'held-out posts are not copies of the corpus');
});

test('precision and recall on the corpus are at least 0.95', () => {
  assertAtLeast95('corpus', corpus);
});

test('precision and recall on the held-out set are at least 0.95', () => {
  assertAtLeast95('heldout', heldout);
});

test('precision and recall on batch 2 are at least 0.95', () => {
  assertAtLeast95('batch2', batch2);
});

test('precision and recall over every labelled post (batches 3 to 12, indep1) are at least 0.95', () => {
  assertAtLeast95('all', [...corpus, ...heldout, ...batch2, ...later, ...batch12, ...indep1]);
});

test('the union of the held-out batches (each tuned on after its first measurement) is at 0.95', () => {
  // Also the learned model's training data: a regression guard, not an estimate.
  assertAtLeast95('held-out union', [...heldout, ...batch2, ...later]);
});

test('batch 12 (tuned on in round 2) is at 0.95: no shorthand misreads ordinary posts', () => {
  // Reached after round 2: P 1.000 / R 0.974. Its first-sight level was P 0.900 / R 0.829.
  assert.ok(batch12.length >= 150 && batch12.filter((p) => p.label === 'other').length * 2 >= 150);
  assertAtLeast95('batch12', batch12);
});

test('the independent set indep1 (tuned on in round 2) is at 0.95', () => {
  // Reached after round 2: P 1.000 / R 1.000. Its first-sight level was P 0.955 / R 0.977.
  // 169 posts: 86 ads, 83 posts that are not.
  assert.ok(indep1.length >= 150 && indep1.filter((p) => p.label === 'other').length >= 80);
  assertAtLeast95('indep1', indep1);
});

test('batch 13 (tuned on in round 3) is at 0.95, with half hard negatives', () => {
  // Reached after round 3: P 1.000 / R 1.000. Its first-sight level was P 0.985 / R 0.985.
  assert.ok(batch13.length >= 120 && batch13.filter((p) => p.label === 'other').length * 2 >= 120);
  assertAtLeast95('batch13', batch13);
});

test('the independent sets indep3, indep4 (round 4) and indep5 (round 5) are at 0.95', () => {
  // Reached after round 4: P 1.000 / R 1.000 on both (training data now). Leave-one-set-out
  // (learned model retrained without the set): indep3 P 1.000 / R 0.972, indep4 P 1.000 / R 0.951.
  // indep5 (round 5): first sight P 0.963 / R 0.896; in training P 1.000 / R 0.983; leave-one-set-out
  // P 0.981 / R 0.913 (optimistic: the lexicon was tuned on it).
  for (const [name, set] of [
    ['indep3', indep3],
    ['indep4', indep4],
    ['indep5', indep5],
  ] as const) {
    assert.ok(set.length >= 200, `${name}: ${set.length} posts`);
    assertLabelledSet(name, set);
  }
});

test('the held-out set batch14 (never tuned on) stays at its first-sight level', () => {
  // 79 posts: 40 ads, 39 not. Measured once after round 3: P 1.000 / R 0.950 (missed: 渠到 as a
  // misspelt 渠道 with only 料子 as goods; a catalogue of industries spelled with emoji between
  // characters). Once tuned on, move it to TRAINING_SETS.
  assert.ok(batch14.length >= 75 && batch14.filter((p) => p.label === 'other').length >= 35);
  assertAtLeast95('batch14', batch14);
});

test('the held-out independent set indep2 (never tuned on) stays at its first-sight level', () => {
  // Written by an author who saw neither the classifier nor the other fixtures; measured once,
  // after round 2: P 1.000 / R 0.953 (82 of 86 ads found, no false positive). It must not be
  // tuned on: once it is, move it to TRAINING_SETS and write a new held-out set.
  assert.ok(indep2.length >= 150 && indep2.filter((p) => p.label === 'other').length >= 80);
  assertAtLeast95('indep2', indep2);
});

test('the independent set indep6 (trained on in session 5) is at 0.95', () => {
  // A fourth independent author (391 posts, 191 ads). Held out through round 5 and measured once:
  // P 0.971 / R 0.885. Session 5 tuned mechanisms, not its words (terse handle posts, handles
  // branded with the goods, buyer posts that offer to pay, lists named by any group of people,
  // per-record prices that make job words goods); leave-one-set-out (model retrained without
  // it) then P 0.989 / R 0.942 — the figure that predicts a fresh author's set.
  assert.ok(indep6.length >= 350 && indep6.filter((p) => p.label === 'other').length >= 180);
  assert.ok(indep6.every((p) => p.variant === 'indep6' && p.kind !== ''));
  assertAtLeast95('indep6', indep6);
});

test('the independent sets indep7 and indep8 (trained on in session 5, round 2) are at 0.95', () => {
  // Measured by the lead at first sight: session-4 code indep7 P 0.943 / R 0.910, indep8
  // P 0.955 / R 0.955; after round 1 indep7 P 0.949 / R 0.925, indep8 P 0.970 / R 0.965 (equal to
  // leave-one-set-out, since nothing had been tuned on them). Trained on since; the
  // leave-one-set-out figures in results-posts2 are the estimate for a fresh author.
  for (const [name, set] of [
    ['indep7', indep7],
    ['indep8', indep8],
  ] as const) {
    assert.ok(set.length >= 380, `${name}: ${set.length} posts`);
    assertLabelledSet(name, set);
  }
});

test('the independent sets indep9 and indep10 (trained on in session 6) are at 0.95', () => {
  // Measured at first sight by the lead: session-4 code indep9 P 0.979 / R 0.945, indep10
  // P 0.967 / R 0.870; session-5 code 0.985 / 0.955 and 0.978 / 0.890. Retired into training in
  // session 6; the leave-one-set-out figures in results-posts are the estimate for a fresh author.
  for (const [name, set] of [
    ['indep9', indep9],
    ['indep10', indep10],
  ] as const) {
    assert.equal(set.length, 400, name);
    assertLabelledSet(name, set);
  }
});

test("batch 15 (the session-6 mechanisms, in the tuner's own words) is at 0.95", () => {
  // 106 posts: 53 ads, 53 hard negatives next to the new rules. First sight of the first 100,
  // with the rules and the model trained before it existed: P 0.918 / R 0.900 (written to probe
  // the rules, so its misses were fixed: per-piece prices, "db" inside English words); the last
  // six test the buyer's "收", "求一批" and gathering jobs. Now training data.
  assert.equal(batch15.length, 106);
  assert.equal(batch15.filter((p) => p.label === 'other').length, 53);
  assertAtLeast95('batch15', batch15);
});

test('the independent sets indep11 and indep14 and batch16 (trained on in session 6) are at 0.95', () => {
  // First sight with the session-5 code: indep11 P 0.964 / R 0.950, indep14 P 0.920 / R 0.915.
  // Tuned on by failure class (see results-posts2.md), with batch16 holding the tuner's own
  // posts for each class; the leave-one-set-out figures there are the estimate for a new author.
  assert.ok(indep11.length >= 380 && indep14.length >= 380);
  for (const [name, set] of [
    ['indep11', indep11],
    ['indep14', indep14],
    ['batch16', batch16],
  ] as const) {
    assertLabelledSet(name, set);
  }
});

test('the independent set indep12 and batch17 (trained on in session 6) are at 0.95', () => {
  // First sight with the merged round-2 code: indep12 P 0.951 / R 0.980 (10 false positives, mostly
  // complaints, news and everyday goods). Tuned on by failure class (see results-posts3.md), with
  // batch17 holding the tuner's own posts for each class.
  assert.ok(indep12.length >= 400);
  for (const [name, set] of [
    ['indep12', indep12],
    ['batch17', batch17],
  ] as const) {
    assertLabelledSet(name, set);
  }
});

/**
 * Session 6: three more independent authors (Telegram/dark-market listings and security news;
 * Weibo/Douyin/Xiaohongshu/Zhihu registers and B2B lead-gen; industry brokers' talk), who saw
 * neither the code nor the fixtures. Nobody tuned on them: the lead measured each with the CLI
 * (`piguard posts classify`) as rules changed, and only the lead saw the results.
 *   first sight (session-5 code) → final session-6 code:
 *   indep13 (389 posts, 190 ads): P 0.967 R 0.937 → P 0.973 R 0.963
 *   indep15 (395 posts, 198 ads): P 0.939 R 0.929 → P 0.974 R 0.955
 *   indep16 (405 posts, 201 ads): P 0.931 R 0.945 → P 0.955 R 0.950
 * They are regression floors now; once tuned on, move them to TRAINING_SETS and find new authors.
 */
for (const name of ['indep13', 'indep15', 'indep16'] as const) {
  test(`the held-out independent set ${name} (never tuned on) stays at 0.95`, () => {
    const set = load(`${name}.jsonl`);
    assert.ok(
      set.length >= 380 && set.filter((p) => p.label === 'other').length * 2 >= set.length - 20,
    );
    assertAtLeast95(name, set);
  });
}
