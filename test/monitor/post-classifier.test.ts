import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  BIAS,
  classifyPost,
  GENRE_LEARNED_CAP,
  SIGNAL_RULES,
  THRESHOLD,
} from '../../src/monitor/post-classifier.ts';

const names = (text: string): string[] => classifyPost(text).signals.map((s) => s.name);

test('an ad with offer, goods, customer group, quality and contact is pi_trade', () => {
  const r = classifyPost('长期出车主资料，全国各省都有，精准实时，需要的加V：car_demo01');
  assert.equal(r.label, 'pi_trade');
  assert.ok(r.score > 0.95);
  for (const s of ['trade_phrase', 'subject_goods', 'quality', 'contact', 'ad_structure']) {
    assert.ok(names('长期出车主资料，精准实时，加V：car_demo01').includes(s), s);
  }
  assert.deepEqual(
    r.contacts.map((c) => c.value),
    ['car_demo01'],
  );
});

test('seeking posts and look-up services are pi_trade too', () => {
  assert.equal(
    classifyPost('高价收贷款客户数据，有多少要多少，飞机 @buy_loan_demo').label,
    'pi_trade',
  );
  assert.equal(classifyPost('专业代查：开房记录、户籍、手机定位，飞机 @pi_demo').label, 'pi_trade');
});

test('evasion does not hide an ad', () => {
  for (const text of [
    '長期出售車主資料，精準實時，需要的加薇信：car_demo02',
    '出 股 民 数 据，一 手，Q Q：1 0 0 0 1 2 3 4 6',
    '出💰股民🔥资料🔥一手🔥可验证🔥企鹅📞100012347',
    'ｃｈｕ 贷款 ｓｊ，精准实时，ｖｘ：ｄｋ＿ｄｅｍｏ４',
  ]) {
    assert.equal(classifyPost(text).label, 'pi_trade', text);
  }
});

test('news, warnings, tips, legitimate ads, second-hand goods and job posts are other', () => {
  for (const text of [
    '近日，某市警方破获一起侵犯公民个人信息案，犯罪嫌疑人通过QQ群出售车主资料2万余条。',
    '【反诈提醒】有人在群里出售"股民资料"，大家千万不要购买，发现请举报！',
    '如何保护个人信息？快递单撕掉再扔，不在网上晒身份证。',
    '平安车险新车主专享优惠，投保即送道路救援，客服热线95511。',
    '出一台二手iPhone 13，九成新，同城面交，微信 phone_demo_1',
    '招聘电话销售，底薪4000+提成，公司提供客户资源，五险一金。',
    '有没有人有高数的复习资料，求分享一下',
  ]) {
    const r = classifyPost(text);
    assert.equal(r.label, 'other', text);
    assert.ok(r.signals.some((s) => s.weight < 0) || r.score < 0.1, text);
  }
});

test('the score is the logistic of the bias plus the signal weights', () => {
  const r = classifyPost('出股民数据 q 12345678');
  const logit = r.signals.reduce((sum, s) => sum + s.weight, BIAS);
  assert.equal(r.score, Math.round(1000 / (1 + Math.exp(-logit))) / 1000);
  assert.equal(r.label, r.score >= THRESHOLD ? 'pi_trade' : 'other');
});

test('a signal never contributes more than its cap', () => {
  const r = classifyPost('精准 实时 一手 接通率 可验证 先试后买 日更 全国 分省');
  const q = r.signals.find((s) => s.name === 'quality');
  assert.ok(q);
  assert.ok(Math.abs(q.weight - SIGNAL_RULES.quality.perHit * SIGNAL_RULES.quality.maxHits) < 1e-9);
});

test('an empty post is other with a low score', () => {
  const r = classifyPost('');
  assert.equal(r.label, 'other');
  assert.deepEqual(r.signals, []);
});

test('reasons never carry a long number or a quotation from the post', () => {
  const r = classifyPost('出13900139001资料，"王伟 13900139001 名单"，0.5元一条');
  for (const s of r.signals) {
    for (const t of s.terms) assert.doesNotMatch(t, /\d{5,}|王伟/, `${s.name}: ${t}`);
  }
});

