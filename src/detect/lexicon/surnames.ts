/**
 * Chinese surnames: the single-character ones in common use today and the compound (two-character)
 * ones, in simplified characters, plus their romanisations for "Name: Zhang Wei".
 *
 * A few surnames that are far more often function words or divisions in running text (和, 从, 都,
 * 那, 区 …) are left out on purpose: a name is then still found when a label or title names it,
 * but a sentence is not searched for names at every preposition.
 */

/** Single-character surnames, roughly by frequency (the order carries no meaning in code). */
const SINGLE =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖萧田董袁潘于蒋蔡余杜叶' +
  '程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付傅方白邹孟熊秦邱丘江尹薛闫阎段雷侯龙史陶黎贺' +
  '顾毛郝龚邵万钱严覃武戴莫孔汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦' +
  '俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕' +
  '屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟臧闵苟' +
  '向邬边卞姬师仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝官封谈匡鞠惠荆乐冀郁胥南班储栗' +
  '燕楚鄢劳谌奚皮粟冼蔺楼盘满闻厉伊仝郜阚权帅屠豆朴盖练廉禹井祖漆巴丰支卿狄计索宣晋初云容敬扈' +
  '晁芮普阙浦戈伏鹿薄邸雍辜羊乌裘亓修邰赫杭况宿鲜印逯隆茹诸战慕危玉银亢嵇哈湛宾戎勾茅於呼居揭' +
  '干尉冶斯束檀衣展昝智幸奉植衡富尧闭';

/** Compound surnames (复姓), including the Taiwanese double surnames that are written as one. */
export const COMPOUND_SURNAMES: readonly string[] = [
  '欧阳',
  '司马',
  '上官',
  '诸葛',
  '东方',
  '皇甫',
  '尉迟',
  '公孙',
  '慕容',
  '长孙',
  '宇文',
  '司徒',
  '夏侯',
  '令狐',
  '端木',
  '西门',
  '南宫',
  '独孤',
  '轩辕',
  '呼延',
  '申屠',
  '百里',
  '东郭',
  '太史',
  '淳于',
  '单于',
  '澹台',
  '公冶',
  '宗政',
  '濮阳',
  '钟离',
  '闻人',
  '万俟',
  '赫连',
  '拓跋',
  '公羊',
  '仲孙',
  '鲜于',
  '闾丘',
  '司空',
  '亓官',
  '司寇',
  '巫马',
  '公西',
  '颛孙',
  '壤驷',
  '公良',
  '漆雕',
  '乐正',
  '宰父',
  '谷梁',
  '段干',
  '东门',
  '梁丘',
  '左丘',
  '第五',
  '羊舌',
  '微生',
  '范姜',
  '张简',
];

/** The single-character surnames as a set. */
export const SINGLE_SURNAMES: ReadonlySet<string> = new Set(SINGLE);

const COMPOUND_SET: ReadonlySet<string> = new Set(COMPOUND_SURNAMES);

/**
 * Length of the surname starting at `i` in simplified text: 2 for a compound surname, 1 for a
 * single one, 0 when none starts there. Compound surnames win, as 欧阳 is never 欧 + 阳….
 *
 * @example
 * surnameLengthAt('欧阳娜娜', 0) // 2
 * surnameLengthAt('张伟', 0) // 1
 * surnameLengthAt('明天', 1) // 0
 */
export function surnameLengthAt(text: string, i: number): 0 | 1 | 2 {
  // Called at every position near personal data: array reads first, a string only if needed.
  const c = text.charCodeAt(i);
  if (c !== c || CODES[c] === 0) return 0;
  if ((CODES[c]! & COMPOUND_FIRST) !== 0 && COMPOUND_SET.has(text.slice(i, i + 2))) return 2;
  return (CODES[c]! & SINGLE_FLAG) !== 0 ? 1 : 0;
}

const SINGLE_FLAG = 1;
const COMPOUND_FIRST = 2;
const TIBETAN_FIRST = 4;
/** Per UTF-16 code: SINGLE_FLAG | COMPOUND_FIRST | TIBETAN_FIRST flags. */
const CODES = new Uint8Array(0x10000);
for (const c of SINGLE_SURNAMES) CODES[c.charCodeAt(0)]! |= SINGLE_FLAG;
for (const s of COMPOUND_SURNAMES) CODES[s.charCodeAt(0)]! |= COMPOUND_FIRST;

