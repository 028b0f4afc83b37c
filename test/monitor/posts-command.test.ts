import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers/run-cli.ts';

// Each run spawns the real bin (a few seconds on a loaded machine), so each test checks several
// things about one run.
const dir = mkdtempSync(join(tmpdir(), 'piguard-posts-'));
const posts = [
  { id: 'a', text: '长期出车主资料，精准实时，加V：car_demo01' },
  { id: 'b', text: '近日警方破获一起出售车主资料案，犯罪嫌疑人被刑事拘留。' },
  { id: 'c', text: '出股民数据，一手，Q：100012345' },
  { id: 'd', text: '股民资料样本：王伟 13900139001，Q：100012345' },
];
const jsonl = posts.map((p) => JSON.stringify(p)).join('\n') + '\n';

test('posts classify FILE: one record per post, contract key order, Markdown report', () => {
  const file = join(dir, 'posts.jsonl');
  const report = join(dir, 'takedown.md');
  writeFileSync(file, jsonl);
  const r = runCli(['posts', 'classify', file, '--report', report]);
  assert.equal(r.status, 0, r.stderr);
  const records = r.stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  assert.equal(records.length, 4);
  for (const rec of records) {
    assert.deepEqual(Object.keys(rec).slice(0, 5), [
      'id',
      'label',
      'score',
      'contacts',
      'pii_types',
    ]);
  }
  assert.deepEqual(
    records.map((x) => x['label']),
    ['pi_trade', 'other', 'pi_trade', 'pi_trade'],
  );
  assert.deepEqual(records[0]!['contacts'], ['wechat:car_demo01']);
  // PI samples are typed in the output and masked in the report, never echoed raw.
  assert.ok((records[3]!['pii_types'] as string[]).includes('PHONE_NUMBER'));
  const md = readFileSync(report, 'utf8');
  assert.match(md, /^# Takedown report/);
  assert.match(md, /139\*{4}9001/);
  assert.doesNotMatch(md, /13900139001/);
  assert.doesNotMatch(r.stdout, /13900139001/);
});

test('posts classify - reads stdin; a .json report groups posts by contact', () => {
  const report = join(dir, 'takedown.json');
  const r = runCli(['posts', 'classify', '-', '--report', report], { input: jsonl });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout.trim().split('\n').length, 4);
  const rep = JSON.parse(readFileSync(report, 'utf8')) as {
    posts_flagged: number;
    by_contact: Array<{ contact: string; posts: string[] }>;
  };
  assert.equal(rep.posts_flagged, 3);
  assert.equal(rep.by_contact[0]!.contact, 'qq:100012345');
  assert.deepEqual(rep.by_contact[0]!.posts, ['c', 'd']);
});

test('a bad line exits 2 with FILE:LINE and writes nothing', () => {
  const file = join(dir, 'bad.jsonl');
  const report = join(dir, 'bad-report.md');
  writeFileSync(file, `${JSON.stringify(posts[0])}\n{"id":"x","text":42}\n`);
  const r = runCli(['posts', 'classify', file, '--report', report]);
  assert.equal(r.status, 2);
  assert.equal(r.stdout, '');
  assert.equal(r.stderr.trim(), `piguard: ${file}:2: "text" must be a string`);
  assert.equal(existsSync(report), false);
  // The message never echoes the post.
  assert.doesNotMatch(r.stderr, /车主/);
});

test('invalid JSON on stdin is an input error naming <stdin> and the line', () => {
  const r = runCli(['posts', 'classify', '-'], { input: '{"id":"1","text":"ok"}\nnot json\n' });
  assert.equal(r.status, 2);
  assert.equal(r.stdout, '');
  assert.equal(r.stderr.trim(), 'piguard: <stdin>:2: not valid JSON');
});