test('a hotline counts as a legitimate-ad mark within the cap', () => {
  const r = classifyPost('投保理赔官方客服热线 95511');
  const legit = r.signals.filter((s) => s.name === 'legit_ad');
  assert.equal(legit.length, 1);
  assert.ok(legit[0]!.terms.includes('hotline'));
  const cap = SIGNAL_RULES.legit_ad.perHit * SIGNAL_RULES.legit_ad.maxHits;
  assert.ok(Math.abs(legit[0]!.weight - cap) < 1e-9);
});

test('a terse ad of goods and a way to reach the poster is pi_trade; a short chat line is not', () => {
  const terse = classifyPost('宝妈 单 出 扣 20033344');
  assert.equal(terse.label, 'pi_trade');
  assert.ok(names('股民料 有 私').includes('terse_ad'));
  assert.equal(classifyPost('股民朋友们今天又绿了').label, 'other');
  // Another genre's word, or an innocent compound, rules the shortcut out.
  assert.ok(!names('有没有老师有学生花名册模板？').includes('terse_ad'));
});

test('a look-up target counts with a service claim, or as a menu of three', () => {
  assert.ok(names('定位 精确到米 30分钟出').includes('lookup_service'));
  assert.ok(names('轨迹 开房 户籍 一条龙').includes('lookup_service'));
  assert.ok(!names('手机丢了怎么定位').includes('lookup_service'));
});

test('a customer group right before an innocent compound is its audience, not goods', () => {
  const r = classifyPost('出一套 公务员考试资料 粉笔 全新 Q 12312312');
  assert.equal(r.label, 'other');
  assert.ok(!r.signals.some((s) => s.name === 'trade_phrase'));
});

test('an ad in English from a dark-web market is pi_trade; a news line in English is not', () => {
  assert.equal(
    classifyPost(
      'Selling: 500k Chinese car owners, fields: name mobile ID. Sample available. Telegram @vendor_demo',
    ).label,
    'pi_trade',
  );
  assert.equal(
    classifyPost('Reuters: Chinese police arrest dozens over sale of personal data').label,
    'other',
  );
});

test('goods then a verb of trading, in the same clause, is a trade phrase in either order', () => {
  assert.ok(names('四件套有现货').includes('trade_phrase'));
  assert.ok(names('宝妈群资源对接').includes('trade_phrase'));
  assert.equal(classifyPost('本人做物流的，手里每天有大量面单，谁收').label, 'pi_trade');
  // Not across a clause, and not a complaint that one's number was sold.
  assert.ok(!names('数据都在，明天卖菜').includes('trade_phrase'));
  assert.ok(!names('我的手机号被卖了').includes('trade_phrase'));
});

test('English buyers and sellers are read without a Chinese goods word', () => {
  assert.equal(
    classifyPost('Anyone selling China bank customer data? Paying BTC, telegram @buyer_demo').label,
    'pi_trade',
  );
  assert.equal(
    classifyPost("Phishing alert: scammers selling 'customer lists' on Telegram").label,
    'other',
  );
});

test('masked sample rows weigh more than a shop listing two phone numbers', () => {
  const sample = classifyPost('样例：张* 139****2231 杭州***；李* 150****8876 杭州***，要全量的私');
  const shop = classifyPost('门店电话 13900001111 或 13900002222');
  const w = (r: ReturnType<typeof classifyPost>): number =>
    r.signals.find((s) => s.name === 'sample_rows')?.weight ?? 0;
  assert.equal(w(sample), 3);
  assert.equal(w(shop), 1);
  assert.equal(sample.label, 'pi_trade');
  assert.equal(shop.label, 'other');
});

test('a look-up service with a way to reach the seller has the shape of an ad', () => {
  assert.ok(names('可以帮您调到对方的通话记录，私信详谈').includes('ad_structure'));
  assert.equal(classifyPost('帮你查到任何人的住址 只需给我一个手机号').label, 'pi_trade');
  // A question about one's own documents names targets without selling them.
  assert.equal(classifyPost('酒店入住需要身份证吗？忘带了怎么办').label, 'other');
});

test('a listing needs no verb when it sells goods on terms', () => {
  assert.ok(names('新能源车主号码 每个月更新').includes('commerce'));
  assert.ok(!names('车主资料太多了记不住').includes('commerce'));
});

test('second-hand homes and cars before their owners name a customer group', () => {
  assert.ok(!names('本市二手房挂牌业主电话').includes('second_hand'));
  assert.ok(names('二手房急售，九成新家具').includes('second_hand'));
});

