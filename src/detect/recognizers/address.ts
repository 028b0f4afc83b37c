/**
 * ADDRESS: Chinese postal addresses, from the province down to the room.
 *
 * An address is read as a chain of parts, each at a finer level than the one before:
 * division names from the GB/T 2260 lexicon (省 → 市 → 区/县), then township (街道/镇/乡),
 * village or community, road (路/街/大道/巷/胡同), house number (号/弄), estate (小区/花园/大厦…)
 * and building parts (栋/单元/室…). The whole chain is reported as one span.
 *
 * A chain is an address when it has at least two administrative levels or a street-level
 * structure (road + number, estate + unit); a lone division name ("我去北京出差"), a dateline or an
 * organisation named after its city ("北京市朝阳区人民法院") is not.
 *
 * Matching runs on `folded` with traditional characters of division names and keywords read as
 * simplified (see lexicon/traditional-chars.ts), so 臺北市大安區 and full-width digits need no
 * whole-text conversion.
 */
import type { PreparedText } from '../prepared-text.ts';
import type { RawMatch, Recognizer } from '../recognizer.ts';
import { foldTraditional, lexiconText } from '../lexicon/traditional-chars.ts';
import {
  divisionLengthAt,
  divisionLexicon,
  isWithin,
  matchDivisionAt,
  type Division,
  type DivisionForm,
} from '../lexicon/divisions.ts';
import {
  ESTATE_SUFFIXES,
  LEVEL_CHARS,
  NUMBER_SUFFIXES,
  TOWN_SUFFIXES,
  UNIT_SUFFIXES,
  VILLAGE_SUFFIXES,
  ZONE_SUFFIXES,
} from '../lexicon/street-suffixes.ts';

/** The kinds of address parts, in the order they appear in an address. */
export type AddressPartKind =
  'province' | 'city' | 'county' | 'town' | 'village' | 'road' | 'number' | 'estate' | 'unit';

const RANK: Record<AddressPartKind, number> = {
  province: 1,
  city: 2,
  county: 3,
  town: 4,
  village: 5,
  road: 6,
  number: 7,
  estate: 8,
  unit: 9,
};

export interface AddressPart {
  readonly kind: AddressPartKind;
  /** Offsets in the parsed text. */
  readonly start: number;
  readonly end: number;
  /** The division, when the part is a known one. */
  readonly division?: Division;
  /** True when a division was written with its level suffix (广东省 rather than 广东). */
  readonly full?: boolean;
}

export interface ParsedAddress {
  readonly start: number;
  readonly end: number;
  readonly parts: readonly AddressPart[];
  /** Confidence in [0, 1] from structure alone (no context words). */
  readonly score: number;
}

/** Function words and particles that never occur inside a place or street name. */
// Kept short on purpose: place names use many function-like characters (和平, 六都, 无锡, 来安).
const FUNCTION_CHARS = '的是在了与及或等把被给对让也就还很最更这其之而我你他她它们个没说';
/** Characters that end a part; a name before a suffix never contains them. */
const STRUCTURE_CHARS = LEVEL_CHARS + '路街道巷弄号室栋楼幢座层';
/** A character that may be part of a place, street or estate name. */
const N = `[[\\u4e00-\\u9fff\\u3007]--[${FUNCTION_CHARS}${STRUCTURE_CHARS}]]`;
const CN_NUM = '[一二三四五六七八九十百零〇]';
const alt = (words: readonly string[]): string => words.join('|');

const PART_PATTERNS: readonly [AddressPartKind, RegExp][] = [
  // Sub-districts are often named after a road (解放路街道), so 路 may occur in their names.
  // Ethnic townships have long names (上高桥回族彝族苗族乡).
  ['town', new RegExp(`(?:${N}|[路街道巷号楼]){1,12}?(?:${alt(TOWN_SUFFIXES)})(?:街道)?`, 'vy')],
  ['town', new RegExp(`${N}{0,8}?(?:${alt(ZONE_SUFFIXES)})`, 'vy')],
  ['village', new RegExp(`${N}{1,6}?(?:${alt(VILLAGE_SUFFIXES)})`, 'vy')],
  [
    'road',
    // 道 alone ends many ordinary words (知道, 渠道), so it counts only before a house number.
    new RegExp(
      `(?:${N}|[0-9]){1,10}?(?:大道|大街|胡同|路|街|巷|道(?=${CN_NUM}+|[0-9]+[号弄]))` +
        `(?:[东西南北中]段|(?:[0-9]+|${CN_NUM}+)段)?`,
      'vy',
    ),
  ],
  ['number', new RegExp(`(?:[0-9]+(?:-[0-9]+)*|${CN_NUM}+) ?(?:${alt(NUMBER_SUFFIXES)})`, 'vy')],
  // Greedy: "新城公寓", "华府华庭" end at the last estate word, not the first.
  ['estate', new RegExp(`(?:${N}|[0-9A-Za-z]){0,10}(?:${alt(ESTATE_SUFFIXES)})`, 'vy')],
  [
    'unit',
    new RegExp(
      `(?:(?:[0-9A-Za-z]+(?:-[0-9A-Za-z]+)*|${CN_NUM}+)(?:${alt(UNIT_SUFFIXES)})|[东西南北中]区|` +
        // A room number without 室 after a unit: 2单元2504.
        `[0-9]+(?:-[0-9]+)+|(?<=单元|栋|幢|座|楼|号)[0-9]{3,4}(?![0-9]))`,
      'vy',
    ),
  ],
];

