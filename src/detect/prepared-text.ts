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

let charTable: Uint16Array | undefined;

/**
 * A code-unit table traditional → simplified for single BMP characters, built once from OpenCC's
 * character dictionaries (standard, Hong Kong and Taiwan variants). Converting each character
 * on its own keeps every string's length, and a table lookup costs nanoseconds where a converter
 * call costs microseconds — context lookups run once per candidate, so this is on the hot path.
 */
function simplifiedCharTable(): Uint16Array {
  if (charTable) return charTable;
  const table = new Uint16Array(0x10000);
  const chars: string[] = [];
  for (let c = 0x3400; c <= 0x9fff; c++) chars.push(String.fromCharCode(c));
  for (let c = 0xf900; c <= 0xfaff; c++) chars.push(String.fromCharCode(c));
  // One character a line, so that no phrase rule can join two of them.
  const source = chars.join('\n');
  for (const from of ['t', 'hk', 'tw'] as const) {
    const out = OpenCC.Converter({ from, to: 'cn' })(source).split('\n');
    if (out.length !== chars.length) continue;
    for (let i = 0; i < chars.length; i++) {
      const code = chars[i]!.charCodeAt(0);
      const o = out[i]!;
      if (o.length === 1 && table[code] === 0 && o.charCodeAt(0) !== code) {
        table[code] = o.charCodeAt(0);
      }
    }
  }
  charTable = table;
  return table;
}

const HAS_CJK = /[\u3400-\u9fff\uf900-\ufaff]/;

/**
 * Traditional → simplified one character at a time; the result always has the length of the
 * input, index for index.
 *
 * @example
 * simplifyChars('手機號碼') // '手机号码'
 */
export function simplifyChars(s: string): string {
  if (!HAS_CJK.test(s)) return s;
  const table = simplifiedCharTable();
  let out = '';
  let last = 0;
  for (let i = 0; i < s.length; i++) {
    const to = table[s.charCodeAt(i)]!;
    if (to !== 0) {
      out += s.slice(last, i) + String.fromCharCode(to);
      last = i + 1;
    }
  }
  return last === 0 ? s : out + s.slice(last);
}

/**
 * The context form of any piece of folded text: ASCII lower-cased, traditional → simplified,
 * same length. Recognisers call it on a small window around a candidate (see `context.ts`);
 * `PreparedText.contextText` is the same function over the whole text.
 *
 * @example
 * contextForm('手機 Tel') // '手机 tel'
 */
export function contextForm(folded: string): string {
  const lower = folded.toLowerCase();
  return simplifyChars(lower.length === folded.length ? lower : folded);
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
      contextText ??= contextForm(folded);
      return contextText;
    },
  };
}
