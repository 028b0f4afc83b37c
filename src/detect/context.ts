/**
 * Context words: the words near a candidate that make it more (or less) likely to be what the
 * pattern says — "手机" before 11 digits, "订单号" before a 16-digit number.
 */
import type { PreparedText } from './prepared-text.ts';

/** Default distance, in UTF-16 units, within which a context word counts. */
export const DEFAULT_CONTEXT_WINDOW = 24;

/**
 * Finds the context word nearest to the span within `window` units on either side.
 * Words must be given lower-case and in simplified characters.
 *
 * @example
 * contextWord(p, 5, 16, ['手机', '电话']) // '手机' when p.contextText is '手机号: 13800138000'
 */
export function contextWord(
  p: PreparedText,
  start: number,
  end: number,
  words: readonly string[],
  window = DEFAULT_CONTEXT_WINDOW,
): string | undefined {
  const text = p.contextText;
  const before = text.slice(Math.max(0, start - window), start);
  const after = text.slice(end, Math.min(text.length, end + window));
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const w of words) {
    const b = before.lastIndexOf(w);
    if (b >= 0) {
      const d = before.length - (b + w.length);
      if (d < bestDistance) [best, bestDistance] = [w, d];
    }
    const a = after.indexOf(w);
    if (a >= 0 && a < bestDistance) [best, bestDistance] = [w, a];
  }
  return best;
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
  return contextWord(p, start, end, words, window) !== undefined;
}
