/**
 * Text prepared once for all recognisers. Recognisers match on `folded` (full-width forms turned
 * to ASCII) and look for context words in `contextText` (also lower-cased and traditional →
 * simplified). Both have exactly the same UTF-16 length as `original`, index for index, so a span
 * found in either is a span of the original text — that is what lets piguard report spans on the
 * text as written (DESIGN §4.1).
 */
import { createRequire } from 'node:module';
import type * as OpenCCModule from 'opencc-js';
import { simplifiedUnit } from './normalizers/simplified-chars.ts';

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

/**
 * Folds full-width ASCII forms and the ideographic space; length-preserving.
 *
 * @example
 * foldWidth('ＱＱ：１２３') // 'QQ:123'
 */
export function foldWidth(s: string): string {
  return fold(s).folded;
}

/**
 * `foldWidth`, and where the text's high surrogates are when folding walked it unit by unit
 * (long texts with full-width forms: every scan unit of Chinese text), else undefined.
 */
function fold(s: string): { folded: string; highSurrogates: number[] | undefined } {
  if (!FULL_WIDTH.test(s)) return { folded: s, highSurrogates: undefined };
  // Short strings: a replace is cheapest. Long ones (scan units of 128 K units, full of
  // full-width punctuation in Chinese text): one pass over a UTF-16 copy and one decode, where a
  // replace callback per character cost a tenth of the structured scan.
  if (s.length < 256) {
    const folded = s.replace(FULL_WIDTH_G, (c) =>
      c === '\u3000' ? ' ' : String.fromCharCode(c.charCodeAt(0) - 0xfee0),
    );
    return { folded, highSurrogates: undefined };
  }
  const bytes = s.length * 2;
  // A scan folds one unit after another, each a few hundred KB: the copy goes to one reused
  // buffer rather than a new one each time (external memory that only a full GC gives back).
  const buf =
    bytes <= MAX_SCRATCH_BYTES
      ? (scratch = scratch && scratch.length >= bytes ? scratch : Buffer.allocUnsafeSlow(bytes))
      : Buffer.allocUnsafeSlow(bytes);
  buf.write(s, 0, bytes, 'utf16le');
  const highSurrogates: number[] = [];
  foldUnits(new Uint16Array(buf.buffer, buf.byteOffset, s.length), highSurrogates);
  return { folded: buf.toString('utf16le', 0, bytes), highSurrogates };
}

/** The buffer `fold` reuses, grown to the largest text folded, up to MAX_SCRATCH_BYTES. */
let scratch: Buffer | undefined;
/** Texts larger than this (a whole file scanned at once) get a buffer of their own. */
const MAX_SCRATCH_BYTES = 2 * 1024 * 1024;

/**
 * The folding loop, a function of its own: inline, V8 optimised it on stack replacement and
 * threw the code away after the loop (no type feedback yet for what follows), so a scan of
 * structured types ran part of most units' folding in the interpreter (18 times in 50 MB).
 * Notes where the high surrogates are on the way (folding leaves them as they are).
 */
function foldUnits(units: Uint16Array, highSurrogates: number[]): void {
  for (let i = 0; i < units.length; i++) {
    const c = units[i]!;
    if (c >= 0xff01 && c <= 0xff5e) units[i] = c - 0xfee0;
    else if (c === 0x3000) units[i] = 0x20;
    else if (c >= 0xd800 && c <= 0xdbff) highSurrogates.push(i);
  }
}

let toSimplified: ((s: string) => string) | undefined;

/**
 * OpenCC, loaded on first use: only `simplify` (names and addresses, phrase tables) needs it,
 * and a scan of structured types should not pay for loading its dictionaries.
 */
function openCC(): typeof OpenCCModule {
  return createRequire(import.meta.url)('opencc-js') as typeof OpenCCModule;
}

