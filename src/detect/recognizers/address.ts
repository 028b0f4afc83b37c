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
 * organisation named after its city ("北京市朝阳区人民法院") is not. Compounds without an estate word
 * (保利香槟国际12-2-2602, 和平里7栋301) are read up to their building and flat, and a compound or a
 * village group (横车镇蒋楼村1组) stands for an address on its own.
 *
 * Only a person's address is reported: one that belongs to an organisation — a bank branch, a
 * warehouse, a mall, a company's registered or invoice address — is scored below the threshold
 * (isOrganisationSite).
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
/**
 * A building number right ahead: 12栋, 1号楼, 第5座, 3单元, 2门1102 or 12-2-2602. What stands before
 * it is the name of a residential compound.
 */
const BUILDING_AHEAD =
  '第?[0-9A-Za-z]{1,4}(?:栋|幢|号楼|座|单元|门[0-9])|[0-9]{1,3}-[0-9]{1,3}(?:-[0-9]{1,4})?(?![0-9])';

/**
 * Most compounds carry a brand name with no estate word (保利香槟国际, 锦绣江南, 化工厂宿舍,
 * 新华里): any name is an estate when a building number follows it. A code, date or product label
 * is no compound (取件码1-8-4681, 日期12-05-2024, 规格3-12-1500).
 */
const GENERIC_ESTATE = new RegExp(
  `(?:${N}|[路街道巷A-Za-z]){2,12}(?<=\\p{Script=Han})(?<![码期间格价量型])(?=${BUILDING_AHEAD})`,
  'vy',
);
/** How far ahead GENERIC_ESTATE can find its building number (name + 第). */
const GENERIC_ESTATE_REACH = 14;

