/**
 * The ONE place where errors become HTTP status codes and bodies:
 * InputError / UsageError / schema validation → 400, UnauthenticatedError → 401,
 * AccessDeniedError / CsrfError → 403, NotFoundError → 404, ConflictError → 409,
 * TooManyRequestsError and the rate limiter → 429, Fastify's own client errors keep their 4xx code
 * with a fixed message, anything else → 500 "internal error".
 *
 * Bodies never carry personal data: piguard's own error messages name ids, rows and columns only
 * (src/core/errors.ts), schema errors name the offending path (never the value), and unexpected
 * errors are replaced by a generic message. The log line of a 500 carries the error's class, code
 * and message but never driver `detail` fields (PostgreSQL puts row values there).
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import {
  AccessDeniedError,
  ConflictError,
  InputError,
  NotFoundError,
  UsageError,
} from '../core/errors.ts';
import { CsrfError, TooManyRequestsError, UnauthenticatedError } from './http-errors.ts';

/** Body of every error response. */
export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string;
  /** Machine-readable refusal reason (403 from policy or rights). */
  reason?: string;
}

/** JSON schema of {@link ErrorBody}, for route response schemas and OpenAPI. */
export const ERROR_BODY_SCHEMA = {
  type: 'object',
  required: ['statusCode', 'error', 'message'],
  properties: {
    statusCode: { type: 'integer' },
    error: { type: 'string' },
    message: { type: 'string' },
    reason: { type: 'string' },
  },
} as const;

const NAMES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
};

/**
 * Maps a thrown value to a status and a PI-free body.
 *
 * @example
 * errorResponse(new NotFoundError('no customer C9')); // { statusCode: 404, error: 'Not Found', message: 'no customer C9' }
 */
export function errorResponse(err: unknown): ErrorBody {
  const body = (statusCode: number, message: string, reason?: string): ErrorBody => ({
    statusCode,
    error: NAMES[statusCode] ?? 'Error',
    message,
    ...(reason === undefined ? {} : { reason }),
  });
  if (err instanceof InputError || err instanceof UsageError) return body(400, err.message);
  if (err instanceof UnauthenticatedError) return body(401, err.message);
  if (err instanceof AccessDeniedError) return body(403, err.message, err.reason);
  if (err instanceof CsrfError) return body(403, err.message, 'csrf');
  if (err instanceof NotFoundError) return body(404, err.message);
  if (err instanceof ConflictError) return body(409, err.message);
  if (err instanceof TooManyRequestsError) return body(429, err.message);
  const fe = err as Partial<FastifyError> | null;
  if (fe && typeof fe === 'object' && Array.isArray(fe.validation)) {
    // Ajv messages name the path and the rule ("must match pattern …"), never the value.
    const first = fe.validation[0];
    const where = `${fe.validationContext ?? 'request'}${first?.instancePath ?? ''}`;
    return body(400, `${where} ${first?.message ?? 'is invalid'}`);
  }
  const status = fe && typeof fe.statusCode === 'number' ? fe.statusCode : 500;
  if (status === 429) return body(429, 'rate limit exceeded; retry later');
  if (status >= 400 && status < 500) {
    // Fastify's client errors (bad JSON, body too large, unsupported type): a fixed message per
    // status, because parser messages can quote the body.
    const fixed: Record<number, string> = {
      400: 'malformed request',
      413: 'request body too large',
      415: 'unsupported content type',
    };
    return body(status, fixed[status] ?? (NAMES[status] ?? 'client error').toLowerCase());
  }
  return body(500, 'internal error');
}

/**
 * Removes what could be a value from an unexpected error's text before it is logged: quoted
 * strings (drivers quote offending input: `invalid input syntax for type date: "…"`), runs of 5+
 * digits (phone, ID, card numbers) and CJK text (names, addresses). Identifiers such as table
 * and column names stay, so the line is still useful.
 *
 * @example
 * scrubValues('invalid input syntax: "13812345678"'); // 'invalid input syntax: "…"'
 */
export function scrubValues(text: string | undefined): string | undefined {
  return text
    ?.replace(/"[^"\n]*"/g, '"…"')
    .replace(/'[^'\n]*'/g, "'…'")
    .replace(/\d{5,}/g, '…')
    .replace(/[\u3400-\u9fff\uf900-\ufaff]+/g, '…');
}

/**
 * Fastify error handler built on {@link errorResponse}.
 *
 * @example
 * app.setErrorHandler(handleError);
 */
export function handleError(err: unknown, request: FastifyRequest, reply: FastifyReply): void {
  const body = errorResponse(err);
  if (body.statusCode >= 500) {
    const e = err as { name?: string; code?: string; message?: string; stack?: string };
    request.log.error(
      {
        error: {
          type: e.name,
          code: e.code,
          message: scrubValues(e.message),
          stack: scrubValues(e.stack),
        },
      },
      'request failed',
    );
  }
  if (err instanceof TooManyRequestsError) {
    void reply.header('retry-after', String(err.retryAfterSeconds));
  }
  // Serialised here, not by the route's response schema: every error body has the same shape
  // (with `reason`) whatever schema a route module declared for its error codes.
  void reply
    .code(body.statusCode)
    .type('application/json; charset=utf-8')
    .serializer((payload: unknown) => JSON.stringify(payload))
    .send(body);
}
