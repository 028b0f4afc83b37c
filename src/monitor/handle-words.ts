/**
 * What a seller's handle says about the trade. Brokers brand their handles with the goods
 * ("@ziyuan_duijie", "liao_boss_88", "mingdan_2025", "leads_hk"), so a post that is nothing but a
 * handle and a word still names what it sells. The handle is read as ASCII words split at
 * underscores, dashes, dots and digits; a word counts when it is, or starts with, the pinyin or
 * English name of the goods. Initials (zl, sj) count only as a whole word: inside a longer
 * handle they are too often part of a name, and short words (liao, data) only as a whole word
 * ("liaotian" is a chat, "database" a course).
 */

/** Pinyin and English names of traded lists, as they appear in handles. */
const HANDLE_GOODS_WORDS = [
  'ziliao',
  'liao',
  'ziyuan',
  'mingdan',
  'shuju',
  'kehu',
  'kezi',
  'huoke',
  'tuoke',
  'keyuan',
  'yuantou',
  'data',
  'leads',
  'fullz',
  'kyc',
  'gumin',
  'chezhu',
  'yezhu',
  'baoma',
  'daikuan',
  'sigong',
  'shegong',
] as const;

/** Whole-word initials of the same goods. */
const HANDLE_GOODS_INITIALS = new Set(['zl', 'sj', 'md', 'zy', 'sgk']);

// An ASCII handle: a mention, or a run of letters, digits and joiners long enough to be an id.
const HANDLE_RE = /@?[a-z][a-z0-9_.-]{3,31}/g;

/** A goods word the handle part is, or (for words of five letters or more) starts with. */
function goodsWordOf(part: string): string | undefined {
  if (HANDLE_GOODS_INITIALS.has(part)) return part;
  return HANDLE_GOODS_WORDS.find((w) => part === w || (w.length >= 5 && part.startsWith(w)));
}

/**
 * The goods words found in the ASCII handles of a (width-folded, lower-cased) text, at most
 * `limit`.
 *
 * @example
 * handleGoodsWords('料 @liao_boss_88') // ['liao']
 * handleGoodsWords('球鞋代购 @sneaker_hk') // []
 */
export function handleGoodsWords(view: string, limit = 2): string[] {
  const found: string[] = [];
  HANDLE_RE.lastIndex = 0;
  for (let m = HANDLE_RE.exec(view); m !== null; m = HANDLE_RE.exec(view)) {
    // A handle has a joiner or a digit, or is a mention: a bare English word is prose.
    if (!/[_.\-\d]/.test(m[0]) && !m[0].startsWith('@')) continue;
    for (const part of m[0].replace(/^@/, '').split(/[_.\-\d]+/)) {
      const word = goodsWordOf(part);
      if (word && !found.includes(word)) found.push(word);
      if (found.length >= limit) return found;
    }
  }
  HANDLE_RE.lastIndex = 0;
  return found;
}