test('an owner selling their own house or car is not trading data', () => {
  for (const text of [
    '业主自售 两室一厅 89平 南北通透 满五唯一 看房电话13700001111',
    '本人车主急售2021款卡罗拉，车况好，里程5万公里，微信 my_corolla_demo',
  ]) {
    const r = classifyPost(text);
    assert.equal(r.label, 'other', text);
    assert.ok(r.signals.some((s) => s.name === 'second_hand' || s.name === 'innocent_goods'));
  }
  // The same groups as goods are still an ad.
  assert.equal(classifyPost('出本市新盘业主资料，带电话，微信 yz_list_demo').label, 'pi_trade');
});

test('a news headline is news even when it quotes the prices it exposes', () => {
  for (const text of [
    '揭秘｜网上叫价的"四件套"：每套300元，开户资料从哪里来',
    '记者暗访：所谓"精准客户名单"每千条200元，卖家称全国都有',
  ]) {
    const r = classifyPost(text);
    assert.equal(r.label, 'other', text);
    assert.ok(
      r.signals.some((s) => s.name === 'headline'),
      text,
    );
  }
  // A column tag only counts at the head of the post.
  assert.ok(!names('出股民资料，揭秘：接通率高').includes('headline'));
});

test('a brokerage courting new account holders is a legitimate ad, not a list of 股民', () => {
  const r = classifyPost('某某证券 新股民开户礼，万一免五低佣金，客户经理微信 kaihu_demo');
  assert.equal(r.label, 'other');
  assert.ok(r.signals.some((s) => s.name === 'legit_ad'));
});

test('ID-card photo sets are personal data; asking where to get 料子 is seeking', () => {
  assert.equal(classifyPost('卖身份证照片，正反面加手持，500套起').label, 'pi_trade');
  assert.equal(classifyPost('兄弟们资料哪里搞？刚入行做贷款').label, 'pi_trade');
  assert.equal(classifyPost('刚到一批名单 宝妈类 日更 懂的来').label, 'pi_trade');
});

test('goods for a customer group, or a topic, are not that group’s records', () => {
  for (const text of [
    '出学生校服，批发价，各学校都能做',
    '出 c z 坐垫 ，全新',
    'GM 服务器 今晚开服 ，欢迎',
    '数据安全 ，全国各地企业都要重视',
    '宝妈 ， 学生 ， 老人 都 要 注 意 防 晒',
    '需要客源的老板，教你做小红书引流，实操陪跑',
    '出和平精英号 全皮肤 高段位 私聊',
    '英短幼猫 纯种 驱虫已做 要的私',
  ]) {
    assert.equal(classifyPost(text).label, 'other', text);
  }
});

test('the learned vote cannot sell innocent goods as data', () => {
  const r = classifyPost('🔥床上四件套 一手货源 私我');
  assert.equal(r.label, 'other');
  const learned = r.signals.find((s) => s.name === 'learned');
  assert.ok(!learned || learned.weight <= 2);
});

test('a post that negates or compares against buying data does not trade it', () => {
  for (const text of ['不买数据也能获客，私域运营课报名中', '展会获客比买名单强一百倍']) {
    const r = classifyPost(text);
    assert.ok(!names(text).includes('trade_phrase'), text);
    assert.equal(r.label, 'other', text);
  }
  assert.ok(names('出车主资料').includes('trade_phrase'));
});

test('software work on personal data (masking scripts, fake-data libraries) is other', () => {
  for (const text of [
    '分享一个Python脚本：把手机号中间四位换成星号，身份证只留前六后四，给测试环境用',
    '用Faker生成测试数据，姓名和手机号都是假的吗？',
  ]) {
    const r = classifyPost(text);
    assert.equal(r.label, 'other', text);
  }
  assert.ok(names('写了个脚本给手机号脱敏').includes('tech'));
});

test('goods described by what only a list claims (空号率, 匹配率) make a listing without a verb', () => {
  const text = '手机号码 空号率低于3% 不重复 可先测后付 联系 vx：demo_sj01';
  const r = classifyPost(text);
  assert.ok(
    r.signals.some((s) => s.name === 'commerce' && s.terms.includes('goods+list_quality')),
    JSON.stringify(r.signals),
  );
  assert.equal(r.label, 'pi_trade');
  // A quality word of any product is no list claim.
  assert.ok(!names('这批耳机质量不错 不满意可退 联系 vx：demo_ej01').includes('commerce'));
});

