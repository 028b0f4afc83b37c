/**
 * IP addresses: dotted-quad IPv4 (octets 0–255, no leading zeros) and IPv6 in any RFC 4291
 * text form (checked with node:net). Version strings ("v1.2.3.4", "版本 1.2.3.4") and longer
 * dotted numbers (OIDs, section numbers) are not addresses.
 */
import { isIPv6 } from 'node:net';
import { contextPolarity, nearestContext } from '../context.ts';
import type { PreparedText } from '../prepared-text.ts';
import type { RawMatch, Recognizer } from '../recognizer.ts';

/** Words that label an address (simplified, lower-case). */
export const IP_CONTEXT: readonly string[] = [
  'ip',
  '地址',
  '登录',
  '登陆',
  '服务器',
  '主机',
  '访问',
  '来源',
  'host',
  'server',
  'login',
  'client',
  'remote',
];

/** Words that make a dotted number a version or a section. */
export const NOT_IP_CONTEXT: readonly string[] = [
  '版本',
  '版',
  '章',
  '节',
  '条款',
  '第',
  'version',
  'ver',
  'release',
  'build',
  'section',
  'chapter',
  // Software and firmware versions: "内核升级至 4.1.74.206", "firmware 2.0.1.8".
  '升级',
  '内核',
  '固件',
  'kernel',
  'firmware',
  'upgrade',
  'update',
];

/**
 * Words that make a well-known default gateway address (192.168.1.1, 10.0.0.1, …) the router's
 * own: it is the same in millions of homes and identifies no one.
 */
const ROUTER_WORDS: readonly string[] = [
  '路由器',
  '路由',
  '网关',
  '光猫',
  '后台',
  '管理页面',
  'router',
  'gateway',
  'modem',
  'admin',
];

/** Factory-default router addresses (the vendors' admin pages). */
const DEFAULT_GATEWAYS: ReadonlySet<string> = new Set([
  '192.168.0.1',
  '192.168.1.1',
  '192.168.2.1',
  '192.168.3.1',
  '192.168.10.1',
  '192.168.31.1',
  '192.168.100.1',
  '10.0.0.1',
  '10.0.0.138',
]);

/** A CIDR prefix length right after an address: "/24". */
const CIDR_AFTER = /^\/([0-9]{1,2})(?![0-9])/;

const OCTET = String.raw`(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])`;
const IPV4 = new RegExp(
  String.raw`(?<![0-9A-Za-z.])${OCTET}(?:\.${OCTET}){3}(?![0-9A-Za-z]|\.[0-9])`,
  'y',
);

/**
 * Where a dotted quad may start: the first digit of a run of one to three digits that a dot
 * follows, with no letter, digit or dot before it. Found from each dot (a fast indexOf) rather
 * than by trying the pattern at every character of the text; every position where the pattern
 * can match is one of these, so the matches are those of a global search.
 */
