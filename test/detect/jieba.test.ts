import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sharedJieba, tagWithOffsets } from '../../src/detect/jieba.ts';

test('one shared instance', () => {
  assert.equal(sharedJieba(), sharedJieba());
});

test('tokens carry offsets that tile the text, whitespace and punctuation included', () => {
  const text = '被保险人：陈思思\n电话 13800138000';
  const tokens = tagWithOffsets(text);
  assert.ok(tokens);
  assert.equal(tokens.map((t) => t.word).join(''), text);
  let pos = 0;
  for (const t of tokens) {
    assert.equal(t.start, pos);
    assert.equal(text.slice(t.start, t.end), t.word);
    pos = t.end;
  }
  assert.equal(pos, text.length);
  assert.ok(tokens.some((t) => t.word === '陈思思' && t.tag.startsWith('nr')));
});
