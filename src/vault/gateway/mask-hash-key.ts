/**
 * The key of the policy's `hash` mask: derived from the master key under its own label, so it is
 * stable across runs (equal values hash equally, joins across exports stay possible) without
 * storing another key, and unrelated to the encryption and blind-index keys.
 */
import { createHmac } from 'node:crypto';

/**
 * @example
 * const hashKey = maskHashKey(await resolveKeyProvider().getMasterKey());
 */
export function maskHashKey(masterKey: Uint8Array): Buffer {
  return createHmac('sha256', masterKey).update('piguard/mask-hash/v1', 'utf8').digest();
}
