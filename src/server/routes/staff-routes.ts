/**
 * Staff (DESIGN §5.3), right `admin`:
 * - `GET /staff?team=&branch=&role=` → members (ids, roles, branches, teams, dates — no customer PI);
 * - `POST /staff/import` with a staff CSV body (`text/csv`; UTF-8 or GB18030) → upsert, one
 *   transaction with its audit entry; a bad row is a 400 `body:ROW: problem`, nothing kept.
 */
import { createHash } from 'node:crypto';
import type { FastifyPluginAsync } from 'fastify';
import { InputError } from '../../core/errors.ts';
import { parseStaffFile } from '../../vault/staff-file.ts';
import { importStaff } from '../../vault/staff-import.ts';
import { listStaff, type StaffQuery } from '../../vault/staff-store.ts';
import { loadPolicyFile } from '../../vault/policy/policy-loader.ts';
import { ERROR_BODY_SCHEMA } from '../error-handler.ts';
import type { ServerRouteOptions } from '../server-services.ts';

const errors = { 400: ERROR_BODY_SCHEMA, 401: ERROR_BODY_SCHEMA, 403: ERROR_BODY_SCHEMA };
const NULLABLE = { type: ['string', 'null'] } as const;

/**
 * @example
 * await app.register(staffRoutes, { prefix: '/api/v1', services });
 */
export const staffRoutes: FastifyPluginAsync<ServerRouteOptions> = async (app, { services }) => {
  const { ctx } = services;
  app.addContentTypeParser(
    ['text/csv', 'application/octet-stream'],
    { parseAs: 'buffer' },
    (_request, body, done) => done(null, body),
  );

  app.get<{ Querystring: StaffQuery }>(
    '/staff',
    {
      config: { right: 'admin' },
      schema: {
        summary: 'list staff (optionally by team, branch or role)',
        tags: ['staff'],
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            team: { type: 'string', maxLength: 128 },
            branch: { type: 'string', maxLength: 128 },
            role: { type: 'string', maxLength: 128 },
          },
        },
        response: {
          200: {
            type: 'object',
            properties: {
              items: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: {
                    staff_id: { type: 'string' },
                    role: { type: 'string' },
                    role_raw: NULLABLE,
                    branch: NULLABLE,
                    team: NULLABLE,
                    start_date: NULLABLE,
                    end_date: NULLABLE,
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
      const members = await listStaff(ctx.database.db, request.query);
      return {
        items: members.map((m) => ({
          staff_id: m.staffId,
          role: m.role,
          role_raw: m.roleRaw,
          branch: m.branch,
          team: m.team,
          start_date: m.startDate,
          end_date: m.endDate,
        })),
      };
    },
  );

  app.post<{ Body: Buffer }>(
    '/staff/import',
    {
      config: { right: 'admin' },
      schema: {
        summary: 'import a staff CSV (text/csv body); upsert, audited, all or nothing',
        tags: ['staff'],
        response: {
          200: {
            type: 'object',
            properties: {
              rows: { type: 'integer' },
              inserted: { type: 'integer' },
              updated: { type: 'integer' },
              audit_index: { type: 'integer' },
            },
          },
          ...errors,
        },
      },
    },
    async (request) => {
      if (!Buffer.isBuffer(request.body)) {
        throw new InputError('send the staff file as a text/csv body');
      }
      const policy = loadPolicyFile(ctx.policyPath);
      const members = parseStaffFile(request.body, 'body', policy);
      const r = await importStaff(ctx.database, ctx.log, members, {
        actor: request.principal!.id,
        source: 'api',
        sha256: createHash('sha256').update(request.body).digest('hex'),
        now: ctx.now(),
      });
      return { rows: r.rows, inserted: r.inserted, updated: r.updated, audit_index: r.auditIndex };
    },
  );
};
