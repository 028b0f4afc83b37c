/**
 * PERSON_NAME: Chinese personal names (surname + one or two given characters, compound
 * surnames), minority and transliterated names with a middle dot (阿卜杜·热合曼), and romanised
 * names after an English label ("Name: Zhang Wei").
 *
 * A character that can be a surname starts a great many ordinary words (王者荣耀, 高速公路, 周末),
 * so a candidate alone scores below the reporting threshold; it takes a signal to report one:
 * - a label right before it (姓名：, 联系人, 被保险人, 客户 …),
 * - a title right after it (先生, 女士, 经理 …),
 * - other personal data close by (a mobile number or ID number), typical of customer lists.
 * jieba (dictionary only) then decides where the name ends and rejects candidates that are part
 * of a dictionary word. jieba runs only on small windows around those signals, found first with
 * cheap regular expressions, because tagging whole texts would cost ~4 MB/s.
 */
import type { PreparedText } from '../prepared-text.ts';
import { prepareText, simplify } from '../prepared-text.ts';
import type { RawMatch, Recognizer } from '../recognizer.ts';
import { hasContext } from '../context.ts';
import { tagWithOffsets, type TaggedToken } from '../jieba.ts';
import { ROMANIZED_SURNAMES, surnameLengthAt } from '../lexicon/surnames.ts';
import { divisionLexicon } from '../lexicon/divisions.ts';
import * as OpenCC from 'opencc-js';

/** Labels after which a name is expected (the header of a column or a form field). */
const STRONG_LABELS = [
  '客户姓名', '客户名称', '姓名', '名字', '联系人', '紧急联系人', '收件人', '收货人', '寄件人',
  '投保人', '被保险人', '被保人', '受益人', '持卡人', '开户名', '户名', '账户名', '申请人', '借款人',
  '担保人', '法定代表人', '法人代表', '经办人', '负责人', '业务员', '代理人', '签收人', '报案人',
  '出险人', '户主', '车主', '业主', '房东', '租客', '承租人', '出租人', '监护人', '配偶', '病人',
  '患者', '乘客', '旅客', '学生姓名', '家长', '员工姓名', '客户经理', '尊敬的', '致',
] as const;
/** Words that often but not always precede a name (客户张伟 vs 客户信息). */
const WEAK_LABELS = ['客户', '用户', '会员', '员工', '职工', '学生', '老师', '同事', '记者', '嫌疑人', '犯罪嫌疑人', '被告人', '原告', '被告'] as const;
/** Titles that follow a full name. */
const TITLES = [
  '先生', '女士', '小姐', '太太', '夫人', '老师', '教授', '医生', '大夫', '律师', '经理', '总经理',
  '总监', '主任', '院长', '校长', '局长', '处长', '科长', '董事长', '总裁', '同志', '师傅', '同学',
  '阿姨', '叔叔', '警官', '博士',
] as const;
/** Context words for the weak signal (a name somewhere near). Simplified, lower-case. */
const NEAR_CONTEXT = ['姓名', '客户', '联系人', '电话', '手机', '身份证', 'name', 'contact'];

/** English labels before a romanised name. */
const ENGLISH_LABEL =
  /\b(?:full name|name|customer name|customer|client|contact person|contact|insured|policyholder|policy holder|beneficiary|recipient|applicant|patient|cardholder|account name)\s*[:：]\s*/gi;
/** A romanised name: two or three capitalised (or all-capital) words. */
const ROMANIZED_NAME =
  /(?:(?:Mr|Mrs|Ms|Miss|Dr)\.?\s+)?((?:[A-Z][a-z]+|[A-Z]{2,})(?:[ -](?:[A-Z][a-z]+|[A-Z]{2,})){1,2})\b/y;

/** Characters never used as given-name characters: function words, and 某 (张某 is anonymised). */
const NOT_GIVEN = new Set(
  '的是在了和与及或等为从到向把被给对让也都就还又很最更这那其之而我你他她它们个有无不没说于吗呢吧啊呀哦嗯么某某此该每各己自',
);
/** What may follow a surname-initial word that is a place or an organisation, not a person. */
const PLACE_OR_ORG_AFTER =
  /^(?:公司|集团|银行|医院|大学|学院|中学|小学|酒店|饭店|商店|超市|店|厂|路|街|道|巷|村|镇|乡|县|市|区|省|山|湖|江|河|桥|站|港|庄|寺|庙|楼|馆|家族)/;

