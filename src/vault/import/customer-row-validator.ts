/**
 * Turns one row of a customers file into a {@link CustomerRecord}, or says what is wrong with it
 * in words that name the row's column and field but never its value (invariant 2: error messages
 * carry no personal data). Checks: customer id present and unique within the file; birth and
 * start dates real calendar dates (birth dates also plausible: 1900 to today); phone numbers
 * mainland mobile or landline numbers; resident ID numbers with a valid region, birth date and
 * check character (15-digit legacy numbers are upgraded); e-mail addresses of the form a@b.
 *
 * Dates are stored as `YYYY-MM-DD` and ID numbers in canonical form; other values as written
 * (trimmed).
 */
import type { CustomerRecord } from '../../core/customer.ts';
import { InputError } from '../../core/errors.ts';
import { foldWidth } from '../../detect/prepared-text.ts';
import { normalizePhone } from '../../detect/normalizers/phone.ts';
import {
  normalizeResidentId,
  upgradeLegacyResidentId,
} from '../../detect/normalizers/resident-id.ts';
import { isPlausibleBirthDate, isRealDate } from '../../detect/validators/calendar-date.ts';
import { isCnProvinceCode } from '../../detect/validators/cn-region-codes.ts';
import { isValidIso7064Mod112 } from '../../detect/validators/iso7064-mod11-2.ts';
import type { ColumnMapping } from './column-mapping.ts';

/** Dates as written: 1990-03-07, 1990/3/7, 1990.03.07, 1990年3月7日, 19900307, ISO date-times. */
const WRITTEN_DATE = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[T ][\d:.]+Z?)?$/;
const COMPACT_DATE = /^(\d{4})(\d{2})(\d{2})$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const RESIDENT_ID = /^\d{17}[\dX]$/;

/**
 * `YYYY-MM-DD` of a written date, or undefined when it is not a real date.
 *
 * @example
 * parseWrittenDate('1990年3月7日') // '1990-03-07'
 * parseWrittenDate('1990-02-30')   // undefined
 */
export function parseWrittenDate(written: string): string | undefined {
  const text = foldWidth(written).trim();
  const m = WRITTEN_DATE.exec(text) ?? COMPACT_DATE.exec(text);
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (!isRealDate(y, mo, d)) return undefined;
  return `${m[1]}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/**
 * The canonical 18-character resident ID number, or undefined when it is not a valid one.
 *
 * @example
 * canonicalResidentId('11010519491231002x') // '11010519491231002X'
 */
export function canonicalResidentId(written: string): string | undefined {
  let id = normalizeResidentId(foldWidth(written));
  if (id.length === 15) id = upgradeLegacyResidentId(id) ?? '';
  if (!RESIDENT_ID.test(id) || !isCnProvinceCode(id)) return undefined;
  if (!isRealDate(Number(id.slice(6, 10)), Number(id.slice(10, 12)), Number(id.slice(12, 14)))) {
    return undefined;
  }
  return isValidIso7064Mod112(id) ? id : undefined;
}

/** Options of {@link CustomerRowValidator}. */
export interface CustomerRowValidatorOptions {
  /**
   * Refuse an id seen on an earlier row (default true). The import's sealing workers each see
   * only some of the rows, so there the main thread checks uniqueness and the workers pass false.
   */
  unique?: boolean;
}

/**
 * The problem reported for a customer id that appears again (ids are not personal data).
 *
 * @example
 * duplicateIdProblem('C7', 9) // 'customer id C7 appears again (first on row 9)'
 */
export function duplicateIdProblem(id: string, firstLine: number): string {
  return `customer id ${id} appears again (first on row ${firstLine})`;
}

/**
 * Validates rows against a mapping; remembers the ids seen (uniqueness within the file).
 * `headers` is read at each row, so headers appended later (JSON lines keys first seen after
 * the sample) name their extras.
 *
 * @example
 * const v = new CustomerRowValidator('客户.csv', mapping, headers);
 * const record = v.validate({ line: 2, cells: ['C1', '13800138000'] }); // throws InputError when bad
 */
export class CustomerRowValidator {
  readonly #file: string;
  readonly #mapping: readonly ColumnMapping[];
  readonly #headers: readonly string[];
  readonly #seen = new Map<string, number>();
  readonly #today: Date;
  readonly #unique: boolean;
  #rows = 0;

  constructor(
    file: string,
    mapping: readonly ColumnMapping[],
    headers: readonly string[],
    today: Date = new Date(),
    options: CustomerRowValidatorOptions = {},
  ) {
    this.#file = file;
    this.#mapping = mapping;
    this.#headers = headers;
    this.#today = today;
    this.#unique = options.unique ?? true;
  }

  /** Rows accepted so far. */
  get rows(): number {
    return this.#rows;
  }

  /** The record of one row; throws InputError `FILE:ROW: problem` when the row is bad. */
  validate(row: { line: number; cells: readonly string[] }): CustomerRecord {
    const fail = (problem: string): never => {
      throw new InputError(problem, { file: this.#file, line: row.line });
    };
    const record: CustomerRecord = { customer_id: '' };
    const cells = row.cells;
    for (let i = 0; i < cells.length; i++) {
      const raw = cells[i]!;
      const value = raw.trim();
      if (value === '') continue;
      const m = this.#mapping[i];
      const header = this.#headers[i] || `column ${i + 1}`;
      const target = m?.target ?? 'extra';
      const where = `${target} (column ${m?.header ? m.header : i + 1})`;
      switch (target) {
        case 'skip':
          break;
        case 'extra':
          (record.extra ??= {})[header] = value;
          break;
        case 'birth_date': {
          const date = parseWrittenDate(value);
          if (date === undefined) return fail(`${where} is not a real date`);
          const [y, mo, d] = date.split('-').map(Number) as [number, number, number];
          if (!isPlausibleBirthDate(y, mo, d, this.#today)) {
            return fail(`${where} is not a plausible birth date (before 1900 or in the future)`);
          }
          record.birth_date = date;
          break;
        }
        case 'start_date': {
          const date = parseWrittenDate(value);
          if (date === undefined) return fail(`${where} is not a real date`);
          record.start_date = date;
          break;
        }
        case 'phone':
          if (normalizePhone(foldWidth(value)) === undefined) {
            return fail(`${where} is not a valid mainland phone number`);
          }
          record.phone = value;
          break;
        case 'id_number': {
          const id = canonicalResidentId(value);
          if (id === undefined) {
            return fail(
              `${where} is not a valid resident ID number (region, date or check character)`,
            );
          }
          record.id_number = id;
          break;
        }
        case 'email':
          if (!EMAIL.test(foldWidth(value))) return fail(`${where} is not an e-mail address`);
          record.email = value;
          break;
        default:
          record[target] = value;
      }
    }
    const id = record.customer_id;
    if (id === '') return fail('customer id is missing');
    if (this.#unique) {
      const first = this.#seen.get(id);
      if (first !== undefined) return fail(duplicateIdProblem(id, first));
      this.#seen.set(id, row.line);
    }
    this.#rows++;
    return record;
  }
}
