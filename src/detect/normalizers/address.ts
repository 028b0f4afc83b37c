/**
 * Canonical form of a postal address, so that one address written in different ways (full-width
 * digits, traditional characters, with or without the province) compares equal.
 */
import { foldWidth, simplify } from '../prepared-text.ts';
import { divisionLexicon, type Division } from '../lexicon/divisions.ts';
import { foldTraditional } from '../lexicon/traditional-chars.ts';
import { parseAddressAt } from '../recognizers/address.ts';

/** The province and city above a division, as full names, by GB/T 2260 code prefixes. */
function ancestors(d: Division): Division[] {
  const { byCode } = divisionLexicon();
  const out: Division[] = [];
  const province = byCode.get(d.code.slice(0, 2));
  if (province && province !== d) out.push(province);
  if (d.level === 3) {
    const city = byCode.get(d.code.slice(0, 4));
    if (city) out.push(city);
  }
  return out;
}

/**
 * Normalises an address: full-width folded, traditional → simplified, whitespace removed,
 * division short forms written in full (广东深圳 → 广东省深圳市), and the province and city
 * prefixed when the first division named determines them unambiguously (浦东新区… →
 * 上海市浦东新区…; 朝阳区 is left alone — Beijing and Changchun both have one).
 *
 * @example
 * normalizeAddress('浦东新区张江路１２３弄') // '上海市浦东新区张江路123弄'
 * normalizeAddress('臺北市大安區') // '台湾省台北市大安区'
 */
export function normalizeAddress(address: string): string {
  const s = foldTraditional(simplify(foldWidth(address))).replace(/\s+/g, '');
  const parsed = parseAddressAt(s, 0);
  if (!parsed) return s;
  let out = '';
  let pos = 0;
  let first = true;
  for (const part of parsed.parts) {
    out += s.slice(pos, part.start);
    const d = part.division;
    if (d) {
      if (first) {
        const { byName } = divisionLexicon();
        const forms = byName.get(s.slice(part.start, part.end)) ?? [];
        // Only one division is written this way: its ancestors are known.
        if (forms.length === 1)
          out += ancestors(d)
            .map((a) => a.name)
            .join('');
      }
      out += d.name;
    } else {
      out += s.slice(part.start, part.end);
    }
    first = false;
    pos = part.end;
  }
  return out + s.slice(pos);
}
