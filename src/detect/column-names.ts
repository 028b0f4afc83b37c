/**
 * Column names that say what a column holds, in Chinese and English (DESIGN §5.3): the header
 * evidence of the column classifier, and the canonical field names `import customers` maps to.
 */
import type { EntityType } from '../core/entity-types.ts';
import { foldWidth } from './prepared-text.ts';

/** A canonical field and, when it is personal information, its entity type. */
export interface KnownField {
  field: string;
  type?: EntityType;
}

const FIELDS: readonly (KnownField & { names: readonly string[] })[] = [
  {
    field: 'customer_id',
    names: [
      '客户编号',
      '客户号',
      '客户代码',
      '客户id',
      'customerid',
      'custid',
      'customerno',
      'clientid',
    ],
  },
  {
    field: 'name',
    type: 'PERSON_NAME',
    names: [
      '姓名',
      '名字',
      '客户姓名',
      '客户名称',
      '投保人',
      '被保险人',
      '被保人',
      '受益人',
      '联系人',
      '收件人',
      '收货人',
      '持卡人',
      '户名',
      'name',
      'fullname',
      'customername',
      'contactname',
      'firstname',
      'lastname',
    ],
  },
  {
    field: 'birth_date',
    type: 'DATE_OF_BIRTH',
    names: [
      '出生日期',
      '出生年月',
      '出生年月日',
      '生日',
      '出生',
      'birthdate',
      'dateofbirth',
      'dob',
      'birthday',
      'birth',
    ],
  },
  {
    field: 'phone',
    type: 'PHONE_NUMBER',
    names: [
      '手机',
      '手机号',
      '手机号码',
      '电话',
      '电话号码',
      '联系电话',
      '联系方式',
      '移动电话',
      '固话',
      '座机',
      'mobile',
      'phone',
      'tel',
      'telephone',
      'cellphone',
      'phonenumber',
      'mobilephone',
      'cell',
    ],
  },
  {
    field: 'id_number',
    type: 'CN_RESIDENT_ID',
    names: [
      '身份证',
      '身份证号',
      '身份证号码',
      '证件号',
      '证件号码',
      '证件号码',
      '公民身份号码',
      'idnumber',
      'idno',
      'idcard',
      'idcardno',
      'nationalid',
      'residentid',
    ],
  },
  {
    field: 'email',
    type: 'EMAIL_ADDRESS',
    names: ['邮箱', '电子邮箱', '电子邮件', '邮件', 'email', 'mail', 'emailaddress'],
  },
  {
    field: 'address',
    type: 'ADDRESS',
    names: [
      '地址',
      '住址',
      '家庭住址',
      '家庭地址',
      '联系地址',
      '通讯地址',
      '居住地址',
      '收货地址',
      '户籍地址',
      'address',
      'addr',
      'homeaddress',
    ],
  },
  {
    field: 'bank_card',
    type: 'BANK_CARD',
    names: [
      '银行卡',
      '银行卡号',
      '卡号',
      '银行账号',
      '账号',
      '开户账号',
      'bankcard',
      'cardno',
      'cardnumber',
      'accountno',
      'bankaccount',
    ],
  },
  { field: 'qq', type: 'QQ_NUMBER', names: ['qq', 'qq号', 'qq号码'] },
  {
    field: 'wechat',
    type: 'WECHAT_ID',
    names: ['微信', '微信号', 'wechat', 'weixin', 'wxid', 'wechatid'],
  },
  {
    field: 'passport',
    type: 'PASSPORT',
    names: ['护照', '护照号', '护照号码', 'passport', 'passportno'],
  },
  {
    field: 'hmt_permit',
    type: 'CN_HMT_PERMIT',
    names: ['港澳通行证', '台湾通行证', '往来港澳通行证', '回乡证', '台胞证', '通行证'],
  },
  { field: 'uscc', type: 'CN_USCC', names: ['统一社会信用代码', '信用代码', 'uscc', 'creditcode'] },
  {
    field: 'license_plate',
    type: 'LICENSE_PLATE',
    names: ['车牌', '车牌号', '车牌号码', 'licenseplate', 'plate', 'plateno'],
  },
  { field: 'ip', type: 'IP_ADDRESS', names: ['ip', 'ip地址', 'ipaddress', 'clientip', 'ipaddr'] },
  { field: 'gender', names: ['性别', 'gender', 'sex'] },
  {
    field: 'product',
    names: ['险种', '产品', '产品名称', '保险产品', 'product', 'productname', 'plan'],
  },
  { field: 'premium', names: ['保费', '保险费', '金额', 'premium', 'amount'] },
  {
    field: 'start_date',
    names: [
      '起保日期',
      '生效日期',
      '开始日期',
      '承保日期',
      'startdate',
      'effectivedate',
      'policystart',
    ],
  },
  {
    field: 'agent',
    names: [
      '负责人',
      '业务员',
      '代理人',
      '经办人',
      '客户经理',
      '营销员',
      'agent',
      'agentid',
      'staffid',
    ],
  },
];

/** Normalised name → field; names compared lower-case, half-width, without spaces or `_-.`. */
const BY_NAME = new Map<string, KnownField>();
for (const f of FIELDS) {
  const known: KnownField = f.type ? { field: f.field, type: f.type } : { field: f.field };
  for (const n of f.names) BY_NAME.set(normalizeName(n), known);
}

/** Names with Chinese characters, longest first, for containment (`客户手机号` holds `手机号`). */
const CJK_NAMES = [...BY_NAME.keys()]
  .filter((n) => /[\u4e00-\u9fff]/.test(n))
  .sort((a, b) => b.length - a.length);

function normalizeName(name: string): string {
  return foldWidth(name)
    .toLowerCase()
    .replace(/[\s_\-.:：()（）#*]/g, '');
}

/**
 * The field a column name denotes: an exact name, a Chinese name contained in it (the longest),
 * or an English word of it (`customer_name`, `mobilePhone`).
 *
 * @example
 * fieldForHeader('客户手机号') // { field: 'phone', type: 'PHONE_NUMBER' }
 * fieldForHeader('Birth Date') // { field: 'birth_date', type: 'DATE_OF_BIRTH' }
 * fieldForHeader('备注')       // undefined
 */
export function fieldForHeader(header: string): KnownField | undefined {
  const key = normalizeName(header);
  if (key.length === 0) return undefined;
  const exact = BY_NAME.get(key);
  if (exact) return exact;
  for (const n of CJK_NAMES) if (key.includes(n)) return BY_NAME.get(n);
  const words = foldWidth(header)
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  for (let i = words.length - 1; i >= 0; i--) {
    const hit = BY_NAME.get(words[i]!);
    if (hit) return hit;
  }
  return undefined;
}
