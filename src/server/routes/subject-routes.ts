/**
 * Data-subject access (PIPL art. 45), for customers rather than staff — so both routes are
 * `public` and check their own credential, the one-time code (subject/subject-access.ts):
 * - `POST /subject/code {customer_id}` → 202; the code goes through the configured channel, never
 *   into the response; the answer is the same for unknown customers.
 * - `GET /subject/access-history?customer_id=…` with header `x-subject-code` → who (role and
 *   branch) accessed the customer's data, when, and for which purpose. Codes are single-use.
 * Both routes have a tighter per-address rate limit than the rest of the API.
 */
import type { FastifyPluginAsync } from 'fastify';
import { ERROR_BODY_SCHEMA } from '../error-handler.ts';
import { UnauthenticatedError } from '../http-errors.ts';
import type { ServerRouteOptions } from '../server-services.ts';
import type { SubjectAccessItem } from '../subject/subject-access.ts';

/** Header carrying the one-time code. */
export const SUBJECT_CODE_HEADER = 'x-subject-code';

const CUSTOMER_ID = { type: 'string', minLength: 1, maxLength: 128 } as const;
const errors = { 400: ERROR_BODY_SCHEMA, 401: ERROR_BODY_SCHEMA, 429: ERROR_BODY_SCHEMA };
/** Per-address limit on both routes: 20 requests per 10 minutes. */
const SUBJECT_RATE_LIMIT = { max: 20, timeWindow: 10 * 60 * 1000 };

/**
 * @example
 * await app.register(subjectRoutes, { prefix: '/api/v1', services });
 */
export const subjectRoutes: FastifyPluginAsync<ServerRouteOptions> = async (app, { services }) => {
  app.post<{ Body: { customer_id: string } }>(
    '/subject/code',
    {
      config: { public: true, rateLimit: SUBJECT_RATE_LIMIT },
      schema: {
        summary: 'send a one-time access code to the customer through the registered channel',
        tags: ['subject'],
        security: [],
        body: {
          type: 'object',
          required: ['customer_id'],
          additionalProperties: false,
          properties: { customer_id: CUSTOMER_ID },
        },
        response: {
          202: {
            type: 'object',
            required: ['status'],
            properties: { status: { type: 'string', enum: ['sent'] } },
          },
          ...errors,
        },
      },
    },
    async (request, reply) => {
      await services.subject.issueCode(request.body.customer_id);
      return reply.code(202).send({ status: 'sent' });
    },
  );

  app.get<{
    Querystring: { customer_id: string };
    Reply: { customer_id: string; items: SubjectAccessItem[] };
  }>(
    '/subject/access-history',
    {
      config: { public: true, rateLimit: SUBJECT_RATE_LIMIT },
      schema: {
        summary: "who accessed the customer's data, when and why (one-time code in x-subject-code)",
        tags: ['subject'],
        security: [],
        querystring: {
          type: 'object',
          required: ['customer_id'],
          properties: { customer_id: CUSTOMER_ID },
        },
        headers: {
          type: 'object',
          properties: { [SUBJECT_CODE_HEADER]: { type: 'string' } },
        },
        response: {
          200: {
            type: 'object',
            required: ['customer_id', 'items'],
            properties: {
              customer_id: { type: 'string' },
              items: {
                type: 'array',
                items: {
                  type: 'object',
                  required: ['ts', 'action', 'purpose', 'role', 'branch', 'source'],
                  properties: {
                    ts: { type: 'string' },
                    action: { type: 'string' },
                    purpose: { type: ['string', 'null'] },
                    role: { type: ['string', 'null'] },
                    branch: { type: ['string', 'null'] },
                    source: { type: 'string' },
                  },
                },
              },
            },
          },
          ...errors,
        },
      },
    },
    async (request) => {
      const code = request.headers[SUBJECT_CODE_HEADER];
      if (typeof code !== 'string' || !/^\d{8}$/.test(code)) {
        throw new UnauthenticatedError(
          `send the 8-digit code in the ${SUBJECT_CODE_HEADER} header`,
        );
      }
      const customerId = request.query.customer_id;
      return { customer_id: customerId, items: await services.subject.history(customerId, code) };
    },
  );
};
