/**
 * The words and patterns the post classifier looks for, grouped by what they say about a post.
 * Every pattern runs on the compact normalised text (see evasion-normalizer.ts): simplified
 * characters, lower case, no separators, aliases resolved — so the lists hold plain forms only.
 *
 * Positive groups describe the parts of a trading ad: an offer or a request, the goods (lists of
 * people), whose data it is, claims of quality, a price per record or per thousand, bulk
 * quantities. Negative groups describe the posts that share those words without trading: news
 * about cases, police and bank warnings, privacy tips, legitimate ads with a hotline, second-hand
 * goods, job posts, study material.
 */

/** Names of the signals; the classifier weighs each one (see post-classifier.ts). */
export type SignalName =
  | 'trade_phrase'
  | 'subject_goods'
  | 'offer'
  | 'seek'
  | 'goods'
  | 'subject'
  | 'quality'
  | 'price'
  | 'bulk'
  | 'lookup_service'
  | 'sales_use'
  | 'contact'
  | 'contact_cue'
  | 'sample_rows'
  | 'news'
  | 'warning'
  | 'privacy_tip'
  | 'legit_ad'
  | 'second_hand'
  | 'job'
  | 'innocent_goods'
  | 'reported'
  | 'quoted'
  | 'ad_structure'
  | 'commerce'
  | 'catalogue'
  | 'fields'
  | 'terse_ad'
  | 'headline'
  | 'tech'
  | 'handle_goods'
  | 'request'
  | 'terse_handle'
  | 'disclaimer'
  | 'hinted_offer'
  | 'learned';

const words = (list: readonly string[]): string => list.join('|');

/** Verbs of offering. Bare 出 / 卖 / 售 count only next to goods (see TRADE_PHRASE_RE). */
export const OFFER_WORDS = [
  '出售',
  '售卖',
  '贩卖',
  // Not 出单: an insurer's agent "issues a policy" at the lowest price (最低价出单).
  '低价出(?!单)',
  '长期出',
  // "加我拿", "私我拿": the goods are ready and the reader only has to come and take them (not
  // "私我拿样", "加我拿货": a shop's samples and wholesale stock; nor "私我拿价", "私我拿图":
  // every small shop's way to send its price list or photos).
  '(?:加我|私我|找我|滴我|联系我)拿(?![样货价图])',
  // Passing on what one has too much of ("便宜分给大家", "转一半给需要的"): a reseller.
  '(?:便宜|低价|半价|打包)(?:转|分)给?|转一半|分给(?:大家|需要)|转给需要',
  // New stock ("本周新的一批", "今天补货了", "今天到了300条", "刚到的一批").
  '新的一批',
  '补货',
  '(?:今天|今日|刚)到了?\\d+(?:条|个|份)',
  '刚到的一批',
  // "今日新到：…": stock just in; not a newcomer ("新到任", "新到岗").
  '新到(?![任职岗达家])',
  // "给个价就出", "合适就出": selling to whoever bids, at the end of a clause.
  '就出(?=\\||$)',
  // Selling a list cut by segment ("按小区卖", "按行业出"); not by weight ("按斤卖").
  '按(?:小区|楼盘|行业|城市|省份?|地区|区域|年龄|年份)(?:卖|出|拆分|分装)',
  '大量出',
  '批量出',
  '常年出',
  // Not the end of 出现 ("出现出售…的帖子").
  '(?<!出)现出',
  '出一手',
  // "…再来找我买", "找我拿货": the poster is the one who sells.
  '找我(?:买|拿|订|购)',
  '供应',
  '有货',
  '现货',
  '代发',
  '转卖',
  '打包卖',
  '甩卖',
  '便宜出',
  '分享资源',
  '出料',
  '出点料',
  '有料',
  '新鲜货',
  '新货',
  '新料',
  // "有没有人要…?" offers to whoever wants it (Cantonese 有冇人要 arrives here as 有没有人要).
  '有没有人要',
  // "有人要“电话本”吗": the same offer as a question.
  '有人要(?=[\\u4e00-\\u9fffa-z0-9]{1,8}?吗)',
  '领(?:取)?(?:试用|免费)?(?:资料|名单|数据)',
  '处理一批',
  '打包处理',
  '我这有',
  '我这里有',
  '手里有',
  // "手里每天有", "手上还有": the possessive with a few words between.
  '手(?:里|上|头)[\\u4e00-\\u9fff]{1,4}?有',
  '便宜打包',
  '手上有',
  '本工作室',
  '主营',
  '常年提供',
  '长期提供',
  '打包出',
  '便宜给',
  '一起打包',
  '承接',
  '能弄到',
  '都能弄',
  '能搞到',
  '都能出',
  'selling',
  'offering',
  'sell',
  'wts',
  '便宜处理',
  '低价处理',
  '贩子',
  '高价求',
  '要不要',
  '需不需要',
  '我这边',
  'forsale',
  '稳定货源',
  '货源',
  '手头有',
  '甩了',
  '有一批',
  '能给你',
  '私人订制',
  '订制',
  '上新',
  '到货',
  '自动发',
  '日出(?=\\d)',
  '出一批',
  '(?:新|刚)到一批',
  '一条龙',
  'vendor',
  'listing',
  // A dump is a leak put up for sale.
  'dump',
  '每日新增',
  '接单',
  '我都有',
  '有量',
  '来拿',
  '来我这',
  '直供',
  '拿货',
  '要多少有多少',
  // "需要…的滴滴我": whoever needs the goods is told to get in touch — the ad's call to action.
  '需要[\\u4e00-\\u9fffa-z0-9]{1,12}?的(?:滴滴|私|加|找|联系|来|看)',
  // The same call with a bare 要 ("要“小本本”的私我"), to a narrower set of endings.
  '(?<![不只想还需主重])要[\\u4e00-\\u9fffa-z0-9]{1,8}?的(?:滴滴|私我|私聊|私信|加我|找我|联系我)',
  // Whoever lacks or needs the goods is told to get in touch ("缺名单的话可以找我").
  '(?:缺|需要|想要)[\\u4e00-\\u9fffa-z]{1,8}?(?:的话)?(?:可以|请|就|直接)?(?:找我|私我|联系我|滴滴我|加我)',
  // A sample shown, the rest for sale: "要全的私", "需要全量私讯", "需要完整名单请line我".
  '要全的',
  '(?:要|需要)(?:全量|完整)',
  // The market's own words for its members: a seller looks for buyers downstream ("找靠谱的下家")
  // and tells resellers to keep away ("中间商勿扰").
  '下家',
  '下游',
  '中间商勿扰',
  '(?:不是|非)中间商',
  // Coverage claims ("全市都有", "各行业都有").
  '(?:全国|全市|全省|全网|各地|各省|各行业|行业)(?:都有|都能|齐全)',
] as const;

/** Verbs of seeking. Bare 收 / 求 / 要 count only next to goods. */
export const SEEK_WORDS = [
  '求购',
  '收购',
  '高价收',
  '长期收',
  '大量收',
  '诚收',
  '急收',
  '回收',
  '求资源',
  '求料',
  '谁有',
  '哪里有',
  '有没有',
  'anyonegot',
  'anyonehave',
  'willpay',
  '有出',
  'wtb',
  'buying',
  '能买到',
  '哪里能买',
  '出价高',
  '都收',
  '谁要',
  '谁收',
  '帮我搞',
  '搞一份',
  '搞一批',
  'lookingfor',
  'paying',
  '蹲一个',
  '给钱',
  // "料子哪里拿？": asking where to get the goods.
  '(?:哪里|哪儿|哪|去哪)(?:拿|搞|弄|进)(?!货)',
  '高价求',
  // A buyer looking for a supplier ("求长期合作上游").
  '上游',
  // Paying for a record or a look-up ("有偿求某人住址", "有偿帮查").
  '有偿(?:求|找|查|帮)',
  // A buyer asks who sells, or says they buy ("有谁在卖…", "有人出…吗？收", "…我收"): not
  // 我收到 / 我收拾 / 我收藏, where 收 is receiving or tidying.
  '有?谁在卖',
  '有人出(?=[^|]{1,24}吗)',
  '吗\\|收(?=\\||$)',
  // "谁手里有…的，收": a clause of one word at the end of the post, the buyer's "I'll take it".
  '\\|收\\|*$',
  // "求一批…", "收一批…": a buyer ordering a batch (not "需要一批手机壳", a factory's order).
  '求一批',
  '收一批',
  '我收(?![到拾藏费入下好起了过回件款货])',
  // "…，我买，…": the buyer's word, at the end of a clause (not "我买了个手机").
  '我买(?=\\||$)',
  // A buyer asks who can do a look-up or get the goods ("谁能查…", "有没有人能弄到…").
  '(?:谁|哪位|有没有人|有人)(?:能|可以|会)(?=查|弄|搞|找|调|帮)',
] as const;

