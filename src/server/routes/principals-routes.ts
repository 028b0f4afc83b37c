/**
 * Principals (people and systems) and their API tokens — right `admin`:
 * `GET/POST /principals`, `PATCH /principals/:id`, `GET/POST /tokens`, `DELETE /tokens/:id`.
 * Every change is appended to the audit log (`{type:'admin', action, target, by, ts}`), so who
 * granted which rights is as provable as what was read with them. Token secrets appear once, in
 * the creation response; passwords and hashes never leave the server.
 */
import type { FastifyPluginAsync } from 'fastify';
import { RIGHTS, type Right } from '../../core/rights.ts';
import { ERROR_BODY_SCHEMA } from '../error-handler.ts';
import { NotFoundError } from '../../core/errors.ts';
import { parseRights, type PrincipalRecord } from '../auth/principal-store.ts';
import type { TokenRecord } from '../auth/token-store.ts';
import type { ServerRouteOptions } from '../server-services.ts';

const RIGHTS_SCHEMA = {
  type: 'array',
  items: { type: 'string', enum: [...RIGHTS] },
  uniqueItems: true,
} as const;

const PRINCIPAL_RECORD = {
  type: 'object',
  required: ['id', 'kind', 'staffId', 'rights', 'createdAt', 'disabledAt', 'hasPassword'],
  properties: {
    id: { type: 'string' },
    kind: { type: 'string', enum: ['person', 'system'] },
    staffId: { type: ['string', 'null'] },
    rights: { type: 'array', items: { type: 'string' } },
    createdAt: { type: 'string' },
    disabledAt: { type: ['string', 'null'] },
    hasPassword: { type: 'boolean' },
  },
} as const;

const TOKEN_RECORD = {
  type: 'object',
  required: ['tokenId', 'principalId', 'name', 'scopes', 'createdAt', 'revokedAt'],
  properties: {
    tokenId: { type: 'string' },
    principalId: { type: 'string' },
    name: { type: 'string' },
    scopes: { type: 'array', items: { type: 'string' } },
    createdAt: { type: 'string' },
    revokedAt: { type: ['string', 'null'] },
  },
} as const;

const errors = {
  400: ERROR_BODY_SCHEMA,
  401: ERROR_BODY_SCHEMA,
  403: ERROR_BODY_SCHEMA,
  404: ERROR_BODY_SCHEMA,
  409: ERROR_BODY_SCHEMA,
};

interface NewPrincipal {
  id: string;
  kind: 'person' | 'system';
  staff_id?: string | null;
  rights: Right[];
  password?: string;
}

/**
 * @example
 * await app.register(principalsRoutes, { prefix: '/api/v1', services });
 */