const CJK = /[\u4e00-\u9fff]/;
/** Middle dots used in transliterated names: U+00B7, U+2022, U+2027, U+30FB, U+FF65. */
const DOT_NAME = /[\u4e00-\u9fff]{1,8}(?:[\u00B7\u2022\u2027\u30FB\uFF65][\u4e00-\u9fff]{1,10}){1,3}/g;
/** Cheap signal for nearby personal data: a mobile number, an ID number, a landline. */
const NEARBY_PI =
  /(?<![0-9])(?:1[3-9][0-9](?:[- ]?[0-9]{4}){2}|[0-9]{17}[0-9Xx]|0[0-9]{2,3}-[0-9]{7,8})(?![0-9])/g;
/** How far (UTF-16 units) personal data may be from a name to count as its neighbour. */
const PI_NEIGHBOURHOOD = 24;
/** Separators between a label and its value. */
const LABEL_SEPARATOR = /^[ \t]*(?:[:：=]|为|是|叫)?[ \t]*/;

/** Score parts. A bare surname-initial candidate stays under 0.5 (the report threshold). */
const BASE_SCORE = 0.3;
const COMPOUND_BONUS = 0.05;
const NR_TAG_BONUS = 0.1;
const STRONG_LABEL_BONUS = 0.55;
const WEAK_LABEL_BONUS = 0.4;
const TITLE_BONUS = 0.5;
const NEARBY_PI_BONUS = 0.25;
const FIELD_BOUNDED_BONUS = 0.15;
const NEAR_CONTEXT_BONUS = 0.1;
const MAX_SCORE = 0.99;

interface Anchors {
  strongLabel: RegExp;
  weakLabel: RegExp;
  title: RegExp;
  titleAt: RegExp;
}
let anchors: Anchors | undefined;

/** Label and title regexes over folded text, with traditional spellings (客戶, 聯繫人, 經理). */
function getAnchors(): Anchors {
  if (anchors) return anchors;
  const variants = (words: readonly string[]): string => {
    const all = new Set<string>(words);
    for (const to of ['tw', 'hk'] as const) {
      const conv = OpenCC.Converter({ from: 'cn', to });
      for (const w of words) all.add(conv(w));
    }
    // Longest first, so that 客户姓名 wins over 客户.
    return [...all].sort((a, b) => b.length - a.length).join('|');
  };
  anchors = {
    strongLabel: new RegExp(`(?:${variants(STRONG_LABELS)})`, 'g'),
    weakLabel: new RegExp(`(?:${variants(WEAK_LABELS)})(?=[\\u4e00-\\u9fff])`, 'g'),
    title: new RegExp(`(?:${variants(TITLES)})`, 'g'),
    titleAt: new RegExp(`(?:${variants(TITLES)})`, 'y'),
  };
  return anchors;
}

/** Where a name may be, and what supports it. */
interface Site {
  /** The name must start exactly here (after a label)… */
  startAt?: number;
  /** …or end exactly here (before a title)… */
  endAt?: number;
  /** …or lie anywhere in [from, to) (near other personal data). */
  from: number;
  to: number;
  strongLabel?: boolean;
  /** The label was followed by a separator (姓名：), as in forms and table cells. */
  separated?: boolean;
  weakLabel?: boolean;
}

interface Candidate {
  start: number;
  end: number;
  score: number;
}

/** The window of text tagged by jieba, in simplified characters. */
interface Tagged {
  offset: number;
  simp: string;
  tokens: TaggedToken[] | undefined;
}

function tagWindow(text: string, from: number, to: number): Tagged {
  const offset = Math.max(0, from);
  const simp = simplify(text.slice(offset, Math.min(text.length, to)));
  return { offset, simp, tokens: tagWithOffsets(simp) };
}

function tokenAt(t: Tagged, pos: number): TaggedToken | undefined {
  if (!t.tokens) return undefined;
  const rel = pos - t.offset;
  for (const tok of t.tokens) if (tok.start <= rel && rel < tok.end) return tok;
  return undefined;
}

