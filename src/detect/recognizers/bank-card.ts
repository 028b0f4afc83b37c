/**
 * Payment card numbers: 16–19 digits, Luhn check (ISO/IEC 7812-1), issuer family from the first
 * digits (UnionPay 62, Visa 4, Mastercard 51–55 and 22–27, JCB 35, Discover 60/64/65, and the old
 * domestic 94/95 ranges). Some valid Chinese cards fail Luhn, so next to a card word a number
 * of a known family is still reported, at a lower score.
 */
import { contextPolarity, nearestContext, NON_PERSONAL_NUMBER_WORDS } from '../context.ts';
import { residentIdLevel } from './cn-resident-id.ts';
import type { PreparedText } from '../prepared-text.ts';
import type { RawMatch, Recognizer } from '../recognizer.ts';
import {
  gluedToCode,
  isAsciiLetter,
  isChunked,
  looksLikeAmount,
  numberRuns,
  numberWindows,
} from '../normalizers/number-runs.ts';
import { isValidLuhn } from '../validators/luhn.ts';

/** Words that label a card or account number (simplified, lower-case). */
export const BANK_CARD_CONTEXT: readonly string[] = [
  '银行卡',
  '卡号',
  '账号',
  '帐号',
  '账户',
  '帐户',
  '借记卡',
  '信用卡',
  '储蓄卡',
  '银行',
  '开户',
  '收款',
  '还款',
  '转账',
  '打款',
  'card',
  'account',
  'acct',
  'iban',
  'visa',
  'mastercard',
  'unionpay',
  '银联',
];

/** Words that name a card number itself, for numbers that fail Luhn (nearer and stricter). */
const CARD_LABELS: readonly string[] = ['卡号', '银行卡', '借记卡', '信用卡', '储蓄卡', 'card'];

/** Issuer families (ISO/IEC 7812 IIN ranges) seen on cards held by Chinese customers. */
const CARD_FAMILY = /^(?:4|5[1-5]|2[2-7]|35|6[0245]|9[45])/;

/**
 * True when a digit string looks like a card number of a known issuer family and length.
 *
 * @example
 * isCardFamily('6222021234567890128') // true
 * isCardFamily('1234567890123456') // false
 */
export function isCardFamily(digits: string): boolean {
  return digits.length >= 16 && digits.length <= 19 && CARD_FAMILY.test(digits);
}

function recognize(p: PreparedText): RawMatch[] {
  const text = p.folded;
  const out: RawMatch[] = [];
  for (const run of numberRuns(p)) {
    let lastEnd = -1;
    for (const w of numberWindows(p, run, 16, 19)) {
      if (w.start < lastEnd || !isCardFamily(w.digits)) continue;
      if (!isChunked(w.groupLengths, w.separators, 3, 1)) continue;
      if (gluedToCode(text, w.start) || isAsciiLetter(text.charCodeAt(w.end))) continue;
      if (looksLikeAmount(text, w.start, w.end)) continue;
      // A valid identity number passes Luhn one time in ten; it is an identity number.
      if (w.digits.length === 18 && residentIdLevel(w.digits) > 0) continue;
      const luhn = isValidLuhn(w.digits);
      const polarity = contextPolarity(
        p,
        w.start,
        w.end,
        BANK_CARD_CONTEXT,
        NON_PERSONAL_NUMBER_WORDS,
      );
      let score: number;
      if (luhn) score = polarity > 0 ? 0.97 : polarity < 0 ? 0.3 : w.grouped ? 0.85 : 0.8;
      else if (polarity > 0 && nearestContext(p, w.start, w.end, CARD_LABELS, 12, 0)) score = 0.6;
      else continue;
      if (w.multiline) score -= 0.05;
      out.push({ start: w.start, end: w.end, score, normalized: w.digits });
      lastEnd = w.end;
    }
  }
  return out;
}

/** The bank card recogniser. */
export const bankCardRecognizer: Recognizer = {
  name: 'bank-card',
  type: 'BANK_CARD',
  recognize,
};
