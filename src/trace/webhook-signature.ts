/**
 * HMAC-signed webhooks for canary hits and complaints (DESIGN §5.6). The sender signs
 * `TIMESTAMP.BODY` (unix seconds, a dot, the raw request body bytes) with HMAC-SHA-256 under the
 * webhook secret and sends `X-Piguard-Timestamp: TIMESTAMP` and
 * `X-Piguard-Signature: sha256=HEX`. A signature older or newer than five minutes is refused, so
 * a captured request cannot be replayed later.
 *
 * The secret is `PIGUARD_WEBHOOK_SECRET` when set (at least 16 characters), else derived from the
 * master key (HMAC-SHA-256(master, "piguard/webhook/v1"), hex) — `piguard canary webhook-secret`
 * prints it for the integrating system.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { PiguardError } from '../core/errors.ts';
import type { KeyProvider } from '../protect/key-provider.ts';

/** Largest clock difference accepted between sender and server, in seconds. */
export const WEBHOOK_TOLERANCE_SECONDS = 300;

/**
 * The webhook secret.
 *
 * @example
 * const secret = await webhookSecret(resolveKeyProvider());
 */
export async function webhookSecret(
  keys: Pick<KeyProvider, 'getMasterKey'>,
  env: NodeJS.ProcessEnv = process.env,
): Promise<Buffer> {
  const configured = env['PIGUARD_WEBHOOK_SECRET'];
  if (configured !== undefined && configured !== '') {
    if (configured.length < 16)
      throw new PiguardError('PIGUARD_WEBHOOK_SECRET must be at least 16 characters');
    return Buffer.from(configured, 'utf8');
  }
  const master = await keys.getMasterKey();
  const derived = createHmac('sha256', master).update('piguard/webhook/v1').digest('hex');
  master.fill(0);
  return Buffer.from(derived, 'utf8');
}

/**
 * The signature header value for a body.
 *
 * @example
 * signWebhook(secret, 1767225600, '{"identity":"17000000001"}') // 'sha256=…'
 */
export function signWebhook(secret: Buffer, timestamp: number, body: string | Buffer): string {
  const mac = createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest('hex');
  return `sha256=${mac}`;
}

/**
 * Whether a request's signature is valid and fresh.
 *
 * @example
 * verifyWebhook(secret, headers['x-piguard-timestamp'], headers['x-piguard-signature'], raw, new Date())
 */
export function verifyWebhook(
  secret: Buffer,
  timestamp: string | undefined,
  signature: string | undefined,
  body: string | Buffer,
  now: Date,
): boolean {
  if (timestamp === undefined || signature === undefined || !/^\d{1,12}$/.test(timestamp))
    return false;
  const ts = Number(timestamp);
  if (Math.abs(now.getTime() / 1000 - ts) > WEBHOOK_TOLERANCE_SECONDS) return false;
  const expected = Buffer.from(signWebhook(secret, ts, body));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