test('one masked record that the post calls a sample weighs as a sample', () => {
  const sample = '放个样：钱*｜139****2211｜某市某区｜保单到期2027.05 要全的私';
  const r = classifyPost(sample);
  assert.ok(names(sample).includes('sample_rows'));
  assert.equal(r.label, 'pi_trade');
  // The same starred number without the word for a sample is not one.
  assert.ok(!names('我的号码 139****2211 被人冒用了').includes('sample_rows'));
});

test('a quotation counts against a post unless its poster speaks as the seller', () => {
  assert.ok(!names('我这边能提供一些“线索” 转化率不错 私我').includes('quoted'));
  assert.ok(names('群里有人在发卖“料子”的帖子，已经举报了').includes('quoted'));
});

test('bank kits (一类卡, U盾) are goods and their price follows the item', () => {
  const text = '四件套 一类卡 2600 二类卡 1500 带U盾 全新开户 有意联系 飞机@demo_kit';
  const r = classifyPost(text);
  assert.ok(names(text).includes('price'));
  assert.ok(!names(text).includes('second_hand'));
  assert.equal(r.label, 'pi_trade');
  assert.equal(classifyPost('银行提醒：不要出租出借自己的银行卡和U盾，违法').label, 'other');
});

test('the learned vote cannot outvote a news report that describes a sale', () => {
  const report = '据警方通报，某论坛有人出售车主资料，涉及姓名、手机号，民警已立案调查';
  const r = classifyPost(report);
  const learned = r.signals.find((s) => s.name === 'learned');
  assert.ok(names(report).includes('news'));
  assert.ok(!learned || learned.weight <= GENRE_LEARNED_CAP, JSON.stringify(learned));
  assert.equal(r.label, 'other');
  // The ad with the same words keeps the model's full vote.
  const ad = classifyPost('出售车主资料 姓名手机号 加微信 demo_car88');
  assert.ok(ad.signals.some((s) => s.name === 'learned' && s.weight > GENRE_LEARNED_CAP));
  assert.equal(ad.label, 'pi_trade');
});

const signalNames = (text: string): string[] => classifyPost(text).signals.map((s) => s.name);

test('a post of a word for the goods and a handle is a terse handle ad; a shop handle is not', () => {
  // Written for this test, not taken from a fixture: the mechanism, not the words.
  assert.ok(signalNames('资源 见主页').includes('terse_handle'));
  assert.ok(signalNames('料 @liaozi_shop_7').includes('terse_handle'));
  assert.ok(signalNames('车主 股民 扣 5 5 8 1 2 0 3 3').includes('terse_handle'));
  assert.equal(classifyPost('料 @liaozi_shop_7').label, 'pi_trade');
  // No word for the goods: a sneaker shop, a mothers' group, a hotline.
  assert.ok(!signalNames('球鞋代购 @kicks_hk88').includes('terse_handle'));
  assert.ok(!signalNames('宝妈群 加微信 mama_group1').includes('terse_handle'));
  // Another genre's word rules it out: a second-hand phone with a handle.
  assert.ok(!signalNames('二手手机 出 资料齐全 微信 phone_88x').includes('terse_handle'));
});

test('a handle branded with the goods is a signal', () => {
  const r = classifyPost('有需要的加 vx: ziyuan_duijie88');
  assert.ok(r.signals.some((s) => s.name === 'handle_goods' && s.terms.includes('ziyuan')));
  assert.ok(!signalNames('有需要的加 vx: flower_shop88').includes('handle_goods'));
});

test('a buyer asking for a list and offering to pay is a request', () => {
  assert.ok(signalNames('谁手上有本地新楼盘的业主名单？有偿，价格好说').includes('request'));
  assert.ok(signalNames('有没有大佬有外贸采购商名单 预算充足').includes('request'));
  // Asking without paying, or paying for something that is not a list, is no request.
  assert.ok(!signalNames('谁有本地业主群？想问问物业的事').includes('request'));
  assert.ok(!signalNames('有偿求助：电脑蓝屏怎么修').includes('request'));
});

test('a list named by any group of people counts as goods of a group', () => {
  const r = classifyPost('出 物流园 快递员名单 带电话 五千个起');
  assert.ok(r.signals.some((s) => s.name === 'subject_goods'));
  assert.ok(!signalNames('请更新您的个人资料').includes('subject_goods'));
});

