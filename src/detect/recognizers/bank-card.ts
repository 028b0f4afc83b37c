/**
 * Payment card numbers: 16–19 digits, Luhn check (ISO/IEC 7812-1), issuer family from the first
 * digits (UnionPay 62, Visa 4, Mastercard 51–55 and 22–27, JCB 35, Discover 60/64/65, and the old
 * domestic 94/95 ranges). Some valid Chinese cards fail Luhn, so next to a card word a number
 * of a known family is still reported, at a lower score — a UnionPay number also after an
 * account word (账号, 账户) or with "这张" pointing back at it, and any number as the next item of
 * a list that a reported card began ("银行卡 6222…、6228…").
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
import { tableColumnCells } from '../table-columns.ts';

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
  // Passbooks and salary cards, banks by their short names, and the classifier a speaker uses
  // for a card already talked about ("6222… 这张", "转你农行那张 6222…").
  '存折',
  '工资卡',
  '农行',
  '工行',
  '建行',
  '中行',
  '交行',
  '招行',
  '邮储',
  '这张',
  '那张',
  // Court and police writing: "转入其名下 6222…", "被告名下招商银行账户 6222…".
  '名下',
];

/** Words that name a card number itself, for numbers that fail Luhn (nearer and stricter). */
const CARD_LABELS: readonly string[] = [
  '卡号',
  '银行卡',
  '借记卡',
  '信用卡',
  '储蓄卡',
  '工资卡',
  '存折',
  'card',
];

/**
 * Words that name an account or point at a card already talked about: with a card word nearby
 * they make a UnionPay number (62…) that fails Luhn a card too — UnionPay's domestic cards are
 * the ones that do not always carry a Luhn check digit.
 */
const UNIONPAY_LABELS: readonly string[] = [
  ...CARD_LABELS,
  '账号',
  '帐号',
  '账户',
  '帐户',
  '那张',
  '名下',
];

/**
 * The only words that count after the number: a label belongs to what follows it, but "6222…
 * 这张" points back at the card.
 */
const POINTING_BACK: readonly string[] = ['这张', '那张'];

/**
 * How far before a number its label may start ("card number, e.g. 6222…": the whole word must be
 * inside the window), and how far after it a word pointing back may end.
 */
const LABEL_BEFORE = 20;
const LABEL_AFTER = 4;

/**
 * How far after one card another may stand and still be read as the next item of the same list
 * ("银行卡 6222…、6228…"): the label before the first covers both.
 */
const LIST_REACH = 4;

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

/**
 * Words saying that a number is not a live card: a test or void number, or one rejected for a
 * failed check ("测试卡号 … 已失效", "作废卡号（校验错误）", "输入错误（Luhn校验不通过）"). A number
 * that fails Luhn next to them is the very look-alike they describe, whatever label it has.
 */
const NOT_A_CARD: readonly string[] = [
  '测试',
  '作废',
  '失效',
  '无效',
  '校验错误',
  '校验位错误',
  '校验不通过',
  '校验失败',
  '输入错误',
  '请勿使用',
  'invalid',
  'test card',
  'dummy',
];
/** How far before and after a number a word of `NOT_A_CARD` counts. */
const NOT_A_CARD_BEFORE = 40;
const NOT_A_CARD_AFTER = 24;