/** Traded goods: what a list of people is called in these markets. */
export const GOODS_WORDS = [
  '资料',
  '名单',
  '料子',
  '四件套',
  '三件套',
  '三要素',
  '二要素',
  '客户资源',
  '客资',
  '花名册',
  '客户表',
  '会员表',
  '用户表',
  '数据源',
  '套料',
  '数据',
  '信息',
  '号码',
  '手机号',
  '电话号',
  '资源',
  '线索',
  '开房记录',
  '户籍',
  '身份证',
  '快递单',
  '订单',
  '征信',
  '通讯录',
  '社工库',
  '个人信息',
  '号段',
  '意向客户',
  '精准客户',
  '客户',
  // Not a label before a phone number ("电话13900004444"): that is how to reach the poster.
  // Nor "电话联系 / 电话咨询": that is a way to reach the poster, not goods.
  '电话(?!\\d{7}|联系|咨询|沟通|详谈|洽谈|预约)',
  '联系方式',
  'leads',
  'database',
  '名册',
  '名录',
  '客源',
  'contacts',
  '新料',
  '老料',
  '面单',
  'dump',
  'records',
  'kyc',
  'fullz',
  'combolist',
  'phonelist',
  '登记表',
  '导出表',
  // Photos of other people's ID cards, sold in sets for fake accounts ("正反面+手持 100套").
  '身份证照片',
  '身份证照',
  '正反面',
  '手持照',
  // Bank kits sold for fraud accounts ("四件套 一类卡 3000 带U盾").
  '一类卡',
  '二类卡',
  'u盾',
  '对公账户',
  '对公户',
] as const;

/** Whose data it is: the customer groups sold as lists. */
export const SUBJECT_WORDS = [
  '股民',
  '散户',
  '基民',
  '车主',
  // Not 车载 ("全新车载支架", a brand-new car mount): goods for the car, not its owner.
  '新车(?!载)',
  '保险客户',
  '保单',
  '投保人',
  '业主',
  '房主',
  '房东',
  '学生家长',
  // Not 下家 + 长期 ("找靠谱的下家长期合作").
  '(?<!下)家长',
  '学生',
  '考生',
  '新生儿',
  '宝妈',
  '孕妇',
  '贷款',
  '网贷',
  '借贷',
  '信用卡',
  '老板',
  '企业主',
  '企业法人',
  '法人',
  '高净值',
  '高端客户',
  '富豪',
  '医美',
  '患者',
  '病人',
  '老年',
  '乘机人',
  '乘客',
  '住客',
  '租客',
  '老人',
  '彩民',
  '博彩',
  '理财',
  '期货',
  '外汇',
  '炒股',
  '(?<!精)装修',
  '网购',
  '淘宝',
  '快递',
  '银行客户',
  '公积金',
  '社保',
  '开户',
  '会员',
  '客户',
  '注册用户',
  '用户',
  '车险',
  '续保',
  '到期客户',
  '学员',
  '意向客户',
  '股票',
  'investor',
  'owners',
  'gamblers',
  'patients',
  'stockholder',
  'carowner',
  'borrower',
  'policyholder',
  '宝宝',
  '家庭',
  '玩家',
  '家属',
  '储户',
  '大户',
  '律师',
  '医生',
  '教师',
  '产妇',
  '孕产',
  '产科',
  '游客',
  '旅客',
  '白领',
  '公务员',
  '股东',
  '业主群',
  '借款人',
  '买家',
  '收件人',
  '持卡人',
  '人群',
  '群体',
  '豪宅',
  '高端',
  '逾期',
  '申请人',
  '保健品',
  '房贷',
  '车贷',
  '同户',
  'student',
  'parent',
  'cardholder',
  'holders',
  '投资者',
  '投资人',
  '炒家',
  '新人',
  '新生(?!儿)',
  '大学生',
  '群成员',
  '群员',
  '婚庆',
  '买方',
  '成交客户',
] as const;

/** Claims sellers make about the list. */
export const QUALITY_WORDS = [
  '精准',
  '实时',
  '一手',
  '接通率',
  '可验证',
  '可验',
  '包验',
  '先试后买',
  '免费测',
  '试用',
  '首单',
  '价优',
  // Records segmented for the buyer ("按城市分表", "区县可选", "按保险公司分类"): a list's menu.
  '按[\\u4e00-\\u9fff]{1,6}?(?:分表|分类|分级|筛选?|提取|分)',
  '(?:地区|区县|城市|省份|科室|学校|年级|行业|年龄|性别)可选',
  '可按',
  '可指定',
  '(?:by)(?:city|province|school|region|state)',
  'instantdelivery',
  '先测后买',
  '可测试',
  '可试',
  '试料',
  '测试',
  '新鲜',
  '当天',
  '当日',
  '日更',
  '最新',
  '全国',
  '分省',
  '分地区',
  '分城市',
  '可筛选',
  '按需',
  '定制',
  '空号率',
  '不重复',
  '去重',
  '真实有效',
  '保真',
  '带姓名',
  '带地址',
  '带身份证',
  '包售后',
  '量大',
  '优惠',
  '价格美丽',
  '质量',
  '有效率',
  '秒发',
  '样本',
  '样板',
  '可分市',
  '分市',
  '精准到',
  '到区',
  '到市',
  '上牌',
  '筛选',
  '按年龄',
  '按地区',
  '按省份',
  '按行业',
  '按城市',
  '分好',
  '样品',
  '先给样',
  'fresh',
  'verified',
  'realtime',
  'daily',
  '按[\u4e00-\u9fff]{1,3}(?:分|筛)',
  '自有渠道',
  '可以验证',
  '先验后付',
  '先验',
  '刚出炉',
  '出炉',
  '稳定',
  '便宜',
  '每日更新',
  '每天更新',
  '实时更新',
  // Any schedule of updates ("每个月更新", "资料已更新"): lists are sold fresh.
  '(?:每天|每日|每周|每月|每个月|日|周|月|已|持续|定期|不断)更新',
  '转化高',
  '转化率',
  '截流',
  '抢客',
  '抢单',
  '日更新',
  '每月更新',
  '实惠',
  '抓取',
  '包月',
  '意向度',
  '先测后付',
  '源头',
  '订制',
  // Service claims of look-ups and of sellers.
  '不成功不收费',
  '秒出',
  '[0-9一二三四五六七八九十半]+(?:分钟|小时)出',
  '加急',
  '精确到',
  '全网最低',
  '最低价',
  '活跃',
  '筛过',
  '实名',
  '每天更',
  '担保',
  'escrow',
  'sample',
  '验证过',
  '可过人脸',
  '三网',
  '全类目',
  '给结果',
  '[0-9一二三四五六七八九十]+天内',
  '价格好说',
  '打包价',
  '价格可谈',
  // Where the records come from: a leak from inside ("银行内部流出", "门店流出", "后台导出").
  '(?:内部|后台|门店|渠道)(?:流出|导出)',
  // Claims only a list of phone numbers makes about itself (see LIST_QUALITY_WORDS).
  '空号检测',
  '匹配率',
  '准确率',
  '不满意(?:全额)?退',
  '包退',
  '包换',
  '(?:先|可以先|可)看样',
  '(?:放|发|拿|要)个?样',
] as const;

/**
 * Quality claims that only a list of people makes ("空号率<3%", "实名匹配率95%", "非库存"): the
 * share of dead numbers, of numbers matching a real name, of duplicates, the freshness of the
 * batch. With goods named they make a listing even without a verb of selling.
 */
export const LIST_QUALITY_WORDS = [
  '空号率',
  '空号检测',
  '接通率',
  '匹配率',
  '实名率',
  '准确率',
  '有效率',
  '重复率',
  '不重复',
  '去重',
  '保真',
  '非库存',
  '非网上',
  '先测后付',
  '先测后买',
  '先试后买',
  '先验后付',
  '可先测',
] as const;