test('per-record prices turn job words into goods; a salary does not', () => {
  // 简历 is a job word; priced per record it is what is sold.
  const sold = classifyPost('出 求职者简历 带电话 一份三毛 五千份起');
  assert.ok(!sold.signals.some((s) => s.name === 'job'));
  const job = classifyPost('招聘电话销售 底薪4000 公司提供客户资源 五险一金');
  assert.ok(job.signals.some((s) => s.name === 'job'));
  assert.equal(job.label, 'other');
});

test('a buyer asking for a list and saying what it is for is a request', () => {
  // Written for the test: the buyer names the use of the goods instead of a price.
  assert.ok(signalNames('有谁在卖外卖骑手信息的 我收 做保险的').includes('request'));
  assert.ok(signalNames('哪里能买到本地企业老板的电话 做贷款推广').includes('request'));
  // Asking for advice, or buying something that is not a list, is no request.
  assert.ok(!signalNames('哪里能买到便宜的二手电脑 做设计用的').includes('request'));
  assert.ok(!signalNames('我收到一条短信说我信息泄露了 做什么用的').includes('request'));
});

test('goods the post disowns are blanked and count against it', () => {
  // Written for the test: a tool that holds no personal data, a victim asking who sold theirs.
  const tool = classifyPost('做了个快递单号查询小程序 不含任何个人信息 欢迎试用');
  assert.ok(tool.signals.some((s) => s.name === 'disclaimer'));
  assert.ok(!tool.signals.some((s) => s.name === 'subject_goods'));
  assert.equal(classifyPost('又接到贷款推销 到底是谁卖的我的手机号').label, 'other');
  // A seller who only disowns a middleman still sells.
  const ad = classifyPost('出本地宝妈资料 非中介 一手 加v bm_data_77');
  assert.ok(!ad.signals.some((s) => s.name === 'disclaimer'));
  assert.equal(ad.label, 'pi_trade');
});

test('in a post about cloth, 料子 is the cloth', () => {
  assert.equal(classifyPost('出一批料子 纯棉的 做窗帘剩的 按米卖 私我').label, 'other');
  assert.equal(classifyPost('出料子 宝妈 车主 一手 私我').label, 'pi_trade');
});

test('group rules and a joke label are not ads', () => {
  assert.ok(signalNames('群规：禁止发布出料信息 违者踢').includes('warning'));
  assert.ok(signalNames('笑话：我这有全国人民的手机号').includes('headline'));
});

test('insider access turns one look-up target into a look-up service', () => {
  // Written for the test; the news report of an insider case stays news.
  assert.ok(signalNames('银行内部渠道 出流水 私聊').includes('lookup_service'));
  assert.equal(classifyPost('通报：某快递公司内部人员泄露面单信息被判刑').label, 'other');
});

test('an insurer issuing a policy at the lowest price (最低价出单) offers no data', () => {
  assert.ok(!signalNames('续保找我 比价后最低价出单').includes('offer'));
  assert.ok(signalNames('车主资料低价出').includes('offer'));
});

// Session 6: failure classes of indep11 and indep14, each tested by its own rule's signal.

test('a service on the client list of its own disowns the goods; buying that list does not', () => {
  assert.ok(names('呼叫中心系统，可导入贵公司自有客户名单自动拨号').includes('disclaimer'));
  assert.ok(names('短信代发，客户自己提供号码，我们只负责通道').includes('disclaimer'));
  assert.ok(!names('会员数据去重，数据不出本地机房').includes('trade_phrase'));
  assert.ok(!names('高价收您手上的客户资料，量大从优').includes('disclaimer'));
  assert.ok(names('卖我电话的那家中介真缺德').includes('disclaimer'));
});

test('jade, timber and media make 料子 and 资源 innocent', () => {
  assert.ok(names('老挝红木料子，一手货源，私聊看货').includes('innocent_goods'));
  assert.ok(names('求资源 某部美剧第三季 网盘也行').includes('innocent_goods'));
  assert.ok(!names('出资源 股民宝妈 私我').includes('innocent_goods'));
});

test('exporting a list from business software is a how-to, not a trade', () => {
  const r = classifyPost('ERP里客户名单导出来全是乱码，有大佬知道咋办吗');
  assert.ok(!r.signals.some((s) => s.name === 'trade_phrase'));
  assert.ok(r.signals.some((s) => s.name === 'tech'));
});

