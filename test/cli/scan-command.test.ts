import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { parseMinScore, parseTypes } from '../../src/cli/scan-command.ts';
import { runCli } from '../helpers/run-cli.ts';

// Values valid for the real recognisers: a mobile number, resident IDs with correct check
// digits, e-mail addresses. Test data, not anyone's.
const PHONE = '13800138000';
const ID = '11010519491231002X';
const EMAIL = 'zhangwei@example.com';
const TEXT = [
  '客户资料（测试）😀',
  `联系人手机：${PHONE}，身份证号：${ID}`,
  `邮箱 ${EMAIL}；备用手机 139-1234-5678`,
  '',
].join('\r\n');

let dir: string;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'piguard-scan-'));
  const twins = join(dir, 'twins');
  mkdirSync(twins);
  const utf16le = iconv.encode(TEXT, 'utf-16le');
  const utf16be = iconv.encode(TEXT, 'utf-16be');
  writeFileSync(join(twins, 'utf8.txt'), TEXT);
  writeFileSync(
    join(twins, 'utf8-bom.txt'),
    Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(TEXT)]),
  );
  writeFileSync(join(twins, 'gb18030.txt'), iconv.encode(TEXT, 'gb18030'));
  writeFileSync(
    join(twins, 'utf16le-bom.txt'),
    Buffer.concat([Buffer.from([0xff, 0xfe]), utf16le]),
  );
  writeFileSync(
    join(twins, 'utf16be-bom.txt'),
    Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be]),
  );
  writeFileSync(join(twins, 'utf16le.txt'), utf16le);
  writeFileSync(join(twins, 'utf16be.txt'), utf16be);
  writeFileSync(
    join(twins, 'zz-image.png'),
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d, 1, 2, 0, 0]),
  );

  const tables = join(dir, 'tables');
  mkdirSync(tables);
  writeFileSync(
    join(tables, 'a.csv'),
    `姓名,手机,备注\r\n张伟,"138\n0013 8000",无\r\n李四,${PHONE},"说""明"\r\n`,
  );
  writeFileSync(join(tables, 'b.tsv'), iconv.encode(`手机\t邮箱\n${PHONE}\t${EMAIL}\n`, 'gb18030'));
  writeFileSync(
    join(tables, 'c.json'),
    JSON.stringify({ customer: { mobile: PHONE, ids: [ID] } }, null, 2),
  );
  writeFileSync(join(tables, 'd.jsonl'), `{"phone":"${PHONE}"}\n{"email":"${EMAIL}"}\n`);
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('客户');
  ws.addRow(['客户编号', '手机', '身份证号']);
  ws.addRow(['C001', PHONE, ID]);
  ws.addRow(['C002', '13912345678', '110101199003074477']);
  await wb.xlsx.writeFile(join(tables, 'e.xlsx'));
});

after(() => rmSync(dir, { recursive: true, force: true }));

interface Row {
  path: string;
  line: number;
  column: number;
  start: number;
  end: number;
  type: string;
  text: string;
  score: number;
}

function parseJsonl(stdout: string): Row[] {
  return stdout
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Row);
}

test('GB18030 and UTF-16 (LE/BE, with and without BOM) scan exactly like UTF-8; binary skipped', () => {
  const r = runCli(['scan', join(dir, 'twins')]);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stderr.trim().split('\n').length, 1);
  assert.match(r.stderr, /^piguard: warning: .*zz-image\.png: skipped, binary file/);
  const rows = parseJsonl(r.stdout);
  const byFile = new Map<string, string>();
  for (const row of rows) {
    const name = row.path.slice(join(dir, 'twins').length + 1);
    const { path: _path, ...rest } = row;
    byFile.set(name, `${byFile.get(name) ?? ''}${JSON.stringify(rest)}\n`);
  }
  const reference = byFile.get('utf8.txt');
  assert.ok(reference);
  for (const name of ['utf8-bom', 'gb18030', 'utf16le-bom', 'utf16be-bom', 'utf16le', 'utf16be']) {
    assert.equal(byFile.get(`${name}.txt`), reference, name);
  }
  // Key order and values of the jsonl contract (DESIGN §5.2).
  const phone = rows.find((x) => x.path.endsWith('utf8.txt') && x.text === PHONE);
  assert.ok(phone);
  assert.deepEqual(Object.keys(phone), [
    'path',
    'line',
    'column',
    'start',
    'end',
    'type',
    'text',
    'score',
  ]);
  assert.deepEqual([phone.line, phone.column, phone.type], [2, 7, 'PHONE_NUMBER']);
  const codePoints = [...TEXT];
  for (const x of rows.filter((y) => y.path.endsWith('utf8.txt'))) {
    assert.equal(codePoints.slice(x.start, x.end).join(''), x.text);
  }
  assert.ok(rows.some((x) => x.type === 'CN_RESIDENT_ID' && x.text === ID));
  assert.ok(rows.some((x) => x.type === 'EMAIL_ADDRESS' && x.text === EMAIL));
});

