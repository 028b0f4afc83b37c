#!/usr/bin/env node
// The installed `piguard` command. It runs the compiled build in dist/ when `npm run build` has
// made one and it is current (see dist-status.js), and otherwise the TypeScript sources through
// tsx, so that a fresh clone works after `npm install` with no build step. Why both: starting
// through tsx costs ~0.4 CPU-s more (loading tsx and esbuild, every module through the loader
// thread) — for `piguard scan` over 50 MB, a sixth of the work — and ~30 MB more memory.
// PIGUARD_FROM_SOURCE=1 forces the sources (to compare, or to debug through tsx).
import { distIsCurrent } from './dist-status.js';

let main;
if (process.env.PIGUARD_FROM_SOURCE !== '1' && distIsCurrent()) {
  ({ main } = await import('../dist/cli/main.js'));
} else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../src/cli/main.ts'));
}
process.exitCode = await main(process.argv.slice(2));
