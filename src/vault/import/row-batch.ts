/**
 * A batch of raw file rows on its way to be validated and sealed — on a sealing worker
 * (seal-worker-main.ts) or, for small files, on the main thread — and the one function both run,
 * so that a row is checked and sealed the same way wherever it goes.
 *
 * Why rows and not records: validation (dates, phone numbers, ID check characters, the column
 * mapping) was a fifth of the import's main thread, which is its bottleneck; the workers had
 * CPU to spare. Only what needs the whole file stays on the main thread: the customer id's
 * uniqueness (checked on the raw id cell, trimmed as the validator trims it) and the existence
 * query that sets each row's data key generation.
 *
 * Cells travel as one flat array with a width per row: one structured-clone array instead of a
 * thousand.
 */
import type { CustomerRecord } from '../../core/customer.ts';
import { InputError } from '../../core/errors.ts';
import type { SealedCustomer } from '../customer-sealer.ts';
import type { CustomerRowValidator } from './customer-row-validator.ts';
import type { FileRow } from './customer-file-rows.ts';

/** Rows of a customers file, packed for a worker. */
export interface RowBatch {
  /** Row number of each row (as reported in `FILE:ROW: problem`). */
  lines: number[];
  /** Number of cells of each row. */
  widths: number[];
  /** Every row's cells, row after row. */
  cells: string[];
  /**
   * Data key generation to seal each row under: 1 for a new customer, the stored one + 1 for an
   * update, 0 for a deleted (shredded) customer — validated, never sealed (never revived).
   */
  keyVersions: number[];
  /** The file's headers when they can grow while it is read (JSON lines). */
  headers?: string[];
}

/**
 * @example
 * const batch = packRows(rows, rows.map(() => 1));
 */
export function packRows(
  rows: readonly FileRow[],
  keyVersions: number[],
  headers?: readonly string[],
): RowBatch {
  const lines: number[] = [];
  const widths: number[] = [];
  const cells: string[] = [];
  for (const r of rows) {
    lines.push(r.line);
    widths.push(r.cells.length);
    for (const c of r.cells) cells.push(c);
  }
  return headers
    ? { lines, widths, cells, keyVersions, headers: [...headers] }
    : { lines, widths, cells, keyVersions };
}

/** A bad row found while validating or sealing a batch: where, and what (never a value). */
export interface RowProblem {
  line: number;
  problem: string;
}

/** The problem text of an InputError raised for `file` (without its `FILE:ROW: ` prefix). */
function problemOf(err: InputError, file: string): string {
  for (const prefix of [`${file}:${err.line}: `, `${file}: `]) {
    if (err.message.startsWith(prefix)) return err.message.slice(prefix.length);
  }
  return err.message;
}

/**
 * Validates every row of `batch` in order and seals those with a key generation above 0.
 * Stops at the first bad row: returns its {@link RowProblem} (the lowest bad row of the batch)
 * instead of sealed customers. Errors other than InputError propagate.
 *
 * @example
 * const out = sealRowBatch(validator, batch, (r, v) => sealCustomer(keys, r, v));
 * if ('problem' in out) throw new InputError(out.problem, { file, line: out.line });
 */
export function sealRowBatch(
  validator: CustomerRowValidator,
  file: string,
  batch: RowBatch,
  seal: (record: CustomerRecord, keyVersion: number) => SealedCustomer,
): SealedCustomer[] | RowProblem {
  const sealed: SealedCustomer[] = [];
  let at = 0;
  for (let i = 0; i < batch.lines.length; i++) {
    const line = batch.lines[i]!;
    const width = batch.widths[i]!;
    const cells = batch.cells.slice(at, at + width);
    at += width;
    try {
      const record = validator.validate({ line, cells });
      const version = batch.keyVersions[i]!;
      if (version > 0) sealed.push(seal(record, version));
    } catch (err) {
      if (err instanceof InputError) return { line, problem: problemOf(err, file) };
      throw err;
    }
  }
  return sealed;
}
