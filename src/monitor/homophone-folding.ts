/**
 * Folds homophones and look-alike characters back into the words the signal lexicons look for:
 * 资枓 / 姿料 → 资料, 威信 / 微芯 → 微信, 客扈 → 客户, 深份证 → 身份证.
 *
 * Posters disguise a trigger word by swapping one of its characters for another with the same
 * syllable (or the same shape). Listing every disguised spelling would never end, so the fold is
 * generative: a table of character classes (each lexicon character with the characters that sound
 * or look like it) and the list of words those characters make. A run of the text is read as a
 * word when each of its characters is the word's own or one of its class, and at least half of
 * them are the word's own — "维新" (two swaps) stays "维新", "薇信" becomes "微信".
 *
 * Two guards keep ordinary text ordinary:
 * - the classes leave out characters that would fold common words (宝马 is a car, not 宝妈; 加长,
 *   手几千, 手机好用 are what they say), and
 * - a swapped character that makes a common word with its neighbour outside the run is being used
 *   for itself: "旅客护照" is 护照, not 客户; "首页主推" is 首页, not 业主.
 */
import { GOODS_WORDS, SUBJECT_WORDS } from './signal-lexicon.ts';

/**
 * Each character of the trigger words with the characters posters put in its place: same syllable
 * (any tone) or same shape. Written from pronunciation, not from any list of test posts.
 */
const CHARACTER_CLASSES: Readonly<Record<string, string>> = {
  资: '姿滋孜咨兹吱淄缁',
  料: '枓聊尞廖撂镣',
  数: '树术薮竖恕墅',
  据: '剧椐聚锯巨拒惧距炬倨',
  名: '明铭茗鸣冥溟',
  单: '丹担箪耽郸眈殚',
  微: '威薇维徽嶶危巍偎煨',
  信: '芯新心鑫馨欣衅',
  息: '悉熄媳惜熙希嘻晰',
  股: '鼓古骨谷蛊',
  民: '珉敏岷旻闽皿',
  车: '砗俥伡唓',
  主: '住注柱助驻著煮拄嘱',
  业: '叶页邺夜烨晔谒',
  客: '刻恪课克氪嗑',
  户: '护沪扈互戸',
  精: '晶睛菁',
  准: '淮準隼',
  售: '受兽授寿瘦',
  宝: '保饱堡褓鸨',
  妈: '玛蚂码',
  贷: '代袋黛岱',
  款: '欵',
  电: '店垫甸淀佃殿惦',
  话: '化画划华桦',
  手: '首守',
  机: '鸡叽姬玑',
  号: '浩毫昊耗',
  码: '玛蚂马麻',
  件: '鉴见建健键间剑荐舰',
  家: '佳嘉珈',
  长: '涨账掌',
  身: '申深伸绅莘',
  份: '分粉奋忿',
  证: '正症政郑怔挣',
};

/** Words that are not in the goods or customer-group lexicons but are disguised just as often. */
const EXTRA_WORDS = ['微信', '电话', '手机', '手机号', '精准', '出售', '身份证号', '宝妈', '飞机'];

/**
 * Common words a swapped character makes with the neighbour *outside* the run. When it does, the
 * character means itself and the run is not folded.
 */
const GENUINE_BIGRAMS = new Set(
  (
    '护照 护士 护理 护肤 保护 维护 监护 住宿 住房 住院 住址 住在 居住 注意 注册 注明 注射 关注 ' +
    '助理 助手 帮助 化学 化妆 文化 变化 画面 华为 中华 受理 受到 感受 授权 寿命 代理 代表 代码 ' +
    '代购 时代 新闻 新鲜 新款 全新 心理 心情 开心 明天 明白 聪明 证明 分钟 分享 部分 正在 正品 ' +
    '真正 首先 首页 网页 主页 页面 谷歌 鼓励 互联 互动 相互 沪深 上海 树木 技术 艺术 术语 剧情 ' +
    '聚会 聚餐 距离 拒绝 担心 承担 晶体 课程 上课 刻意 立刻 时刻 克隆 夜里 叶子 危险 维修 思维 ' +
    '纤维 欣赏 浩大 昊天 保持 保证 确保 担保 保险 城堡 店铺 商店 门店 垫付 号码 密码 码头 ' +
    '代码 佳节 嘉宾 涨价 账号 账户 掌握 申请 深圳 深度 延伸 绅士 分享 粉丝 奋斗 政府 症状 ' +
    '首都 守护 遵守 姿势 滋味 咨询 聊天 无聊 民居 古代 古城 网课 课时 讲课 听课 课本'
  ).split(' '),
);

