/**
 * Trace over HTTP (DESIGN §5.6), a route module per src/server/route-context.ts:
 *
 * - `POST /traces` (investigate): the leaked file as the request body (`text/csv`, `text/plain`,
 *   `application/octet-stream`, XLSX), `?name=leak.xlsx` for its format, `?seen_at=` → §5.5.
 * - `GET /traces/:id` (investigate): a stored result.
 * - `GET /canaries/pool?page=&pageSize=` (investigate) → `{pool, total, page, pageSize}`;
 *   `POST /canaries/pool` (admin) `{"values": [...]}`.
 * - `GET /canary-hits?page=&pageSize=` (investigate) → `{hits, total, page, pageSize}`;
 *   `POST /canary-hits` (public, HMAC-signed webhook, see
 *   trace/webhook-signature.ts) `{"identity","at"?,"said"?,"name_used"?,"address_used"?}`.
 * - `POST /complaints` (HMAC-signed, or a principal with complaints:write): one complaint, an
 *   array, or `{"complaints": [...]}` (§5.3); all or nothing.
 * - `GET /complaints?page=&pageSize=&since=` (investigate) → `{complaints, total, page, pageSize}`:
 *   ids, times, kinds, customer ids — no personal data.
 *
 * The lists are paged by the server, newest first (page-query.ts, as `GET /alerts`).
 * - `POST /complaints/trace` (investigate) `{"since"?,"until"?,"seen_at"?}` → §5.5.
 *
 * Bodies are parsed here (the raw bytes are needed for webhook signatures), so the JSON content
 * type parser is replaced inside this plugin only.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { AccessDeniedError, InputError, NotFoundError } from '../../core/errors.ts';
import { recordCanaryHit } from '../../trace/canary-hits.ts';
import { addToPool } from '../../trace/canary-pool.ts';
import { checkComplaint, importComplaints, traceComplaints } from '../../trace/complaints.ts';
import { getTrace, traceFile, type TraceVault } from '../../trace/trace-service.ts';
import { verifyWebhook, webhookSecret } from '../../trace/webhook-signature.ts';
import { CustomerVault } from '../../vault/customer-vault.ts';
import { UnauthenticatedError } from '../http-errors.ts';
import type { RouteOptions } from '../route-context.ts';
import {
  PAGE_QUERY_PROPERTIES,
  PAGE_RESPONSE_PROPERTIES,
  pageWindow,
  type PageQuery,
} from './page-query.ts';

/** Largest leaked file accepted in one request. */
export const MAX_TRACE_UPLOAD_BYTES = 200 * 1024 * 1024;
const UPLOAD_TYPES = [
  'text/csv',
  'text/tab-separated-values',
  'application/octet-stream',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/x-ndjson',
];
const UPLOAD_EXTENSIONS = new Set([
  '.csv',
  '.tsv',
  '.tab',
  '.xlsx',
  '.xlsm',
  '.jsonl',
  '.ndjson',
  '.txt',
]);

const NULLABLE_STRING = { type: ['string', 'null'] } as const;
const PAGED_QUERY = { type: 'object', properties: PAGE_QUERY_PROPERTIES } as const;
const POOL_ENTRY_SCHEMA = {
  type: 'object',
  properties: {
    identity: { type: 'string' },
    kind: { type: 'string' },
    added_at: { type: 'string' },
  },
} as const;
/** A stored hit (canary_hits row; the ids are JSON arrays as stored). */
const HIT_SCHEMA = {
  type: 'object',
  properties: {
    hit_id: { type: 'string' },
    identity: { type: 'string' },
    at: { type: 'string' },
    evidence: { type: 'string' },
    canary_ids: { type: 'string' },
    export_ids: { type: 'string' },
    source: { type: 'string' },
    said_sha256: NULLABLE_STRING,
    recorded_at: { type: 'string' },
  },
} as const;
/** A complaint as listed: no personal data (the caller is the number that called, not a customer). */
const COMPLAINT_SCHEMA = {
  type: 'object',
  properties: {
    complaint_id: { type: 'string' },
    ts: { type: 'string' },
    customer_id: NULLABLE_STRING,
    kind: { type: 'string' },
    caller: NULLABLE_STRING,
    source: { type: 'string' },
  },
} as const;

/** The 200 schema of a paged list: the route's array key holding one page, and the counts. */
function pagedAnswer(key: string, item: object) {
  return {
    type: 'object',
    required: [key, 'total', 'page', 'pageSize'],
    properties: { [key]: { type: 'array', items: item }, ...PAGE_RESPONSE_PROPERTIES },
  };
}

function parseJson(raw: Buffer | string | undefined): unknown {
  if (raw === undefined || raw.length === 0) return undefined;
  try {
    return JSON.parse(raw.toString());
  } catch {
    throw new InputError('the request body is not valid JSON');
  }
}

function rawOf(request: FastifyRequest): Buffer {
  const b = request.body;
  return Buffer.isBuffer(b) ? b : Buffer.from(typeof b === 'string' ? b : '');
}

