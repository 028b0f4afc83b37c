/**
 * The audit log for people and systems with the right `audit:read` (the raw tiles stay public
 * under `/log/`):
 * - `GET /audit/checkpoint` → the latest signed checkpoint (JSON: size, root, note, origin, key);
 * - `GET /audit/entries/:idx` → the entry (its canonical JSON);
 * - `GET /audit/entries/:idx/proof` → a C2SP tlog-proof (text) against the latest checkpoint;
 * - `POST /audit/verify` → re-derive the tree and check every stored and published checkpoint.
 */
import { existsSync } from 'node:fs';
import type { FastifyPluginAsync } from 'fastify';
import { FileCheckpointPublisher } from '../../audit/checkpoint-publisher.ts';
import { verifyLog } from '../../audit/log-verifier.ts';
import { inclusionProof } from '../../audit/merkle-proofs.ts';
import { formatTlogProof } from '../../audit/tlog-proof.ts';
import { NotFoundError } from '../../core/errors.ts';
import { ERROR_BODY_SCHEMA } from '../error-handler.ts';
import type { ServerRouteOptions } from '../server-services.ts';

const errors = { 401: ERROR_BODY_SCHEMA, 403: ERROR_BODY_SCHEMA, 404: ERROR_BODY_SCHEMA };
const IDX_PARAMS = {
  type: 'object',
  required: ['idx'],
  properties: { idx: { type: 'integer', minimum: 0 } },
} as const;

/**
 * @example
 * await app.register(auditRoutes, { prefix: '/api/v1', services });
 */
export const auditRoutes: FastifyPluginAsync<ServerRouteOptions> = async (app, { services }) => {
  const log = services.ctx.log;

  app.get(
    '/audit/checkpoint',
    {
      config: { right: 'audit:read' },
      schema: {
        summary: 'the latest signed checkpoint of the audit log',
        tags: ['audit'],
        response: {
          200: {
            type: 'object',
            required: ['origin', 'verifier_key', 'log_size', 'checkpoint'],
            properties: {
              origin: { type: 'string' },
              verifier_key: { type: 'string' },
              log_size: { type: 'integer', description: 'entries committed, signed or not' },
              checkpoint: {
                type: ['object', 'null'],
                properties: {
                  size: { type: 'integer' },
                  root_hash: { type: 'string', description: 'base64' },
                  note: { type: 'string', description: 'C2SP signed note, verbatim' },
                  created_at: { type: 'string' },
                },
              },
            },
          },
          ...errors,
        },
      },
    },
    async () => {
      const info = await log.info();
      const latest = await log.latestCheckpoint();
      return {
        origin: info.origin,
        verifier_key: info.verifierKey,
        log_size: info.size,
        checkpoint: latest
          ? {
              size: latest.size,
              root_hash: latest.rootHash.toString('base64'),
              note: latest.note,
              created_at: latest.createdAt,
            }
          : null,
      };
    },
  );

  app.get<{ Params: { idx: number } }>(
    '/audit/entries/:idx',
    {
      config: { right: 'audit:read' },
      schema: {
        summary: "entry idx's exact leaf bytes (canonical JSON)",
        tags: ['audit'],
        params: IDX_PARAMS,
        response: { 200: { type: 'object', additionalProperties: true }, ...errors },
      },
    },
    async (request, reply) => {
      const bytes = await entryOrNotFound(request.params.idx);
      return reply.type('application/json; charset=utf-8').send(bytes);
    },
  );

  app.get<{ Params: { idx: number } }>(
    '/audit/entries/:idx/proof',
    {
      config: { right: 'audit:read' },
      schema: {
        summary: 'C2SP tlog-proof of entry idx against the latest signed checkpoint (text)',
        tags: ['audit'],
        params: IDX_PARAMS,
        response: { 200: { type: 'string' }, ...errors },
      },
    },
    async (request, reply) => {
      const index = request.params.idx;
      const entry = await entryOrNotFound(index);
      const latest = await log.latestCheckpoint();
      if (!latest || index >= latest.size) {
        throw new NotFoundError(
          `entry ${index} is not covered by the latest signed checkpoint (size ${latest?.size ?? 0}) yet`,
        );
      }
      const proof = await inclusionProof(index, latest.size, log.nodeSource());
      const text = formatTlogProof({ index, proof, checkpoint: latest.note, extra: entry });
      return reply.type('text/plain; charset=utf-8').send(text);
    },
  );

  app.post(
    '/audit/verify',
    {
      config: { right: 'audit:read' },
      schema: {
        summary: 'verify the whole log against its stored and published checkpoints',
        tags: ['audit'],
        response: {
          200: {
            type: 'object',
            required: ['ok', 'origin', 'size', 'checkpoints_checked', 'problems'],
            properties: {
              ok: { type: 'boolean' },
              origin: { type: 'string' },
              size: { type: 'integer' },
              root_hash: { type: 'string' },
              checkpoints_checked: { type: 'integer' },
              published_file: { type: ['string', 'null'] },
              problems: { type: 'array', items: { type: 'string' } },
            },
          },
          ...errors,
        },
      },
    },
    async () => {
      const file = services.checkpointsFile;
      const published =
        file !== undefined && existsSync(file)
          ? [{ source: file, notes: new FileCheckpointPublisher(file).readAll() }]
          : [];
      const report = await verifyLog(log.db, { logId: log.logId, published, workers: 0 });
      return {
        ok: report.ok,
        origin: report.origin,
        size: report.derivedSize,
        root_hash: report.derivedRoot.toString('base64'),
        checkpoints_checked: report.checkpointsChecked,
        published_file: published.length > 0 ? file! : null,
        problems: report.problems.map((p) => p.message),
      };
    },
  );

  async function entryOrNotFound(index: number): Promise<Buffer> {
    if (index >= (await log.size())) throw new NotFoundError(`no audit entry ${index}`);
    return log.entry(index);
  }
};
