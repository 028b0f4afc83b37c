/**
 * The text every monitor pattern looks at: full-width forms folded, ASCII lower-cased, traditional
 * characters simplified — and still index-for-index aligned with the original, so a span found in
 * it is a span of the post.
 *
 * This is the detection engine's context form (`contextForm`): one fixed traditional→simplified
 * table of single characters (generated from OpenCC and checked against it by a test), so the
 * monitor never runs OpenCC per post, and the signal lexicons only need characters, not OpenCC's
 * phrase-level choices.
 */
import { contextForm, foldWidth, simplifyChars } from '../detect/prepared-text.ts';

export { simplifyChars };

/**
 * The matching view of a post: same UTF-16 length as `text`, index for index.
 *
 * @example
 * toMatchingView('ＶＸ：長期') // 'vx:长期'
 */
export function toMatchingView(text: string): string {
  return contextForm(foldWidth(text));
}
