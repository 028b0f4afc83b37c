/**
 * Plausible synthetic people for canary identities (DESIGN §4.6): a name, a birth date, a
 * resident ID number and an address that pass every format check piguard itself applies — the
 * recognisers, the column classifier and the blind-index normalisers cannot tell them from real
 * customers, and neither can a buyer checking a list.
 *
 * ID numbers (GB 11643-1999): a real county-level region code from the administrative-division
 * table, the birth date, a three-digit sequence whose parity matches the chosen sex, and the
 * ISO 7064 MOD 11-2 check character. Such a number is *valid*, so it may be the number of a
 * real person somewhere. That is acceptable because a canary's number is never used to do
 * anything — it only sits in exported rows next to a synthetic name and a trap phone, so a real
 * holder of the same number is neither contacted nor affected; and collisions with the
 * organisation's own customers are avoided by the caller (the canary service checks every
 * candidate against the vault's blind index for the ID number, phone and name + birth date,
 * and draws again on any hit).
 */
import { randomInt } from 'node:crypto';
import { divisionLexicon, type Division } from '../detect/lexicon/divisions.ts';
import { GIVEN_NAME_CHARS } from '../detect/lexicon/given-name-chars.ts';
import { ROAD_SUFFIXES } from '../detect/lexicon/street-suffixes.ts';
import { iso7064Mod112CheckChar } from '../detect/validators/iso7064-mod11-2.ts';

/** A source of uniform integers in [0, n). */
export type RandomInt = (n: number) => number;

/** The default: crypto-strength, so canaries cannot be predicted from earlier ones. */
export const cryptoRandomInt: RandomInt = (n) => randomInt(n);

/**
 * A deterministic RandomInt (mulberry32), for tests and simulations.
 *
 * @example
 * const rnd = seededRandomInt(42); rnd(10); // the same sequence on every run
 */
export function seededRandomInt(seed: number): RandomInt {
  let s = seed >>> 0;
  return (n) => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    const u = ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    return Math.floor(u * n);
  };
}

/** Common surnames in rough frequency order (the top of the surname lexicon). */
const SURNAMES = [
  ...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦傅方白邹孟熊秦邱江尹薛段雷侯龙史陶黎贺顾毛郝龚邵万钱严武戴孔汤康施文樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳殷',
];
const GIVEN = [...GIVEN_NAME_CHARS];
const ROAD_WORDS = [
  ...'人民建设解放中山和平新华文化胜利朝阳东风青年幸福光明团结友谊花园长江黄河南京北京',
];

/** A synthetic person. */
export interface SyntheticIdentity {
  name: string;
  /** YYYY-MM-DD. */
  birthDate: string;
  /** 18 characters, valid GB 11643 check character. */
  idNumber: string;
  /** Province + city + county + road + number. */
  address: string;
  /** 'M' or 'F' (the ID's sequence parity). */
  sex: 'M' | 'F';
}

let counties: Division[] | undefined;

function countyList(): Division[] {
  counties ??= [...divisionLexicon().byCode.values()].filter(
    (d) => d.level === 3 && /^\d{6}$/.test(d.code) && Number(d.code.slice(0, 2)) < 70,
  );
  return counties;
}

/**
 * A GB 11643 ID number from region code, birth date (YYYY-MM-DD) and sequence (0–999).
 *
 * @example
 * residentIdFor('110105', '1949-12-31', 2) // '11010519491231002X'
 */
export function residentIdFor(region: string, birthDate: string, sequence: number): string {
  const body = `${region}${birthDate.replace(/-/g, '')}${String(sequence).padStart(3, '0')}`;
  return body + iso7064Mod112CheckChar(body)!;
}

/**
 * Draws a synthetic person; birth years 1950–2002 (adult customers).
 *
 * @example
 * const person = syntheticIdentity(seededRandomInt(1));
 * person.idNumber.length // 18
 */
export function syntheticIdentity(rnd: RandomInt = cryptoRandomInt): SyntheticIdentity {
  const pick = <T>(xs: readonly T[]): T => xs[rnd(xs.length)]!;
  const givenLength = rnd(3) === 0 ? 1 : 2;
  let name = pick(SURNAMES);
  for (let i = 0; i < givenLength; i++) name += pick(GIVEN);
  const year = 1950 + rnd(53);
  const month = 1 + rnd(12);
  const day = 1 + rnd(new Date(Date.UTC(year, month, 0)).getUTCDate());
  const birthDate = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  const county = pick(countyList());
  const sex = rnd(2) === 0 ? 'M' : 'F';
  const sequence = 2 * rnd(500) + (sex === 'M' ? 1 : 0);
  const lexicon = divisionLexicon().byCode;
  const province = lexicon.get(county.code.slice(0, 2))?.name ?? '';
  const cityDivision = lexicon.get(county.code.slice(0, 4));
  const city = cityDivision && cityDivision.name !== province ? cityDivision.name : '';
  const road = pick(ROAD_WORDS) + pick(ROAD_WORDS) + pick(ROAD_SUFFIXES.filter((s) => s !== '道'));
  const address = `${province}${city}${county.name}${road}${1 + rnd(300)}号`;
  return {
    name,
    birthDate,
    idNumber: residentIdFor(county.code, birthDate, sequence),
    address,
    sex,
  };
}

/** Mobile prefixes of the three big carriers, for synthetic (non-trap) numbers in tests. */
const MOBILE_PREFIXES = [
  '134',
  '135',
  '136',
  '137',
  '138',
  '139',
  '150',
  '151',
  '152',
  '157',
  '158',
  '159',
  '182',
  '183',
  '187',
  '188',
  '130',
  '131',
  '132',
  '155',
  '156',
  '185',
  '186',
  '133',
  '153',
  '180',
  '181',
  '189',
  '177',
  '199',
];

/**
 * A random mobile number with a real carrier prefix (simulations only — a canary's phone is
 * always a trap number from the pool).
 *
 * @example
 * syntheticMobile(seededRandomInt(3)).length // 11
 */
export function syntheticMobile(rnd: RandomInt = cryptoRandomInt): string {
  return MOBILE_PREFIXES[rnd(MOBILE_PREFIXES.length)]! + String(rnd(100_000_000)).padStart(8, '0');
}