/**
 * Traditional → simplified with OpenCC's phrase tables. They may change a string's length;
 * where they do, the original characters are kept so offsets stay aligned.
 *
 * @example
 * simplify('身份證號碼') // '身份证号码'
 */
export function simplify(s: string): string {
  // Only CJK text can change; skip the converter for pure ASCII.
  if (!/[\u3400-\u9fff\uf900-\ufaff]/.test(s)) return s;
  const convert = (toSimplified ??= openCC().Converter({ from: 'hk', to: 'cn' }));
  const out = convert(s);
  return out.length === s.length ? out : s;
}

/**
 * The simplified form of one character: OpenCC's character dictionaries (standard and Hong Kong
 * traditional) as a fixed table (normalizers/simplified-chars.ts), so no converter is built.
 */
function simplifiedChar(code: number): number {
  return simplifiedUnit(code);
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
  let out = '';
  let last = 0;
  for (let i = 0; i < s.length; i++) {
    const code = s.charCodeAt(i);
    if (code < 0x3400) continue;
    const to = simplifiedChar(code);
    if (to !== code) {
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

/** Per BMP code unit: 0 = not looked up, 1 = unchanged by lower-casing, else 2 + the lower-case unit. */
const lowerTable = new Uint32Array(0x10000);
/** Marks a unit whose lower case is not one unit of its own (İ → i̇; Σ depends on context). */
const IRREGULAR = 0xffffffff;

function lowerEntry(code: number): number {
  let e = lowerTable[code]!;
  if (e === 0) {
    const lower = String.fromCharCode(code).toLowerCase();
    e =
      code === 0x3a3 || lower.length !== 1
        ? IRREGULAR
        : lower.charCodeAt(0) === code
          ? 1
          : 2 + lower.charCodeAt(0);
    lowerTable[code] = e;
  }
  return e;
}

/**
 * `contextForm(folded.slice(from, to))`, computed without conversions when the slice has
 * nothing to convert (no upper-case letter, no traditional character), as most windows around a
 * number are: context windows are taken around every candidate, and lower-casing and converting
 * each (ICU and a regex per window) cost more than the rest of the context work.
 *
 * @example
 * contextSlice('手機號: 138', 0, 3) // '手机号'
 */
export function contextSlice(folded: string, from: number, to: number): string {
  let i = from;
  for (; i < to; i++) {
    const c = folded.charCodeAt(i);
    if (c < 0x80) {
      if (c >= 65 && c <= 90) break;
    } else if (lowerEntry(c) !== 1 || (c >= 0x3400 && simplifiedChar(c) !== c)) {
      break;
    }
  }
  const slice = folded.slice(from, to);
  return i === to ? slice : contextForm(slice);
}

/**
 * Prepares text for recognisers.
 *
 * @example
 * const p = prepareText('手机：１３８ ００１３ ８０００');
 * p.folded // '手机:138 0013 8000'
 */
export function prepareText(original: string): PreparedText {
  const { folded, highSurrogates } = fold(original);
  let contextText: string | undefined;
  const prepared: PreparedText = {
    original,
    folded,
    get contextText(): string {
      contextText ??= contextForm(folded);
      return contextText;
    },
  };
  if (highSurrogates) highSurrogatesOf.set(prepared, highSurrogates);
  return prepared;
}

/** The high surrogates of prepared texts, where folding walked the text and noted them. */
const highSurrogatesOf = new WeakMap<PreparedText, readonly number[]>();

/**
 * The indices of the high surrogates of `p.original`, in order, when folding noted them (it
 * walks most scan units anyway); undefined when the text has to be searched for them. Turning
 * UTF-16 offsets into code points needs them: searching a whole unit for the pairs it rarely has
 * (and, past the last one, to its end) cost a twentieth of a structured scan.
 *
 * @example
 * highSurrogates(prepareText('ＡＢ'.repeat(200) + '😀')) // [400]
 */
export function highSurrogates(p: PreparedText): readonly number[] | undefined {
  return highSurrogatesOf.get(p);
}
