/**
 * The words of case reports and breach-notification drafts, in Simplified Chinese and English.
 */
import type { Lang } from '../core/config.ts';
import type { LegalLevel } from './legal-count.ts';

/** Labels of customer fields, for "categories of personal information involved". */
export const FIELD_LABELS: Record<string, Record<Lang, string>> = {
  name: { 'zh-CN': '姓名', en: 'name' },
  birth_date: { 'zh-CN': '出生日期', en: 'date of birth' },
  phone: { 'zh-CN': '手机号码', en: 'mobile phone number' },
  id_number: { 'zh-CN': '身份证号码', en: 'resident ID number' },
  address: { 'zh-CN': '地址', en: 'address' },
  email: { 'zh-CN': '电子邮箱', en: 'email address' },
  product: { 'zh-CN': '投保险种', en: 'insurance product' },
  premium: { 'zh-CN': '保费', en: 'premium' },
  start_date: { 'zh-CN': '起保日期', en: 'policy start date' },
  bank_card: { 'zh-CN': '银行卡号', en: 'bank card number' },
  account_balance: { 'zh-CN': '账户余额', en: 'account balance' },
  credit_report: { 'zh-CN': '征信报告', en: 'credit report' },
  location: { 'zh-CN': '位置信息', en: 'location' },
  call_records: { 'zh-CN': '通话记录', en: 'call records' },
  hotel_stays: { 'zh-CN': '住宿记录', en: 'hotel stays' },
  medical_records: { 'zh-CN': '病历', en: 'medical records' },
};

/** Possible harm per field (PIPL art. 57 (一)), shown once per distinct sentence. */
export const FIELD_HARM: Record<string, Record<Lang, string>> = {
  phone: {
    'zh-CN': '可能收到骚扰电话、推销短信，或被冒充本公司人员进行电信诈骗。',
    en: 'Unsolicited sales calls and messages, or telephone fraud by people posing as our staff.',
  },
  id_number: {
    'zh-CN': '可能被冒用身份办理业务或实施诈骗。',
    en: 'Identity theft: accounts or contracts opened in the person’s name, or fraud.',
  },
  address: {
    'zh-CN': '可能收到上门推销或骚扰。',
    en: 'Door-to-door sales visits or harassment.',
  },
  premium: {
    'zh-CN': '可能被利用保单信息实施有针对性的诈骗（如“退保理赔”“保单升级”骗局）。',
    en: 'Targeted fraud that quotes the person’s policy details (fake refunds, "policy upgrades").',
  },
  product: {
    'zh-CN': '可能被利用保单信息实施有针对性的诈骗（如“退保理赔”“保单升级”骗局）。',
    en: 'Targeted fraud that quotes the person’s policy details (fake refunds, "policy upgrades").',
  },
  bank_card: {
    'zh-CN': '可能造成财产损失。',
    en: 'Financial loss.',
  },
};

/** Default remedial steps the organisation took (PIPL art. 57 (二)). */
export const DEFAULT_REMEDIES: Record<Lang, string[]> = {
  'zh-CN': [
    '已暂停涉事人员的系统访问权限，并保全相关审计日志与证据。',
    '已复核同类岗位的访问权限与导出审批规则。',
    '已向公安机关报案并配合调查。',
  ],
  en: [
    'The staff member’s system access has been suspended and the audit log and evidence preserved.',
    'Access rights and export approval rules for similar roles have been reviewed.',
    'The matter has been reported to the police, with whom we are cooperating.',
  ],
};

/** What individuals can do to reduce harm (PIPL art. 57 (二)). */
export const DEFAULT_ADVICE: Record<Lang, string[]> = {
  'zh-CN': [
    '本公司不会通过电话要求您转账、提供验证码或银行卡密码；遇到此类要求请立即挂断。',
    '如接到自称本公司人员的可疑来电，请拨打本公司官方客服电话核实。',
    '可向本公司或公安机关举报骚扰或诈骗电话。',
  ],
  en: [
    'We never ask for transfers, verification codes or card PINs by phone; hang up on such requests.',
    'If someone calls claiming to be from us, check by calling our official customer service number.',
    'Report harassing or fraudulent calls to us or to the police.',
  ],
};

/** Interface words. */
export interface ReportWords {
  caseReport: string;
  notification: string;
  notificationIntro: string;
  caseId: string;
  title: string;
  suspect: string;
  status: string;
  assignee: string;
  opened: string;
  none: string;
  legal: string;
  legalBasis: string;
  category: string;
  records: string;
  serious: string;
  especiallySerious: string;
  level: string;
  combined: string;
  duty: string;
  notDuty: string;
  customers: string;
  fieldsMapping: string;
  items: string;
  kind: string;
  ref: string;
  attached: string;
  content: string;
  history: string;
  time: string;
  actor: string;
  change: string;
  notes: string;
  auditAnchor: string;
  logOrigin: string;
  keyFingerprint: string;
  checkpointSize: string;
  entriesIncluded: string;
  notExported: string;
  generated: string;
  piCategories: string;
  peopleAffected: string;
  cause: string;
  harm: string;
  remedies: string;
  advice: string;
  contact: string;
  contactMissing: string;
  draftNote: string;
  levels: Record<LegalLevel, string>;
  statuses: Record<string, string>;
  kinds: Record<string, string>;
  defaultCause(caseId: string, suspect: string): string;
}

