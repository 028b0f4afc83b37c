/**
 * `POST /keys/rotate` (right `admin`): a new ring key; every live customer data key re-wrapped
 * under it in short batches while reads go on; older ring keys retired. Audited as
 * `{type:'key_rotation', actor, new_version, rewrapped, retired, ts}`.
 */
import type { FastifyPluginAsync } from 'fastify';
import { ERROR_BODY_SCHEMA } from '../error-handler.ts';
import type { ServerRouteOptions } from '../server-services.ts';

/**
 * @example
 * await app.register(keysRoutes, { prefix: '/api/v1', services });
 */
export const keysRoutes: FastifyPluginAsync<ServerRouteOptions> = async (app, { services }) => {
  const { ctx, data } = services;
  app.post(
    '/keys/rotate',
    {
      config: { right: 'admin' },
      schema: {
        summary: 'rotate the key ring (re-wrap all data keys online, retire old ring keys)',
        tags: ['admin'],
        response: {
          200: {
            type: 'object',
            properties: {
              new_version: { type: 'integer' },
              rewrapped: { type: 'integer' },
              retired: { type: 'array', items: { type: 'integer' } },
              audit_index: { type: 'integer' },
            },
          },
          401: ERROR_BODY_SCHEMA,
          403: ERROR_BODY_SCHEMA,
        },
      },
    },
    async (request) => {
      const vault = await data.vault();
      const r = await vault.rotate(ctx.database.db);
      const [auditIndex] = await ctx.log.append([
        {
          type: 'key_rotation',
          actor: request.principal!.id,
          new_version: r.newVersion,
          rewrapped: r.rewrapped,
          retired: r.retired,
          ts: ctx.now().toISOString(),
        },
      ]);
      return {
        new_version: r.newVersion,
        rewrapped: r.rewrapped,
        retired: r.retired,
        audit_index: auditIndex!,
      };
    },
  );
};