/**
 * Romanised surnames (Hanyu Pinyin, plus the Cantonese and Wade–Giles spellings common in Hong
 * Kong and Taiwan), lower-case.
 */
export const ROMANIZED_SURNAMES: ReadonlySet<string> = new Set(
  (
    'wang li zhang liu chen yang huang zhao wu zhou xu sun ma zhu hu guo he gao lin luo zheng ' +
    'liang xie song tang han feng deng cao peng zeng xiao tian dong yuan pan yu jiang cai du ye ' +
    'cheng su wei lu lv ding ren shen yao jin fu zhong cui tan liao fan shi jia xia wen qin qiu ' +
    'xue yan duan lei hou long tao hao gong shao wan qian kong xiang kang niu ge xing an qi qiao ' +
    'pang zhuang nie yue zhai yin zhan ou geng guan lan jiao zuo gan bao ning shang shu ruan ke ' +
    'ji mei tong ling bi shan pei huo tu miao gu sheng qu weng ran bai mo meng mao qu ' +
    'ouyang situ shangguan zhuge sima dongfang huangfu murong gongsun zhangsun yuwen xiahou ' +
    'linghu duanmu ximen nangong ' +
    'chan wong cheung chang lee lau ng chow ho leung tsang lam yeung kwok tse chu chiu fung lai ' +
    'law hui yip mak kwan tsui siu poon tong kwong choi cheng chung kong koo lo mok au yau hsu ' +
    'hsieh tsai chao chien chiang kuo teng tseng'
  ).split(' '),
);

/**
 * Elements of Tibetan personal names. Tibetans have no family name: a name is usually two such
 * elements (扎西次仁, 次仁央宗), drawn from a small, well-known stock, so a pair of them reads as a
 * name as reliably as a Han surname followed by a given name.
 */
export const TIBETAN_NAME_ELEMENTS: ReadonlySet<string> = new Set(
  (
    '次仁 扎西 格桑 洛桑 德吉 达瓦 尼玛 索朗 卓玛 央金 旦增 平措 多吉 边巴 普布 拉巴 巴桑 顿珠 ' +
    '白玛 强巴 琼达 曲珍 益西 丹增 次旦 旺堆 米玛 仁青 嘎玛 央宗 拉姆 措姆 德庆 仓决 贡嘎 罗布 ' +
    '群培 晋美 土登 阿旺 欧珠 泽仁 扎巴 次珠 旺姆 卓嘎 巴珠 德央 玉珍 桑珠 洛布 尼珍 曲措 次央 ' +
    '拉珍 斯朗 群宗 白珍 央拉 边珍 加措 嘉措 坚参 赤列 朗杰 普琼 才旦 索南 巴珍 次措 旺久 拉宗'
  ).split(' '),
);

/**
 * 4 when a two-element Tibetan name starts at `i` of simplified text, else 0.
 *
 * @example
 * tibetanNameLengthAt('扎西次仁', 0) // 4
 * tibetanNameLengthAt('扎西', 0) // 0
 */
export function tibetanNameLengthAt(text: string, i: number): 0 | 4 {
  const c = text.charCodeAt(i);
  if (c !== c || (CODES[c]! & TIBETAN_FIRST) === 0) return 0;
  return TIBETAN_NAME_ELEMENTS.has(text.slice(i, i + 2)) &&
    TIBETAN_NAME_ELEMENTS.has(text.slice(i + 2, i + 4))
    ? 4
    : 0;
}

for (const e of TIBETAN_NAME_ELEMENTS) CODES[e.charCodeAt(0)]! |= TIBETAN_FIRST;

/**
 * Elements of Mongolian and Uyghur personal names as written in Chinese characters, and of the
 * Tibetan stock above. These peoples mostly have no family name: a person is called by one or
 * two such elements (巴特尔, 其其格, 斯琴高娃, 古丽娜扎尔, 阿依古丽), so where a form field or a
 * speaker tag holds a run made only of them, the run reads as a name as a Han surname would.
 * Compiled from common naming stock (not from any corpus); many elements are also ordinary
 * words or places (乌兰, 哈达, 花), which is why they are used only in such positions.
 */
