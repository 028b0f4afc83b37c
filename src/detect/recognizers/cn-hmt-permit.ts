/**
 * Permits for travel between the mainland, Hong Kong, Macao and Taiwan:
 * - 往来港澳通行证 (mainland residents to HK/Macao): C + 8 digits, C + letter + 7 digits;
 *   older booklets W + 8 digits;
 * - 港澳居民来往内地通行证 (回乡证): H (Hong Kong) or M (Macao) + 8 or 10 digits;
 * - 大陆居民往来台湾通行证: L + 8 digits (older T + 8 digits);
 * - 台湾居民来往大陆通行证 (台胞证): 8 digits (older 10 digits), with no letter at all.
 * A letter and eight digits are common in product and model codes, so every form needs a permit
 * word nearby; without one the score stays below the default threshold.
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
/** Words after which a bare 8- or 10-digit number is a Taiwan compatriot permit. */
const TAIWAN_PERMIT_WORD = /台胞证|台胞證|臺胞證|台湾居民来往大陆通行证|台灣居民來往大陸通行證/g;
const TAIWAN_PERMIT_NUMBER = /[0-9]{8}(?:[0-9]{2})?(?![0-9A-Za-z])/y;

function recognize(p: PreparedText): RawMatch[] {
  const text = p.folded;
  const out: RawMatch[] = [];
  for (const at of lettersBeforeRuns(p)) {
    LETTER_PERMIT.lastIndex = at;
    const m = LETTER_PERMIT.exec(text);
    if (m === null) continue;
    const start = m.index;
    const end = start + m[0].length;
    const polarity = contextPolarity(p, start, end, HMT_PERMIT_CONTEXT, NON_PERSONAL_NUMBER_WORDS);
    out.push({ start, end, score: polarity > 0 ? 0.9 : 0.3, normalized: m[0].toUpperCase() });
  }
  TAIWAN_PERMIT_WORD.lastIndex = 0;
  for (let w = TAIWAN_PERMIT_WORD.exec(text); w !== null; w = TAIWAN_PERMIT_WORD.exec(text)) {
    const at = skipLabelFiller(text, w.index + w[0].length, 12);
    TAIWAN_PERMIT_NUMBER.lastIndex = at;
    const m = TAIWAN_PERMIT_NUMBER.exec(text);
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