function optionalString(o: Record<string, unknown>, key: string): string | undefined {
  const v = o[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw new InputError(`"${key}" must be a string`);
  return v;
}

function objectBody(request: FastifyRequest): Record<string, unknown> {
  const v = parseJson(rawOf(request)) ?? {};
  if (typeof v !== 'object' || v === null || Array.isArray(v)) {
    throw new InputError('the request body must be a JSON object');
  }
  return v as Record<string, unknown>;
}

/**
 * @example
 * await api.register(traceRoutes, { ctx });
 */
export const traceRoutes: FastifyPluginAsync<RouteOptions> = async (app, { ctx }) => {
  let vault: Promise<CustomerVault> | undefined;
  const openVault = (): Promise<TraceVault> =>
    (vault ??= CustomerVault.open(ctx.database, ctx.keys));
  app.addHook('onClose', async () => {
    if (vault) (await vault).close();
  });
  let secret: Promise<Buffer> | undefined;
  const signed = async (request: FastifyRequest): Promise<boolean> => {
    const ts = request.headers['x-piguard-timestamp'];
    const sig = request.headers['x-piguard-signature'];
    if (ts === undefined && sig === undefined) return false;
    const ok = verifyWebhook(
      await (secret ??= webhookSecret(ctx.keys)),
      typeof ts === 'string' ? ts : undefined,
      typeof sig === 'string' ? sig : undefined,
      rawOf(request),
      ctx.now(),
    );
    if (!ok) throw new UnauthenticatedError('bad or stale webhook signature');
    return true;
  };

  app.removeContentTypeParser(['application/json', 'text/plain']);
  app.addContentTypeParser(
    ['application/json', 'text/plain', ...UPLOAD_TYPES],
    { parseAs: 'buffer', bodyLimit: MAX_TRACE_UPLOAD_BYTES },
    (_request, body, done) => done(null, body),
  );

  app.post<{ Querystring: { name?: string; seen_at?: string } }>(
    '/traces',
    {
      config: { right: 'investigate' },
      bodyLimit: MAX_TRACE_UPLOAD_BYTES,
      schema: {
        summary: 'trace a leaked file sent as the request body (§5.5)',
        tags: ['trace'],
        querystring: {
          type: 'object',
          properties: { name: { type: 'string', maxLength: 200 }, seen_at: { type: 'string' } },
        },
      },
    },
    async (request) => {
      const bytes = rawOf(request);
      if (bytes.length === 0) throw new InputError('send the leaked file as the request body');
      const name = request.query.name ?? 'leak.csv';
      const ext = extname(name).toLowerCase();
      const dir = mkdtempSync(join(tmpdir(), 'piguard-trace-'));
      try {
        const file = join(dir, `upload${UPLOAD_EXTENSIONS.has(ext) ? ext : '.txt'}`);
        writeFileSync(file, bytes, { mode: 0o600 });
        const report = await traceFile(ctx.database.db, await openVault(), file, {
          ...(request.query.seen_at !== undefined ? { seenAt: request.query.seen_at } : {}),
          createdBy: request.principal?.id ?? null,
          now: ctx.now(),
        });
        return report;
      } finally {
        // The upload is personal data: it does not outlive the request.
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );

  app.get<{ Params: { id: string } }>(
    '/traces/:id',
    {
      config: { right: 'investigate' },
      schema: { summary: 'a stored trace result', tags: ['trace'] },
    },
    async (request) => {
      const report = await getTrace(ctx.database.db, request.params.id);
      if (!report) throw new NotFoundError(`no trace ${request.params.id}`);
      return report;
    },
  );

  app.get<{ Querystring: PageQuery }>(
    '/canaries/pool',
    {
      config: { right: 'investigate' },
      schema: {
        summary: 'the live trap pool, newest first (paginated)',
        tags: ['trace'],
        querystring: PAGED_QUERY,
        response: { 200: pagedAnswer('pool', POOL_ENTRY_SCHEMA) },
      },
    },
    async (request) => {
      const { page, pageSize, offset } = pageWindow(request.query);
      const live = ctx.database.db.selectFrom('canary_pool').where('retired_at', 'is', null);
      const [count, pool] = await Promise.all([
        live.select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow(),
        live
          .select(['identity', 'kind', 'added_at'])
          .orderBy('added_at', 'desc')
          .orderBy('identity')
          .limit(pageSize)
          .offset(offset)
          .execute(),
      ]);
      return { pool, total: Number(count.n), page, pageSize };
    },
  );

  app.post(
    '/canaries/pool',
    {
      config: { right: 'admin' },
      schema: { summary: 'add trap phones or mailboxes', tags: ['trace'] },
    },
    async (request) => {
      const body = objectBody(request);
      const values = body['values'];
      if (
        !Array.isArray(values) ||
        values.length === 0 ||
        !values.every((v) => typeof v === 'string')
      ) {
        throw new InputError('"values" must be a non-empty array of strings');
      }
      const r = await addToPool(
        ctx.database.db,
        (await openVault()).blindIndex,
        values as string[],
        request.principal?.id ?? null,
        ctx.now(),
      );
      return { added: r.added };
    },
  );

  app.get<{ Querystring: PageQuery }>(
    '/canary-hits',
    {
      config: { right: 'investigate' },
      schema: {
        summary: 'recorded canary hits, newest first (paginated)',
        tags: ['trace'],
        querystring: PAGED_QUERY,
        response: { 200: pagedAnswer('hits', HIT_SCHEMA) },
      },
    },
    async (request) => {
      const { page, pageSize, offset } = pageWindow(request.query);
      const all = ctx.database.db.selectFrom('canary_hits');
      const [count, hits] = await Promise.all([
        all.select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow(),
        // listCanaryHits' order (newest first, hit id breaking ties), one page of it.
        all
          .selectAll()
          .orderBy('at', 'desc')
          .orderBy('hit_id')
          .limit(pageSize)
          .offset(offset)
          .execute(),
      ]);
      return { hits, total: Number(count.n), page, pageSize };
    },
  );

  app.post(
    '/canary-hits',
    {
      config: { public: true },
      schema: {
        summary: 'HMAC-signed webhook: a call, SMS or mail reached a trap identity',
        tags: ['trace'],
      },
    },
    async (request) => {
      if (!(await signed(request)))
        throw new UnauthenticatedError('sign the request (X-Piguard-Signature)');
      const body = objectBody(request);
      const identity = optionalString(body, 'identity');
      if (identity === undefined) throw new InputError('"identity" is required');
      const at = optionalString(body, 'at');
      const said = optionalString(body, 'said');
      const nameUsed = optionalString(body, 'name_used');
      const addressUsed = optionalString(body, 'address_used');
      return recordCanaryHit(
        ctx.database.db,
        {
          identity,
          source: 'webhook',
          ...(at !== undefined ? { at } : {}),
          ...(said !== undefined ? { said } : {}),
          ...(nameUsed !== undefined ? { nameUsed } : {}),
          ...(addressUsed !== undefined ? { addressUsed } : {}),
        },
        ctx.now(),
      );
    },
  );

  app.post(
    '/complaints',
    {
      // Public so that an HMAC-signed webhook needs no token; a bearer caller needs the right.
      config: { public: true },
      schema: {
        summary: 'complaints (§5.3): HMAC-signed, or bearer with complaints:write',
        tags: ['trace'],
      },
    },
    async (request) => {
      if (!(await signed(request))) {
        const p = request.principal;
        if (!p) throw new UnauthenticatedError('sign the request or send a bearer token');
        if (!p.rights.includes('complaints:write')) {
          throw new AccessDeniedError('complaints:write is required', 'no-right');
        }
      }
      const body = parseJson(rawOf(request));
      const list: unknown[] = Array.isArray(body)
        ? body
        : typeof body === 'object' &&
            body !== null &&
            Array.isArray((body as { complaints?: unknown }).complaints)
          ? (body as { complaints: unknown[] }).complaints
          : [body];
      const complaints = list.map((c, i) => checkComplaint(c, { file: 'body', line: i + 1 }));
      const r = await importComplaints(
        ctx.database.db,
        await openVault(),
        complaints,
        request.principal?.id ?? 'webhook',
        {
          file: 'body',
          now: ctx.now(),
        },
      );
      return { imported: r.imported, resolved: r.resolved, unresolved: r.unresolved, ids: r.ids };
    },
  );

  app.get<{ Querystring: PageQuery & { since?: string } }>(
    '/complaints',
    {
      config: { right: 'investigate' },
      schema: {
        summary: 'complaints received, newest first (ids, times, kinds, customer ids; paginated)',
        tags: ['trace'],
        querystring: {
          type: 'object',
          properties: {
            ...PAGE_QUERY_PROPERTIES,
            since: { type: 'string', maxLength: 40 },
          },
        },
        response: { 200: pagedAnswer('complaints', COMPLAINT_SCHEMA) },
      },
    },
    async (request) => {
      const { page, pageSize, offset } = pageWindow(request.query);
      let base = ctx.database.db.selectFrom('complaints');
      if (request.query.since !== undefined) base = base.where('ts', '>=', request.query.since);
      const [count, complaints] = await Promise.all([
        base.select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow(),
        base
          .select(['complaint_id', 'ts', 'customer_id', 'kind', 'caller', 'source'])
          .orderBy('ts', 'desc')
          .orderBy('complaint_id', 'desc')
          .limit(pageSize)
          .offset(offset)
          .execute(),
      ]);
      return { complaints, total: Number(count.n), page, pageSize };
    },
  );

  app.post(
    '/complaints/trace',
    {
      config: { right: 'investigate' },
      schema: { summary: 'trace the complaining customers (§5.5)', tags: ['trace'] },
    },
    async (request) => {
      const body = objectBody(request);
      const since = optionalString(body, 'since');
      const until = optionalString(body, 'until');
      const seenAt = optionalString(body, 'seen_at');
      return traceComplaints(ctx.database.db, {
        ...(since !== undefined ? { since } : {}),
        ...(until !== undefined ? { until } : {}),
        ...(seenAt !== undefined ? { seenAt } : {}),
        createdBy: request.principal?.id ?? null,
        now: ctx.now(),
      });
    },
  );
};
