/**
 * The features of the learned part of the post classifier: the distinct character n-grams (one to
 * three characters) of a post's compact normalised text.
 *
 * Character n-grams need no word segmentation, which Chinese lacks, and they carry over to
 * phrasings the hand-written lexicon has never seen: "精准粉" shares "精准" and "准粉" with ads the
 * model was trained on even when the whole phrase is new. They are taken from the compact form
 * (see evasion-normalizer.ts), so evasions — traditional characters, spacing, homophones, pinyin —
 * land on the same features as the plain text. Every run of digits becomes one `0`: a number says
 * "a number is here" (a price, a count, a handle), never which one, so no feature can be PI.
 */

/** Longest n-gram, in characters. */
export const MAX_NGRAM = 3;

/**
 * The distinct n-grams of a compact text, in first-seen order.
 *
 * @example
 * ngramFeatures('出资料12').slice(0, 6)
 * // ['出', '出资', '出资料', '资', '资料', '资料0']
 */
export function ngramFeatures(compact: string): string[] {
  const seen = new Set<string>();
  forEachNgram(compact, (gram) => {
    seen.add(gram);
  });
  return [...seen];
}

/**
 * Calls `visit` for every n-gram of a compact text, repeats included, without collecting them:
 * the scorer looks each one up and keeps only the few the model knows. UTF-16 code units, not
 * code points: the compact text is Han, ASCII and `|`, and training uses the same function, so a
 * rare astral character is split the same way on both sides.
 *
 * @example
 * const grams: string[] = [];
 * forEachNgram('出料', (g) => grams.push(g)); // grams: ['出', '出料', '料']
 */
export function forEachNgram(compact: string, visit: (gram: string) => void): void {
  const s = compact.replace(/\d+/g, '0');
  for (let i = 0; i < s.length; i++) {
    for (let n = 1; n <= MAX_NGRAM && i + n <= s.length; n++) {
      // A clause mark alone says nothing; around a character it marks where a clause ends.
      if (n === 1 && s[i] === '|') continue;
      visit(s.slice(i, i + n));
    }
  }
}
