/**
 * PERSON_NAME: Chinese personal names (surname + one or two given characters, compound
 * surnames), minority and transliterated names with a middle dot (阿卜杜·热合曼), names without a
 * Han surname after a form label (姓名：次仁央宗), and romanised names after an English label
 * ("Name: Zhang Wei").
 *
 * A character that can be a surname starts a great many ordinary words (王者荣耀, 高速公路, 周末),
 * so a candidate alone scores below the reporting threshold; it takes a signal to report one:
 * - a label right before it (姓名：, 联系人, 被保险人, 投诉人：, 客户 …),
 * - a title right after it (先生, 女士, 经理 …),
 * - other personal data close by (a mobile or ID number), typical of customer lists,
 * - a field of its own in a delimited row (…,张伟,138…).
 * jieba (dictionary only) then decides where the name ends and rejects candidates that are part
 * of a dictionary word; the given-name character table rejects the many dictionary words that
 * jieba mis-tags as names (谢谢, 申请书). jieba runs only on small windows around those signals,
 * found first with cheap regular expressions: tagging whole texts would cost ~4 MB/s.
 */
import type { PreparedText } from '../prepared-text.ts';
import { simplify } from '../prepared-text.ts';
import type { RawMatch, Recognizer } from '../recognizer.ts';
import { tagWithOffsets, type TaggedToken } from '../jieba.ts';
import {
  minorityNameLength,
  minorityNameMayStart,
  ROMANIZED_SURNAMES,
  surnameLengthAt,
  tibetanNameLengthAt,
} from '../lexicon/surnames.ts';
import { ENGLISH_FAMILY_NAMES, ENGLISH_GIVEN_NAMES } from '../lexicon/english-names.ts';
import { isCommonGivenName } from '../lexicon/given-name-chars.ts';
import { divisionLengthAt, divisionLexicon } from '../lexicon/divisions.ts';
import { lexiconText } from '../lexicon/traditional-chars.ts';

/** Labels after which a name is expected (the header of a column, a form field). Simplified. */
const STRONG_LABELS = [
  '客户姓名',
  '全名',
  '真名',
  '本名',
  '签名',
  '客户名称',
  '姓名',
  '名字',
  '联系人',
  '收件人',
  '收货人',
  '寄件人',
  '投保人',
  '被保险人',
  '被保人',
  '受益人',
  '持卡人',
  '开户名',
  '户名',
  '账户名',
  '申请人',
  '借款人',
  '担保人',
  '法定代表人',
  '法人代表',
  '经办人',
  '负责人',
  '业务员',
  '代理人',
  '户主',
  '车主',
  '业主',
  '房东',
  '租客',
  '配偶',
  '病人',
  '患者',
  '乘客',
  '旅客',
  '家长',
  '来电人',
  '尊敬的',
  '亲爱的',
  '我叫',
  '名叫',
  '本人',
  '甲方',
  '乙方',
  '丙方',
] as const;
/** Words that often but not always precede a name (客户张伟 vs 客户信息). */
const WEAK_LABELS = [
  // Roles and relations: 客户张伟, 她儿子王强, 服务专员陆明.
  ...[
    '客户',
    '用户',
    '会员',
    '员工',
    '职工',
    '学生',
    '同事',
    '记者',
    '嫌疑人',
    '被告人',
    '原告',
    '被告',
    // Roles written straight before a name in notes, notices and judgments (司机王强,
    // 法人李明, 受害人张某, 承办民警赵刚); jieba still decides where a word ends.
    '司机',
    '法人',
    '财务',
    '会计',
    '出纳',
    '老板',
    '店主',
    '快递员',
    '骑手',
    '民警',
    '警官',
    '法官',
    '受害人',
    '被害人',
    '驾驶人',
    '所有人',
    '当事人',
    '证人',
    '领队',
    '导游',
    '队长',
    '组长',
    '班主任',
    '村民',
    '邻居',
    '室友',
    '审判长',
    '人员',
  ],
  ...[
    '儿子',
    '女儿',
    '老公',
    '老婆',
    '爱人',
    '丈夫',
    '妻子',
    '父亲',
    '母亲',
    '老人',
    '孩子',
    '小孩',
    '家属',
    '妈妈',
    '爸爸',
    '我妈',
    '我爸',
    '哥哥',
    '姐姐',
    '弟弟',
    '妹妹',
    '一子',
    '一女',
    '之子',
    '之女',
    '婚生子',
    '婚生女',
  ],
  ...['朋友', '专员', '顾问', '客服', '主管', '坐席', '理赔员', '经理', '我是'],
  // Hand-overs: 转给了方芳, 交接给李明.
  ...['转给了', '转给', '发给', '交给', '交接给', '通知', '联系'],
] as const;
/** Titles that follow a full name. */
const TITLES = [
  '先生',
  '女士',
  '小姐',
  '太太',
  '夫人',
  '老师',
  '教授',
  '医生',
  '大夫',
  '律师',
  '经理',
  '总经理',
  '总监',
  '主任',
  '院长',
  '校长',
  '局长',
  '处长',
  '科长',
  '董事长',
  '总裁',
  '同志',
  '师傅',
  '同学',
  '阿姨',
  '叔叔',
  '警官',
  '博士',
  '客户',
] as const;
/**
 * What a person does, right after the name (张伟打电话过来投诉, 李娜来柜台办理, 王芳您好, 苏飞遗失…,
 * 邵华于2024年…, 徐晨被处以…). Found in the anchor trie (`scanAnchors`); `于` counts only
 * before a digit.
 */
const ACTION_WORDS = [
  ...['您好', '遗失', '撤回', '居于', '住在'],
  ...['被判处', '被处以', '被拘留', '被抓获', '被逮捕'],
  ...['打电话', '来电', '致电', '来柜台', '到柜台', '到门店', '来门店', '前来', '来店', '到店'],
  ...['办理', '咨询', '投诉', '反映', '报案', '处理', '跟进', '继续'],
] as const;
/** Greetings after a comma that follows a name (张伟，您好). */
const GREETING_WORDS = ['您好', '你好', '您的'] as const;
/** The regex the trie's action matches stand for (every match of it starts an action there). */
const ACTION_ANCHOR = new RegExp(
  `(?:[，,:：][ \\t]*(?=${GREETING_WORDS.join('|')})|于(?=[0-9])|${ACTION_WORDS.join('|')})`,
  'g',
);
const ACTION_AFTER =
  /^(?:[，,:：][ \t]*(?:您好|你好|您的)|您好|遗失|撤回|联系|联络|于[0-9]|居于|住在|被判处|被处以|被拘留|被抓获|被逮捕|打电话|来电|致电|来柜台|到柜台|到门店|来门店|来到|前来|来店|到店|办理|咨询|投诉|反映|表示|报案|申请|签收|领取|填写|提交|处理|跟进|继续|上个月|上周|昨天|今天)/;
/** Any short word ending in 人/者/主/员 before a colon is a role: 投诉人：, 所有人：, 当事人：. */
const ROLE_LABEL = /(?:人|者|主|员)(?:[ \t]*[:：]|[ \t]+(?=[\u4e00-\u9fff]))/g;
/** How far back from 人/者/主/员 a role word may start. */
const ROLE_WORD_MAX = 4;
/** Speakers in a chat transcript; what they say may be their name (客户：曹丽，5226…). */
const CHAT_SPEAKER = /(?:我|客户|用户|访客|来电人)(?:[ \t]*[:：][ \t]*|[ \t]+)/g;

/** English labels before a name; JSON keys ("name":"…") and "Name - …" included. */
const ENGLISH_LABEL =
  /\b(?:full name|name|customer name|customer|client|contact person|contact|insured|policyholder|policy holder|beneficiary|recipient|applicant|patient|cardholder|account name)"?[ \t]*(?:[:：=]|-(?=[ \t]))[ \t]*"?/gi;
/** A romanised name: two or three capitalised (or all-capital) words. */
const ROMANIZED_NAME =
  /(?:(?:Mr|Mrs|Ms|Miss|Dr)\.?\s+)?((?:[A-Z][a-z]+|[A-Z]{2,})(?:[ -](?:[A-Z][a-z]+|[A-Z]{2,})){1,2})\b/y;

/**
 * Characters never used as given-name characters: function words, 某 (张某 is anonymised), and
 * the characters of field names that follow a surname-like character in forms (银行卡号, 单号).
 */
const NOT_GIVEN = new Set(
  '的是在了和与及或等为从到向把被给对让也都就还又很最更这那其之而我你他她它们个有无不没说于吗呢吧啊' +
    '呀哦嗯么某此该每各己自号码卡证件址话机族',
);
/** A label at the end of a jieba word that swallowed the surname after it (客户王|芳). */
const LABEL_WORD_END = /(?:客户|用户|会员|员工|姓名|联系人|收件人|投保人|被保险人|受益人)$/;
/** The last character of a division or street word. */
const ADDRESS_BEFORE = /[省市区县镇乡村路街巷弄]/;
/** After a name-shaped word: it names a place, an organisation or a building, not a person. */
const PLACE_OR_ORG_AFTER =
  /^(?:公司|集团|银行|医院|大学|学院|中学|小学|酒店|饭店|商店|超市|市场|店|厂|路|街|道|巷|村|镇|乡|县|市|区|省|山|湖|江|河|桥|站|港|庄|寺|庙|楼|馆|园|苑|家族|[0-9]+(?:幢|栋|号|室|楼|单元|弄|-))/;
/** Words that introduce a name in running text: 他叫…, 找…, 请问…. */
const PREFIX_WORDS = new Set(['叫', '是', '为', '找', '请', '问', '跟', '同', '名', '姓']);
/** After a name: what belongs to that person (王建国的电话是…, 张伟身份证号…). */
const OWNED_PI_AFTER =
  /^的?(?:电话|手机|联系方式|身份证|证件|住址|地址|邮箱|银行卡|卡号|微信|保单|账户|账号|驾驶证|护照|通行证)/;
