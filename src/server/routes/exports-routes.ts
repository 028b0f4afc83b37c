/**
 * Exports through the gateway (DESIGN §4.3, §4.6): the policy decides forbidden (refused and
 * audited), needs approval (pending until another member of staff approves), or allowed.
 * - `POST /exports {purpose, recipient?, filter, format}` (right `export`) → 201 with the file's
 *   id and digest when produced now, or 202 `pending` with what will be exported.
 * - `GET /exports` / `GET /exports/:id` (right `export`): the caller's own requests.
 * - `GET /exports/:id/file` (right `export`): the file. A file produced by `POST /exports` is kept
 *   in memory for 10 minutes and handed out once; an approved export is produced now (the gateway
 *   audits that as an export like any other).
 * - `GET /approvals` (right `approve`): pending requests the caller may decide, with purpose,
 *   recipient, rows and columns — what will go out and why.
 * - `POST /exports/:id/decision {decision, reason?}` (right `approve`): audited; self-approval
 *   is refused by the gateway.
 */
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { NotFoundError } from '../../core/errors.ts';
import {
  EXPORT_FORMATS,
  FILTER_KEYS,
  type CustomerFilter,
  type ExportFile,
  type ExportFormat,
  type ExportStatus,
  type ExportSummary,
} from '../../vault/gateway/gateway-types.ts';
import { ERROR_BODY_SCHEMA } from '../error-handler.ts';
import type { ServerRouteOptions } from '../server-services.ts';
import { staffActor } from '../staff-actor.ts';

/** How long a produced file waits for its download. */
export const EXPORT_FILE_TTL_MS = 10 * 60 * 1000;

const CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  'csv-gb18030': 'text/csv; charset=gb18030',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

const FILTER_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  properties: Object.fromEntries(FILTER_KEYS.map((k) => [k, { type: 'string', maxLength: 256 }])),
} as const;

const SUMMARY_SCHEMA = {
  type: 'object',
  properties: {
    export_id: { type: 'string' },
    actor: { type: 'string' },
    purpose: { type: 'string' },
    recipient: { type: ['string', 'null'] },
    format: { type: 'string' },
    filter: { type: 'object', additionalProperties: { type: 'string' } },
    status: { type: 'string', enum: ['pending', 'approved', 'denied', 'done'] },
    rows: { type: 'integer' },
    columns: { type: 'array', items: { type: 'string' } },
    requested_at: { type: 'string' },
    decided_by: { type: ['string', 'null'] },
    decided_at: { type: ['string', 'null'] },
    decision_reason: { type: ['string', 'null'] },
    completed_at: { type: ['string', 'null'] },
    file_sha256: { type: ['string', 'null'] },
  },
} as const;

const errors = {
  400: ERROR_BODY_SCHEMA,
  401: ERROR_BODY_SCHEMA,
  403: ERROR_BODY_SCHEMA,
  404: ERROR_BODY_SCHEMA,
  409: ERROR_BODY_SCHEMA,
};

/** A summary as the API shows it (snake_case, like every body). */
function summaryOut(s: ExportSummary): Record<string, unknown> {
  return {
    export_id: s.exportId,
    actor: s.actor,
    purpose: s.purpose,
    recipient: s.recipient,
    format: s.format,
    filter: s.filter,
    status: s.status,
    rows: s.rows,
    columns: s.columns,
    requested_at: s.requestedAt,
    decided_by: s.decidedBy,
    decided_at: s.decidedAt,
    decision_reason: s.decisionReason,
    completed_at: s.completedAt,
    file_sha256: s.fileSha256,
  };
}

interface HeldFile {
  file: ExportFile;
  actor: string;
  expires: number;
}

/**
 * @example
 * await app.register(exportsRoutes, { prefix: '/api/v1', services });
 */