const isNameTag = (tag: string): boolean => tag.startsWith('nr');

/** A name-shaped word that is a place (张家界, 江苏) or listed as a division. */
function isPlaceName(word: string): boolean {
  return divisionLexicon().byName.has(word);
}

/**
 * Decides the extent of a name whose surname starts at `s` (absolute offset in `text`), or
 * undefined when the text there is not a name. Returns the end and whether jieba tags it `nr`.
 */
function nameExtent(
  text: string,
  t: Tagged,
  s: number,
  fixedEnd: number | undefined,
): { end: number; nr: boolean; surname: number } | undefined {
  const rel = s - t.offset;
  const simp = t.simp;
  const L = surnameLengthAt(simp, rel);
  if (L === 0) return undefined;
  const givenOk = (k: number): boolean => {
    const c = simp.charAt(k);
    return CJK.test(c) && !NOT_GIVEN.has(c);
  };
  const titleStarts = (k: number): boolean => {
    const { titleAt } = getAnchors();
    titleAt.lastIndex = t.offset + k;
    return titleAt.test(text) || (t.offset + k < text.length && /^(?:先生|女士|小姐)/.test(simp.slice(k)));
  };
  const g1 = rel + L;
  if (!givenOk(g1) || titleStarts(g1)) return undefined;
  const g2ok = givenOk(g1 + 1) && !titleStarts(g1 + 1);

  const first = tokenAt(t, s);
  if (first && first.start < rel) {
    // The surname character ends a preceding word (主张伟大): not a name — unless a title right
    // after vouches for it, and the word read from the surname on fits (客户王|芳女士).
    if (fixedEnd === undefined) return undefined;
    const retagged = tagWindow(text, s, fixedEnd);
    return retagged.tokens ? nameExtent(text, retagged, s, fixedEnd) : undefined;
  }

  let end: number;
  let nr = false;
  if (fixedEnd !== undefined) {
    end = fixedEnd;
  } else if (first && first.end > rel + L) {
    // jieba reads a word starting at the surname: a name only if it is tagged as one.
    if (!isNameTag(first.tag) || first.end - rel > L + 2) return undefined;
    end = first.end;
    nr = true;
    // 张伟明天 → the dictionary has 张伟明, but 明天 is the better reading.
    if (end - rel === L + 2) {
      const next = tokenAt(t, t.offset + end);
      const tail = tagWithOffsets(simp.slice(end - 1, end + 3));
      if (tail && tail[0] && tail[0].end >= 2 && !isNameTag(tail[0].tag) && next?.start === end) {
        end -= 1;
      }
    }
  } else {
    const tokG2 = g2ok ? tokenAt(t, t.offset + g1 + 1) : undefined;
    const tokG1 = tokenAt(t, t.offset + g1);
    if (tokG2 && tokG2.start >= rel && tokG2.end === g1 + 2) {
      end = g1 + 2;
      nr = isNameTag(tokG2.tag) && (tokG2.start > g1 || tokG1?.tag.startsWith('nr') === true);
    } else if (!t.tokens && g2ok) {
      end = g1 + 2;
    } else if (!tokG1 || (tokG1.start >= rel && tokG1.end === g1 + 1)) {
      end = g1 + 1;
    } else {
      return undefined;
    }
    end += t.offset;
    return checkWord(text, t, s, end, nr, L);
  }
  if (fixedEnd === undefined) end += t.offset;
  return checkWord(text, t, s, end, nr, L);
}

function checkWord(
  text: string,
  t: Tagged,
  s: number,
  end: number,
  nr: boolean,
  surname: number,
): { end: number; nr: boolean; surname: number } | undefined {
  const word = t.simp.slice(s - t.offset, end - t.offset);
  if (word.length < surname + 1 || word.length > surname + 2) return undefined;
  if (isPlaceName(word)) return undefined;
  if (PLACE_OR_ORG_AFTER.test(t.simp.slice(end - t.offset, end - t.offset + 2))) return undefined;
  return { end, nr, surname };
}