/** A column of card or account numbers: "银行卡号", "工资卡号", "开户账号", "Card No." … */
const CARD_COLUMN =
  /^[\p{Script=Han}]{0,6}(?:卡号|卡|账号|帐号|账户|帐户)(?:号码?)?$|^(?:bank[ _-]?)?(?:card|account)[ _-]?(?:no\.?|number|#)?$/iu;
/** A column of business numbers: orders, serials, transactions, waybills. */
const BUSINESS_COLUMN = /单号|订单|流水|交易|编号|order|serial|txn|transaction/i;

/**
 * Issuer families whose cards have one length only: Mastercard (51–55, 2221–2720) numbers are
 * 16 digits, so an 18-digit number starting 52 is some other serial.
 */
const SIXTEEN_ONLY = /^(?:5[1-5]|2[2-7])/;

function recognize(p: PreparedText): RawMatch[] {
  const text = p.folded;
  const out: RawMatch[] = [];
  let lastCard = -Infinity;
  // Cells of table columns whose header names cards (+1) or business numbers (-1): the header
  // is the label of a value many rows below it.
  const columns = tableColumnCells(text, (name): 1 | -1 | undefined =>
    CARD_COLUMN.test(name) ? 1 : BUSINESS_COLUMN.test(name) ? -1 : undefined,
  );
  let column = 0;
  for (const run of numberRuns(p)) {
    let lastEnd = -1;
    for (const w of numberWindows(p, run, 16, 19)) {
      if (w.start < lastEnd || !isCardFamily(w.digits)) continue;
      if (w.digits.length !== 16 && SIXTEEN_ONLY.test(w.digits)) continue;
      if (!isChunked(w.groupLengths, w.separators, 3, 1)) continue;
      if (gluedToCode(text, w.start) || isAsciiLetter(text.charCodeAt(w.end))) continue;
      if (looksLikeAmount(text, w.start, w.end)) continue;
      // A valid identity number passes Luhn one time in ten; it is an identity number.
      if (w.digits.length === 18 && residentIdLevel(w.digits) > 0) continue;
      const luhn = isValidLuhn(w.digits);
      while (column < columns.length && columns[column]!.end <= w.start) column++;
      const cell = columns[column];
      const header = cell && cell.start <= w.start && w.end <= cell.end ? cell.kind : 0;
      const polarity =
        header || contextPolarity(p, w.start, w.end, BANK_CARD_CONTEXT, NON_PERSONAL_NUMBER_WORDS);
      let score: number;
      if (luhn) score = polarity > 0 ? 0.97 : polarity < 0 ? 0.3 : w.grouped ? 0.85 : 0.8;
      else if (header > 0) score = 0.6;
      else if (polarity > 0 && isLabelledCard(p, w.start, w.end, w.digits)) score = 0.6;
      else if (polarity >= 0 && isListedAfter(text, lastCard, w.start)) score = 0.6;
      else continue;
      if (!luhn && isMarkedNotACard(p, w.start, w.end)) continue;
      if (w.multiline) score -= 0.05;
      out.push({ start: w.start, end: w.end, score, normalized: w.digits });
      lastEnd = w.end;
      if (score >= 0.5) lastCard = w.end;
    }
  }
  return out;
}

/** True when a card label stands near a number that fails Luhn (account words: UnionPay only). */
function isLabelledCard(p: PreparedText, start: number, end: number, digits: string): boolean {
  const unionPay = digits.startsWith('62');
  const labels = unionPay ? UNIONPAY_LABELS : CARD_LABELS;
  if (nearestContext(p, start, end, labels, LABEL_BEFORE, 0) !== undefined) return true;
  return unionPay && nearestContext(p, start, end, POINTING_BACK, 0, LABEL_AFTER) !== undefined;
}

/** True when words near a number call it a test, void or mistyped number. */
function isMarkedNotACard(p: PreparedText, start: number, end: number): boolean {
  return (
    nearestContext(p, start, end, NOT_A_CARD, NOT_A_CARD_BEFORE, NOT_A_CARD_AFTER) !== undefined
  );
}

/** True when a number is the next item of a list ("、", "，", "和") right after a found card. */
function isListedAfter(text: string, lastCard: number, start: number): boolean {
  if (start - lastCard > LIST_REACH) return false;
  return /^[\s、，,;；和及与/]+$/.test(text.slice(lastCard, start));
}

/** The bank card recogniser. */
export const bankCardRecognizer: Recognizer = {
  name: 'bank-card',
  type: 'BANK_CARD',
  recognize,
};
