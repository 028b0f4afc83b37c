import { test } from 'node:test';
import assert from 'node:assert/strict';
import { prepareText } from '../../../src/detect/prepared-text.ts';
import {
  ADDRESS_RECOGNIZER,
  addressLikelihood,
  parseAddressAt,
} from '../../../src/detect/recognizers/address.ts';

/** Reported addresses (score ≥ 0.5) as [text, start, end]. */
function addresses(text: string): [string, number, number][] {
  return ADDRESS_RECOGNIZER.recognize(prepareText(text))
    .filter((m) => m.score >= 0.5)
    .map((m) => [text.slice(m.start, m.end), m.start, m.end]);
}

/** Asserts that `text` holds exactly one address, `expected`, reported whole. */
function assertOne(text: string, expected: string): void {
  const start = text.indexOf(expected);
  assert.ok(start >= 0);
  assert.deepEqual(addresses(text), [[expected, start, start + expected.length]], text);
}

test('full addresses from province to room are reported whole', () => {
  assertOne('地址：上海市浦东新区张江路123弄4号502室，电话', '上海市浦东新区张江路123弄4号502室');
  assertOne('广东省深圳市南山区科技园南区', '广东省深圳市南山区科技园南区');
  assertOne('北京市海淀区中关村大街27号', '北京市海淀区中关村大街27号');
  assertOne('收货地址：四川省成都市武侯区人民南路四段12号', '四川省成都市武侯区人民南路四段12号');
  assertOne('山东省济南市历下区解放路街道石桥村2组6号', '山东省济南市历下区解放路街道石桥村2组6号');
  assertOne('黑龙江省鸡西市密山市二九〇农场张湾村3组', '黑龙江省鸡西市密山市二九〇农场张湾村3组');
});

test('addresses without the province, or without any division', () => {
  assertOne('朝阳区建国路88号', '朝阳区建国路88号');
  assertOne('我住在中山路1号', '中山路1号');
  assertOne('收货地址：红旗西路12号阳光城华庭18座1201', '红旗西路12号阳光城华庭18座1201');
  assertOne('阳光花园3栋2单元502室', '阳光花园3栋2单元502室');
});

test('traditional characters, full-width digits, spaces and wrapped cells', () => {
  assertOne('臺北市大安區忠孝東路四段１號', '臺北市大安區忠孝東路四段１號');
  assertOne('廣東省廣州市天河區天河路３８５號', '廣東省廣州市天河區天河路３８５號');
  assertOne('湖北省武汉市洪山区珞喻路 1037 号华中科技大学', '湖北省武汉市洪山区珞喻路 1037 号');
  assertOne('黑龙江省齐齐哈尔市\n甘南县东风大街18号', '黑龙江省齐齐哈尔市\n甘南县东风大街18号');
});

test('a bare city, datelines, organisations and places in prose are not addresses', () => {
  assert.deepEqual(addresses('我去北京出差'), []);
  assert.deepEqual(addresses('新华社北京3月5日电'), []);
  assert.deepEqual(addresses('北京市朝阳区人民法院判决'), []);
  assert.deepEqual(addresses('广东省深圳市警方近日破获一起案件'), []);
  assert.deepEqual(addresses('深圳市腾讯计算机系统有限公司'), []);
  assert.deepEqual(addresses('深圳市南山区的房价又涨了'), []);
  assert.deepEqual(addresses('住址和保单信息。常州恐龙园，但这件事'), []);
  assert.deepEqual(addresses('他知道这条渠道'), []);
});

test('two divisions count as an address after a context word', () => {
  assertOne('家住江苏省南京市鼓楼区', '江苏省南京市鼓楼区');
  assertOne('户籍所在地：浙江省杭州市', '浙江省杭州市');
});

test('parseAddressAt names the parts and their divisions', () => {
  const w = '上海市浦东新区张江路123弄4号502室';
  const parsed = parseAddressAt(w, 0);
  assert.ok(parsed);
  assert.deepEqual(
    parsed.parts.map((p) => [p.kind, w.slice(p.start, p.end)]),
    [
      ['province', '上海市'],
      ['county', '浦东新区'],
      ['road', '张江路'],
      ['number', '123弄'],
      ['number', '4号'],
      ['unit', '502室'],
    ],
  );
  assert.equal(parsed.parts[1]!.division?.code, '310115');
});

test('addressLikelihood rates bare cells', () => {
  assert.ok(addressLikelihood('北京市朝阳区建国路88号') >= 0.9);
  assert.ok(addressLikelihood('上海市浦东新区张江路123弄4号502室') >= 0.9);
  for (const v of ['北京', '北京市', '张伟', '13800138000', '', '平安福终身寿险']) {
    assert.ok(addressLikelihood(v) < 0.5, v);
  }
});
