/**
 * The text every monitor pattern looks at: full-width forms folded, ASCII lower-cased, traditional
 * characters simplified — and still index-for-index aligned with the original, so a span found in
 * it is a span of the post.
 *
 * Simplification is per character, through a table built once from the detection engine's
 * `simplify` (OpenCC): running OpenCC on every post cost more than the whole classifier, and the
 * signal lexicons only need characters, not OpenCC's phrase-level choices.
 */
import { foldWidth, simplify } from '../detect/prepared-text.ts';

// CJK Unified Ideographs and the compatibility block: where the traditional forms of everyday
// text live (extension A holds rare characters no lexicon word uses).
const RANGES: ReadonlyArray<[number, number]> = [
  [0x4e00, 0x9fff],
  [0xf900, 0xfaff],
];
/** Characters OpenCC simplifies one-for-one, each to its single simplified character. */
let table: Map<string, string> | undefined;
let tableRe: RegExp | undefined;

/** Adds the one-for-one simplifications among `chars` to `into`. */
function addBatch(chars: readonly string[], into: Map<string, string>): void {
  // Line breaks keep OpenCC from reading neighbours as one phrase.
  const joined = chars.join('\n');
  const out = simplify(joined);
  // `simplify` hands back its input unchanged when OpenCC changed the length anywhere (one
  // character in the batch became a surrogate pair, say), so an unchanged batch proves nothing:
  // split it until it converts or is a single character.
  if (out !== joined || chars.length === 1) {
    for (let i = 0; i < chars.length; i++) {
      const c = out[i * 2]!;
      if (c !== chars[i]) into.set(chars[i]!, c);
    }
  } else if (chars.length > 1) {
    const mid = chars.length >> 1;
    addBatch(chars.slice(0, mid), into);
    addBatch(chars.slice(mid), into);
  }
}

function buildTable(): void {
  table = new Map();
  for (const [lo, hi] of RANGES) {
    for (let start = lo; start <= hi; start += 1024) {
      const chars = Array.from({ length: Math.min(1024, hi - start + 1) }, (_, i) =>
        String.fromCharCode(start + i),
      );
      addBatch(chars, table);
    }
  }
  tableRe = new RegExp(`[${[...table.keys()].join('')}]`, 'g');
}

/**
 * Simplifies traditional characters one for one (same length as the input).
 *
 * @example
 * simplifyChars('長期出售車主資料') // '长期出售车主资料'
 */
export function simplifyChars(s: string): string {
  if (tableRe === undefined) buildTable();
  const re = tableRe!;
  re.lastIndex = 0;
  if (!re.test(s)) return s;
  re.lastIndex = 0;
  return s.replace(re, (c) => table!.get(c) ?? c);
}

/**
 * The matching view of a post: same UTF-16 length as `text`, index for index.
 *
 * @example
 * toMatchingView('ＶＸ：長期') // 'vx:长期'
 */
export function toMatchingView(text: string): string {
  const folded = foldWidth(text);
  const lower = folded.toLowerCase();
  return simplifyChars(lower.length === folded.length ? lower : folded);
}
