/**
 * A leaked file as records: whatever columns it has, in any order, reduced to the fields that
 * identify a person (phone, ID number, name, birth date, email) plus what the mark detector
 * reads (reference codes, date renderings). Columns are recognised by the detection engine's
 * column classifier (header names and cell contents), so a file with no header, renamed
 * columns or only name + phone still yields records. Free text is read one record per line with
 * the text scanner.
 */
import { readFileSync } from 'node:fs';
import type { EntityType } from '../core/entity-types.ts';
import { InputError } from '../core/errors.ts';
import { classifyColumns } from '../detect/column-classifier.ts';
import { decodeBuffer } from '../detect/decode/text-decoder.ts';
import { readTable, tableFormatOf, type Table } from '../detect/readers/table-reader.ts';
import { scanText } from '../detect/text-scanner.ts';
import { parseWrittenDate } from './written-date.ts';

/** One leaked row, as written (not normalised). */
export interface LeakRecord {
  /** 1-based row (data row of a table, line of a text). */
  row: number;
  phone?: string;
  idNumber?: string;
  name?: string;
  birthDate?: string;
  email?: string;
  address?: string;
  /** Every cell of the row (tables) or the line (text), for the mark and canary detectors. */
  cells: string[];
}

const FIELD_OF_TYPE: Partial<Record<EntityType, keyof LeakRecord>> = {
  PHONE_NUMBER: 'phone',
  CN_RESIDENT_ID: 'idNumber',
  PERSON_NAME: 'name',
  DATE_OF_BIRTH: 'birthDate',
  EMAIL_ADDRESS: 'email',
  ADDRESS: 'address',
};

type IdentityField = 'phone' | 'idNumber' | 'name' | 'birthDate' | 'email' | 'address';

/**
 * Records of a table: one per row, fields from the classified columns. When no column is
 * classified a birth date but exactly one unclassified column holds calendar dates of plausible
 * birth years in most cells, it is taken as the birth date (a bare date column with a renamed
 * header).
 *
 * @example
 * recordsOfTable({ headers: ['名字', '电话'], rows: [['張偉', '138 0013 8000']] })
 * // [{ row: 1, name: '張偉', phone: '138 0013 8000', cells: [...] }]
 */
export function recordsOfTable(table: Table): LeakRecord[] {
  const columns = classifyColumns(table, { sampleSize: 100 });
  const fieldAt = new Map<number, IdentityField>();
  const taken = new Set<IdentityField>();
  // Most confident column first for each field.
  for (const col of [...columns].sort((a, b) => b.confidence - a.confidence)) {
    const field = col.type ? (FIELD_OF_TYPE[col.type] as IdentityField | undefined) : undefined;
    if (field === undefined || taken.has(field)) continue;
    fieldAt.set(col.index, field);
    taken.add(field);
  }
  if (!taken.has('birthDate')) {
    const dateColumns = columns.filter(
      (col) => !fieldAt.has(col.index) && mostlyBirthDates(table, col.index),
    );
    if (dateColumns.length === 1) fieldAt.set(dateColumns[0]!.index, 'birthDate');
  }
  return table.rows.map((cells, i) => {
    const record: LeakRecord = { row: i + 1, cells };
    for (const [col, field] of fieldAt) {
      const value = cells[col]?.trim();
      if (value) record[field] = value;
    }
    return record;
  });
}

function mostlyBirthDates(table: Table, col: number): boolean {
  let seen = 0;
  let dates = 0;
  for (const row of table.rows) {
    const cell = row[col]?.trim();
    if (!cell) continue;
    seen++;
    const iso = parseWrittenDate(cell);
    if (iso !== undefined && iso >= '1900' && iso <= '2030') dates++;
    if (seen >= 100) break;
  }
  return seen > 0 && dates / seen >= 0.8;
}

/**
 * Records of free text: one per non-empty line, fields from the text scanner's findings.
 *
 * @example
 * recordsOfText('张伟 13800138000\n李娜，身份证 110105194912310021')
 */
export function recordsOfText(text: string): LeakRecord[] {
  const out: LeakRecord[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === '') continue;
    const record: LeakRecord = { row: i + 1, cells: [line] };
    for (const f of scanText(line)) {
      const field = FIELD_OF_TYPE[f.type] as IdentityField | undefined;
      if (field !== undefined && record[field] === undefined) record[field] = f.text;
    }
    out.push(record);
  }
  return out;
}

/**
 * Reads a leaked file: CSV/TSV/XLSX/JSON lines as a table, anything else as text, in any
 * encoding the detection engine recognises.
 *
 * @example
 * const records = await readLeakFile('leak.csv');
 */
export async function readLeakFile(path: string): Promise<LeakRecord[]> {
  if (tableFormatOf(path) !== undefined) return recordsOfTable(await readTable(path));
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (err) {
    throw new InputError(`cannot read (${(err as NodeJS.ErrnoException).code ?? 'unreadable'})`, {
      file: path,
    });
  }
  const decoded = decodeBuffer(bytes);
  if (decoded.kind === 'binary') {
    throw new InputError(`binary file (${decoded.reason})`, { file: path });
  }
  return recordsOfText(decoded.text);
}
