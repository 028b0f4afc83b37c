/**
 * Access timelines for the dashboard's actor and customer pages (DESIGN §2: "who read what, when,
 * why"), from the audited access events (`access_events`, `access_event_customers`):
 *
 * - `GET /actors/:id/events?page=&pageSize=` → `{items, total}`: the actor's access events,
 *   newest first, each with its action, purpose, source, outcome, decision, number of customers
 *   and the first customer ids it touched (at most 20 per event);
 * - `GET /customers/:id/access?page=&pageSize=` → `{items, total}`: every access event that
 *   touched the customer, newest first, with the actor, role, branch, action and purpose.
 *
 * Right `investigate` on both. They return staff ids, customer ids, actions and purposes —
 * never customer PI — so reading a timeline is not itself a PI read; the access check still
 * audits a refusal. Mount under `/api/v1` with `{ ctx }` (src/server/route-context.ts):
 *
 *     await app.register(timelineRoutes, { prefix: '/api/v1', ctx });
 */
import type { FastifyPluginAsync } from 'fastify';
import type { RouteOptions } from '../route-context.ts';

/** Customer ids listed per event on an actor's timeline (the count is always complete). */
export const CUSTOMER_IDS_PER_EVENT = 20;

const ID_PARAMS = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'string', minLength: 1, maxLength: 200 } },
} as const;
const PAGING = {
  type: 'object',
  additionalProperties: false,
  properties: {
    page: { type: 'integer', minimum: 1, default: 1 },
    pageSize: { type: 'integer', minimum: 1, maximum: 200, default: 20 },
  },
} as const;
const ERROR = {
  type: 'object',
  properties: {
    statusCode: { type: 'integer' },
    error: { type: 'string' },
    message: { type: 'string' },
  },
} as const;
const ERRORS = { 400: ERROR, 401: ERROR, 403: ERROR } as const;
const NULLABLE = { type: ['string', 'null'] } as const;

const ACTOR_EVENT = {
  type: 'object',
  required: ['audit_idx', 'ts', 'action', 'customers', 'customer_ids'],
  properties: {
    audit_idx: { type: 'integer' },
    ts: { type: 'string' },
    action: { type: 'string' },
    purpose: NULLABLE,
    source: { type: 'string' },
    outcome: NULLABLE,
    decision: { type: 'string' },
    customers: { type: 'integer' },
    customer_ids: { type: 'array', items: { type: 'string' } },
    export_id: NULLABLE,
  },
} as const;

const CUSTOMER_ACCESS = {
  type: 'object',
  required: ['audit_idx', 'ts', 'actor', 'action'],
  properties: {
    audit_idx: { type: 'integer' },
    ts: { type: 'string' },
    actor: { type: 'string' },
    role: NULLABLE,
    branch: NULLABLE,
    action: { type: 'string' },
    purpose: NULLABLE,
    source: { type: 'string' },
    decision: { type: 'string' },
  },
} as const;

function page<T>(items: T) {
  return {
    200: {
      type: 'object',
      required: ['items', 'total'],
      properties: { items: { type: 'array', items }, total: { type: 'integer' } },
    },
    ...ERRORS,
  };
}

interface Paging {
  page: number;
  pageSize: number;
}

/**
 * The route plugin.
 *
 * @example
 * await app.register(timelineRoutes, { prefix: '/api/v1', ctx });
 * // GET /api/v1/customers/C0000042/access?page=1&pageSize=20
 */
export const timelineRoutes: FastifyPluginAsync<RouteOptions> = async (app, { ctx }) => {
  const db = () => ctx.database.db;

  app.get<{ Params: { id: string }; Querystring: Paging }>(
    '/actors/:id/events',
    {
      config: { right: 'investigate' },
      schema: {
        summary: "an actor's access events, newest first (paginated)",
        tags: ['timeline'],
        params: ID_PARAMS,
        querystring: PAGING,
        response: page(ACTOR_EVENT),
      },
    },
    async (request) => {
      const { page: p, pageSize } = request.query;
      const actor = request.params.id;
      const base = db().selectFrom('access_events').where('actor', '=', actor);
      const { n } = await base
        .select((eb) => eb.fn.countAll<number | string>().as('n'))
        .executeTakeFirstOrThrow();
      const rows = await base
        .select([
          'audit_idx',
          'ts',
          'action',
          'purpose',
          'source',
          'outcome',
          'decision',
          'customers',
          'export_id',
        ])
        .orderBy('ts', 'desc')
        .orderBy('audit_idx', 'desc')
        .limit(pageSize)
        .offset((p - 1) * pageSize)
        .execute();
      const ids = new Map<number, string[]>();
      if (rows.length > 0) {
        const touched = await db()
          .selectFrom('access_event_customers')
          .select(['audit_idx', 'customer_id'])
          .where(
            'audit_idx',
            'in',
            rows.map((r) => r.audit_idx),
          )
          .orderBy('audit_idx')
          .orderBy('customer_id')
          .execute();
        for (const t of touched) {
          const idx = Number(t.audit_idx);
          const list = ids.get(idx) ?? [];
          if (list.length < CUSTOMER_IDS_PER_EVENT) list.push(t.customer_id);
          ids.set(idx, list);
        }
      }
      return {
        total: Number(n),
        items: rows.map((r) => ({
          ...r,
          audit_idx: Number(r.audit_idx),
          customers: Number(r.customers),
          customer_ids: ids.get(Number(r.audit_idx)) ?? [],
        })),
      };
    },
  );

  app.get<{ Params: { id: string }; Querystring: Paging }>(
    '/customers/:id/access',
    {
      config: { right: 'investigate' },
      schema: {
        summary: 'who accessed a customer, when, how and for which purpose (paginated)',
        tags: ['timeline'],
        params: ID_PARAMS,
        querystring: PAGING,
        response: page(CUSTOMER_ACCESS),
      },
    },
    async (request) => {
      const { page: p, pageSize } = request.query;
      const base = db()
        .selectFrom('access_event_customers as c')
        .innerJoin('access_events as e', 'e.audit_idx', 'c.audit_idx')
        .where('c.customer_id', '=', request.params.id);
      const { n } = await base
        .select((eb) => eb.fn.countAll<number | string>().as('n'))
        .executeTakeFirstOrThrow();
      const rows = await base
        .select([
          'e.audit_idx',
          'e.ts',
          'e.actor',
          'e.role',
          'e.branch',
          'e.action',
          'e.purpose',
          'e.source',
          'e.decision',
        ])
        .orderBy('e.ts', 'desc')
        .orderBy('e.audit_idx', 'desc')
        .limit(pageSize)
        .offset((p - 1) * pageSize)
        .execute();
      return {
        total: Number(n),
        items: rows.map((r) => ({ ...r, audit_idx: Number(r.audit_idx) })),
      };
    },
  );
};