test('CSV (line break inside a quoted cell), TSV, XLSX, JSON and JSON lines', () => {
  const r = runCli([
    'scan',
    '--types',
    'PHONE_NUMBER,CN_RESIDENT_ID,EMAIL_ADDRESS',
    join(dir, 'tables'),
  ]);
  assert.equal(r.status, 0, r.stderr);
  const rows = parseJsonl(r.stdout).map((x) => [
    x.path.slice(join(dir, 'tables').length + 1),
    x.line,
    x.column,
    x.type,
    x.text,
  ]);
  assert.deepEqual(rows, [
    ['a.csv', 2, 5, 'PHONE_NUMBER', '138\n0013 8000'],
    ['a.csv', 4, 4, 'PHONE_NUMBER', PHONE],
    ['b.tsv', 2, 1, 'PHONE_NUMBER', PHONE],
    ['b.tsv', 2, 13, 'EMAIL_ADDRESS', EMAIL],
    ['c.json', 3, 16, 'PHONE_NUMBER', PHONE],
    ['c.json', 5, 8, 'CN_RESIDENT_ID', ID],
    ['d.jsonl', 1, 11, 'PHONE_NUMBER', PHONE],
    ['d.jsonl', 2, 11, 'EMAIL_ADDRESS', EMAIL],
    ['e.xlsx', 2, 6, 'PHONE_NUMBER', PHONE],
    ['e.xlsx', 2, 18, 'CN_RESIDENT_ID', ID],
    ['e.xlsx', 3, 6, 'PHONE_NUMBER', '13912345678'],
    ['e.xlsx', 3, 18, 'CN_RESIDENT_ID', '110101199003074477'],
  ]);
});

test('stdin is scanned under the path -; --fail-on-findings exits 1 when something is found', () => {
  const r = runCli(['scan', '--fail-on-findings', '--types', 'PHONE_NUMBER', '-'], {
    input: `第一行\n电话 ${PHONE}\n`,
  });
  assert.equal(r.status, 1, r.stderr);
  const rows = parseJsonl(r.stdout);
  assert.deepEqual(rows, [
    {
      path: '-',
      line: 2,
      column: 4,
      start: 7,
      end: 18,
      type: 'PHONE_NUMBER',
      text: PHONE,
      score: rows[0]!.score,
    },
  ]);
});

test('a missing path and an unknown type are usage errors: exit 2, one line', () => {
  const missing = join(dir, 'no-such.txt');
  const r = runCli(['scan', join(dir, 'tables'), missing]);
  assert.equal(r.status, 2);
  assert.equal(r.stdout, '');
  assert.equal(r.stderr, `piguard: ${missing}: no such file or directory\n`);
  const t = runCli(['scan', '--types', 'PHONE_NUMBER,SHOE_SIZE', join(dir, 'tables')]);
  assert.equal(t.status, 2);
  assert.equal(t.stderr.trim().split('\n').length, 1);
  assert.match(t.stderr, /unknown entity type "SHOE_SIZE"/);
});

test('option parsing: types and scores', () => {
  assert.deepEqual(parseTypes(' PHONE_NUMBER,EMAIL_ADDRESS '), ['PHONE_NUMBER', 'EMAIL_ADDRESS']);
  assert.throws(() => parseTypes('phone'), { exitCode: 2 });
  assert.throws(() => parseTypes(','), { exitCode: 2 });
  assert.equal(parseMinScore('0.75'), 0.75);
  for (const bad of ['2', '-0.1', 'x', ''])
    assert.throws(() => parseMinScore(bad), { exitCode: 2 });
});

test('table format masks values unless --show-values', () => {
  const input = `手机 ${PHONE} 身份证 ${ID}\n`;
  const masked = runCli(
    ['scan', '--format', 'table', '--types', 'PHONE_NUMBER,CN_RESIDENT_ID', '-'],
    { input },
  );
  assert.equal(masked.status, 0, masked.stderr);
  assert.match(masked.stdout, /^LOCATION\s+TYPE\s+VALUE\s+SCORE\n/);
  assert.match(masked.stdout, /-:1:4\s+PHONE_NUMBER\s+138\*\*\*\*8000\s+\d\.\d\d\n/);
  assert.match(masked.stdout, /110105\*{8}002X/);
  assert.match(masked.stdout, /2 findings in 1 file\n$/);
  assert.ok(!masked.stdout.includes(PHONE) && !masked.stdout.includes(ID));
  const shown = runCli(
    ['scan', '--format', 'table', '--show-values', '--types', 'PHONE_NUMBER', '-'],
    { input },
  );
  assert.equal(shown.status, 0, shown.stderr);
  assert.ok(shown.stdout.includes(PHONE));
});

