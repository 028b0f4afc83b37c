/**
 * Mainland vehicle plates (GA 36-2018): province abbreviation, issuing-authority letter, then
 * five characters (letters other than I and O, and digits), or six for new-energy vehicles
 * (D/F first for small cars, last for large ones); special series end in 学 (driving school),
 * 警 (police), 挂 (trailer), 港/澳 (cross-border) or 领 (consulate). Embassy plates are "使" +
 * six digits. A separator (· • space -) may follow the authority letter.
 */
import { contextPolarity, NON_PERSONAL_NUMBER_WORDS } from '../context.ts';
import type { PreparedText } from '../prepared-text.ts';
import type { RawMatch, Recognizer } from '../recognizer.ts';

/** Words that label a plate (simplified, lower-case). */
export const LICENSE_PLATE_CONTEXT: readonly string[] = [
  '车牌',
  '号牌',
  '车号',
  '车辆',
  '牌照',
  '驾驶',
  '违章',
  '停车',
  'plate',
];

const PROVINCES = '京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼';
const L = 'A-HJ-NP-Z';
const PLATE = new RegExp(
  String.raw`(?:[${PROVINCES}][${L}][·•・ \-]?(?:[DF][${L}0-9][0-9]{4}|[0-9]{5}[DF]|[${L}0-9]{4}[学警挂港澳领]|[${L}0-9]{5})|使[0-9]{6})(?![0-9A-Za-z])`,
  'y',
);

/**
 * True when the five serial characters of an ordinary plate have at most two letters: a rule
 * of the numbering scheme that also keeps words such as "京AABCDE" out.
 *
 * @example
 * plausibleSerial('12345') // true
 * plausibleSerial('ABC12') // false
 */
export function plausibleSerial(serial: string): boolean {
  let letters = 0;
  for (const c of serial) if (c >= 'A' && c <= 'Z') letters++;
  return letters <= 2;
}

/** The province characters, as code units. */
const PROVINCE_UNITS: ReadonlySet<number> = new Set([...PROVINCES].map((c) => c.charCodeAt(0)));
/** The letter after the province: upper-case ASCII, rare in Chinese text. */
const PLATE_LETTER = new RegExp(`[${L}]`, 'g');
/** The embassy prefix 使, before six digits. */
const EMBASSY = '使';

/**
 * Where a plate may start, in order: a province character before a plate letter, or 使. The
 * pattern's first character is one of 32 Chinese characters, which V8 can only test at every
 * position of the text; the letters after the provinces, and 使, are found much faster.
 * Every match of the global pattern starts at one of these positions, so trying the pattern at
 * each of them (skipping those inside a match) finds exactly what a search of the text would.
 */
function plateStarts(text: string): number[] {
  const starts: number[] = [];
  PLATE_LETTER.lastIndex = 0;
  // test(), not exec(): the letter is one unit, so it sits just before lastIndex, and no match
  // array is allocated for each of the (many, in tables) upper-case letters.
  while (PLATE_LETTER.test(text)) {
    const province = PLATE_LETTER.lastIndex - 2;
    if (province >= 0 && PROVINCE_UNITS.has(text.charCodeAt(province))) starts.push(province);
  }
  let embassy = text.indexOf(EMBASSY);
  if (embassy < 0) return starts;
  // Merge the (rare) 使 positions into the sorted letter positions.
  const merged: number[] = [];
  let i = 0;
  for (; embassy >= 0; embassy = text.indexOf(EMBASSY, embassy + 1)) {
    while (i < starts.length && starts[i]! < embassy) merged.push(starts[i++]!);
    merged.push(embassy);
  }
  while (i < starts.length) merged.push(starts[i++]!);
  return merged;
}

/** How far apart two plates of one list or table may stand (UTF-16 units). */
const LIST_REACH = 120;

function recognize(p: PreparedText): RawMatch[] {
  const text = p.folded;
  const out: RawMatch[] = [];
  const odd: RawMatch[] = [];
  let lastEnd = 0;
  for (const at of plateStarts(text)) {
    if (at < lastEnd) continue;
    PLATE.lastIndex = at;
    const m = PLATE.exec(text);
    if (m === null) continue;
    lastEnd = at + m[0].length;
    const plate = m[0].replace(/[·•・ -]/, '');
    const start = m.index;
    const end = start + m[0].length;
    const polarity = contextPolarity(
      p,
      start,
      end,
      LICENSE_PLATE_CONTEXT,
      NON_PERSONAL_NUMBER_WORDS,
    );
    // A serial with three or more letters breaks the numbering scheme, but writers get plates
    // wrong or invent them in examples; next to a plate word it is still the plate meant.
    const plausible = plate.startsWith('使') || plausibleSerial(plate.slice(2, 7));
    if (!plausible) {
      if (polarity >= 0 && /[0-9]/.test(plate))
        odd.push({ start, end, score: polarity > 0 ? 0.8 : 0, normalized: plate });
      continue;
    }
    const score = polarity > 0 ? 0.95 : polarity < 0 ? 0.35 : 0.75;
    out.push({ start, end, score, normalized: plate });
  }
  if (odd.length === 0) return out;
  // Plates whose serial breaks the scheme: kept next to a plate word, or as one more item of a
  // list or table of plates (another, well-formed plate close by).
  let near = 0;
  for (const o of odd) {
    while (near < out.length && out[near]!.end < o.start - LIST_REACH) near++;
    const listed = near < out.length && out[near]!.start <= o.end + LIST_REACH;
    if (o.score > 0 || listed) out.push({ ...o, score: o.score > 0 ? o.score : 0.7 });
  }
  return out.sort((a, b) => a.start - b.start);
}

/** The licence plate recogniser. */
export const licensePlateRecognizer: Recognizer = {
  name: 'license-plate',
  type: 'LICENSE_PLATE',
  recognize,
};
