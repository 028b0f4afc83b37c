/**
 * One shared jieba segmenter, created on first use: loading its dictionary takes ~0.3 s and
 * ~50 MB, which nothing should pay for unless person names are actually scanned.
 */
import { createRequire } from 'node:module';
import type { Jieba, TaggedWord } from '@node-rs/jieba';

interface JiebaModule {
  Jieba: typeof Jieba;
}
interface JiebaDictModule {
  dict: Uint8Array;
}

let instance: Jieba | undefined;

/**
 * The shared Jieba instance with the default dictionary.
 *
 * @example
 * sharedJieba().tag('被保险人陈思思', false) // [{ word: '被保险人', tag: 'n' }, { word: '陈思思', tag: 'nr' }]
 */
export function sharedJieba(): Jieba {
  if (!instance) {
    // Required here, not imported at the top: the native addon and the 5 MB dictionary file load
    // only when a name is first looked for.
    const require = createRequire(import.meta.url);
    const { Jieba: JiebaClass } = require('@node-rs/jieba') as JiebaModule;
    const { dict } = require('@node-rs/jieba/dict.js') as JiebaDictModule;
    instance = JiebaClass.withDict(dict);
  }
  return instance;
}

/** A tagged word with its UTF-16 offsets in the tagged text. */
export interface TaggedToken extends TaggedWord {
  readonly start: number;
  readonly end: number;
}

/**
 * POS-tags `text` with the dictionary only (no HMM, so unknown names stay single characters and
 * the result is deterministic) and returns tokens with offsets. Returns undefined in the unlikely
 * case that the tokens do not tile the text, so callers never work with misaligned offsets.
 *
 * @example
 * tagWithOffsets('客户王芳') // [{ word: '客户', tag: 'n', start: 0, end: 2 }, { word: '王', … }, …]
 */
export function tagWithOffsets(text: string): TaggedToken[] | undefined {
  const out: TaggedToken[] = [];
  let pos = 0;
  for (const t of sharedJieba().tag(text, false)) {
    if (text.startsWith(t.word, pos)) {
      out.push({ word: t.word, tag: t.tag, start: pos, end: pos + t.word.length });
      pos += t.word.length;
    } else {
      return undefined;
    }
  }
  return pos === text.length ? out : undefined;
}

/** Separates texts tagged in one call; jieba never joins a line break to Han characters. */
const BATCH_SEPARATOR = '\n';

/**
 * Tags many short texts with one call into jieba. Each call into the native module costs tens
 * of microseconds whatever the length, so tagging a document's small windows one by one costs
 * more than the tagging itself. Tokens never cross the separator between Han characters; a
 * non-Han token that does (a line break next to the separator) is clipped to each text.
 *
 * @example
 * tagMany(['客户王芳', '联系人张伟'])[1]?.[0]?.word // '联系人'
 */
export function tagMany(texts: readonly string[]): (TaggedToken[] | undefined)[] {
  if (texts.length === 0) return [];
  const joined = texts.join(BATCH_SEPARATOR);
  const all = tagWithOffsets(joined);
  if (!all) return texts.map((t) => tagWithOffsets(t));
  const out: TaggedToken[][] = texts.map(() => []);
  let k = 0;
  let base = 0;
  for (let i = 0; i < texts.length; i++) {
    const end = base + texts[i]!.length;
    while (k < all.length && all[k]!.end <= base) k++;
    for (let j = k; j < all.length && all[j]!.start < end; j++) {
      const t = all[j]!;
      const start = Math.max(t.start, base);
      const stop = Math.min(t.end, end);
      if (stop <= start) continue;
      out[i]!.push({
        word: joined.slice(start, stop),
        tag: t.tag,
        start: start - base,
        end: stop - base,
      });
    }
    base = end + BATCH_SEPARATOR.length;
  }
  return out;
}
