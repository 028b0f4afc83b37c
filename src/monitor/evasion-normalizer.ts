/**
 * Undoes the tricks posters use to slip past keyword filters, so that the signal lexicons can be
 * written once in plain simplified Chinese.
 *
 * Evasions handled: full-width forms and traditional characters (through matching-view.ts, built
 * on the detection engine's `foldWidth` / `simplify`), upper case, spaces / symbols / emoji between characters ("资 料",
 * "数*据", "名🔥单"), homophones and variant spellings of the contact apps (薇信 / VX / v信 → 微信,
 * 扣扣 / 企鹅 / 🐧 → qq, 飞机 / TG / 电报 / ✈ → telegram), pinyin and pinyin abbreviations
 * (zl → 资料, sj → 数据, md → 名单, ziliao → 资料) and a few variant characters (岀 → 出).
 *
 * The output is a *compact* string: only Han characters, ASCII letters and digits survive. It is
 * for matching only; spans in it do not map back to the original text (contacts and PI samples are
 * located on the original text by their own extractors).
 */
import { hanDigitsToAscii } from './han-digits.ts';
import { foldHomophones } from './homophone-folding.ts';
import { toMatchingView } from './matching-view.ts';

/** A post in the forms the classifier and extractors look at. */
export interface NormalizedPost {
  /** Width-folded, lower-cased, simplified text with aliases replaced; separators kept. */
  readonly spaced: string;
  /**
   * `spaced` with everything but Han characters, ASCII letters and digits removed, except that
   * clause punctuation is kept as `|`.
   */
  readonly compact: string;
}

/**
 * Aliases that are ASCII words. They are replaced only when not part of a longer ASCII word, so
 * a WeChat id such as "zl2024x" or a URL keeps its letters.
 */
const ASCII_ALIASES: Readonly<Record<string, string>> = {
  vx: '微信',
  wx: '微信',
  v: '微信',
  vxin: '微信',
  weixin: '微信',
  wechat: '微信',
  q: 'qq',
  qq: 'qq',
  koukou: 'qq',
  tg: 'telegram',
  telegram: 'telegram',
  feiji: 'telegram',
  dianbao: 'telegram',
  zl: '资料',
  ziliao: '资料',
  sj: '数据',
  shuju: '数据',
  md: '名单',
  mingdan: '名单',
  xinxi: '信息',
  gumin: '股民',
  chezhu: '车主',
  yezhu: '业主',
  baoxian: '保险',
  daikuan: '贷款',
  jingzhun: '精准',
  chushou: '出售',
  // Initials of the lexicon's key words, used alone ("gm资源") or run together ("czzl").
  gm: '股民',
  cz: '车主',
  yz: '业主',
  bm: '宝妈',
  dk: '贷款',
  bx: '保险',
  dd: '滴滴',
  // Initials of goods and customer groups brokers abbreviate most.
  sfz: '身份证',
  // 社工库 (a "social engineering" look-up database), spelled "SGK" or "S G K".
  sgk: '社工库',
  xyk: '信用卡',
  gp: '股票',
};

/**
 * Lone initials that are also everyday abbreviations: "GM 服务器" is a game master, "出 cz 装备"
 * a game item. Alone, they stand for a customer group only when goods, a quality claim, another
 * alias or the end of a clause follows (after spaces): "gm 料", "出 cz zl", "收 bm 粉", "yz 电话".
 */
const AMBIGUOUS_INITIALS: ReadonlySet<string> = new Set(['gm', 'cz', 'yz', 'bm', 'dk', 'bx', 'gp']);
const INITIAL_CONTEXT_RE =
  /^\s*(?:$|[,，。!！?？;；:：\n+/|]|[a-z0-9]|[料资数名客用电手号信粉群户单表四三精实一]|的(?:吗|么|嘛|都|$|\s|[,，。!！?？]))/;
/**
 * ...or when a word that qualifies a customer group comes right before: "装修 yz", "本地bm",
 * "新鲜 cz" — a game's "GM" or "cz 装备" is not fresh, local or precise.
 */
const INITIAL_PRECONTEXT_RE = /(?:装修|本地|本市|全国|新鲜|精准|一手|实时|新交房|高端|优质)\s*$/;