function quadStarts(text: string): number[] {
  // An array, not a generator: amounts and sentences put a dot every few hundred characters,
  // and a generator step per dot cost as much as the checks themselves.
  const starts: number[] = [];
  let consumed = 0;
  for (let dot = text.indexOf('.'); dot >= 0; dot = text.indexOf('.', dot + 1)) {
    let s = dot;
    while (s > consumed && dot - s < 4 && isDigit(text.charCodeAt(s - 1))) s--;
    if (s === dot || dot - s > 3 || (s > 0 && isDigit(text.charCodeAt(s - 1)))) continue;
    if (s > 0 && isAlnumOrDot(text.charCodeAt(s - 1))) continue;
    consumed = dot;
    // A quad needs one to three digits and another dot after this one; an amount ("12.50元")
    // has not, and is not worth a try of the pattern.
    let k = dot + 1;
    while (k < dot + 4 && isDigit(text.charCodeAt(k))) k++;
    if (k === dot + 1 || text.charCodeAt(k) !== 46) continue;
    starts.push(s);
  }
  return starts;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isAlnumOrDot(c: number): boolean {
  return isDigit(c) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 46;
}

function isHexOrColon(c: number): boolean {
  return (
    (c >= 48 && c <= 58) || // 0-9 and ':'
    (c >= 65 && c <= 70) ||
    (c >= 97 && c <= 102)
  );
}

function score(p: PreparedText, start: number, end: number, alone: number): number {
  const polarity = contextPolarity(p, start, end, IP_CONTEXT, NOT_IP_CONTEXT);
  return polarity > 0 ? 0.95 : polarity < 0 ? 0.3 : alone;
}

/**
 * True when an IPv4 address is a network written with its prefix length and no host bits
 * ("117.154.24.0/24" is a block of 256 addresses, not a device); "10.1.2.3/24" is a host.
 */
function isNetworkBlock(address: string, after: string): boolean {
  const cidr = CIDR_AFTER.exec(after);
  if (!cidr) return false;
  const prefix = Number(cidr[1]);
  if (prefix > 31) return false;
  const value = address.split('.').reduce((v, o) => v * 256 + Number(o), 0);
  return value % 2 ** (32 - prefix) === 0;
}

/** True for a factory-default router address named as the router's ("路由器后台 192.168.1.1"). */
function isRouterDefault(p: PreparedText, address: string, start: number, end: number): boolean {
  return DEFAULT_GATEWAYS.has(address) && nearestContext(p, start, end, ROUTER_WORDS) !== undefined;
}

function recognize(p: PreparedText): RawMatch[] {
  const text = p.folded;
  const out: RawMatch[] = [];
  for (const at of quadStarts(text)) {
    IPV4.lastIndex = at;
    const m = IPV4.exec(text);
    if (m === null) continue;
    const start = m.index;
    const end = start + m[0].length;
    let s = score(p, start, end, 0.8);
    if (isNetworkBlock(m[0], text.slice(end, end + 3)) || isRouterDefault(p, m[0], start, end)) {
      s = 0.3;
    }
    out.push({ start, end, score: s, normalized: m[0] });
  }
  // IPv6: every address has "::" or at least seven colons; grow a hex/colon/dot run around each
  // colon that has a hex digit or another colon next to it, then let node:net judge it.
  let lastEnd = 0;
  for (let c = text.indexOf(':'); c >= 0; c = text.indexOf(':', c + 1)) {
    if (c < lastEnd) continue;
    const prev = text.charCodeAt(c - 1);
    const next = text.charCodeAt(c + 1);
    if (!isHexOrColon(prev) && next !== 58) continue;
    let start = c;
    while (start > 0 && c - start < 40 && isHexOrColon(text.charCodeAt(start - 1))) start--;
    // A label's colon ("IP:2001:db8::1", "：" folded to ":") is not the address's: an address
    // starts with a hex digit or "::".
    if (text.charCodeAt(start) === 58 && text.charCodeAt(start + 1) !== 58) start++;
    let end = c + 1;
    while (end < text.length && end - start < 46) {
      const e = text.charCodeAt(end);
      if (!isHexOrColon(e) && e !== 46) break;
      end++;
    }
    while (end > c + 1 && text.charCodeAt(end - 1) === 46) end--;
    lastEnd = end;
    if (/[0-9A-Za-z]/.test(text[start - 1] ?? '') || /[G-Zg-z]/.test(text[end] ?? '')) continue;
    const candidate = text.slice(start, end);
    if (candidate.length < 3 || candidate.split(':').length < 3 || !isIPv6(candidate)) continue;
    out.push({
      start,
      end,
      score: score(p, start, end, 0.85),
      normalized: candidate.toLowerCase(),
    });
  }
  return out;
}

/** The IP address recogniser. */
export const ipAddressRecognizer: Recognizer = {
  name: 'ip-address',
  type: 'IP_ADDRESS',
  recognize,
};
