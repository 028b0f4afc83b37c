/**
 * QQ numbers: 5–11 digits, first digit not 0. Any number has that syntax, so a QQ number is
 * reported only right after a QQ word ("QQ：12345678", "扣扣 12345678", "企鹅号 …"), and never
 * when the label names a group (QQ群), which identifies no person.
 */
import { skipLabelFiller } from '../context.ts';
import type { PreparedText } from '../prepared-text.ts';
import type { RawMatch, Recognizer } from '../recognizer.ts';
import { tableColumnCells } from '../table-columns.ts';

/**
 * QQ words in the folded text (ASCII case-insensitively); a lone "Q" only as a caption before a
 * colon ("Q：12345678", as ads write it — "Q: what …" is followed by no number).
 */
const QQ_WORD = /(?<![A-Za-z])(?:qq|扣扣|企鹅|q号|Q号|Q(?= ?:))/gi;
const QQ_NUMBER = /[1-9][0-9]{4,10}(?![0-9]|[元块年个人次])/y;
/**
 * How a sentence joins the word to the number: "账号是QQ登录的 12345678", "发你QQ了 123456",
 * "我QQ就是 12345678", "只用QQ联系：12345678", "QQ也可以加 12345678". Matched after the label
 * filler.
 */
const JOINER =
  /(?:登录的|登陆的|了|就是|还是|也是|的是|是|(?:也|还)?(?:可以)?(?:联系|加我?))[ \t]*/y;
/**
 * A second label joined to the QQ word, or a remark in brackets, before one shared value:
 * "QQ/微信：12345678", "QQ（微信同号）：12345678".
 */
const SHARED_LABEL =
  /(?:[ \t]*[/、&][ \t]*(?:微信|wechat|weixin|wx|vx|v信|电话|手机|tel)|[(（][^)）\n]{1,6}[)）])/iy;
/** A column of people's QQ numbers: "QQ", "QQ号", "QQ号码", "联系人QQ" — not "QQ群", "QQ邮箱". */
const QQ_COLUMN =
  /^[\p{Script=Han}]{0,4}(?:qq|扣扣)[ _-]?(?:号码?|號碼?|账号|帐号|no\.?|number|id)?$/iu;
/** A whole cell holding a QQ number. */
const QQ_CELL = /^[1-9][0-9]{4,10}$/;

/** The label continues as a group or a mailbox, not a person's number. */
const NOT_A_PERSON = /^(?:群|空间|邮箱|mail|\.com)/i;

function recognize(p: PreparedText): RawMatch[] {
  const text = p.folded;
  const out: RawMatch[] = [];
  QQ_WORD.lastIndex = 0;
  for (let w = QQ_WORD.exec(text); w !== null; w = QQ_WORD.exec(text)) {
    const after = w.index + w[0].length;
    if (NOT_A_PERSON.test(text.slice(after, after + 5))) continue;
    SHARED_LABEL.lastIndex = after;
    const shared = SHARED_LABEL.exec(text);
    let at = skipLabelFiller(text, after + (shared ? shared[0].length : 0), 8);
    JOINER.lastIndex = at;
    const joiner = JOINER.exec(text);
    if (joiner) at = skipLabelFiller(text, at + joiner[0].length, 4);
    if (at > 0 && /[0-9]/.test(text[at - 1]!)) continue;
    QQ_NUMBER.lastIndex = at;
    const m = QQ_NUMBER.exec(text);
    if (!m || text[at + m[0].length] === '@') continue;
    out.push({ start: at, end: at + m[0].length, score: 0.9, normalized: m[0] });
  }
  // A sign-up sheet or contact export: the header names the column, each row holds a number.
  const columns = tableColumnCells(text, (name) => (QQ_COLUMN.test(name) ? true : undefined));
  const starts = new Set(out.map((m) => m.start));
  for (const c of columns) {
    const value = text.slice(c.start, c.end);
    if (!QQ_CELL.test(value) || starts.has(c.start)) continue;
    out.push({ start: c.start, end: c.end, score: 0.85, normalized: value });
  }
  return out;
}

/** The QQ number recogniser. */
export const qqNumberRecognizer: Recognizer = {
  name: 'qq-number',
  type: 'QQ_NUMBER',
  recognize,
};
