/**
 * Traditional → simplified for the characters that make up division names and address keywords,
 * one code unit for one code unit.
 *
 * The address recogniser matches on `PreparedText.folded`, not on `contextText`: simplifying a
 * whole text with OpenCC runs at ~12 MB/s, far below the scan budget, while an address is only
 * ever recognised through its division names and keywords. Mapping just those characters (臺 → 台,
 * 區 → 区, 號 → 号 …) through a table built once from OpenCC keeps traditional addresses
 * recognisable at the cost of one array read per character.
 */
import * as OpenCC from 'opencc-js';

/** `TRAD_TO_SIMP[code]` is the simplified code unit, or 0 when the character maps to itself. */
let table: Uint16Array | undefined;
const pending: string[] = [];

/**
 * Registers simplified characters whose traditional forms must be folded. Call before the first
 * lookup; lexicon modules call it at load.
 *
 * @example
 * registerAddressChars('区县号楼');
 */
export function registerAddressChars(simplified: string): void {
  pending.push(simplified);
  // Lexicons loaded after the first lookup (the divisions are loaded lazily) extend the table.
  if (table) addTo(table);
}

function build(): Uint16Array {
  const t = new Uint16Array(0x10000);
  for (const [trad, simp] of [['臺', '台'], ['衕', '同'], ['衚', '胡']] as const) {
    t[trad.charCodeAt(0)] = simp.charCodeAt(0);
  }
  addTo(t);
  return t;
}

function addTo(t: Uint16Array): void {
  const chars = [...new Set(pending.splice(0).join(''))].filter((c) => c.length === 1);
  if (chars.length === 0) return;
  // One converter call per locale over all characters, newline-separated so that OpenCC's phrase
  // tables never join two of them.
  const joined = chars.join('\n');
  for (const to of ['tw', 'hk', 't'] as const) {
    const out = OpenCC.Converter({ from: 'cn', to })(joined).split('\n');
    if (out.length !== chars.length) continue;
    for (let k = 0; k < chars.length; k++) {
      const trad = out[k]!;
      if (trad.length === 1 && trad !== chars[k]) t[trad.charCodeAt(0)] = chars[k]!.charCodeAt(0);
    }
  }
}

/**
 * The simplified code unit for `code` (itself when it is not a registered traditional form).
 *
 * @example
 * simplifiedCode('區'.charCodeAt(0)) === '区'.charCodeAt(0) // true
 */
export function simplifiedCode(code: number): number {
  const t = (table ??= build());
  return t[code] || code;
}

/**
 * Simplifies the registered characters of `s`; same length as `s`.
 *
 * @example
 * simplifyAddressChars('臺北市大安區') // '台北市大安区'
 */
export function simplifyAddressChars(s: string): string {
  const t = (table ??= build());
  let first = -1;
  for (let i = 0; i < s.length; i++) {
    if (t[s.charCodeAt(i)]) {
      first = i;
      break;
    }
  }
  if (first < 0) return s;
  // One typed-array pass and one decode: per-character string concatenation is far slower on
  // megabyte texts.
  const codes = new Uint16Array(s.length);
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    codes[i] = i < first ? c : t[c] || c;
  }
  return Buffer.from(codes.buffer, codes.byteOffset, codes.byteLength).toString('utf16le');
}
