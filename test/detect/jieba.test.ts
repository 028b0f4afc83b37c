import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sharedJieba, tagMany, tagWithOffsets } from '../../src/detect/jieba.ts';

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

test('the JavaScript tagger segments and tags exactly as native jieba without HMM', () => {
  const texts = [
    '客户王芳来柜台办理业务，联系人张伟明天到店',
    '王者荣耀 高速公路 黄金价格 周末愉快',
    '栋4单元804室⏎姓名,手机,身份证号\r\n张三,13800138000,11010519491231002X',
    '4S店iPhone13售价5999.00元，T恤#3号&100%纯棉-XL',
    '欧阳娜娜😀说：你好！司马光砸缸，诸葛亮借东风',
    '臺北市大安區忠孝東路四段 𠮷野家 𠀀𠀁',
    '阿卜杜·热合曼 扎西次仁 乌兰其其格\t\t  多个空格',
    '',
    'abc def 123',
  ];
  const jieba = sharedJieba();
  for (const text of texts) {
    const mine = tagWithOffsets(text)!.map((t) => `${t.word}/${t.tag}`);
    const native = jieba.tag(text, false).map((t) => `${t.word}/${t.tag}`);
    assert.deepEqual(mine, native, text);
  }
});

test('tagMany tags each text on its own', () => {
  const tagged = tagMany(['客户王芳', '联系人张伟']);
  assert.equal(tagged.length, 2);
  assert.equal(tagged[1]?.[0]?.word, '联系人');
  assert.deepEqual(tagged[0], tagWithOffsets('客户王芳'));
});