/** Selling look-ups of a person: the private-investigator trade ("私家侦探"). */
export const LOOKUP_SERVICE_WORDS = [
  // Asking for one person to be found ("帮我查一下他现在住哪"): a look-up bought, not offered.
  '帮(?:我|忙)?查[\\u4e00-\\u9fff]{0,10}?(?:住哪|住在哪|住址|下落|行踪|在哪上班|开房)',
  '代查',
  '查档',
  '查人',
  '找人',
  '查开房',
  '开房记录',
  '户籍查询',
  '查户籍',
  '手机定位',
  '定位查询',
  '行动轨迹',
  '轨迹查询',
  '查通话',
  '通话记录',
  '查机主',
  '机主信息',
  '社工库',
  '人肉',
  '查车辆',
  '查快递',
  '查银行卡',
  '私家侦探',
  '调查取证',
  '查车',
  '查房产',
  '查手机',
  '信息查询',
  '查询业务',
  '实名查询',
  '机主查询',
  '出结果',
  '查个人',
  '出行记录',
  '查行程',
  '入住记录',
  '记录查询',
  '反查',
  '查车主',
  // The pitch of a look-up seller: "帮你查到", "给我一个手机号".
  '帮(?:你|您)(?:查|找|调|定位)',
  '可以帮(?:你|您)?(?:查|找|调)',
  '任何人',
  '(?:只需|只要|给我)[有一个张]{0,2}(?:手机号|号码|名字|姓名|身份证号?|车牌号?|照片)',
  '查(?:他人|别人|对方)',
  '渠道查',
  '(?:就能|都能)查',
  '任意(?:手机号|号码|人)',
  '内网查',
  '寻址',
  '接[\\u4e00-\\u9fff]{0,3}?查询',
  '私家调查',
  '背景调查',
  // Doxxing ("开盒", "开个盒"): everything about a person, found and handed over. Not a blind
  // box opened ("开盲盒", "开盒视频").
  '(?<![盲拆])开(?:个|了)?盒(?!子|视频|测评|体验|机|饭)',
] as const;

/** What bought lists are used for. */
export const SALES_USE_WORDS = [
  '外呼',
  '电销',
  '拓客',
  '获客',
  '引流',
  '群发',
  '短信营销',
  '推广',
  '营销',
  '意向客户',
  '有意向',
  '意向',
  '专用',
  '必备',
  '首选',
  '催收',
  '续保',
  // The trade a list is for, named as its buyers' ("做电销的看过来", "做医美的老板", "适合做婚介").
  '做[\\u4e00-\\u9fffa-z]{1,5}?的(?:老板|兄弟|朋友|同行|看过来|来)',
  // The buyers a list is for, invited by their trade ("机构要的来", "猎头和培训机构可要").
  '(?:机构|公司|中介|商家|门店|猎头|销售|同行)(?:要的|可要|需要的|都要|都在用)',
  '适合做',
] as const;

/** Words asking the reader to get in touch privately. */
export const CONTACT_CUE_WORDS = [
  '私聊',
  '私信',
  '私我',
  '滴滴',
  '详聊',
  '加我',
  '找我',
  '联系我',
  '看主页',
  '主页',
  '进群',
  '懂的来',
  '懂得来',
  '懂的都懂',
  '懂得都懂',
  '看头像',
  // Messaging apps other than the ones with handles ("PM 我", "whatsapp 聯絡", "私訊").
  // Whole ASCII words only: the compact text glues words, and "admin" or "online" are not cues.
  '(?<![a-z])(?:pm|dm)(?:me)?(?![a-z])',
  'whatsapp',
  '(?<![a-z])line(?![a-z])',
  'sessionapp',
  '私讯',
  '见简介',
  '看简介',
  '吱',
  '老规矩',
  '签名',
  '留微信',
  '有需要',
  '需要的',
  '要的',
  '微信',
  'qq',
  'telegram',
  '飞机',
  '有意',
  '合作',
  '来问',
  '看过来',
  // "…，私。": private, at the end of the post (before any closing punctuation).
  '私\\|*$',
  '有要',
  '频道',
  // Cantonese "find me" (搵我), and "look at my name / signature / nickname" (the handle is in
  // the profile, where no post filter reads it).
  // (揾 is the simplified form the normaliser gives 搵.)
  '揾我',
  '看我(?:名字|签名|昵称|主页|头像|id)',
  // "資源 見頭像": the handle is in the profile.
  '见(?:头像|主页|简介|签名|昵称|id)',
  '搜我',
  // Chat apps the trade moved to when WeChat and QQ started banning handles.
  '蝙蝠(?:聊天|app|号|id)',
  'potato(?:chat)?',
] as const;

/** News about cases: the words of reports, courts and police statements. */
export const NEWS_WORDS = [
  '记者',
  '据报道',
  '报道',
  '获悉',
  '警方',
  // 公安内网 is what a look-up seller claims to query, not who is speaking.
  '公安(?!内网)',
  '民警',
  // Incident reports by regulators and security teams ("资料外泄事件", "威胁情报：监测到…").
  '(?:外泄|泄露|泄漏|外洩)事件',
  '威胁情报',
  '监测到',
  '私隐公署',
  '派出所',
  '检察院',
  '检察机关',
  '法院',
  '判处',
  '判决',
  '宣判',
  '一审',
  '二审',
  '被告',
  '犯罪嫌疑人',
  '嫌疑人',
  '涉嫌',
  '侵犯公民个人信息罪',
  '破获',
  '抓获',
  '刑事拘留',
  '刑拘',
  '有期徒刑',
  '罚金',
  '立案',
  '侦查',
  '案件',
  '落网',
  '专项行动',
  '通报',
  '日前',
  '近日',
  '经查',
  '非法获取',
  '非法出售',
  '团伙',
  '起诉',
  '公民个人信息',
  '涉案',
  '庭审',
  // Court records quoted in a post ("裁判文书显示…被告人…非法获利") are reports of a past trade;
  // not the site's name alone, which a seller cites as a source ("比裁判文书网多个电话").
  '裁判文书(?!网)',
  '非法获利',
  '违法所得',
  // Security disclosures: a flaw found and fixed is news about a platform, not an offer.
  '研究人员',
  '(?:接口|安全|系统)?漏洞',
  '已(?:于[\u4e00-\u9fff]{0,3}?)?修复',
  '致歉',
  '典型案例',
  '最高检',
  '最高法',
  '从重',
  '处罚',
  '黑产',
  '揭秘',
  '叫卖',
  '兜售',
  '情节',
  '违法所得',
  '判刑',
  '获刑',
  '被判',
  '(?<!非|非二手|不是|不是二手|不)倒卖',
  // 私家调查 / 背景调查 are what a private investigator sells, not a journalist's inquiry.
  '(?<!私家|背景|资产)调查',
  '暗访',
  '本报讯',
  '依法',
  '查处',
  '承认',
  '交代',
  '新闻',
  '被抓',
  '判了',
  '抓了',
  '坐牢',
  '违规',
  '规范',
  '通知',
  '各单位',
  '关于',
  '条例',
  '规定',
  '公诉',
  '职务便利',
  '利用职务',
  '报警',
  '报案',
  '案子',
  '罚款',
  '被罚',
  '判刑',
  // A report's names for the trade itself ("数据黑市", "起底…产业链").
  '黑市',
  '起底',
  '产业链',
] as const;

/** Warnings by police, banks, platforms, and people warning each other. */
export const WARNING_WORDS = [
  '提醒',
  '警惕',
  '谨防',
  '反诈',
  '防骗',
  '切勿',
  '请勿',
  '千万不要',
  '不要轻信',
  '不要相信',
  '别信',
  '不要随意',
  '骗局',
  '诈骗',
  '骗子',
  '上当',
  '受骗',
  '举报',
  '违法',
  '犯罪',
  '小心',
  '注意',
  '风险',
  '拉黑',
  '投诉',
  '禁止',
  '严禁',
  '从未',
  '不得',
  '声明',
  '未经授权',
  '可恶',
  '缺德',
  '气愤',
  '恶心',
  '太过分',
  '大快人心',
  // English warnings (spaces are gone in the compact text, so these are substrings).
  'scam',
  'phishing',
  'beware',
  'alert',
  'donotengage',
  'donotbuy',
  '犯法',
  '判几年',
  '会坐牢',
  // Cantonese: "it's a con", "don't believe it" (唔好 = 不要, 咪 = 别).
  '呃钱',
  '呃人',
  '唔好信',
  '咪信',
  // A group's rules list what is banned and what happens to it ("本群禁止…发现一律移除").
  '群规',
  '本群禁止',
  '一律(?:移除|踢|删除|清理|封)',
  '违者(?:踢|移出|清退|封)',
] as const;

/** Advice on protecting one's own data. */
export const PRIVACY_TIP_WORDS = [
  '保护个人信息',
  '保护好',
  '隐私',
  '泄露',
  '泄漏',
  '如何',
  '怎么办',
  '咋办',
  '咋整',
  '怎么',
  '为什么',
  '建议',
  '小贴士',
  '撕掉',
  '撕毁',
  '涂抹',
  '打码',
  '关闭',
  '设置',
  '权限',
  '骚扰电话',
  '骚扰',
  '谨慎',
  '教你',
  '一招',
  '擦掉',
  '涂掉',
  '划掉',
  '涂黑',
  'privacy',
  '不要(?:在网上|在群里|晒|发)',
  // Looking up one's own records in person ("本人带身份证到网点可以免费打印").
  '本人(?:带|持|携带)',
  '免费打印',
] as const;

