/**
 * The API server: `buildApp(ctx, options)` returns a Fastify instance with
 * - security headers (@fastify/helmet's, computed once; a CSP for a same-origin single-page app), a global rate
 *   limit per client address (@fastify/rate-limit), cookies (@fastify/cookie);
 * - the access check on every request (auth/access-hook.ts): sessions for people, bearer tokens
 *   for systems, `config.right` / `config.authenticated` / `config.public` per route — a route
 *   declaring none of them makes registration throw, so the app does not start;
 * - one error mapping (error-handler.ts) and one request log line per response (route, status,
 *   time, principal — never headers, bodies or query strings);
 * - OpenAPI at `/api/docs` from the routes' schemas;
 * - the routes: `/api/v1/...` (this folder's route modules and those of watch, trace, cases),
 *   the audit log's tiles under `/log/` (C2SP tlog-tiles, public), the dashboard at `/`.
 */
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import type { Logger } from 'pino';
import { LoginLimiter, type LoginLimiterOptions } from './auth/login-limiter.ts';
import { PrincipalStore } from './auth/principal-store.ts';
import { SessionStore } from './auth/session-store.ts';
import { TokenStore } from './auth/token-store.ts';
import { Authenticator } from './auth/authenticator.ts';
import { accessHook } from './auth/access-hook.ts';
import { handleError } from './error-handler.ts';
import { helmetHeaders } from './security-headers.ts';
import { DataServices, type GatewayTuning } from './data-services.ts';
import { registerOpenApi } from './openapi.ts';
import { RouteRegistry } from './route-registry.ts';
import type { AppContext } from './route-context.ts';
import type { ServerServices } from './server-services.ts';
import { ConsoleCodeChannel, type CodeChannel } from './subject/code-channel.ts';
import { SubjectAccess } from './subject/subject-access.ts';
import { logRoutes } from './routes/log-routes.ts';
import { postsRoutes } from './routes/posts-routes.ts';
import { authRoutes } from './routes/auth-routes.ts';
import { subjectRoutes } from './routes/subject-routes.ts';
import { principalsRoutes } from './routes/principals-routes.ts';
import { auditRoutes } from './routes/audit-routes.ts';
import { customersRoutes } from './routes/customers-routes.ts';
import { exportsRoutes } from './routes/exports-routes.ts';
import { eventsRoutes } from './routes/events-routes.ts';
import { staffRoutes } from './routes/staff-routes.ts';
import { keysRoutes } from './routes/keys-routes.ts';
import { webStaticPlugin, type WebStaticOptions } from './web-static.ts';
import { traceRoutes } from './routes/trace-routes.ts';
import { caseRoutes } from './routes/case-routes.ts';
import { watchRoutes } from './routes/watch-routes.ts';
import { timelineRoutes } from './routes/timeline-routes.ts';

/** Version reported in the OpenAPI document. */
export const API_VERSION = '0.1.0';

export interface AppOptions {
  /** Logger (pino); default: a silent logger. */
  logger?: Logger;
  /** Set `Secure` on the session cookie (serve behind TLS). Default false. */
  secureCookies?: boolean;
  /** Session lifetime in ms (default 8 h). */
  sessionTtlMs?: number;
  /** Requests per client address per window; `false` turns the global limit off (benchmarks). */
  rateLimit?: { max: number; timeWindowMs: number } | false;
  /** Login brute-force limit (per username + address). */
  loginLimit?: LoginLimiterOptions;
  /** Where subject-access codes go (default: the console, for development). */
  codeChannel?: CodeChannel;
  /** Trust X-Forwarded-* from a reverse proxy (request.ip, Secure detection). */
  trustProxy?: boolean;
  /** Published checkpoints file (`POST /audit/verify` checks it when it exists). */
  checkpointsFile?: string;
  /** How long a resolved credential is cached (ms; default 2 s; 0 = never). */
  authCacheMs?: number;
  /** Dashboard files (default: web/dist of this package). */
  web?: WebStaticOptions;
  /** Gateway tuning (batch size, parallel batches, PostgreSQL paths); defaults suit most. */
  gateway?: GatewayTuning;
}

/** Default global rate limit: 3,000 requests per minute per client address. */
export const DEFAULT_RATE_LIMIT = { max: 3000, timeWindowMs: 60_000 };

declare module 'fastify' {
  interface FastifyInstance {
    /** Every registered route and the access it declared (tests iterate it). */
    routeRegistry: RouteRegistry;
    /** Services built by buildApp (stores, subject access). */
    piguard: ServerServices;
  }
}

/**
 * Builds the app (not listening). Call `await app.ready()` or `app.listen(...)`.
 *
 * @example
 * const database = await openDatabase('sqlite:./piguard.db');
 * const ctx = { database, log: new AuditLog(database), keys: resolveKeyProvider(),
 *   policyPath: './piguard.policy.yaml', now: () => new Date() };
 * const app = await buildApp(ctx, { secureCookies: true });
 * await app.listen({ port: 4800, host: '127.0.0.1' });
 */
