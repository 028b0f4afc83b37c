/**
 * What every route module receives, and how a route declares the right it needs.
 *
 * Each module under `src/server/routes/` is one Fastify plugin (`FastifyPluginAsync<RouteOptions>`)
 * registered by the app under `/api/v1` (tiles under `/log/`). Every route declares
 * `config: { right: '<Right>' }` or `config: { public: true }` (login, HMAC webhooks that check
 * their own signature, subject access with its one-time code); the app's authorisation hook
 * refuses with 403 — and audits the refusal — when the principal lacks the right, and the app
 * refuses to start if any route declares neither.
 */
import type { AuditLog } from '../audit/audit-log.ts';
import type { Right } from '../core/rights.ts';
import type { KeyProvider } from '../protect/key-provider.ts';
import type { Database } from '../store/open-database.ts';

/** Shared services of a running server. */
export interface AppContext {
  database: Database;
  log: AuditLog;
  keys: KeyProvider;
  /** Path of the policy file (`piguard.policy.yaml`). */
  policyPath: string;
  /** Clock (tests move it). */
  now(): Date;
}

/** Options every route module is registered with. */
export interface RouteOptions {
  ctx: AppContext;
}

/** The authenticated caller of a request. */
export interface Principal {
  id: string;
  kind: 'person' | 'system';
  /** Staff id the principal acts as in the gateway, when it is a member of staff. */
  staffId: string | null;
  rights: readonly Right[];
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Right required to call the route. */
    right?: Right;
    /** No authentication (the route checks its own credential, if any). */
    public?: boolean;
    /** Any authenticated principal, whatever its rights (`/auth/me`, `/auth/logout`). */
    authenticated?: boolean;
  }
  interface FastifyRequest {
    /** Set by the authentication hook; null on public routes without credentials. */
    principal: Principal | null;
  }
}