test('a group declared a market trades, and its rules are no warning', () => {
  const market = names('群公告：本群只做料子交易，禁止诈骗，违规踢');
  assert.ok(market.includes('trade_phrase') && !market.includes('warning'));
  assert.ok(names('本群禁止发任何数据买卖广告，违规踢').includes('warning'));
});

test('accounts and everyday small ads count as second-hand goods', () => {
  assert.ok(names('出个王者号，国服李白，价格私聊').includes('second_hand'));
  assert.ok(names('懂的来 出一台二手PS5 带三个游戏').includes('second_hand'));
  assert.ok(!names('收购游戏账号绑定的手机号和实名信息').includes('second_hand'));
});

test('a buyer who takes everything or names a group of people for its 单子 asks for goods', () => {
  assert.ok(names('你那边宝妈的料还有吗 我全要了').includes('request'));
  assert.ok(names('股民单子 还有吗').includes('subject_goods'));
  assert.ok(!names('客户的单子今天能发货吗').includes('subject_goods'));
});

test('a person looked up for pay is a look-up service; a parcel is not', () => {
  assert.ok(names('帮我查下这个人现在住哪，有偿').includes('lookup_service'));
  assert.ok(!names('帮我查一下快递到哪了').includes('lookup_service'));
});

test('a short chat post hinting at the goods with a private channel is a hinted offer', () => {
  assert.ok(names('私你了，名单在我这，价格看私信').includes('hinted_offer'));
  assert.ok(!names('精准控油洗面奶，私我拿价').includes('hinted_offer'));
});

test('a complaint about the sellers, a service needing no list and a booking disown the goods', () => {
  assert.ok(names('有没有人管管卖车主信息的，天天接推销电话').includes('disclaimer'));
  assert.ok(names('卖面单信息的太多了，寄完记得划掉').includes('disclaimer'));
  assert.ok(!names('专业卖车主信息的老渠道，加v详谈').includes('disclaimer'));
  assert.ok(names('代运营 按效果付费 不需要客户名单').includes('disclaimer'));
  assert.ok(names('火车票代抢 需提供乘车人姓名和身份证号').includes('disclaimer'));
  assert.ok(!names('提供对方身份证号即可查开房').includes('disclaimer'));
});

test('court records and security disclosures are news', () => {
  const news = (t: string): number =>
    classifyPost(t).signals.find((s) => s.name === 'news')?.terms.length ?? 0;
  assert.ok(news('裁判文书显示，该员工倒卖住户名单，非法获利三万') >= 2);
  assert.ok(news('研究人员发现接口漏洞，平台已修复并致歉') >= 3);
  assert.equal(news('出业主名单 一手 量大从优'), 0);
  assert.ok(names('据一审判决书显示，被告每条五毛倒卖名单').includes('headline'));
  assert.ok(!names('出业主名单，比裁判文书网上的多个电话').includes('news'));
});

test('game accounts named by their contents and physical sets are ordinary goods', () => {
  assert.ok(names('出 地下城 满级号 价格私聊').includes('second_hand'));
  assert.ok(!names('出游戏玩家手机号 带区服').includes('second_hand'));
  assert.ok(names('汽车脚垫四件套 全包围 私我发车型').includes('innocent_goods'));
  assert.ok(names('婚庆四件套 淘宝搜店名').includes('legit_ad'));
  assert.ok(!names('四件套 一类卡 U盾 全齐 懂的来').includes('innocent_goods'));
});

test('sorting your own sheet is a how-to; 出 after a verb of picking is no offer', () => {
  const r = classifyPost('WPS里怎么批量筛选出重复的客户电话');
  assert.ok(r.signals.some((s) => s.name === 'tech'));
  assert.ok(!r.signals.some((s) => s.name === 'trade_phrase'));
  assert.ok(names('出重复的客户名单 便宜').includes('trade_phrase'));
});

test('a 料 vouched first-hand and a bank kit sold as a set are trade phrases', () => {
  assert.ok(names('我家的料都是一手的 要的私').includes('trade_phrase'));
  assert.ok(names('卡证号一套 私').includes('trade_phrase'));
  assert.ok(!names('面粉厂原料一手货源 批发').includes('trade_phrase'));
});

test('one look-up target inside a service word counts once', () => {
  const r = classifyPost('查我开房记录');
  const lookup = r.signals.find((s) => s.name === 'lookup_service');
  assert.deepEqual(lookup?.terms, ['开房记录']);
  assert.equal(lookup?.weight, SIGNAL_RULES.lookup_service.perHit);
});
