/**
 * `webStaticPlugin` — serves the built dashboard (web/dist) from the API server, so one process
 * and one origin carry both: the session cookie is SameSite=Strict and the CSP can stay
 * same-origin.
 *
 * - Files under web/dist are served with their content type; hashed build assets
 *   (`/assets/…`) are cached for a year as immutable, everything else (index.html, favicon)
 *   must be revalidated (`no-cache` + ETag → 304), so a new build is picked up at once.
 * - Any other GET that accepts HTML and is not under `/api/` or `/log/` gets index.html (the
 *   dashboard routes on the client: `/alerts/12` must load the app). Unknown `/api/…` and
 *   `/log/…` paths, and non-HTML requests for missing files, get the app's normal 404.
 * - Paths are resolved inside the root only (no `..`, no NUL, no dotfiles); symlinks are not
 *   followed out of it.
 * - When web/dist has not been built, pages answer 503 with the command to build it
 *   (`npm run build:web`; `npm start` builds it by itself).
 *
 * Register it at the root of the app, after the API routes:
 *
 *     await app.register(webStaticPlugin);                     // web/dist of this checkout
 *     await app.register(webStaticPlugin, { root: '/srv/piguard-web' });
 *
 * Its one route is `config: { public: true }`: the dashboard's files hold no data; the data
 * comes from the API, which checks the session.
 */
import { createHash } from 'node:crypto';
import { readFile, realpath, stat } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';

/** Where `npm run build:web` writes the dashboard. */
export const DEFAULT_WEB_ROOT = fileURLToPath(new URL('../../web/dist', import.meta.url));

export interface WebStaticOptions {
  /** Directory holding the built dashboard (default: web/dist of this package). */
  root?: string;
  /** Path prefixes that belong to the server, never answered with index.html. */
  reservedPrefixes?: readonly string[];
}

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
};

/** Build assets carry a content hash in their name: they never change under the same URL. */
const IMMUTABLE = 'public, max-age=31536000, immutable';
const REVALIDATE = 'no-cache';

/**
 * Content type for a file name (octet-stream when unknown, so browsers never sniff).
 *
 * @example
 * contentTypeFor('index-abc.js') // 'text/javascript; charset=utf-8'
 */
export function contentTypeFor(file: string): string {
  return CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * The file a URL path names inside root, or null when the path tries to leave root, names a
 * dotfile or is malformed.
 *
 * @example
 * resolveInside('/srv/web', '/assets/a.js') // '/srv/web/assets/a.js'
 * resolveInside('/srv/web', '/../etc/passwd') // null
 */
export function resolveInside(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const segments = decoded.split('/').filter((s) => s !== '');
  if (segments.some((s) => s === '..' || s.startsWith('.'))) return null;
  const base = resolve(root);
  const file = resolve(base, ...segments);
  if (file !== base && !file.startsWith(base + sep)) return null;
  return file;
}

interface FileHit {
  body: Buffer;
  etag: string;
}

async function readInside(root: string, file: string): Promise<FileHit | null> {
  try {
    const st = await stat(file);
    if (!st.isFile()) return null;
    // A symlink inside web/dist must not lead out of it.
    const real = await realpath(file);
    const realRoot = await realpath(root);
    if (!real.startsWith(realRoot + sep)) return null;
    const body = await readFile(real);
    const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
    return { body, etag };
  } catch {
    return null;
  }
}

function send(
  request: FastifyRequest,
  reply: FastifyReply,
  file: string,
  hit: FileHit,
  cache: string,
): FastifyReply {
  reply.header('cache-control', cache).header('etag', hit.etag);
  reply.header('content-type', contentTypeFor(file));
  if (request.headers['if-none-match'] === hit.etag) return reply.code(304).send();
  return reply.code(200).send(hit.body);
}

function acceptsHtml(request: FastifyRequest): boolean {
  const accept = request.headers.accept ?? '';
  return accept === '' || accept.includes('text/html') || accept.includes('*/*');
}

/**
 * The plugin. See the module comment for what it serves and how.
 *
 * @example
 * const app = Fastify();
 * await app.register(webStaticPlugin, { root: 'web/dist' });
 * (await app.inject({ url: '/alerts/3', headers: { accept: 'text/html' } })).statusCode // 200
 */
export const webStaticPlugin: FastifyPluginAsync<WebStaticOptions> = async (app, options) => {
  const root = resolve(options.root ?? DEFAULT_WEB_ROOT);
  const reserved = options.reservedPrefixes ?? ['/api/', '/log/', '/api'];

  app.get('/*', { config: { public: true }, schema: { hide: true } }, async (request, reply) => {
    const path = request.url.split('?')[0] ?? '/';
    if (reserved.some((p) => path === p || path.startsWith(p.endsWith('/') ? p : `${p}/`)))
      return reply.callNotFound();

    const file = path === '/' ? join(root, 'index.html') : resolveInside(root, path);
    if (file !== null) {
      const hit = await readInside(root, file);
      if (hit !== null) {
        const immutable = path.startsWith('/assets/') && !file.endsWith('.html');
        return send(request, reply, file, hit, immutable ? IMMUTABLE : REVALIDATE);
      }
    }
    // A missing build asset is a 404, never index.html: a stale page asking for an old hashed
    // script must fail loudly, not parse HTML as JavaScript.
    if (path.startsWith('/assets/') || !acceptsHtml(request)) return reply.callNotFound();

    const indexFile = join(root, 'index.html');
    const index = await readInside(root, indexFile);
    if (index === null) {
      return reply
        .code(503)
        .header('cache-control', 'no-store')
        .type('text/plain; charset=utf-8')
        .send('The dashboard is not built: run `npm run build:web` (npm start builds it).\n');
    }
    return send(request, reply, indexFile, index, REVALIDATE);
  });
};
