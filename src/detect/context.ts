/**
 * Context words: the words near a candidate that make it more (or less) likely to be what the
 * pattern says — "手机" before 11 digits, "订单号" before a 16-digit number.
 *
 * Only the window around the candidate is lower-cased and turned to simplified characters, never
 * the whole text: a 50 MB input has hundreds of thousands of candidates but each window is a few
 * dozen characters, so context costs the same per candidate whatever the size of the text.
 */
import { contextSlice, type PreparedText } from './prepared-text.ts';

/** Default distance, in UTF-16 units, within which a context word counts. */
export const DEFAULT_CONTEXT_WINDOW = 24;

/** Where the nearest context word was found, and how far from the span. */
export interface ContextHit {
  readonly word: string;
  /** UTF-16 units between the word and the span (0 = touching). */
  readonly distance: number;
  /** True when the word comes before the span. */
  readonly before: boolean;
}

/**
 * The context word nearest to the span, looking `before` units to the left and `after` units to
 * the right. Words must be given lower-case and in simplified characters; the text is compared
 * in that form, so "手機" and "TEL" match "手机" and "tel".
 *
 * @example
 * nearestContext(prepareText('手機號: 13800138000'), 5, 16, ['手机']) // { word: '手机', distance: 3, before: true }
 */
export function nearestContext(
  p: PreparedText,
  start: number,
  end: number,
  words: readonly string[],
  before = DEFAULT_CONTEXT_WINDOW,
  after = DEFAULT_CONTEXT_WINDOW,
): ContextHit | undefined {
  return nearestIn(contextWindow(p, start, end, before, after), words, before, after);
}

/** The context form of the text around a span, computed once for several word lists. */
interface ContextWindow {
  readonly left: string;
  readonly right: string;
}

function contextWindow(
  p: PreparedText,
  start: number,
  end: number,
  before: number,
  after: number,
): ContextWindow {
  const text = p.folded;
  return {
    left: before > 0 ? contextSlice(text, Math.max(0, start - before), start) : '',
    right: after > 0 ? contextSlice(text, end, Math.min(text.length, end + after)) : '',
  };
}

const wordPatterns = new WeakMap<readonly string[], RegExp>();

/**
 * One alternation for a word list, longest words first, compiled once per list (lists are
 * module constants), so a window is searched with one regex run instead of one indexOf per word.
 */
function wordPattern(words: readonly string[]): RegExp {
  let re = wordPatterns.get(words);
  if (!re) {
    const alternatives = [...words]
      .sort((a, b) => b.length - a.length)
      .map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
    re = new RegExp(alternatives.join('|') || '(?!)', 'g');
    wordPatterns.set(words, re);
  }
  return re;
}

/** Nearest word within `before` units at the end of `left` or `after` units of `right`. */
function nearestIn(
  w: ContextWindow,
  words: readonly string[],
  before: number,
  after: number,
): ContextHit | undefined {
  const re = wordPattern(words);
  let hit: ContextHit | undefined;
  if (before > 0 && w.left.length > 0) {
    const from = Math.max(0, w.left.length - before);
    re.lastIndex = from;
    for (let m = re.exec(w.left); m !== null; m = re.exec(w.left)) {
      const d = w.left.length - (m.index + m[0].length);
      if (!hit || d <= hit.distance) hit = { word: m[0], distance: d, before: true };
      re.lastIndex = m.index + 1;
    }
  }
  if (after > 0 && w.right.length > 0) {
    re.lastIndex = 0;
    const m = re.exec(w.right);
    if (m && m.index + m[0].length <= after && (!hit || m.index < hit.distance)) {
      hit = { word: m[0], distance: m.index, before: false };
    }
  }
  return hit;
}

/**
 * Finds the context word nearest to the span within `window` units on either side.
 * Words must be given lower-case and in simplified characters.
 *
 * @example
 * contextWord(p, 5, 16, ['手机', '电话']) // '手机' when p.original is '手机号: 13800138000'
 */
export function contextWord(
  p: PreparedText,
  start: number,
  end: number,
  words: readonly string[],
  window = DEFAULT_CONTEXT_WINDOW,
): string | undefined {
  return nearestContext(p, start, end, words, window, window)?.word;
}

