/**
 * QQ numbers: 5–11 digits, first digit not 0. Any number has that syntax, so a QQ number is
 * reported only right after a QQ word ("QQ：12345678", "扣扣 12345678", "企鹅号 …"), and never
 * when the label names a group (QQ群), which identifies no person.
 */
import { skipLabelFiller } from '../context.ts';
import type { PreparedText } from '../prepared-text.ts';
import type { RawMatch, Recognizer } from '../recognizer.ts';

/** QQ words in the folded text (ASCII case-insensitively). */
const QQ_WORD = /(?<![A-Za-z])(?:qq|扣扣|企鹅|q号|Q号)/gi;
const QQ_NUMBER = /[1-9][0-9]{4,10}(?![0-9])/y;
/** The label continues as a group or a mailbox, not a person's number. */
const NOT_A_PERSON = /^(?:群|空间|邮箱|mail|\.com)/i;

function recognize(p: PreparedText): RawMatch[] {
  const text = p.folded;
  const out: RawMatch[] = [];
  QQ_WORD.lastIndex = 0;
  for (let w = QQ_WORD.exec(text); w !== null; w = QQ_WORD.exec(text)) {
    const after = w.index + w[0].length;
    if (NOT_A_PERSON.test(text.slice(after, after + 5))) continue;
    const at = skipLabelFiller(text, after, 8);
    if (at > 0 && /[0-9]/.test(text[at - 1]!)) continue;
    QQ_NUMBER.lastIndex = at;
    const m = QQ_NUMBER.exec(text);
    if (!m || text[at + m[0].length] === '@') continue;
    out.push({ start: at, end: at + m[0].length, score: 0.9, normalized: m[0] });
  }
  return out;
}

/** The QQ number recogniser. */
export const qqNumberRecognizer: Recognizer = {
  name: 'qq-number',
  type: 'QQ_NUMBER',
  recognize,
};
