import { test } from 'node:test';
import assert from 'node:assert/strict';
import { normalizePost } from '../../src/monitor/evasion-normalizer.ts';

const compact = (s: string): string => normalizePost(s).compact;

test('traditional characters and full-width forms become simplified ASCII-folded text', () => {
  assert.equal(compact('長期出售車主資料'), '长期出售车主资料');
  assert.equal(compact('ＶＸ'), '微信');
});

test('spaces, symbols and emoji between characters are removed', () => {
  assert.equal(compact('出 股 民 数 据'), '出股民数据');
  assert.equal(compact('资.料*名-单'), '资料名单');
  assert.equal(compact('股🔥民💰资✨料'), '股民资料');
});

test('any symbol between two Han characters is a separator, even a pipe or 丨 / 丶', () => {
  assert.equal(compact('资|料 名丨单 车丶主 股❤️民'), '资料名单车主股民');
  assert.equal(compact('车~险~到~期'), '车险到期');
  // The price pattern reads the spaced text, so separators must be gone there too.
  assert.match(normalizePost('0.8元|一条').spaced, /0\.8元一条/);
});

test('a pipe with spaces around it (a table cell), quotes and clause marks stay boundaries', () => {
  assert.equal(compact('出 | 车主'), '出|车主');
  assert.equal(compact('买了，数据'), '买了|数据');
  assert.match(normalizePost('不要买“资料”').spaced, /“资料”/);
});

test('homophones of trigger words are folded in the compact text', () => {
  assert.equal(compact('出姿料，加威信'), '出资料|加微信');
  assert.equal(compact('深份证 + 守机号'), '身份证手机号');
});

test('ambiguous initials count after a qualifier of a customer group or before 的', () => {
  assert.match(compact('装修yz 新交房'), /装修业主/);
  assert.match(compact('有cz的吗'), /车主/);
  assert.match(compact('bmwx号清单'), /宝妈微信号/);
  assert.doesNotMatch(compact('gm的权限 很大'), /股民/);
});

test('clause punctuation stays as a boundary mark', () => {
  assert.equal(compact('买了，数据'), '买了|数据');
});

test('homophones and variant spellings of contact apps are unified', () => {
  for (const s of ['薇信', '威信', 'v信', 'VX', 'wx', '微 信']) assert.match(compact(s), /微信/, s);
  for (const s of ['扣扣', '企鹅', 'QQ', '🐧']) assert.match(compact(s), /qq/, s);
  for (const s of ['纸飞机', 'TG', '电报', '✈']) assert.match(compact(s), /telegram/, s);
});

test('pinyin and its abbreviations become the words they stand for', () => {
  assert.equal(compact('出zl'), '出资料');
  assert.equal(compact('收 sj'), '收数据');
  assert.equal(compact('股民md'), '股民名单');
  assert.equal(compact('ziliao'), '资料');
});

test('ASCII aliases inside longer words are left alone', () => {
  assert.equal(compact('vivo'), 'vivo');
  assert.equal(compact('mdzz2024'), 'mdzz2024');
  assert.doesNotMatch(compact('https://qqmusic.example'), /名单|资料/);
});

test('pinyin syllables mixed with characters are read as the characters', () => {
  assert.equal(compact('gu民 zi料'), '股民资料');
  assert.equal(compact('出 学 sheng 家 zhang 资 料'), '出学生家长资料');
  assert.equal(compact('带 dian hua，加 wei 信'), '带电话|加微信');
});

test('initials run together or spaced apart are spelled out', () => {
  assert.equal(compact('czzl'), '车主资料');
  assert.equal(compact('c z z l 出'), '车主资料出');
  assert.equal(compact('gm资源 yz资源'), '股民资源业主资源');
  assert.equal(compact('Y主 资 料'), '业主资料');
  assert.equal(compact('w x'), '微信');
});

test('emoji standing for a character of a customer group are read', () => {
  assert.equal(compact('🚗主 料'), '车主料');
});

test('English words and ids are not taken for pinyin or initials', () => {
  assert.equal(compact('fresh sample'), 'freshsample');
  assert.equal(compact('carzz_demo'), 'carzzdemo');
  assert.equal(compact('bm_demo66'), 'bmdemo66');
  assert.equal(compact('mobile name'), 'mobilename');
});

test('broker shorthand and Cantonese are spelled out', () => {
  assert.match(normalizePost('sfz 四件套').compact, /身份证四件套/);
  assert.match(normalizePost('有 xyk 用户').compact, /信用卡/);
  assert.match(normalizePost('出 gp 群').compact, /股票/);
  assert.match(normalizePost('各地 fang 产').compact, /房产/);
  assert.match(normalizePost('有冇人要').compact, /有没有人要/);
  // English words that merely contain these letters stay as they are.
  assert.match(normalizePost('change the chart').compact, /changethechart/);
});

test('a lone ambiguous initial is spelled out only before goods, an alias or a clause end', () => {
  assert.match(normalizePost('gm 料 实时').compact, /股民料/);
  assert.match(normalizePost('出 c z zl').compact, /车主资料/);
  assert.match(normalizePost('收 yz，有的滴').compact, /业主/);
  assert.doesNotMatch(normalizePost('GM 服务器 开服').compact, /股民/);
  assert.doesNotMatch(normalizePost('出 c z 装 备').compact, /车主/);
});

test('numbers in Chinese numerals become digits; short runs of numerals stay words', () => {
  assert.equal(normalizePost('加我 扣扣：四七零八三二九一五六').compact, '加我qq|4708329156');
  assert.equal(normalizePost('一二三木头人').compact, '一二三木头人');
});

test('sound-alike spellings of 号码, 四件套, 飞机 and 微信 are folded', () => {
  assert.equal(normalizePost('精准号马').compact, '精准号码');
  assert.equal(normalizePost('出 四 鉴 套').compact, '出四件套');
  assert.equal(normalizePost('加 飞 鸡').compact, '加飞机');
  assert.equal(normalizePost('加卫星 abc').compact, '加微信abc');
  assert.ok(normalizePost('加🛰️ abc').compact.includes('微信'));
});

test('tone-marked pinyin folds to plain letters and meets the same aliases', () => {
  assert.equal(compact('chá dàng'), '查档');
  assert.equal(compact('zī liào'), '资料');
  // Accented letters of other words only lose their marks.
  assert.equal(compact('café'), 'cafe');
});

test('pinyin words spelled a syllable at a time are read only as whole words', () => {
  assert.equal(compact('hu ji | kai fang | gui ji | ding wei'), '户籍|开房|轨迹|定位');
  assert.equal(compact('S G K 会员'), '社工库会员');
  // A syllable alone, or inside an id or an English word, is left as it is.
  assert.equal(compact('ji ge ren'), 'jigeren');
  assert.equal(compact('huji_2024'), 'huji2024');
});

test('look-up initials are spelled out only right after 查', () => {
  assert.match(compact('专业查kf 查gj 私聊'), /查开房查轨迹/);
  assert.doesNotMatch(compact('kf在线时间九点到六点'), /开房/);
});