/**
 * Attributes of a person right after a name, as judgments, notices and news give them:
 * 张伟（男，35岁）, 王芳，女，1990年出生, 李娜（身份证号…）, 歐陽俊傑（39歲）.
 */
const PERSON_ATTR_AFTER =
  /^(?:[（(][ \t]*(?:[男女](?![\u4e00-\u9fff])|[男女][，,、]|[0-9]{1,3}[岁歲周]|身份证|身份證|公民身份|性别|性別|出生|生于|\+?[0-9][0-9 -]{6,}|[(（][0-9]{3,4}[)）])|[，,][ \t]*[男女][，,、。；;])/;
/** Where PERSON_ATTR_AFTER may start: searched for, then a name is looked for before it. */
const PERSON_ATTR_ANCHOR =
  /[（(][ \t]*(?:[男女](?![\u4e00-\u9fff])|[男女][，,、]|[0-9]{1,3}[岁歲周]|身份证|身份證|公民身份|性别|性別|出生|生于|\+?[0-9][0-9 -]{6,}|[(（][0-9]{3,4}[)）])|[，,][ \t]*[男女][，,、。；;]/g;
/** Where OWNED_PI_AFTER may start in running text (用于张伟的账户, 何晨的驾驶证). */
const OWNED_PI_ANCHOR = /的(?:电话|手机|联系方式|身份证|账户|账号|驾驶证|护照|通行证|银行卡)/y;
/**
 * Ordinary words that jieba's dictionary tags as names (nr) and that start with a surname
 * character: forms and documents use them (（盖章）, 被害人陈述、, 段子：, 明白, 阳光). Picked by
 * hand from the dictionary's two-character `nr` words of frequency ≥ 150 whose second character
 * is a common given-name character (the ones the given-name check lets through); words that
 * are also plausible full names (文明, 白雪, 宁静, 高峰) and historical people are left out.
 */
const TAGGED_NOT_NAMES: ReadonlySet<string> = new Set(
  (
    '盖章 明白 陈述 修正 关怀 冷汗 冷笑 凌厉 凌辱 华丽 卓越 卫星 古老 史诗 叶子 吉祥 周密 周转 呼唤 宁可 ' +
    '安危 安抚 安静 宣言 宫殿 容纳 宾客 封锁 岳父 左翼 巴掌 师傅 师兄 师哥 师娘 师母 师生 师范 康复 张开 ' +
    '张贴 明星 晋升 智慧 朱红 朴素 权威 杜绝 杜鹃 杨柳 林子 林木 林立 查明 柴禾 桂花 梅子 梅花 武功 武林 ' +
    '毛巾 沙丘 沙滩 温泉 满怀 燕子 玉石 玉米 王八 王公 王子 王府 王朝 王爷 白发 白布 白白 白领 石柱 石英 ' +
    '祖先 祖宗 祝贺 胡同 胡子 胡闹 范畴 荣耀 荣获 荣誉 许可 诸侯 诸如 谢恩 谢谢 辛勤 陈列 陈设 雷达 顾客 ' +
    '顾问 马匹 马背 高三 高僧 高悬 高潮 高薪 麦子 麻木 齐全 齐声 阳光 陆军 丘陵 丛林 乌龟 乔木 云母 兰花 ' +
    '太后 和尚 言语 道德 丛生 严正 乐章 云云 伏兵 党羽 农耕 冷杉 冷清 包银 南征 南纬 南风 古文 史实 吉普 ' +
    '周全 周旋 唐诗 富豪 封信 师承 张大 张扬 张望 张罗 惠普 敬礼 明文 明智 易经 权衡 权贵 李子 柏树 柯达 ' +
    '柳树 殷勤 毛发 沙龙 温馨 牛津 王妃 王道 田赋 白旗 白银 盖子 祝福 练兵 练功 练武 许诺 边远 连珠 钟声 ' +
    '钱财 银杏 雷声 雷雨 雷霆 马虎 高昂 高雅 段子'
  ).split(' '),
);
/** A given name that is a numeral and a unit (于十日内, 王三天): a time or a count, not a name. */
const NUMERAL_UNIT = /^[一二三四五六七八九十两几百千万][日天月年时分秒岁个次元号周]/;
/** Kinship terms and short honorifics after a surname (张姐, 马叔, 王总, 李工): not full names. */
const KINSHIP_GIVEN = new Set('叔姐哥姨婶伯嫂爷奶总工妈爸舅婆');
/** Values a form field holds when it holds no name. */
const PLACEHOLDER_VALUES = new Set([
  '本人',
  '同上',
  '未知',
  '不详',
  '暂无',
  '匿名',
  '测试',
  '见附件',
]);

const CJK = /[\u4e00-\u9fff]/;
const DOTS = '\u00B7\u2022\u2027\u30FB\uFF65';
/** A whole label value: 2–8 Han characters, not continued by Han text or a middle dot. */
const LABEL_VALUE = new RegExp(`^[\\u4e00-\\u9fff]{2,8}(?![\\u4e00-\\u9fff${DOTS}])`);
/**
 * Cheap signal for nearby personal data: a mobile number (+86, 0086, separators), an ID
 * number, a card number, a landline.
 */
const NEARBY_PI =
  /(?<![0-9])(?:(?:(?:\+|00)?86[- ]?)?1[3-9][0-9](?:[-. ]?[0-9]{4}){2}|[0-9]{16,19}|[0-9]{17}[0-9Xx]|[0-9]{6}[ -]?[0-9]{8}[ -]?[0-9]{3}[0-9Xx]|0[0-9]{2,3}-[0-9]{7,8})(?![0-9])/g;
/** A field of 2–4 Han characters in a delimited row (CSV, TSV, pipes, full-width bars). */
const DELIMITED_FIELD =
  /(?:^|[,\t|;，；｜])[ ]*"?([\u4e00-\u9fff]{2,4})"?[ ]*(?=[,\t|;，；｜\r\n]|$)/gm;
/** How far (UTF-16 units) personal data may be from a name to count as its neighbour. */
const PI_NEIGHBOURHOOD = 24;
/** Separators between a label and its value. */
const LABEL_SEPARATOR = /^[ \t]*(?:[:：=]|为|是|叫)?[ \t]*"?/;

/** Score parts. A bare surname-initial candidate stays under 0.5 (the report threshold). */
const BASE_SCORE = 0.3;
const COMPOUND_BONUS = 0.05;
const COMMON_GIVEN_BONUS = 0.1;
const NR_TAG_BONUS = 0.1;
const STRONG_LABEL_BONUS = 0.55;
const WEAK_LABEL_BONUS = 0.4;
const TITLE_BONUS = 0.5;
const NEARBY_PI_BONUS = 0.25;
const FIELD_BOUNDED_BONUS = 0.15;
const LABEL_VALUE_SCORE = 0.9;
const NO_SURNAME_LABEL_VALUE_SCORE = 0.8;
const MAX_SCORE = 0.99;

interface Anchors {
  strongLabel: RegExp;
  weakLabel: RegExp;
  title: RegExp;
  titleAt: RegExp;
}
let anchors: Anchors | undefined;

/**
 * Label and title regexes. They run on text whose lexicon characters are folded to simplified
 * (see lexicon/traditional-chars.ts), so 客戶, 聯繫人 and 經理 match too.
 */
function getAnchors(): Anchors {
  if (anchors) return anchors;
  const alternation = (words: readonly string[]): string =>
    // Longest first, so that 客户姓名 wins over 客户.
    [...words].sort((a, b) => b.length - a.length).join('|');
  const titles = alternation(TITLES);
  anchors = {
    strongLabel: new RegExp(`(?:${alternation(STRONG_LABELS)})`, 'g'),
    // A space may separate a role from the name in notes and lists (财务 张伟, 我妈 李娜).
    weakLabel: new RegExp(`(?:${alternation(WEAK_LABELS)})(?=[ \\t]*[\\u4e00-\\u9fff])`, 'g'),
    title: new RegExp(`(?:${titles})`, 'g'),
    titleAt: new RegExp(`(?:${titles})`, 'y'),
  };
  return anchors;
}

type SiteKind = 'label' | 'weak' | 'title' | 'attr' | 'pi' | 'field' | 'slot';

/** Where a name may be, and what supports it. */
interface Site {
  kind: SiteKind;
  /** The name starts exactly here (after a label, at a field start). */
  startAt?: number;
  /** The name ends exactly here (before a title, at a field end). */
  endAt?: number;
  /** Otherwise it lies anywhere in [from, to) (near other personal data). */
  from: number;
  to: number;
  /** A label followed by a separator (姓名：), as in forms and table cells. */
  separated?: boolean;
  /** For a slot: what its position alone adds to a candidate's score. */
  bonus?: number;
}

interface Candidate {
  start: number;
  end: number;
  score: number;
}

/** A window of the text in simplified characters, tagged by jieba. */
interface Tagged {
  offset: number;
  simp: string;
  tokens: TaggedToken[] | undefined;
}

function tagWindow(text: string, from: number, to: number): Tagged {
  const offset = Math.max(0, from);
  // `text` is already folded to simplified for the lexicon characters (surnames, common given
  // names, labels); whole-text OpenCC would cost more than jieba itself.
  const simp = text.slice(offset, Math.min(text.length, Math.max(offset, to)));
  return { offset, simp, tokens: tagWithOffsets(simp) };
}

/** The token covering absolute offset `pos`. */
function tokenAt(t: Tagged, pos: number): TaggedToken | undefined {
  const rel = pos - t.offset;
  return t.tokens?.find((tok) => tok.start <= rel && rel < tok.end);
}

const isNameTag = (tag: string): boolean => tag.startsWith('nr');

/** A name-shaped word that is a division (江苏, 张家港市). */
function isPlaceName(word: string): boolean {
  const lex = divisionLexicon();
  // Every key's first character is marked: most words are rejected without hashing them.
  return lex.firstChar[word.charCodeAt(0)] === 1 && lex.byName.has(word);
}

interface Extent {
  end: number;
  nr: boolean;
  /** jieba's dictionary holds the whole candidate as one word (李娜, but also 孙子, 魏晋). */
  dictWord: boolean;
  common: boolean;
  surname: number;
}

/**
 * Where a name whose surname starts at absolute offset `s` ends, or undefined when the text
 * there is not a name. `fixedEnd` is given when a title or a field boundary fixes the end.
 */
function nameExtent(
  text: string,
  t: Tagged,
  s: number,
  fixedEnd: number | undefined,
  labelled = false,
  splitBefore = false,
): Extent | undefined {
  const rel = s - t.offset;
  const simp = t.simp;
  const L = surnameLengthAt(simp, rel);
  if (L === 0) return undefined;
  if (!givenOk(text, t, rel + L)) return undefined;
  // Part of a name with a middle dot (艾力•帕提古丽): the dot-name reader handles it whole.
  if (s > 0 && DOTS.includes(text.charAt(s - 1))) return undefined;

  const first = tokenAt(t, s);
  if (first && first.start < rel) {
    // The surname character ends a preceding word (主张伟大): not a name — unless a title or a
    // field boundary vouches for the end, and the text read from the surname on fits (客户王|芳女士).
    // Before a person's attributes (…为何颖欣（48岁）, 今借到任芳（身份证号…）) the end is certain
    // enough to read the name on its own.
    if (
      fixedEnd === undefined ||
      (!splitBefore && !LABEL_WORD_END.test(simp.slice(first.start, rel)))
    ) {
      return undefined;
    }
    return nameExtent(text, tagWindow(text, s, fixedEnd), s, fixedEnd, labelled);
  }

  let end: number; // relative to the window
  let nr = false;
  if (fixedEnd !== undefined) {
    end = fixedEnd - t.offset;
    if (end - rel < L + 1 || end - rel > L + 2) return undefined;
    if (end - rel === L + 2 && !givenOk(text, t, rel + L + 1)) return undefined;
    if (first && first.end > end) return undefined;
    // A dictionary word that is not a name (包括客户…, 许多客户…, 何时处理…); after a label, a
    // three-character word tagged as a place may still be a name (建国 makes 高建国 a place to
    // jieba), while two characters so tagged are places (江南, 华山).
    if (first && first.end === end && !isNameTag(first.tag)) {
      const placeTagged =
        first.tag === 'ns' && end - rel === L + 2 && isCommonGivenName(simp.slice(rel + L, end));
      if (!(labelled && placeTagged && !isPlaceName(simp.slice(rel, end)))) return undefined;
    }
    // A word read from the surname into the given name (明天|发, 居民|木): a time word or a
    // function word never starts a name; another word does only before name-like characters.
    if (first && first.end > rel + L && first.end < end && !isNameTag(first.tag)) {
      if (/^[tdpcrmfqu]/.test(first.tag) || /^v/.test(first.tag)) return undefined;
      // A word, then a surname alone (居民|陆女士): a word before "surname + title".
      if (end - first.end === 1 && surnameLengthAt(simp, first.end) === 1) return undefined;
      if (!/^n[sz]/.test(first.tag) && !isCommonGivenName(simp.slice(rel + L, end)))
        return undefined;
    }
    nr = first !== undefined && isNameTag(first.tag) && first.end === end;
  } else if (!t.tokens) {
    return undefined;
  } else if (first && first.end > rel + L) {
    // jieba reads a word from the surname on: a name only if tagged as one (and the given
    // characters look like a name's, as the dictionary tags 谢谢 and 申请书 `nr` too).
    if (!isNameTag(first.tag) || first.end - rel > L + 2) return undefined;
    end = first.end;
    nr = true;
    // 张伟明天: the dictionary has 张伟明, but 明天 is the better reading.
    if (end - rel === L + 2) {
      const tail = tagWithOffsets(simp.slice(end - 1, end + 3));
      if (tail?.[0] && tail[0].end >= 2 && !isNameTag(tail[0].tag)) end -= 1;
    }
  } else {
    const g1 = rel + L;
    const tokG1 = tokenAt(t, t.offset + g1);
    const tokG2 = givenOk(text, t, g1 + 1) ? tokenAt(t, t.offset + g1 + 1) : undefined;
    if (tokG2 && tokG2.start >= rel && tokG2.end === g1 + 2) {
      end = g1 + 2;
      nr = isNameTag(tokG2.tag) && tokG2.start === g1;
      // The given part is an ordinary word (云|视讯): not a name unless its characters are a name's.
      if (tokG2.start === g1 && !nr && !isCommonGivenName(simp.slice(g1, end))) return undefined;
    } else if (tokG1 && tokG1.start >= rel && tokG1.end === g1 + 1) {
      end = g1 + 1;
    } else {
      return undefined;
    }
  }

  const word = simp.slice(rel, end);
  const given = word.slice(L);
  const common = isCommonGivenName(given);
  if (nr && fixedEnd === undefined && first && first.end > rel + L && !common) return undefined;
  if ([...given].some((c) => NOT_GIVEN.has(c))) return undefined;
  if (given.length === 1 && KINSHIP_GIVEN.has(given)) return undefined;
  if (NUMERAL_UNIT.test(given.length === 1 ? given + simp.charAt(end) : given)) return undefined;
  if (isPlaceName(word) || TAGGED_NOT_NAMES.has(word)) return undefined;
  if (PLACE_OR_ORG_AFTER.test(simp.slice(end, end + 8))) return undefined;
  // Part of a longer run of Han characters that ends in a middle dot (伊力哈|木·阿迪力): the
  // dot-name reader handles it.
  let runEnd = end;
  while (runEnd < simp.length && isHan(simp.charCodeAt(runEnd))) runEnd++;
  if (runEnd < simp.length && DOTS.includes(simp.charAt(runEnd))) return undefined;
  // A masked value (欧阳**) or an anonymised one (王某) is not a name to report.
  if (/^[*＊×某]/.test(simp.charAt(end))) return undefined;
  // Right after a division or street word (鄄城县彭楼…) it is a place name.
  if (rel > 0 && ADDRESS_BEFORE.test(simp.charAt(rel - 1)) && fixedEnd === undefined && !labelled) {
    return undefined;
  }
  const dictWord = first !== undefined && first.start === rel && first.end === end && end - rel > L;
  return { end: t.offset + end, nr: nr && common, common, dictWord, surname: L };
}

/** Whether the character at window offset k can be a given-name character. */
function givenOk(text: string, t: Tagged, k: number): boolean {
  // The code unit first: a string per character checked cost more than the checks.
  if (!isHan(t.simp.charCodeAt(k))) return false;
  return !NOT_GIVEN.has(t.simp.charAt(k)) && !titleAt(text, t.offset + k);
}

/** A two-element Tibetan name standing on its own (扎西次仁). */
function tibetanExtent(
  text: string,
  t: Tagged,
  s: number,
  fixedEnd: number | undefined,
  labelled: boolean,
): Extent | undefined {
  const rel = s - t.offset;
  if (tibetanNameLengthAt(t.simp, rel) === 0) return undefined;
  const end = s + 4;
  if (fixedEnd !== undefined && fixedEnd !== end) return undefined;
  if (
    CJK.test(text.charAt(end)) &&
    !titleAt(text, end) &&
    !ACTION_AFTER.test(text.slice(end, end + 4)) &&
    !OWNED_PI_AFTER.test(text.slice(end, end + 5))
  ) {
    return undefined;
  }
  // Inside running Han text it needs a label right before it.
  if (!labelled && s > 0 && CJK.test(text.charAt(s - 1))) {
    return undefined;
  }
  return { end, nr: false, common: true, dictWord: false, surname: 2 };
}

function followsNoun(t: Tagged, s: number): boolean {
  const prev = t.tokens?.find((k) => k.end === s - t.offset);
  // Time words (上周五, 今天上午) are tagged as nouns too, and a name often follows them.
  return (
    prev !== undefined &&
    prev.word.length >= 2 &&
    /^n(?!r)/.test(prev.tag) &&
    !/[周天日月年午晚早前后一二三四五六七八九十]$/.test(prev.word)
  );
}

/**
 * The strong-label, weak-label, title and action searches as global regexes (fresh objects), the
 * reference for `scanAnchors`.
 *
 * @example
 * anchorPatterns().title.test('王先生') // true
 */
export function anchorPatterns(): {
  strongLabel: RegExp;
  weakLabel: RegExp;
  title: RegExp;
  action: RegExp;
} {
  const { strongLabel, weakLabel, title } = getAnchors();
  return {
    strongLabel: new RegExp(strongLabel.source, 'g'),
    weakLabel: new RegExp(weakLabel.source, 'g'),
    title: new RegExp(title.source, 'g'),
    action: new RegExp(ACTION_ANCHOR.source, 'g'),
  };
}

function titleAt(text: string, pos: number): boolean {
  const re = getAnchors().titleAt;
  re.lastIndex = pos;
  return re.test(text);
}

function lineBounds(text: string, start: number, end: number): [number, number] {
  const a = text.lastIndexOf('\n', start - 1) + 1;
  const b = text.indexOf('\n', end);
  return [a, b < 0 ? text.length : b];
}

/** Flags of a word's last node in the anchor trie: which lists end there. */
const STRONG_END = 1;
const WEAK_END = 2;
const TITLE_END = 4;
const ACTION_END = 8;
const GREETING_END = 16;
/** 于 before a digit (张伟于2024年…). */
const DIGIT_ACTION_END = 32;

/** The words of the strong-label, weak-label and title lists in one trie. */
interface AnchorTrie {
  /** Node of each first character (0: no word starts with it). */
  first: Int32Array;
  /** Children per node, by character. */
  kids: (Map<number, number> | undefined)[];
  /** Per node: which lists have a word ending there. */
  flags: number[];
}
let anchorTrie: AnchorTrie | undefined;

function getAnchorTrie(): AnchorTrie {
  if (anchorTrie) return anchorTrie;
  const trie: AnchorTrie = { first: new Int32Array(0x10000), kids: [undefined], flags: [0] };
  const add = (word: string, flag: number): void => {
    let node = trie.first[word.charCodeAt(0)]!;
    if (node === 0) {
      node = trie.flags.length;
      trie.flags.push(0);
      trie.kids.push(undefined);
      trie.first[word.charCodeAt(0)] = node;
    }
    for (let i = 1; i < word.length; i++) {
      const kids = (trie.kids[node] ??= new Map());
      let child = kids.get(word.charCodeAt(i));
      if (child === undefined) {
        child = trie.flags.length;
        trie.flags.push(0);
        trie.kids.push(undefined);
        kids.set(word.charCodeAt(i), child);
      }
      node = child;
    }
    trie.flags[node]! |= flag;
  };
  for (const w of STRONG_LABELS) add(w, STRONG_END);
  for (const w of WEAK_LABELS) add(w, WEAK_END);
  for (const w of TITLES) add(w, TITLE_END);
  for (const w of ACTION_WORDS) add(w, ACTION_END);
  for (const w of GREETING_WORDS) add(w, GREETING_END);
  add('于', DIGIT_ACTION_END);
  anchorTrie = trie;
  return trie;
}

/** Matches of the three anchor lists, as flat (start, end) pairs in text order. */
export interface AnchorMatches {
  strong: number[];
  weak: number[];
  title: number[];
  /**
   * Where an action starts (or the comma before a greeting), in text order; overlapping
   * actions are all listed (a superset of the `action` regex's matches).
   */
  action: number[];
}

/**
 * The matches a global search with each of `strongLabel`, `weakLabel` and `title` would find
 * (at each position the longest word of the list — for weak labels, the longest followed by a Han
 * character — and the next search from its end), in one pass over the text for the three: the
 * regex engine tries the alternatives of a long word list one by one, which made these three
 * searches a tenth of the name recogniser's time. `anchorPatterns()` gives the regexes it stands
 * for (the tests hold it to them).
 *
 * @example
 * scanAnchors('联系人：王芳女士').strong // [0, 3]
 */
export function scanAnchors(text: string): AnchorMatches {
  const t = getAnchorTrie();
  const out: AnchorMatches = { strong: [], weak: [], title: [], action: [] };
  let nextStrong = 0;
  let nextWeak = 0;
  let nextTitle = 0;
  const n = text.length;
  for (let p = 0; p < n; p++) {
    let node = t.first[text.charCodeAt(p)]!;
    if (node === 0) continue;
    let strongEnd = -1;
    let weakEnd = -1;
    let titleEnd = -1;
    let actionAt = -1;
    for (let k = p + 1; ; k++) {
      const f = t.flags[node]!;
      if (f !== 0) {
        if ((f & STRONG_END) !== 0) strongEnd = k;
        if ((f & TITLE_END) !== 0) titleEnd = k;
        if ((f & ACTION_END) !== 0) actionAt = p;
        if ((f & DIGIT_ACTION_END) !== 0 && k < n && isDigit(text.charCodeAt(k))) actionAt = p;
        if ((f & GREETING_END) !== 0) {
          let j = p - 1;
          while (j >= 0 && (text.charCodeAt(j) === 0x20 || text.charCodeAt(j) === 0x09)) j--;
          const c = text.charAt(j);
          if (j >= 0 && (c === '，' || c === ',' || c === ':' || c === '：')) out.action.push(j);
        }
        if ((f & WEAK_END) !== 0) {
          let j = k;
          while (j < n && (text.charCodeAt(j) === 0x20 || text.charCodeAt(j) === 0x09)) j++;
          if (j < n && isHan(text.charCodeAt(j))) weakEnd = k;
        }
      }
      const kids = t.kids[node];
      const child = k < n && kids !== undefined ? kids.get(text.charCodeAt(k)) : undefined;
      if (child === undefined) break;
      node = child;
    }
    if (strongEnd > 0 && p >= nextStrong) {
      out.strong.push(p, strongEnd);
      nextStrong = strongEnd;
    }
    if (weakEnd > 0 && p >= nextWeak) {
      out.weak.push(p, weakEnd);
      nextWeak = weakEnd;
    }
    if (titleEnd > 0 && p >= nextTitle) {
      out.title.push(p, titleEnd);
      nextTitle = titleEnd;
    }
    if (actionAt >= 0) out.action.push(actionAt);
  }
  return out;
}

/** U+4E00–U+9FFF, the class the label patterns use for "a Han character follows" (= CJK). */
function isHan(c: number): boolean {
  return c >= 0x4e00 && c <= 0x9fff;
}

function isUpper(c: number): boolean {
  return c >= 65 && c <= 90;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function collectSites(
  text: string,
  piHits: readonly number[],
  labels: [number, number][],
  englishLabels: readonly number[],
): Site[] {
  const anchorMatches = scanAnchors(text);
  const sites: Site[] = [];
  const labelSite = (index: number, after: number, kind: SiteKind, separated?: boolean): void => {
    const sep = LABEL_SEPARATOR.exec(text.slice(after, after + 6))![0];
    const startAt = after + sep.length;
    labels.push([index, after]);
    sites.push({
      kind,
      startAt,
      from: startAt,
      to: startAt + 6,
      separated: separated ?? /[:：= \t]/.test(sep),
    });
  };
  ROLE_LABEL.lastIndex = 0;
  for (let m = ROLE_LABEL.exec(text); m; m = ROLE_LABEL.exec(text)) {
    // Walk back over the role word (投诉人, 当事人, 车主); a lone 人 is not a label.
    let start = m.index;
    while (start > 0 && m.index - start < ROLE_WORD_MAX && CJK.test(text.charAt(start - 1)))
      start--;
    if (start === m.index) continue;
    const after = m.index + m[0].length;
    const startAt = after + LABEL_SEPARATOR.exec(text.slice(after, after + 6))![0].length;
    labels.push([start, after]);
    sites.push({ kind: 'label', startAt, from: startAt, to: startAt + 6, separated: true });
  }
  const { strong, weak, title } = anchorMatches;
  for (let k = 0; k < strong.length; k += 2) labelSite(strong[k]!, strong[k + 1]!, 'label');
  for (let k = 0; k < englishLabels.length; k += 2) {
    labelSite(englishLabels[k]!, englishLabels[k + 1]!, 'label', true);
  }
  for (let k = 0; k < weak.length; k += 2) labelSite(weak[k]!, weak[k + 1]!, 'weak', false);
  CHAT_SPEAKER.lastIndex = 0;
  for (let m = CHAT_SPEAKER.exec(text); m; m = CHAT_SPEAKER.exec(text)) {
    labelSite(m.index, m.index + m[0].length, 'weak', false);
  }
  for (let k = 0; k < title.length; k += 2) {
    const at = title[k]!;
    labels.push([at, title[k + 1]!]);
    sites.push({ kind: 'title', endAt: at, from: Math.max(0, at - 4), to: at });
  }
  for (const at of anchorMatches.action) {
    sites.push({ kind: 'title', endAt: at, from: Math.max(0, at - 4), to: at });
  }
  // One site per run of overlapping neighbourhoods: a record's phone and ID numbers sit close
  // together, and a candidate between them is the same candidate for both (its score looks at
  // all personal data near it, not at the site's).
  for (let k = 0; k < piHits.length; k += 2) {
    const from = Math.max(0, piHits[k]! - PI_NEIGHBOURHOOD);
    const to = piHits[k + 1]! + PI_NEIGHBOURHOOD;
    const last = sites[sites.length - 1];
    if (last?.kind === 'pi' && from <= last.to) last.to = Math.max(last.to, to);
    else sites.push({ kind: 'pi', from, to });
  }
  DELIMITED_FIELD.lastIndex = 0;
  for (let m = DELIMITED_FIELD.exec(text); m; m = DELIMITED_FIELD.exec(text)) {
    const startAt = m.index + m[0].indexOf(m[1]!);
    const endAt = startAt + m[1]!.length;
    sites.push({ kind: 'field', startAt, endAt, from: startAt, to: endAt });
  }
  collectSlots(text, sites);
  const attr = (at: number): void => {
    sites.push({ kind: 'attr', endAt: at, from: Math.max(0, at - 4), to: at });
  };
  PERSON_ATTR_ANCHOR.lastIndex = 0;
  for (let m = PERSON_ATTR_ANCHOR.exec(text); m; m = PERSON_ATTR_ANCHOR.exec(text)) attr(m.index);
  // 的 is the commonest character of Chinese text: found with indexOf, then the word after it
  // tried in place (a search with the whole pattern cost more than all other name anchors).
  for (let k = text.indexOf('的'); k >= 0; k = text.indexOf('的', k + 1)) {
    OWNED_PI_ANCHOR.lastIndex = k;
    if (OWNED_PI_ANCHOR.test(text)) attr(k);
  }
  return sites;
}

/** What a slot's position adds: a speaker tag or an @mention (张伟：, 张伟 14:05, @张伟). */
const SPEAKER_SLOT_BONUS = 0.4;
/** A field of its own: a line, a list item, a value after a caption, a run in English text. */
const SLOT_BONUS = 0.3;
/** The longest Han run a slot may hold (minority names without a surname run to ~8). */
const SLOT_MAX = 10;
/** What may end the value of a caption ("原告：张伟，女", "民警：陈鹏、朱一鸣 …"). */
const VALUE_END = /[，,、;；|｜\s（(。！!？?）)<>《》"“”]/;
/** A time after a speaker's name in chat exports ("张伟 14:05"). */
const CHAT_TIME = /^[ \t]+[0-9]{1,2}:[0-9]{2}/;
/**
 * Last characters of captions whose values are not people: places, organisations, things,
 * dates, amounts, states (地址：, 单位：, 品牌：, 科室：, 结果：, 籍贯：, 方式：).
 */
const NON_PERSON_CAPTION_END = new Set(
  '址位司称牌门室校业贯籍族务岗目品号型题市区县省份行院构铺店楼盘路街码间期额价费量率数态果类别式因明注途容由断况见气点源格色度段级地系科',
);
/** A caption's colon before a Han value, tried in place at each colon. */
const COLON = /[:：][ \t\u3000]*(?=[\u4e00-\u9fff])/y;
/** An @mention of a Han name, tried in place at each @. */
const MENTION = /@[ \t]?(?=[\u4e00-\u9fff])/y;
/**
 * Spaces before Han text, where a Latin word may end just before (checked by hand: a pattern
 * that starts with a Latin letter, or a lookbehind, made the engine try every position).
 */
const LATIN_THEN_HAN = /[ \t]+(?=[\u4e00-\u9fff])/g;
/**
 * The English words that introduce a person before such Han text — a Chinese name written into
 * English ("Hi 张伟,", "To: 张伟 <…>", "passport of 张伟", "it's 张伟 from …"); after any other
 * Latin word the Han text is as often a place (sz 南山 福田).
 */
const INTRODUCES_PERSON =
  /(?:^|[^A-Za-z'’])(?:hi|hello|dear|hey|to|from|cc|bcc|attn|for|of|and|by|with|it['’]?s|i['’]?m|is|am|names?|mr|ms|mrs|miss|dr)[.,:：]?$/i;
/** The end of the Han run from `at` (at most SLOT_MAX long; -1 when longer). */
function hanRunEnd(text: string, at: number): number {
  let r = at;
  while (r < text.length && isHan(text.charCodeAt(r))) {
    if (++r - at > SLOT_MAX) return -1;
  }
  return r;
}

/**
 * Slots: Han runs that stand as a value of their own, where a record or a message puts a
 * name — at the start of a line before a colon, a chat time, a bracket or a delimiter (a
 * speaker tag, a list item, a signature), after a caption's colon up to a delimiter, after an
 * @, and in English text. The run must be a whole name (a surname and a given name, or a
 * minority name) for a candidate to come of it; the cheap checks here only find the runs.
 */
function collectSlots(text: string, sites: Site[]): void {
  const slot = (startAt: number, endAt: number, bonus: number): void => {
    // Only runs that can be a name: a surname and one or two characters, or minority elements.
    const n = endAt - startAt;
    if (n < 2) return;
    // Part of a name with a middle dot (热合曼·迪丽拜尔): the dot-name reader takes it whole.
    const after = endAt < text.length ? text.charAt(endAt) : ' ';
    const before = startAt > 0 ? text.charAt(startAt - 1) : ' ';
    if (DOTS.includes(after) || DOTS.includes(before)) return;
    const L = surnameLengthAt(text, startAt);
    const han = L > 0 && n <= L + 2 && n > L;
    if (han || tibetanNameLengthAt(text, startAt) === n || minorityNameMayStart(text, startAt)) {
      sites.push({ kind: 'slot', startAt, endAt, from: startAt, to: endAt, bonus });
    }
  };
  // Line starts.
  for (let p = 0; p < text.length;) {
    let lineEnd = text.indexOf('\n', p);
    if (lineEnd < 0) lineEnd = text.length;
    const q = skipLinePrefix(text, p, lineEnd, slot);
    const nameStart =
      q < lineEnd && (surnameLengthAt(text, q) > 0 || minorityNameMayStart(text, q));
    const r = nameStart ? hanRunEnd(text, q) : -1;
    if (r > 0) {
      const c = text.charAt(r);
      let bonus = 0;
      if (
        c === ':' ||
        c === '：' ||
        c === '(' ||
        c === '（' ||
        ((c === ' ' || c === '\t') && CHAT_TIME.test(text.slice(r, r + 8)))
      ) {
        bonus = SPEAKER_SLOT_BONUS;
      } else if (
        r === lineEnd ||
        (r === lineEnd - 1 && c === '\r') ||
        '\t\u3000｜|,，、-–—'.includes(c)
      ) {
        bonus = SLOT_BONUS;
      } else if (c === ' ') {
        let k = r;
        while (text.charAt(k) === ' ') k++;
        // Then a number, Latin text, or a gender column (1. 张伟 男 110105…).
        if (
          k >= lineEnd ||
          !isHan(text.charCodeAt(k)) ||
          /^[男女](?![\u4e00-\u9fff])/.test(text.slice(k, k + 2))
        ) {
          bonus = SLOT_BONUS;
        }
      }
      if (bonus > 0) slot(q, r, bonus);
      // A message that opens with the addressee's name: 张伟你好，… / 张伟您好！
      const hello = text.slice(r - 2, r);
      if (r - q > 3 && (hello === '你好' || hello === '您好')) slot(q, r - 2, SPEAKER_SLOT_BONUS);
    }
    p = lineEnd + 1;
  }
  // Values after a caption's colon, and the items of a list that follows (民警：陈鹏、朱一鸣).
  // Each colon found with indexOf (both widths), then the value tried in place: a search with
  // the pattern tried every position of the text.
  for (const ch of ['：', ':']) {
    for (let k = text.indexOf(ch); k >= 0; k = text.indexOf(ch, k + 1)) {
      COLON.lastIndex = k;
      const m = COLON.exec(text);
      if (m) captionValues(k, k + m[0].length);
    }
  }
  function captionValues(colon: number, valueStart: number): void {
    if (NON_PERSON_CAPTION_END.has(captionEnd(text, colon))) return;
    let q = valueStart;
    for (let items = 0; items < 8; items++) {
      const r = hanRunEnd(text, q);
      if (r < 0 || (r < text.length && !VALUE_END.test(text.charAt(r)))) break;
      slot(q, r, SLOT_BONUS);
      if (text.charAt(r) !== '、' || !isHan(text.charCodeAt(r + 1))) break;
      q = r + 1;
    }
  }
  // A run that ends before more Han text is not a value of its own.
  const bounded = (q: number): number => {
    const r = hanRunEnd(text, q);
    return r < 0 || (r < text.length && isHan(text.charCodeAt(r))) ? -1 : r;
  };
  for (let k = text.indexOf('@'); k >= 0; k = text.indexOf('@', k + 1)) {
    MENTION.lastIndex = k;
    const m = MENTION.exec(text);
    const r = m ? bounded(k + m[0].length) : -1;
    if (r > 0) slot(k + m![0].length, r, SPEAKER_SLOT_BONUS);
  }
  LATIN_THEN_HAN.lastIndex = 0;
  for (let m = LATIN_THEN_HAN.exec(text); m; m = LATIN_THEN_HAN.exec(text)) {
    const wordEnd = m.index;
    if (!/[A-Za-z.,:：'’]/.test(text.charAt(wordEnd - 1))) continue;
    if (!INTRODUCES_PERSON.test(text.slice(Math.max(0, wordEnd - 9), wordEnd))) continue;
    const q = m.index + m[0].length;
    const r = bounded(q);
    if (r > 0) slot(q, r, SLOT_BONUS);
  }
}

/** The last character of the caption before a colon at `colon`, skipping a bracketed role. */
function captionEnd(text: string, colon: number): string {
  let k = colon - 1;
  if (text.charAt(k) === '）' || text.charAt(k) === ')') {
    const open = Math.max(text.lastIndexOf('（', k), text.lastIndexOf('(', k));
    if (open >= 0 && k - open <= 10) k = open - 1;
  }
  return text.charAt(k);
}

/**
 * Skips what a line may start with before a name: spaces, a bracketed time or role
 * ([13:32], [客户]), a list number (1. 2、), dashes and bullets, an emoji, a Latin role and a
 * dash (HR-). A bracketed Han run (【张伟】) is itself a slot.
 */
function skipLinePrefix(
  text: string,
  p: number,
  lineEnd: number,
  slot: (startAt: number, endAt: number, bonus: number) => void,
): number {
  let q = p;
  for (let steps = 0; steps < 12 && q < lineEnd; steps++) {
    const c = text.charCodeAt(q);
    if (isHan(c)) return q;
    const ch = text.charAt(q);
    if (ch === '[' || ch === '【') {
      const close = text.indexOf(ch === '[' ? ']' : '】', q);
      if (close < 0 || close > lineEnd || close - q > 24) return q;
      if (ch === '【' && hanRunEnd(text, q + 1) === close) slot(q + 1, close, SLOT_BONUS);
      q = close + 1;
    } else if (isDigit(c)) {
      let k = q;
      while (k < lineEnd && k - q < 3 && isDigit(text.charCodeAt(k))) k++;
      if (!/[.、．)）\t \u3000]/.test(text.charAt(k))) return q;
      q = k + 1;
    } else if (/[A-Za-z]/.test(ch)) {
      let k = q;
      while (k < lineEnd && k - q < 10 && /[A-Za-z]/.test(text.charAt(k))) k++;
      if (text.charAt(k) !== '-') return q;
      q = k + 1;
    } else if (
      /[\s\p{P}\p{S}]/u.test(ch) ||
      c === 0x200d ||
      c === 0xfe0f ||
      (c & 0xfc00) === 0xd800 ||
      (c & 0xfc00) === 0xdc00
    ) {
      q++;
    } else {
      return q;
    }
  }
  return q;
}

function nearPi(piHits: readonly number[], start: number, end: number, reach: number): boolean {
  return anyHitIn(piHits, start - reach, end + reach);
}

/**
 * True when a hit offset lies in [from, to]. The offsets are in ascending order (starts and
 * ends of non-overlapping matches, in text order), so a binary search finds the first one from
 * `from` on: a linear walk per candidate made names quadratic in the PI-density of a unit.
 */
function anyHitIn(piHits: readonly number[], from: number, to: number): boolean {
  let lo = 0;
  let hi = piHits.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (piHits[mid]! < from) lo = mid + 1;
    else hi = mid;
  }
  return lo < piHits.length && piHits[lo]! <= to;
}

function scoreCandidate(
  text: string,
  site: Site,
  start: number,
  ext: Extent,
  piHits: readonly number[],
): number | undefined {
  let score = BASE_SCORE + (ext.common ? COMMON_GIVEN_BONUS : -COMMON_GIVEN_BONUS);
  if (ext.surname === 2) score += COMPOUND_BONUS;
  if (ext.nr) score += NR_TAG_BONUS;
  let vouched = false;
  if (site.startAt === start && site.kind === 'label') {
    score += STRONG_LABEL_BONUS;
    vouched = true;
  } else if (site.startAt === start && site.kind === 'weak') {
    score += WEAK_LABEL_BONUS;
    vouched = true;
  } else if (site.startAt === start && site.kind === 'slot') {
    // A slot says where a value is, not that it is a name: the given name must look like one.
    if (!ext.common) return undefined;
    score += site.bonus ?? 0;
    vouched = true;
  }
  if (titleAt(text, ext.end)) {
    score += TITLE_BONUS;
    vouched = true;
  } else if (
    ext.common &&
    (OWNED_PI_AFTER.test(text.slice(ext.end, ext.end + 5)) ||
      PERSON_ATTR_AFTER.test(text.slice(ext.end, ext.end + 6)))
  ) {
    score += WEAK_LABEL_BONUS;
    vouched = true;
  } else if (ext.common && ACTION_AFTER.test(text.slice(ext.end, ext.end + 4))) {
    score += WEAK_LABEL_BONUS;
    vouched = true;
  }
  const bounded = !isHan(text.charCodeAt(start - 1)) && !isHan(text.charCodeAt(ext.end));
  if (site.kind === 'field') {
    score += FIELD_BOUNDED_BONUS;
    const [a, b] = lineBounds(text, start, ext.end);
    if (anyHitIn(piHits, a, b)) score += NEARBY_PI_BONUS;
  } else if (nearPi(piHits, start, ext.end, PI_NEIGHBOURHOOD)) {
    score += NEARBY_PI_BONUS + (bounded ? FIELD_BOUNDED_BONUS : 0);
  }
  // Proximity alone does not make "汤煮" a name: without a label, a title or a field of its own,
  // the given characters must look like a name's.
  if (!vouched && !ext.common && !(site.kind === 'field' || bounded)) return undefined;
  // A dictionary word tagged as a name (孙子, 魏晋) in running text needs more than proximity.
  if (!vouched && ext.dictWord && !(site.kind === 'field' || bounded)) return undefined;
  return Math.min(MAX_SCORE, score);
}

/**
 * A name made only of Mongolian, Uyghur or Tibetan name elements (巴特尔, 斯琴高娃, 古丽娜扎尔)
 * where a site fixes both ends — a slot, a field, or a label followed by a bounded value —
 * or undefined. One two-character element alone (央宗, 乌兰) counts only as a speaker tag or a
 * caption's value; in running text many elements are ordinary words or places.
 */
function minorityCandidate(
  text: string,
  site: Site,
  piHits: readonly number[],
): Candidate | undefined {
  const start = site.startAt;
  if (start === undefined || !minorityNameMayStart(text, start)) return undefined;
  if (site.kind === 'pi' || site.kind === 'title' || site.kind === 'attr') return undefined;
  let end = site.endAt;
  if (end === undefined) {
    end = hanRunEnd(text, start);
    if (
      end < 0 ||
      (end < text.length && !VALUE_END.test(text.charAt(end)) && !titleAt(text, end))
    ) {
      return undefined;
    }
  }
  const len = minorityNameLength(text, start, end);
  if (len === 0) return undefined;
  // A Han surname reading (巴特 is not one, 白音 is) is left to the surname path.
  if (len === 2 && (site.kind !== 'slot' || (site.bonus ?? 0) < SPEAKER_SLOT_BONUS)) {
    if (!(site.kind === 'label' && site.separated)) return undefined;
  }
  let score = 0.6 + (site.kind === 'slot' ? (site.bonus ?? 0) : site.kind === 'field' ? 0.1 : 0.3);
  if (nearPi(piHits, start, end, PI_NEIGHBOURHOOD)) score += 0.1;
  return { start, end, score: Math.min(MAX_SCORE, score) };
}

/** The whole value after a separated label ("姓名：高峰"), trusted even when it is a word. */
function labelValue(text: string, startAt: number): Candidate | undefined {
  const m = LABEL_VALUE.exec(text.slice(startAt, startAt + 9));
  if (!m || /^[*＊×]/.test(text.charAt(startAt + m[0].length))) return undefined;
  const end = startAt + m[0].length;
  const word = m[0];
  if (isPlaceName(word) || PLACEHOLDER_VALUES.has(word)) return undefined;
  const L = surnameLengthAt(word, 0);
  if (L > 0 && word.length <= L + 2) {
    // The label vouches for it: no need to ask jieba (it would only add a doubtful `nr`).
    if ([...word.slice(L)].some((c) => NOT_GIVEN.has(c))) return undefined;
    if (word.length === L + 1 && KINSHIP_GIVEN.has(word.charAt(L))) return undefined;
    const common = isCommonGivenName(word.slice(L));
    if (TAGGED_NOT_NAMES.has(word)) return undefined;
    if (!common) {
      // A dictionary word that is not a name, in a header row or a caption (业主 车牌 电话).
      const tokens = tagWithOffsets(word);
      if (tokens?.length === 1 && !isNameTag(tokens[0]!.tag)) return undefined;
    }
    return { start: startAt, end, score: LABEL_VALUE_SCORE + (common ? 0.05 : 0) };
  }
  // No Han surname, or longer than a Han name (次仁央宗, 乌兰其其格): accept unless jieba reads
  // ordinary words, or the value names a role, a relation or a field (法定继承人, 父母, 银行卡号).
  if (/[人者员方属母女子号码卡证址期名称型别数额费]$/.test(word)) return undefined;
  const tokens = tagWithOffsets(word);
  if (!tokens) return undefined;
  const wordy = tokens.some(
    (k) =>
      (k.word.length >= 2 && !/^(?:nr|ns|nrt|nrfg)$/.test(k.tag)) ||
      (k.word.length === 1 &&
        (/^(?:p|c|u|y|e|o)/.test(k.tag) || /[我你他她它这那谁]/.test(k.word))),
  );
  return wordy ? undefined : { start: startAt, end, score: NO_SURNAME_LABEL_VALUE_SCORE };
}

function chineseNames(
  text: string,
  piHits: readonly number[],
  englishLabels: readonly number[],
): Candidate[] {
  const out: Candidate[] = [];
  const labels: [number, number][] = [];
  const sites = collectSites(text, piHits, labels, englishLabels);
  const labelMask = new Uint8Array(text.length + 1);
  for (const [x, y] of labels) labelMask.fill(1, x, y);
  const vouchedStart = new Uint8Array(text.length + 1);
  // Per start: 1 when a slot will try a name there, 2 once it has. A slot's candidate needs
  // name-like given characters (see scoreCandidate): checked here, before any tagging, as most
  // line starts and caption values are not names. Where a slot tries, proximity and field
  // sites add nothing but work (the slot's reading scores at least as high).
  const slotAt = new Uint8Array(text.length + 1);
  for (const site of sites) {
    const s = site.startAt!;
    if (site.kind !== 'slot' || slotAt[s] !== 0 || !possibleStart(text, s)) continue;
    const given = text.slice(s + surnameLengthAt(text, s), site.endAt);
    if (tibetanNameLengthAt(text, s) > 0 || isCommonGivenName(given)) slotAt[s] = 1;
  }

  // First the candidates and their windows, then each distinct window tagged once (jieba.ts, in
  // JavaScript: no per-call cost). A label or title is a word boundary: the window starts (or
  // ends) there, so that jieba cannot join label and surname into one word (客户王). Near other
  // personal data the window holds a little context on both sides, unless the candidate starts
  // a segment of its own (see startsSegment).
  interface Request {
    site: Site;
    s: number;
    from: number;
    to: number;
  }
  const requests: Request[] = [];
  for (const site of sites) {
    if (site.kind === 'label' && site.separated && site.startAt !== undefined) {
      const whole = labelValue(text, site.startAt);
      if (whole) {
        out.push(whole);
        vouchedStart[whole.start] = 1;
        continue;
      }
    }
    const minority = minorityCandidate(text, site, piHits);
    if (minority) {
      out.push(minority);
      continue;
    }
    for (const s of candidateStarts(text, site, labelMask)) {
      // A label already vouches for a name here; proximity would add nothing but work.
      if (site.kind === 'pi' && vouchedStart[s] === 1) continue;
      if ((site.kind === 'pi' || site.kind === 'field') && slotAt[s] !== 0) continue;
      if (site.kind === 'slot') {
        if (vouchedStart[s] === 1 || slotAt[s] !== 1) continue;
        slotAt[s] = 2;
      }
      const [from, to] =
        site.kind === 'slot' && !JOINS_HAN_BLOCK.test(text.charAt(site.endAt!))
          ? [s, site.endAt!] // jieba's block ends there: the tokens are the same
          : site.startAt !== undefined
            ? [s, s + 8]
            : site.endAt !== undefined
              ? [site.endAt - 8, site.endAt]
              : startsSegment(text, s)
                ? [s, s + 8]
                : [s - 4, s + 8];
      // Narrowed so that the window splits no surrogate pair (jieba would see U+FFFD).
      let a = Math.max(0, from);
      let b = Math.min(text.length, to);
      if (isLowSurrogate(text.charCodeAt(a))) a++;
      if (b < text.length && isLowSurrogate(text.charCodeAt(b))) b--;
      requests.push({ site, s, from: a, to: b });
    }
  }
  // Windows are at most 12 units long, so (from, length) makes a numeric key.
  const windows = new Map<number, Tagged>();
  for (const { site, s, from, to } of requests) {
    const key = from * WINDOW_KEY + (to - from);
    let tagged = windows.get(key);
    if (!tagged) {
      const simp = text.slice(from, to);
      tagged = { offset: from, simp, tokens: tagWithOffsets(simp) };
      windows.set(key, tagged);
    }
    const labelled =
      site.startAt === s && (site.kind === 'label' || site.kind === 'weak' || site.kind === 'slot');
    // After a label, a short run that ends at a delimiter is the whole name (父亲严家豪、…).
    let fixedEnd = site.endAt;
    if (fixedEnd === undefined && labelled) {
      const r = hanRunEnd(text, s);
      if (r > 0 && r - s <= surnameLengthAt(text, s) + 2 && r < text.length) fixedEnd = r;
    }
    const ext =
      tibetanExtent(text, tagged, s, fixedEnd, labelled) ??
      nameExtent(text, tagged, s, fixedEnd, labelled, site.kind === 'attr');
    if (!ext || covers(labelMask, s, ext.end)) continue;
    // Before a title or an action, a name does not follow a noun directly (王者|荣耀，您好).
    if (site.kind === 'title' && !labelled && followsNoun(tagged, s)) continue;
    const score = scoreCandidate(text, site, s, ext, piHits);
    if (score !== undefined) out.push({ start: s, end: ext.end, score });
  }
  return out;
}

/**
 * Characters that jieba segments in one block with Han characters (letters, digits, +#&._%-):
 * anything else before a candidate makes it the start of a block, and then the tokens from the
 * candidate on are the same whatever the window holds before it — so that part is not tagged.
 */
const JOINS_HAN_BLOCK = /[\u3400-\u4DBF\u4E00-\u9FFF\uF900-\uFAFF\uDC00-\uDFFFa-zA-Z0-9+#&._%-]/;

function startsSegment(text: string, s: number): boolean {
  return s === 0 || !JOINS_HAN_BLOCK.test(text.charAt(s - 1));
}

/** Windows span at most 12 UTF-16 units; keys pack (from, length) with this multiplier. */
const WINDOW_KEY = 64;

function isLowSurrogate(c: number): boolean {
  return (c & 0xfc00) === 0xdc00;
}

/** Whether any of mask[from, to) is set (without a subarray object per question). */
function covers(mask: Uint8Array, from: number, to: number): boolean {
  for (let k = from; k < to; k++) if (mask[k] === 1) return true;
  return false;
}

/**
 * Where a name may start for a site, after cheap checks that spare jieba most sites: a surname
 * (or a Tibetan name) starts there and a Han character follows it. Near other personal data,
 * the candidate must also touch a boundary (start of text, punctuation, a digit) on one side,
 * as names in records do; names inside sentences need a label, a title or an action.
 */
function candidateStarts(text: string, site: Site, labelMask: Uint8Array): number[] {
  if (site.startAt !== undefined) return possibleStart(text, site.startAt) ? [site.startAt] : [];
  if (site.endAt !== undefined) {
    return [site.endAt - 2, site.endAt - 3, site.endAt - 4].filter((s) => possibleStart(text, s));
  }
  const starts: number[] = [];
  const to = Math.min(text.length, site.to);
  for (let s = Math.max(0, site.from); s < to; s++) {
    if (labelMask[s] === 1 || !possibleStart(text, s)) continue;
    // A record's name starts a field (after punctuation, a space, the line start) or runs
    // straight into the number (张伟13800138000); a division there (江苏省…) is an address.
    const L = surnameLengthAt(text, s) || 2;
    const leftBound = s === 0 || !isHan(text.charCodeAt(s - 1));
    const intoDigits = isDigit(text.charCodeAt(s + L + 1)) || isDigit(text.charCodeAt(s + L + 2));
    if (!(leftBound || intoDigits) || cannotStartUnlabelled(text, s)) continue;
    if (divisionLengthAt(text, s) === 0) starts.push(s);
  }
  return starts;
}

/** A surname (or a Tibetan name) starts at s, and a Han character follows the surname. */
function possibleStart(text: string, s: number): boolean {
  if (s < 0) return false;
  if (tibetanNameLengthAt(text, s) > 0) return true;
  const L = surnameLengthAt(text, s);
  return L > 0 && isHan(text.charCodeAt(s + L));
}

/**
 * Checks that reject an unlabelled candidate (one near other personal data) whatever jieba
 * says, made before a window is tagged: the same checks as in `nameExtent`, on the same
 * characters, so the result does not change, only the work.
 */
function cannotStartUnlabelled(text: string, s: number): boolean {
  if (tibetanNameLengthAt(text, s) > 0) return false;
  const g = s + surnameLengthAt(text, s);
  const c = text.charAt(g);
  if (!isHan(text.charCodeAt(g)) || NOT_GIVEN.has(c) || titleAt(text, g)) return true;
  if (s === 0) return false;
  const before = text.charAt(s - 1);
  return DOTS.includes(before) || ADDRESS_BEFORE.test(before);
}

const DOT_CHAR = new RegExp(`[${DOTS}]`);
const DOT_CHAR_G = new RegExp(`[${DOTS}]`, 'g');

/**
 * Spans shaped like dotted names (Han run · Han run …), found from the dots outwards: a regex
 * that starts with a Han character class would be tried at every Han character of the text.
 */
function dotNameSpans(text: string): { index: number; 0: string }[] {
  const spans: { index: number; 0: string }[] = [];
  let consumed = 0;
  DOT_CHAR_G.lastIndex = 0;
  for (let m = DOT_CHAR_G.exec(text); m; m = DOT_CHAR_G.exec(text)) {
    if (m.index < consumed) continue;
    let start = m.index;
    while (start > 0 && m.index - start < 8 && CJK.test(text.charAt(start - 1))) start--;
    if (start === m.index) continue;
    let end = m.index;
    let dots = 0;
    while (dots < 3 && DOT_CHAR.test(text.charAt(end))) {
      let k = end + 1;
      while (k < text.length && k - end - 1 < 10 && CJK.test(text.charAt(k))) k++;
      if (k === end + 1) break;
      end = k;
      dots++;
    }
    if (dots === 0) continue;
    spans.push({ index: start, 0: text.slice(start, end) });
    consumed = end;
  }
  return spans;
}

/** Names with a middle dot: 阿卜杜·热合曼, 古丽娜尔·吐尔逊. */
function dotNames(text: string, piHits: readonly number[]): Candidate[] {
  const out: Candidate[] = [];
  const { strongLabel, weakLabel } = getAnchors();
  const labelWord = new RegExp(
    `^(?:${strongLabel.source}|${weakLabel.source.replace(/\(\?=.*$/, '')})$`,
  );
  for (const m of dotNameSpans(text)) {
    let start = m.index;
    const end = m.index + m[0].length;
    const dot = m[0].search(DOT_CHAR);
    // Trim what precedes the name in its first part (他叫, 患者, 联系人): cut after the last
    // label, function word or multi-character verb/pronoun/adverb that jieba finds there.
    const head = tagWithOffsets(simplify(m[0].slice(0, dot)));
    let labelled = false;
    if (head) {
      let cut = 0;
      head.forEach((tok, k) => {
        if (k === head.length - 1 && cut === 0 && head.length === 1) return;
        if (labelWord.test(tok.word)) {
          labelled = true;
          cut = k + 1;
        } else if (
          NOT_GIVEN.has(tok.word) ||
          PREFIX_WORDS.has(tok.word) ||
          (tok.word.length >= 2 && /^(?:v|p|c|r|d|t|m|u)/.test(tok.tag))
        ) {
          cut = k + 1;
        }
      });
      if (cut >= head.length) continue;
      start += head[cut]!.start;
    }
    let score = 0.6;
    const before = text.slice(Math.max(0, start - 8), start);
    if (
      labelled ||
      /(?:姓名|名字|客户|用户|访客|[人者主员方]|name)[ \t]*(?:[:：=]|- )?[ \t]*"?$/i.test(before)
    ) {
      score += 0.3;
    }
    if (titleAt(text, end)) score += 0.3;
    if (nearPi(piHits, start, end, PI_NEIGHBOURHOOD)) score += 0.25;
    out.push({ start, end, score: Math.min(MAX_SCORE, score) });
  }
  return out;
}

/** Runs of two to four capitalised words (Title Case or ALL CAPS) separated by single spaces. */
const CAPITALISED_RUN = /[A-Z][A-Za-z'’]*(?:[ ][A-Z][A-Za-z'’]*){1,3}/g;
/** Passport style, family and given name in capitals around a slash: HUANG/JESSICA. */
const SLASHED_NAME = /(?<![A-Za-z])([A-Z]{2,})\/([A-Z]{2,})(?![A-Za-z])/y;
/** What introduces a name in English mail and chat: greetings, headers, sign-offs. */
const ENGLISH_NAME_BEFORE =
  /(?:\b(?:hi|hello|dear|hey|from|to|cc|bcc|attn|ship to|bill to|deliver to|names?|guests?|passengers?|party [a-z]\S{0,12}|signed|by|it'?s|i'?m|this is)[ \t]*[:：,]?[ \t]*|(?:regards|best|cheers|thanks|sincerely|wishes)[ \t]*[,!.]?[ \t]*\r?\n[ \t]*)$/i;

/** Words that end place and organisation names, never a family name. */
const NOT_FAMILY_WORDS = new Set(
  (
    'church street road avenue park hotel bank hospital university college school centre center ' +
    'tower building plaza mall station airport island harbour harbor bay company group team ' +
    'support service services office department store shop restaurant cafe hall house square ' +
    'bridge river lake mountain hill beach garden gardens district city town village'
  ).split(' '),
);

const isFamilyName = (w: string): boolean =>
  ENGLISH_FAMILY_NAMES.has(w) || ROMANIZED_SURNAMES.has(w);

/**
 * English and romanised names without a label: "Hi David Wong,", "From: Amy Wang <…>",
 * "Best,⏎Michael Lee", "Ship to: Peter Chan,". A known given name followed by a known family
 * name reads as a name anywhere; a known given name and another capitalised word only after a
 * greeting, a mail header or a sign-off. A family name alone does not do (Hong Kong, Mr Wang),
 * and bare first names ("Hi Amy") are not full names.
 */
function englishNames(text: string, piHits: readonly number[]): Candidate[] {
  const out: Candidate[] = [];
  CAPITALISED_RUN.lastIndex = 0;
  for (let m = CAPITALISED_RUN.exec(text); m; m = CAPITALISED_RUN.exec(text)) {
    // A capital inside a word (iPhone Pro) starts no name.
    if (m.index > 0 && /[A-Za-z0-9]/.test(text.charAt(m.index - 1))) continue;
    const words = m[0].split(' ');
    const lower = words.map((w) => w.toLowerCase());
    let at = m.index;
    for (let i = 0; i + 1 < words.length; i++) {
      const start = at;
      at += words[i]!.length + 1;
      const given = ENGLISH_GIVEN_NAMES.has(lower[i]!);
      // A middle name or initial-less second given name: Mary Ann Smith.
      const last =
        i + 2 < words.length && given && !isFamilyName(lower[i + 1]!) && isFamilyName(lower[i + 2]!)
          ? i + 2
          : i + 1;
      const family = isFamilyName(lower[last]!);
      if (!given) continue;
      const end = start + words.slice(i, last + 1).join(' ').length;
      let score: number;
      if (family) score = 0.75;
      else if (
        // A known given name and an unknown family name, where mail and chat put names; not a
        // place or an organisation named after a person (Grace Church, Victoria Harbour).
        !NOT_FAMILY_WORDS.has(lower[last]!) &&
        ENGLISH_NAME_BEFORE.test(text.slice(Math.max(0, start - 24), start))
      ) {
        score = 0.6;
      } else continue;
      if (nearPi(piHits, start, end, PI_NEIGHBOURHOOD)) score += 0.1;
      out.push({ start, end, score });
      break;
    }
  }
  // From each slash back over the capitals before it: a slash is rare, a capital is not.
  for (let k = text.indexOf('/'); k >= 0; k = text.indexOf('/', k + 1)) {
    let from = k;
    while (from > 0 && k - from < 20 && isUpper(text.charCodeAt(from - 1))) from--;
    if (k - from < 2) continue;
    SLASHED_NAME.lastIndex = from;
    const m = SLASHED_NAME.exec(text);
    if (!m) continue;
    const a = m[1]!.toLowerCase();
    const b = m[2]!.toLowerCase();
    const ok =
      (isFamilyName(a) && ENGLISH_GIVEN_NAMES.has(b)) ||
      (ENGLISH_GIVEN_NAMES.has(a) && isFamilyName(b)) ||
      (ROMANIZED_SURNAMES.has(a) && ROMANIZED_SURNAMES.has(b));
    if (ok) out.push({ start: m.index, end: m.index + m[0].length, score: 0.7 });
  }
  return out;
}

/** "Name: Zhang Wei", "Contact: WANG Fang", "姓名：Li Ming". */
function romanizedNames(
  text: string,
  piHits: readonly number[],
  englishLabels: readonly number[],
): Candidate[] {
  const out: Candidate[] = [];
  for (const spans of [englishLabels, matchSpans(CHINESE_NAME_LABEL, text)]) {
    for (let k = 1; k < spans.length; k += 2) {
      ROMANIZED_NAME.lastIndex = spans[k]!; // the end of the label
      const n = ROMANIZED_NAME.exec(text);
      if (!n) continue;
      const words = n[1]!.split(/[ -]/).map((w) => w.toLowerCase());
      const pinyin = words.some((w) => ROMANIZED_SURNAMES.has(w));
      const end = n.index + n[0].length;
      const start = end - n[1]!.length;
      let score = pinyin ? 0.85 : 0.7;
      if (nearPi(piHits, start, end, PI_NEIGHBOURHOOD)) score += 0.1;
      out.push({ start, end, score: Math.min(MAX_SCORE, score) });
    }
  }
  return out;
}

/** Higher score first, then the longer span, then the earlier one. */
function byPreference(a: Candidate, b: Candidate): number {
  return b.score - a.score || b.end - b.start - (a.end - a.start) || a.start - b.start;
}

/**
 * Keeps the best of overlapping candidates: higher score, then longer (see `byPreference`),
 * greedily. Greedy choices interact only within a cluster of transitively overlapping
 * candidates, so each cluster is resolved on its own: sorting a whole unit's candidates by
 * preference (tens of thousands in a PI-dense unit) cost more than all the choices; by start,
 * through numeric keys, it costs little, and clusters are mostly a single candidate.
 */
function resolve(cands: Candidate[]): RawMatch[] {
  const n = cands.length;
  const kept: RawMatch[] = [];
  if (n === 0) return kept;
  // Start, then position in `cands`, as one number (exact while start < 2^32 and n < 2^20);
  // a typed array sorts numbers natively, with no comparator calls.
  const order = n < 1 << 20 ? new Float64Array(n) : undefined;
  let sorted: Candidate[];
  if (order) {
    for (let i = 0; i < n; i++) order[i] = cands[i]!.start * 1048576 + i;
    order.sort();
    sorted = new Array<Candidate>(n);
    for (let i = 0; i < n; i++) sorted[i] = cands[order[i]! % 1048576]!;
  } else {
    sorted = [...cands].sort((a, b) => a.start - b.start);
  }
  const keep = (c: Candidate): void => {
    kept.push({ start: c.start, end: c.end, score: Math.round(c.score * 1000) / 1000 });
  };
  for (let i = 0; i < n;) {
    let j = i + 1;
    let clusterEnd = sorted[i]!.end;
    while (j < n && sorted[j]!.start < clusterEnd) {
      clusterEnd = Math.max(clusterEnd, sorted[j]!.end);
      j++;
    }
    if (j === i + 1) {
      keep(sorted[i]!);
    } else {
      // Names are short: `taken` marks the units of the cluster already covered.
      const from = sorted[i]!.start;
      const taken = new Uint8Array(clusterEnd - from);
      const chosen: Candidate[] = [];
      for (const c of sorted.slice(i, j).sort(byPreference)) {
        let free = true;
        for (let k = c.start; k < c.end && free; k++) free = taken[k - from] === 0;
        if (!free) continue;
        taken.fill(1, c.start - from, c.end - from);
        chosen.push(c);
      }
      chosen.sort((a, b) => a.start - b.start);
      for (const c of chosen) keep(c);
    }
    i = j;
  }
  return kept;
}

function recognizeNames(p: PreparedText): RawMatch[] {
  // Same length as the original, so offsets carry over.
  const text = lexiconText(p);
  const piHits: number[] = [];
  NEARBY_PI.lastIndex = 0;
  for (let m = NEARBY_PI.exec(text); m; m = NEARBY_PI.exec(text)) {
    piHits.push(m.index, m.index + m[0].length);
  }
  // Chinese and romanised names both start from the English labels: searched once, not twice
  // (a case-insensitive alternation the regex engine tries at every position of the unit).
  const englishLabels = matchSpans(ENGLISH_LABEL, text);
  return resolve([
    ...chineseNames(text, piHits, englishLabels),
    ...dotNames(text, piHits),
    ...romanizedNames(text, piHits, englishLabels),
    ...englishNames(text, piHits),
  ]);
}

/** Labels before a romanised name written after a Chinese label ("姓名：Li Ming"). */
const CHINESE_NAME_LABEL = /(?:姓名|联系人|客户)[ \t]*[:：][ \t]*/g;

/** Start and end of each match of a global regex in `text`, as flat pairs in text order. */
function matchSpans(re: RegExp, text: string): number[] {
  const spans: number[] = [];
  re.lastIndex = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) spans.push(m.index, m.index + m[0].length);
  return spans;
}

/**
 * How much a bare table cell looks like a person's name, in [0, 1] — for column classification.
 *
 * @example
 * personNameLikelihood('欧阳娜娜') // 0.85
 * personNameLikelihood('高速公路') // 0.15
 */
export function personNameLikelihood(cell: string): number {
  const v = simplify(
    cell.trim().replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)),
  );
  if (v.length === 0) return 0;
  if (new RegExp(`^[\\u4e00-\\u9fff]{1,8}(?:[${DOTS}.][\\u4e00-\\u9fff]{1,10}){1,3}$`).test(v)) {
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
  const given = compact.slice(L);
  if (/^(?:先生|女士|小姐)$/.test(given)) return 0.5;
  if (given.length > 2 || isPlaceName(compact) || [...given].some((c) => NOT_GIVEN.has(c))) {
    return 0.1;
  }
  const tokens = tagWithOffsets(compact);
  const first = tokens?.[0];
  if (first && first.end > L && !(isNameTag(first.tag) && isCommonGivenName(given))) return 0.15;
  return isCommonGivenName(given) ? 0.85 : 0.6;
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
