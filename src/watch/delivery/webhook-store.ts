/**
 * Alert webhooks configured by administrators (table alert_webhooks). Secrets are write-only:
 * listings say whether a webhook has one, never what it is.
 */
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { InputError, NotFoundError } from '../../core/errors.ts';
import type { Schema } from '../../store/schema.ts';
import { WEBHOOK_KINDS, type WebhookKind } from './webhook-formats.ts';

export interface NewWebhook {
  kind: WebhookKind;
  url: string;
  secret?: string | null;
  minScore?: number;
}

/** A webhook as listed (no secret). */
export interface WebhookInfo {
  id: string;
  kind: WebhookKind;
  url: string;
  signed: boolean;
  min_score: number;
  created_at: string;
}

/**
 * Adds a webhook; returns its id.
 *
 * @example
 * const id = await addWebhook(db, { kind: 'dingtalk', url: 'https://oapi.dingtalk.com/robot/send?access_token=…', secret: 'SEC…' });
 */
export async function addWebhook(
  db: Kysely<Schema>,
  hook: NewWebhook,
  now: Date = new Date(),
): Promise<string> {
  if (!(WEBHOOK_KINDS as readonly string[]).includes(hook.kind)) {
    throw new InputError(`kind must be one of ${WEBHOOK_KINDS.join('|')}`);
  }
  let url: URL;
  try {
    url = new URL(hook.url);
  } catch {
    throw new InputError('url is not a URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new InputError('url must be http(s)');
  const id = `wh_${randomBytes(6).toString('hex')}`;
  await db
    .insertInto('alert_webhooks')
    .values({
      webhook_id: id,
      kind: hook.kind,
      url: hook.url,
      secret: hook.secret ?? null,
      min_score: hook.minScore ?? 0,
      created_at: now.toISOString(),
      disabled_at: null,
    })
    .execute();
  return id;
}

/**
 * Active webhooks without their secrets. The URL's query is dropped too: WeCom and DingTalk put
 * their access token there.
 *
 * @example
 * const hooks = await describeWebhooks(db);
 */
export async function describeWebhooks(db: Kysely<Schema>): Promise<WebhookInfo[]> {
  const rows = await db
    .selectFrom('alert_webhooks')
    .selectAll()
    .where('disabled_at', 'is', null)
    .orderBy('created_at')
    .execute();
  return rows.map((r) => {
    const u = new URL(r.url);
    return {
      id: r.webhook_id,
      kind: r.kind as WebhookKind,
      url: `${u.origin}${u.pathname}${u.search ? '?…' : ''}`,
      signed: r.secret !== null,
      min_score: Number(r.min_score),
      created_at: r.created_at,
    };
  });
}

/**
 * Disables a webhook (kept for the delivery records).
 *
 * @example
 * await removeWebhook(db, 'wh_0123456789ab');
 */
export async function removeWebhook(
  db: Kysely<Schema>,
  id: string,
  now: Date = new Date(),
): Promise<void> {
  const r = await db
    .updateTable('alert_webhooks')
    .set({ disabled_at: now.toISOString() })
    .where('webhook_id', '=', id)
    .where('disabled_at', 'is', null)
    .executeTakeFirst();
  if (Number(r.numUpdatedRows) === 0) throw new NotFoundError(`webhook ${id} does not exist`);
}