const PART_PATTERNS: readonly [AddressPartKind, RegExp][] = [
  // Sub-districts are often named after a road (解放路街道), so 路 may occur in their names.
  // Ethnic townships have long names (上高桥回族彝族苗族乡).
  ['town', new RegExp(`(?:${N}|[路街道巷号楼]){1,12}?(?:${alt(TOWN_SUFFIXES)})(?:街道)?`, 'vy')],
  ['town', new RegExp(`${N}{0,8}?(?:${alt(ZONE_SUFFIXES)})`, 'vy')],
  // 楼 ends building numbers, but is common in village names of the central plains (钱楼村).
  ['village', new RegExp(`(?:${N}|楼){1,6}?(?:${alt(VILLAGE_SUFFIXES)})`, 'vy')],
  [
    'road',
    // 道 alone ends many ordinary words (知道, 渠道), so it counts only before a house number.
    new RegExp(
      `(?:${N}|[0-9]){1,10}?(?:大道|大街|胡同|路|街|巷|道(?=${CN_NUM}+|[0-9]+[号弄]))` +
        // 黄埔大道西885号: a direction after the road name, before its number.
        `(?:[东西南北中]段|(?:[0-9]+|${CN_NUM}+)段|[东西南北中](?=[0-9]+号))?`,
      'vy',
    ),
  ],
  ['number', new RegExp(`(?:[0-9]+(?:-[0-9]+)*|${CN_NUM}+) ?(?:${alt(NUMBER_SUFFIXES)})`, 'vy')],
  // Greedy: "新城公寓", "华府华庭" end at the last estate word, not the first. A one-character
  // suffix alone is no estate (区居民 is not one called 居): see nextPart.
  ['estate', new RegExp(`(?:${N}|[0-9A-Za-z]){0,10}(?:${alt(ESTATE_SUFFIXES)})`, 'vy')],
  ['estate', GENERIC_ESTATE],
  [
    'unit',
    new RegExp(
      `(?:[0-9]+[楼层][A-Za-z](?![A-Za-z0-9室户])|第?(?:[0-9A-Za-z]+(?:-[0-9A-Za-z]+)*|${CN_NUM}+)(?:${alt(UNIT_SUFFIXES)})|[东西南北中]区|` +
        // A room number without 室 after a unit: 2单元2504; a flat letter after a floor: 8楼C.
        `[0-9]+(?:-[0-9]+)+|(?<=单元|栋|幢|座|楼|号|门)[0-9]{3,4}(?![0-9]))`,
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

/** True when an ASCII digit occurs in w[from, from + reach). */
function digitAhead(w: string, from: number, reach: number): boolean {
  const stop = Math.min(w.length, from + reach);
  for (let k = from; k < stop; k++) {
    const c = w.charCodeAt(k);
    if (c >= 0x30 && c <= 0x39) return true;
  }
  return false;
}

/** True when a division lying inside `part`'s division is written right after it. */
function divisionFollows(w: string, part: AddressPart): boolean {
  const m = matchDivisionAt(w, part.end);
  return !!m && m.forms.some((f) => isWithin(f.division, part.division!));
}

function nextPart(w: string, pos: number, state: ChainState): AddressPart | undefined {
  let best: AddressPart | undefined;
  let division: AddressPart | undefined;
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
      best = division = {
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
    // Most parts are followed by no building number: a scan for a digit is cheaper than the
    // backtracking lookahead.
    if (re === GENERIC_ESTATE && !digitAhead(w, pos + 2, GENERIC_ESTATE_REACH)) continue;
    re.lastIndex = pos;
    if (!re.test(w)) continue;
    const end = re.lastIndex;
    if (end === pos + 1 && kind === 'estate') continue;
    if (!best || end > best.end) best = { kind, start: pos, end };
  }
  // 澳门路环…: a division followed by another one inside it is not the start of a road name.
  if (division && best?.kind === 'road' && divisionFollows(w, division)) return division;
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
  // A road without a number ("西湖区北山街一带") is where people go, not where one lives.
  else if (anyStreet && admin === 1) score = number || unit ? 0.7 : 0.45;
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

/**
 * Road + number (中山路12号) or estate + building (阳光花园3栋): anchors addresses written
 * without any division.
 */
const ROAD_NUMBER_ANCHOR =
  /(?:路|街|道|巷|弄|同)[ ]?(?:[0-9]+|[一二三四五六七八九十百]+)[ ]?(?:号|弄)|(?:小区|花园|大厦|公寓|新村|家园|苑|园|广场)[0-9A-Za-z一二三四五六七八九十]+(?:号楼|栋|幢|座|单元)/g;
/**
 * More anchors, each found by the character after its first number so that the scan does not
 * stop at every digit: a building with a flat in it (…18栋1408, …6-1-304; the compound's name
 * before the number is read back) and town + village (横车镇蒋楼村).
 */
const COMPOUND_ANCHOR =
  /(?:栋|幢|座|号楼)(?:[0-9]{1,2}单元)?[0-9]{3,4}(?![0-9]|[户人元万套个名辆平米㎡年余多间台次位])|-[0-9]{1,2}-[0-9]{3,4}(?![0-9]|[户人元万套个名辆平米㎡年余多间台次位])|[镇乡](?=[\u4e00-\u9fff]{1,5}村)/g;
/** Words that may sit right before a road name and are not part of it. */
const LEAD_WORDS = /^.*(?:地址|住址|位于|住在|住|地点|坐落于|坐落|门牌|搬到|寄到|送到|是|在)/u;
const NAME_OR_DIGIT = new RegExp(`${N}|[0-9]`, 'v');
const COMPOUND_NAME_CHAR = new RegExp(`${N}|[路街道巷A-Za-z]`, 'v');
const ROAD_CHARS = '路街道巷弄同';
const GLUED = /[0-9A-Za-z-]/;
const BUILDING_NUMBER_CHAR = /[0-9A-Za-z]/;
const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;
/** A code's label right before a number that looks like a building's (取件码1-8-4681). */
const CODE_LABEL_BEFORE = /(?:码|编号|单号|账号|卡号)[:： ]*$/u;

/*
 * Where an organisation is: a bank branch (请到…网点领取, …支行), a returns warehouse, a mall, a
 * company's registered or invoice address. A privacy reviewer does not call these a person's
 * address, so a chain introduced or followed as one is scored below the reporting threshold.
 * Delivery to a workplace ("送到我公司 …") stays an address: only the words right around the
 * chain count.
 */
/** Right after the chain: the organisation the address belongs to. */
const ORGANISATION_SITE_AFTER =
  /^[ \t]?[（(]?(?:营业网点|网点|支行|分行|营业厅|营业部|营业所|分理处|储蓄所|仓储中心|仓库|物流中心|分拣中心|配送中心|商场|购物中心|商厦|门店|专卖店|写字楼|办公楼|公司|办公地址|驿站|快递柜|自提点|派出所|政务服务中心|体检中心|(?:医院|卫生院)(?!宿舍|家属|小区|生活区))/u;
/**
 * A named business right after the chain, or after "的" (…88号凯悦酒店, …88号的一家超市).
 * Staff housing named after one (医院宿舍, 学校家属院) is where people live.
 */
const NAMED_BUSINESS_AFTER =
  /^[ \t]?的?[\p{Script=Han}A-Za-z]{0,6}?(?:酒店|宾馆|饭店|餐厅|超市|商场|购物中心|银行|支行|分行|营业厅|医院|派出所|法院|政务服务中心|学校|幼儿园|门店)(?!宿舍|家属|小区|生活区)/u;
/** Right before the chain: a label or words that introduce an organisation's address. */
const ORGANISATION_SITE_BEFORE =
  /(?:办公地址|办公地点|营业地址|营业地点|公司地址|网点地址|门店地址|店铺地址|站点|地址电话|地址、电话|地址及电话|我行|本行|本院|本院地址|法院地址|网点|自提点|自提地址|退货地址|发货地址|办理地点|服务地点|活动地点|会议地点|集合地点|考点|考场)[:：]?[ \t]*$/u;
/** Right before the chain: a person's delivery or home, whatever building it is in. */
const PERSONAL_ADDRESS_BEFORE =
  /(?:收货|收件|送货|配送|送到|寄到|送至|寄往|家住|住址|现住|户籍|居住)[^\n]{0,4}$/u;
/**
 * 住所 / 住所地 (where a party lives or a company is registered) and 注册地址 (a user's or a
 * company's registered address) are a company's when the record around them is a company's
 * (credit code, legal representative, registered capital) and no person's field (ID number,
 * birth) came after those. An employer's address in a person's record (单位地址) stays theirs.
 */
const COMPANY_ADDRESS_LABEL = /(?:住所地?|注册地址|注册地)[:：]?[ \t]*$/u;
const COMPANY_RECORD_BEFORE =
  /统一社会信用代码|信用代码|法定代表人|注册资本|成立日期|企业名称|公司名称|营业执照|我司|对公账户/gu;
const PERSON_RECORD_BEFORE = /身份证|身份号码|出生|性别|[男女][，,]/gu;
const COMPANY_RECORD_AFTER =
  /^[^\n]{0,3}?[，,；;。]?[ \t\n]*(?:法定代表人|负责人|经营范围|请协助更新对公|对公账户)/u;
/** How far back a company record's fields are looked for before its 住所. */
const COMPANY_RECORD_LOOKBEHIND = 100;

/** True when the chain [start, end) of `text` is an organisation's address. */
function isOrganisationSite(text: string, start: number, end: number): boolean {
  const before = text.slice(Math.max(0, start - 12), start);
  if (ORGANISATION_SITE_BEFORE.test(before)) return true;
  const after = text.slice(end, end + 12);
  if (
    (ORGANISATION_SITE_AFTER.test(after) || NAMED_BUSINESS_AFTER.test(after)) &&
    !PERSONAL_ADDRESS_BEFORE.test(before)
  ) {
    return true;
  }
  if (!COMPANY_ADDRESS_LABEL.test(before)) return false;
  if (COMPANY_RECORD_AFTER.test(text.slice(end, end + 16))) return true;
  const record = text.slice(Math.max(0, start - COMPANY_RECORD_LOOKBEHIND), start);
  return lastIndexOf(COMPANY_RECORD_BEFORE, record) > lastIndexOf(PERSON_RECORD_BEFORE, record);
}

/** Start of the last match of the global regex `re` in `s`, or -1. */
function lastIndexOf(re: RegExp, s: string): number {
  let last = -1;
  re.lastIndex = 0;
  for (let m = re.exec(s); m; m = re.exec(s)) last = m.index;
  return last;
}
/** Score of an organisation's address: kept for callers that ask for everything, not reported. */
const ORGANISATION_SITE_SCORE = 0.3;

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
    if (isOrganisationSite(text, start, parsed.end))
      score = Math.min(score, ORGANISATION_SITE_SCORE);
    out.push({ start, end: parsed.end, score });
    coveredEnd = parsed.end;
  };

  // Anchors: an address written without any division starts at its road or compound name.
  const roadStarts: number[] = [];
  let sorted = true;
  const addStart = (at: number, building: boolean): void => {
    let s = at;
    // A compound's or town's name may contain a road word (铁路新村); a road's may not.
    const name = ROAD_CHARS.includes(text.charAt(at)) ? NAME_OR_DIGIT : COMPOUND_NAME_CHAR;
    while (s > 0 && at - s < 10 && name.test(text.charAt(s - 1))) s--;
    const lead = LEAD_WORDS.exec(text.slice(s, at));
    if (lead) s += lead[0].length;
    if (s < at && !(building && CODE_LABEL_BEFORE.test(text.slice(Math.max(0, at - 4), at)))) {
      if (roadStarts.length > 0 && s < roadStarts[roadStarts.length - 1]!) sorted = false;
      roadStarts.push(s);
    }
  };
  ROAD_NUMBER_ANCHOR.lastIndex = 0;
  for (let m = ROAD_NUMBER_ANCHOR.exec(text); m; m = ROAD_NUMBER_ANCHOR.exec(text))
    addStart(m.index, false);
  COMPOUND_ANCHOR.lastIndex = 0;
  for (let m = COMPOUND_ANCHOR.exec(text); m; m = COMPOUND_ANCHOR.exec(text)) {
    if (!isDigit(text.charCodeAt(m.index + m[0].length - 1))) {
      addStart(m.index, false); // 镇 / 乡
      continue;
    }
    // The building number, 1–3 digits or letters (A座), not glued to a longer number or code
    // (x12-3-4501).
    let d = m.index;
    while (d > 0 && m.index - d < 3 && BUILDING_NUMBER_CHAR.test(text.charAt(d - 1))) d--;
    if (d === m.index || (d > 0 && GLUED.test(text.charAt(d - 1)))) continue;
    addStart(d, true);
  }
  if (!sorted) roadStarts.sort((a, b) => a - b);

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
