/**
 * The evasions of issue 8, as deterministic text transforms for the robustness test: a poster's
 * tricks applied to posts we already have labels for. Each transform is seeded by the post id and
 * its own name, so a run is reproducible and one transform's choices do not depend on another's.
 *
 * These live in the tests, not in src: they imitate posters, and the classifier must not be built
 * from its own test's generator. The homophone table below was written from how posters spell
 * (and from the examples), independently of the normaliser's folding table.
 */
import OpenCC from 'opencc-js';

/** A transform of one post's text; `rand` gives numbers in [0, 1) from the post's seed. */
export type EvasionTransform = (text: string, rand: () => number) => string;

/**
 * mulberry32: a small, fast PRNG with a 32-bit state, good enough to pick positions and variants.
 *
 * @example
 * const r = seededRandom('p0001/spacing'); r(); // 0.…
 */
export function seededRandom(seed: string): () => number {
  // FNV-1a of the seed string, then mulberry32.
  let h = 0x811c9dc5;
  for (let i = 0; i < seed.length; i++) {
    h ^= seed.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  let a = h >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(list: readonly T[], rand: () => number): T =>
  list[Math.floor(rand() * list.length)]!;

const HAN = /\p{Script=Han}/u;

let toTraditional: ((s: string) => string) | undefined;

/** Simplified → traditional (Taiwan standard), as posters on overseas platforms write. */
export const traditional: EvasionTransform = (text) => {
  const convert = (toTraditional ??= OpenCC.Converter({ from: 'cn', to: 'tw' }));
  return convert(text);
};

/**
 * Separators posters put between characters. The clause marks (，。) are not among them: a
 * poster who splits a word with a comma splits the sentence too.
 */
const SEPARATORS = [' ', ' ', '*', '.', '-', '_', '~', '/', '|', '、', '·', '丶'];

/**
 * Puts a space or a symbol between most pairs of adjacent Han characters ("资.料", "车 主"); one
 * separator per post, as a poster picks one habit, or a mix of two.
 */
export const spacing: EvasionTransform = (text, rand) => {
  const seps = [pick(SEPARATORS, rand), pick(SEPARATORS, rand)];
  const chars = [...text];
  let out = chars[0] ?? '';
  for (let i = 1; i < chars.length; i++) {
    if (HAN.test(chars[i - 1]!) && HAN.test(chars[i]!) && rand() < 0.8) {
      out += pick(seps, rand);
    }
    out += chars[i]!;
  }
  return out;
};

/** Emoji posters sprinkle between characters (none of them stands for a contact app). */
const FILLER_EMOJI = [
  '🔥',
  '⭐',
  '💰',
  '👉',
  '✨',
  '🌟',
  '❤️',
  '😊',
  '🎉',
  '💯',
  '✅',
  '🍀',
  '⚡',
  '💎',
];

/** Inserts emoji between Han characters ("股🔥民💰资✨料"). */
export const emoji: EvasionTransform = (text, rand) => {
  const chars = [...text];
  let out = chars[0] ?? '';
  for (let i = 1; i < chars.length; i++) {
    if (HAN.test(chars[i - 1]!) && HAN.test(chars[i]!) && rand() < 0.5) {
      out += pick(FILLER_EMOJI, rand);
    }
    out += chars[i]!;
  }
  return out;
};

/** ASCII letters and digits (and ASCII punctuation) as their full-width forms. */
export const fullWidth: EvasionTransform = (text) =>
  text.replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));

/**
 * Homophones and look-alikes of the characters of the words filters look for: 资料 → 资枓 / 姿料,
 * 微信 → 威信 / 薇信. Posters disguise the trigger words, not every character, so the transform
 * changes one character of each occurrence of such a word.
 */
export const HOMOPHONES: Readonly<Record<string, readonly string[]>> = {
  资: ['姿', '滋', '孜', '咨', '兹'],
  料: ['枓', '聊', '尞', '廖'],
  数: ['树', '术', '薮'],
  据: ['剧', '椐', '聚', '锯'],
  名: ['明', '铭', '茗'],
  单: ['丹', '担', '箪'],
  微: ['威', '薇', '维', '徽', '嶶'],
  信: ['芯', '新', '心'],
  息: ['悉', '熄', '媳'],
  股: ['鼓', '古', '骨'],
  民: ['珉', '敏', '岷'],
  车: ['砗', '俥'],
  主: ['住', '注', '柱'],
  业: ['叶', '页', '邺'],
  客: ['刻', '恪', '课'],
  户: ['护', '沪', '扈'],
  精: ['晶', '睛', '菁'],
  准: ['淮', '準'],
  售: ['受', '兽', '授'],
  宝: ['保', '饱', '堡'],
  // Not 马: 宝马 is a car, and a buyer would read it so too.
  妈: ['玛', '码', '蚂'],
  贷: ['代', '袋', '黛'],
  款: ['欵', '宽'],
  电: ['店', '垫', '甸'],
  话: ['化', '画', '划'],
  手: ['首', '守'],
  // Not 几: "二手几千" is a price, and a buyer would read it so too.
  机: ['鸡', '叽', '姬'],
  // Not 好: "手机好用" says the phone works.
  号: ['浩', '毫', '耗'],
  // Not 加: 加长 is a word of its own.
  家: ['佳', '嘉', '珈'],
  长: ['涨', '账'],
  身: ['申', '深', '伸'],
  份: ['分', '粉'],
  证: ['正', '症', '政'],
};

