import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  divisionLengthAt,
  divisionLexicon,
  isWithin,
  matchDivisionAt,
  shortDivisionName,
} from '../../../src/detect/lexicon/divisions.ts';

test('short forms drop the level suffix and the nationalities of autonomous areas', () => {
  assert.equal(shortDivisionName('广东省'), '广东');
  assert.equal(shortDivisionName('深圳市'), '深圳');
  assert.equal(shortDivisionName('内蒙古自治区'), '内蒙古');
  assert.equal(shortDivisionName('广西壮族自治区'), '广西');
  assert.equal(shortDivisionName('延边朝鲜族自治州'), '延边');
  assert.equal(shortDivisionName('湘西土家族苗族自治州'), '湘西');
  assert.equal(shortDivisionName('香港特别行政区'), '香港');
  assert.equal(shortDivisionName('锡林郭勒盟'), '锡林郭勒');
  // One character is too short to stand alone.
  assert.equal(shortDivisionName('沙市'), undefined);
});

test('the lexicon holds all levels, with GB/T 2260 codes, and Hong Kong, Macau, Taiwan', () => {
  const { byName, byCode } = divisionLexicon();
  assert.equal(byName.get('广东省')?.[0]?.division.code, '44');
  assert.equal(byName.get('深圳市')?.[0]?.division.level, 2);
  assert.equal(
    byName.get('南山区')?.some((f) => f.division.code === '440305'),
    true,
  );
  assert.equal(byName.get('朝阳区')?.length, 2); // Beijing and Changchun
  assert.equal(byName.get('台北市')?.[0]?.division.code.slice(0, 2), '71');
  assert.ok(byName.has('香港'));
  assert.equal(byCode.get('11')?.name, '北京市');
  // Placeholders and generic words are not names.
  assert.equal(byName.has('市辖区'), false);
  assert.equal(byName.has('城区'), false);
  // County-level names only in full.
  assert.equal(byName.has('海淀'), false);
});

test('matchDivisionAt finds the longest name and reads traditional characters', () => {
  assert.equal(matchDivisionAt('家住广东省深圳市', 2)?.length, 3);
  assert.equal(matchDivisionAt('吉林省吉林市', 0)?.length, 3);
  assert.equal(matchDivisionAt('廣東省', 0)?.length, 3);
  assert.equal(matchDivisionAt('我们', 0), undefined);
});

test('isWithin follows the code hierarchy', () => {
  const { byCode } = divisionLexicon();
  const gd = byCode.get('44')!;
  const sz = byCode.get('4403')!;
  const ns = byCode.get('440305')!;
  assert.ok(isWithin(ns, sz));
  assert.ok(isWithin(ns, gd));
  assert.ok(isWithin(sz, gd));
  assert.equal(isWithin(gd, sz), false);
  assert.equal(isWithin(ns, byCode.get('11')!), false);
});

test('divisionLengthAt is the length matchDivisionAt finds, 0 where it finds none', () => {
  const text = '家住廣東省深圳市南山区，中山大道；王者荣耀、北京、x';
  for (let i = 0; i <= text.length; i++) {
    assert.equal(divisionLengthAt(text, i), matchDivisionAt(text, i)?.length ?? 0, `at ${i}`);
  }
  assert.equal(divisionLengthAt(text, 2), 3);
  assert.equal(divisionLengthAt(text, 0), 0);
});

test("Macau's parishes are also known by their islands' names", () => {
  const { byName } = divisionLexicon();
  for (const island of ['氹仔', '路环']) {
    const forms = byName.get(island);
    assert.ok(forms && forms.length === 1, island);
    assert.equal(forms[0]!.division.level, 3);
    assert.ok(forms[0]!.division.code.startsWith('82'), island);
  }
  // Traditional characters read as simplified.
  assert.equal(matchDivisionAt('住澳門路環石排灣', 3)?.length, 2);
});