export async function buildApp(
  ctx: AppContext,
  options: AppOptions = {},
): Promise<FastifyInstance> {
  const { pino } = await import('pino');
  const logger = options.logger ?? pino({ level: 'silent' });
  const app = Fastify({
    loggerInstance: logger,
    // The app writes its own line per response (route, status, time, principal), never URLs.
    logController: new LogController({ disableRequestLogging: true }),
    // Schemas may allow ['string', 'number'] (post ids); everything else stays strict.
    ajv: { customOptions: { allowUnionTypes: true } },
    trustProxy: options.trustProxy ?? false,
    bodyLimit: 64 * 1024 * 1024,
  }) as unknown as FastifyInstance;

  const registry = new RouteRegistry();
  app.decorate('routeRegistry', registry);
  app.addHook('onRoute', (route) => registry.add(route));

  const db = ctx.database.db;
  const principals = new PrincipalStore(db, ctx.now);
  const sessions = new SessionStore(db, ctx.now, options.sessionTtlMs);
  const tokens = new TokenStore(db, ctx.now);
  const services: ServerServices = {
    ctx,
    principals,
    sessions,
    tokens,
    loginLimiter: new LoginLimiter({ ...options.loginLimit, now: ctx.now }),
    subject: new SubjectAccess(
      db,
      ctx.log,
      options.codeChannel ?? new ConsoleCodeChannel(),
      ctx.now,
    ),
    secureCookies: options.secureCookies ?? false,
    checkpointsFile: options.checkpointsFile,
    data: new DataServices(ctx, logger, options.gateway),
  };
  app.addHook('onClose', async () => services.data.close());
  app.decorate('piguard', services);
  app.decorateRequest('principal', null);

  app.setErrorHandler(handleError);
  app.setNotFoundHandler((_request, reply) => {
    void reply.code(404).send({ statusCode: 404, error: 'Not Found', message: 'no such route' });
  });

  await app.register(cookie);
  // @fastify/helmet's headers, computed once (security-headers.ts says why).
  const securityHeaders = await helmetHeaders({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        // React and ECharts set style attributes; no inline scripts are ever allowed.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    // Same-origin only: no cross-origin embedding or reading of responses.
    crossOriginResourcePolicy: { policy: 'same-origin' },
    referrerPolicy: { policy: 'no-referrer' },
    hsts: options.secureCookies === true,
  });
  app.addHook('onRequest', (_request, reply, done) => {
    void reply.headers(securityHeaders);
    done();
  });
  const limit = options.rateLimit ?? DEFAULT_RATE_LIMIT;
  if (limit !== false) {
    await app.register(rateLimit, { max: limit.max, timeWindow: limit.timeWindowMs });
  }
  // The access check is a route-level onRequest hook appended after the rate limiter's (which
  // @fastify/rate-limit also adds per route), so a flood is refused before any credential lookup.
  const authenticator = new Authenticator(principals, sessions, tokens, {
    now: ctx.now,
    ...(options.authCacheMs === undefined ? {} : { cacheMs: options.authCacheMs }),
  });
  const access = accessHook(authenticator, ctx.log, ctx.now);
  app.addHook('onRoute', (route) => {
    const hooks = route.onRequest === undefined ? [] : [route.onRequest].flat();
    // HEAD routes Fastify derives from GET routes arrive with the GET route's hooks already set.
    if (!hooks.includes(access)) route.onRequest = [...hooks, access];
  });
  app.addHook('onResponse', async (request, reply) => {
    request.log.info(
      {
        route: request.routeOptions.url ?? null,
        method: request.method,
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime * 100) / 100,
        principal: request.principal?.id ?? null,
      },
      'request',
    );
  });

  await registerOpenApi(app, { version: API_VERSION });

  await app.register(logRoutes, { prefix: '/log', log: ctx.log });
  await app.register(
    async (api) => {
      const own = { services };
      await api.register(authRoutes, own);
      await api.register(subjectRoutes, own);
      await api.register(principalsRoutes, own);
      await api.register(auditRoutes, own);
      await api.register(customersRoutes, own);
      await api.register(exportsRoutes, own);
      await api.register(eventsRoutes, own);
      await api.register(staffRoutes, own);
      await api.register(keysRoutes, own);
      await api.register(postsRoutes, {});
      // Route modules of the other parts (route-context.ts contract).
      await api.register(watchRoutes, { ctx });
      await api.register(traceRoutes, { ctx });
      await api.register(caseRoutes, { services });
      await api.register(timelineRoutes, { ctx });
    },
    { prefix: '/api/v1' },
  );
  // Last: the dashboard's catch-all route must not shadow API paths.
  await app.register(webStaticPlugin, options.web ?? {});
  return app;
}
