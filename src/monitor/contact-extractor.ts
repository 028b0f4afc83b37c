/**
 * Finds the contact handles a poster leaves for buyers — QQ numbers, WeChat ids, Telegram handles
 * and t.me links, mobile phone numbers, service hotlines — and normalises them so that the many
 * posts of one seller group under one key ("qq:12345678") whatever the spelling.
 *
 * Handles are located on the original text (UTF-16 offsets): the matching view is the width-folded,
 * lower-cased, simplified text, which is index-for-index aligned with the original.
 */
import { hanDigitsToAscii } from './han-digits.ts';
import { toMatchingView } from './matching-view.ts';

/**
 * The messaging channels a handle belongs to. `hotline` = 400/800/95xxx service numbers; `line` =
 * LINE ids, the app of Taiwan and Hong Kong posts.
 */
export type ContactKind = 'qq' | 'wechat' | 'telegram' | 'line' | 'phone' | 'hotline';

/** One contact handle. */
export interface Contact {
  kind: ContactKind;
  /** Canonical value: digits only for numbers, lower case for ids, `@name` for Telegram. */
  value: string;
  /** UTF-16 offsets of the handle in the original text, `end` exclusive. */
  start: number;
  end: number;
}

// Separators a poster may put between a cue word and the handle.
const SEP = String.raw`[^\p{Script=Han}a-z0-9_@]{0,6}(?:号码?|账号|id|搜索?|加|同号|我|一下)?[^\p{Script=Han}a-z0-9_@]{0,4}`;
// Digits with optional single separators between them ("138 0013 8000", "1-2-3-4-5").
const DIGITS = String.raw`\d(?:[\s\-.]?\d){4,14}`;

// 口口 looks like QQ, 寇寇 / 蔻蔻 / 叩叩 sound like 扣扣; a run of digits must follow any cue.
const QQ_CUE = String.raw`(?:(?<![a-z])qq|(?<![a-z])q(?![a-z])|扣扣|抠抠|口口|寇寇|蔻蔻|叩叩|企鹅|球球|🐧|扣)`;
// "v❤️x", "v.x", "w/x": a symbol put inside the abbreviation itself.
const WECHAT_CUE = String.raw`(?:微信|威信|薇信|维信|徽信|危信|v信|微芯|薇芯|威芯|v芯|(?<=加)卫星|🛰️?|(?<![a-z])(?:vx|wx|weixin|wechat|[vw][^\p{Script=Han}a-z0-9\s]{1,3}x|v)(?![a-z])|薇|威|微)`;
// A handle typed with a space after every character ("s h u j u 8 0 8") is still a handle; only
// runs of single characters are joined, so "abc123 qq 12345" is not read as one id.
const SPACED_ID = String.raw`[a-z](?:\s{1,3}[a-z0-9_-]){5,19}`;
const TELEGRAM_CUE = String.raw`(?:(?<![a-z])(?:telegram|tg)(?![a-z])|纸飞机|小飞机|飞\s?[机鸡]|电报|✈️?|🛩️?)`;

const QQ_RE = new RegExp(`${QQ_CUE}${SEP}(${DIGITS})`, 'gu');
const WECHAT_RE = new RegExp(
  `${WECHAT_CUE}${SEP}([a-z][a-z0-9_-]{5,19}|${SPACED_ID}|${DIGITS})(?![a-z0-9_])`,
  'gu',
);
const TELEGRAM_CUE_RE = new RegExp(`${TELEGRAM_CUE}${SEP}@?([a-z][a-z0-9_]{4,31})`, 'gu');
// "LINE: yz_tw_list", "LINE ID: bx8866tw", "LINE：@list_tw_88". Not "online", not "line 我".
const LINE_RE = new RegExp(
  `(?<![a-z])line(?:\\s*id)?${SEP}@?([a-z0-9][a-z0-9._-]{4,19})(?![a-z0-9_])`,
  'gu',
);
const TELEGRAM_LINK_RE = /(?:t\.me|telegram\.me)\/@?([a-z0-9_]{5,32})/g;
const AT_HANDLE_RE = /(?<![a-z0-9_.])@([a-z][a-z0-9_]{4,31})(?![a-z0-9_.@])/g;
const TELEGRAM_ANY_CUE_RE = new RegExp(TELEGRAM_CUE, 'u');
const MOBILE_RE = /(?<![\d])(?:\+?86[\s-]?)?(1[3-9]\d(?:[\s\-.]?\d){8})(?![\d])/g;
const PHONE_CUE_RE = /联系|电话|手机|致电|热线|咨询|来电|号码|tel|call|📞|☎|📱|加我|同号|[:：]\s*$/;
const SAMPLE_CUE_RE = /样本|样板|示例|例如|样例|截图|sample/;
const HOTLINE_RE = /(?<![\d])((?:400|800)[\s-]?\d{3}[\s-]?\d{4}|95\d{3,4})(?![\d])/g;