/** True when the character before `start` and the one at `end` are not CJK (a field of its own). */
function fieldBounded(text: string, start: number, end: number): boolean {
  return !CJK.test(text.charAt(start - 1)) && !CJK.test(text.charAt(end));
}

function collectSites(text: string, piHits: readonly number[]): Site[] {
  const { strongLabel, weakLabel, title } = getAnchors();
  const sites: Site[] = [];
  strongLabel.lastIndex = 0;
  for (let m = strongLabel.exec(text); m; m = strongLabel.exec(text)) {
    const after = m.index + m[0].length;
    const sep = LABEL_SEPARATOR.exec(text.slice(after, after + 4))![0];
    const startAt = after + sep.length;
    sites.push({
      startAt,
      from: startAt,
      to: startAt + 6,
      strongLabel: true,
      separated: sep.trim().length > 0 || /[:：]/.test(sep) || sep.length > 0,
    });
  }
  ENGLISH_LABEL.lastIndex = 0;
  for (let m = ENGLISH_LABEL.exec(text); m; m = ENGLISH_LABEL.exec(text)) {
    const startAt = m.index + m[0].length;
    sites.push({ startAt, from: startAt, to: startAt + 6, strongLabel: true, separated: true });
  }
  weakLabel.lastIndex = 0;
  for (let m = weakLabel.exec(text); m; m = weakLabel.exec(text)) {
    const startAt = m.index + m[0].length;
    sites.push({ startAt, from: startAt, to: startAt + 6, weakLabel: true });
  }
  title.lastIndex = 0;
  for (let m = title.exec(text); m; m = title.exec(text)) {
    sites.push({ endAt: m.index, from: Math.max(0, m.index - 4), to: m.index });
  }
  for (const hit of piHits) {
    sites.push({ from: Math.max(0, hit - PI_NEIGHBOURHOOD), to: hit + PI_NEIGHBOURHOOD });
  }
  return sites;
}

function nearPi(piHits: readonly number[], start: number, end: number): boolean {
  for (const h of piHits) if (h >= start - PI_NEIGHBOURHOOD && h <= end + PI_NEIGHBOURHOOD) return true;
  return false;
}

function scoreCandidate(
  text: string,
  site: Site,
  start: number,
  end: number,
  ext: { nr: boolean; surname: number },
  piHits: readonly number[],
  tokens: Tagged,
): number {
  let score = BASE_SCORE;
  if (ext.surname === 2) score += COMPOUND_BONUS;
  if (ext.nr) score += NR_TAG_BONUS;
  if (site.startAt === start && site.strongLabel) score += STRONG_LABEL_BONUS;
  else if (site.startAt === start && site.weakLabel) score += WEAK_LABEL_BONUS;
  const { titleAt } = getAnchors();
  titleAt.lastIndex = end;
  if (titleAt.test(text)) score += TITLE_BONUS;
  if (nearPi(piHits, start, end)) {
    score += NEARBY_PI_BONUS;
    if (fieldBounded(text, start, end)) score += FIELD_BOUNDED_BONUS;
  } else if (score < 0.5) {
    const local = prepareText(tokens.simp);
    if (hasContext(local, start - tokens.offset, end - tokens.offset, NEAR_CONTEXT)) {
      score += NEAR_CONTEXT_BONUS;
    }
  }
  return Math.min(MAX_SCORE, score);
}

/** A whole label value ("姓名：高峰") — trusted even when it is also a dictionary word. */
function labelValue(text: string, startAt: number): number | undefined {
  const m = /^[\u4e00-\u9fff]{2,4}(?![\u4e00-\u9fff])/.exec(text.slice(startAt, startAt + 5));
  return m ? startAt + m[0].length : undefined;
}