test('SARIF 2.1.0 with a rule per type, regions, and no unmasked value', () => {
  const r = runCli([
    'scan',
    '--format',
    'sarif',
    '--types',
    'PHONE_NUMBER,CN_RESIDENT_ID,EMAIL_ADDRESS',
    join(dir, 'twins', 'utf8.txt'),
  ]);
  assert.equal(r.status, 0, r.stderr);
  const log = JSON.parse(r.stdout) as {
    version: string;
    runs: {
      tool: { driver: { name: string; rules: { id: string }[] } };
      results: {
        ruleId: string;
        message: { text: string };
        locations: {
          physicalLocation: {
            region: { startLine: number; startColumn: number; endColumn: number };
          };
        }[];
      }[];
    }[];
  };
  assert.equal(log.version, '2.1.0');
  const run = log.runs[0]!;
  assert.equal(run.tool.driver.name, 'piguard');
  assert.deepEqual(
    run.tool.driver.rules.map((x) => x.id),
    ['CN_RESIDENT_ID', 'PHONE_NUMBER', 'EMAIL_ADDRESS'],
  );
  assert.deepEqual(run.results.map((x) => x.ruleId).sort(), [
    'CN_RESIDENT_ID',
    'EMAIL_ADDRESS',
    'PHONE_NUMBER',
    'PHONE_NUMBER',
  ]);
  const phone = run.results.find((x) => x.ruleId === 'PHONE_NUMBER');
  assert.ok(phone);
  assert.deepEqual(phone.locations[0]!.physicalLocation.region, {
    ...phone.locations[0]!.physicalLocation.region,
    startLine: 2,
    startColumn: 7,
    endColumn: 18,
  });
  for (const value of [PHONE, ID, EMAIL]) assert.ok(!r.stdout.includes(value), 'no unmasked value');
});

test('--columns prints per column the type, share of matching cells and confidence', () => {
  // Structured types only: the column logic is under test, not the linguistic recognisers.
  const structured = ['--types', 'PHONE_NUMBER,CN_RESIDENT_ID,EMAIL_ADDRESS'];
  const r = runCli(['scan', '--columns', ...structured, join(dir, 'tables', 'e.xlsx')]);
  assert.equal(r.status, 0, r.stderr);
  const cols = parseJsonl(r.stdout) as unknown as {
    header: string;
    type: string | null;
    share: number;
    confidence: number;
  }[];
  assert.deepEqual(
    cols.map((c) => [c.header, c.type, c.share]),
    [
      ['客户编号', null, 0],
      ['手机', 'PHONE_NUMBER', 1],
      ['身份证号', 'CN_RESIDENT_ID', 1],
    ],
  );
  const t = runCli([
    'scan',
    '--columns',
    '--format',
    'table',
    ...structured,
    join(dir, 'tables', 'a.csv'),
  ]);
  assert.equal(t.status, 0, t.stderr);
  assert.match(t.stdout, /手机\s+phone\s+PHONE_NUMBER\s+100%\s+\d\.\d\d\s+2/);
});

test("jsonl output larger than the writer's blocks: every finding once, in order, whole lines", () => {
  // ~4,000 findings (~500 KB of jsonl): output crosses many 64 KB blocks; non-ASCII values and
  // emoji make UTF-8 lengths differ from string lengths at the block edges.
  const lines: string[] = [];
  for (let i = 0; i < 2000; i++) {
    lines.push(`第${i}行😀 联系人手机：${PHONE}，邮箱 ${EMAIL}`);
  }
  const r = runCli(['scan', '--types', 'PHONE_NUMBER,EMAIL_ADDRESS', '-'], {
    input: lines.join('\n'),
  });
  assert.equal(r.status, 0, r.stderr);
  assert.ok(r.stdout.endsWith('\n'));
  const rows = parseJsonl(r.stdout);
  assert.equal(rows.length, 4000);
  rows.forEach((row, k) => {
    assert.equal(row.line, Math.floor(k / 2) + 1);
    assert.equal(row.text, k % 2 === 0 ? PHONE : EMAIL);
  });
});
