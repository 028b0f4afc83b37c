/**
 * Passwords of people who log in: argon2id (RFC 9106) through @node-rs/argon2, stored as PHC
 * strings. Parameters follow OWASP's argon2id minimum (19 MiB, 2 passes) so that a login costs
 * tens of milliseconds, not seconds, on the small servers piguard runs on.
 */
import { hash, verify } from '@node-rs/argon2';

// `Algorithm.Argon2id` is a const enum that `verbatimModuleSyntax` cannot inline: its value is 2.
const ARGON2ID = 2;
const OPTIONS = { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 };

/** Shortest password accepted. */
export const MIN_PASSWORD_LENGTH = 10;

/**
 * @example
 * const phc = await hashPassword('correct horse battery'); // '$argon2id$v=19$m=19456,t=2,p=1$…'
 */
export async function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

/**
 * True when `password` matches the PHC string; false for a mismatch or a malformed hash.
 *
 * @example
 * await verifyPassword(phc, 'correct horse battery'); // true
 */
export async function verifyPassword(phc: string, password: string): Promise<boolean> {
  try {
    return await verify(phc, password);
  } catch {
    return false;
  }
}

/**
 * A hash of a random password, verified against when the username does not exist, so a login
 * for an unknown user costs as long as one for a known user (no user enumeration by timing).
 */
let decoy: Promise<string> | undefined;

/**
 * @example
 * await verifyDecoy('guess'); // always false, same cost as a real verification
 */
export async function verifyDecoy(password: string): Promise<false> {
  decoy ??= hashPassword(`decoy-${Math.random()}`);
  await verifyPassword(await decoy, password);
  return false;
}
