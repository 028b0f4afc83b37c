/**
 * How an alert is put on the wire for each kind of webhook. Content is masked by construction:
 * an alert carries staff ids, customer counts and reasons made of numbers — never customer ids
 * or PI — and the messages below are built from those fields only.
 *
 * - `json`: a generic JSON POST, signed: `X-Piguard-Timestamp` (Unix seconds) and
 *   `X-Piguard-Signature: sha256=HEX(HMAC-SHA256(secret, timestamp + "." + body))`.
 * - `wecom`: 企业微信 group robot (`https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…`),
 *   `{"msgtype":"markdown","markdown":{"content":…}}`.
 * - `dingtalk`: 钉钉 custom robot (`https://oapi.dingtalk.com/robot/send?access_token=…`),
 *   `{"msgtype":"markdown","markdown":{"title","text"}}`; with a secret ("加签") the URL gets
 *   `timestamp` (ms) and `sign = urlencode(base64(HMAC-SHA256(secret, timestamp + "\n" + secret)))`.
 */
import { createHmac } from 'node:crypto';
import type { WatchAlert } from '../watch-types.ts';

export const WEBHOOK_KINDS = ['json', 'wecom', 'dingtalk'] as const;
export type WebhookKind = (typeof WEBHOOK_KINDS)[number];

/** A delivery target. */
export interface Webhook {
  id: string;
  kind: WebhookKind;
  url: string;
  secret: string | null;
  minScore: number;
}

/** An alert to deliver, with its stored id. */
export interface DeliverableAlert extends Pick<
  WatchAlert,
  'actor' | 'day' | 'score' | 'kind' | 'reasons' | 'customers'
> {
  id: string;
}

/** One HTTP request. */
export interface WebhookRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
}

/**
 * The generic JSON signature of `body` at `timestamp` (Unix seconds).
 *
 * @example
 * signJsonBody('s3cret', 1735689600, '{}') // 'sha256=…'
 */
export function signJsonBody(secret: string, timestamp: number, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/**
 * DingTalk's signature for `timestampMs` (already URL-encoded).
 *
 * @example
 * dingTalkSign('SEC…', 1735689600000) // 'abc%2B…%3D'
 */
export function dingTalkSign(secret: string, timestampMs: number): string {
  const mac = createHmac('sha256', secret).update(`${timestampMs}\n${secret}`).digest('base64');
  return encodeURIComponent(mac);
}

function markdown(a: DeliverableAlert): { title: string; text: string } {
  const title = `piguard alert: ${a.kind} — ${a.actor}`;
  const lines = [
    `### ${title}`,
    `- day: ${a.day}`,
    `- score: ${a.score.toFixed(2)}`,
    `- customers: ${a.customers}`,
    ...a.reasons.map((r) => `- ${r}`),
    `- id: ${a.id}`,
  ];
  return { title, text: lines.join('\n') };
}

/**
 * The request that delivers `alert` to `hook` at time `now`.
 *
 * @example
 * const req = buildWebhookRequest(hook, alert, new Date());
 * await fetch(req.url, { method: 'POST', headers: req.headers, body: req.body });
 */
export function buildWebhookRequest(
  hook: Webhook,
  alert: DeliverableAlert,
  now: Date,
): WebhookRequest {
  const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8' };
  if (hook.kind === 'json') {
    const body = JSON.stringify({
      type: 'piguard.alert',
      alert: {
        id: alert.id,
        actor: alert.actor,
        day: alert.day,
        score: alert.score,
        kind: alert.kind,
        reasons: alert.reasons,
        customers: alert.customers,
      },
    });
    if (hook.secret) {
      const ts = Math.floor(now.getTime() / 1000);
      headers['x-piguard-timestamp'] = String(ts);
      headers['x-piguard-signature'] = signJsonBody(hook.secret, ts, body);
    }
    return { url: hook.url, headers, body };
  }
  const { title, text } = markdown(alert);
  if (hook.kind === 'wecom') {
    return {
      url: hook.url,
      headers,
      body: JSON.stringify({ msgtype: 'markdown', markdown: { content: text } }),
    };
  }
  let url = hook.url;
  if (hook.secret) {
    const ts = now.getTime();
    url += `${url.includes('?') ? '&' : '?'}timestamp=${ts}&sign=${dingTalkSign(hook.secret, ts)}`;
  }
  return {
    url,
    headers,
    body: JSON.stringify({ msgtype: 'markdown', markdown: { title, text } }),
  };
}

/**
 * Whether a response means "delivered": 2xx and, for the group robots, `errcode` 0 in the body
 * (both answer HTTP 200 with an error code when they refuse a message).
 *
 * @example
 * isDelivered('wecom', 200, '{"errcode":0,"errmsg":"ok"}') // true
 */
export function isDelivered(kind: WebhookKind, status: number, body: string): boolean {
  if (status < 200 || status >= 300) return false;
  if (kind === 'json') return true;
  try {
    return (JSON.parse(body) as { errcode?: number }).errcode === 0;
  } catch {
    return false;
  }
}
