/**
 * Names found by where they stand rather than by a label word: speaker tags and list items at
 * the start of a line, caption values up to a delimiter, @mentions, role words, a person's
 * attributes after the name, minority names without a Han surname, and English or Chinese
 * names in mixed English text — with the look-alikes each of these positions also holds.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { prepareText } from '../../../src/detect/prepared-text.ts';
import { PERSON_NAME_RECOGNIZER } from '../../../src/detect/recognizers/person-name.ts';

/** Reported names (score ≥ 0.5, the scanner's default), as strings. */
function names(text: string): string[] {
  return PERSON_NAME_RECOGNIZER.recognize(prepareText(text))
    .filter((m) => m.score >= 0.5)
    .map((m) => text.slice(m.start, m.end));
}

function assertNames(text: string, expected: string[]): void {
  assert.deepEqual(names(text), expected, text);
}

test('speaker tags, signatures and @mentions in chat exports', () => {
  assertNames('刘建军：明天上午我去趟银行', ['刘建军']);
  assertNames('[09:15] 孙丽华：好的，我发你', ['孙丽华']);
  assertNames('周海峰 10:42\n收到，谢谢', ['周海峰']);
  assertNames('👩邹文静：没问题', ['邹文静']);
  assertNames('合同已寄出\n——谢雨萱', ['谢雨萱']);
  assertNames('@冯志强 请查收附件', ['冯志强']);
  assertNames('HR-方雅琴：欢迎加入', ['方雅琴']);
});

test('list items and table rows: a name standing as a field of its own', () => {
  assertNames('2. 蒋雪梅 女 37岁', ['蒋雪梅']);
  assertNames('钱文博-沪A12345-8栋', ['钱文博']);
  assertNames('黎思远｜杭州｜工程师', ['黎思远']);
});

test('caption values up to a delimiter, and the items of a list after the caption', () => {
  assertNames('申报人：陆子轩，男，1988年生', ['陆子轩']);
  assertNames('值班民警：韩立新、唐晓峰 值班时间：夜班', ['韩立新', '唐晓峰']);
  assertNames('变更后：董浩宇\n变更事项：股东', ['董浩宇']);
  // A value that ends the text is still bounded.
  assertNames('主治医师：郑子涵', ['郑子涵']);
  // Part of a dotted name is not a name of its own.
  assert.ok(!names('Name: 买买提·艾力').includes('买买提'));
});

test('role words right before a name, with or without a space', () => {
  assertNames('对方司机林志强当时在车上', ['林志强']);
  assertNames('财务 梁思雨\n电话另行通知', ['梁思雨']);
  assertNames('他父亲罗俊豪、同事杜建国都在场', ['罗俊豪', '杜建国']);
});

test("a person's attributes after the name: gender, age, ID, phone in brackets", () => {
  assertNames('据悉，邵天宇（男，29岁）于昨日被抓获', ['邵天宇']);
  assertNames('兹证明聂文静，女，汉族', ['聂文静']);
  assertNames('警方拘捕兩名男子，分別為陳志偉（41歲）', ['陳志偉']);
  assertNames('请与社区程佳怡（13912345678）联系', ['程佳怡']);
});

test('greetings and SMS openings', () => {
  assertNames('【某银行】【卢欣妍】您好，您的账单已出', ['卢欣妍']);
});

test('minority names without a Han surname, in positions that fix both ends', () => {
  assertNames('紧急联系人：乌日娜\n手机另附', ['乌日娜']);
  assertNames('巴图 13:05\n到了', ['巴图']);
  assertNames('领队：阿依古丽，请提前集合', ['阿依古丽']);
  assertNames('尊敬的乌兰图雅，您好', ['乌兰图雅']);
  // The same elements in running text are words and places.
  assertNames('我们去乌兰察布看草原', []);
});

test('English names in mixed text, and Chinese names written into English', () => {
  assertNames('Hi Jennifer Zhou,\nplease see below', ['Jennifer Zhou']);
  assertNames('Regards,\nKevin Walsh', ['Kevin Walsh']);
  assertNames('From: Laura Chen <l.chen@example.com>', ['Laura Chen']);
  assertNames('Passenger: ZHOU/JENNIFER', ['ZHOU/JENNIFER']);
  assertNames('Dear 林晓薇,\nthanks', ['林晓薇']);
  assertNames('a copy of the passport of 钟浩然.', ['钟浩然']);
  assertNames('Meet at Victoria Park, then Grace Period ends', []);
  assertNames('Please Find Attached the Annual Report', []);
  assertNames('sz 南山 福田 都可以', []);
  // A family-name spelling alone, a title and a surname, a place named after a person.
  assertNames('We fly to Hong Kong on Monday', []);
  assertNames('Dear Mr Wang,', []);
  assertNames('To: Grace Church', []);
});

test('not names: kinship and honorifics, words, places, roles, counts', () => {
  assertNames('房东刘叔：明天来看房', []);
  assertNames('王姐 14:02\n好的', []);
  assertNames('陈总：收到', []);
  assertNames('我：OK 明天见\n', []);
  assertNames('黄金：上涨2%\n白银：下跌', []);
  assertNames('地址：高新路\n科室：骨科\n品牌：金龙，', []);
  assertNames('辖区居民赵女士接到电话', []);
  assertNames('派出所（盖章）\n电话：010-62345678', []);
  assertNames('判决被告于十日内搬离', []);
  assertNames('有被害人陈述、证人证言等证据', []);
  assertNames('房号 业主 车牌 电话 车位', []);
  // Ordinary words that jieba's dictionary tags as a name or a place, in name positions.
  assertNames('段子：\n今天说一个', []);
  assertNames('回访客户满意度，联系电话13912345678', []);
  // A road name and its number, next to a phone number (a branch address).
  assertNames('网点：福田区布吉路119号，电话13912345678', []);
});
