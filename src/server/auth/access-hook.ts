/**
 * The app-wide access check, run on every request before its body is read (onRequest): who is
 * calling (authenticator.ts), then what the route declared in its config (route-context.ts):
 * - `public`: anyone; the principal is still resolved when credentials come along.
 * - `authenticated`: any live principal, else 401.
 * - `right: R`: 401 without credentials; 403 when the principal lacks R — and that refusal is
 *   appended to the audit log (`{type:'api_denied', principal, route, method, right, ts}`) before
 *   the answer goes out, so a denied attempt is as provable as a granted one.
 * Cookie-authenticated state-changing requests must carry `x-piguard-csrf: 1` (docs/api.md says
 * why). Checking before the body is parsed means an unauthorised upload is never even read.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AuditLog } from '../../audit/audit-log.ts';
import { AccessDeniedError } from '../../core/errors.ts';
import { CsrfError, UnauthenticatedError } from '../http-errors.ts';
import type { Authenticator } from './authenticator.ts';

/** Header every cookie-authenticated POST/PUT/PATCH/DELETE must carry. */
export const CSRF_HEADER = 'x-piguard-csrf';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The audit entry of a refusal by the rights check. */
export interface ApiDeniedEntry {
  type: 'api_denied';
  principal: string;
  route: string;
  method: string;
  right: string;
  ts: string;
}

/**
 * Builds the onRequest hook.
 *
 * @example
 * app.addHook('onRequest', accessHook(authenticator, auditLog, () => new Date()));
 */
export function accessHook(
  authenticator: Authenticator,
  log: AuditLog,
  now: () => Date,
): (request: FastifyRequest, reply: FastifyReply) => Promise<void> {
  return async (request) => {
    const config = request.routeOptions.config;
    // Not-found requests have no route config: nothing to protect, the 404 handler answers.
    if (request.routeOptions.url === undefined) return;
    const result = await authenticator.authenticate(request);
    request.principal = result.ok ? result.principal : null;
    if (config.public === true) return;
    if (!result.ok) {
      throw new UnauthenticatedError(
        result.reason === 'none'
          ? 'authentication required: log in or send a bearer token'
          : 'invalid or expired credentials',
      );
    }
    if (
      result.via === 'session' &&
      !SAFE_METHODS.has(request.method) &&
      request.headers[CSRF_HEADER] !== '1'
    ) {
      throw new CsrfError();
    }
    const right = config.right;
    if (right === undefined) return; // `authenticated` route
    if (result.principal.rights.includes(right)) return;
    const entry: ApiDeniedEntry = {
      type: 'api_denied',
      principal: result.principal.id,
      route: request.routeOptions.url,
      method: request.method,
      right,
      ts: now().toISOString(),
    };
    await log.append([entry]);
    throw new AccessDeniedError(`this route needs the right "${right}"`, 'no-right');
  };
}
