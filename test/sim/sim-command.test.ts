import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { runCli } from '../helpers/run-cli.ts';
import { classifyFileColumns } from '../../src/detect/column-classifier.ts';
import { fieldForHeader } from '../../src/detect/column-names.ts';
import { createOrganisation, simulateEvents, type SimTruth } from '../../src/sim/index.ts';
import { parseExtraPerDay, parseWhole } from '../../src/cli/sim-command.ts';

const ARGS = ['--customers', '1500', '--staff', '60', '--months', '3', '--seed', '5'];
let dir: string;
let out: string;
let run: ReturnType<typeof runCli>;

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'piguard-sim-'));
  out = join(dir, 'org');
  run = runCli(['sim', '--out', out, ...ARGS]);
});
after(() => rmSync(dir, { recursive: true, force: true }));

test('sim writes every file of DESIGN §5.3 and a summary', () => {
  assert.equal(run.status, 0, run.stderr);
  assert.match(run.stdout, /1500 customers/);
  for (const f of [
    'customers.csv',
    'staff.csv',
    'events.jsonl',
    'complaints.jsonl',
    'truth.json',
  ]) {
    assert.ok(existsSync(join(out, f)), f);
  }
  assert.ok(readdirSync(join(out, 'leaks')).length >= 1);
  // No partial files left behind.
  assert.deepEqual(
    readdirSync(out).filter((f) => f.endsWith('.partial')),
    [],
  );
  const customers = readFileSync(join(out, 'customers.csv'));
  assert.deepEqual([...customers.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 BOM');
  const staffHeader = readFileSync(join(out, 'staff.csv'), 'utf8').split('\r\n')[0]!;
  assert.equal(staffHeader.replace('\ufeff', ''), '员工编号,岗位,机构,团队,入职日期,离职日期');
});

test('the files hold exactly what the in-memory API gives', () => {
  const org = createOrganisation({ customers: 1500, staff: 60, months: 3, seed: 5 });
  const lines = readFileSync(join(out, 'events.jsonl'), 'utf8').trimEnd().split('\n');
  const events = [...simulateEvents(org)].flat();
  assert.equal(lines.length, events.length);
  for (let i = 0; i < lines.length; i += 97) assert.deepEqual(JSON.parse(lines[i]!), events[i]);
  const truth = JSON.parse(readFileSync(join(out, 'truth.json'), 'utf8')) as SimTruth;
  assert.deepEqual(truth, JSON.parse(JSON.stringify(org.truth)));
  for (const leak of truth.leaks) {
    const rows = readFileSync(join(out, leak.file), 'utf8')
      .replace('\ufeff', '')
      .trimEnd()
      .split('\r\n');
    assert.equal(rows.length, leak.rows + 1);
  }
  const complaints = readFileSync(join(out, 'complaints.jsonl'), 'utf8').trimEnd().split('\n');
  assert.equal(complaints.length, truth.complaints.total);
});

test('piguard scan finds the PI in customers.csv, and every column header maps to a field', async () => {
  const file = join(out, 'customers.csv');
  const { columns } = await classifyFileColumns(file);
  const types = new Map(columns.map((c) => [c.header, c.type]));
  assert.equal(types.get('姓名'), 'PERSON_NAME');
  assert.equal(types.get('出生日期'), 'DATE_OF_BIRTH');
  assert.equal(types.get('手机'), 'PHONE_NUMBER');
  assert.equal(types.get('身份证号'), 'CN_RESIDENT_ID');
  assert.equal(types.get('地址'), 'ADDRESS');
  assert.equal(types.get('邮箱'), 'EMAIL_ADDRESS');
  for (const c of columns) {
    if (c.type) assert.ok(c.share >= 0.95, `${c.header}: ${c.share}`);
  }
  // 机构 (branch) is the one header the detect column names do not know.
  const unmapped = columns.filter((c) => !fieldForHeader(c.header)).map((c) => c.header);
  assert.deepEqual(unmapped, ['机构']);

  const scan = runCli(['scan', '--types', 'CN_RESIDENT_ID,PHONE_NUMBER', file]);
  assert.equal(scan.status, 0, scan.stderr);
  const found = scan.stdout
    .trimEnd()
    .split('\n')
    .map((l) => JSON.parse(l) as { type: string });
  assert.ok(found.filter((f) => f.type === 'CN_RESIDENT_ID').length >= 1500 * 0.99);
  assert.ok(found.filter((f) => f.type === 'PHONE_NUMBER').length >= 1500 * 0.99);
});

test('--encoding gb18030 writes the customer and staff files in GB18030', () => {
  const gb = join(dir, 'gb');
  const r = runCli([
    'sim',
    '--out',
    gb,
    '--encoding',
    'gb18030',
    '--customers',
    '200',
    '--staff',
    '30',
    '--months',
    '1',
    '--seed',
    '5',
    '--scenarios',
    'none',
  ]);
  assert.equal(r.status, 0, r.stderr);
  const text = iconv.decode(readFileSync(join(gb, 'customers.csv')), 'gb18030');
  assert.ok(text.startsWith('客户编号,姓名'));
  const truth = JSON.parse(readFileSync(join(gb, 'truth.json'), 'utf8')) as SimTruth;
  assert.deepEqual(truth.scenarios, []);
});

test('bad options exit 2 with one line and write nothing', () => {
  // The rest of the option checks are covered in-process (organisation.test.ts, option parsers).
  const cases: string[][] = [
    ['--customers', 'abc'],
    ['--start', '2025-13-01'],
    ['--scenarios', 'slow_exfiltration,bogus'],
    ['--encoding', 'latin1'],
  ];
  for (const extra of cases) {
    const target = join(dir, 'bad');
    const r = runCli(['sim', '--out', target, ...extra]);
    assert.equal(r.status, 2, `${extra.join(' ')}: ${r.stderr}`);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    assert.ok(!existsSync(join(target, 'events.jsonl')));
  }
  const missing = runCli(['sim']);
  assert.equal(missing.status, 2);
});

test('option parsers', () => {
  assert.equal(parseWhole('--staff', '2000'), 2000);
  assert.throws(() => parseWhole('--staff', '1e3'));
  assert.deepEqual(parseExtraPerDay('80-150'), [80, 150]);
  assert.equal(parseExtraPerDay('110'), 110);
  assert.throws(() => parseExtraPerDay('lots'));
});