/** Legitimate commercial ads: insurers, banks, lenders with a public hotline. */
export const LEGIT_AD_WORDS = [
  // Ticket grabbing and ad campaigns: the customer's own booking or reach, no list sold.
  '代抢',
  '抢票',
  '代运营',
  '投放',
  // A shop found by its name on a marketplace ("淘宝搜店名"): goods with a storefront.
  '(?:淘宝|天猫|京东|拼多多)(?:搜|店铺|旗舰店)',
  '搜店名',
  '客服热线',
  '服务热线',
  '全国统一',
  '热线',
  '官方',
  '官网',
  '营业厅',
  '门店',
  '投保',
  '理赔',
  '保障',
  '保额',
  '保费',
  '险种',
  // Insurance products an agent sells ("百万医疗险", "一年期产品"); a broker's lists are of
  // the people insured (车险到期客户), never of products.
  '(?:医疗|重疾|意外|寿|养老|年金|惠民)险',
  '一年期',
  '免费咨询',
  '咨询电话',
  '年化',
  '利率',
  '额度',
  '审批',
  '放款',
  '持牌',
  '以合同为准',
  '活动时间',
  '欢迎',
  '预约',
  '正规',
  '授权',
  '合规',
  '合法',
  'api',
  '开发者',
  // A broker or bank courting new account holders ("新股民开户享低佣金"): the 股民 are the
  // audience, not the goods.
  '低佣',
  '佣金',
  '开户(?:福利|礼|享|送|有礼|即送|优惠)',
  '客户经理',
  '券商(?!客户|资料|名单|数据)',
  // Software that manages a business's own customers (CRM), sold without any list.
  '管理系统',
  'crm',
  'saas',
  '加密存储',
  // Travel agents and matchmaking ads have a handle and a "帮你查航班" without trading people.
  '机票',
  '征婚',
  '相亲',
] as const;

/** Second-hand goods and ordinary small ads. */
export const SECOND_HAND_WORDS = [
  // 二手房…业主 / 二手车…车主 name the customer group, not a used item.
  // The customer group may have been blanked with an innocent compound ("业主房源信息" → □).
  '(?<!非|不是|不要)二手(?![车房][\\u4e00-\\u9fff□]{0,3}?(?:车主|业主|房主|房东|客户)|车主|倒卖|料)',
  '废品',
  '闲置',
  '九成新',
  '八成新',
  '成新',
  '95新',
  '99新',
  '成色',
  '自提',
  '包邮',
  '原价',
  '转手',
  '同城',
  '面交',
  '无拆修',
  '发票',
  '(?<!出)租房',
  // Not 出租屋 / 出租房…房东: rented homes as the place of a customer group (租客, 房东).
  '出租(?!屋|房[\\u4e00-\\u9fff]{0,2}?(?:租客|房东))',
  '拼车',
  // Not 全新开户 ("全新開戶": a bank kit opened for sale).
  '全新(?!开户|开的|注册)',
  // Phone numbers sold as numbers (a vanity number changes hands), not as people.
  '靓号',
  '吉祥号',
  // Not 开过户 ("开过户的股民": account holders, a list's claim).
  '(?<!开)过户',
  // A house or a car described as such: an owner selling property, not records.
  '[一二两三四五六0-9]室[一二两三0-9]厅',
  '精装修?(?![\\u4e00-\\u9fff]{0,3}?(?:业主|客户))',
  '毛坯',
  '满五唯一',
  '南北通透',
  '无事故',
  '车况',
  '里程(?!碑)',
  '一手车(?!主)',
  '(?:19|20)\\d\\d款',
  // Game accounts, software keys and pets: ordinary goods offered with an ad's vocabulary.
  '皮肤',
  '段位',
  '激活码',
  '序列号',
  '正版',
  // Accounts traded as products (a game or platform account, an aged WeChat account, a channel
  // with its followers): what changes hands is a login, not a list of people — unless the post
  // is after what the account is bound to ("游戏账号绑定的手机号").
  '(?:游戏|王者|原神|吃鸡|和平精英|英雄联盟|抖音|快手|小红书|视频|b站)账?号(?![码段主]|绑定|的?(?:手机|实名|信息|资料|电话))',
  '老号',
  // A game account named by what it holds ("英雄级武器号", "满级号", "皮肤号"): a login.
  '(?:武器|装备|皮肤|英雄|满级|段位|角色|v\\d{1,2})号(?![码段主])',
  '穿越火线|地下城|梦幻西游|(?<![a-z])(?:cf|lol|dnf)(?![a-z])',
  '白号',
  '国服',
  '\\d+万?粉(?!丝?(?:数据|资料|名单|手机|电话|号码|导出|信息))',
  // Consoles, luxury goods, property listings and errands: the small ads of salespeople and
  // neighbours, which share the seller's voice (懂的来, 滴滴我) but not the goods.
  'switch',
  'ps[45]',
  '卡带',
  '游戏机',
  '(?:回收|收购?)奢侈品|奢侈品回收',
  '名牌包',
  '笋盘',
  '代取快递',
  '跑腿(?!费)',
  '疫苗齐全',
  '驱虫',
  '幼犬',
  '幼猫',
  '纯种',
] as const;

/** Job posts. */
export const JOB_WORDS = [
  '招聘',
  '诚聘',
  '急招',
  // Not 群招人: a group recruiting members ("资源互换群招人").
  '(?<!群)招人',
  '岗位',
  '职位',
  '薪资',
  '月薪',
  '底薪',
  '提成',
  '五险一金',
  '简历',
  '应聘',
  '面试',
  '任职要求',
  '工作时间',
  '双休',
  '包吃住',
  '入职',
  '经验',
  '求职',
  '主要工作',
  '工作内容',
  '不需要自己找',
  '回访',
  '代理人',
  '月入',
  '培训',
  // Teaching a trade (how to find customers) is a course, not a list.
  '教你做',
  '带你做',
  '陪跑',
  '实操',
  '教程',
] as const;

/**
 * Words that put the trade in someone else's mouth: reports and warnings speak *about* "someone"
 * who sells, "these" ads, "such" lists; an ad speaks for itself.
 */
export const REPORTED_WORDS = [
  // Not a buyer's question ("有人卖吗", "有没有人有…"): that asks for the goods.
  '有人(?!要|需要|收|能做|卖|出|有)',
  // The passive of a victim ("车主信息被卖了"): a complaint about a trade, not an ad.
  '被(?:卖|泄露|泄漏|倒卖|贩卖|出售|收集)',
  // Not after a verb of having or giving: "能提供一些线索" is a quantity, not reported speech.
  '(?<!提供|有|出|给|卖|收|要)一些',
  '那些',
  '这些',
  '这种',
  '那种',
  '收到过',
  '此类',
  // Not after 查: "查他人流水" is the look-up on sale.
  '(?<!查)他人',
  '该团伙',
  '该男子',
  '的广告',
  '的帖子',
  '群里有人',
  '被骗',
  '为名',
  '自称',
  '接到',
  '挂了',
  '说能',
  '声称',
  '冒充',
  '听说',
  '新闻说',
  '这个人',
  '此人',
  '没理',
  '给大家看',
  '曝光',
  '有人在',
  '问我',
  '拒绝',
  // Staff as the subject of a report ("该公司员工出售…"), not a staff directory on sale.
  '员工(?!通讯录|名单|花名册|资料|信息)',
] as const;

/**
 * Software work on personal data: scripts that mask it, libraries that fake it, tools that store
 * it safely. Developers name the same fields a list has (手机号, 身份证) without trading any.
 */
export const TECH_WORDS = [
  'python',
  'java(?!script)',
  'javascript',
  '脚本',
  '代码',
  'faker',
  '开源',
  'github',
  '函数',
  '正则',
  '单元测试',
  '测试环境',
  '脱敏',
  '加密存储',
  // Spreadsheet tips: "用数据透视表统计客户名单".
  'excel',
  '透视表',
  // Business software of one's own firm: "客户资料怎么从金蝶导出" is a how-to, not a sale.
  '金蝶',
  '用友',
  '(?<![a-z])erp(?![a-z])',
  // Questions of operating such software: exporting or importing one's own list, garbled files.
  '(?:怎么|咋|如何)(?:批量)?导(?:出|入)',
  // Cleaning one's own sheet ("如何批量去重", "删除重复项"): an operation, not a sale.
  '(?:怎么|咋|如何)(?:批量)?(?:去重|筛选|排序|合并|拆分)',
  '删除重复项',
  'vlookup',
  '(?<![a-z])wps(?![a-z])',
  '乱码',
] as const;

/**
 * Compounds in which a goods word is innocent (study material, result lists, cables). They are
 * blanked out before matching, so that "考研资料" is not "资料" and "数据线" is not "数据".
 */
