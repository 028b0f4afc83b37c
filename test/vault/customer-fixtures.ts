/**
 * Synthetic customers for the vault and import tests (generated people, not real ones; ID
 * numbers carry valid check characters) and writers for every customers file format.
 */
import { writeFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { iso7064Mod112CheckChar } from '../../src/detect/validators/iso7064-mod11-2.ts';

/** A customer as a file row, by canonical field. */
export interface FixtureCustomer {
  customer_id: string;
  name: string;
  birth_date: string;
  phone: string;
  id_number: string;
  address: string;
  product: string;
  premium: string;
  agent: string;
  note: string;
}

const NAMES = ['张伟', '王芳', '李娜', '刘洋', '陈静', '杨磊', '黄丽', '赵强', '吴敏', '周杰'];
const PLACES = [
  ['北京市东城区东华门街道', '110101'],
  ['上海市浦东新区张江路', '310115'],
  ['广东省深圳市南山区科苑路', '440305'],
  ['浙江省杭州市西湖区文三路', '330106'],
] as const;

/** A valid 18-character resident ID number for a region code and birth date. */
export function residentId(region: string, birthDate: string, seq: number): string {
  const body = `${region}${birthDate.replaceAll('-', '')}${String(seq % 1000).padStart(3, '0')}`;
  return body + iso7064Mod112CheckChar(body)!;
}

/** `n` customers with distinct ids, phones and ID numbers. */
export function fixtureCustomers(n: number, prefix = 'C'): FixtureCustomer[] {
  return Array.from({ length: n }, (_, i) => {
    const birth = `${1960 + (i % 40)}-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 28) + 1).padStart(2, '0')}`;
    const [place, region] = PLACES[i % PLACES.length]!;
    return {
      customer_id: `${prefix}${String(i + 1).padStart(6, '0')}`,
      name: NAMES[i % NAMES.length]!,
      birth_date: birth,
      phone: `1${['39', '38', '86', '58'][i % 4]}${String(10_000_000 + i * 7_919).slice(-8)}`,
      id_number: residentId(region, birth, i),
      address: `${place}${(i % 200) + 1}号`,
      product: ['重疾险', '寿险', '医疗险'][i % 3]!,
      premium: String(1000 + i),
      agent: `S${String(i % 5).padStart(3, '0')}`,
      note: i % 3 === 0 ? 'VIP' : '',
    };
  });
}

export const CHINESE_HEADERS: Record<keyof FixtureCustomer, string> = {
  customer_id: '客户编号',
  name: '姓名',
  birth_date: '出生日期',
  phone: '手机',
  id_number: '身份证号',
  address: '地址',
  product: '险种',
  premium: '保费',
  agent: '负责人',
  note: '备注',
};

export const ENGLISH_HEADERS: Record<keyof FixtureCustomer, string> = {
  customer_id: 'customer_id',
  name: 'name',
  birth_date: 'birth_date',
  phone: 'phone',
  id_number: 'id_number',
  address: 'address',
  product: 'product',
  premium: 'premium',
  agent: 'agent',
  note: 'remark',
};

export type FixtureFormat = 'csv' | 'tsv' | 'gbk-csv' | 'jsonl' | 'xlsx';

function quote(cell: string, delimiter: string): string {
  return /[",\n\t]/.test(cell) && delimiter === ',' ? `"${cell.replace(/"/g, '""')}"` : cell;
}

/** Rows as cells in `order`, with a header line of `headers`. */
export function table(
  customers: readonly FixtureCustomer[],
  order: readonly (keyof FixtureCustomer)[],
  headers: Record<keyof FixtureCustomer, string>,
): string[][] {
  return [order.map((k) => headers[k]), ...customers.map((c) => order.map((k) => c[k]))];
}

/** Writes a customers file in `format`. */
export async function writeCustomersFile(
  path: string,
  format: FixtureFormat,
  rows: readonly (readonly string[])[],
): Promise<void> {
  switch (format) {
    case 'csv':
    case 'gbk-csv': {
      const text = rows.map((r) => r.map((c) => quote(c, ',')).join(',')).join('\r\n') + '\r\n';
      writeFileSync(path, format === 'csv' ? text : iconv.encode(text, 'gbk'));
      return;
    }
    case 'tsv':
      writeFileSync(path, rows.map((r) => r.join('\t')).join('\n') + '\n');
      return;
    case 'jsonl': {
      const [header, ...data] = rows;
      writeFileSync(
        path,
        data
          .map((r) => JSON.stringify(Object.fromEntries(header!.map((h, i) => [h, r[i]]))))
          .join('\n') + '\n',
      );
      return;
    }
    case 'xlsx': {
      const workbook = new ExcelJS.Workbook();
      const sheet = workbook.addWorksheet('客户');
      for (const r of rows) sheet.addRow([...r]);
      await workbook.xlsx.writeFile(path);
      return;
    }
  }
}

/** The master key every vault test uses (64 hex digits), and the environment carrying it. */
export const TEST_MASTER_KEY_HEX = '42'.repeat(32);
export const VAULT_ENV = { PIGUARD_MASTER_KEY: TEST_MASTER_KEY_HEX, PIGUARD_ACTOR: 'test-ops' };
export const testKeys = {
  source: 'test',
  getMasterKey: async () => Buffer.from(TEST_MASTER_KEY_HEX, 'hex'),
};
