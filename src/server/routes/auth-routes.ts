/**
 * `POST /auth/login`, `POST /auth/logout`, `GET /auth/me` — people's sessions.
 *
 * Login checks an argon2id password (the same cost whether or not the user exists), is limited per
 * username + client address (auth/login-limiter.ts), and sets the `piguard_session` cookie:
 * HttpOnly (scripts cannot read it), SameSite=Strict (never sent on cross-site requests), Path=/,
 * Secure when the server runs behind TLS, Max-Age = the session lifetime. Login also requires the
 * CSRF header, so that another site cannot log a victim's browser into an attacker's account.
 */
import type { FastifyPluginAsync } from 'fastify';
import { ERROR_BODY_SCHEMA } from '../error-handler.ts';
import { CsrfError, TooManyRequestsError, UnauthenticatedError } from '../http-errors.ts';
import { CSRF_HEADER } from '../auth/access-hook.ts';
import { SESSION_COOKIE } from '../auth/authenticator.ts';
import { verifyDecoy, verifyPassword } from '../auth/password-hasher.ts';
import type { ServerRouteOptions } from '../server-services.ts';
import type { Principal } from '../route-context.ts';

/** Response schema of /auth/me and /auth/login. */
export const PRINCIPAL_SCHEMA = {
  type: 'object',
  required: ['id', 'kind', 'staffId', 'rights'],
  properties: {
    id: { type: 'string' },
    kind: { type: 'string', enum: ['person', 'system'] },
    staffId: { type: ['string', 'null'] },
    rights: { type: 'array', items: { type: 'string' } },
  },
} as const;

const LOGIN_BODY = {
  type: 'object',
  required: ['username', 'password'],
  additionalProperties: false,
  properties: {
    username: { type: 'string', minLength: 1, maxLength: 64 },
    password: { type: 'string', minLength: 1, maxLength: 1024 },
  },
} as const;

const errors = { 400: ERROR_BODY_SCHEMA, 401: ERROR_BODY_SCHEMA, 429: ERROR_BODY_SCHEMA };

/**
 * @example
 * await app.register(authRoutes, { prefix: '/api/v1', services });
 */
export const authRoutes: FastifyPluginAsync<ServerRouteOptions> = async (app, { services }) => {
  const { principals, sessions, loginLimiter } = services;

  app.post<{ Body: { username: string; password: string }; Reply: Principal }>(
    '/auth/login',
    {
      config: { public: true },
      schema: {
        summary: 'log in with username and password; sets the piguard_session cookie',
        tags: ['auth'],
        security: [],
        body: LOGIN_BODY,
        response: { 200: PRINCIPAL_SCHEMA, 403: ERROR_BODY_SCHEMA, ...errors },
      },
    },
    async (request, reply) => {
      if (request.headers[CSRF_HEADER] !== '1') throw new CsrfError();
      const { username, password } = request.body;
      const wait = loginLimiter.check(username, request.ip);
      if (wait > 0) {
        throw new TooManyRequestsError('too many failed logins; try again later', wait / 1000);
      }
      const hash = await principals.passwordHash(username);
      const ok =
        hash === undefined ? await verifyDecoy(password) : await verifyPassword(hash, password);
      const record = ok ? await principals.get(username) : undefined;
      if (!record || record.kind !== 'person') {
        loginLimiter.failed(username, request.ip);
        throw new UnauthenticatedError('wrong username or password');
      }
      loginLimiter.succeeded(username, request.ip);
      const { secret } = await sessions.create(record.id);
      void reply.setCookie(SESSION_COOKIE, secret, {
        httpOnly: true,
        sameSite: 'strict',
        secure: services.secureCookies,
        path: '/',
        maxAge: Math.floor(sessions.ttlMs / 1000),
      });
      request.principal = record;
      return { id: record.id, kind: record.kind, staffId: record.staffId, rights: record.rights };
    },
  );

  app.post(
    '/auth/logout',
    {
      config: { authenticated: true },
      schema: {
        summary: 'end the session',
        tags: ['auth'],
        response: { 204: { type: 'null' }, 401: ERROR_BODY_SCHEMA, 403: ERROR_BODY_SCHEMA },
      },
    },
    async (request, reply) => {
      const secret = request.cookies[SESSION_COOKIE];
      if (secret) await sessions.delete(secret);
      void reply.clearCookie(SESSION_COOKIE, {
        httpOnly: true,
        sameSite: 'strict',
        secure: services.secureCookies,
        path: '/',
      });
      return reply.code(204).send();
    },
  );

  app.get<{ Reply: Principal }>(
    '/auth/me',
    {
      config: { authenticated: true },
      schema: {
        summary: 'who is calling: id, kind, staff id and rights',
        tags: ['auth'],
        response: { 200: PRINCIPAL_SCHEMA, 401: ERROR_BODY_SCHEMA },
      },
    },
    async (request) => {
      const p = request.principal!;
      return { id: p.id, kind: p.kind, staffId: p.staffId, rights: [...p.rights] };
    },
  );
};
