/**
 * Permits for travel between the mainland, Hong Kong, Macao and Taiwan:
 * - 往来港澳通行证 (mainland residents to HK/Macao): C + 8 digits, C + letter + 7 digits;
 *   older booklets W + 8 digits;
 * - 港澳居民来往内地通行证 (回乡证): H (Hong Kong) or M (Macao) + 8 or 10 digits;
 * - 大陆居民往来台湾通行证: L + 8 digits (older T + 8 digits);
 * - 台湾居民来往大陆通行证 (台胞证): 8 digits (older 10 digits), with no letter at all.
 * A letter and eight digits are common in product and model codes, so every form needs a permit
 * word nearby — or to follow, as the next item of a list, a permit that has one; without either
 * the score stays below the default threshold. Right after a permit's name, the number is taken
 * without its letter too, as people write it.
 */
import { contextPolarity, NON_PERSONAL_NUMBER_WORDS, skipLabelFiller } from '../context.ts';
import type { PreparedText } from '../prepared-text.ts';
import type { RawMatch, Recognizer } from '../recognizer.ts';
import { lettersBeforeRuns } from '../normalizers/number-runs.ts';

/** Words that label a permit number (simplified, lower-case). */
export const HMT_PERMIT_CONTEXT: readonly string[] = [
  '通行证',
  '回乡证',
  '台胞证',
  '来往内地',
  '来往大陆',
  '往来港澳',
  '往来台湾',
  '港澳证',
  'permit',
  'home return',
];

const LETTER_PERMIT =
  /(?<![0-9A-Za-z])(?:[CcWw][0-9]{8}|[Cc][A-HJ-NP-Za-hj-np-z][0-9]{7}|[HMhm][0-9]{8}(?:[0-9]{2})?|[LTlt][0-9]{8})(?![0-9A-Za-z])/y;
/**
 * Words after which a bare 8- or 10-digit number is a permit's: the Taiwan compatriot permit has
 * no letter, and people often leave the letter off the others ("港澳居民来往内地通行证号码：
 * 12345678"). Only the names of the permits themselves, in simplified and traditional writing —
 * not "通行证" alone, which is also a vehicle or site pass.
 */
const PERMIT_WORD =
  /[台臺]胞[证證]|回[乡鄉][证證]|(?:港澳|内地|內地|大陆|大陸|台湾|台灣|臺灣)通行[证證]/g;
const BARE_PERMIT_NUMBER = /[0-9]{8}(?:[0-9]{2})?(?![0-9A-Za-z])/y;

/**
 * How far after one permit another may stand and still be read as the next item of the same
 * list ("我的 C12345678，我老婆的 C87654321"): the label before the first covers both.
 */
const LIST_REACH = 16;

/**
 * A traveller's name in airline form ("ZHANG/WEI", "CHEN/JIAHUI MS") earlier on the same line:
 * a manifest or booking row, where a permit-shaped code is the travel document.
 */
const TRAVELLER_NAME =
  /(?<![A-Za-z])[A-Z]{2,}\/[A-Z]{2,}(?: (?:MR|MS|MRS|MISS|MSTR|CHD))?\b[^\n]*$/;
/** How far back on the line a traveller's name may start. */
const TRAVELLER_REACH = 48;

/** True when a traveller's name in airline form stands before `start` on its line. */
function travellerBefore(text: string, start: number): boolean {
  return TRAVELLER_NAME.test(text.slice(Math.max(0, start - TRAVELLER_REACH), start));
}

function recognize(p: PreparedText): RawMatch[] {
  const text = p.folded;
  const out: RawMatch[] = [];
  let lastFound = -Infinity;
  for (const at of lettersBeforeRuns(p)) {
    LETTER_PERMIT.lastIndex = at;
    const m = LETTER_PERMIT.exec(text);
    if (m === null) continue;
    const start = m.index;
    const end = start + m[0].length;
    const polarity = contextPolarity(p, start, end, HMT_PERMIT_CONTEXT, NON_PERSONAL_NUMBER_WORDS);
    // The next item of a list that a permit with context began inherits that context.
    const listed =
      polarity === 0 && start - lastFound <= LIST_REACH && !/\n/.test(text.slice(lastFound, start));
    const score = polarity > 0 ? 0.9 : listed || travellerBefore(text, start) ? 0.85 : 0.3;
    if (score >= 0.85) lastFound = end;
    out.push({ start, end, score, normalized: m[0].toUpperCase() });
  }
  PERMIT_WORD.lastIndex = 0;
  for (let w = PERMIT_WORD.exec(text); w !== null; w = PERMIT_WORD.exec(text)) {
    const at = skipLabelFiller(text, w.index + w[0].length, 12);
    BARE_PERMIT_NUMBER.lastIndex = at;
    const m = BARE_PERMIT_NUMBER.exec(text);
    if (!m || (at > 0 && /[0-9A-Za-z]/.test(text[at - 1]!))) continue;
    out.push({ start: at, end: at + m[0].length, score: 0.9, normalized: m[0] });
  }
  return out;
}

/** The Hong Kong / Macao / Taiwan permit recogniser. */
export const cnHmtPermitRecognizer: Recognizer = {
  name: 'cn-hmt-permit',
  type: 'CN_HMT_PERMIT',
  recognize,
};
