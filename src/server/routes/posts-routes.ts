/**
 * `POST /posts/classify` — the monitor over HTTP, for streams of posts (DESIGN §5.6). A Fastify
 * plugin meant to be mounted under `/api/v1`:
 *
 *     app.register(postsRoutes, { prefix: '/api/v1' });
 *
 * The route declares `config.right: 'posts:classify'`; the app's access hook (server/auth) checks
 * it. Registered on a bare Fastify instance (tests), nothing checks it.
 *
 * Request and response bodies are described by the JSON schemas below, which Fastify uses to
 * validate requests, serialise responses and (through @fastify/swagger) document the route.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { RecognizerRegistry } from '../../detect/registry.ts';
import { monitorPost, toPostRecord, type PostRecord } from '../../monitor/post-monitor.ts';
import { buildTakedownReport, type TakedownReport } from '../../monitor/takedown-report.ts';

/** Most posts per request: keeps one request's work bounded (about a tenth of a second). */
export const MAX_POSTS_PER_REQUEST = 1000;
/** Longest post text accepted, in UTF-16 units. */
export const MAX_POST_LENGTH = 20_000;

export interface PostsRoutesOptions {
  /** Recognisers for PI samples (default: the detection engine's built-in registry). */
  registry?: RecognizerRegistry;
}

interface ClassifyBody {
  posts: Array<{ id: string | number; text: string }>;
  report?: boolean;
}

interface ClassifyReply {
  results: PostRecord[];
  report?: TakedownReport;
}

const stringArray = { type: 'array', items: { type: 'string' } } as const;

/** Request body: the posts of §5.2's JSONL as one array. */
export const CLASSIFY_BODY_SCHEMA = {
  type: 'object',
  required: ['posts'],
  additionalProperties: false,
  properties: {
    posts: {
      type: 'array',
      maxItems: MAX_POSTS_PER_REQUEST,
      items: {
        type: 'object',
        required: ['id', 'text'],
        properties: {
          id: { type: ['string', 'number'] },
          text: { type: 'string', maxLength: MAX_POST_LENGTH },
        },
      },
    },
    report: { type: 'boolean', description: 'also return the takedown report' },
  },
} as const;

/** Response: one record per post, in request order, as in §5.2; the report when asked. */
export const CLASSIFY_RESPONSE_SCHEMA = {
  200: {
    type: 'object',
    required: ['results'],
    properties: {
      results: {
        type: 'array',
        items: {
          type: 'object',
          required: ['id', 'label', 'score', 'contacts', 'pii_types'],
          properties: {
            id: { type: 'string' },
            label: { type: 'string', enum: ['pi_trade', 'other'] },
            score: { type: 'number' },
            contacts: stringArray,
            pii_types: stringArray,
            signals: stringArray,
          },
        },
      },
      report: {
        type: 'object',
        properties: {
          generated_at: { type: 'string' },
          posts_classified: { type: 'integer' },
          posts_flagged: { type: 'integer' },
          flagged: {
            type: 'array',
            items: {
              type: 'object',
              properties: {
                id: { type: 'string' },
                score: { type: 'number' },
                reasons: {
                  type: 'array',
                  items: {
                    type: 'object',
                    properties: {
                      signal: { type: 'string' },
                      weight: { type: 'number' },
                      terms: stringArray,
                    },
                  },
                },
                contacts: stringArray,
                pii_types: stringArray,
                samples: {
                  type: 'array',
                  items: {
                    type: 'object',
                    properties: { type: { type: 'string' }, masked: { type: 'string' } },
                  },
                },
              },
            },
          },
          by_contact: {
            type: 'array',
            items: {
              type: 'object',
              properties: {
                contact: { type: 'string' },
                posts: stringArray,
                max_score: { type: 'number' },
              },
            },
          },
          without_contact: stringArray,
        },
      },
    },
  },
} as const;

/**
 * The route plugin.
 *
 * @example
 * const app = Fastify();
 * await app.register(postsRoutes, { prefix: '/api/v1' });
 * const res = await app.inject({ method: 'POST', url: '/api/v1/posts/classify',
 *   payload: { posts: [{ id: '1', text: '出车主资料 加V：car_demo01' }] } });
 */
export const postsRoutes: FastifyPluginAsync<PostsRoutesOptions> = async (app, options) => {
  app.post<{ Body: ClassifyBody; Reply: ClassifyReply }>(
    '/posts/classify',
    {
      config: { right: 'posts:classify' },
      schema: {
        summary: 'classify posts that may trade personal data (DESIGN §5.2)',
        tags: ['posts'],
        body: CLASSIFY_BODY_SCHEMA,
        response: CLASSIFY_RESPONSE_SCHEMA,
      },
    },
    async (request) => {
      const monitorOptions = options.registry ? { registry: options.registry } : {};
      const results = request.body.posts.map((p) =>
        monitorPost({ id: String(p.id), text: p.text }, monitorOptions),
      );
      const reply: ClassifyReply = { results: results.map(toPostRecord) };
      if (request.body.report === true) reply.report = buildTakedownReport(results);
      return reply;
    },
  );
};
