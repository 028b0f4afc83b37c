/**
 * Cases and evidence over HTTP (right `investigate` on every route; DESIGN §5.6):
 * - `GET /cases?page=&pageSize=&status=&suspect=&assignee=` → `{cases, total, page, pageSize}`
 *   (newest first, one page; see page-query.ts), `POST /cases`, `GET /cases/:id`;
 * - `POST /cases/:id/items | notes | status | assignee` — each change audited like the CLI's;
 * - `GET /cases/:id/evidence` — export and download the evidence bundle (records a custody entry
 *   and signs a checkpoint, so the server's key provider must give the master key);
 * - `GET /cases/:id/report?lang=&format=html|pdf` — the printable case report;
 * - `GET /cases/:id/notification?lang=&format=html|pdf|json` — the PIPL art. 57 draft.
 *
 * The acting principal's id is the actor recorded in the case history.
 *
 * Mount under `/api/v1` with `{ ctx }` (src/server/route-context.ts) or the app's `{ services }`.
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import {
  DEFAULT_CHECKPOINTS_FILE,
  FileCheckpointPublisher,
} from '../../audit/checkpoint-publisher.ts';
import { loadLogSigner } from '../../audit/log-signer.ts';
import { notificationDraft, renderNotification } from '../../cases/breach-notification.ts';
import { collectCaseFacts } from '../../cases/case-facts.ts';
import {
  CASE_ITEM_KINDS,
  CASE_STATUSES,
  type CaseItemInput,
  type CaseRecord,
  type CaseStatus,
} from '../../cases/case-model.ts';
import { renderCaseReport } from '../../cases/case-report.ts';
import { CaseStore } from '../../cases/case-store.ts';
import { casePartOf, itemsOf } from '../../cases/evidence-bundle.ts';
import { exportEvidence, toolVersion } from '../../cases/evidence-export.ts';
import { DEFAULT_LEGAL_CONFIG, type LegalConfig } from '../../cases/legal-categories.ts';
import { reportSourceFromFacts } from '../../cases/report-source.ts';
import type { Lang } from '../../core/config.ts';
import { UsageError } from '../../core/errors.ts';
import type { AppContext } from '../route-context.ts';
import {
  PAGE_QUERY_PROPERTIES,
  PAGE_RESPONSE_PROPERTIES,
  pageWindow,
  type PageQuery,
} from './page-query.ts';

/** Either the shared route options or the app's own services (both carry the AppContext). */
export interface CaseRoutesOptions {
  ctx?: AppContext;
  services?: { ctx: AppContext; checkpointsFile?: string | undefined };
  /** Legal mapping for counts (default: the documented default mapping). */
  legalConfig?: LegalConfig;
  /** Published checkpoints file (default: the services', else $PIGUARD_CHECKPOINTS_FILE, else ./piguard.checkpoints). */
  checkpointsFile?: string;
}

const ID_PARAMS = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'string', minLength: 1, maxLength: 100 } },
} as const;
const LANG = { type: 'string', enum: ['zh-CN', 'en'], default: 'en' } as const;
const ACTOR = { type: 'string', minLength: 1, maxLength: 200 } as const;
const ITEM_BODY = {
  type: 'object',
  required: ['kind', 'ref', 'snapshot'],
  properties: {
    kind: { type: 'string', enum: [...CASE_ITEM_KINDS] },
    ref: ACTOR,
    snapshot: { description: 'the item JSON: an alert (§5.4), a trace (§5.5), a complaint, …' },
  },
} as const;

/** A case as the list and the changes return it (the same keys as {@link caseJson}). */
const CASE_SCHEMA = {
  type: 'object',
  properties: {
    case_id: { type: 'string' },
    suspect: { type: 'string' },
    title: { type: 'string' },
    status: { type: 'string', enum: [...CASE_STATUSES] },
    assignee: { type: ['string', 'null'] },
    created_at: { type: 'string' },
    created_by: { type: 'string' },
    updated_at: { type: 'string' },
  },
} as const;

interface CasesQuerystring extends PageQuery {
  status?: CaseStatus;
  suspect?: string;
  assignee?: string;
}

function caseJson(c: CaseRecord): Record<string, unknown> {
  return {
    case_id: c.caseId,
    suspect: c.suspect,
    title: c.title,
    status: c.status,
    assignee: c.assignee,
    created_at: c.createdAt,
    created_by: c.createdBy,
    updated_at: c.updatedAt,
  };
}

function actorOf(request: FastifyRequest): string {
  // The app's authentication hook sets the principal on every route that needs a right.
  const p = request.principal;
  if (!p) throw new UsageError('no authenticated principal on this request');
  return p.id;
}

/**
 * @example
 * await app.register(caseRoutes, { prefix: '/api/v1', ctx });
 */