export const MINORITY_NAME_ELEMENTS: ReadonlySet<string> = new Set(
  // Mongolian.
  (
    '巴特尔 巴特 巴图 巴雅尔 巴根 巴音 其其格 那日苏 乌云 其木格 斯琴 高娃 额尔敦 额尔德尼 乌兰 ' +
    '图雅 萨仁 萨日娜 格日勒 阿拉坦 敖登 宝音 朝鲁 孟和 苏和 特木尔 哈斯 布和 达来 娜仁 苏日娜 ' +
    '毕力格 德力格尔 呼和 满都拉 乌日娜 塔娜 青格勒 朝格图 那顺 白音 图门 通拉嘎 阿木古郎 旭日干 ' +
    '格根 陶格斯 温都苏 吉日木图 乌力吉 阿古拉 斯日古冷 莫日根 宝力高 布仁 额尔登 都兰 赛音 桑布 ' +
    '道尔吉 苏米雅 乌日根 阿斯钢 其劳 吉雅 托娅 乌恩 乌日图 哈日 查干 斯钦 图布信 宝鲁 ' +
    // Uyghur and Kazakh.
    '古丽 阿依 娜扎尔 买买提 艾合买提 阿卜杜 阿卜杜拉 热合曼 吐尔逊 艾力 麦麦提 依明 努尔 帕提 ' +
    '米娜 热依拉 迪丽 热巴 阿迪力 艾山 玉素甫 吾斯曼 亚森 肉孜 伊力哈木 塔依尔 克里木 阿不都 ' +
    '卡德尔 艾尔肯 努尔兰 巴哈 帕尔哈提 阿力木 沙吾提 吐尼沙 阿瓦 祖丽菲亚 迪娜 热娜 米日 ' +
    '阿孜 再努尔 排尔哈提 地里夏提 木拉提 加米拉 阿娜尔 米吉提 阿布都 艾则孜 努尔江 叶尔兰 ' +
    '阿依达娜 古力 巴合提 哈力克 吐逊 阿米娜 ' +
    // Tibetan (one element; two are TIBETAN_NAME_ELEMENTS pairs).
    [...TIBETAN_NAME_ELEMENTS].join(' ')
  ).split(' '),
);

const MINORITY_FIRST = 8;
for (const e of MINORITY_NAME_ELEMENTS) CODES[e.charCodeAt(0)]! |= MINORITY_FIRST;

/**
 * Whether a minority-name element can start at `i` (a flag per character: the cheap test
 * before {@link minorityNameLength}).
 *
 * @example
 * minorityNameMayStart('其其格', 0) // true
 */
export function minorityNameMayStart(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  return c === c && (CODES[c]! & MINORITY_FIRST) !== 0;
}

/** Longest element length in MINORITY_NAME_ELEMENTS. */
const MINORITY_MAX_ELEMENT = Math.max(...[...MINORITY_NAME_ELEMENTS].map((e) => e.length));

/**
 * How many characters from `i` (up to `end`) are made of whole minority-name elements, as the
 * longest such reading of text[i, end) that covers it entirely — or 0 when it cannot be
 * covered. `elements` receives the number of elements used.
 *
 * @example
 * minorityNameLength('斯琴高娃', 0, 4) // 4
 * minorityNameLength('乌兰察布', 0, 4) // 0
 */
export function minorityNameLength(text: string, i: number, end: number): number {
  // Small runs only (≤ 10 characters): a depth-first search over element lengths.
  if (end - i < 2 || end - i > 10) return 0;
  const covers = (at: number): boolean => {
    if (at === end) return true;
    for (let len = Math.min(MINORITY_MAX_ELEMENT, end - at); len >= 2; len--) {
      if (MINORITY_NAME_ELEMENTS.has(text.slice(at, at + len)) && covers(at + len)) return true;
    }
    return false;
  };
  return covers(i) ? end - i : 0;
}
