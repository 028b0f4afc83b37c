/**
 * Unified social credit codes (统一社会信用代码, GB 32100-2015): registration authority, entity
 * type, six-digit division code, nine-character organisation code, GB 32100 mod-31 check.
 * Eighteen characters from the code alphabet (no I, O, S, V, Z).
 */
import { contextPolarity, NON_PERSONAL_NUMBER_WORDS } from '../context.ts';
import type { PreparedText } from '../prepared-text.ts';
import type { RawMatch, Recognizer } from '../recognizer.ts';
import { isValidGb32100 } from '../validators/gb32100-check.ts';
import { isValidGb11714 } from '../validators/gb11714-check.ts';
import { isCnProvinceCode } from '../validators/cn-region-codes.ts';
import { isAsciiLetter, numberRuns } from '../normalizers/number-runs.ts';
import { tableColumnCells } from '../table-columns.ts';

/** Words that label a credit code (simplified, lower-case). */
export const USCC_CONTEXT: readonly string[] = [
  '统一社会信用代码',
  '信用代码',
  '社会信用',
  '纳税人识别号',
  '税号',
  '营业执照',
  '注册号',
  // "关联公司代码：…": an organisation's code, where "代码" alone may be a stock or product code.
  '公司代码',
  '企业代码',
  '机构代码',
  '单位代码',
  'uscc',
  'credit code',
  'tax id',
];

/**
 * Candidate: authority (1–9, A–H, N, Y), type (1–5 or 9, the only ones GB 32100 annex A assigns),
 * six digits, nine code characters, check.
 * The leading class keeps V8's scan cheap; lower-case letters are folded before validation.
 */
const USCC =
  /(?<![0-9A-Za-z])[1-9A-HNYa-hny][1-59][0-9]{6}[0-9A-HJ-NP-RTUW-Ya-hj-np-rtuw-y]{10}(?![0-9A-Za-z])/y;

/**
 * True when an 18-character code is a well-formed credit code with a valid check character.
 *
 * @example
 * isValidUscc('91350100M000100Y43') // true
 */
export function isValidUscc(code: string): boolean {
  return isValidGb32100(code) && isCnProvinceCode(code.slice(2, 4));
}

/**
 * Where a code may start, read off the text's number runs instead of a regex pass of its own:
 * characters 2–8 of a code are seven digits, so a code either starts a digit group of at least
 * eight (its first character is a digit, and what precedes it is no letter or digit) or stands
 * one letter before a run whose first group has at least seven digits. Every position where the
 * pattern can match is one of these, so the matches are exactly those of a global search.
 */
function codeStarts(p: PreparedText): number[] {
  // An array, not a generator: a generator step per start cost more than reading the runs.
  const text = p.folded;
  const starts: number[] = [];
  for (const run of numberRuns(p)) {
    const groupStarts = run.groupStarts;
    const groupEnds = run.groupEnds;
    if (run.start > 0 && groupEnds[0]! - run.start >= 7) {
      if (isAsciiLetter(text.charCodeAt(run.start - 1))) starts.push(run.start - 1);
    }
    for (let g = 0; g < groupStarts.length; g++) {
      if (groupEnds[g]! - groupStarts[g]! >= 8) starts.push(groupStarts[g]!);
    }
  }
  return starts;
}

/** A column of credit codes: "统一社会信用代码", "纳税人识别号", "税号", "USCC". */
const USCC_COLUMN =
  /^\p{Script=Han}{0,6}(?:信用代[码碼]|[税稅][号號]|纳税人识别号)(?:\p{Script=Han}{0,2})$|^(?:uscc|(?:unified social )?credit code)$/iu;
/**
 * The end of a company's name right before a code: a business word inside the name ("宏达物流
 * 有限公司", "华信证券股份有限公司") says what the company does, not what the code is.
 */
const AFTER_COMPANY_NAME = /(?:公司|集团|集團|企业|企業|合作社|事务所|事務所)[\s,，|:：]*$/;

function recognize(p: PreparedText): RawMatch[] {
  const text = p.folded;
  const out: RawMatch[] = [];
  const columns = tableColumnCells(text, (name) => (USCC_COLUMN.test(name) ? true : undefined));
  let column = 0;
  for (const start of codeStarts(p)) {
    USCC.lastIndex = start;
    const m = USCC.exec(text);
    if (m === null) continue;
    const code = m[0].toUpperCase();
    if (!isValidUscc(code)) continue;
    const end = start + 18;
    // An all-digit code may be an identity or card number that passes mod 31 by chance (1/31).
    const numeric = /^[0-9]+$/.test(code);
    const orgCheck = isValidGb11714(code.slice(8, 17));
    while (column < columns.length && columns[column]!.end <= start) column++;
    const cell = columns[column];
    let polarity =
      cell && cell.start <= start && end <= cell.end
        ? 1
        : contextPolarity(p, start, end, USCC_CONTEXT, NON_PERSONAL_NUMBER_WORDS);
    if (polarity < 0 && AFTER_COMPANY_NAME.test(text.slice(Math.max(0, start - 8), start))) {
      polarity = 0;
    }
    // All digits with no check-valid organisation code is as likely a policy or order number
    // that passed mod 31 by chance.
    let score = numeric ? (orgCheck ? 0.75 : 0.55) : orgCheck ? 0.9 : 0.85;
    if (polarity > 0) score = 0.99;
    else if (polarity < 0) score = 0.3;
    out.push({ start, end, score, normalized: code });
  }
  return out;
}

/** The unified social credit code recogniser. */
export const cnUsccRecognizer: Recognizer = {
  name: 'cn-uscc',
  type: 'CN_USCC',
  recognize,
};
