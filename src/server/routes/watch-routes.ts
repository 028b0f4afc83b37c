/**
 * Watch over HTTP (DESIGN §5.6), mounted under `/api/v1`:
 *
 * - `GET /alerts?page=&pageSize=&since=&until=&actor=&kind=&status=&minScore=` →
 *   `{items: [{id, actor, day, score, kind, reasons, customers, status, since, kinds, final}], total}`
 *   (newest day first, then score);
 * - `GET /alerts/:id` → one alert; `POST /alerts/:id/status` `{status}` → investigation status;
 * - `GET /actors/:id/activity?days=&until=` → `{actor, role, branch, days[], values[], peerLow[],
 *   peerMedian[], peerHigh[], peers}` — daily distinct customers and the peer band (p10/p50/p90);
 * - `GET /alert-webhooks`, `POST /alert-webhooks` `{kind: json|wecom|dingtalk, url, secret?,
 *   minScore?}`, `DELETE /alert-webhooks/:id` — where alerts are delivered.
 *
 * Reads need the right `investigate`; webhook changes need `admin` (they decide where alert
 * content goes). Bodies carry staff ids and numbers only — never customer PI.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { RouteOptions } from '../route-context.ts';
import { actorActivity } from '../../watch/actor-activity.ts';
import {
  ALERT_STATUSES,
  getAlert,
  listAlerts,
  setAlertStatus,
  type AlertQuery,
  type AlertStatus,
} from '../../watch/alert-store.ts';
import { WEBHOOK_KINDS, type WebhookKind } from '../../watch/delivery/webhook-formats.ts';
import { addWebhook, describeWebhooks, removeWebhook } from '../../watch/delivery/webhook-store.ts';
import { ALERT_KINDS } from '../../watch/watch-types.ts';

const DAY = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' } as const;
const ERROR = {
  type: 'object',
  properties: {
    statusCode: { type: 'integer' },
    error: { type: 'string' },
    message: { type: 'string' },
  },
} as const;
const ERRORS = { 400: ERROR, 401: ERROR, 403: ERROR, 404: ERROR } as const;

/** One stored alert as the API returns it. */
export const ALERT_SCHEMA = {
  type: 'object',
  required: ['id', 'actor', 'day', 'score', 'kind', 'reasons', 'customers', 'status'],
  properties: {
    id: { type: 'string' },
    actor: { type: 'string' },
    day: { type: 'string' },
    score: { type: 'number' },
    kind: { type: 'string', enum: [...ALERT_KINDS] },
    reasons: { type: 'array', items: { type: 'string' } },
    customers: { type: 'integer' },
    status: { type: 'string', enum: [...ALERT_STATUSES] },
    since: { type: 'string' },
    kinds: { type: 'array', items: { type: 'string' } },
    final: { type: 'boolean' },
    created_at: { type: 'string' },
    updated_at: { type: 'string' },
  },
} as const;

const numbers = { type: 'array', items: { type: 'number' } } as const;

/** The activity series. */
export const ACTIVITY_SCHEMA = {
  type: 'object',
  required: ['actor', 'days', 'values', 'peerLow', 'peerMedian', 'peerHigh'],
  properties: {
    actor: { type: 'string' },
    role: { type: ['string', 'null'] },
    branch: { type: ['string', 'null'] },
    days: { type: 'array', items: { type: 'string' } },
    values: numbers,
    peerLow: numbers,
    peerMedian: numbers,
    peerHigh: numbers,
    peers: { type: 'integer' },
  },
} as const;

const WEBHOOK_SCHEMA = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    kind: { type: 'string' },
    url: { type: 'string' },
    signed: { type: 'boolean' },
    min_score: { type: 'number' },
    created_at: { type: 'string' },
  },
} as const;

interface AlertsQuerystring {
  page?: number;
  pageSize?: number;
  since?: string;
  until?: string;
  actor?: string;
  kind?: string;
  status?: string;
  minScore?: number;
}

/**
 * The route plugin (register under `/api/v1` with the app context).
 *
 * @example
 * await app.register(watchRoutes, { prefix: '/api/v1', ctx });
 * // GET /api/v1/alerts?since=2025-03-01&pageSize=20
 */
