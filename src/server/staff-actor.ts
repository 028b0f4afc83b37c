/**
 * The gateway reads on behalf of a member of staff (policy is role × purpose). A principal with
 * the right but no staff id (a system, an administrator) is refused — and the refusal is audited
 * like any other (`api_denied`, reason `no-staff`), so audit entries still equal reads + refusals.
 */
import type { FastifyRequest } from 'fastify';
import { AccessDeniedError } from '../core/errors.ts';
import type { AppContext } from './route-context.ts';

/**
 * Staff id of the caller, or throws AccessDeniedError after auditing the refusal.
 *
 * @example
 * const actor = await staffActor(request, ctx);
 */
export async function staffActor(request: FastifyRequest, ctx: AppContext): Promise<string> {
  const p = request.principal;
  if (p?.staffId) return p.staffId;
  await ctx.log.append([
    {
      type: 'api_denied',
      principal: p?.id ?? null,
      route: request.routeOptions.url ?? null,
      method: request.method,
      right: request.routeOptions.config.right ?? null,
      reason: 'no-staff',
      ts: ctx.now().toISOString(),
    },
  ]);
  throw new AccessDeniedError(
    'this principal does not act as a member of staff; the gateway reads for staff only',
    'no-staff',
  );
}
