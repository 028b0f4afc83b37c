/**
 * Makes leaked lists the way they turn up: a subset of a source's customers, shuffled, columns
 * dropped (down to name + phone), phones and dates reformatted, names in traditional
 * characters, merged with another source's rows and with people from outside the organisation.
 */
import * as OpenCC from 'opencc-js';
import type { Table } from '../../../src/detect/readers/table-reader.ts';
import {
  syntheticIdentity,
  syntheticMobile,
  type RandomInt,
} from '../../../src/trace/synthetic-identity.ts';
import type { SyntheticOrg } from './synthetic-org.ts';

const toTraditional = OpenCC.Converter({ from: 'cn', to: 'tw' });

/** Draws `n` distinct items of `pool` (all of it when shorter). */
export function sample<T>(pool: readonly T[], n: number, rnd: RandomInt): T[] {
  const copy = [...pool];
  const take = Math.min(n, copy.length);
  for (let i = 0; i < take; i++) {
    const j = i + rnd(copy.length - i);
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy.slice(0, take);
}

function formatPhone(phone: string, rnd: RandomInt): string {
  switch (rnd(5)) {
    case 0:
      return phone;
    case 1:
      return `${phone.slice(0, 3)} ${phone.slice(3, 7)} ${phone.slice(7)}`;
    case 2:
      return `+86-${phone}`;
    case 3:
      return `${phone.slice(0, 3)}-${phone.slice(3, 7)}-${phone.slice(7)}`;
    default:
      return `0086 ${phone}`;
  }
}

function formatDate(iso: string, rnd: RandomInt): string {
  const [y, m, d] = iso.split('-') as [string, string, string];
  switch (rnd(4)) {
    case 0:
      return iso;
    case 1:
      return `${y}/${Number(m)}/${Number(d)}`;
    case 2:
      return `${y}年${Number(m)}月${Number(d)}日`;
    default:
      return `${y}${m}${d}`;
  }
}

export interface LeakSpec {
  /** Customer indices per source part. */
  parts: number[][];
  /** Rows of people from outside the organisation. */
  outside: number;
  /** Keep only name + phone (else also birth date, sometimes ID number). */
  namePhoneOnly: boolean;
  traditional: boolean;
  /** Header style. */
  headers: 'zh' | 'en' | 'none';
}

/**
 * The leaked table of a spec.
 *
 * @example
 * const table = makeLeakTable(org, { parts: [[1, 2, 3]], outside: 1, namePhoneOnly: true,
 *   traditional: true, headers: 'zh' }, rnd);
 */
export function makeLeakTable(org: SyntheticOrg, spec: LeakSpec, rnd: RandomInt): Table {
  const rows: string[][] = [];
  const withId = !spec.namePhoneOnly && rnd(2) === 0;
  const person = (name: string, phone: string, birth: string, id: string): string[] => {
    const n = spec.traditional ? toTraditional(name) : name;
    const row = [n, formatPhone(phone, rnd)];
    if (!spec.namePhoneOnly) row.push(formatDate(birth, rnd));
    if (withId) row.push(id);
    return row;
  };
  for (const part of spec.parts) {
    for (const c of part) {
      const cu = org.customers[c]!;
      rows.push(person(cu.name, cu.phone, cu.birthDate, cu.idNumber));
    }
  }
  for (let i = 0; i < spec.outside; i++) {
    const p = syntheticIdentity(rnd);
    rows.push(person(p.name, syntheticMobile(rnd), p.birthDate, p.idNumber));
  }
  for (let i = rows.length - 1; i > 0; i--) {
    const j = rnd(i + 1);
    [rows[i], rows[j]] = [rows[j]!, rows[i]!];
  }
  const zh = ['姓名', '联系电话', '出生日期', '身份证号'];
  const en = ['name', 'mobile', 'dob', 'id_no'];
  const width = rows[0]?.length ?? 2;
  const headers = spec.headers === 'none' ? [] : (spec.headers === 'zh' ? zh : en).slice(0, width);
  return { headers, rows };
}