export const INNOCENT_GOODS_COMPOUNDS = [
  // Not when people stand between ("高考生家长资料" is a list of parents, not study material).
  '(?:考研|考公|考编|考证|考试|复习|学习|备考|教辅|高考|中考|期末|课程|英语|数学|政治)(?:(?!家长|父母|考生|学生|客户|电话)[\\u4e00-\\u9fff]){0,4}?(?:资料|真题)',
  '学习资料',
  '复习资料',
  '考研资料',
  '考试资料',
  '备考资料',
  '教辅资料',
  '资料书',
  '资料包',
  '资料费',
  '资料片',
  '资料室',
  '参考资料',
  '报名资料',
  // Paperwork for school admission ("新生入学资料清单") and lists of institutions, not people
  // ("985高校名单").
  '入学资料',
  '资料清单',
  '(?:高校|院校|大学|学校|医院|银行)名单',
  '申请资料',
  '审核资料',
  '入职资料',
  '个人资料卡',
  '公司资料',
  '产品资料',
  '技术资料',
  '真题',
  '课件',
  '网盘',
  '电子版',
  '数据线',
  '数据分析',
  // 运营商大数据 is the broker's word for numbers taken from carriers' traffic.
  '(?<!运营商)大数据',
  '数据库课程',
  '数据恢复',
  '数据中心',
  // Data plans; 私域流量 / 精准流量 are the broker's "traffic", i.e. people.
  '(?<!私域|精准)流量',
  '获奖名单',
  '录取名单',
  '中奖名单',
  '值班名单',
  '公示名单',
  '参赛名单',
  '报名名单',
  '名单公示',
  '黑名单',
  '白名单',
  '信息技术',
  '信息化',
  '信息工程',
  '招生信息',
  '招聘信息',
  '租房信息',
  '房源信息',
  '天气信息',
  '资源共享',
  '学习资源',
  '人力资源',
  '水资源',
  '游戏资源',
  '影视资源',
  '电影资源',
  '车源',
  '房源',
  '考证资料',
  '考公资料',
  '考编资料',
  '考级资料',
  '网课',
  '开会的名单',
  '会议名单',
  '点名名单',
  '模板',
  '物流轨迹',
  '物流信息',
  '物流查询',
  // Handing documents in ("明天交学生资料") is paperwork, not trade.
  // Not 交房 / 交付: "新交房业主资料" is a list of new home owners.
  '(?:上交|提交|交(?!房|付))[\\u4e00-\\u9fff]{0,3}?资料',
  '复印件',
  // An owner selling their own house or car ("业主自住 诚心出售", "个人车主出售"): the group
  // word is the seller, not goods.
  '(?:个人|本人)?(?:业主|车主|房主|房东)(?:自住|自售|自用|直售|直卖|急售|诚心出售|出售|转让)',
  // Information / data security is a topic, not goods.
  '(?:信息|数据|网络)安全',
  // Sets of physical goods ("手机壳+钢化膜+充电器 三件套", "床上四件套").
  '[\\u4e00-\\u9fff]{0,4}?(?:壳|膜|充电器|耳机|床上|床品|家纺|被套|枕套|睡衣|西装|护肤|化妆品|餐具|茶具|厨具|刀具|套装|婚庆|喜庆|结婚|脚垫|座套|坐垫|车载|全棉|纯棉|洗漱|卫浴)[\\u4e00-\\u9fff]{0,8}?[二三四五六]件套',
  // …or with the set's material or fit after it ("四件套 全包围", "三件套 纯棉 大红色").
  '[二三四五六]件套[\\u4e00-\\u9fff]{0,4}?(?:全包围|纯棉|全棉|大红色|床单|被套|枕套|加厚)',
  // Made-up records for software tests ("用Faker生成测试数据", "给测试环境造数据").
  '(?:造|生成|伪造|模拟|虚拟|虚构|假)[\\u4e00-\\u9fff]{0,2}?数据',
  '测试环境',
  '数据集',
  '数据脱敏',
  '脱敏(?:工具|脚本|规则|算法)',
  // A chat group's QR code is an invitation, not a list ("车主群的二维码").
  '[\\u4e00-\\u9fff]{0,3}群的?二维码',
] as const;

// Goods that on their own are rarely innocent (a bare 数据 / 信息 is).
const STRONG_GOODS = [
  '资料',
  '名单',
  '料子',
  '四件套',
  '三件套',
  '三要素',
  '二要素',
  '客资',
  '客户资源',
  '社工库',
  '开房记录',
  '名册',
  '名录',
  '通讯录',
  '面单',
];

export const OFFER_RE = new RegExp(words(OFFER_WORDS), 'g');
export const SEEK_RE = new RegExp(words(SEEK_WORDS), 'g');
export const GOODS_RE = new RegExp(words(GOODS_WORDS), 'g');
export const STRONG_GOODS_RE = new RegExp(words(STRONG_GOODS), 'g');
export const SUBJECT_RE = new RegExp(words(SUBJECT_WORDS), 'g');
export const QUALITY_RE = new RegExp(words(QUALITY_WORDS), 'g');
/** What a look-up service finds; two of them with a verb of looking up make a service ad. */
export const LOOKUP_TARGET_RE =
  /户籍|户口|全家|开房|同住|出入境|详单|婚姻|结婚|离婚|婚史|轨迹|定位|通话|聊天记录|车辆|车牌|车架号|银行卡|流水|机主|住址|下落|行踪|档案|身份证|出行|行程|航班|酒店|入住|房产|名下|资产|老赖|绑定|征信|学历|工资|花名册|实名/g;
/**
 * Service claims that turn a bare look-up target into a look-up service ("定位 30分钟出", "把号
 * 甩过来": the buyer sends a number, the seller sends back the person), and insider access, which is how such records are got ("内鬼渠道 出机主", "运营商内部人员 拉详单").
 */
export const LOOKUP_CLAIM_RE =
  /内鬼|内部(?:人员|渠道|员工)|内线|秒出|秒回|加急|不成功不收费|不(?:成功|准|找到|出)(?:不收费|退款|全退|不要钱)|精确到|[0-9一二三四五六七八九十半]+(?:分钟|小时)出|当天出|当日出|一条龙|不需要本人|无需本人|本人不知情|不问用途|(?<!订)(?:单号|号码|手机号|号|名字|车牌号?|身份证号?)(?:甩|丢)(?:我|过来)|(?:不需要|无需|不用|免|未经|不经)(?:本人)?(?:授权|同意)|非官方|绕过(?:官方|平台)/;
/**
 * The head of a news report: a column tag ("调查｜", "揭秘：", "【独家】"), a news outlet's tag
 * ("【BBC中文】", "【XX日报】"), a reporter's byline or a court record or official notice quoted as
 * the source ("据…判决书显示") at the very start. Such a post is news even when it quotes the prices and goods it exposes.
 */
export const HEADLINE_RE =
  /^\s*【?(?:段子|笑话|冷笑话|讲个笑话)】?\s*[:：|｜]|^\s*【[^】]{0,10}(?:中文|新闻|日报|晚报|时报|早报|周刊|通讯社|快讯|电视台|news)】|^\s*(?:【[^】]{0,12}】\s*)?(?:(?:调查|揭秘|独家|深度|起底|暗访|追踪|聚焦|特稿|观察|记者(?:调查|暗访|探访|实探|走访)?)\s*[|｜丨:：]|【(?:调查|揭秘|独家|深度|起底|暗访|追踪|聚焦|特稿)[^】]{0,8}】|记者|本报记者|据[^，,。]{0,12}报道|据[^，,。]{0,16}?(?:判决书|裁判文书|起诉书|通报|公告)显示)/;

/** A question about one's own paperwork ("酒店入住需要身份证吗？") names targets without selling. */
export const QUESTION_RE = /[?？]|吗|怎么|如何|为什么/;
// Not 调查 / 检查 / 审查: a journalist's or an inspector's inquiry looks nobody up for a buyer.
export const LOOKUP_VERB_RE = /代查|查询|调取|调到|调出|办理|调档|(?<![调检审排核考巡督普抽])查/;
export const LOOKUP_SERVICE_RE = new RegExp(words(LOOKUP_SERVICE_WORDS), 'g');
export const SALES_USE_RE = new RegExp(words(SALES_USE_WORDS), 'g');
export const CONTACT_CUE_RE = new RegExp(words(CONTACT_CUE_WORDS), 'g');
export const NEWS_RE = new RegExp(words(NEWS_WORDS), 'g');
export const WARNING_RE = new RegExp(words(WARNING_WORDS), 'g');
export const PRIVACY_TIP_RE = new RegExp(words(PRIVACY_TIP_WORDS), 'g');
export const LEGIT_AD_RE = new RegExp(words(LEGIT_AD_WORDS), 'g');
export const SECOND_HAND_RE = new RegExp(words(SECOND_HAND_WORDS), 'g');
export const JOB_RE = new RegExp(words(JOB_WORDS), 'g');
export const REPORTED_RE = new RegExp(words(REPORTED_WORDS), 'g');
export const TECH_RE = new RegExp(words(TECH_WORDS), 'g');
export const LIST_QUALITY_RE = new RegExp(words(LIST_QUALITY_WORDS), 'g');
/**
 * A negation or comparison right before a phrase of trade: "不买数据也能获客", "比买名单强",
 * "别卖", "拒绝出售" — the post argues against the trade it names.
 */