/** A county-level name missing from the lexicon (a new district), right after a known city. */
const GENERIC_COUNTY = new RegExp(`${N}{1,5}?(?:新区|开发区|区|县|旗|市)`, 'vy');

/** Words before an address that announce one. */
const ADDRESS_CONTEXT =
  /(?:地址|住址|家住|住在|现住|居住|户籍|籍贯|寄往|寄到|送至|送到|所在地|住所|位于|address|addr)(?:[:：]|是|为|于)?[ \t]*"?$/i;

/** What follows a division in the name of an organisation or a news item rather than an address. */
const ORGANISATION_AFTER =
  /^[\u4e00-\u9fff]{0,10}?(?:公司|集团|银行|分行|支行|法院|检察院|政府|公安|警方|派出所|委员会|医院|大学|学院|学校|中学|小学|协会|管理局|局|厅|办公室|电视台|日报|报社|一男子|一女子|男子|女子|市民|网友|居民)/u;

/** Bounds how far a chain may run; real addresses are far shorter. */
const MAX_ADDRESS_LENGTH = 96;

interface ChainState {
  parts: AddressPart[];
  rank: number;
  lastDivision: Division | undefined;
  consistent: boolean;
}

/** Picks the form of a division that fits under the previous one and below its rank. */
function pickForm(forms: readonly DivisionForm[], state: ChainState): DivisionForm | undefined {
  let best: DivisionForm | undefined;
  for (const f of forms) {
    if (f.division.level <= state.rank) continue;
    const fits = !state.lastDivision || isWithin(f.division, state.lastDivision);
    const bestFits = best && (!state.lastDivision || isWithin(best.division, state.lastDivision));
    if (
      !best ||
      (fits && !bestFits) ||
      (fits === bestFits && f.division.level < best.division.level)
    ) {
      best = f;
    }
  }
  return best;
}

const KIND_OF_LEVEL: Record<number, AddressPartKind> = { 1: 'province', 2: 'city', 3: 'county' };

/**
 * Reads the longest address chain starting at `start` of `w` (text already passed through
 * foldTraditional). Returns undefined when no part starts there.
 *
 * @example
 * parseAddressAt('上海市浦东新区张江路123弄4号502室', 0)?.end // 20
 */
export function parseAddressAt(w: string, start: number): ParsedAddress | undefined {
  const state: ChainState = { parts: [], rank: 0, lastDivision: undefined, consistent: true };
  const limit = Math.min(w.length, start + MAX_ADDRESS_LENGTH);
  let i = start;
  while (i < limit) {
    let pos = i;
    // One space, or a line break (addresses wrapped inside a table cell), may separate parts.
    if (state.parts.length > 0) {
      const c = w.charCodeAt(pos);
      if (c === 0x20 || c === 0x0a) pos++;
      // "产业园-沿江街道": a hyphen between two named parts.
      else if (c === 0x2d && /[\u4e00-\u9fff]/.test(w.charAt(pos + 1))) pos++;
      else if (c === 0x0d && w.charCodeAt(pos + 1) === 0x0a) pos += 2;
    }
    const part = nextPart(w, pos, state);
    if (!part) break;
    state.parts.push(part);
    state.rank = Math.max(state.rank, RANK[part.kind]);
    if (part.division) {
      if (state.lastDivision && !isWithin(part.division, state.lastDivision)) {
        state.consistent = false;
      }
      state.lastDivision = part.division;
    }
    i = part.end;
  }
  if (state.parts.length === 0) return undefined;
  const end = state.parts[state.parts.length - 1]!.end;
  return { start, end, parts: state.parts, score: structureScore(state, w, end) };
}

