/**
 * Canonical form of a person's name, so that the same name written differently in a leaked file
 * ("张 伟", "張偉", "阿卜杜 · 热合曼", "ZHANG  wei") matches the vault's blind index.
 */
import { foldWidth, simplify } from '../prepared-text.ts';

/** Middle dots and look-alikes used between the parts of transliterated names. */
const DOTS = /\s*[\u00B7\u2022\u2027\u30FB\uFF65\u2219\u22C5.]\s*/g;

/**
 * Normalises a name: full-width folded, traditional → simplified, spaces between Chinese
 * characters removed, every middle-dot variant written as U+00B7 without spaces, romanised names
 * in lower case with single spaces.
 *
 * @example
 * normalizePersonName(' 張 偉 ') // '张伟'
 * normalizePersonName('阿卜杜 • 热合曼') // '阿卜杜·热合曼'
 * normalizePersonName('ZHANG  Wei') // 'zhang wei'
 */
export function normalizePersonName(name: string): string {
  let s = simplify(foldWidth(name)).trim();
  s = s.replace(DOTS, '\u00B7');
  // Spaces inside a Chinese name are formatting ("张  伟" in fixed-width exports), not content.
  s = s.replace(/(?<=[\u4e00-\u9fff\u00B7])\s+(?=[\u4e00-\u9fff\u00B7])/g, '');
  if (!/[\u4e00-\u9fff]/.test(s)) s = s.toLowerCase().replace(/\s+/g, ' ');
  return s;
}
