/**
 * Bearer tokens for systems (the `api_tokens` table): `pgt_` + 256 random bits, shown once when
 * created; only the SHA-256 is stored. A token carries scopes (rights); what a request may do is
 * the intersection of the token's scopes and its principal's rights, so narrowing a token never
 * widens the principal and revoking a right from the principal takes effect on all its tokens.
 */
import type { Kysely } from 'kysely';
import { NotFoundError } from '../../core/errors.ts';
import type { Right } from '../../core/rights.ts';
import type { Schema } from '../../store/schema.ts';
import { parseRights } from './principal-store.ts';
import { hashSecret, newSecret } from './secret-token.ts';

/** Prefix of every token, so secret scanners recognise leaked piguard tokens. */
export const TOKEN_PREFIX = 'pgt_';

/** A token as listed (never with its secret). */
export interface TokenRecord {
  /** First 12 hex characters of the token's hash: how a token is named in lists and revocations. */
  tokenId: string;
  principalId: string;
  name: string;
  scopes: Right[];
  createdAt: string;
  revokedAt: string | null;
}

function toRecord(row: Schema['api_tokens']): TokenRecord {
  return {
    tokenId: row.token_hash.toString('hex').slice(0, 12),
    principalId: row.principal_id,
    name: row.name,
    scopes: parseRights(JSON.parse(row.scopes) as string[]),
    createdAt: row.created_at,
    revokedAt: row.revoked_at,
  };
}

/**
 * @example
 * const tokens = new TokenStore(db, () => new Date());
 * const { token } = await tokens.create('core-system', 'nightly events', ['events:write']);
 * await tokens.lookup(token); // { principalId: 'core-system', scopes: ['events:write'] }
 */
export class TokenStore {
  readonly #db: Kysely<Schema>;
  readonly #now: () => Date;
  /** Called after any change that can end a credential (the authenticator drops its cache). */
  onChange: () => void = () => undefined;

  constructor(db: Kysely<Schema>, now: () => Date) {
    this.#db = db;
    this.#now = now;
  }

  /** Creates a token; the returned secret is shown once and never stored. */
  async create(
    principalId: string,
    name: string,
    scopes: readonly Right[],
  ): Promise<{ token: string; record: TokenRecord }> {
    const token = newSecret(TOKEN_PREFIX);
    const row: Schema['api_tokens'] = {
      token_hash: hashSecret(token),
      principal_id: principalId,
      name,
      scopes: JSON.stringify([...scopes]),
      created_at: this.#now().toISOString(),
      revoked_at: null,
    };
    await this.#db.insertInto('api_tokens').values(row).execute();
    return { token, record: toRecord(row) };
  }

  /** The live token's principal and scopes, or undefined (unknown or revoked). */
  async lookup(token: string): Promise<{ principalId: string; scopes: Right[] } | undefined> {
    const row = await this.#db
      .selectFrom('api_tokens')
      .selectAll()
      .where('token_hash', '=', hashSecret(token))
      .executeTakeFirst();
    if (!row || row.revoked_at !== null) return undefined;
    return { principalId: row.principal_id, scopes: toRecord(row).scopes };
  }

  /** Every token, newest first. */
  async list(): Promise<TokenRecord[]> {
    const rows = await this.#db
      .selectFrom('api_tokens')
      .selectAll()
      .orderBy('created_at', 'desc')
      .execute();
    return rows.map(toRecord);
  }

  /** Revokes the token whose id (hash prefix) is `tokenId`. */
  async revoke(tokenId: string): Promise<TokenRecord> {
    const match = (await this.list()).filter((t) => t.tokenId === tokenId && t.revokedAt === null);
    if (match.length !== 1) throw new NotFoundError(`no live token ${tokenId}`);
    const rows = await this.#db.selectFrom('api_tokens').selectAll().execute();
    const row = rows.find((r) => r.token_hash.toString('hex').startsWith(tokenId));
    if (!row) throw new NotFoundError(`no live token ${tokenId}`);
    const revokedAt = this.#now().toISOString();
    await this.#db
      .updateTable('api_tokens')
      .set({ revoked_at: revokedAt })
      .where('token_hash', '=', row.token_hash)
      .execute();
    this.onChange();
    return { ...match[0]!, revokedAt };
  }
}
