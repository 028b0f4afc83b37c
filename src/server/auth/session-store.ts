/**
 * Login sessions (the `sessions` table). The browser holds a random 256-bit secret in the
 * `piguard_session` cookie; the table holds only its SHA-256, so reading the database does not
 * let anyone log in. Sessions expire after a fixed lifetime (no sliding renewal: a stolen cookie
 * stops working on schedule).
 */
import type { Kysely } from 'kysely';
import type { Schema } from '../../store/schema.ts';
import { hashSecret, newSecret } from './secret-token.ts';

/** Default session lifetime: one working day. */
export const DEFAULT_SESSION_TTL_MS = 8 * 60 * 60 * 1000;

/**
 * @example
 * const sessions = new SessionStore(db, () => new Date());
 * const { secret } = await sessions.create('alice');
 * await sessions.principalOf(secret); // 'alice'
 */
export class SessionStore {
  readonly #db: Kysely<Schema>;
  readonly #now: () => Date;
  readonly #ttlMs: number;
  /** Called after any change that can end a credential (the authenticator drops its cache). */
  onChange: () => void = () => undefined;

  constructor(db: Kysely<Schema>, now: () => Date, ttlMs = DEFAULT_SESSION_TTL_MS) {
    this.#db = db;
    this.#now = now;
    this.#ttlMs = ttlMs;
  }

  /** Lifetime of new sessions, in milliseconds. */
  get ttlMs(): number {
    return this.#ttlMs;
  }

  /** Opens a session; the secret goes to the cookie and nowhere else. */
  async create(principalId: string): Promise<{ secret: string; expiresAt: Date }> {
    const secret = newSecret();
    const now = this.#now();
    const expiresAt = new Date(now.getTime() + this.#ttlMs);
    await this.#db
      .insertInto('sessions')
      .values({
        session_hash: hashSecret(secret),
        principal_id: principalId,
        created_at: now.toISOString(),
        expires_at: expiresAt.toISOString(),
      })
      .execute();
    return { secret, expiresAt };
  }

  /** The principal of a live session, or undefined (unknown or expired). */
  async principalOf(secret: string): Promise<string | undefined> {
    const row = await this.#db
      .selectFrom('sessions')
      .select(['principal_id', 'expires_at'])
      .where('session_hash', '=', hashSecret(secret))
      .executeTakeFirst();
    if (!row) return undefined;
    if (Date.parse(row.expires_at) <= this.#now().getTime()) return undefined;
    return row.principal_id;
  }

  /** Expiry (ms since the epoch) of a live session, or undefined. */
  async expiryOf(secret: string): Promise<number | undefined> {
    const row = await this.#db
      .selectFrom('sessions')
      .select('expires_at')
      .where('session_hash', '=', hashSecret(secret))
      .executeTakeFirst();
    return row ? Date.parse(row.expires_at) : undefined;
  }

  /** Ends a session (logout). */
  async delete(secret: string): Promise<void> {
    await this.#db.deleteFrom('sessions').where('session_hash', '=', hashSecret(secret)).execute();
    this.onChange();
  }

  /** Removes expired sessions; returns how many. */
  async purgeExpired(): Promise<number> {
    const result = await this.#db
      .deleteFrom('sessions')
      .where('expires_at', '<=', this.#now().toISOString())
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}
