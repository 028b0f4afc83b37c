/**
 * `POST /events` (right `events:write`): access events from systems piguard does not front
 * (DESIGN §5.3), as a JSON array (`application/json`) or JSON lines (`application/x-ndjson`,
 * `application/jsonl` or `text/plain`). All or nothing: the first invalid event is a 400 naming
 * its position (`body:LINE: problem`) and nothing from the request is kept. Events without a
 * `source` get the caller's principal id. Each event becomes one audit entry (vault/event-import).
 */
import type { FastifyPluginAsync } from 'fastify';
import { InputError } from '../../core/errors.ts';
import { importEvents, importLocatedEvents, parseJsonLines } from '../../vault/event-import.ts';
import { ERROR_BODY_SCHEMA } from '../error-handler.ts';
import type { ServerRouteOptions } from '../server-services.ts';

/** Content types read as JSON lines. */
export const JSONL_CONTENT_TYPES = ['application/x-ndjson', 'application/jsonl', 'text/plain'];

/**
 * @example
 * await app.register(eventsRoutes, { prefix: '/api/v1', services });
 */
export const eventsRoutes: FastifyPluginAsync<ServerRouteOptions> = async (app, { services }) => {
  const { ctx } = services;
  // Scoped to this plugin: JSON lines arrive as one string and are parsed with line numbers.
  app.addContentTypeParser(JSONL_CONTENT_TYPES, { parseAs: 'string' }, (_request, body, done) => {
    done(null, body);
  });

  app.post<{ Body: unknown }>(
    '/events',
    {
      config: { right: 'events:write' },
      schema: {
        summary:
          'append access events from other systems (JSON array or JSON lines); all or nothing',
        tags: ['events'],
        response: {
          200: {
            type: 'object',
            required: ['events', 'customers'],
            properties: {
              events: { type: 'integer' },
              customers: { type: 'integer' },
              first_index: { type: ['integer', 'null'] },
              last_index: { type: ['integer', 'null'] },
            },
          },
          400: ERROR_BODY_SCHEMA,
          401: ERROR_BODY_SCHEMA,
          403: ERROR_BODY_SCHEMA,
        },
      },
    },
    async (request) => {
      const source = request.principal!.id;
      const db = ctx.database.db;
      const body = request.body;
      const result =
        typeof body === 'string'
          ? await importLocatedEvents(db, ctx.log, parseJsonLines(body.split('\n'), 'body'), {
              file: 'body',
              source,
            })
          : Array.isArray(body)
            ? await importEvents(db, ctx.log, body, { file: 'body', source })
            : (() => {
                throw new InputError('send a JSON array of events or JSON lines');
              })();
      return {
        events: result.events,
        customers: result.customers,
        first_index: result.firstIndex ?? null,
        last_index: result.lastIndex ?? null,
      };
    },
  );
};
