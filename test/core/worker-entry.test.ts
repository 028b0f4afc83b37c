import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { workerEntry } from '../../src/core/worker-entry.ts';

test('from the sources a worker starts at its tsx shim, compiled at its body', () => {
  const src = 'file:///app/src/vault/event-import.ts';
  const dist = 'file:///app/dist/vault/event-import.js';
  assert.equal(workerEntry(src, 'w').href, 'file:///app/src/vault/w.js');
  assert.equal(workerEntry(dist, 'w').href, 'file:///app/dist/vault/w-main.js');
  assert.equal(workerEntry(dist, 'w', true).href, 'file:///app/dist/vault/w.js');
});

test('every worker the project starts has both a shim and a body in src/', () => {
  for (const [dir, name] of <const>[
    ['audit', 'verify-worker'],
    ['detect', 'scan-worker'],
    ['vault', 'event-import-worker'],
    ['watch', 'sqlite-page-worker'],
  ]) {
    const base = new URL(`../../src/${dir}/x.ts`, import.meta.url).href;
    assert.ok(existsSync(fileURLToPath(workerEntry(base, name))), `${name}.js`);
    assert.ok(existsSync(fileURLToPath(new URL(`./${name}-main.ts`, base))), `${name}-main.ts`);
  }
});