export const principalsRoutes: FastifyPluginAsync<ServerRouteOptions> = async (
  app,
  { services },
) => {
  const { principals, tokens, ctx } = services;
  const audit = async (action: string, target: string, by: string) => {
    await ctx.log.append([{ type: 'admin', action, target, by, ts: ctx.now().toISOString() }]);
  };

  app.get<{ Reply: { items: PrincipalRecord[] } }>(
    '/principals',
    {
      config: { right: 'admin' },
      schema: {
        summary: 'list principals',
        tags: ['admin'],
        response: {
          200: {
            type: 'object',
            properties: { items: { type: 'array', items: PRINCIPAL_RECORD } },
          },
          ...errors,
        },
      },
    },
    async () => ({ items: await principals.list() }),
  );

  app.post<{ Body: NewPrincipal }>(
    '/principals',
    {
      config: { right: 'admin' },
      schema: {
        summary: 'create a person (with password) or a system principal',
        tags: ['admin'],
        body: {
          type: 'object',
          required: ['id', 'kind', 'rights'],
          additionalProperties: false,
          properties: {
            id: { type: 'string', minLength: 1, maxLength: 64 },
            kind: { type: 'string', enum: ['person', 'system'] },
            staff_id: { type: ['string', 'null'], maxLength: 64 },
            rights: RIGHTS_SCHEMA,
            password: { type: 'string', maxLength: 1024 },
          },
        },
        response: { 201: PRINCIPAL_RECORD, ...errors },
      },
    },
    async (request, reply) => {
      const b = request.body;
      const record = await principals.add(
        { id: b.id, kind: b.kind, staffId: b.staff_id ?? null, rights: parseRights(b.rights) },
        b.password,
      );
      await audit('principal_add', record.id, request.principal!.id);
      return reply.code(201).send(record);
    },
  );

  app.patch<{
    Params: { id: string };
    Body: { rights?: Right[]; staff_id?: string | null; password?: string; disabled?: boolean };
  }>(
    '/principals/:id',
    {
      config: { right: 'admin' },
      schema: {
        summary: "change a principal's rights, staff id or password, or disable it",
        tags: ['admin'],
        params: { type: 'object', properties: { id: { type: 'string' } } },
        body: {
          type: 'object',
          additionalProperties: false,
          properties: {
            rights: RIGHTS_SCHEMA,
            staff_id: { type: ['string', 'null'], maxLength: 64 },
            password: { type: 'string', maxLength: 1024 },
            disabled: { type: 'boolean' },
          },
        },
        response: { 200: PRINCIPAL_RECORD, ...errors },
      },
    },
    async (request) => {
      const b = request.body;
      const record = await principals.update(request.params.id, {
        ...(b.rights === undefined ? {} : { rights: parseRights(b.rights) }),
        ...(b.staff_id === undefined ? {} : { staffId: b.staff_id }),
        ...(b.password === undefined ? {} : { password: b.password }),
        ...(b.disabled === undefined ? {} : { disabled: b.disabled }),
      });
      await audit('principal_update', record.id, request.principal!.id);
      return record;
    },
  );

  app.get<{ Reply: { items: TokenRecord[] } }>(
    '/tokens',
    {
      config: { right: 'admin' },
      schema: {
        summary: 'list API tokens (never their secrets)',
        tags: ['admin'],
        response: {
          200: { type: 'object', properties: { items: { type: 'array', items: TOKEN_RECORD } } },
          ...errors,
        },
      },
    },
    async () => ({ items: await tokens.list() }),
  );

  app.post<{ Body: { principal_id: string; name: string; scopes: Right[] } }>(
    '/tokens',
    {
      config: { right: 'admin' },
      schema: {
        summary: 'create a bearer token for a principal; the secret is in this response only',
        tags: ['admin'],
        body: {
          type: 'object',
          required: ['principal_id', 'name', 'scopes'],
          additionalProperties: false,
          properties: {
            principal_id: { type: 'string', minLength: 1, maxLength: 64 },
            name: { type: 'string', minLength: 1, maxLength: 128 },
            scopes: RIGHTS_SCHEMA,
          },
        },
        response: {
          201: {
            type: 'object',
            required: ['token', 'record'],
            properties: { token: { type: 'string' }, record: TOKEN_RECORD },
          },
          ...errors,
        },
      },
    },
    async (request, reply) => {
      const b = request.body;
      if (!(await principals.get(b.principal_id))) {
        throw new NotFoundError(`no principal ${b.principal_id}`);
      }
      const created = await tokens.create(b.principal_id, b.name, parseRights(b.scopes));
      await audit('token_create', created.record.tokenId, request.principal!.id);
      return reply.code(201).send(created);
    },
  );

  app.delete<{ Params: { id: string } }>(
    '/tokens/:id',
    {
      config: { right: 'admin' },
      schema: {
        summary: 'revoke a token',
        tags: ['admin'],
        params: {
          type: 'object',
          properties: { id: { type: 'string', pattern: '^[0-9a-f]{12}$' } },
        },
        response: { 200: TOKEN_RECORD, ...errors },
      },
    },
    async (request) => {
      const record = await tokens.revoke(request.params.id);
      await audit('token_revoke', record.tokenId, request.principal!.id);
      return record;
    },
  );
};