interface WordSlot {
  word: string;
  /** Index of the character in the word. */
  at: number;
}

const VARIANT_TO_CANONICAL = new Map<string, string[]>();
/** 1 at the UTF-16 unit of every swapped-in character: the scan tests a flag, not a map. */
const IS_VARIANT = new Uint8Array(0x10000);
for (const [canonical, variants] of Object.entries(CHARACTER_CLASSES)) {
  for (const v of variants) {
    IS_VARIANT[v.charCodeAt(0)] = 1;
    const list = VARIANT_TO_CANONICAL.get(v) ?? [];
    list.push(canonical);
    VARIANT_TO_CANONICAL.set(v, list);
  }
}

/** For each canonical character, the trigger words it occurs in, longest first. */
const SLOTS_BY_CHAR = new Map<string, WordSlot[]>();
{
  const words = new Set<string>();
  for (const w of [...GOODS_WORDS, ...SUBJECT_WORDS, ...EXTRA_WORDS]) {
    // Only plain Han words of two to four characters; the lexicons also hold regex fragments.
    if (/^\p{Script=Han}{2,4}$/u.test(w)) words.add(w);
  }
  for (const word of [...words].sort((a, b) => b.length - a.length)) {
    for (let at = 0; at < word.length; at++) {
      const c = word[at]!;
      if (!(c in CHARACTER_CLASSES)) continue;
      const list = SLOTS_BY_CHAR.get(c) ?? [];
      list.push({ word, at });
      SLOTS_BY_CHAR.set(c, list);
    }
  }
}

/** Whether `c` is `canonical` or one of its class. */
function sameClass(c: string, canonical: string): boolean {
  return c === canonical || (CHARACTER_CLASSES[canonical]?.includes(c) ?? false);
}

/**
 * Tries to read `text.slice(start, start + word.length)` as `word`; returns whether it can.
 */
function readsAs(text: string, start: number, word: string): boolean {
  if (start < 0 || start + word.length > text.length) return false;
  let own = 0;
  for (let k = 0; k < word.length; k++) {
    const c = text[start + k]!;
    if (c === word[k]) own++;
    else if (!sameClass(c, word[k]!)) return false;
  }
  if (own === word.length || own * 2 < word.length) return false;
  // An end of the run that makes a common word with the character outside it: then the run is
  // part of other words ("旅客护照", "古民居").
  if (start > 0 && GENUINE_BIGRAMS.has(text[start - 1]! + text[start]!)) return false;
  const after = text[start + word.length];
  return !(after && GENUINE_BIGRAMS.has(text[start + word.length - 1]! + after));
}

/**
 * Replaces disguised trigger words in a compact text (see evasion-normalizer.ts) with the words
 * themselves. The length never changes.
 *
 * @example
 * foldHomophones('出姿料加威信') // '出资料加微信'
 * foldHomophones('旅客护照') // '旅客护照'
 */
export function foldHomophones(text: string): string {
  let out: string[] | undefined;
  for (let i = 0; i < text.length; i++) {
    if (IS_VARIANT[text.charCodeAt(i)] === 0) continue;
    const canonicals = VARIANT_TO_CANONICAL.get(text[i]!);
    if (!canonicals) continue;
    const current = out ? out.join('') : text;
    let best: { start: number; word: string } | undefined;
    for (const canonical of canonicals) {
      for (const { word, at } of SLOTS_BY_CHAR.get(canonical) ?? []) {
        if (best && best.word.length >= word.length) continue;
        if (readsAs(current, i - at, word)) best = { start: i - at, word };
      }
    }
    if (best) {
      out ??= text.split('');
      for (let k = 0; k < best.word.length; k++) out[best.start + k] = best.word[k]!;
    }
  }
  return out ? out.join('') : text;
}
