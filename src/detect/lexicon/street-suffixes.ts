/**
 * The words that end each part of a Chinese postal address below the county level, longest first
 * within each list (regex alternation takes the first that fits).
 */
/** Township level: 街道 (sub-district), 镇 (town), 乡 (township), 苏木 (Inner Mongolia). */
export const TOWN_SUFFIXES = [
  '街道办事处',
  '街道',
  '镇',
  '乡',
  '苏木',
  '农场',
  '林场',
  '牧场',
] as const;

/** Development zones and industrial areas, at the township level. */
export const ZONE_SUFFIXES = [
  '经济技术开发区',
  '高新技术产业开发区',
  '经济开发区',
  '开发区',
  '高新区',
  '工业区',
  '工业园区',
  '保税区',
  '新区',
] as const;

/** Village / community level. */
export const VILLAGE_SUFFIXES = ['村委会', '居委会', '社区', '嘎查', '村'] as const;

/** Roads and lanes. 道 alone is kept last: it is also a common word ending. */
export const ROAD_SUFFIXES = ['大道', '大街', '胡同', '路', '街', '巷', '道'] as const;

/** What follows a number: house number, lane (弄, Shanghai), compound (号院, Beijing). */
export const NUMBER_SUFFIXES = ['号院', '号楼', '支弄', '号', '弄', '巷'] as const;

/** Residential estates, buildings and parks that stand in for a street address. */
export const ESTATE_SUFFIXES = [
  '小区',
  '花园',
  '大厦',
  '公寓',
  '广场',
  '新村',
  '家园',
  '大楼',
  '科技园',
  '工业园',
  '软件园',
  '产业园',
  '园区',
  '商城',
  '山庄',
  '名苑',
  '华庭',
  '华府',
  '公馆',
  '苑',
  '府',
  // Not 庭 alone: it ends 家庭, 法庭, 开庭 far more often than an estate name (华庭 is above).
  '居',
  '阁',
  '湾',
  '城',
  '园',
] as const;

/** Parts of a building, after a number or letter: 3栋, 2单元, 502室, B座. */
export const UNIT_SUFFIXES = [
  '号楼',
  '单元',
  '栋',
  '幢',
  '座',
  '层',
  '楼',
  '室',
  '户',
  '期',
  '区',
  '组',
  // Entrance of a building (Tianjin, Beijing): 3门2005.
  '门',
] as const;

/**
 * Administrative level suffixes, used to keep street names from swallowing a division. 州, 盟 and
 * 旗 are left out: they occur inside ordinary street names (广州路, 红旗街).
 */
export const LEVEL_CHARS = '省市区县镇乡';
