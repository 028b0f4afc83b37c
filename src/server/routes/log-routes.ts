/**
 * The audit log over HTTP per C2SP tlog-tiles, so standard transparency tooling can follow it.
 * A Fastify plugin meant to be mounted under `/log`:
 *
 *     app.register(logRoutes, { prefix: '/log', log: auditLog });
 *
 * Routes (relative to the prefix):
 * - `GET /checkpoint`: the latest signed checkpoint, verbatim (text/plain, short cache).
 * - `GET /tile/<L>/<N>[.p/<W>]`: hash tiles (application/octet-stream, immutable).
 * - `GET /tile/entries/<N>[.p/<W>]`: entry bundles (uint16 BE length-prefixed canonical JSON).
 *
 * Only what the latest SIGNED checkpoint covers is served: entries appended since are invisible
 * here until the next checkpoint, so a client never sees state the log has not committed to.
 * A tile of width W is served when the latest checkpoint's tree has at least W hashes in that tile
 * (a partial tile smaller than the current one is a prefix and never changes, so clients that
 * follow an older checkpoint can still read it); a path past that is 404, a malformed path 400.
 *
 * The log is public by design (it holds customer ids and actions, no personal data in clear):
 * the routes declare `config.public`; the app's global rate limit applies to them like any route.
 */
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import type { AuditLog } from '../../audit/audit-log.ts';
import { TileReader } from '../../audit/tile-reader.ts';
import { TILE_WIDTH, TileError, parseTilePath, tileWidthAt } from '../../audit/tiles.ts';

/** Checkpoint freshness: clients poll it, so caches may keep it only briefly. */
export const CHECKPOINT_CACHE_CONTROL = 'public, max-age=5';
/** Tiles and bundles never change once served (their path fixes size and content). */
export const TILE_CACHE_CONTROL = 'public, max-age=31536000, immutable';

export interface LogRoutesOptions {
  /** The log to serve. */
  log: AuditLog;
}

/**
 * The route plugin.
 *
 * @example
 * const app = Fastify();
 * await app.register(logRoutes, { prefix: '/log', log: new AuditLog(database) });
 * const res = await app.inject({ method: 'GET', url: '/log/tile/0/000.p/5' });
 */
export const logRoutes: FastifyPluginAsync<LogRoutesOptions> = async (app, options) => {
  const log = options.log;
  const reader = new TileReader(log.db, log.logId);

  app.get('/checkpoint', { config: { public: true } }, async (_request, reply) => {
    const latest = await log.latestCheckpoint();
    if (!latest) return notFound(reply, 'the log has not signed a checkpoint yet');
    return reply
      .header('content-type', 'text/plain; charset=utf-8')
      .header('cache-control', CHECKPOINT_CACHE_CONTROL)
      .send(latest.note);
  });

  app.get<{ Params: { '*': string } }>(
    '/tile/*',
    { config: { public: true } },
    async (request, reply) => {
      let tile: ReturnType<typeof parseTilePath>;
      try {
        tile = parseTilePath(`tile/${request.params['*']}`);
      } catch (err) {
        if (err instanceof TileError) {
          return reply
            .code(400)
            .header('content-type', 'text/plain; charset=utf-8')
            .send(`malformed tile path: ${err.message}\n`);
        }
        throw err;
      }
      const latest = await log.latestCheckpoint();
      const available = latest ? tileWidthAt(tile.level, tile.index, latest.size) : 0;
      const width = tile.width ?? TILE_WIDTH;
      if (width > available) {
        return notFound(reply, 'no such tile in the latest signed checkpoint');
      }
      const body = tile.entries
        ? await reader.entryBundle(tile.index, width)
        : await reader.tile(tile.level, tile.index, width);
      return reply
        .header('content-type', 'application/octet-stream')
        .header('cache-control', TILE_CACHE_CONTROL)
        .send(body);
    },
  );
};

function notFound(reply: FastifyReply, why: string): FastifyReply {
  return reply
    .code(404)
    .header('content-type', 'text/plain; charset=utf-8')
    .header('cache-control', 'no-cache')
    .send(`${why}\n`);
}