export const caseRoutes: FastifyPluginAsync<CaseRoutesOptions> = async (app, options) => {
  const ctx = options.ctx ?? options.services?.ctx;
  if (!ctx) throw new Error('caseRoutes needs { ctx } or { services }');
  const store = new CaseStore(ctx.log, ctx.database.engine, { now: () => ctx.now() });
  const legalConfig = options.legalConfig ?? DEFAULT_LEGAL_CONFIG;
  const checkpointsFile =
    options.checkpointsFile ??
    options.services?.checkpointsFile ??
    (process.env['PIGUARD_CHECKPOINTS_FILE'] || DEFAULT_CHECKPOINTS_FILE);
  const config = { right: 'investigate' as const };
  const tags = ['cases'];

  app.get<{ Querystring: CasesQuerystring }>(
    '/cases',
    {
      config,
      schema: {
        summary: 'cases, newest first (paginated, filtered)',
        tags,
        querystring: {
          type: 'object',
          properties: {
            ...PAGE_QUERY_PROPERTIES,
            status: { type: 'string', enum: [...CASE_STATUSES] },
            suspect: ACTOR,
            assignee: ACTOR,
          },
        },
        response: {
          200: {
            type: 'object',
            required: ['cases', 'total', 'page', 'pageSize'],
            properties: {
              cases: { type: 'array', items: CASE_SCHEMA },
              ...PAGE_RESPONSE_PROPERTIES,
            },
          },
        },
      },
    },
    async (request) => {
      const q = request.query;
      const { page, pageSize, offset } = pageWindow(q);
      const { cases, total } = await store.listPage(
        {
          ...(q.status ? { status: q.status } : {}),
          ...(q.suspect ? { suspect: q.suspect } : {}),
          ...(q.assignee ? { assignee: q.assignee } : {}),
        },
        { limit: pageSize, offset },
      );
      return { cases: cases.map(caseJson), total, page, pageSize };
    },
  );

  app.post<{ Body: { suspect: string; title: string; assignee?: string } }>(
    '/cases',
    {
      config,
      schema: {
        summary: 'open a case about a suspect',
        tags,
        body: {
          type: 'object',
          required: ['suspect', 'title'],
          additionalProperties: false,
          properties: { suspect: ACTOR, title: ACTOR, assignee: ACTOR },
        },
      },
    },
    async (request, reply) => {
      const b = request.body;
      const c = await store.openCase({
        suspect: b.suspect,
        title: b.title,
        actor: actorOf(request),
        ...(b.assignee ? { assignee: b.assignee } : {}),
      });
      return reply.code(201).send(caseJson(c));
    },
  );

  app.get<{ Params: { id: string } }>(
    '/cases/:id',
    {
      config,
      schema: { summary: 'a case with its items, notes and history', tags, params: ID_PARAMS },
    },
    async (request) => {
      const d = await store.get(request.params.id);
      const part = casePartOf(d);
      return { ...caseJson(d), items: itemsOf(d), notes: part.notes, history: part.history };
    },
  );

  app.post<{ Params: { id: string }; Body: CaseItemInput | { items: CaseItemInput[] } }>(
    '/cases/:id/items',
    {
      config,
      bodyLimit: 8 * 1024 * 1024,
      schema: {
        summary: 'attach one item, or several in one transaction ({items: [...]})',
        tags,
        params: ID_PARAMS,
        body: {
          oneOf: [
            ITEM_BODY,
            {
              type: 'object',
              required: ['items'],
              properties: {
                items: { type: 'array', minItems: 1, maxItems: 1000, items: ITEM_BODY },
              },
            },
          ],
        },
      },
    },
    async (request, reply) => {
      const b = request.body;
      const items = 'items' in b ? b.items : [b];
      const added = await store.attachItems(request.params.id, items, actorOf(request));
      return reply.code(201).send({
        items: added.map((i) => ({
          item_no: i.itemNo,
          kind: i.kind,
          ref: i.ref,
          snapshot_sha256: i.snapshotSha256,
          audit_index: i.auditIdx,
        })),
      });
    },
  );

  app.post<{ Params: { id: string }; Body: { text: string } }>(
    '/cases/:id/notes',
    {
      config,
      schema: {
        summary: 'add a note (the log records its hash)',
        tags,
        params: ID_PARAMS,
        body: {
          type: 'object',
          required: ['text'],
          additionalProperties: false,
          properties: { text: { type: 'string', minLength: 1, maxLength: 20000 } },
        },
      },
    },
    async (request, reply) => {
      const n = await store.addNote(request.params.id, request.body.text, actorOf(request));
      return reply
        .code(201)
        .send({ note_no: n.noteNo, created_at: n.createdAt, audit_index: n.auditIdx });
    },
  );

  app.post<{ Params: { id: string }; Body: { status: string } }>(
    '/cases/:id/status',
    {
      config,
      schema: {
        summary: 'move the case: open → investigating → referred, or → closed (409 otherwise)',
        tags,
        params: ID_PARAMS,
        body: {
          type: 'object',
          required: ['status'],
          additionalProperties: false,
          properties: { status: { type: 'string', enum: [...CASE_STATUSES] } },
        },
      },
    },
    async (request) =>
      caseJson(await store.setStatus(request.params.id, request.body.status, actorOf(request))),
  );

  app.post<{ Params: { id: string }; Body: { assignee: string | null } }>(
    '/cases/:id/assignee',
    {
      config,
      schema: {
        summary: 'assign the case (null unassigns)',
        tags,
        params: ID_PARAMS,
        body: {
          type: 'object',
          required: ['assignee'],
          additionalProperties: false,
          properties: { assignee: { anyOf: [ACTOR, { type: 'null' }] } },
        },
      },
    },
    async (request) =>
      caseJson(await store.setAssignee(request.params.id, request.body.assignee, actorOf(request))),
  );

  app.get<{ Params: { id: string }; Querystring: { not_in_duty?: boolean } }>(
    '/cases/:id/evidence',
    {
      config,
      schema: {
        summary: 'export the evidence bundle (docs/evidence.md) as a download',
        tags,
        params: ID_PARAMS,
        querystring: {
          type: 'object',
          properties: {
            not_in_duty: { type: 'boolean', description: 'no halving of the thresholds' },
          },
        },
      },
    },
    async (request, reply) => {
      const caseId = request.params.id;
      await store.get(caseId); // 404 before the signer is unwrapped
      const signer = await loadLogSigner(
        ctx.database.db,
        await ctx.keys.getMasterKey(),
        ctx.log.logId,
      );
      const publisher = new FileCheckpointPublisher(checkpointsFile);
      const { bundle, warnings } = await exportEvidence(store, caseId, {
        actor: actorOf(request),
        legalConfig: request.query.not_in_duty
          ? { ...legalConfig, obtained_in_duty: false }
          : legalConfig,
        signer,
        publishers: [publisher],
        published: [{ source: checkpointsFile, read: () => publisher.readAll() }],
        now: () => ctx.now(),
      });
      for (const w of warnings) request.log.warn({ case: caseId }, w);
      return reply
        .type('application/json; charset=utf-8')
        .header(
          'content-disposition',
          `attachment; filename="${caseId.replace(/[^A-Za-z0-9-]/g, '_')}.evidence.json"`,
        )
        .send(`${JSON.stringify(bundle, null, 2)}\n`);
    },
  );

  const source = async (caseId: string) =>
    reportSourceFromFacts(
      await collectCaseFacts(store, caseId, legalConfig),
      ctx.log,
      toolVersion(),
      ctx.now(),
    );
  const send = async (
    reply: FastifyReply,
    htmlText: string,
    format: 'html' | 'pdf',
    name: string,
  ) => {
    if (format === 'html') return reply.type('text/html; charset=utf-8').send(htmlText);
    const { renderPdf } = await import('../../cases/pdf-renderer.ts');
    return reply
      .type('application/pdf')
      .header('content-disposition', `attachment; filename="${name}.pdf"`)
      .send(await renderPdf(htmlText));
  };

  app.get<{ Params: { id: string }; Querystring: { lang: Lang; format: 'html' | 'pdf' } }>(
    '/cases/:id/report',
    {
      config,
      schema: {
        summary: 'the printable case report (HTML, or PDF rendered by Chromium)',
        tags,
        params: ID_PARAMS,
        querystring: {
          type: 'object',
          properties: {
            lang: LANG,
            format: { type: 'string', enum: ['html', 'pdf'], default: 'html' },
          },
        },
      },
    },
    async (request, reply) => {
      const { lang, format } = request.query;
      const src = await source(request.params.id);
      return send(reply, renderCaseReport(src, lang), format, `${src.case.case_id}-report`);
    },
  );

  app.get<{
    Params: { id: string };
    Querystring: { lang: Lang; format: 'html' | 'pdf' | 'json'; contact?: string; cause?: string };
  }>(
    '/cases/:id/notification',
    {
      config,
      schema: {
        summary: 'breach-notification draft (PIPL art. 57): HTML, PDF or JSON',
        tags,
        params: ID_PARAMS,
        querystring: {
          type: 'object',
          properties: {
            lang: LANG,
            format: { type: 'string', enum: ['html', 'pdf', 'json'], default: 'html' },
            contact: { type: 'string', maxLength: 500 },
            cause: { type: 'string', maxLength: 2000 },
          },
        },
      },
    },
    async (request, reply) => {
      const { lang, format, contact, cause } = request.query;
      const src = await source(request.params.id);
      const opts = { ...(contact ? { contact } : {}), ...(cause ? { cause } : {}) };
      if (format === 'json') return notificationDraft(src, lang, opts);
      return send(
        reply,
        renderNotification(src, lang, opts),
        format,
        `${src.case.case_id}-notification`,
      );
    },
  );
};