export const NEGATED_BEFORE_RE = /(?:不|别|勿|没|无需|不用|不必|比|拒绝|禁止|严禁|远离|杜绝|与其)$/;
export const INNOCENT_GOODS_RE = new RegExp(words(INNOCENT_GOODS_COMPOUNDS), 'g');

// Verbs that trade by themselves may stand a few characters before the goods ("出一手车主资料");
// 出 after a verb of picking ("筛选出重复的客户", "找出") is a result, not an offer;
// verbs that also have everyday senses (有, 要, 买, 找) must stand right next to them.
const STRONG_VERB = String.raw`(?:免费送|赠送|白送|定制|订制|出售|售卖|贩卖|(?<![筛选挑找列])出(?![现来去门生发差席行口版台了具国错入院租])|卖|售|供应|提供|收(?![到集取藏费入益件看听])|求购|收购|批发|转让|直供|分销|推送|导出|搞(?:一份|一批|一些|点|些|到))`;
// Not 自有: "自有客户数据" is the client's own data, which nobody offers.
const WEAK_VERB = String.raw`(?:(?<![所没拥具含占享持如自])有|找|买|求|分享)`;
const GOODS = `(?:${words(GOODS_WORDS)})`;
const SUBJECT = `(?:${words(SUBJECT_WORDS)})`;
// Physical goods made for a customer group ("出学生作业本", "出车主装备"): the group word names
// the buyers of the goods, not records, so a verb before it is no data trade.
const NOT_PHYSICAL = String.raw`(?!作业|用品|文具|课本|教材|校服|服装|衣服|书包|玩具|奶粉|尿不湿|装备|配件|用车|座椅|坐垫|脚垫|车贴|车膜|车衣|礼品|礼包|周边|专用车)`;

// A bare 料 is goods unless it is part of an everyday word (材料, 饮料, 资料 aside) or 料理.
const BARE_LIAO = String.raw`(?<![资材原饮燃肥布调塑涂香预照史笑草饲颜辅配佐废用])料(?![理酒])`;
// Lists of people under their trade names, for the goods-then-verb order.
const LIST_GOODS = String.raw`(?:登记表|导出表|信息|数据源|客户表|会员表|用户表|资料|名单|名册|名录|料子|四件套|三件套|数据|面单|通讯录|客资|客源|手机号|号码|资源|${BARE_LIAO})`;
// Verbs that follow the goods in an ad ("四件套有现货", "资源对接", "面单谁收"). Not after 被 /
// 已: "手机号被卖了" is a complaint.
const AFTER_VERB = String.raw`(?<![被已])(?:出售|出(?![现来去门生发差席行口版台了具国错入院租])|卖|售|收(?![到集取藏费入益件看听])|转让|对接|定制|订制|打包|现货|有货|批发|交付|来拿|拿货|换量|互换|抓取|提取|导出|分销|推送|流出)`;
// English listings: a verb of the trade, then the goods within a few words (spaces are gone).
// The verb may end its clause ("WTS: … list"), so one clause mark may stand in the gap.
const ENGLISH_TRADE = String.raw`(?:leads|data|database|contacts|records|fullz|dumps?)(?:shop|store|forsale|vendor|seller)|(?:selling|sell|wts|wtb|buying|buy|lookingfor|paying|weprovide|provide|supply|offering)[a-z0-9]{0,20}?\|?[a-z0-9]{0,30}?(?:leads|data|database|contacts|records|fullz|kyc|dump|list|numbers|idscans|scans|selfies|passports|logs|db(?![a-z])|accs(?![a-z])|subscribers?)|(?:db|database|roll|list|leads|dump|records)[a-z0-9|]{0,30}?forsale`;

/**
 * A verb of trading followed closely by goods ("出车主资料", "收一手贷款名单"), or goods followed
 * within a few characters of the same clause by a verb of trading ("股民数据出售", "名单低价出",
 * "四件套有现货", "资源对接"), in Chinese or English.
 */
export const TRADE_PHRASE_RE = new RegExp(
  [
    `${STRONG_VERB}[\\p{Script=Han}a-z0-9]{0,10}?${GOODS}`,
    `${WEAK_VERB}[\\p{Script=Han}a-z0-9]{0,2}?(?:资料|名单|名册|料子|数据|四件套|客户资源|资源|客资|意向客户|精准客户|客户)`,
    // Not 需要: "需要客源的老板" addresses readers who need customers; it trades nothing itself.
    `(?<!需)要(?:一手|新鲜|精准|实时)?${SUBJECT}?${GOODS}`,
    `${GOODS}(?:出售|低价出|便宜出|出|转让|打包|批发|有需要|需要的|要的|到了|已到|到货|来了|都有|全有|已更新|更新了)`,
    // No 被 in the gap: "信息被人收集倒卖" is a victim's passive, not goods on offer. No 不
    // either: "数据不出本地" promises the data stays where it is.
    `${LIST_GOODS}(?:(?![被不])[\\p{Script=Han}a-z0-9]){0,6}?${AFTER_VERB}`,
    `(?:出售|卖|收购|求购|高价求|高价收|批发|代发)[\\p{Script=Han}a-z0-9]{0,6}?${SUBJECT}${NOT_PHYSICAL}`,
    `收(?![到集取藏费入益件看听])(?:一手|精准|实时|新鲜)?${SUBJECT}${NOT_PHYSICAL}`,
    `(?:手头有|手上有|手里有|有一批|出一批|求一批|要一批|收一批|我这有|我这边有|新到一批|刚到一批|到了一批|来了一批)[\\p{Script=Han}a-z0-9]{0,6}?(?:${SUBJECT}|${GOODS})`,
    // Goods offered right away ("号码提供"): no gap, since "为客户提供服务" is an everyday phrase.
    `${LIST_GOODS}(?:提供|供应)`,
    `(?:要不要|需不需要|谁有|出(?![现来去门生发差席行口版台了具国错入院租]))[\\p{Script=Han}]{0,2}?${SUBJECT}${NOT_PHYSICAL}`,
    // Asking where to get the goods ("料子哪里拿").
    `(?:资料|名单|名册|料子|四件套|客资|数据源|${BARE_LIAO})[\\p{Script=Han}]{0,2}?(?:哪里|哪儿|哪|去哪)(?:拿|买|搞|弄|收|进)(?!货)`,
    `(?:${STRONG_VERB}|求|要|有)[\\p{Script=Han}a-z]{0,6}?${BARE_LIAO}`,
    // Lists swapped between dealers ("互换料子", "名单置换"): a trade paid in goods.
    `(?:互换|置换|交换)(?:一下)?(?:料子|名单|${BARE_LIAO})|(?:料子|名单|${BARE_LIAO})(?:互换|置换|交换)`,
    // New stock announced at the end of a clause ("新料到", "料子已到"); not "名单已到", which a
    // school says of its results.
    `(?:新料|料子|四件套|面单)(?:已?到|上新)(?=\\||$)`,
    // Scraping people's records to order ("抓某招聘网站简历", "爬取用户手机号").
    `(?:爬|抓|采集|爬取|抓取)[\\p{Script=Han}a-z]{0,8}?(?:简历|手机号|电话号码|联系方式|用户信息|个人信息)`,
    // A dealer names their trade ("本人做数据中介", "我是料商"): a seller introducing themselves.
    `(?:做|是|当)(?:数据|料子?|名单|资料|个人信息)(?:中介|贩子|掮客|渠道商|供应商|商(?![城品业务场标]))`,
    // The goods first, then a batch asked for in the same breath or the next clause ("房产客户
    // 买过房的 求一批", "楼主的料哪来的 我也要一份"): a buyer names what they want, then how much.
    `(?:${SUBJECT}|${GOODS}|${BARE_LIAO})[\\p{Script=Han}a-z0-9|]{0,8}?(?:求一批|要一批|收一批|来一批|求一份|要一份|来一份|匀我|匀点)`,
    // The broker's 料 vouched for as first-hand ("你们的料是一手吗 — 保证一手"), and a bank kit
    // sold as a set ("卡证号一套 全齐"): the seller's answers, whoever asked.
    `${BARE_LIAO}[\\p{Script=Han}]{0,3}?(?:一手|源头)`,
    `卡证号?[\\p{Script=Han}]{0,2}?(?:一套|全套|全齐)`,
    ENGLISH_TRADE,
  ].join('|'),
  'gu',
);

