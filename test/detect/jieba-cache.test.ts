import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

// The built jieba dictionary is cached in <node_modules>/.cache/piguard/. Each case runs a fresh
// process, since a process builds or reads the dictionary once.
const require = createRequire(import.meta.url);
const DICT = join(dirname(require.resolve('@node-rs/jieba/dict.js')), 'dict.txt');
const CACHE = join(dirname(DICT), '..', '..', '.cache', 'piguard', 'jieba-dictionary-v1.bin');
const JIEBA = fileURLToPath(new URL('../../src/detect/jieba.ts', import.meta.url));

const TEXT = '被保险人陈思思来柜台办理业务，王者荣耀 高速公路，欧阳娜娜😀说：你好';

/** Tags TEXT in a new process; also returns what the native segmenter says (no HMM). */
function tagInChild(): { js: string[]; native: string[] } {
  const script = [
    `import { tagWithOffsets, sharedJieba } from ${JSON.stringify(JIEBA)};`,
    `const text = ${JSON.stringify(TEXT)};`,
    'const js = tagWithOffsets(text).map((t) => `${t.word}/${t.tag}`);',
    'const native = sharedJieba().tag(text, false).map((t) => `${t.word}/${t.tag}`);',
    'process.stdout.write(JSON.stringify({ js, native }));',
  ].join('\n');
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    encoding: 'utf8',
  });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout) as { js: string[]; native: string[] };
}

test('a dictionary read from the cache tags as one built from the text', () => {
  rmSync(CACHE, { force: true });
  const built = tagInChild();
  assert.deepEqual(built.js, built.native);
  assert.ok(existsSync(CACHE), 'the first process writes the cache');
  const size = statSync(CACHE).size;
  const cached = tagInChild();
  assert.deepEqual(cached.js, built.js);
  assert.equal(statSync(CACHE).size, size);
});

test('a damaged cache is ignored and replaced', () => {
  tagInChild();
  const good = readFileSync(CACHE);
  // Same length, wrong contents: entry indices far out of range.
  const bad = Buffer.from(good);
  bad.fill(0xff, 48, 48 + 4096);
  writeFileSync(CACHE, bad);
  const fromBad = tagInChild();
  assert.deepEqual(fromBad.js, fromBad.native);
  // Truncated.
  writeFileSync(CACHE, good.subarray(0, 1000));
  const fromShort = tagInChild();
  assert.deepEqual(fromShort.js, fromShort.native);
  assert.equal(statSync(CACHE).size, good.length, 'rebuilt and written again');
});
