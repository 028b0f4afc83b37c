/**
 * `npm run bench [-- FILTER…]`: runs every `bench/*.bench.ts` in its own node process, one after
 * another, streaming its output. With filters, only files whose name contains one of them run
 * (`npm run bench -- scan`). Separate processes keep one benchmark's heap, JIT state and worker
 * threads from skewing the next; sequence keeps them from competing for the cores.
 *
 * Exit code: 0 when every benchmark exited 0, else 1.
 */
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

const BENCH_DIR = fileURLToPath(new URL('.', import.meta.url));

/**
 * The benchmark files to run, sorted by name, filtered by substrings of the file name.
 *
 * @example
 * benchFiles(['scan']); // ['/…/bench/scan.bench.ts']
 */
export function benchFiles(filters: readonly string[], dir: string = BENCH_DIR): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.bench.ts'))
    .filter((f) => filters.length === 0 || filters.some((s) => f.includes(s)))
    .sort()
    .map((f) => join(dir, f));
}

/** Runs one benchmark file with inherited stdio; resolves to its exit code. */
function runOne(file: string): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', file], { stdio: 'inherit' });
    child.on('error', () => resolve(1));
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

async function main(): Promise<number> {
  const files = benchFiles(process.argv.slice(2));
  if (files.length === 0) {
    console.error('no benchmark matched');
    return 2;
  }
  let failed = 0;
  for (const file of files) {
    const name = file.slice(BENCH_DIR.length);
    console.log(`\n=== ${name} ===`);
    const started = Date.now();
    const code = await runOne(file);
    console.log(`=== ${name}: exit ${code}, ${((Date.now() - started) / 1000).toFixed(1)} s ===`);
    if (code !== 0) failed++;
  }
  return failed === 0 ? 0 : 1;
}

// Only run when executed, so that the file list helper can be imported by a test.
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  process.exitCode = await main();
}
