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
