/**
 * The server's pino logger. Request log lines are written by the app itself (one per response:
 * route pattern, method, status, time, principal) instead of Fastify's default, which would log
 * full URLs — query strings can carry search terms. Headers and bodies are never logged; the
 * redaction list below is a second line of defence should any code log a request or an error
 * carrying them (invariant 2: no plaintext PI in logs).
 */
import { pino, type DestinationStream, type Logger, type LoggerOptions } from 'pino';

/** Paths pino replaces with "[redacted]" wherever they appear in a log object. */
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-subject-code"]',
  'req.body',
  'request.body',
  'body',
  'res.headers["set-cookie"]',
  'headers.authorization',
  'headers.cookie',
  'password',
  '*.password',
  'code',
  '*.code_plain',
  'err.detail',
];

/**
 * Options for the server's logger.
 *
 * @example
 * const logger = serverLogger({ level: 'info' }, pino.destination('server.log'));
 */
export function serverLogger(
  options: { level?: string } = {},
  destination?: DestinationStream,
): Logger {
  const opts: LoggerOptions = {
    level: options.level ?? 'info',
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    // Only what identifies a request; never headers, body or query string.
    serializers: {
      req: (req: { method?: string; routeOptions?: { url?: string }; id?: string }) => ({
        method: req.method,
        route: req.routeOptions?.url,
        id: req.id,
      }),
      res: (res: { statusCode?: number }) => ({ statusCode: res.statusCode }),
    },
  };
  return destination ? pino(opts, destination) : pino(opts);
}