const digitsOnly = (s: string): string => s.replace(/\D/g, '');

/**
 * Extracts contact handles, each reported once per kind and value, in text order. Pass `view`
 * when the caller already has the post's matching view, to compute it once.
 *
 * @example
 * extractContacts('出车主资料 加V：abc_12345 扣扣 8765 4321').map((c) => `${c.kind}:${c.value}`)
 * // ['wechat:abc_12345', 'qq:87654321']
 */
export function extractContacts(text: string, view: string = toMatchingView(text)): Contact[] {
  // Chinese numerals in runs of five or more become digits; the length does not change.
  view = hanDigitsToAscii(view);
  const found: Contact[] = [];
  const taken: Array<[number, number]> = [];
  const overlaps = (s: number, e: number): boolean => taken.some(([a, b]) => s < b && a < e);

  const add = (kind: ContactKind, value: string, start: number, end: number): void => {
    if (overlaps(start, end)) return;
    taken.push([start, end]);
    found.push({ kind, value, start, end });
  };
  // The handle is the last capture group; its offset is found from the end of the match.
  const handleSpan = (m: RegExpExecArray): [number, number] => {
    const handle = m[1]!;
    const end = m.index + m[0].length;
    return [end - handle.length, end];
  };

  for (const m of view.matchAll(TELEGRAM_LINK_RE)) {
    add('telegram', `@${m[1]!}`, m.index, m.index + m[0].length);
  }
  for (const m of view.matchAll(TELEGRAM_CUE_RE)) {
    const [s, e] = handleSpan(m);
    add('telegram', `@${m[1]!}`, s, e);
  }
  if (TELEGRAM_ANY_CUE_RE.test(view)) {
    for (const m of view.matchAll(AT_HANDLE_RE))
      add('telegram', `@${m[1]!}`, m.index, m.index + m[0].length);
  }
  for (const m of view.matchAll(LINE_RE)) {
    const [s, e] = handleSpan(m);
    add('line', m[1]!, s, e);
  }
  for (const m of view.matchAll(QQ_RE)) {
    const digits = digitsOnly(m[1]!);
    // QQ numbers have 5 to 11 digits and never start with 0.
    if (digits.length < 5 || digits.length > 11 || digits.startsWith('0')) continue;
    const [s, e] = handleSpan(m);
    add(/^1[3-9]\d{9}$/.test(digits) && digits.length === 11 ? 'phone' : 'qq', digits, s, e);
  }
  for (const m of view.matchAll(WECHAT_RE)) {
    const raw = m[1]!;
    const isNumber = /^\d/.test(raw);
    const value = isNumber ? digitsOnly(raw) : raw.replace(/\s/g, '');
    if (isNumber && (value.length < 5 || value.length > 11)) continue;
    const [s, e] = handleSpan(m);
    add('wechat', value, s, e);
  }
  // A bare mobile number is the seller's only when introduced as a contact, or when it is the
  // post's only number and the post shows no sample; numbers in a sample are the victims'.
  const mobiles = [...view.matchAll(MOBILE_RE)];
  const lone = mobiles.length === 1 && !SAMPLE_CUE_RE.test(view);
  for (const m of mobiles) {
    const before = view.slice(Math.max(0, m.index - 8), m.index);
    if (!lone && !PHONE_CUE_RE.test(before)) continue;
    const [s, e] = handleSpan(m);
    add('phone', digitsOnly(m[1]!), s, e);
  }
  for (const m of view.matchAll(HOTLINE_RE)) {
    const [s, e] = handleSpan(m);
    add('hotline', digitsOnly(m[1]!), s, e);
  }

  found.sort((a, b) => a.start - b.start);
  const seen = new Set<string>();
  return found.filter((c) => {
    const key = contactKey(c);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * The grouping key of a handle, `kind:value`.
 *
 * @example
 * contactKey({ kind: 'qq', value: '12345678', start: 0, end: 8 }) // 'qq:12345678'
 */
export function contactKey(c: Pick<Contact, 'kind' | 'value'>): string {
  return `${c.kind}:${c.value}`;
}
