/**
 * Characters common in Chinese given names. A surname followed by characters from this set reads
 * as a name (张伟, 陈思思); one followed by other characters usually does not (谢谢, 宋体, 申请书,
 * 汤煮), whatever jieba's dictionary tags say — the dictionary marks many such words `nr`.
 *
 * Compiled by hand from naming conventions (virtues, nature, precious things, the characters
 * typical of names given in each decade); it is a plausibility signal, not a gate, wherever a
 * label or title vouches for the name.
 */

const CHARS =
  '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀英霞平刚桂华玉萍红梅鹏飞辉斌宇浩凯健俊帆帅旭宁龙林欢阳建国成亮波' +
  '宏峰鑫婷雪琳晶颖倩慧莉燕玲兰凤洁琴云莹翠蕾薇菲璐瑶怡佳欣悦雨晨思梦诗雅涵萱琪彤妍婉嘉子轩泽睿博文昊然' +
  '哲皓瑞鸿毅志永海春秋冬夏江山川河岩松柏森荣贵福禄寿喜德才仁义礼智信忠孝廉安康乐泰昌盛兴旺发达富源祥吉' +
  '庆新元东南西北中正方圆立如若可心宜依伊一二三小大少金银铁钢石宝珍珠琼瑾瑜璇琦璋玮珊晓晴曦昕昭晖景旻宸' +
  '辰星月日天光亚美淑惠贤良婧嫣娇媛娅姗妮婕婵姣嫦丹青蓝紫彩虹霓霏露霜雯霖雷风冰清澄泉洪淼润沛潇湘汉沁溪' +
  '洲鸥鹤鹰鸾麟骏驰腾跃翔翼鸣莺雁鹃菊荷莲桃杏樱桦楠榕桐栋梁材杉柳枫樟芝芬芸芹芮苗茜茹荟莎菁萌蓉蕊艺茂蔚' +
  '卉蓓蕙馨香妙宛寒凡航舟远遥逸迪道运进通邦郁都家宽容实宪宣宾寰尧峻崇嵩岚岭峥嵘巍庭廷延弘彬彦彪影征恒恩' +
  '慈憬战振捷操施昂昆晋晟普暖曼朋望朝果柔树梓植楷歌武民沐治泓泳津流浚涌涓淳深添渊溢滨漫潮澜灿炜炎烁烨焕' +
  '煜照熙爽玄环珂珏理琛琰瑛璞璟生田甲男畅登白百盈益盼真知硕祖祯禹科程稳穗章竣童竹笑笛策筠箐米粤素纯维绮' +
  '绪继续绵缘罗羽翀耀聪胜能臣舒芃芊花苑茗莘萧蒙蓬虎蛟衡观言誉诚豪贝贞赋赞起越路迎连钊钦钧铭锋锐锦键镇长' +
  '闯阁阔陆隆雄震霆靖韦韵顺颂馥驹骁魁鲲麒黎鼎勤俭卫兵革利坤乾伦儒克全兆先冠凌函则创功励勋千升卓卿厚友双' +
  '叶合同君启和品唯善因圣坚培基堂境士壮声奇奕奥妤威娴媚孜季学宗定寅尚希常年幸广庚弦得忆念怀恬悠情惟意愉' +
  '扬承拓斐斯旋旗昱晗晞暄曜曲朗本杭枝柯栩根格桑楚榆模毓汐沅沫泊洛济涟淇渝湖溶滢漪潜澈炫烽焱煊熠燊牧犇猛' +
  '玥珞琬瑗瓒甜皎瞳砚碧祎禾秉稼穹笙筱简粲纬经绍绣缨翌翊耕耘聆育胤致舜舞艾芯苒茉莜菡萦葵蔓蕴藤虔蝶融裕谦' +
  '谨豫贺资赟轲轶辞迈迅逍遐郡醇钰铎锴闻霄韬颀飒飘骞黛娣妹姐财丰淋亭娥巧仙爱凝妃倪' +
  // Popular in names given since the 2000s.
  '懿诺珩煦墨彧苡芷茵蓁棠语歆姝潼柠铮翰弈宥恺朵乔岑书佑';

/** The set of common given-name characters. */
export const GIVEN_NAME_CHARS: ReadonlySet<string> = new Set(CHARS);

/**
 * True when every character of `given` is a common given-name character.
 *
 * @example
 * isCommonGivenName('思思') // true
 * isCommonGivenName('请书') // false
 */
export function isCommonGivenName(given: string): boolean {
  if (given.length === 0) return false;
  for (const c of given) if (!GIVEN_NAME_CHARS.has(c)) return false;
  return true;
}
