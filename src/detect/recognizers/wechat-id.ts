/**
 * WeChat ids: 6–20 characters, a letter first, then letters, digits, "_" and "-". Ordinary
 * words have that syntax, so an id is reported only after a WeChat word (微信, wx, vx, V信, 薇信,
 * wechat, weixin — the last ones are how sellers dodge keyword filters), directly or joined by
 * a verb ("微信就是 …", "my wechat is …"), except the system-assigned form "wxid_…", which is
 * unmistakable on its own. An id of letters only ("微信 linxiaoyu") needs an explicit label
 * ("微信号：") or to end its line or sentence, and is never an English prose word.
 */
import { skipLabelFiller } from '../context.ts';
import type { PreparedText } from '../prepared-text.ts';
import type { RawMatch, Recognizer } from '../recognizer.ts';
import { tableColumnCells } from '../table-columns.ts';

/**
 * WeChat words in the folded text (ASCII case-insensitively, whole words). Form captions space
 * out two-character labels to align a column ("微\u3000\u3000信："), so up to three spaces may
 * split one.
 */
const WECHAT_WORD =
  /微 {0,3}信|薇信|威信|徽信|(?<![A-Za-z])(?:wechat|weixin|wx|vx|加v信|v信|加v|v)(?![A-Za-z])/gi;

/**
 * How a speaker joins the label to the id in a sentence: "微信就是 abc123", "你微信还是 Mike_88
 * 吧", "my wechat is abc123", "加你微信了 我的是 abc123", "微信搜 abc123". Matched after the
 * label filler. A verb may stand there too: "微信也可以加 abc123", "微信联系：abc123".
 */
const COPULA =
  /(?:了[ \t]*)?(?:就是|还是|還是|也是|我的是|的是|是|is|搜索|搜|(?:也|还)?(?:可以)?(?:联系|加我?))[ \t]*/iy;

/**
 * English words that follow "WeChat" in prose ("微信 support", "WeChat payment"): not ids, though
 * an all-letter id at the end of a line is otherwise taken as one.
 */
const PROSE_WORDS: ReadonlySet<string> = new Set([
  ...['support', 'service', 'services', 'official', 'account', 'accounts', 'payment'],
  ...['payments', 'wallet', 'groups', 'moments', 'channel', 'channels', 'message', 'messages'],
  ...['contact', 'contacts', 'friend', 'friends', 'program', 'programs', 'platform', 'version'],
  ...['online', 'please', 'instead', 'anytime', 'number', 'thanks', 'thank', 'later', 'today'],
  ...['settings', 'setting', 'desktop', 'windows', 'android', 'iphone', 'update', 'upgrade'],
  ...['browser', 'website', 'webpage', 'logout', 'password', 'profile', 'status', 'stickers'],
  ...['videos', 'camera', 'scanner', 'search', 'business', 'enterprise'],
]);

/** "my WeChat", "her wechat": the sentence gives a person's id. */
const POSSESSIVE_BEFORE = /(?<![A-Za-z])(?:my|his|her|your)\s+$/i;

/** End of a line or sentence after an id: what makes a bare all-letter word after 微信 an id. */
const ID_END = /^(?:$|[ \t]*(?:\r?\n|[,.;!?，。；！？、)）】」』~～]|$))/;
const WECHAT_ID = /[A-Za-z][A-Za-z0-9_-]{5,19}(?![A-Za-z0-9_-])/y;
const WXID = /(?<![A-Za-z0-9_-])wxid_[a-z0-9]{6,20}(?![A-Za-z0-9_-])/g;

/** A column of WeChat ids: "微信", "微信号", "客户微信", "WeChat ID" — not "微信群", "微信昵称". */
const WECHAT_COLUMN =
  /^\p{Script=Han}{0,4}(?:微信|wechat|weixin)[ _-]?(?:号|號|账号|帐号|id|no\.?)?$/iu;
/** A whole cell holding a custom WeChat id (with a digit, "_" or "-": not a word). */
const WECHAT_CELL = /^[A-Za-z][A-Za-z0-9_-]{5,19}$/;

function recognize(p: PreparedText): RawMatch[] {
  const text = p.folded;
  const out: RawMatch[] = [];
  const starts = new Set<number>();
  WECHAT_WORD.lastIndex = 0;
  for (let w = WECHAT_WORD.exec(text); w !== null; w = WECHAT_WORD.exec(text)) {
    const after = w.index + w[0].length;
    let at = skipLabelFiller(text, after, 8);
    COPULA.lastIndex = at;
    const copula = COPULA.exec(text);
    if (copula) at = skipLabelFiller(text, at + copula[0].length, 4);
    WECHAT_ID.lastIndex = at;
    const m = WECHAT_ID.exec(text);
    if (!m) continue;
    // "微信 support" is prose; an all-letter id needs an explicit label ("微信号：", "wx:"), or to
    // end the line or the sentence as an id given in a list or a signature does ("微信 cocozjm").
    const filler = text.slice(after, at);
    const explicit = /[:=号]/.test(filler);
    if (!explicit && /^[A-Za-z]+$/.test(m[0])) {
      // In English prose ("wechat is awesome") an all-letter word is the id only when someone's
      // WeChat is meant ("my wechat is abcdef").
      const english = /is/i.test(copula?.[0] ?? '');
      if (
        english
          ? !POSSESSIVE_BEFORE.test(text.slice(Math.max(0, w.index - 6), w.index))
          : !isBareId(text, m[0], at)
      )
        continue;
    }
    // A bare "v" is only a label when punctuation marks it ("v:abc123", "加v abc123").
    if (w[0].toLowerCase() === 'v' && !explicit) continue;
    out.push({ start: at, end: at + m[0].length, score: 0.9, normalized: m[0] });
    starts.add(at);
  }
  // A contact export: the header names the column, each row holds an id. A word-only cell may
  // be a note ("none", "pending"), so the id needs a digit, "_" or "-" as custom ids have.
  const columns = tableColumnCells(text, (name) => (WECHAT_COLUMN.test(name) ? true : undefined));
  for (const c of columns) {
    const value = text.slice(c.start, c.end);
    if (!WECHAT_CELL.test(value) || !/[0-9_-]/.test(value) || starts.has(c.start)) continue;
    out.push({ start: c.start, end: c.end, score: 0.85, normalized: value });
    starts.add(c.start);
  }
  WXID.lastIndex = 0;
  for (let m = WXID.exec(text); m !== null; m = WXID.exec(text)) {
    if (starts.has(m.index)) continue;
    out.push({ start: m.index, end: m.index + m[0].length, score: 0.85, normalized: m[0] });
  }
  return out;
}

/** An all-letter word after a plain WeChat word that ends its line or sentence: no prose word. */
function isBareId(text: string, id: string, at: number): boolean {
  // "hahaha", "hhhhhh": laughter, not an id.
  // Lower-case ("linxiaoyu") or with a capital inside ("LilyChen"): a capitalised word alone
  // ("Support", "Official") is prose.
  const idCase = id === id.toLowerCase() || /^.[a-z]+[A-Z]/.test(id);
  if (!idCase || PROSE_WORDS.has(id.toLowerCase()) || /^(.{1,3})\1+$/i.test(id)) return false;
  const end = at + id.length;
  return ID_END.test(text.slice(end, end + 4));
}

/** The WeChat id recogniser. */
export const wechatIdRecognizer: Recognizer = {
  name: 'wechat-id',
  type: 'WECHAT_ID',
  recognize,
};
