/**
 * The name recogniser finds its label and title anchors in one trie pass (`scanAnchors`); these
 * tests hold it to the three global regex searches it replaces, on texts built from the label
 * words themselves, their prefixes and overlaps, Han and other characters.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { anchorPatterns, scanAnchors } from '../../../src/detect/recognizers/person-name.ts';

const RUNS = { numRuns: 500, seed: Number(process.env['FC_SEED'] ?? 20261129) };

function regexPairs(re: RegExp, text: string): number[] {
  const out: number[] = [];
  re.lastIndex = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text))
    out.push(m.index, m.index + m[0].length);
  return out;
}

function expected(text: string): { strong: number[]; weak: number[]; title: number[] } {
  const { strongLabel, weakLabel, title } = anchorPatterns();
  return {
    strong: regexPairs(strongLabel, text),
    weak: regexPairs(weakLabel, text),
    title: regexPairs(title, text),
  };
}

const piece = fc.oneof(
  fc.constantFrom(
    ...['客户', '客户姓名', '客户名称', '姓名', '联系人', '被保险人', '被保人', '经理', '总经理'],
    ...['先生', '女士', '老师', '转给了', '转给', '交接给', '理赔员', '我是', '尊敬的', '客'],
    ...['户', '名', '总', '理', '被', '保', '人', '王', '芳', '张伟', '：', ' ', 'a', '1', '\n'],
  ),
  fc.stringMatching(/^[\u4e00-\u9fff]{1,3}$/),
);
const texts = fc.array(piece, { minLength: 0, maxLength: 25 }).map((p) => p.join(''));

/** The three label and title lists of a scan (its actions are compared separately). */
function lists(text: string): { strong: number[]; weak: number[]; title: number[] } {
  const { strong, weak, title } = scanAnchors(text);
  return { strong, weak, title };
}

test('scanAnchors finds what the three regex searches find', () => {
  fc.assert(
    fc.property(texts, (text) => {
      assert.deepEqual(lists(text), expected(text));
    }),
    RUNS,
  );
});

const actionPiece = fc.oneof(
  fc.constantFrom(
    ...['您好', '你好', '您的', '来电', '来柜台', '前来', '来店', '处理', '于', '被处以', '遗失'],
    ...['，', ',', '：', ' ', '\t', '1', '2024', '王', '芳', '来', '被', '处', '\n'],
  ),
  fc.stringMatching(/^[\u4e00-\u9fff]{1,2}$/),
);
const actionTexts = fc.array(actionPiece, { maxLength: 25 }).map((p) => p.join(''));

test('scanAnchors reports an action wherever the action regex matches (and in order)', () => {
  fc.assert(
    fc.property(actionTexts, (text) => {
      const found = scanAnchors(text).action;
      const pairs = regexPairs(anchorPatterns().action, text);
      for (let k = 0; k < pairs.length; k += 2) {
        assert.ok(found.includes(pairs[k]!), `${JSON.stringify(text)}: ${pairs[k]}`);
      }
      assert.deepEqual(
        [...found].sort((a, b) => a - b),
        found,
      );
    }),
    RUNS,
  );
});

test('scanAnchors on label, weak-label and title examples', () => {
  const text = '客户王芳反映，联系人：张伟先生，转给了李经理处理。客户姓名：陈思思';
  assert.deepEqual(lists(text), expected(text));
  assert.ok(scanAnchors(text).strong.length >= 2);
  assert.deepEqual(scanAnchors('王芳，您好；李娜来电于2024年').action, [2, 3, 8, 10]);
  assert.ok(scanAnchors(text).title.length >= 2);
});
