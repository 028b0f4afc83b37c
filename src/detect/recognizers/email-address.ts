/**
 * E-mail addresses (RFC 5321 mailbox syntax as used in practice: dot-atom local part, DNS
 * domain with an alphabetic top-level label). The scan starts from each "@", so text without
 * one costs a single indexOf.
 *
 * Role mailboxes — a function's address rather than a person's: service@, support@, kefu@,
 * noreply@, booking@, info@ … (RFC 2142 and their Chinese pinyin equivalents) — identify nobody
 * and score below the default threshold (see docs/scan.md, "What is reported").
 */
import { hasContext } from '../context.ts';
import type { PreparedText } from '../prepared-text.ts';
import type { RawMatch, Recognizer } from '../recognizer.ts';

/** Words that label an address (simplified, lower-case). */
export const EMAIL_CONTEXT: readonly string[] = ['邮箱', '邮件', '电邮', 'email', 'e-mail', 'mail'];

/** Domain after the "@": labels of letters, digits and inner hyphens; alphabetic TLD. */
const DOMAIN =
  /(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+([A-Za-z]{2,24})(?![A-Za-z0-9-])/y;

/** "Top-level domains" that are really file extensions: "icon@2x.png" is an asset name. */
const FILE_EXTENSIONS: ReadonlySet<string> = new Set([
  ...['png', 'jpg', 'jpeg', 'gif', 'svg', 'webp', 'bmp', 'ico', 'js', 'css', 'ts', 'map'],
  ...['json', 'txt', 'pdf', 'doc', 'docx', 'xls', 'xlsx', 'zip', 'md', 'html', 'htm', 'py'],
]);

const MAX_LOCAL = 64;

/**
 * Local parts that name a function, not a person: RFC 2142's mailbox names, the usual service
 * and notification senders, and their pinyin forms (kefu 客服, tousu 投诉, jubao 举报, zhaopin 招聘).
 */
const ROLE_MAILBOXES: ReadonlySet<string> = new Set([
  ...['service', 'services', 'support', 'help', 'helpdesk', 'info', 'contact', 'enquiry'],
  ...['enquiries', 'feedback', 'customerservice', 'custserv', 'cs', 'care', 'sales', 'billing'],
  ...['booking', 'bookings', 'reservation', 'reservations', 'order', 'orders', 'noreply'],
  ...['no-reply', 'no_reply', 'donotreply', 'do-not-reply', 'notify', 'notification'],
  ...['notifications', 'notice', 'newsletter', 'news', 'marketing', 'press', 'media', 'pr'],
  ...['admin', 'administrator', 'webmaster', 'postmaster', 'hostmaster', 'abuse', 'security'],
  ...['privacy', 'dpo', 'legal', 'compliance', 'hr', 'jobs', 'careers', 'recruit', 'office'],
  ...['mailer-daemon', 'system', 'kefu', 'tousu', 'jubao', 'zhaopin', 'fuwu', 'bangzhu'],
]);

/** A role name, optionally numbered: "service01", "kefu_2". */
const NUMBERED = /[-_.]?[0-9]{1,3}$/;

/**
 * True when a mailbox's local part names a function (service@, kefu@, noreply@) rather than a
 * person: such an address identifies nobody.
 *
 * @example
 * isRoleMailbox('kefu@example.cn') // true
 * isRoleMailbox('zhang.wei@example.cn') // false
 */
export function isRoleMailbox(address: string): boolean {
  const at = address.indexOf('@');
  const local = address.slice(0, at).toLowerCase();
  return ROLE_MAILBOXES.has(local) || ROLE_MAILBOXES.has(local.replace(NUMBERED, ''));
}

function isLocalChar(c: number): boolean {
  return (
    (c >= 97 && c <= 122) ||
    (c >= 65 && c <= 90) ||
    (c >= 48 && c <= 57) ||
    c === 46 || // .
    c === 95 || // _
    c === 45 || // -
    c === 43 || // +
    c === 37 // %
  );
}

function recognize(p: PreparedText): RawMatch[] {
  const text = p.folded;
  const out: RawMatch[] = [];
  let lastEnd = 0;
  for (let at = text.indexOf('@'); at >= 0; at = text.indexOf('@', at + 1)) {
    let start = at;
    while (start > lastEnd && at - start < MAX_LOCAL && isLocalChar(text.charCodeAt(start - 1))) {
      start--;
    }
    if (start > lastEnd && isLocalChar(text.charCodeAt(start - 1))) continue; // longer than 64
    // The local part may not start or end with a dot.
    while (start < at && text.charCodeAt(start) === 46) start++;
    if (start === at || text.charCodeAt(at - 1) === 46) continue;
    DOMAIN.lastIndex = at + 1;
    const d = DOMAIN.exec(text);
    if (!d || FILE_EXTENSIONS.has(d[1]!.toLowerCase())) continue;
    const end = at + 1 + d[0].length;
    const normalized = text.slice(start, end).toLowerCase();
    // Reported below the threshold rather than dropped, so that --min-score can still show it.
    const score = isRoleMailbox(normalized)
      ? 0.3
      : hasContext(p, start, end, EMAIL_CONTEXT)
        ? 1
        : 0.9;
    out.push({ start, end, score, normalized });
    lastEnd = end;
    at = end - 1;
  }
  return out;
}

/** The e-mail address recogniser. */
export const emailAddressRecognizer: Recognizer = {
  name: 'email-address',
  type: 'EMAIL_ADDRESS',
  recognize,
};