/**
 * `PART_END[c]` is 1 for the characters that end a sub-county part (镇, 路, 号, 室 …) and for
 * digits. A part pattern can only match when one occurs soon, so most division names in running
 * text ("去北京出差") are dismissed with a few array reads instead of six regex runs.
 */
const PART_END = new Uint8Array(0x10000);
for (const c of '街道镇乡木村会区查路巷同号院弄楼元栋幢座层室户期园厦寓场城苑庄心市县旗0123456789') {
  PART_END[c.charCodeAt(0)] = 1;
}
const PART_LOOKAHEAD = 13;

function partEndAhead(w: string, pos: number): boolean {
  const stop = Math.min(w.length, pos + PART_LOOKAHEAD);
  for (let k = pos; k < stop; k++) if (PART_END[w.charCodeAt(k)] === 1) return true;
  return false;
}

function nextPart(w: string, pos: number, state: ChainState): AddressPart | undefined {
  let best: AddressPart | undefined;
  if (!partEndAhead(w, pos)) {
    if (state.rank >= 3) return undefined;
    const m = matchDivisionAt(w, pos);
    const form = m && pickForm(m.forms, state);
    return m && form
      ? {
          kind: KIND_OF_LEVEL[form.division.level]!,
          start: pos,
          end: pos + m.length,
          division: form.division,
          full: form.full,
        }
      : undefined;
  }
  if (state.rank < 3) {
    const m = matchDivisionAt(w, pos);
    const form = m && pickForm(m.forms, state);
    if (m && form) {
      best = {
        kind: KIND_OF_LEVEL[form.division.level]!,
        start: pos,
        end: pos + m.length,
        division: form.division,
        full: form.full,
      };
    }
    // A district that the lexicon does not know yet, directly under a known city or province.
    if (!best && state.lastDivision && state.rank < 3 && state.parts.length > 0) {
      GENERIC_COUNTY.lastIndex = pos;
      if (GENERIC_COUNTY.test(w)) {
        best = { kind: 'county', start: pos, end: GENERIC_COUNTY.lastIndex };
      }
    }
  }
  for (const [kind, re] of PART_PATTERNS) {
    const rank = RANK[kind];
    // Parts go from coarse to fine; numbers, estates and units may interleave (123弄4号502室).
    if (rank <= state.rank && !(state.rank >= 7 && rank >= 7)) continue;
    // The estate pattern is greedy and loose: it only fills in where nothing more specific fits
    // (so 二九〇农场|张湾村 is read as town + village, not as one estate ending in 湾).
    if (kind === 'estate' && best) continue;
    // A known division is more reliable than a township pattern that swallows it (甘孜藏族自治州乡…
    // would read as one township); only a road may extend it (中山 → 中山路).
    if ((kind === 'town' || kind === 'village') && best?.division) continue;
    re.lastIndex = pos;
    if (!re.test(w)) continue;
    const end = re.lastIndex;
    if (!best || end > best.end) best = { kind, start: pos, end };
  }
  return best;
}

function structureScore(state: ChainState, w: string, end: number): number {
  let admin = 0;
  let fullDivisions = 0;
  const has = new Set<AddressPartKind>();
  for (const p of state.parts) {
    has.add(p.kind);
    if (RANK[p.kind] <= 5) admin++;
    if (p.division && p.full) fullDivisions++;
  }
  const road = has.has('road');
  const number = has.has('number');
  const unit = has.has('unit');
  const estate = has.has('estate');
  const street = (road && number) || ((road || estate || number) && unit);
  const anyStreet = road || number || estate || unit;

  let score: number;
  if (street) score = admin >= 1 ? 0.95 : 0.8;
  else if (anyStreet && admin >= 2) score = 0.85;
  // One division and an estate only ("常州恐龙园") is as often a sight as an address.
  else if (anyStreet && admin === 1) score = road || number || unit ? 0.7 : 0.45;
  else if (admin >= 3) score = 0.6;
  // "深圳市南山区的房价": two divisions in prose name a place, not where someone lives; a context
  // word (地址, 家住) or a street part makes it an address.
  else if (admin === 2) score = fullDivisions >= 1 ? 0.45 : 0.4;
  else score = anyStreet ? 0.35 : 0.3;

  if (!state.consistent) score -= 0.25;
  // "北京市朝阳区人民法院", "广东省深圳市警方": a division that names an organisation or a story.
  if (!street && ORGANISATION_AFTER.test(w.slice(end, end + 16))) score = Math.min(score, 0.3);
  return Math.max(0, Math.min(0.99, score));
}

