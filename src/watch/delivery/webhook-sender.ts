/**
 * Sends alerts to webhooks with retries and exponential backoff, and records each delivery
 * (table alert_deliveries). Failures never throw: delivery is best effort beside the stored
 * alert, which the dashboard shows regardless.
 */
import type { Kysely } from 'kysely';
import type { Schema } from '../../store/schema.ts';
import { getAlert } from '../alert-store.ts';
import {
  buildWebhookRequest,
  isDelivered,
  WEBHOOK_KINDS,
  type DeliverableAlert,
  type Webhook,
  type WebhookKind,
} from './webhook-formats.ts';

export interface SendOptions {
  /** Attempts per delivery (default 4). */
  attempts?: number;
  /** First backoff in ms, doubled each retry (default 500). */
  backoffMs?: number;
  /** Per-request timeout in ms (default 10 s). */
  timeoutMs?: number;
  /** Injected for tests. */
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  now?: () => Date;
}

export interface SendResult {
  delivered: boolean;
  attempts: number;
  error: string | null;
}

/**
 * Delivers one alert to one webhook, retrying on network errors, 5xx, 429 and robot error codes.
 *
 * @example
 * const r = await sendAlert(hook, alert); // { delivered: true, attempts: 1, error: null }
 */
export async function sendAlert(
  hook: Webhook,
  alert: DeliverableAlert,
  options: SendOptions = {},
): Promise<SendResult> {
  const attempts = options.attempts ?? 4;
  const backoff = options.backoffMs ?? 500;
  const doFetch = options.fetch ?? fetch;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  let error: string | null = null;
  for (let i = 1; i <= attempts; i++) {
    // Signed per attempt: DingTalk rejects timestamps older than an hour, receivers may too.
    const req = buildWebhookRequest(hook, alert, (options.now ?? (() => new Date()))());
    try {
      const res = await doFetch(req.url, {
        method: 'POST',
        headers: req.headers,
        body: req.body,
        signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
      });
      const text = await res.text();
      if (isDelivered(hook.kind, res.status, text))
        return { delivered: true, attempts: i, error: null };
      error = `HTTP ${res.status}`;
      // Client errors other than rate limiting will not get better by retrying.
      if (res.status >= 400 && res.status < 500 && res.status !== 429)
        return { delivered: false, attempts: i, error };
    } catch (err) {
      error = (err as Error).name === 'TimeoutError' ? 'timeout' : 'network error';
    }
    if (i < attempts) await sleep(backoff * 2 ** (i - 1));
  }
  return { delivered: false, attempts, error };
}

/**
 * Active webhooks.
 *
 * @example
 * const hooks = await listWebhooks(db);
 */
export async function listWebhooks(db: Kysely<Schema>): Promise<Webhook[]> {
  const rows = await db
    .selectFrom('alert_webhooks')
    .selectAll()
    .where('disabled_at', 'is', null)
    .orderBy('webhook_id')
    .execute();
  return rows.map((r) => ({
    id: r.webhook_id,
    kind: (WEBHOOK_KINDS as readonly string[]).includes(r.kind) ? (r.kind as WebhookKind) : 'json',
    url: r.url,
    secret: r.secret,
    minScore: Number(r.min_score),
  }));
}

/**
 * Delivers the alerts `ids` to every active webhook whose minimum score they reach, and records
 * each delivery. Returns the number delivered.
 *
 * @example
 * const { newAlertIds } = await runWatchIncremental(db, now);
 * await deliverAlerts(db, newAlertIds);
 */
export async function deliverAlerts(
  db: Kysely<Schema>,
  ids: readonly string[],
  options: SendOptions = {},
): Promise<number> {
  if (ids.length === 0) return 0;
  const hooks = await listWebhooks(db);
  let delivered = 0;
  for (const id of ids) {
    const a = await getAlert(db, id);
    for (const hook of hooks) {
      if (a.score < hook.minScore) continue;
      const r = await sendAlert(hook, { ...a, id }, options);
      if (r.delivered) delivered++;
      const row = {
        status: r.delivered ? 'delivered' : 'failed',
        attempts: r.attempts,
        last_error: r.error,
        updated_at: (options.now ?? (() => new Date()))().toISOString(),
      };
      await db
        .insertInto('alert_deliveries')
        .values({ alert_id: id, webhook_id: hook.id, ...row })
        .onConflict((oc) => oc.columns(['alert_id', 'webhook_id']).doUpdateSet(row))
        .execute();
    }
  }
  return delivered;
}
