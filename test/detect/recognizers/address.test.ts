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

test('the chain continues past the house number into the compound, building and flat', () => {
  assertOne(
    '寄到 杭州市西湖区文三路99号翡翠湾7-3-1502 谢谢',
    '杭州市西湖区文三路99号翡翠湾7-3-1502',
  );
  assertOne('收件：武侯区科华北路65号望江名门2号楼1门602', '武侯区科华北路65号望江名门2号楼1门602');
  assertOne('家住河西区友谊路12号纺织厂宿舍3栋2单元401', '河西区友谊路12号纺织厂宿舍3栋2单元401');
  // A road without its number, then the compound.
  assertOne('地址：济南市历下区山大路世纪佳园5号楼1102', '济南市历下区山大路世纪佳园5号楼1102');
  // A direction between the road name and its number.
  assertOne('住址：海珠区江南大道中218号', '海珠区江南大道中218号');
});

test('a compound with building and flat stands for an address on its own', () => {
  assertOne('序号 3　王晓东　2人　枫林绿洲12栋1603', '枫林绿洲12栋1603');
  assertOne('业主房号：橡树湾8-2-702', '橡树湾8-2-702');
  assertOne('她住在锦江苑5幢1单元301', '锦江苑5幢1单元301');
  assertOne('新址：星河国际B座1502', '星河国际B座1502');
  // Counts, years and codes shaped like a building number are not.
  assert.deepEqual(addresses('该项目共有12栋1500户'), []);
  assert.deepEqual(addresses('小区第3栋2001年建成'), []);
  assert.deepEqual(addresses('您的包裹已到东门驿站，取件码3-2-5128'), []);
  assert.deepEqual(addresses('签发日期12-06-2019'), []);
  assert.deepEqual(addresses('批次AB12-3-4501'), []);
  assert.deepEqual(addresses('产品规格3-12-1500，现货'), []);
});

test('villages: town + village + group, with 楼 in village names', () => {
  assertOne('户籍：桐柏县月河镇马楼村3组18号', '桐柏县月河镇马楼村3组18号');
  assertOne('张强｜城关镇李庄村4组｜3人', '城关镇李庄村4组');
  // Town and village alone, without a context word or a group, are a place name.
  assert.deepEqual(addresses('今天去了城关镇李庄村'), []);
  assert.deepEqual(addresses('推进乡村振兴，建设美丽乡村'), []);
});

test('Hong Kong, Macau and Taiwan addresses in traditional characters', () => {
  assertOne('地址：澳門路環石排灣海洋花園第3座12樓B', '澳門路環石排灣海洋花園第3座12樓B');
  assertOne('寄到臺中市西屯區臺灣大道三段99號7樓', '臺中市西屯區臺灣大道三段99號7樓');
});

test("an organisation's address is not a person's", () => {
  // Bank branches, warehouses, malls, check-up sites, invoices and registered offices.
  assert.deepEqual(addresses('请于三日内到武汉市江汉区解放大道690号网点办理'), []);
  assert.deepEqual(addresses('开户行：（成都市青羊区人民中路二段8号支行）'), []);
  assert.deepEqual(addresses('退货请寄：嘉兴市南湖区中环南路88号仓储中心'), []);
  assert.deepEqual(addresses('我们在杭州市上城区解放路100号商场北门见'), []);
  assert.deepEqual(addresses('体检站点：福州市鼓楼区五四路158号'), []);
  assert.deepEqual(
    addresses('名称：某某科技有限公司\n地址电话：合肥市蜀山区黄山路8号 0551-6000000'),
    [],
  );
  assert.deepEqual(
    addresses(
      '统一社会信用代码：91330100MA27XXXX，住所：杭州市滨江区江南大道588号，法定代表人：王某',
    ),
    [],
  );
  assert.deepEqual(addresses('办公地址：南京市玄武区中山路18号（公司办公地址）'), []);
  assert.deepEqual(addresses('本院地址：昆明市五华区东风西路101号'), []);
  assert.deepEqual(addresses('事发地位于南宁市青秀区民族大道88号的一家超市'), []);
  assert.deepEqual(addresses('入住济南市历下区泉城路50号锦江之星酒店'), []);
  // A person's address in the same kinds of documents stays one.
  assertOne(
    '被告：李某，女，汉族，身份证号略，住所地杭州市拱墅区湖墅南路9号',
    '杭州市拱墅区湖墅南路9号',
  );
  assertOne('麻烦送到我公司 长沙市岳麓区麓山南路2号', '长沙市岳麓区麓山南路2号');
  assertOne('单位地址：郑州市金水区经三路6号', '郑州市金水区经三路6号');
  assertOne('收件地址：福田区益田路18号大成大厦9层 某某贸易公司', '福田区益田路18号大成大厦9层');
  assertOne('家住兰州市城关区东岗西路20号医院宿舍2栋301', '兰州市城关区东岗西路20号医院宿舍2栋301');
});

test('a bare city, datelines, organisations and places in prose are not addresses', () => {
  assert.deepEqual(addresses('杭州市萧山区人民法院开庭公告'), []);
  assert.deepEqual(addresses('广州市番禺区居民反映'), []);
  assert.deepEqual(addresses('周末可以去西湖区龙井路一带走走'), []);
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
  assert.ok(addressLikelihood('金桂园小区12-3-601') >= 0.7);
  for (const v of ['规格3-12-1500', '型号AB12-3-4567', '日期12-05-2024']) {
    assert.ok(addressLikelihood(v) < 0.5, v);
  }
  assert.ok(addressLikelihood('北京市朝阳区建国路88号') >= 0.9);
  assert.ok(addressLikelihood('上海市浦东新区张江路123弄4号502室') >= 0.9);
  for (const v of ['北京', '北京市', '张伟', '13800138000', '', '平安福终身寿险']) {
    assert.ok(addressLikelihood(v) < 0.5, v);
  }
});
