import { test } from 'node:test';
import assert from 'node:assert/strict';
import iconv from 'iconv-lite';
import { decodeBuffer, decodeTextStream } from '../../../src/detect/decode/text-decoder.ts';

const SAMPLE = '张伟 13800138000 😀 北京市\n'.repeat(50);

/** Feeds bytes in small pieces so characters are cut between reads. */
async function* pieces(buf: Buffer, size: number): AsyncGenerator<Buffer> {
  for (let i = 0; i < buf.length; i += size) yield buf.subarray(i, i + size);
}

async function decodeAll(buf: Buffer, size: number): Promise<string> {
  const d = await decodeTextStream(pieces(buf, size));
  assert.equal(d.kind, 'text');
  let s = '';
  if (d.kind === 'text') for await (const c of d.chunks) s += c;
  return s;
}

test('streamed decoding rebuilds characters split across reads, in every encoding', async () => {
  const encodings: [string, Buffer][] = [
    ['utf-8', Buffer.from(SAMPLE)],
    ['utf-8 BOM', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(SAMPLE)])],
    ['gb18030', iconv.encode(SAMPLE, 'gb18030')],
    ['utf-16le BOM', iconv.encode(SAMPLE, 'utf-16le', { addBOM: true })],
    ['utf-16be BOM', Buffer.concat([Buffer.from([0xfe, 0xff]), iconv.encode(SAMPLE, 'utf-16be')])],
    ['utf-16le', iconv.encode(SAMPLE, 'utf-16le')],
    ['utf-16be', iconv.encode(SAMPLE, 'utf-16be')],
  ];
  for (const [name, buf] of encodings) {
    for (const size of [1, 3, 7, 4096]) {
      assert.equal(await decodeAll(buf, size), SAMPLE, `${name}, reads of ${size} bytes`);
    }
  }
});

test('binary streams are reported, not decoded', async () => {
  const d = await decodeTextStream(pieces(Buffer.from([1, 2, 0, 0, 0, 5, 6, 0, 7]), 4));
  assert.equal(d.kind, 'binary');
});

test('decodeBuffer decodes a whole buffer without its BOM', () => {
  const r = decodeBuffer(iconv.encode('手机：13800138000', 'utf-16le', { addBOM: true }));
  assert.deepEqual(r, { kind: 'text', encoding: 'utf-16le', text: '手机：13800138000' });
});
