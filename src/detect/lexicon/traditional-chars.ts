/**
 * Traditional → simplified for the characters of piguard's lexicons (division names, address
 * keywords, name labels and titles), one code unit for one code unit.
 *
 * The address and name recognisers match on `PreparedText.folded`, not on `contextText`:
 * simplifying a whole text with OpenCC runs at ~12 MB/s, far below the scan budget, and building
 * OpenCC's converters costs seconds of start-up. Mapping just the characters that the lexicons
 * are made of through this fixed table keeps 臺北市大安區 and 聯繫人 recognisable for the price of
 * one array read per character.
 *
 * The pairs were produced with OpenCC (cn → tw, hk, t) over every character of those lexicons,
 * plus characters OpenCC converts only within phrases or keeps as written (臺, 繫, 裡, 後, 瀋 …). Lexicon keys go through the same table, so a
 * simplified character that OpenCC folds further (乾 → 干) still matches consistently.
 */
import type { PreparedText } from '../prepared-text.ts';

/** Pairs of (traditional, simplified) characters, concatenated. */
const PAIRS =
  '亞亚佈布來来侖仑係系倉仓個个們们倫伦偉伟傑杰僕仆價价儀仪儉俭儲储兒儿兗兖內内兩两冊册凱凯別别則则剛刚創创劃划劉刘劍剑務务' +
  '勝胜勞劳勢势勳勋勵励勸劝勻匀匯汇區区協协厲厉參参叢丛吳吴呂吕員员問问啓启喬乔單单嗎吗嚴严國国圍围園园圓圆圖图團团堅坚堯尧' +
  '報报場场塗涂墊垫墾垦壇坛壘垒壢坜壩坝壯壮壺壶壽寿夢梦夾夹奧奥姍姗婁娄婭娅嫺娴嫻娴嬋婵嬌娇孫孙學学宮宫實实寧宁審审寫写寬宽' +
  '寶宝將将專专尋寻對对層层屬属岡冈峯峰島岛峽峡崍崃崗岗崢峥嵐岚嶗崂嶧峄嶸嵘嶺岭嶼屿嶽岳巒峦巖岩帥帅師师幹干庫库廂厢廈厦廟庙' +
  '廠厂廣广廬庐龐庞廳厅張张強强彌弥彥彦後后從从復复徵征恆恒悅悦愛爱態态慶庆憑凭憲宪憶忆應应懷怀戰战戶户揚扬撫抚擔担啟启敍叙' +
  '敘叙數数於于時时晉晋暉晖暢畅暫暂曉晓書书會会東东棗枣棟栋棲栖楊杨楓枫業业極极榮荣樂乐樅枞樓楼樸朴樹树樺桦橋桥機机橫横檢检' +
  '櫃柜櫻樱欄栏權权欒栾欖榄欽钦歐欧歡欢歷历歸归決决沒没況况涇泾涼凉淥渌淨净淵渊淶涞渦涡測测渾浑湞浈湧涌湯汤準准溝沟溫温溮浉' +
  '滄沧滎荥滿满漢汉漣涟漵溆潁颍潔洁潛潜潤润潯浔澗涧澠渑澤泽澱淀濃浓濟济濤涛濰潍濱滨瀅滢瀋沈瀏浏瀘泸瀝沥瀟潇瀾澜灘滩灣湾灤滦' +
  '為为烏乌無无煒炜煙烟煥焕煩烦熱热燁烨燈灯營营燦灿爍烁爐炉爲为爾尔猶犹獅狮獨独獲获獻献現现琿珲瑋玮瑤瑶瑩莹瑪玛環环瓊琼瓚瓒' +
  '甌瓯甕瓮產产畢毕當当疇畴疊叠發发監监盤盘盧卢眾众硯砚碩硕碭砀確确碼码礄硚礦矿視视祿禄禎祯禕祎禪禅禮礼萬万稅税稜棱稱称積积' +
  '穎颖穩稳窪洼竇窦競竞節节範范簡简籤签粵粤紀纪紅红納纳純纯級级細细紹绍組组結结給给絳绛綏绥經经綜综綠绿維维網网綺绮綿绵緒绪' +
  '線线緣缘緯纬練练縈萦縉缙縣县總总績绩繆缪織织繡绣繫系繼继續续纓缨羅罗羣群義义習习聖圣聞闻聯联聰聪聲声聶聂職职肅肃脫脱腳脚' +
  '膠胶臘腊臥卧臨临臺台與与興兴舊旧荊荆莊庄華华萊莱葉叶蒼苍蓋盖蓮莲蔣蒋蔭荫蕪芜蕭萧薈荟薊蓟薌芗薩萨藍蓝藝艺藴蕴藺蔺蘄蕲蘆芦' +
  '蘇苏蘊蕴蘭兰蘿萝處处號号衆众術术衕同衚胡衛卫衝冲衞卫裏里裡里見见親亲覺觉觀观計计記记訥讷訪访許许訴诉詔诏詢询試试詩诗話话' +
  '該该詳详誠诚說说説说誰谁誼谊調调談谈請请諮咨諶谌諸诸諾诺謀谋謙谦謝谢謨谟謹谨證证譙谯譚谭譜谱譽誉讓让豐丰豔艳貝贝貞贞負负' +
  '財财貢贡貨货貫贯責责貴贵費费賀贺資资賈贾賓宾賚赉賠赔賢贤賦赋賬账賽赛贇赟贊赞贛赣趙赵躍跃車车軍军軒轩軟软軻轲軼轶載载輝辉' +
  '輪轮輿舆轄辖轅辕轉转辦办辭辞農农這这連连週周進进遊游運运過过達达遙遥遜逊遠远遲迟遷迁遼辽邁迈還还邊边郟郏郵邮鄆郓鄉乡鄒邹' +
  '鄔邬鄖郧鄧邓鄭郑鄰邻鄲郸鄴邺鄺邝醫医釗钊鈞钧鈺钰鉛铅銀银銅铜銘铭銳锐鋒锋鋭锐鋼钢錢钱錦锦錫锡錯错鍇锴鍵键鍾钟鎣蓥鎮镇鏡镜' +
  '鐘钟鐵铁鐸铎鑲镶鑼锣長长門门閆闫閉闭開开間间閔闵閣阁閩闽閬阆閭闾閻阎闊阔闕阙闖闯關关闞阚陘陉陝陕陰阴陳陈陸陆陽阳隨随險险' +
  '隴陇雙双雜杂雞鸡離离雲云電电霧雾靈灵靜静鞏巩韋韦韓韩韜韬韻韵響响頂顶項项順顺頌颂頎颀頓顿頗颇領领頭头額额顏颜顓颛類类顧顾' +
  '風风颯飒飄飘飛飞飯饭餘余館馆饒饶馬马馮冯馳驰駐驻駒驹駟驷駱骆駿骏騫骞騰腾驊骅驍骁驗验驛驿體体鬥斗鬱郁魚鱼魯鲁鮁鲅鮑鲍鮮鲜' +
  '鯉鲤鯤鲲鳥鸟鳩鸠鳳凤鳴鸣鴨鸭鴻鸿鵑鹃鵬鹏鶯莺鶴鹤鷗鸥鷹鹰鸞鸾鹹咸鹼碱鹽盐麗丽麥麦麼么黃黄點点黨党齊齐龍龙龔龚龜龟';

