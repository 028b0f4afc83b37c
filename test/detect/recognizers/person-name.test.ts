import { test } from 'node:test';
import assert from 'node:assert/strict';
import { prepareText } from '../../../src/detect/prepared-text.ts';
import {
  PERSON_NAME_RECOGNIZER,
  personNameLikelihood,
} from '../../../src/detect/recognizers/person-name.ts';

/** Reported names (score ≥ 0.5, the scanner's default) as [text, start, end]. */
function names(text: string, minScore = 0.5): [string, number, number][] {
  return PERSON_NAME_RECOGNIZER.recognize(prepareText(text))
    .filter((m) => m.score >= minScore)
    .map((m) => [text.slice(m.start, m.end), m.start, m.end]);
}

function scoreOf(text: string, name: string): number {
  const m = PERSON_NAME_RECOGNIZER.recognize(prepareText(text)).find(
    (x) => text.slice(x.start, x.end) === name,
  );
  return m?.score ?? 0;
}

test('table cells scanned as "header：value" score at least 0.8', () => {
  const cells: [string, string][] = [
    ['姓名：张伟', '张伟'],
    ['客户姓名 欧阳娜娜', '欧阳娜娜'],
    ['name: 李明', '李明'],
    ['联系人:王芳', '王芳'],
    ['被保险人：陈思思', '陈思思'],
    ['姓名：高峰', '高峰'],
    ['投诉人：尉迟明云', '尉迟明云'],
    ['收件人\t司马懿', '司马懿'],
  ];
  for (const [cell, name] of cells) {
    assert.ok(scoreOf(cell, name) >= 0.8, `${cell}: ${scoreOf(cell, name)}`);
    assert.deepEqual(names(cell), [[name, cell.indexOf(name), cell.indexOf(name) + name.length]]);
  }
});

test('labels, titles and nearby personal data find names with exact spans', () => {
  assert.deepEqual(names('联系人：张伟，手机13800138000'), [['张伟', 4, 6]]);
  assert.deepEqual(names('客户王芳女士来电'), [['王芳', 2, 4]]);
  assert.deepEqual(names('尊敬的赵丽颖女士：'), [['赵丽颖', 3, 6]]);
  assert.deepEqual(names('投保人为张三丰'), [['张三丰', 4, 7]]);
  assert.deepEqual(names('马云先生说'), [['马云', 0, 2]]);
  assert.deepEqual(names('王建国的电话是13912345678'), [['王建国', 0, 3]]);
  assert.deepEqual(names('李娜 13800138000 北京市朝阳区'), [['李娜', 0, 2]]);
  assert.deepEqual(names('我叫范思远，是贵公司的客户'), [['范思远', 2, 5]]);
  assert.deepEqual(names('客户:曹丽娟，522634-1990'), [['曹丽娟', 3, 6]]);
  assert.deepEqual(names('乙方：邹勇（身份证号：61'), [['邹勇', 3, 5]]);
});

test('the name ends where jieba says the next word starts', () => {
  // 张伟明 is in the dictionary, but 明天 is the better reading.
  assert.deepEqual(names('联系人张伟明天到'), [['张伟', 3, 5]]);
  assert.deepEqual(names('客户孙悦说她的电话是13800138000'), [['孙悦', 2, 4]]);
});

test('rows of delimited files: a field of its own next to other personal data', () => {
  assert.deepEqual(names('2019年12月19日\t陶雅琴\t14509481234'), [['陶雅琴', 12, 15]]);
  assert.deepEqual(names('1,江雪梅,男,15320001234'), [['江雪梅', 2, 5]]);
});

test('traditional characters and full-width punctuation', () => {
  assert.deepEqual(names('聯繫人：劉德華'), [['劉德華', 4, 7]]);
  assert.deepEqual(names('陳思思 13800138000'), [['陳思思', 0, 3]]);
});

test('names with a middle dot and without a Han surname', () => {
  assert.deepEqual(names('他叫买买提·艾力，电话13800138000'), [['买买提·艾力', 2, 8]]);
  assert.deepEqual(names('当事人：米吉提·买买提，女'), [['米吉提·买买提', 4, 11]]);
  assert.deepEqual(names('访客:艾力•帕提古丽，身份证210203199001011234'), [
    ['艾力•帕提古丽', 3, 10],
  ]);
  assert.deepEqual(names('"name":"次仁央宗","mobile"'), [['次仁央宗', 8, 12]]);
  assert.deepEqual(names('紧急联系人：乌兰其其格 手机'), [['乌兰其其格', 6, 11]]);
});

test('romanised names after an English label', () => {
  assert.deepEqual(names('Name: Zhang Wei'), [['Zhang Wei', 6, 15]]);
  assert.deepEqual(names('Contact: WANG Fang, 13800138000'), [['WANG Fang', 9, 18]]);
  assert.deepEqual(names('The name of the game'), []);
});

test('words that start with a surname character are not names', () => {
  const text = '王者荣耀、高速公路、黄金价格、张家界、周末很高兴，方便常见，明天去江苏，花了万元';
  assert.deepEqual(names(text, 0), []);
  assert.deepEqual(names('主张伟大'), []);
  assert.deepEqual(names('张伟明天去上海'), []);
});

test('without a signal a surname-initial candidate scores below 0.5', () => {
  for (const m of PERSON_NAME_RECOGNIZER.recognize(prepareText('今天张伟和李娜去了公园'))) {
    assert.ok(m.score < 0.5);
  }
});

test('news about leaks, chat filler, placeholders and field names are not names', () => {
  assert.deepEqual(
    names('据报道，某保险公司员工泄露5万条客户信息，涉案人员王某被捕。客户信息泄露了5万条'),
    [],
  );
  assert.deepEqual(names('访客 好的~'), []);
  assert.deepEqual(names('访客：嗯嗯👍'), []);
  assert.deepEqual(names('受益人：法定继承人'), []);
  assert.deepEqual(names('姓名：本人'), []);
  assert.deepEqual(names('身份证号\t姓名\t银行卡号\t保费'), []);
  assert.deepEqual(names('13800138000 谢谢'), []);
  assert.deepEqual(names('汤煮好了，电话13800138000'), []);
  assert.deepEqual(names('保单信息。孙子今年上小学了，但13800138000'), []);
  assert.deepEqual(names('万科华庭10-3-405 13800138000'), []);
  assert.deepEqual(names('理赔申请书\n申请人金涵，证件号370102199001011234'), [['金涵', 9, 11]]);
});

test('personNameLikelihood rates bare cells', () => {
  assert.ok(personNameLikelihood('张伟') >= 0.8);
  assert.ok(personNameLikelihood('欧阳娜娜') >= 0.8);
  assert.ok(personNameLikelihood(' 李小龙 ') >= 0.8);
  assert.ok(personNameLikelihood('阿卜杜·热合曼') >= 0.8);
  assert.ok(personNameLikelihood('Zhang Wei') >= 0.6);
  for (const v of ['高速公路', '江苏', '高兴', '周末', '北京市朝阳区', '13800138000', '', '男']) {
    assert.ok(personNameLikelihood(v) < 0.5, v);
  }
});