/**
 * A customer group next to goods ("车主资料", "宝妈名单"), counted like goods ("30万股民"), or
 * goods sold on their quality ("精准名单", "一手资料").
 */
export const SUBJECT_GOODS_RE = new RegExp(
  `${SUBJECT}[\\p{Script=Han}a-z0-9]{0,4}?${GOODS}|${SUBJECT}\\d[\\d.]*(?:万|w|千|k)?(?:条|个)${GOODS}|${SUBJECT}\\d[\\d.]*(?:万|w|千|k)?条|${SUBJECT}(?:的?料(?![理酒])|单(?![身位独元车价据号品子]))|(?!客户|顾客|用户|买家|卖家)${SUBJECT}的?单子|\\d[\\d.]*(?:万|w|千|k)?(?:条|个)?${SUBJECT}|(?:精准|一手|实时|新鲜|优质|高质量|电销|外呼|拓客|获客)[\\p{Script=Han}]{0,2}?(?:资料|名单|料子|数据|号码|资源|四件套|客源|客资)|${SUBJECT}表(?![演现扬达格态])|${SUBJECT}库(?![存房区管])|全量(?:库|数据|料)|${SUBJECT}[\\p{Script=Han}]{0,3}?(?:合集|粉(?![丝色刷末底条红]))|(?:精准|活跃|实名|一手)粉(?![色刷末底条红])|(?:医院|店|机构|中心|平台|银行|楼盘|小区|驾校|影楼|商场|超市|会所)(?:客户|用户|住户|学员|患者)|(?:fresh|bulk|cheap|verified|live|valid|active)[a-z0-9]{0,20}?(?:fullz|leads|combolist|phonelist|numbers|database|records|contacts)|(?:user|customer|client|patient|parent|guest|member|student|owner|investor|borrower|holder)s?(?:leak|dump|lists?|data(?:base)?|db|logs?|records|contacts)|身份证(?:照片|照|图片)|正反面(?:照|图|\\+?手持)|手持(?:照|身份证)`,
  'gu',
);

/**
 * A price per record or per batch: "0.5元一条", "3毛一条", "300/千条", "五百一千条", "每条1元",
 * "2000元一万条", "5分钱一条", "1元/条".
 */
const NUM = String.raw`(?:\d[\d.]*|[零一二三四五六七八九十两几半百千]+)`;
// 蚊 is the Cantonese dollar ("一百蚊十個").
const CURRENCY = String.raw`(?:元|块钱|块|毛钱|毛|角|分钱|r|rmb|u|米|蚊)`;
const PER_UNIT = String.raw`(?:一|每|1|/)?(?:千条|万条|条|千|万|k|w|个|组|份|张|套|单|rows?|leads?|records?)`;

export const PRICE_RE = new RegExp(
  [
    `${NUM}${CURRENCY}${PER_UNIT}`,
    String.raw`\d[\d.]*(?:一|每|/)(?:千条|万条|条|千|万|k|w)`,
    `(?:每|一)(?:千条|万条|条|千|万|单|个|张|套|份)${NUM}${CURRENCY}`,
    String.raw`(?:单价|价格|价钱|报价)\d`,
    // A batch first, then its price ("一万条800", "每千条120", "1w条/500"); a bare 万 needs 条 or
    // a slash, since "1万2000" (a salary) is one number.
    String.raw`(?:一|每|1)(?:千条|万条|(?:千|万|w|k)(?:条|/))/?\d+(?![\d.]*(?:万|w|千|k|条|个|分|天|小时|年|月|日|号|人|户|套|份))`,
    // The unit first, then the price ("一条80", "一个20"), and minimum orders ("500起拿", "千条起售").
    String.raw`(?:一|每)(?:条|个|张|套|份)\d+(?![\d.]*(?:万|w|千|k|条|个))`,
    String.raw`\d+(?:元|块|r|u)?起(?:拿|售|卖|订|步)|[千万]条起`,
    String.raw`per(?:lead|row|record)`,
    // Paid per record ("按条结算", "按条计费"): what a list is priced by, not a wage.
    String.raw`按(?:条|个|单)(?:结算|计费|计价|付费|收费|算钱|付款)`,
    String.raw`(?:一次|每次|单次)${NUM}|\d+(?:元|块)?(?:一次|每次)`,
    // A bank kit's price after the item ("一类卡 3000", "四件套2500").
    String.raw`(?:类卡|件套|对公户?|u盾)\d{3,5}(?![\d.]*(?:万|w|元?/?(?:月|年)))`,
    // Crypto prices of dark-web listings ("0.8btc", "100u", "xmr结算").
    String.raw`\d[\d.]*(?:btc|xmr|usdt)|(?:btc|xmr|usdt)(?:结算|付款|支付|only)|price\d`,
    // The same in Chinese ("比特币或门罗币付款"): paid in coins that leave no trail.
    String.raw`(?:比特币|门罗币|泰达币|以太坊|虚拟币|数字货币)(?:或[\p{Script=Han}]{2,3}币)?(?:结算|付款|支付|交易)`,
    // Less than one yuan a record ("0.4一条", "一单给0.3", "老价0.5"): no wage is a fraction of a
    // yuan, a record is. Not per piece (个): a mask or an egg costs that much too.
    String.raw`(?<![\d.])0?\.\d{1,2}(?:元|块)?(?:一|每|/)(?:条|单|份|人)|(?:一|每)(?:条|单|份|人)给?0?\.\d|价0?\.\d(?!\d*(?:万|w|千|k|折))`,
  ].join('|'),
  'gu',
);

/** Bulk quantities of records: "10万条", "5000条", "几十万数据", "100w", "海量". */
export const BULK_RE = new RegExp(
  [
    String.raw`\d[\d.]*(?:万|w|千|k)?(?:条|组|份)(?!件)`,
    String.raw`\d[\d.]*(?:万|w)(?:数据|资料|名单|客户|量)?`,
    // "两千多条", "上万条", "几十万份": round counts, approximate ones too.
    String.raw`[一二三四五六七八九十两几上]*[百千万亿]+[多余]?(?:条|份|数据|资料|名单)`,
    // Hundreds of millions of records ("3.2亿"), not a sum of money ("3亿元").
    String.raw`\d[\d.]*亿(?![元美人])`,
    String.raw`\d[\d.]*(?:万|w|k|m)?(?:rows|records)`,
    String.raw`\d{3,}(?:万|w|千|k)?个`,
    // Hundreds of sets of something ("1000套"), but not flats ("50套房").
    String.raw`\d{3,}(?:万|w|千|k)?套(?![房])`,
    String.raw`\d{3,}\+|\d[\d.]*(?:k|m)(?:lot|chinese|records|rows|users|accounts)`,
    '海量|大量|批量|量大|日出|日更',
    // Counts blanked out to dodge number filters ("××万条").
    String.raw`[×xX*]{1,3}(?:万|w|千)条`,
  ].join('|'),
  'gu',
);

/** Record fields a list comes with: "带电话", "带身份证号", "含保单号". */
/** Field names listed one after another ("姓名电话地址" once the 、 are gone): a record layout. */
export const FIELD_LIST_RE =
  /(?:(?:姓名|名字|电话|手机号?(?![壳膜套])|地址|住址|身份证号?|车牌号?|车型|学号|年龄|性别|职业|单位|邮箱|生日|出生日期|小区|面积|房号|学校|班级|店名|证件号|证件照|门牌号?|银行卡号?|name|phone|mobile|address|idnumber|id|cardno|email|bank)(?:和|及|\+)?){2,}/g;

export const FIELDS_RE =
  /(?:带|含|附)[\u4e00-\u9fff]{0,2}?(?:姓名|名字|电话|邮箱|密码|手机号?|号码|地址|住址|身份证号?|车牌|车型|车架号|房号|年龄|职业|资产|保单号?|保费|消费记录|订单号?|开户行|病史|还款记录|欠款|额度|预算|预产期|申请金额|存款|店名|小区|学校|班级|婚期|职级|生日|注册时间|门牌号?|证件号)/g;

/** A quoted phrase: reports quote the ads they describe ("股民资料"); ads do not quote themselves. */
export const QUOTED_RE = /["“「『‘'][^"”」』’']{1,24}["”」』’']/g;

/** Words that present records as a sample of the list on sale. */
export const SAMPLE_CUE_RE = /样例|样本|样板|示例|样品|sample|(?:放|发|看|拿|要)个?样/;

