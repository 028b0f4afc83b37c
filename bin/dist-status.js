// Whether dist/ holds a current build of src/: how the `piguard` bin chooses compiled JavaScript
// over running the sources through tsx, and how benchmarks report which one they measured.
import { readdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const SRC = fileURLToPath(new URL('../src/', import.meta.url));
const DIST = fileURLToPath(new URL('../dist/', import.meta.url));

/**
 * True when every .ts/.js file under src/ has its output in dist/ and none is newer than it, so
 * an edit, a checkout or a new file means the sources until the next `npm run build`. Costs a
 * few milliseconds (two stats per source file).
 *
 * @example
 * if (distIsCurrent()) await import('../dist/cli/main.js');
 */
export function distIsCurrent() {
  if (!statSync(`${DIST}cli/main.js`, { throwIfNoEntry: false })) return false;
  const pending = [''];
  while (pending.length > 0) {
    const dir = pending.pop();
    for (const e of readdirSync(SRC + dir, { withFileTypes: true })) {
      const rel = dir + e.name;
      if (e.isDirectory()) {
        pending.push(`${rel}/`);
        continue;
      }
      if (rel.endsWith('.d.ts') || !/\.[tj]s$/.test(rel)) continue;
      const out = statSync(DIST + rel.replace(/\.ts$/, '.js'), { throwIfNoEntry: false });
      if (!out || out.mtimeMs < statSync(SRC + rel).mtimeMs) return false;
    }
  }
  return true;
}