/**
 * True when any of the words occurs within `window` units of the span.
 *
 * @example
 * hasContext(p, m.start, m.end, ['身份证', 'id'])
 */
export function hasContext(
  p: PreparedText,
  start: number,
  end: number,
  words: readonly string[],
  window = DEFAULT_CONTEXT_WINDOW,
): boolean {
  return nearestContext(p, start, end, words, window, window) !== undefined;
}

/**
 * Words that label a number as something other than personal information: business
 * identifiers (orders, policies, invoices, shipments, transactions), money and market codes,
 * and technical identifiers. Shared by the numeric recognisers as negative context.
 */
export const NON_PERSONAL_NUMBER_WORDS: readonly string[] = [
  '订单',
  '单号',
  '流水',
  '编号',
  '保单',
  '发票',
  '快递',
  '运单',
  '物流',
  '交易',
  '金额',
  '余额',
  '股票',
  '证券',
  '代码',
  '批次',
  '工单',
  '合同号',
  '凭证',
  '序列号',
  '条码',
  '型号',
  '版本',
  '时间戳',
  '邮编',
  '工号',
  '学号',
  'order',
  'invoice',
  'tracking',
  'serial',
  'txn',
  'transaction',
  'policy no',
  'version',
  'timestamp',
];

/** Negative words that only mean "number", and so may close a positive label. */
const GENERIC_NUMBER_WORDS: ReadonlySet<string> = new Set(['编号', '代码', '序列号', 'serial']);

/**
 * Decides between positive and negative context for a candidate: +1 when a positive word is
 * nearer than any negative one, −1 when a negative word is nearer, 0 when neither is present.
 * Negative words only count before the span (a label precedes its value), and within a shorter
 * reach, so that "手机 13800138000，订单号 …" keeps its phone; when one is there, only positive
 * words before the span can outweigh it, by being nearer ("银行流水号" is a serial); a generic
 * "number" word right after a positive one ("身份证编号") keeps the label positive.
 *
 * @example
 * contextPolarity(p, s, e, ['手机'], NON_PERSONAL_NUMBER_WORDS) // -1 for '订单号 13800138000'
 */
export function contextPolarity(
  p: PreparedText,
  start: number,
  end: number,
  positive: readonly string[],
  negative: readonly string[],
  window = DEFAULT_CONTEXT_WINDOW,
): -1 | 0 | 1 {
  const w = contextWindow(p, start, end, window, window);
  const neg = negative.length > 0 ? nearestIn(w, negative, Math.min(window, 12), 0) : undefined;
  if (neg) {
    // A label before the value outweighs any word after it ("交易单号：… 卡号 …").
    const posBefore = nearestIn(w, positive, window, 0);
    if (!posBefore) return -1;
    // The last noun of a label is its head: "银行流水号" is a serial, but a generic "number"
    // word after a positive one ("身份证编号") only says it is the ID's number.
    const margin = GENERIC_NUMBER_WORDS.has(neg.word) ? 4 : 0;
    return neg.distance + margin < posBefore.distance ? -1 : 1;
  }
  return nearestIn(w, positive, window, window) ? 1 : 0;
}

/**
 * What may stand between a label and its value: "微信号：", "QQ号码是 ", "护照 No. ", emoji
 * ("vx 📞abc123"); traditional forms too, since labels are matched on the folded text.
 */
const LABEL_FILLER =
  /(?:[\s:：=#\-/()（）【】[\]"'“”]|[号號][码碼]?|[账帐賬帳][号號]|是|[为為]|id|no\.?|number|\p{Extended_Pictographic}|\u{FE0F}|\u{200D}|[\u{1F3FB}-\u{1F3FF}])*/iuy;

/**
 * The index where the value after a label starts, skipping filler such as "号：" or " ID: ", at
 * most `max` units past `index`.
 *
 * @example
 * skipLabelFiller('微信号：abc_123', 2) // 4
 */
export function skipLabelFiller(text: string, index: number, max = 8): number {
  LABEL_FILLER.lastIndex = index;
  const m = LABEL_FILLER.exec(text);
  const len = m ? m[0].length : 0;
  return index + Math.min(len, max);
}