/** Road + number directly: anchors addresses written without any division. */
const ROAD_NUMBER_ANCHOR =
  /(?:路|街|道|巷|弄|同)[ ]?(?:[0-9]+|[一二三四五六七八九十百]+)[ ]?(?:号|弄)|(?:小区|花园|大厦|公寓|新村|家园|苑|园|广场)[0-9A-Za-z一二三四五六七八九十]+(?:号楼|栋|幢|座|单元)/g;
/** Words that may sit right before a road name and are not part of it. */
const LEAD_WORDS = /^.*(?:地址|住址|位于|住在|住|地点|坐落于|坐落|门牌|搬到|寄到|送到|是|在)/u;
const NAME_OR_DIGIT = new RegExp(`${N}|[0-9]`, 'v');

/** Bonus for a context word right before the address. */
const CONTEXT_BONUS = 0.15;
const CONTEXT_LOOKBEHIND = 8;

function recognizeAddresses(p: PreparedText): RawMatch[] {
  // Length-preserving, so offsets in `text` are offsets in the original.
  const text = lexiconText(p);
  const out: RawMatch[] = [];
  const lex = divisionLexicon();
  let coveredEnd = 0;

  const tryAt = (start: number): void => {
    const parsed = parseAddressAt(text, start);
    if (!parsed || parsed.parts.length < 2) return;
    let score = parsed.score;
    const before = text.slice(Math.max(0, start - CONTEXT_LOOKBEHIND), start);
    if (ADDRESS_CONTEXT.test(before)) score = Math.min(0.99, Math.max(score + CONTEXT_BONUS, 0.6));
    out.push({ start, end: parsed.end, score });
    coveredEnd = parsed.end;
  };

  // Road + number anchors: an address written without any division starts at its road name.
  const roadStarts: number[] = [];
  ROAD_NUMBER_ANCHOR.lastIndex = 0;
  for (let m = ROAD_NUMBER_ANCHOR.exec(text); m; m = ROAD_NUMBER_ANCHOR.exec(text)) {
    let s = m.index;
    while (s > 0 && m.index - s < 10 && NAME_OR_DIGIT.test(text.charAt(s - 1))) s--;
    const lead = LEAD_WORDS.exec(text.slice(s, m.index));
    if (lead) s += lead[0].length;
    if (s < m.index) roadStarts.push(s);
  }

  // This loop visits every character of every unit: what it reads per character is kept in
  // locals (the first-character table, the next road start, looked at only once reached) and
  // covered text is jumped over — ~20% less CPU for the recogniser than reading the road-start
  // array and the lexicon object at every character.
  const firstChar = lex.firstChar;
  const n = text.length;
  let r = 0;
  /** roadStarts[r], or -1 when none is left. */
  let nextRoad = roadStarts.length > 0 ? roadStarts[0]! : -1;
  for (let i = 0; i < n; i++) {
    if (i < coveredEnd) {
      i = coveredEnd - 1;
      continue;
    }
    if (firstChar[text.charCodeAt(i)] === 1 && divisionLengthAt(text, i) > 0) {
      tryAt(i);
      if (coveredEnd > i) continue;
    }
    if (nextRoad >= 0 && nextRoad <= i) {
      while (r < roadStarts.length && roadStarts[r]! < i) r++;
      nextRoad = r < roadStarts.length ? roadStarts[r]! : -1;
      if (nextRoad === i) tryAt(i);
    }
  }
  return out;
}

/**
 * How much a bare table cell looks like an address, in [0, 1] — for column classification.
 *
 * @example
 * addressLikelihood('北京市朝阳区建国路88号') // 0.95
 * addressLikelihood('北京') // 0.3
 */
export function addressLikelihood(cell: string): number {
  const v = foldTraditional(
    cell.trim().replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)),
  );
  if (v.length < 4) return 0;
  const parsed = parseAddressAt(v, 0);
  if (!parsed) return 0;
  const coverage = (parsed.end - parsed.start) / v.length;
  return Math.round(parsed.score * Math.min(1, coverage + 0.2) * 1000) / 1000;
}

/**
 * The ADDRESS recogniser.
 *
 * @example
 * ADDRESS_RECOGNIZER.recognize(prepareText('地址：上海市浦东新区张江路123弄4号502室'))
 * // [{ start: 3, end: 23, score: 0.99 }]
 */
export const ADDRESS_RECOGNIZER: Recognizer = {
  name: 'address',
  type: 'ADDRESS',
  recognize: recognizeAddresses,
};
