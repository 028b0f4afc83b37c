import { test } from 'node:test';
import assert from 'node:assert/strict';
import { normalizePost } from '../../src/monitor/evasion-normalizer.ts';
import * as lex from '../../src/monitor/signal-lexicon.ts';

const matches = (re: RegExp, s: string): string[] => [...s.matchAll(re)].map((m) => m[0]);

test('a trading verb close before goods is a trade phrase; an everyday verb must be adjacent', () => {
  assert.deepEqual(matches(lex.TRADE_PHRASE_RE, '长期出一手车主资料'), ['出一手车主资料']);
  assert.match(matches(lex.TRADE_PHRASE_RE, '收贷款客户名单')[0] ?? '', /^收贷款客户/);
  assert.deepEqual(matches(lex.TRADE_PHRASE_RE, '股民数据出售'), ['数据出售']);
  assert.deepEqual(matches(lex.TRADE_PHRASE_RE, '求贷款料'), ['求贷款料']);
  assert.deepEqual(matches(lex.TRADE_PHRASE_RE, '买房要准备哪些资料'), []);
  assert.deepEqual(matches(lex.TRADE_PHRASE_RE, '收到资料'), []);
  assert.deepEqual(matches(lex.TRADE_PHRASE_RE, '出现信息泄露'), []);
});

test('trade phrases do not cross a clause boundary', () => {
  assert.deepEqual(matches(lex.TRADE_PHRASE_RE, '买了的人|数据全是空号'), []);
});

test('a customer group next to goods', () => {
  assert.deepEqual(matches(lex.SUBJECT_GOODS_RE, '新生儿宝妈名单'), ['新生儿宝妈名单']);
  assert.deepEqual(matches(lex.SUBJECT_GOODS_RE, '车主俱乐部活动'), []);
});

test('prices per record or per thousand in their usual spellings', () => {
  for (const s of [
    '0.5元一条',
    '300/千条',
    '五毛一条',
    '每条1元',
    '2000元一万条',
    '1元/条',
    '一块钱一个',
    '一万条800',
    '每千条120',
    '1w条/500',
  ]) {
    assert.equal(matches(lex.PRICE_RE, s).length, 1, s);
  }
  for (const s of ['千万不要', '一条新闻', '第3条', '月薪1万2000', '一万条10天'])
    assert.deepEqual(matches(lex.PRICE_RE, s), [], s);
});

test('bulk quantities', () => {
  for (const s of ['10万条', '5000条', '100w', '几十万数据', '海量']) {
    assert.ok(matches(lex.BULK_RE, s).length > 0, s);
  }
  assert.deepEqual(matches(lex.BULK_RE, '一条'), []);
});

test('innocent compounds hide their goods word', () => {
  assert.deepEqual(matches(lex.INNOCENT_GOODS_RE, '考研资料和数据线'), ['考研资料', '数据线']);
});

test('record fields and masked sample rows', () => {
  assert.deepEqual(matches(lex.FIELDS_RE, '带电话带地址'), ['带电话', '带地址']);
  assert.equal(matches(lex.SAMPLE_ROW_RE, '139****0001,137****0002').length, 2);
});

test('prices per 单 and bank-kit prices after the item', () => {
  const price = (s: string): boolean => new RegExp(lex.PRICE_RE.source, 'u').test(s);
  assert.ok(price('0.1元一单'));
  assert.ok(price('一类卡3000'));
  assert.ok(!price('一类卡3000元/月'));
});

test('words of other genres keep their exceptions: 群招人, 下家长期, 全新开户, 提供一些', () => {
  const has = (re: RegExp, s: string): boolean => new RegExp(re.source, 'u').test(s);
  assert.ok(has(lex.JOB_RE, '急招人'));
  assert.ok(!has(lex.JOB_RE, '资源互换群招人'));
  assert.ok(!has(lex.SUBJECT_RE, '找靠谱的下家长期合作'));
  assert.ok(has(lex.SUBJECT_RE, '学生家长'));
  assert.ok(!has(lex.SECOND_HAND_RE, '全新开户'));
  assert.ok(has(lex.SECOND_HAND_RE, '全新未拆'));
  assert.ok(!has(lex.REPORTED_RE, '能提供一些线索'));
  assert.ok(has(lex.REPORTED_RE, '那些卖资料的'));
});