/**
 * Two-letter initials that posters run together ("czzl" = 车主资料). A run made only of these is
 * spelled out pair by pair; a single pair is an ASCII alias above.
 */
const INITIAL_PAIRS: Readonly<Record<string, string>> = {
  zl: '资料',
  sj: '数据',
  md: '名单',
  gm: '股民',
  cz: '车主',
  yz: '业主',
  bm: '宝妈',
  dk: '贷款',
  bx: '保险',
  kh: '客户',
  jz: '精准',
  gp: '股票',
  // A contact app run into the goods ("bmwx号" = 宝妈微信号).
  wx: '微信',
  vx: '微信',
};

/**
 * Pinyin syllables of the characters the lexicons are built from. Posters spell one or two
 * characters of a word in pinyin ("gu民", "zi料", "学 sheng 家 zhang", "dian hua"); an ASCII
 * run made *only* of these syllables is read as the characters. Syllables are chosen so that
 * common English words and ids do not decompose into them (see the tests).
 */
const PINYIN_SYLLABLES: Readonly<Record<string, string>> = {
  zi: '资',
  liao: '料',
  shu: '数',
  ju: '据',
  ming: '名',
  dan: '单',
  gu: '股',
  min: '民',
  che: '车',
  zhu: '主',
  ye: '业',
  bao: '宝',
  ma: '妈',
  sheng: '生',
  jia: '家',
  zhang: '长',
  dian: '电',
  hua: '话',
  wei: '微',
  xin: '信',
  xi: '息',
  chu: '出',
  shou: '售',
  dai: '贷',
  kuan: '款',
  ke: '客',
  hu: '户',
  jing: '精',
  zhun: '准',
  kou: '扣',
  xian: '险',
  fang: '房',
  chan: '产',
  cha: '查',
};

/**
 * Aliases containing Han characters or symbols, applied to the compact text (after separators
 * are gone, so "薇 信" and "薇-信" both arrive here as "薇信"). Longest first wins.
 */
const HAN_ALIASES: Readonly<Record<string, string>> = {
  v信: '微信',
  v芯: '微信',
  微芯: '微信',
  薇信: '微信',
  威信: '微信',
  维信: '微信',
  徽信: '微信',
  嶶信: '微信',
  wei信: '微信',
  // Longer than 加薇 / 加威 / 加v, so that "加威信" is not read as 加微信 + 信.
  加薇信: '加微信',
  加威信: '加微信',
  加v信: '加微信',
  加薇: '加微信',
  加威: '加微信',
  加v: '加微信',
  // 卫星 (wèixīng, a satellite) sounds like 微信; after 加 it can only be the app.
  加卫星: '加微信',
  // An initial standing for the first character of a two-character word ("Y主" = 业主).
  y主: '业主',
  c主: '车主',
  g民: '股民',
  b妈: '宝妈',
  z料: '资料',
  s据: '数据',
  m单: '名单',
  // Look-up targets by their initials right after 查 ("查hj查kf查gj"): after 查 the letters
  // can only name what is looked up; alone, kf is customer service and gj anything.
  查hj: '查户籍',
  查kf: '查开房',
  查gj: '查轨迹',
  查dw: '查定位',
  查jz: '查机主',
  扣扣: 'qq',
  抠抠: 'qq',
  企鹅: 'qq',
  球球: 'qq',
  纸飞机: 'telegram',
  小飞机: 'telegram',
  飞机号: 'telegram',
  电报: 'telegram',
  岀: '出',
  滋料: '资料',
  孜料: '资料',
  资聊: '资料',
  姿料: '资料',
  咨料: '资料',
  数椐: '数据',
  数剧: '数据',
  名丹: '名单',
  明单: '名单',
  信悉: '信息',
  // Cantonese: 有冇 = 有没有, 冇 = 没有.
  有冇: '有没有',
  冇: '没',
  信系: '信息',
};

/**
 * Words of the look-up and data trade spelled in pinyin one syllable at a time, with or without
 * spaces ("hu ji | kai fang | gui ji | ding wei", "cha dang"): the syllables are common, so they
 * are read only as whole words, never one by one. Tone marks are folded first (see
 * foldToneMarks), so "chá dàng" is "cha dang".
 */