function chineseNames(text: string, piHits: readonly number[]): Candidate[] {
  const out: Candidate[] = [];
  for (const site of collectSites(text, piHits)) {
    // A label or title is a word boundary: the window starts (or ends) there, so that jieba cannot
    // join the label and the surname into one word (客户王).
    const tagged =
      site.startAt !== undefined
        ? tagWindow(text, site.startAt, site.to + 4)
        : tagWindow(text, site.from - 4, site.endAt ?? site.to + 4);
    const starts =
      site.startAt !== undefined
        ? [site.startAt]
        : site.endAt !== undefined
          ? [site.endAt - 3, site.endAt - 2, site.endAt - 4]
          : range(site.from, site.to);
    for (const s of starts) {
      if (s < 0 || s >= text.length) continue;
      let fixedEnd: number | undefined;
      if (site.endAt !== undefined) fixedEnd = site.endAt;
      // A separated label whose whole value is 2–4 characters: the value is the name.
      const whole = site.strongLabel && site.separated ? labelValue(text, s) : undefined;
      if (whole !== undefined && surnameLengthAt(tagged.simp, s - tagged.offset) > 0) {
        const word = tagged.simp.slice(s - tagged.offset, whole - tagged.offset);
        if (word.length >= 2 && !isPlaceName(word)) {
          const first = tokenAt(tagged, s);
          const nr = first !== undefined && isNameTag(first.tag) && first.end === whole - tagged.offset;
          out.push({ start: s, end: whole, score: Math.min(MAX_SCORE, 0.85 + (nr ? 0.1 : 0.05)) });
          continue;
        }
      }
      const ext = nameExtent(text, tagged, s, fixedEnd);
      if (!ext) continue;
      out.push({
        start: s,
        end: ext.end,
        score: scoreCandidate(text, site, s, ext.end, ext, piHits, tagged),
      });
    }
  }
  return out;
}

function range(from: number, to: number): number[] {
  const r: number[] = [];
  for (let i = from; i < to; i++) r.push(i);
  return r;
}

/** Names with a middle dot: 阿卜杜·热合曼, 古丽娜尔·吐尔逊. */
function dotNames(text: string, piHits: readonly number[]): Candidate[] {
  const out: Candidate[] = [];
  const { strongLabel, title } = getAnchors();
  DOT_NAME.lastIndex = 0;
  for (let m = DOT_NAME.exec(text); m; m = DOT_NAME.exec(text)) {
    let start = m.index;
    const end = m.index + m[0].length;
    const dot = m[0].search(/[\u00B7\u2022\u2027\u30FB\uFF65]/);
    // Trim what precedes the name in the first part (他叫, 患者, 联系人：): keep the trailing
    // jieba tokens that are names or single characters other than function words.
    const head = tagWithOffsets(simplify(m[0].slice(0, dot)));
    let labelled = false;
    if (head) {
      let keep = head.length;
      while (keep > 0) {
        const tok = head[keep - 1]!;
        const ok = isNameTag(tok.tag) || (tok.word.length === 1 && !NOT_GIVEN.has(tok.word) && !/^[vpcurd]/.test(tok.tag)) || /^(?:n|nz|ns)$/.test(tok.tag);
        if (!ok) break;
        keep--;
      }
      // A label in the head (患者, 姓名) is not part of the name.
      for (let k = keep; k < head.length; k++) {
        strongLabel.lastIndex = 0;
        const w = head[k]!.word;
        if (new RegExp(`^(?:${strongLabel.source})$`).test(w) || WEAK_LABELS.includes(w as never)) {
          keep = k + 1;
          labelled = true;
        }
      }
      if (keep >= head.length) continue;
      start += head[keep]!.start;
    }
    let score = 0.6;
    if (labelled) score += 0.3;
    title.lastIndex = end;
    const t = new RegExp(title.source, 'y');
    t.lastIndex = end;
    if (t.test(text)) score += 0.3;
    if (nearPi(piHits, start, end)) score += 0.25;
    const before = text.slice(Math.max(0, start - 8), start);
    if (/(?:姓名|联系人|名字|客户|患者|name)\s*[:：]?\s*$/i.test(simplify(before))) score += 0.3;
    out.push({ start, end, score: Math.min(MAX_SCORE, score) });
  }
  return out;
}

