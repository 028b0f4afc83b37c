/**
 * Who is calling: a person through the `piguard_session` cookie or a system through
 * `Authorization: Bearer <token>`. A bearer header that does not name a live token is a failure,
 * never a fall-back to the cookie (a confused client should learn its token is bad).
 *
 * Resolved credentials are cached for a short time (default 2 s) so that a busy server does not
 * pay two queries per request. The cache is dropped whenever this server changes a principal,
 * ends a session or revokes a token; a change made by another process (the CLI) takes effect
 * within the cache lifetime. Session expiry is checked on every request, cached or not.
 */
import type { FastifyRequest } from 'fastify';
import type { Right } from '../../core/rights.ts';
import type { Principal } from '../route-context.ts';
import type { PrincipalStore } from './principal-store.ts';
import type { SessionStore } from './session-store.ts';
import type { TokenStore } from './token-store.ts';

/** Name of the session cookie. */
export const SESSION_COOKIE = 'piguard_session';

/** How the caller authenticated (CSRF rules apply to sessions only). */
export type AuthMethod = 'session' | 'bearer';

/** Result of authenticating a request. */
export type AuthResult =
  { ok: true; principal: Principal; via: AuthMethod } | { ok: false; reason: 'none' | 'invalid' };

/** Default lifetime of a cached credential resolution. */
export const AUTH_CACHE_MS = 2000;
const MAX_CACHED = 10_000;

interface Cached {
  result: AuthResult;
  /** Wall-clock ms (performance timer, not the app clock) when the entry stops being used. */
  until: number;
  /** Session expiry (app clock ms), re-checked on every hit. */
  expiresAt?: number;
}

/**
 * @example
 * const auth = new Authenticator(principals, sessions, tokens);
 * const result = await auth.authenticate(request);
 */
export class Authenticator {
  readonly #principals: PrincipalStore;
  readonly #sessions: SessionStore;
  readonly #tokens: TokenStore;
  readonly #cacheMs: number;
  readonly #now: () => Date;
  #cache = new Map<string, Cached>();

  constructor(
    principals: PrincipalStore,
    sessions: SessionStore,
    tokens: TokenStore,
    options: { cacheMs?: number; now?: () => Date } = {},
  ) {
    this.#principals = principals;
    this.#sessions = sessions;
    this.#tokens = tokens;
    this.#cacheMs = options.cacheMs ?? AUTH_CACHE_MS;
    this.#now = options.now ?? (() => new Date());
    const invalidate = () => this.invalidate();
    principals.onChange = invalidate;
    sessions.onChange = invalidate;
    tokens.onChange = invalidate;
  }

  /** Forgets every cached resolution. */
  invalidate(): void {
    this.#cache = new Map();
  }

  /** Resolves the caller of `request`. */
  async authenticate(request: FastifyRequest): Promise<AuthResult> {
    const header = request.headers.authorization;
    const secret = request.cookies[SESSION_COOKIE];
    const key = header !== undefined ? `b ${header}` : secret ? `s ${secret}` : undefined;
    if (key === undefined || this.#cacheMs <= 0) return this.#resolve(request);
    const hit = this.#cache.get(key);
    const wall = performance.now();
    if (hit && hit.until > wall) {
      if (hit.expiresAt === undefined || hit.expiresAt > this.#now().getTime()) return hit.result;
      return { ok: false, reason: 'invalid' };
    }
    const generation = this.#cache;
    const result = await this.#resolve(request);
    // Only cache into the generation that was current when the lookup started (a change made
    // meanwhile must not be masked by a stale answer). Failures are not cached: a client that
    // just logged in must not be refused by an earlier miss.
    if (result.ok && generation === this.#cache) {
      if (this.#cache.size >= MAX_CACHED) this.#cache = new Map();
      const entry: Cached = { result, until: wall + this.#cacheMs };
      if (result.via === 'session') {
        const expiresAt = await this.#sessions.expiryOf(secret!);
        if (expiresAt !== undefined) entry.expiresAt = expiresAt;
      }
      this.#cache.set(key, entry);
    }
    return result;
  }

  async #resolve(request: FastifyRequest): Promise<AuthResult> {
    const header = request.headers.authorization;
    if (header !== undefined) {
      const match = /^Bearer ([A-Za-z0-9_-]{16,128})$/.exec(header.trim());
      if (!match) return { ok: false, reason: 'invalid' };
      const token = await this.#tokens.lookup(match[1]!);
      if (!token) return { ok: false, reason: 'invalid' };
      const principal = await this.#live(token.principalId);
      if (!principal) return { ok: false, reason: 'invalid' };
      const rights = principal.rights.filter((r: Right) => token.scopes.includes(r));
      return { ok: true, via: 'bearer', principal: { ...principal, rights } };
    }
    const secret = request.cookies[SESSION_COOKIE];
    if (secret === undefined || secret === '') return { ok: false, reason: 'none' };
    const principalId = await this.#sessions.principalOf(secret);
    if (principalId === undefined) return { ok: false, reason: 'invalid' };
    const principal = await this.#live(principalId);
    if (!principal) return { ok: false, reason: 'invalid' };
    return { ok: true, via: 'session', principal };
  }

  async #live(id: string): Promise<Principal | undefined> {
    const p = await this.#principals.get(id);
    if (!p || p.disabledAt !== null) return undefined;
    return { id: p.id, kind: p.kind, staffId: p.staffId, rights: p.rights };
  }
}