/** The words posters disguise, longest first so that 手机号 is taken before 手机. */
const DISGUISED_WORDS = [
  '身份证',
  '手机号',
  '资料',
  '数据',
  '名单',
  '微信',
  '信息',
  '股民',
  '车主',
  '业主',
  '客户',
  '精准',
  '出售',
  '宝妈',
  '贷款',
  '电话',
  '手机',
  '家长',
];
const DISGUISED_RE = new RegExp(DISGUISED_WORDS.join('|'), 'g');

/** Replaces one character of each trigger word with a homophone or look-alike. */
export const homophones: EvasionTransform = (text, rand) =>
  text.replace(DISGUISED_RE, (word) => {
    const positions = [...word].map((c, i) => (HOMOPHONES[c] ? i : -1)).filter((i) => i >= 0);
    if (positions.length === 0) return word;
    const at = pick(positions, rand);
    const chars = [...word];
    chars[at] = pick(HOMOPHONES[chars[at]!]!, rand);
    return chars.join('');
  });

/**
 * Pinyin abbreviations and nicknames of trigger words and contact apps: zl 资料, sj 数据, wx / vx
 * 微信, qq → 扣扣 / Q. Each occurrence is replaced with probability 0.8, upper or lower case.
 */
const ABBREVIATIONS: Readonly<Record<string, readonly string[]>> = {
  资料: ['zl', 'ZL', 'zl'],
  数据: ['sj', 'SJ', 'sj'],
  名单: ['md', 'MD'],
  微信: ['wx', 'vx', 'VX', 'v', 'V信', 'WX'],
  股民: ['gm', 'GM'],
  车主: ['cz', 'CZ'],
  业主: ['yz', 'YZ'],
  宝妈: ['bm'],
  贷款: ['dk'],
  精准: ['jz'],
  身份证: ['sfz', 'SFZ'],
  信用卡: ['xyk'],
  QQ: ['扣扣', 'Q', '企鹅', 'q'],
  qq: ['扣扣', 'Q', '企鹅'],
};
const ABBREVIATED_RE = new RegExp(
  Object.keys(ABBREVIATIONS)
    .sort((a, b) => b.length - a.length)
    .join('|'),
  'g',
);

export const abbreviations: EvasionTransform = (text, rand) =>
  text.replace(ABBREVIATED_RE, (word, offset: number, whole: string) => {
    // A letter abbreviation glued to Latin letters or digits would run into them ("zl123"); a
    // poster puts a space there.
    if (rand() >= 0.8) return word;
    const abbr = pick(ABBREVIATIONS[word]!, rand);
    const before = whole[offset - 1] ?? '';
    const after = whole[offset + word.length] ?? '';
    const ascii = /^[a-z]/i.test(abbr);
    return (
      (ascii && /[a-z0-9]/i.test(before) ? ' ' : '') +
      abbr +
      (ascii && /[a-z0-9]/i.test(after) ? ' ' : '')
    );
  });

/** Several evasions at once, in the order a poster would apply them (words, script, layout). */
export function combine(...steps: readonly EvasionTransform[]): EvasionTransform {
  return (text, rand) => steps.reduce((t, step) => step(t, rand), text);
}

/** Every transform the robustness test applies, by name. */
export const EVASIONS: Readonly<Record<string, EvasionTransform>> = {
  traditional,
  spacing,
  homophones,
  abbreviations,
  emoji,
  fullWidth,
  'homophones+spacing': combine(homophones, spacing),
  'abbreviations+traditional+fullWidth': combine(abbreviations, traditional, fullWidth),
  'homophones+abbreviations+emoji': combine(homophones, abbreviations, emoji),
  'traditional+homophones+spacing+fullWidth': combine(homophones, traditional, spacing, fullWidth),
};

/**
 * Applies one named evasion to a post, seeded by the post id.
 *
 * @example
 * evade('p0001', '出车主资料', 'spacing') // e.g. '出 车 主*资 料'
 */
export function evade(id: string, text: string, name: string): string {
  const transform = EVASIONS[name];
  if (!transform) throw new Error(`unknown evasion ${name}`);
  return transform(text, seededRandom(`${id}/${name}`));
}
