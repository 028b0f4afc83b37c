/**
 * The learned part of the post classifier: a logistic regression over character n-grams (see
 * ngram-features.ts), trained by ngram-model-trainer.ts on the project's labelled posts.
 *
 * The hand-written signals say *why* a post is an ad, but only in the words someone thought of;
 * the model generalises from every n-gram of the labelled posts, so an ad phrased in a new way
 * still shares most of its n-grams with ads seen before. Its vote enters the transparent score as
 * one more signal (`learned`), with a capped weight and the n-grams that weighed most as terms.
 */
import { MAX_NGRAM } from './ngram-features.ts';
import { NGRAM_BIAS, NGRAM_WEIGHTS } from './ngram-model-weights.ts';

/** A trained model: bias and one weight per n-gram (n-grams not listed weigh 0). */
export interface NgramModel {
  readonly bias: number;
  readonly weights: ReadonlyMap<string, number>;
}

/** The model's opinion of one post. */
export interface NgramScore {
  /** Bias plus the weights of the post's n-grams. */
  readonly logit: number;
  /** The n-grams that pushed hardest in the direction of the verdict, strongest first. */
  readonly top: string[];
  /** How many of the post's n-grams the model knows; 0 means it has no opinion. */
  readonly known: number;
}

let shipped: NgramModel | undefined;

/**
 * The model shipped in ngram-model-weights.ts, parsed once on first use.
 *
 * @example
 * shippedNgramModel().weights.size > 0 // true
 */
export function shippedNgramModel(): NgramModel {
  if (!shipped) {
    const weights = new Map<string, number>();
    for (const line of NGRAM_WEIGHTS.split('\n')) {
      const tab = line.lastIndexOf('\t');
      if (tab > 0) weights.set(line.slice(0, tab), Number(line.slice(tab + 1)));
    }
    shipped = { bias: NGRAM_BIAS, weights };
  }
  return shipped;
}

// Each n-gram as a number: 17 bits per UTF-16 unit (plus one, so "a" and "a\0" differ), three
// units at most, under 2^51 — a safe integer. Hashing a number is much cheaper than slicing and
// hashing a string for every n-gram of every post.
const UNIT = 131072;

/** A model laid out for scoring: n-gram key → slot, weights and a per-slot "seen in post" stamp. */
interface ScoringIndex {
  slots: Map<number, number>;
  weights: Float64Array;
  stamps: Uint32Array;
  post: number;
}
const scoringIndexes = new WeakMap<NgramModel, ScoringIndex>();

function indexFor(model: NgramModel): ScoringIndex {
  let index = scoringIndexes.get(model);
  if (!index) {
    const slots = new Map<number, number>();
    const weights = new Float64Array(model.weights.size);
    for (const [gram, w] of model.weights) {
      let key = 0;
      for (let j = 0; j < gram.length; j++) key = key * UNIT + gram.charCodeAt(j) + 1;
      weights[slots.size] = w;
      slots.set(key, slots.size);
    }
    index = { slots, weights, stamps: new Uint32Array(weights.length), post: 0 };
    scoringIndexes.set(model, index);
  }
  return index;
}

/**
 * Scores a compact normalised text (as the classifier matches it). Same n-grams as
 * `forEachNgram`, looked up by a numeric key.
 *
 * @example
 * scoreNgrams('长期出车主资料精准实时').logit > 0 // true
 * scoreNgrams('如何保护个人信息快递单撕掉再扔').logit < 0 // true
 */
export function scoreNgrams(
  compact: string,
  model: NgramModel = shippedNgramModel(),
  topCount = 3,
): NgramScore {
  const index = indexFor(model);
  // Features are binary: a known n-gram counts once however often it occurs. A stamp per slot
  // says whether this post has counted it already, so no set is built per post.
  const post = (index.post = (index.post % 0xffffffff) + 1);
  if (post === 1) index.stamps.fill(0);
  const s = compact.replace(/\d+/g, '0');
  let logit = model.bias;
  const hits: number[] = []; // start, length, weight, … flattened
  for (let i = 0; i < s.length; i++) {
    let key = 0;
    for (let n = 1; n <= MAX_NGRAM && i + n <= s.length; n++) {
      key = key * UNIT + s.charCodeAt(i + n - 1) + 1;
      // A clause mark alone is no feature (see forEachNgram).
      if (n === 1 && s.charCodeAt(i) === 124) continue;
      const slot = index.slots.get(key);
      if (slot === undefined || index.stamps[slot] === post) continue;
      index.stamps[slot] = post;
      const w = index.weights[slot]!;
      logit += w;
      hits.push(i, n, w);
    }
  }
  return { logit, top: strongest(s, hits, logit >= 0 ? 1 : -1, topCount), known: hits.length / 3 };
}

/** The `count` hits pushing hardest in direction `sign`, strongest first (a short scan, no sort). */
function strongest(s: string, hits: readonly number[], sign: number, count: number): string[] {
  const best: number[] = [];
  for (let h = 0; h < hits.length; h += 3) {
    const push = hits[h + 2]! * sign;
    if (push <= 0) continue;
    let at = best.length;
    while (at > 0 && hits[best[at - 1]! + 2]! * sign < push) at--;
    if (at < count) {
      best.splice(at, 0, h);
      if (best.length > count) best.pop();
    }
  }
  return best.map((h) => s.slice(hits[h]!, hits[h]! + hits[h + 1]!));
}