const PINYIN_WORDS: Readonly<Record<string, string>> = {
  'hu ji': '户籍',
  'gui ji': '轨迹',
  'kai fang': '开房',
  'ding wei': '定位',
  'cha dang': '查档',
  'cha ren': '查人',
  'zhao ren': '找人',
  'tong hua': '通话',
  'xiang dan': '详单',
  'ji zhu': '机主',
  'zhu zhi': '住址',
  'she gong ku': '社工库',
  'zi liao': '资料',
  'shu ju': '数据',
  'ming dan': '名单',
  'xin xi': '信息',
  'ke hu': '客户',
  'dian hua': '电话',
  'shen fen zheng': '身份证',
};
// A pinyin word stands alone: not inside a longer ASCII word or id.
const PINYIN_WORDS_RE = new RegExp(
  `(?<![a-z0-9_])(?:${Object.keys(PINYIN_WORDS)
    .sort((a, b) => b.length - a.length)
    .map((k) => k.replace(/ /g, ' ?'))
    .join('|')})(?![a-z0-9_])`,
  'g',
);
/** Latin letters with diacritics (pinyin tone marks: ā á ǎ à, ü): folded to the bare letter. */
const TONE_MARKED_RE = /[\u00c0-\u024f\u1e00-\u1eff]/g;

/**
 * Folds tone-marked pinyin to plain letters ("chá dàng" → "cha dang"), so it meets the same
 * aliases as unmarked pinyin instead of losing its vowels.
 *
 * @example
 * foldToneMarks('chá dàng') // 'cha dang'
 */
export function foldToneMarks(s: string): string {
  return s.replace(TONE_MARKED_RE, (c) =>
    c
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase(),
  );
}

/** Emoji that stand for a contact app; everything else non-textual is simply dropped. */
const EMOJI_ALIASES: Readonly<Record<string, string>> = {
  '🐧': ' qq ',
  '✈': ' telegram ',
  '🛩': ' telegram ',
  '🛫': ' telegram ',
  // A satellite: 卫星 (wèixīng) sounds like 微信.
  '🛰': ' 微信 ',
  '📞': ' 电话 ',
  '☎': ' 电话 ',
  // A mobile phone, often decoration ("📱手机壳…"); "电话" would read as goods.
  '📱': ' 手机 ',
  // Emoji standing for one character of a customer group ("🚗主" = 车主, "🏠产" = 房产).
  '🚗': ' 车',
  '🚘': ' 车',
  '🏠': ' 房',
  '🏡': ' 房',
  '📈': ' 股',
};