test('a negation or comparison right before a trade phrase is recognised', () => {
  assert.ok(lex.NEGATED_BEFORE_RE.test('也能不'));
  assert.ok(lex.NEGATED_BEFORE_RE.test('强于比'));
  assert.ok(!lex.NEGATED_BEFORE_RE.test('长期'));
});

test('Cantonese dollars and pay per record are prices; a wage per month is not', () => {
  const price = (s: string): boolean => new RegExp(lex.PRICE_RE.source, 'u').test(s);
  assert.ok(price('五蚊一个'));
  assert.ok(price('提供客户信息|按条结算'));
  assert.ok(!price('按月结算'));
});

test('incident reports, Cantonese contact cues and spreadsheet tips have their words', () => {
  const has = (re: RegExp, s: string): boolean => new RegExp(re.source, 'u').test(s);
  assert.ok(has(lex.NEWS_RE, '某平台资料外泄事件'));
  assert.ok(has(lex.NEWS_RE, '威胁情报|监测到某论坛'));
  // Matched on the normalised text, where the traditional 搵 has become 揾.
  assert.ok(has(lex.CONTACT_CUE_RE, normalizePost('有就搵我').compact));
  assert.ok(has(lex.CONTACT_CUE_RE, '需要的看我签名'));
  assert.ok(!has(lex.CONTACT_CUE_RE, '看我们的新产品'));
  assert.ok(has(lex.CONTACT_CUE_RE, '蝙蝠聊天id在昵称后面'));
  assert.ok(!has(lex.CONTACT_CUE_RE, '蝙蝠侠电影'));
  assert.ok(has(lex.TECH_RE, 'excel技巧|数据透视表'));
});

test('study material stays innocent, but not when people stand before 资料', () => {
  assert.deepEqual(matches(lex.INNOCENT_GOODS_RE, '高考复习资料'), ['高考复习资料']);
  assert.deepEqual(matches(lex.INNOCENT_GOODS_RE, '各城市高考生家长资料'), []);
});

test('"电话联系" is a way to reach the poster, not goods; "找我买" is an offer', () => {
  const has = (re: RegExp, s: string): boolean => new RegExp(re.source, 'u').test(s);
  assert.ok(!has(lex.GOODS_RE, '玉米豆粕|电话联系王老板'));
  assert.ok(has(lex.GOODS_RE, '收车主电话'));
  assert.ok(has(lex.OFFER_RE, '确认了再来找我买'));
});

test('every plain lexicon word is already in normalised form, so the compact text can match it', () => {
  // A word written in a form the normaliser never produces (搵 for 揾) can never match.
  const plain = /^[\p{Script=Han}a-z0-9]+$/u;
  for (const [name, list] of Object.entries(lex)) {
    if (!Array.isArray(list)) continue;
    for (const word of list as string[]) {
      if (!plain.test(word)) continue;
      assert.equal(normalizePost(word).compact, word, `${name}: ${word}`);
    }
  }
});

test('a list named by any group of people is goods; one’s own data is not', () => {
  const has = (s: string): boolean => new RegExp(lex.PEOPLE_LIST_RE.source, 'u').test(s);
  assert.ok(has('东莞厂区工人名单'));
  assert.ok(has('求职者简历数据'));
  assert.ok(has('保户资料'));
  assert.ok(has('投资客名单'));
  assert.ok(!has('修改个人资料'));
  assert.ok(!has('本人资料'));
});

test('a buyer offering to pay is a pay cue; a price list is not', () => {
  const has = (s: string): boolean => new RegExp(lex.PAY_RE.source, 'u').test(s);
  assert.ok(has('谁有名单|有偿'));
  assert.ok(has('预算充足|私讯详谈'));
  assert.ok(has('paywell'));
  assert.ok(!has('价格透明'));
});

test('a news outlet tag at the head of a post is a headline', () => {
  assert.ok(lex.HEADLINE_RE.test('【bbc中文】中国大量个人数据在暗网出售'));
  assert.ok(!lex.HEADLINE_RE.test('【车主资料】长期出'));
});
