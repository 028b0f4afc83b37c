/**
 * Customers through the gateway (DESIGN §4.3) — every answer masked per policy and audited by the
 * gateway in the same transaction as the read; refusals (policy, scope, quota) audited too:
 * - `GET /customers/:id?purpose=P` (right `read`)
 * - `POST /customers/lookup {purpose, phone | id_number | email | name + birth_date}` (right
 *   `read`): by a blind-indexed value. A POST, so the value never appears in a URL (proxies and
 *   access logs record URLs).
 * - `GET /customers?purpose=P&agent=&branch=&region=&team=&page=&page_size=` (right `read`):
 *   search on clear columns only; PI-valued filters go through `lookup`.
 * - `POST /imports/customers` (right `import:customers`): a customers file as the body (CSV, TSV,
 *   XLSX or JSON lines, by content type; UTF-8 or GB18030), imported all-or-nothing by the
 *   vault's importer. The importer reads files, so the body is written to a 0600 file in a
 *   private directory on a memory file system (/dev/shm when present) and removed right after,
 *   whatever the outcome; error messages name `body:ROW`, never the temporary path.
 * - `DELETE /customers/:id` (right `admin`): crypto-shredding (PIPL art. 47), audited as
 *   `{type:'deletion', customer, actor, ts}` in the same transaction.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyPluginAsync } from 'fastify';
import { NotFoundError, InputError } from '../../core/errors.ts';
import { importCustomers } from '../../vault/import/customer-import.ts';
import type { CustomerKey, CustomerFilter } from '../../vault/gateway/gateway-types.ts';
import { ERROR_BODY_SCHEMA } from '../error-handler.ts';
import type { ServerRouteOptions } from '../server-services.ts';
import { staffActor } from '../staff-actor.ts';

const PURPOSE = { type: 'string', minLength: 1, maxLength: 64 } as const;
const ID = { type: 'string', minLength: 1, maxLength: 128 } as const;

const MASKED_CUSTOMER = {
  type: 'object',
  required: ['customer_id', 'fields'],
  properties: {
    customer_id: { type: 'string' },
    fields: { type: 'object', additionalProperties: { type: ['string', 'null'] } },
    shredded: { type: 'boolean' },
  },
} as const;

const READ_RESULT = {
  type: 'object',
  required: ['customers', 'fields', 'audit_index'],
  properties: {
    customers: { type: 'array', items: MASKED_CUSTOMER },
    fields: { type: 'array', items: { type: 'string' } },
    audit_index: { type: 'integer' },
  },
} as const;

const errors = {
  400: ERROR_BODY_SCHEMA,
  401: ERROR_BODY_SCHEMA,
  403: ERROR_BODY_SCHEMA,
  404: ERROR_BODY_SCHEMA,
};

interface MaskedOut {
  customer_id: string;
  fields: Record<string, string | null>;
  shredded?: boolean;
}

function out(c: {
  customerId: string;
  fields: Record<string, string | null>;
  shredded?: boolean;
}): MaskedOut {
  return { customer_id: c.customerId, fields: c.fields, ...(c.shredded ? { shredded: true } : {}) };
}

interface LookupBody {
  purpose: string;
  phone?: string;
  id_number?: string;
  email?: string;
  name?: string;
  birth_date?: string;
}

/** Body content types of `POST /imports/customers` → the file extension the importer reads. */
export const IMPORT_CONTENT_TYPES: Readonly<Record<string, string>> = {
  'text/csv': 'csv',
  'text/tab-separated-values': 'tsv',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'xlsx',
  'application/x-ndjson': 'jsonl',
  'application/jsonl': 'jsonl',
};

const SEARCH_KEYS = ['purpose', 'agent', 'branch', 'region', 'team', 'page', 'page_size'];

function keyOf(body: LookupBody): CustomerKey {
  const given = [
    body.phone !== undefined,
    body.id_number !== undefined,
    body.email !== undefined,
    body.name !== undefined || body.birth_date !== undefined,
  ].filter(Boolean).length;
  if (given !== 1) {
    throw new InputError('name exactly one of phone, id_number, email, or name + birth_date');
  }
  if (body.phone !== undefined) return { phone: body.phone };
  if (body.id_number !== undefined) return { idNumber: body.id_number };
  if (body.email !== undefined) return { email: body.email };
  if (body.name === undefined || body.birth_date === undefined) {
    throw new InputError('a lookup by name needs both name and birth_date');
  }
  return { name: body.name, birthDate: body.birth_date };
}

