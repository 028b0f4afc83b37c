/**
 * Text prepared once for all recognisers. Recognisers match on `folded` (full-width forms turned
 * to ASCII) and look for context words in `contextText` (also lower-cased and traditional →
 * simplified). Both have exactly the same UTF-16 length as `original`, index for index, so a span
 * found in either is a span of the original text — that is what lets piguard report spans on the
 * text as written (DESIGN §4.1).
 */
import * as OpenCC from 'opencc-js';

export interface PreparedText {
  /** The decoded input as written. */
  readonly original: string;
  /** Full-width ASCII (U+FF01–U+FF5E) → ASCII, ideographic space → space; same length. */
  readonly folded: string;
  /** `folded`, lower-cased (ASCII), traditional characters → simplified; same length. */
  readonly contextText: string;
}

const FULL_WIDTH = /[\uFF01-\uFF5E\u3000]/;
const FULL_WIDTH_G = /[\uFF01-\uFF5E\u3000]/g;

/** Folds full-width ASCII forms and the ideographic space; length-preserving. */
export function foldWidth(s: string): string {
  if (!FULL_WIDTH.test(s)) return s;
  return s.replace(FULL_WIDTH_G, (c) =>
    c === '\u3000' ? ' ' : String.fromCharCode(c.charCodeAt(0) - 0xfee0),
  );
}

let toSimplified: ((s: string) => string) | undefined;

/**
 * Traditional → simplified, character for character. OpenCC's phrase tables may change a
 * string's length; where they do, the original characters are kept so offsets stay aligned.
 */
export function simplify(s: string): string {
  // Only CJK text can change; skip the converter for pure ASCII.
  if (!/[\u3400-\u9fff\uf900-\ufaff]/.test(s)) return s;
  const convert = (toSimplified ??= OpenCC.Converter({ from: 'hk', to: 'cn' }));
  const out = convert(s);
  return out.length === s.length ? out : s;
}

/**
 * Prepares text for recognisers.
 *
 * @example
 * const p = prepareText('手机：１３８ ００１３ ８０００');
 * p.folded // '手机:138 0013 8000'
 */
export function prepareText(original: string): PreparedText {
  const folded = foldWidth(original);
  let contextText: string | undefined;
  return {
    original,
    folded,
    get contextText(): string {
      if (contextText === undefined) {
        const lower = folded.toLowerCase();
        contextText = simplify(lower.length === folded.length ? lower : folded);
      }
      return contextText;
    },
  };
}
