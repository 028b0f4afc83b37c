/**
 * WeChat ids: 6–20 characters, a letter first, then letters, digits, "_" and "-". Ordinary
 * words have that syntax, so an id is reported only after a WeChat word (微信, wx, vx, V信, 薇信,
 * wechat, weixin — the last ones are how sellers dodge keyword filters), except the
 * system-assigned form "wxid_…", which is unmistakable on its own.
 */
import { skipLabelFiller } from '../context.ts';
import type { PreparedText } from '../prepared-text.ts';
import type { RawMatch, Recognizer } from '../recognizer.ts';

/** WeChat words in the folded text (ASCII case-insensitively, whole words). */
const WECHAT_WORD =
  /微信|薇信|威信|徽信|(?<![A-Za-z])(?:wechat|weixin|wx|vx|加v信|v信|加v|v)(?![A-Za-z])/gi;
const WECHAT_ID = /[A-Za-z][A-Za-z0-9_-]{5,19}(?![A-Za-z0-9_-])/y;
const WXID = /(?<![A-Za-z0-9_-])wxid_[a-z0-9]{6,20}(?![A-Za-z0-9_-])/g;

function recognize(p: PreparedText): RawMatch[] {
  const text = p.folded;
  const out: RawMatch[] = [];
  const starts = new Set<number>();
  WECHAT_WORD.lastIndex = 0;
  for (let w = WECHAT_WORD.exec(text); w !== null; w = WECHAT_WORD.exec(text)) {
    const after = w.index + w[0].length;
    const at = skipLabelFiller(text, after, 8);
    WECHAT_ID.lastIndex = at;
    const m = WECHAT_ID.exec(text);
    if (!m) continue;
    // "微信 support" is prose; an all-letter id needs an explicit label ("微信号：", "wx:").
    const filler = text.slice(after, at);
    const explicit = /[:=号]/.test(filler);
    if (!explicit && /^[A-Za-z]+$/.test(m[0])) continue;
    // A bare "v" is only a label when punctuation marks it ("v:abc123", "加v abc123").
    if (w[0].toLowerCase() === 'v' && !explicit) continue;
    out.push({ start: at, end: at + m[0].length, score: 0.9, normalized: m[0] });
    starts.add(at);
  }
  WXID.lastIndex = 0;
  for (let m = WXID.exec(text); m !== null; m = WXID.exec(text)) {
    if (starts.has(m.index)) continue;
    out.push({ start: m.index, end: m.index + m[0].length, score: 0.85, normalized: m[0] });
  }
  return out;
}

/** The WeChat id recogniser. */
export const wechatIdRecognizer: Recognizer = {
  name: 'wechat-id',
  type: 'WECHAT_ID',
  recognize,
};