export const WORDS: Record<Lang, ReportWords> = {
  'zh-CN': {
    caseReport: '案件报告',
    notification: '个人信息安全事件告知（草稿）',
    notificationIntro: '根据《中华人民共和国个人信息保护法》第五十七条，现将有关情况告知如下。',
    caseId: '案件编号',
    title: '标题',
    suspect: '涉事人员',
    status: '状态',
    assignee: '承办人',
    opened: '立案',
    none: '无',
    legal: '数量认定（法释〔2017〕10号第五条）',
    legalBasis:
      '按《最高人民法院、最高人民检察院关于办理侵犯公民个人信息刑事案件适用法律若干问题的解释》第五条统计；每名客户按其被获取信息中最敏感的类别计一条。',
    category: '信息类别',
    records: '条数',
    serious: '“情节严重”标准',
    especiallySerious: '“情节特别严重”标准',
    level: '认定',
    combined: '按比例合计（第五条第一款第六项）',
    duty: '在履行职责或者提供服务过程中获得：标准减半（第五条第一款第八项）。',
    notDuty: '非在履行职责或者提供服务过程中获得：按原标准。',
    customers: '涉及客户',
    fieldsMapping: '字段与类别对应',
    items: '案件材料',
    kind: '类型',
    ref: '编号',
    attached: '加入时间',
    content: '内容',
    history: '案件记录',
    time: '时间',
    actor: '操作人',
    change: '变更',
    notes: '办案笔记',
    auditAnchor: '审计日志锚定',
    logOrigin: '日志标识',
    keyFingerprint: '验证公钥指纹',
    checkpointSize: '检查点条目数',
    entriesIncluded: '证据包所含审计条目',
    notExported: '（尚未导出证据包）',
    generated: '生成',
    piCategories: '涉及的个人信息种类',
    peopleAffected: '涉及人数',
    cause: '原因',
    harm: '可能造成的危害',
    remedies: '本公司已采取的补救措施',
    advice: '您可以采取的减轻危害的措施',
    contact: '联系方式',
    contactMissing: '【请填写个人信息保护负责人联系方式】',
    draftNote: '本文件为草稿，发出前须经法务与个人信息保护负责人审核。',
    levels: { below: '未达标准', serious: '情节严重', especially_serious: '情节特别严重' },
    statuses: { open: '已立案', investigating: '调查中', referred: '已移送', closed: '已结案' },
    kinds: {
      alert: '预警',
      trace: '溯源',
      complaint: '投诉',
      canary_hit: '诱饵命中',
      note: '材料',
    },
    defaultCause: (caseId, suspect) =>
      `本公司内部人员（案件 ${caseId}，人员编号 ${suspect}）涉嫌违反规定获取并向他人提供客户个人信息。`,
  },
  en: {
    caseReport: 'Case report',
    notification: 'Personal information incident notice (draft)',
    notificationIntro:
      'In accordance with article 57 of the Personal Information Protection Law of the PRC, we inform you as follows.',
    caseId: 'Case',
    title: 'Title',
    suspect: 'Suspect',
    status: 'Status',
    assignee: 'Assignee',
    opened: 'Opened',
    none: 'none',
    legal: 'Record counts (法释〔2017〕10号 art. 5)',
    legalBasis:
      'Counted per article 5 of the SPC/SPP interpretation on crimes of infringing citizens’ personal information; each customer counts once, in the most sensitive category of the information obtained about them.',
    category: 'Category',
    records: 'Records',
    serious: '"Serious" threshold',
    especiallySerious: '"Especially serious" threshold',
    level: 'Assessment',
    combined: 'Combined in proportion (art. 5 para. 1 item 6)',
    duty: 'Obtained while performing duties or providing services: thresholds halved (art. 5 para. 1 item 8).',
    notDuty: 'Not obtained while performing duties: standard thresholds.',
    customers: 'Customers involved',
    fieldsMapping: 'Fields and categories',
    items: 'Case items',
    kind: 'Kind',
    ref: 'Reference',
    attached: 'Attached',
    content: 'Content',
    history: 'Case history',
    time: 'Time',
    actor: 'By',
    change: 'Change',
    notes: 'Notes',
    auditAnchor: 'Audit log anchor',
    logOrigin: 'Log origin',
    keyFingerprint: 'Verifier key fingerprint',
    checkpointSize: 'Checkpoint size',
    entriesIncluded: 'Audit entries in the bundle',
    notExported: '(no evidence bundle exported yet)',
    generated: 'Generated',
    piCategories: 'Categories of personal information involved',
    peopleAffected: 'Number of people affected',
    cause: 'Cause',
    harm: 'Possible harm',
    remedies: 'Remedial steps we have taken',
    advice: 'What you can do to reduce harm',
    contact: 'Contact',
    contactMissing: '[fill in the contact of the personal information protection officer]',
    draftNote:
      'This is a draft: legal and the personal information protection officer must review it before it is sent.',
    levels: {
      below: 'below threshold',
      serious: 'serious',
      especially_serious: 'especially serious',
    },
    statuses: {
      open: 'open',
      investigating: 'investigating',
      referred: 'referred',
      closed: 'closed',
    },
    kinds: {
      alert: 'alert',
      trace: 'trace',
      complaint: 'complaint',
      canary_hit: 'canary hit',
      note: 'document',
    },
    defaultCause: (caseId, suspect) =>
      `A member of our staff (case ${caseId}, staff id ${suspect}) is suspected of obtaining customers’ personal information without authorisation and providing it to others.`,
  },
};
