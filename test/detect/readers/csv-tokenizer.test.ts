import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sniffDelimiter, tokenizeCsv } from '../../../src/detect/readers/csv-tokenizer.ts';

const values = (text: string, delimiter = ','): string[][] =>
  tokenizeCsv(text, 0, delimiter, true).records.map((r) => r.fields.map((f) => f.value));

test('quoted fields with delimiters, doubled quotes and line breaks', () => {
  assert.deepEqual(values('a,"b,c","d""e"\r\n"x\ny",z\n'), [
    ['a', 'b,c', 'd"e'],
    ['x\ny', 'z'],
  ]);
});

test('field starts point at the value in the text', () => {
  const text = '姓名,手机\n张伟,"138\n0013 8000"\n';
  const { records } = tokenizeCsv(text, 0, ',', true);
  const f = records[1]!.fields[1]!;
  assert.equal(text.slice(f.start, f.start + f.value.length), f.value);
  const q = tokenizeCsv('"a""b"', 0, ',', true).records[0]!.fields[0]!;
  assert.deepEqual(q.map, [0, 1, 3, 4]);
});

test('incomplete records wait for more text unless final', () => {
  const partial = tokenizeCsv('a,b\nc,"d\n', 0, ',', false);
  assert.equal(partial.records.length, 1);
  assert.equal(partial.next, 4);
  assert.deepEqual(values('a,"unterminated\nb'), [['a', 'unterminated\nb']]);
  assert.deepEqual(values('last,line'), [['last', 'line']]);
});

test('lenient with stray quotes and TSV', () => {
  assert.deepEqual(values('李"四,1\n'), [['李"四', '1']]);
  assert.deepEqual(values('a\tb\n', '\t'), [['a', 'b']]);
});

test('delimiter sniffing', () => {
  assert.equal(sniffDelimiter('姓名,手机'), ',');
  assert.equal(sniffDelimiter('姓名\t手机\t地址'), '\t');
  assert.equal(sniffDelimiter('name;phone;address'), ';');
});
