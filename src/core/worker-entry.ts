/**
 * Where a worker thread starts. Workers do not inherit the main thread's module loader hooks, so
 * from the sources (run through tsx) each worker starts at a plain-JS shim `NAME.js` that
 * registers tsx and then imports `NAME-main.ts`. Compiled (dist/, where the calling module is
 * itself .js) the body `NAME-main.js` runs as it is, spared tsx's start-up (~0.3–0.6 CPU-s per
 * worker).
 */

/**
 * The URL a worker named `name` (a sibling of the module at `moduleUrl`) starts from.
 * `needsTsx` forces the shim even when compiled (e.g. a TypeScript plug-in module).
 *
 * @example
 * new Worker(workerEntry(import.meta.url, 'event-import-worker'), { workerData });
 */
export function workerEntry(moduleUrl: string, name: string, needsTsx = false): URL {
  const compiled = moduleUrl.endsWith('.js');
  return new URL(compiled && !needsTsx ? `./${name}-main.js` : `./${name}.js`, moduleUrl);
}