export const exportsRoutes: FastifyPluginAsync<ServerRouteOptions> = async (app, { services }) => {
  const { ctx, data } = services;
  const held = new Map<string, HeldFile>();
  const sweep = () => {
    const now = ctx.now().getTime();
    for (const [id, h] of held) if (h.expires <= now) held.delete(id);
  };

  const sendFile = (reply: FastifyReply, file: ExportFile) =>
    reply
      .header('content-type', CONTENT_TYPES[file.format])
      .header(
        'content-disposition',
        `attachment; filename="${file.exportId}.${file.format === 'xlsx' ? 'xlsx' : 'csv'}"`,
      )
      .header('x-export-sha256', file.sha256)
      .header('cache-control', 'no-store')
      .send(file.bytes);

  app.post<{
    Body: {
      purpose: string;
      recipient?: string | null;
      filter?: CustomerFilter;
      format?: ExportFormat;
    };
  }>(
    '/exports',
    {
      config: { right: 'export' },
      schema: {
        summary: 'request an export; produced now (201) or pending approval (202) per policy',
        tags: ['exports'],
        body: {
          type: 'object',
          required: ['purpose'],
          additionalProperties: false,
          properties: {
            purpose: { type: 'string', minLength: 1, maxLength: 64 },
            recipient: { type: ['string', 'null'], maxLength: 256 },
            filter: FILTER_SCHEMA,
            format: { type: 'string', enum: [...EXPORT_FORMATS], default: 'csv' },
          },
        },
        response: {
          201: {
            type: 'object',
            properties: {
              status: { type: 'string', enum: ['done'] },
              export_id: { type: 'string' },
              rows: { type: 'integer' },
              file_rows: { type: 'integer' },
              columns: { type: 'array', items: { type: 'string' } },
              sha256: { type: 'string' },
              audit_index: { type: 'integer' },
              file_url: { type: 'string' },
            },
          },
          202: {
            type: 'object',
            properties: {
              status: { type: 'string', enum: ['pending'] },
              export_id: { type: 'string' },
              rows: { type: 'integer' },
              columns: { type: 'array', items: { type: 'string' } },
            },
          },
          ...errors,
        },
      },
    },
    async (request, reply) => {
      const actor = await staffActor(request, ctx);
      const gateway = await data.gateway();
      const b = request.body;
      const outcome = await gateway.export({
        actor,
        purpose: b.purpose,
        recipient: b.recipient ?? null,
        filter: b.filter ?? {},
        format: b.format ?? 'csv',
      });
      if (outcome.status === 'pending') {
        return reply.code(202).send({
          status: 'pending',
          export_id: outcome.exportId,
          rows: outcome.rows,
          columns: outcome.columns,
        });
      }
      const file = outcome.file;
      sweep();
      held.set(file.exportId, { file, actor, expires: ctx.now().getTime() + EXPORT_FILE_TTL_MS });
      return reply.code(201).send({
        status: 'done',
        export_id: file.exportId,
        rows: file.rows,
        file_rows: file.fileRows,
        columns: file.columns,
        sha256: file.sha256,
        audit_index: file.auditIndex,
        file_url: `/api/v1/exports/${file.exportId}/file`,
      });
    },
  );

  app.get<{ Querystring: { status?: ExportStatus } }>(
    '/exports',
    {
      config: { right: 'export' },
      schema: {
        summary: "the caller's export requests, newest first",
        tags: ['exports'],
        querystring: {
          type: 'object',
          properties: {
            status: { type: 'string', enum: ['pending', 'approved', 'denied', 'done'] },
          },
        },
        response: {
          200: { type: 'object', properties: { items: { type: 'array', items: SUMMARY_SCHEMA } } },
          ...errors,
        },
      },
    },
    async (request) => {
      const actor = await staffActor(request, ctx);
      const gateway = await data.gateway();
      const items = await gateway.listExports({
        actor,
        ...(request.query.status === undefined ? {} : { status: request.query.status }),
      });
      return { items: items.map(summaryOut) };
    },
  );

  app.get<{ Params: { id: string } }>(
    '/exports/:id',
    {
      config: { right: 'export' },
      schema: {
        summary: 'one of the caller’s export requests',
        tags: ['exports'],
        params: {
          type: 'object',
          required: ['id'],
          properties: { id: { type: 'string', maxLength: 64 } },
        },
        response: { 200: SUMMARY_SCHEMA, ...errors },
      },
    },
    async (request) => {
      const actor = await staffActor(request, ctx);
      const gateway = await data.gateway();
      const summary = await gateway.getExport(request.params.id);
      // Someone else's export id is answered like an unknown one (ids are not to be probed).
      if (summary.actor !== actor) throw new NotFoundError(`no export ${request.params.id}`);
      return summaryOut(summary);
    },
  );

  app.get<{ Params: { id: string } }>(
    '/exports/:id/file',
    {
      config: { right: 'export' },
      schema: {
        summary: 'download the export file (produced now if it was approved)',
        tags: ['exports'],
        params: {
          type: 'object',
          required: ['id'],
          properties: { id: { type: 'string', maxLength: 64 } },
        },
        response: { 200: { type: 'string', format: 'binary' }, ...errors },
      },
    },
    async (request, reply) => {
      const actor = await staffActor(request, ctx);
      sweep();
      const h = held.get(request.params.id);
      if (h && h.actor === actor) {
        held.delete(request.params.id);
        return sendFile(reply, h.file);
      }
      const gateway = await data.gateway();
      const file = await gateway.fetchExport({ exportId: request.params.id, actor });
      return sendFile(reply, file);
    },
  );

  app.get(
    '/approvals',
    {
      config: { right: 'approve' },
      schema: {
        summary: 'pending exports the caller may decide: what, why, how many rows, which columns',
        tags: ['exports'],
        response: {
          200: { type: 'object', properties: { items: { type: 'array', items: SUMMARY_SCHEMA } } },
          ...errors,
        },
      },
    },
    async (request) => {
      const approver = await staffActor(request, ctx);
      const gateway = await data.gateway();
      const items = await gateway.listExports({ status: 'pending', approver });
      return { items: items.map(summaryOut) };
    },
  );

  app.post<{ Params: { id: string }; Body: { decision: 'approve' | 'deny'; reason?: string } }>(
    '/exports/:id/decision',
    {
      config: { right: 'approve' },
      schema: {
        summary: 'approve or deny a pending export (not one’s own); audited',
        tags: ['exports'],
        params: {
          type: 'object',
          required: ['id'],
          properties: { id: { type: 'string', maxLength: 64 } },
        },
        body: {
          type: 'object',
          required: ['decision'],
          additionalProperties: false,
          properties: {
            decision: { type: 'string', enum: ['approve', 'deny'] },
            reason: { type: 'string', maxLength: 1000 },
          },
        },
        response: { 200: SUMMARY_SCHEMA, ...errors },
      },
    },
    async (request) => {
      const approver = await staffActor(request, ctx);
      const gateway = await data.gateway();
      const summary = await gateway.decideExport({
        exportId: request.params.id,
        approver,
        decision: request.body.decision,
        ...(request.body.reason === undefined ? {} : { reason: request.body.reason }),
      });
      return summaryOut(summary);
    },
  );
};
