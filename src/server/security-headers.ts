/**
 * Security headers from @fastify/helmet, computed once.
 *
 * @fastify/helmet builds a new helmet middleware — parsing the CSP directives again — on every
 * request (measured: it halves the throughput of a bare route). The headers depend only on the
 * options, so the app asks @fastify/helmet once, at start-up, on a throwaway instance, and sets
 * the same header set on every response from an onRequest hook. Routes may still override one
 * (e.g. a download's own content type is untouched: helmet sets no content headers).
 */
import Fastify from 'fastify';
import helmet, { type FastifyHelmetOptions } from '@fastify/helmet';

/** Headers of the probe response that are not helmet's. */
const NOT_HELMET = new Set([
  'content-type',
  'content-length',
  'date',
  'connection',
  'keep-alive',
  'transfer-encoding',
]);

/**
 * The headers @fastify/helmet sets with `options`, as a name → value map.
 *
 * @example
 * const headers = await helmetHeaders({ contentSecurityPolicy: { directives: { defaultSrc: ["'self'"] } } });
 * app.addHook('onRequest', (_req, reply, done) => { reply.headers(headers); done(); });
 */
export async function helmetHeaders(
  options: FastifyHelmetOptions,
): Promise<Record<string, string>> {
  const probe = Fastify();
  try {
    await probe.register(helmet, options);
    probe.get('/', async () => 'probe');
    const res = await probe.inject({ url: '/' });
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(res.headers)) {
      if (NOT_HELMET.has(name) || value === undefined) continue;
      headers[name] = Array.isArray(value) ? value.join(', ') : String(value);
    }
    return headers;
  } finally {
    await probe.close();
  }
}