export const watchRoutes: FastifyPluginAsync<RouteOptions> = async (app, { ctx }) => {
  const db = () => ctx.database.db;

  app.get<{ Querystring: AlertsQuerystring }>(
    '/alerts',
    {
      config: { right: 'investigate' },
      schema: {
        summary: 'alerts of insider watch, newest day first (paginated, filtered)',
        tags: ['watch'],
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            page: { type: 'integer', minimum: 1, default: 1 },
            pageSize: { type: 'integer', minimum: 1, maximum: 500, default: 50 },
            since: DAY,
            until: DAY,
            actor: { type: 'string', maxLength: 200 },
            kind: { type: 'string', enum: [...ALERT_KINDS] },
            status: { type: 'string', enum: [...ALERT_STATUSES] },
            minScore: { type: 'number' },
          },
        },
        response: {
          200: {
            type: 'object',
            required: ['items', 'total'],
            properties: {
              items: { type: 'array', items: ALERT_SCHEMA },
              total: { type: 'integer' },
            },
          },
          ...ERRORS,
        },
      },
    },
    async (request) => listAlerts(db(), request.query as AlertQuery),
  );

  app.get<{ Params: { id: string } }>(
    '/alerts/:id',
    {
      config: { right: 'investigate' },
      schema: {
        summary: 'one alert',
        tags: ['watch'],
        params: { type: 'object', properties: { id: { type: 'string', maxLength: 64 } } },
        response: { 200: ALERT_SCHEMA, ...ERRORS },
      },
    },
    async (request) => getAlert(db(), request.params.id),
  );

  app.post<{ Params: { id: string }; Body: { status: AlertStatus } }>(
    '/alerts/:id/status',
    {
      config: { right: 'investigate' },
      schema: {
        summary: "set an alert's investigation status",
        tags: ['watch'],
        params: { type: 'object', properties: { id: { type: 'string', maxLength: 64 } } },
        body: {
          type: 'object',
          required: ['status'],
          additionalProperties: false,
          properties: { status: { type: 'string', enum: [...ALERT_STATUSES] } },
        },
        response: { 200: ALERT_SCHEMA, ...ERRORS },
      },
    },
    async (request) => {
      await setAlertStatus(db(), request.params.id, request.body.status, ctx.now());
      return getAlert(db(), request.params.id);
    },
  );

  app.get<{ Params: { id: string }; Querystring: { days?: number; until?: string } }>(
    '/actors/:id/activity',
    {
      config: { right: 'investigate' },
      schema: {
        summary: "an actor's daily distinct customers with the peer band (p10, median, p90)",
        tags: ['watch'],
        params: { type: 'object', properties: { id: { type: 'string', maxLength: 200 } } },
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            days: { type: 'integer', minimum: 1, maximum: 366, default: 90 },
            until: DAY,
          },
        },
        response: { 200: ACTIVITY_SCHEMA, ...ERRORS },
      },
    },
    async (request) =>
      actorActivity(db(), request.params.id, {
        ...(request.query.days !== undefined ? { days: request.query.days } : {}),
        ...(request.query.until !== undefined ? { until: request.query.until } : {}),
      }),
  );

  app.get(
    '/alert-webhooks',
    {
      config: { right: 'investigate' },
      schema: {
        summary: 'where alerts are delivered (secrets and access tokens are never shown)',
        tags: ['watch'],
        response: {
          200: { type: 'object', properties: { items: { type: 'array', items: WEBHOOK_SCHEMA } } },
          ...ERRORS,
        },
      },
    },
    async () => ({ items: await describeWebhooks(db()) }),
  );

  app.post<{ Body: { kind: WebhookKind; url: string; secret?: string; minScore?: number } }>(
    '/alert-webhooks',
    {
      config: { right: 'admin' },
      schema: {
        summary: 'add an alert webhook: generic JSON (HMAC-signed), WeCom or DingTalk group robot',
        tags: ['watch'],
        body: {
          type: 'object',
          required: ['kind', 'url'],
          additionalProperties: false,
          properties: {
            kind: { type: 'string', enum: [...WEBHOOK_KINDS] },
            url: { type: 'string', maxLength: 2000 },
            secret: { type: 'string', maxLength: 500 },
            minScore: { type: 'number', minimum: 0 },
          },
        },
        response: { 201: { type: 'object', properties: { id: { type: 'string' } } }, ...ERRORS },
      },
    },
    async (request, reply) => {
      const b = request.body;
      const id = await addWebhook(
        db(),
        {
          kind: b.kind,
          url: b.url,
          ...(b.secret !== undefined ? { secret: b.secret } : {}),
          ...(b.minScore !== undefined ? { minScore: b.minScore } : {}),
        },
        ctx.now(),
      );
      reply.code(201);
      return { id };
    },
  );

  app.delete<{ Params: { id: string } }>(
    '/alert-webhooks/:id',
    {
      config: { right: 'admin' },
      schema: {
        summary: 'remove an alert webhook',
        tags: ['watch'],
        params: { type: 'object', properties: { id: { type: 'string', maxLength: 64 } } },
        response: { 204: { type: 'null' }, ...ERRORS },
      },
    },
    async (request, reply) => {
      await removeWebhook(db(), request.params.id, ctx.now());
      reply.code(204);
    },
  );
};
