import { test } from 'node:test';
import assert from 'node:assert/strict';
import iconv from 'iconv-lite';
import { detectEncoding } from '../../../src/detect/decode/encoding-detector.ts';

const SAMPLE =
  '客户：张伟，手机 13800138000，邮箱 zhangwei@example.com\n地址：北京市朝阳区建国路88号\n';

function encoding(buf: Buffer): string {
  const d = detectEncoding(buf, true);
  return d.kind === 'text' ? `${d.encoding}/${d.bomLength}` : 'binary';
}

test('UTF-8 with and without BOM', () => {
  assert.equal(encoding(Buffer.from(SAMPLE)), 'utf-8/0');
  assert.equal(
    encoding(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(SAMPLE)])),
    'utf-8/3',
  );
  assert.equal(encoding(Buffer.alloc(0)), 'utf-8/0');
});

test('UTF-16 LE and BE, by BOM and by the NUL pattern without one', () => {
  const le = iconv.encode(SAMPLE, 'utf-16le');
  const be = iconv.encode(SAMPLE, 'utf-16be');
  assert.equal(encoding(Buffer.concat([Buffer.from([0xff, 0xfe]), le])), 'utf-16le/2');
  assert.equal(encoding(Buffer.concat([Buffer.from([0xfe, 0xff]), be])), 'utf-16be/2');
  assert.equal(encoding(le), 'utf-16le/0');
  assert.equal(encoding(be), 'utf-16be/0');
});

test('all-Chinese UTF-16 without BOM (no NULs) is told from GB18030', () => {
  const chinese = '客户张伟的手机号码和身份证号码已经登记，地址为北京市朝阳区。'.repeat(3);
  assert.equal(encoding(iconv.encode(chinese, 'utf-16le')), 'utf-16le/0');
  assert.equal(encoding(iconv.encode(chinese, 'utf-16be')), 'utf-16be/0');
  assert.equal(encoding(iconv.encode(chinese, 'gb18030')), 'gb18030/0');
});

test('GB18030 (and GBK, its subset) when the bytes are not UTF-8', () => {
  assert.equal(encoding(iconv.encode(SAMPLE, 'gb18030')), 'gb18030/0');
  assert.equal(encoding(iconv.encode(SAMPLE, 'gbk')), 'gb18030/0');
});

test('a UTF-8 character cut by the end of a partial sample does not make it GB18030', () => {
  const buf = Buffer.from('手机号码'.repeat(10));
  const cut = buf.subarray(0, buf.length - 1);
  assert.equal(detectEncoding(cut, false).kind, 'text');
  assert.deepEqual(detectEncoding(cut, false), { kind: 'text', encoding: 'utf-8', bomLength: 0 });
});

test('a whole UTF-8 file cut inside its last character is still UTF-8; a lone high byte is not', () => {
  const buf = Buffer.from('客户手机号码\n'.repeat(5) + '张');
  assert.equal(detectEncoding(buf.subarray(0, buf.length - 1), true).kind, 'text');
  assert.deepEqual(detectEncoding(buf.subarray(0, buf.length - 1), true), {
    kind: 'text',
    encoding: 'utf-8',
    bomLength: 0,
  });
  // ASCII followed by one GBK lead byte: no UTF-8 evidence, so GB18030.
  const stray = Buffer.concat([Buffer.from('name,phone\n'), Buffer.from([0xd5])]);
  assert.deepEqual(detectEncoding(stray, true), {
    kind: 'text',
    encoding: 'gb18030',
    bomLength: 0,
  });
});

test('binary content: NULs off the UTF-16 pattern, or many control bytes', () => {
  const png = Buffer.from([
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48,
  ]);
  assert.equal(encoding(png), 'binary');
  const controls = Buffer.from(Array.from({ length: 200 }, (_, i) => (i % 5 === 0 ? 0x01 : 0x41)));
  assert.equal(encoding(controls), 'binary');
  const random = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256));
  assert.equal(encoding(random), 'binary');
});

test('tabs, CR LF, form feeds and ANSI escapes are text', () => {
  assert.equal(encoding(Buffer.from('a\tb\r\n\fc \u001b[31mred\u001b[0m\n')), 'utf-8/0');
});