const TABLE = new Uint16Array(0x10000);
for (let i = 0; i + 1 < PAIRS.length; i += 2) TABLE[PAIRS.charCodeAt(i)] = PAIRS.charCodeAt(i + 1);

/**
 * The simplified code unit for `code` (itself when the table has no entry).
 *
 * @example
 * simplifiedCode('區'.charCodeAt(0)) === '区'.charCodeAt(0) // true
 */
export function simplifiedCode(code: number): number {
  return TABLE[code] || code;
}

/**
 * Simplifies the lexicon characters of `s`; the result has the same length as `s`, so offsets
 * carry over.
 *
 * @example
 * foldTraditional('臺北市大安區') // '台北市大安区'
 */
export function foldTraditional(s: string): string {
  const first = firstTraditional(s);
  return first < 0 ? s : foldFrom(s, first);
}

/*
 * The two loops below are functions of their own so that each is optimised as a whole and stays
 * optimised. Written inline in foldTraditional, V8 optimised the first loop on stack
 * replacement and then threw that code away on reaching the second (no type feedback there yet)
 * — at every scan unit, 204 times in one 50 MB scan, each time finishing the unit's pass in the
 * interpreter.
 */

/** Index of the first character of `s` the table converts, or -1. */
function firstTraditional(s: string): number {
  for (let i = 0; i < s.length; i++) if (TABLE[s.charCodeAt(i)] !== 0) return i;
  return -1;
}

/** `s` with every character from `first` on converted. */
function foldFrom(s: string, first: number): string {
  // One native copy to UTF-16, one typed-array pass, one decode: per-character concatenation
  // is far slower on megabytes.
  const buf = Buffer.from(s, 'utf16le');
  convertUnits(new Uint16Array(buf.buffer, buf.byteOffset, buf.byteLength >> 1), first);
  return buf.toString('utf16le');
}

function convertUnits(units: Uint16Array, first: number): void {
  for (let i = first; i < units.length; i++) {
    const to = TABLE[units[i]!]!;
    if (to !== 0) units[i] = to;
  }
}

const foldedTexts = new WeakMap<PreparedText, string>();

/**
 * `foldTraditional(p.folded)`, computed once per text: the name and address recognisers both
 * match on it, and folding a scan unit is a pass over all of it.
 *
 * @example
 * lexiconText(prepareText('臺北市')) // '台北市'
 */
export function lexiconText(p: PreparedText): string {
  let text = foldedTexts.get(p);
  if (text === undefined) {
    text = foldTraditional(p.folded);
    foldedTexts.set(p, text);
  }
  return text;
}