/** "Name: Zhang Wei", "Contact: WANG Fang", "姓名：Li Ming". */
function romanizedNames(text: string, piHits: readonly number[]): Candidate[] {
  const out: Candidate[] = [];
  const labels = [ENGLISH_LABEL, /(?:姓名|联系人|客户|name)\s*[:：]\s*/gi];
  for (const label of labels) {
    label.lastIndex = 0;
    for (let m = label.exec(text); m; m = label.exec(text)) {
      ROMANIZED_NAME.lastIndex = m.index + m[0].length;
      const n = ROMANIZED_NAME.exec(text);
      if (!n) continue;
      const words = n[1]!.split(/[ -]/).map((w) => w.toLowerCase());
      const pinyin = words.some((w) => ROMANIZED_SURNAMES.has(w));
      const start = n.index + n[0].length - n[1]!.length;
      const end = n.index + n[0].length;
      let score = pinyin ? 0.85 : 0.7;
      if (nearPi(piHits, start, end)) score += 0.1;
      out.push({ start, end, score: Math.min(MAX_SCORE, score) });
    }
  }
  return out;
}

/** Keeps the best of overlapping candidates: higher score, then longer. */
function resolve(cands: Candidate[]): RawMatch[] {
  cands.sort((a, b) => b.score - a.score || b.end - b.start - (a.end - a.start) || a.start - b.start);
  const kept: Candidate[] = [];
  for (const c of cands) {
    if (kept.some((k) => k.start < c.end && c.start < k.end)) continue;
    kept.push(c);
  }
  return kept.sort((a, b) => a.start - b.start).map((c) => ({ start: c.start, end: c.end, score: c.score }));
}

function recognizeNames(p: PreparedText): RawMatch[] {
  const text = p.folded;
  const piHits: number[] = [];
  NEARBY_PI.lastIndex = 0;
  for (let m = NEARBY_PI.exec(text); m; m = NEARBY_PI.exec(text)) {
    piHits.push(m.index, m.index + m[0].length);
  }
  return resolve([
    ...chineseNames(text, piHits),
    ...dotNames(text, piHits),
    ...romanizedNames(text, piHits),
  ]);
}

/**
 * How much a bare table cell looks like a person's name, in [0, 1] — for column classification.
 *
 * @example
 * personNameLikelihood('欧阳娜娜') // 0.85
 * personNameLikelihood('高速公路') // 0
 */
export function personNameLikelihood(cell: string): number {
  const v = simplify(cell.trim().replace(/[\uFF01-\uFF5E]/g, (c) =>
    String.fromCharCode(c.charCodeAt(0) - 0xfee0),
  ));
  if (v.length === 0) return 0;
  if (/^[\u4e00-\u9fff]{1,8}(?:[\u00B7\u2022\u2027\u30FB\uFF65.][\u4e00-\u9fff]{1,10}){1,3}$/.test(v)) {
    return 0.85;
  }
  ROMANIZED_NAME.lastIndex = 0;
  const rom = ROMANIZED_NAME.exec(v);
  if (rom && rom[0].length === v.length) {
    return rom[1]!.split(/[ -]/).some((w) => ROMANIZED_SURNAMES.has(w.toLowerCase())) ? 0.7 : 0.3;
  }
  const compact = v.replace(/[ \t]/g, '');
  if (!/^[\u4e00-\u9fff]{2,4}$/.test(compact)) return 0;
  const L = surnameLengthAt(compact, 0);
  if (L === 0) return 0.1;
  const given = compact.length - L;
  if (/^(?:先生|女士|小姐)$/.test(compact.slice(L))) return 0.5;
  if (given < 1 || given > 2 + (L === 1 && surnameLengthAt(compact, 1) === 1 ? 1 : 0)) return 0.1;
  if (isPlaceName(compact)) return 0.1;
  if ([...compact.slice(L)].some((c) => NOT_GIVEN.has(c))) return 0.1;
  const tokens = tagWithOffsets(compact);
  if (tokens && tokens.length === 1 && !isNameTag(tokens[0]!.tag)) return 0.15;
  if (tokens && tokens[0] && tokens[0].end > L && !isNameTag(tokens[0].tag)) return 0.2;
  return given === 3 ? 0.5 : 0.85;
}

/**
 * The PERSON_NAME recogniser.
 *
 * @example
 * PERSON_NAME_RECOGNIZER.recognize(prepareText('联系人：王芳，电话13800138000'))
 * // [{ start: 4, end: 6, score: 0.9 }]
 */
export const PERSON_NAME_RECOGNIZER: Recognizer = {
  name: 'person-name',
  type: 'PERSON_NAME',
  recognize: recognizeNames,
};
