/**
 * What the app builds once and hands to its own route modules (beyond the shared AppContext):
 * the credential stores, the login limiter and the subject-access code channel.
 */
import type { AppContext } from './route-context.ts';
import type { DataServices } from './data-services.ts';
import type { LoginLimiter } from './auth/login-limiter.ts';
import type { PrincipalStore } from './auth/principal-store.ts';
import type { SessionStore } from './auth/session-store.ts';
import type { TokenStore } from './auth/token-store.ts';
import type { SubjectAccess } from './subject/subject-access.ts';

export interface ServerServices {
  ctx: AppContext;
  principals: PrincipalStore;
  sessions: SessionStore;
  tokens: TokenStore;
  loginLimiter: LoginLimiter;
  subject: SubjectAccess;
  /** Vault and gateway, opened on first use. */
  data: DataServices;
  /** Set the `Secure` flag on the session cookie (behind TLS). */
  secureCookies: boolean;
  /** Published checkpoints file that `POST /audit/verify` checks too, if it exists. */
  checkpointsFile: string | undefined;
}

/** Options of the app's own route modules. */
export interface ServerRouteOptions {
  services: ServerServices;
}