/** At least two masked or partial phone numbers or ID numbers: a sample of the list. */
export const SAMPLE_ROW_RE =
  /1[3-9]\d[*x]{4}\d{4}|\d{6}[*x]{6,8}\d{3}[\dx]|1[3-9]\d{9}|0\d{3}-?(?:[*x]{3}-?\d{3}|\d{3}-?[*x]{3})/g;

/**
 * A masked record on the matching view (before separators are dropped): a surname with its given
 * name starred out ("吳*芬", "赵*", "王**") next to a field separator, or a phone number with
 * its middle starred out in any layout ("0912-***-638", "158****3301"). A single one of these,
 * with the word for a sample, is the sample of a list.
 */
export const MASKED_RECORD_RE =
  /(?<![\p{Script=Han}*＊])\p{Script=Han}[*＊]{1,2}\p{Script=Han}?(?=\s*[|｜/／,，:：\s]|$)|\d{3,4}[-\s]?[*＊x]{3,4}[-\s]?\d{3,4}/gu;

/**
 * A buyer says they will pay: "有偿", "预算充足", "价格好说", "pay well". With a request for
 * goods it makes a buyer's post of what would otherwise be a question.
 */
/**
 * The post says it holds or sells no personal data, or that the data named is the poster's own
 * and was sold by someone else: "不含任何用户信息", "不碰真实个人信息", "企业级数据非个人",
 * "真的不敢泄露客户信息", "谁卖的我信息", "我的手机号被…". A seller never disowns the goods.
 * Nor does a seller work on the buyer's own list: "贵司自有的客户数据库", "导入您自己的客户名单",
 * "你提供号码 我负责发送", "不提供任何号码数据" describe a service (cleaning, dialling, sending)
 * on data the client already holds — unless someone buys it ("收您的客户资料"). A service that
 * needs no list ("不需要客户名单") or asks for its own customer's details ("需提供观演人姓名",
 * ticket and travel bookings) sells none either, and a complaint about the sellers ("谁能管管卖
 * 业主信息的", "卖快递信息的太多了") is the victim's voice.
 */
export const DISCLAIMER_RE =
  /(?<![收买要购])(?:自有|自己的|您的|贵司的?|贵公司的?)(?:的)?(?:客户|用户|会员)?(?:数据库|数据|名单|号码|资料)|(?:你|您|客户|甲方|贵司)(?:自己)?(?:提供|上传|导入)(?:的)?(?:客户)?(?:号码|名单|数据|资料)|不提供(?:任何)?[\u4e00-\u9fff]{0,4}?(?:号码|名单|数据|资料|信息)|卖(?:了)?我的?(?:个人)?(?:信息|资料|电话|号码|手机号)|(?:不含|不包含|不涉及|不碰|不收集|不采集|不存储|不保存|不留存|不上传)(?:任何)?[\u4e00-\u9fff]{0,4}?(?:个人|用户|客户|隐私)(?:信息|数据|资料|隐私)?|(?:数据|信息)(?:均)?(?:非|并非|不是)个人(?:信息|数据)?|不敢(?:泄露|外泄|卖|出售|外传)(?:[\u4e00-\u9fff]{0,2}?(?:信息|数据|资料))?|谁(?:卖|泄露|给)了?的?我的?(?:个人)?(?:信息|资料|电话|号码|手机号)?|我的?(?:个人)?(?:信息|资料|电话|号码|手机号)(?:被|是谁|是怎么|又被)|(?:管管|举报|投诉|打击|抓)[\u4e00-\u9fff]{0,2}?卖[\u4e00-\u9fff]{0,6}?(?:信息|资料|名单|电话|号码)的|卖[\u4e00-\u9fff]{0,6}?(?:信息|资料|名单|电话|号码)的(?:人)?(?:太多|真多|越来越多|可恶|缺德|该死|没人管)|需(?:要)?(?:您|你)?提供(?:本人|观演人|乘车人|乘机人|入住人|购票人|参赛人|报名人)|不(?:需要|需|用)(?:任何|您的|你的|提供)?(?:客户)?(?:名单|号码|数据|资料)/g;

/**
 * Words of a physical material: in a post that has one, 料 / 料子 is cloth or stuff ("出料子
 * 真丝面料 3米", "布料子 按米卖"), jade or timber ("原石料子 冰种", "红木料子"), not the
 * broker's word for a list.
 */
export const MATERIAL_RE =
  /面料|布料|衣料|棉麻|真丝|丝绸|纯棉|雪纺|毛呢|\d+米(?![^|]{0,2}[内外])|按米|做(?:裙子|旗袍|衣服|窗帘|被套|沙发)|翡翠|原石|玉石|玉料|和田玉|籽料|种水|冰种|木料|红木|沉香|石料|木材|板材/;

/**
 * A buyer says what the goods are for, at the end of a clause: "…高管的私人电话 做私募路演的",
 * "…信息 我收 做车险的", "…手机 做理财用", "…名单 做推广". With a request for goods it makes a
 * buyer's post as much as an offer to pay does: a seller does not say what they will do with
 * what they sell.
 */
export const BUYER_PURPOSE_RE =
  /(?:做|搞|用来做?|拿来做?|用于)[\p{Script=Han}a-z]{1,8}?(?:的|用|推广|营销|电销|获客)(?=\||$)|(?:打电话|来打|打打看|冲业绩|做业绩|冲单)(?=\||$)/gu;

export const PAY_RE =
  /有偿|付费|给钱|\|收\|*$|必有重谢|有重谢|酬谢|预算充足|预算不是问题|价格好说|价钱好说|价格可谈|钱(?:不|毋|唔)是问题|多少钱都(?:行|可以|愿意)|重金|报酬丰厚|高价|报个价|多少钱一[条份个千万]|预算[\d一二三四五六七八九十两几百千万]|(?:我)?全要了?|paywell|willpay|paying|budget/g;

/**
 * A list of people of any kind, named by the people it lists: "工人名单", "代理人联系方式",
 * "投资客名单", "求职者简历", "保户资料", "员工手机号". The group need not be one of the lexicon's
 * customer groups: any word for people (…人员, …者, …户, …客, …员) followed by a word for
 * a record of them; students and mothers (…生, …妈) only with a way to reach each of them
 * ("女生微信号"), since "毕业生档案" is the school's own file. 个人 and 本人 are excluded: "个人资料" is one's own.
 */
export const PEOPLE_LIST_RE =
  /[\p{Script=Han}]{1,4}?(?<![个本私])(?:人员|人|者|户|客|员|员工|家长)(?:的)?(?:最新|真实|实时)?(?:名单|名册|花名册|联系方式|联络方式|联络|简历|通讯录|手机号|电话号码|号码|资料|信息表|档案|微信号|qq号)|[\p{Script=Han}]{1,3}?(?:生|妈)(?:的)?(?:微信号|qq号|手机号|电话号码|联系方式)/gu;

/**
 * Words for traded lists and their trade that stand for the goods in a post of a few words next
 * to a handle ("料 @…", "资源 见头像", "获客 加扣", "渠道 私聊"): alone in a long post they say
 * little, in a terse post with a way to reach the poster they are the whole ad.
 */
export const TERSE_GOODS_RE = /料|资源|渠道|获客|拓客|客源|存量|数据|名单|资料|信息|号码/g;

/**
 * Films, shows, books and music: in a post that names one, 资源 is a download ("求资源 (电影)",
 * "美剧资源 网盘"), not the broker's word for people.
 */
export const MEDIA_RE =
  /电影|电视剧|美剧|韩剧|日剧|港剧|动漫|番剧|纪录片|综艺|小说|漫画|无损音乐|磁力|种子|字幕|蓝光|4k|1080p|720p/;

/**
 * A chat group declared a market for the goods ("本群只做数据交易", "群内…只发料子"): its rules
 * (禁止诈骗, 违规踢, 打码) regulate that market and say nothing against it.
 */
export const GROUP_MARKET_RE =
  /(?:本群|群内|此群|该群)[\p{Script=Han}|]{0,12}?(?:只|专门|专|仅)(?:做|发|交流|收|出|对接)[\p{Script=Han}]{0,6}?(?:数据|料子|资源|资料|名单|客资|料(?![理酒]))/u;

/** The rule words of such a group, which count as no warning there. */
export const GROUP_RULE_RE = /^(?:禁止|严禁|不许|不准|违规|诈骗|骗子|群规|刷屏|打码|踢)$/;

/**
 * Words a seller in a chat uses for the goods when not naming them (a bare "料", "名单在我这",
 * "新到的表格", "单子", "好东西"), and the private channel they point to ("私我", "私你了", "懂的").
 * Together in a short post with no other genre they are the whole offer.
 */
export const HINT_GOODS_RE = new RegExp(`${BARE_LIAO}|名单|数据|表格|单子|好东西`);
export const PRIVATE_CUE_RE = /私|懂的/;