function alternation(keys: readonly string[]): string {
  return [...keys]
    .sort((a, b) => b.length - a.length)
    .map((k) => k.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('|');
}

// Digits may follow an alias ("vx123456") but not precede it ("3q" is not QQ).
const ASCII_RE = new RegExp(
  `(?<![a-z0-9_])(?:${alternation(Object.keys(ASCII_ALIASES))})(?![a-z_])`,
  'g',
);
const PAIRS_RE = new RegExp(
  `(?<![a-z0-9_])(?:${alternation(Object.keys(INITIAL_PAIRS))}){2,}(?![a-z_])`,
  'g',
);
const PINYIN_RE = new RegExp(
  `(?<![a-z0-9_])(?:${alternation(Object.keys(PINYIN_SYLLABLES))})+(?![a-z_])`,
  'g',
);
/** Unspaced spelling of each pinyin word ("huji") → its key ("hu ji"). */
const PINYIN_WORD_KEYS = new Map(Object.keys(PINYIN_WORDS).map((k) => [k.replace(/ /g, ''), k]));
const PINYIN_SPLIT_RE = new RegExp(alternation(Object.keys(PINYIN_SYLLABLES)), 'g');
/** Single letters spaced apart ("c z z l", "w x"), joined back into one word. */
const SPACED_LETTERS_RE = /(?<![a-z0-9_])[a-z](?: [a-z](?![a-z0-9_]))+/g;
const HAN_RE = new RegExp(alternation(Object.keys(HAN_ALIASES)), 'g');
const EMOJI_RE = new RegExp(alternation(Object.keys(EMOJI_ALIASES)), 'gu');
/**
 * Clause punctuation becomes `|`, so that patterns (which never match `|`) stay inside a clause:
 * "买了的人都被骗了，数据全是空号" must not read as 买…数据. The dot is not a boundary: it is the
 * favourite separator of "出.股.民.资.料".
 */
const CLAUSE_RE = /[,，。!！?？;；:：\n]+/g;
/**
 * A run of symbols, emoji or punctuation *between two Han characters*: "资.料", "资|料", "车~主",
 * "股❤️民". Posters put them inside words, so they are dropped before any pattern or price looks
 * at the text. Whitespace, clause marks, quotes and brackets are not part of a run: "出 | 车主"
 * (a table cell), "买了，数据" and "不要买“资料”" keep their boundaries.
 */
const HAN_SEPARATOR_RE =
  /(?<=\p{Script=Han})[^\p{L}\p{N}\s,，。!！?？;；:："“”「」『』‘’'()（）【】《》<>[\]]+(?=\p{Script=Han})/gu;
/** Han characters that are only ever decoration between characters ("出丨车主丶资料"). */
const HAN_DECORATION_RE = /[丨丶]/g;
/** Everything that is not a Han character, an ASCII letter, a digit or a clause mark. */
const NON_TEXT_RE = /[^\p{Script=Han}a-z0-9|]+/gu;

/**
 * Replaces ASCII evasions: spaced letters are joined, aliases (vx, zl, gm) and runs of initials
 * (czzl) are spelled out, and runs made only of pinyin syllables are read as characters. Order
 * matters: aliases first, so "qq" or "wx" are never taken for pinyin.
 */
function spellOutAscii(s: string): string {
  const words = s.replace(PINYIN_WORDS_RE, (m) => {
    const key = m.includes(' ') ? m : (PINYIN_WORD_KEYS.get(m) ?? m);
    return PINYIN_WORDS[key] ?? m;
  });
  const joined = words.replace(SPACED_LETTERS_RE, (m) => m.replace(/ /g, ''));
  return joined
    .replace(ASCII_RE, (m, offset: number, whole: string) =>
      AMBIGUOUS_INITIALS.has(m) &&
      !INITIAL_CONTEXT_RE.test(whole.slice(offset + m.length)) &&
      !INITIAL_PRECONTEXT_RE.test(whole.slice(Math.max(0, offset - 6), offset))
        ? m
        : (ASCII_ALIASES[m] ?? m),
    )
    .replace(PAIRS_RE, (m) => m.replace(/[a-z]{2}/g, (p) => INITIAL_PAIRS[p] ?? p))
    .replace(PINYIN_RE, (m) => {
      // Greedy alternation can take a short syllable where a longer one was meant ("xian" vs
      // "xi"+"an"); accept the split only if it consumes the whole run.
      const parts = m.match(PINYIN_SPLIT_RE) ?? [];
      return parts.join('') === m ? parts.map((p) => PINYIN_SYLLABLES[p] ?? p).join('') : m;
    });
}

/**
 * Normalises one post for signal matching. Pass `view` when the caller already has the post's
 * matching view (see matching-view.ts), to compute it once.
 *
 * @example
 * normalizePost('長期出 車主 zl，加 V X：abc_123').compact
 * // '长期出车主资料加微信微信abc123' (roughly: the point is that 车主资料 and 微信 are visible)
 */
export function normalizePost(text: string, view: string = toMatchingView(text)): NormalizedPost {
  // Numbers spelled in Chinese numerals ("扣扣 四七零八…") are digits to the patterns and to the
  // learned model: a QQ number is not eight words of prose.
  let s = hanDigitsToAscii(view);
  if (EMOJI_RE.test(s)) {
    EMOJI_RE.lastIndex = 0;
    s = s.replace(EMOJI_RE, (m) => EMOJI_ALIASES[m] ?? m);
  }
  if (HAN_DECORATION_RE.test(s)) s = s.replace(HAN_DECORATION_RE, ' ');
  s = s.replace(HAN_SEPARATOR_RE, '');
  if (TONE_MARKED_RE.test(s)) {
    TONE_MARKED_RE.lastIndex = 0;
    s = foldToneMarks(s);
  }
  if (/[a-z]/.test(s)) s = spellOutAscii(s);
  const spaced = s;
  const compact = foldHomophones(
    spaced
      .replace(CLAUSE_RE, '|')
      .replace(NON_TEXT_RE, '')
      .replace(HAN_RE, (m) => HAN_ALIASES[m] ?? m),
  );
  return { spaced, compact };
}
