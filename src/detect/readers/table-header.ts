/**
 * Whether a table's first row names its columns. Exports from business systems almost always
 * carry a header, but a leaked list often does not; a row of values must not be taken for names.
 */

/** A header cell holds a name, not a value: no long digit runs, no e-mail, not too long. */
const VALUE_LIKE = /\d{5,}|@|^\s*[\d.,:/\-\s]+\s*$/;

/** Header names longer than this are more likely values (an address, a remark). */
const MAX_HEADER_LENGTH = 40;

/**
 * True when `cells` look like column names.
 *
 * @example
 * looksLikeHeader(['姓名', '手机', 'email']) // true
 * looksLikeHeader(['张伟', '13800138000'])    // false
 */
export function looksLikeHeader(cells: readonly string[]): boolean {
  const named = cells.filter((c) => c.trim().length > 0);
  if (named.length === 0) return false;
  return named.every((c) => c.length <= MAX_HEADER_LENGTH && !VALUE_LIKE.test(c));
}
