#!/usr/bin/env node
// The installed `piguard` command. It runs the TypeScript sources through tsx so that a fresh
// clone works after `npm install` with no build step; `npm run build` output is not required.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
