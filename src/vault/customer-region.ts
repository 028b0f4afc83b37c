/**
 * The `region` of a customer row: the two-digit province code (GB/T 2260) that the `region` row
 * scope of a policy compares. Stored in the clear — a province is not personal information on
 * its own, and row scopes must filter without decrypting.
 */
import { foldWidth } from '../detect/prepared-text.ts';
import { matchDivisionAt } from '../detect/lexicon/divisions.ts';
import { isCnProvinceCode } from '../detect/validators/cn-region-codes.ts';

/**
 * The province code of an address, from the division name it starts with (广东省…, 广东深圳…,
 * 浦东新区… — any name whose divisions all lie in one province), or undefined.
 *
 * @example
 * provinceOfAddress('广东省深圳市南山区科技园') // '44'
 * provinceOfAddress('朝阳区建国路 1 号')       // undefined (Beijing and Changchun both have one)
 */
export function provinceOfAddress(address: string): string | undefined {
  const text = foldWidth(address).trimStart();
  const match = matchDivisionAt(text, 0);
  if (!match) return undefined;
  let code: string | undefined;
  for (const form of match.forms) {
    const province = form.division.code.slice(0, 2);
    if (code !== undefined && code !== province) return undefined;
    code = province;
  }
  return code;
}

/**
 * The customer's region: the province of the address when it names one, else the first two
 * digits of the resident ID number (the issuing province), else null.
 *
 * @example
 * regionOf({ address: '上海市浦东新区张江路 1 号', id_number: '11010519491231002X' }) // '31'
 * regionOf({ id_number: '44030519900307123X' })                                   // '44'
 */
export function regionOf(record: { address?: string; id_number?: string }): string | null {
  if (record.address) {
    const fromAddress = provinceOfAddress(record.address);
    if (fromAddress !== undefined) return fromAddress;
  }
  const id = record.id_number?.trim();
  if (id && /^\d{2}/.test(id) && isCnProvinceCode(id)) return id.slice(0, 2);
  return null;
}
