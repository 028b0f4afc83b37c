/**
 * Plausible Chinese personal names: surnames drawn by their real frequency (the hundred most
 * common carry ~85% of people, per the 2020 census tables of the Ministry of Public Security),
 * the rest of the lexicon's surnames rare, compound surnames (复姓) rarer still; given names of
 * one or two characters typed by sex, two-character names commoner among the young.
 */
import { COMPOUND_SURNAMES, SINGLE_SURNAMES } from '../detect/lexicon/surnames.ts';
import { AliasTable, type Prng } from './prng.ts';

/** The most common surnames with their share of the population, in per cent (approximate). */
const TOP_SURNAMES: readonly (readonly [string, number])[] = [
  ['王', 7.12], ['李', 7.0], ['张', 6.74], ['刘', 5.38], ['陈', 4.53], ['杨', 3.08], ['黄', 2.23],
  ['赵', 2.29], ['吴', 1.89], ['周', 1.87], ['徐', 1.4], ['孙', 1.35], ['马', 1.22], ['朱', 1.21],
  ['胡', 1.2], ['郭', 1.14], ['何', 0.99], ['林', 0.99], ['高', 0.95], ['罗', 0.91], ['郑', 0.88],
  ['梁', 0.87], ['谢', 0.81], ['宋', 0.76], ['唐', 0.73], ['许', 0.7], ['韩', 0.68], ['冯', 0.66],
  ['邓', 0.64], ['曹', 0.62], ['彭', 0.6], ['曾', 0.58], ['肖', 0.57], ['田', 0.56], ['董', 0.53],
  ['袁', 0.52], ['潘', 0.51], ['于', 0.5], ['蒋', 0.49], ['蔡', 0.48], ['余', 0.47], ['杜', 0.46],
  ['叶', 0.45], ['程', 0.44], ['苏', 0.43], ['魏', 0.42], ['吕', 0.41], ['丁', 0.4], ['任', 0.39],
  ['沈', 0.38], ['姚', 0.37], ['卢', 0.36], ['姜', 0.35], ['崔', 0.34], ['钟', 0.33], ['谭', 0.32],
  ['陆', 0.31], ['汪', 0.3], ['范', 0.29], ['金', 0.28], ['石', 0.27], ['廖', 0.26], ['贾', 0.25],
  ['夏', 0.24], ['韦', 0.23], ['付', 0.23], ['方', 0.22], ['白', 0.21], ['邹', 0.21], ['孟', 0.2],
  ['熊', 0.2], ['秦', 0.19], ['邱', 0.19], ['江', 0.18], ['尹', 0.18], ['薛', 0.17], ['闫', 0.17],
  ['段', 0.16], ['雷', 0.16], ['侯', 0.15], ['龙', 0.15], ['史', 0.14], ['陶', 0.14], ['黎', 0.14],
  ['贺', 0.13], ['顾', 0.13], ['毛', 0.13], ['郝', 0.12], ['龚', 0.12], ['邵', 0.12], ['万', 0.11],
  ['钱', 0.11], ['严', 0.11], ['覃', 0.1], ['武', 0.1], ['戴', 0.1], ['莫', 0.1], ['孔', 0.09],
  ['向', 0.09], ['汤', 0.09],
]; // prettier-ignore

/** Characters typical of men's given names (all in the detect lexicon's given-name set). */
const MALE_CHARS =
  '伟强磊军洋勇杰涛明超刚平辉鹏飞斌宇浩凯健俊帆旭宁龙林阳建国成亮波宏峰鑫毅志永海江山川岩松森荣贵福德' +
  '才仁义忠安康乐泰昌盛兴东立金宝博文昊然哲皓瑞鸿睿泽轩子晨天翔鹤驰腾跃翼豪诚铭锋锐雄震靖顺鼎勤坤乾伦' +
  '卓学宗振华庆生祥树清晓家嘉俊宸航远';

/** Characters typical of women's given names. */
const FEMALE_CHARS =
  '芳娜敏静丽艳娟秀英霞桂华玉萍红梅婷雪琳晶颖倩慧莉燕玲兰凤洁琴云莹翠蕾薇菲璐瑶怡佳欣悦雨思梦诗雅涵' +
  '萱琪彤妍婉嘉淑惠贤婧媛娅丹青霖露月晓春秋冬蓉蕊芸茜莎馨香妙爽甜可心宜依一晨子琳欢';

/** Characters either sex gets. */
const NEUTRAL_CHARS = '文明华晓子嘉宇晨天安乐佳欣雨一家';

export interface SurnameTable {
  readonly surnames: readonly string[];
  readonly table: AliasTable;
}

let surnameTable: SurnameTable | undefined;

/** The surname distribution, built once. */
function surnames(): SurnameTable {
  if (surnameTable) return surnameTable;
  const names: string[] = [];
  const weights: number[] = [];
  const top = new Set<string>();
  for (const [s, w] of TOP_SURNAMES) {
    names.push(s);
    weights.push(w);
    top.add(s);
  }
  // The remaining lexicon surnames share ~14%, decreasing along the lexicon's rough order.
  const rest = [...SINGLE_SURNAMES].filter((s) => !top.has(s));
  rest.forEach((s, i) => {
    names.push(s);
    weights.push((14 / rest.length) * 2 * (1 - i / rest.length) + 0.002);
  });
  // Compound surnames: ~0.15% together, 欧阳 and 上官 leading.
  COMPOUND_SURNAMES.forEach((s, i) => {
    names.push(s);
    weights.push(0.15 / (i + 2));
  });
  surnameTable = { surnames: names, table: new AliasTable(weights) };
  return surnameTable;
}

/**
 * A full name for a person of the given sex and birth year.
 *
 * @example
 * personName(new Prng(1), '女', 1988) // e.g. '陈思琪'
 */
export function personName(r: Prng, sex: '男' | '女', birthYear: number): string {
  const s = surnames();
  const surname = s.surnames[s.table.draw(r)]!;
  const chars = r.chance(0.15) ? NEUTRAL_CHARS : sex === '男' ? MALE_CHARS : FEMALE_CHARS;
  // Single-character given names were far more common among people born before 1980.
  const single = r.chance(birthYear < 1980 ? 0.3 : birthYear < 1995 ? 0.18 : 0.1);
  if (single) return surname + chars[r.int(chars.length)]!;
  const a = chars[r.int(chars.length)]!;
  let b = chars[r.int(chars.length)]!;
  // Reduplicated names (思思, 婷婷) are a women's pattern; otherwise avoid repeats.
  if (b === a && !(sex === '女' && r.chance(0.5)))
    b = chars[(chars.indexOf(a) + 1) % chars.length]!;
  return surname + a + b;
}