/**
 * @example
 * await app.register(customersRoutes, { prefix: '/api/v1', services });
 */
export const customersRoutes: FastifyPluginAsync<ServerRouteOptions> = async (
  app,
  { services },
) => {
  const { ctx, data } = services;
  app.addContentTypeParser(
    Object.keys(IMPORT_CONTENT_TYPES),
    { parseAs: 'buffer' },
    (_request, body, done) => done(null, body),
  );

  app.get<{ Params: { id: string }; Querystring: { purpose: string } }>(
    '/customers/:id',
    {
      config: { right: 'read' },
      schema: {
        summary: 'read one customer for a purpose (masked per policy, audited)',
        tags: ['customers'],
        params: { type: 'object', required: ['id'], properties: { id: ID } },
        querystring: {
          type: 'object',
          required: ['purpose'],
          properties: { purpose: PURPOSE },
        },
        response: { 200: READ_RESULT, ...errors },
      },
    },
    async (request) => {
      const actor = await staffActor(request, ctx);
      const gateway = await data.gateway();
      const result = await gateway.read({
        actor,
        purpose: request.query.purpose,
        by: { customerId: request.params.id },
      });
      if (result.customers.length === 0)
        throw new NotFoundError(`no customer ${request.params.id}`);
      return {
        customers: result.customers.map(out),
        fields: result.fields,
        audit_index: result.auditIndex,
      };
    },
  );

  app.post<{ Body: LookupBody }>(
    '/customers/lookup',
    {
      config: { right: 'read' },
      schema: {
        summary:
          'find customers by phone, ID number, email, or name + birth date (blind index; masked, audited)',
        tags: ['customers'],
        body: {
          type: 'object',
          required: ['purpose'],
          additionalProperties: false,
          properties: {
            purpose: PURPOSE,
            phone: { type: 'string', maxLength: 64 },
            id_number: { type: 'string', maxLength: 64 },
            email: { type: 'string', maxLength: 256 },
            name: { type: 'string', maxLength: 128 },
            birth_date: { type: 'string', maxLength: 32 },
          },
        },
        response: { 200: READ_RESULT, ...errors },
      },
    },
    async (request) => {
      const by = keyOf(request.body);
      const actor = await staffActor(request, ctx);
      const gateway = await data.gateway();
      const result = await gateway.read({ actor, purpose: request.body.purpose, by });
      return {
        customers: result.customers.map(out),
        fields: result.fields,
        audit_index: result.auditIndex,
      };
    },
  );

  app.get<{
    Querystring: {
      purpose: string;
      agent?: string;
      branch?: string;
      region?: string;
      team?: string;
      page?: number;
      page_size?: number;
    };
  }>(
    '/customers',
    {
      config: { right: 'read' },
      // Fastify strips unknown query keys silently; here an unknown key (e.g. `phone`) must be an
      // error, or a caller would believe a PI filter applied — PI filters go through `lookup`.
      preValidation: async (request) => {
        const allowed = new Set(SEARCH_KEYS);
        const unknown = Object.keys(request.query as object).filter((k) => !allowed.has(k));
        if (unknown.length > 0) {
          throw new InputError(
            `unknown search parameter(s) ${unknown.join(', ')}; search filters on ${SEARCH_KEYS.join(', ')} (PI values: POST /customers/lookup)`,
          );
        }
      },
      schema: {
        summary:
          'search customers on clear columns (agent, branch, region, team); paginated, masked, audited',
        tags: ['customers'],
        querystring: {
          type: 'object',
          required: ['purpose'],
          additionalProperties: false,
          properties: {
            purpose: PURPOSE,
            agent: ID,
            branch: ID,
            region: { type: 'string', pattern: '^[0-9]{2}$' },
            team: ID,
            page: { type: 'integer', minimum: 1, default: 1 },
            page_size: { type: 'integer', minimum: 1, maximum: 500, default: 50 },
          },
        },
        response: {
          200: {
            type: 'object',
            required: ['customers', 'fields', 'page', 'page_size', 'has_more', 'audit_index'],
            properties: {
              customers: { type: 'array', items: MASKED_CUSTOMER },
              fields: { type: 'array', items: { type: 'string' } },
              page: { type: 'integer' },
              page_size: { type: 'integer' },
              has_more: { type: 'boolean' },
              audit_index: { type: 'integer' },
            },
          },
          ...errors,
        },
      },
    },
    async (request) => {
      const q = request.query;
      const filter: CustomerFilter = {
        ...(q.agent === undefined ? {} : { agent: q.agent }),
        ...(q.branch === undefined ? {} : { branch: q.branch }),
        ...(q.region === undefined ? {} : { region: q.region }),
        ...(q.team === undefined ? {} : { team: q.team }),
      };
      const actor = await staffActor(request, ctx);
      const gateway = await data.gateway();
      const result = await gateway.search({
        actor,
        purpose: q.purpose,
        filter,
        page: q.page ?? 1,
        pageSize: q.page_size ?? 50,
      });
      return {
        customers: result.customers.map(out),
        fields: result.fields,
        page: result.page,
        page_size: result.pageSize,
        has_more: result.hasMore,
        audit_index: result.auditIndex,
      };
    },
  );

  app.post<{ Body: Buffer }>(
    '/imports/customers',
    {
      config: { right: 'import:customers' },
      schema: {
        summary:
          'import customers from a CSV/TSV/XLSX/JSONL body (by content type); upsert on customer id, all or nothing',
        tags: ['customers'],
        response: {
          200: {
            type: 'object',
            properties: {
              rows: { type: 'integer' },
              inserted: { type: 'integer' },
              updated: { type: 'integer' },
              skipped_deleted: { type: 'integer' },
              encoding: { type: 'string' },
              file_sha256: { type: 'string' },
              audit_index: { type: 'integer' },
              mapping: { type: 'array', items: { type: 'string' } },
            },
          },
          ...errors,
          415: ERROR_BODY_SCHEMA,
        },
      },
    },
    async (request) => {
      const type = String(request.headers['content-type'] ?? '')
        .split(';')[0]!
        .trim()
        .toLowerCase();
      const ext = IMPORT_CONTENT_TYPES[type];
      if (ext === undefined || !Buffer.isBuffer(request.body)) {
        throw new InputError(
          `send the file with one of the content types ${Object.keys(IMPORT_CONTENT_TYPES).join(', ')}`,
        );
      }
      const dir = mkdtempSync(
        join(existsSync('/dev/shm') ? '/dev/shm' : tmpdir(), 'piguard-import-'),
      );
      const file = join(dir, `body.${ext}`);
      let mapping: string[] = [];
      try {
        writeFileSync(file, request.body, { mode: 0o600 });
        const r = await importCustomers(ctx.database, ctx.keys, {
          file,
          actor: request.principal!.id,
          threads: 0,
          now: ctx.now,
          onMapping: (lines) => (mapping = lines),
        });
        return {
          rows: r.rows,
          inserted: r.inserted,
          updated: r.updated,
          skipped_deleted: r.skippedDeleted,
          encoding: r.encoding,
          file_sha256: r.fileSha256,
          audit_index: r.auditIndex,
          mapping: mapping.map((l) => l.replaceAll(file, 'body')),
        };
      } catch (err) {
        if (err instanceof InputError) {
          throw new InputError(err.message.replaceAll(file, 'body'));
        }
        throw err;
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );

  app.delete<{ Params: { id: string } }>(
    '/customers/:id',
    {
      config: { right: 'admin' },
      schema: {
        summary: "crypto-shred a customer's personal data (PIPL art. 47); audit entries stay",
        tags: ['customers'],
        params: { type: 'object', required: ['id'], properties: { id: ID } },
        response: {
          200: {
            type: 'object',
            required: ['customer_id', 'shredded', 'audit_index'],
            properties: {
              customer_id: { type: 'string' },
              shredded: { type: 'boolean' },
              audit_index: { type: 'integer' },
            },
          },
          ...errors,
        },
      },
    },
    async (request) => {
      const vault = await data.vault();
      const id = request.params.id;
      const actor = request.principal!.id;
      const auditIndex = await ctx.database.db.transaction().execute(async (trx) => {
        await vault.shred(trx, id);
        const [idx] = await ctx.log.appendInTransaction(trx, [
          { type: 'deletion', customer: id, actor, ts: ctx.now().toISOString() },
        ]);
        return idx!;
      });
      return { customer_id: id, shredded: true, audit_index: auditIndex };
    },
  );
};
