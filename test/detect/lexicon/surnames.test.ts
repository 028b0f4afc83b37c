import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  COMPOUND_SURNAMES,
  MINORITY_NAME_ELEMENTS,
  minorityNameLength,
  minorityNameMayStart,
  ROMANIZED_SURNAMES,
  SINGLE_SURNAMES,
  surnameLengthAt,
} from '../../../src/detect/lexicon/surnames.ts';

test('compound surnames win over their first character', () => {
  for (const s of [
    '欧阳',
    '司马',
    '上官',
    '诸葛',
    '东方',
    '皇甫',
    '尉迟',
    '公孙',
    '慕容',
    '长孙',
  ]) {
    assert.ok(COMPOUND_SURNAMES.includes(s), s);
    assert.equal(surnameLengthAt(`${s}娜娜`, 0), 2, s);
  }
  for (const s of ['宇文', '司徒', '夏侯', '令狐']) assert.equal(surnameLengthAt(`${s}明`, 0), 2);
});

test('common single surnames are found at any offset; function words are not surnames', () => {
  for (const s of '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐') {
    assert.ok(SINGLE_SURNAMES.has(s), s);
  }
  assert.equal(surnameLengthAt('客户张伟', 2), 1);
  for (const c of '的是在和都那区') assert.equal(surnameLengthAt(c, 0), 0, c);
  assert.equal(surnameLengthAt('', 0), 0);
});

test('every entry is a single Han character or a pair, without duplicates', () => {
  for (const s of SINGLE_SURNAMES) assert.match(s, /^[\u4e00-\u9fff]$/);
  assert.equal(new Set(COMPOUND_SURNAMES).size, COMPOUND_SURNAMES.length);
  for (const s of COMPOUND_SURNAMES) assert.match(s, /^[\u4e00-\u9fff]{2}$/);
});

test('romanised surnames are lower-case and include Cantonese spellings', () => {
  for (const s of ['zhang', 'wang', 'ouyang', 'chan', 'wong', 'cheung']) {
    assert.ok(ROMANIZED_SURNAMES.has(s), s);
  }
  for (const s of ROMANIZED_SURNAMES) assert.match(s, /^[a-z]+$/);
});

test('minority names: runs made wholly of name elements, and nothing else', () => {
  assert.equal(minorityNameLength('斯琴高娃', 0, 4), 4);
  assert.equal(minorityNameLength('额尔敦巴雅尔', 0, 6), 6);
  assert.equal(minorityNameLength('古丽娜扎尔', 0, 5), 5);
  assert.equal(minorityNameLength('次仁卓玛', 0, 4), 4);
  assert.equal(minorityNameLength('联系人巴特尔', 3, 6), 3);
  // A place or a word that starts with an element is not covered whole.
  assert.equal(minorityNameLength('乌兰察布', 0, 4), 0);
  assert.equal(minorityNameLength('哈斯', 0, 1), 0);
  assert.equal(minorityNameLength('张伟', 0, 2), 0);
  assert.ok(minorityNameMayStart('其其格', 0));
  assert.equal(minorityNameMayStart('张伟', 0), false);
  for (const e of MINORITY_NAME_ELEMENTS) assert.match(e, /^[\u4e00-\u9fff]{2,5}$/);
});
