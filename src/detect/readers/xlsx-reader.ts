/**
 * XLSX workbooks. A workbook has no text of its own, so piguard scans a text rendering of it and
 * reports places in that rendering (docs/scan.md): sheets in workbook order, one line per row
 * from row 1 to the sheet's last row, cells from column A to the row's last cell joined by tabs.
 * Line breaks and tabs inside a cell become spaces in the rendering, so line N of a one-sheet
 * workbook is spreadsheet row N and the column's letter is given by the tabs before it.
 */
import type ExcelJS from 'exceljs';
import { advancePosition, UnitTextBuilder, type ScanUnit } from './scan-unit.ts';
import { looksLikeHeader } from './table-header.ts';
import { DEFAULT_CHUNK_SIZE, FILE_START } from './text-reader.ts';

/**
 * exceljs costs ~0.5 CPU-s to load: only imports and exports of XLSX files pay for it.
 *
 * @example
 * const { Workbook } = await loadExcel();
 */
export async function loadExcel(): Promise<typeof ExcelJS> {
  return (await import('exceljs')).default;
}

/** One rendered row: its cells' texts (index 0 = column A). */
export interface XlsxRow {
  sheet: string;
  /** 1-based row number within its sheet. */
  row: number;
  cells: string[];
}

/**
 * Rows of every sheet, in order, with each cell as the text the rendering shows.
 *
 * @example
 * for await (const r of readXlsxRows('客户.xlsx')) console.log(r.sheet, r.row, r.cells.length)
 */
export async function* readXlsxRows(path: string): AsyncGenerator<XlsxRow> {
  const { Workbook } = await loadExcel();
  const workbook = new Workbook();
  await workbook.xlsx.readFile(path);
  for (const sheet of workbook.worksheets) {
    for (let r = 1; r <= sheet.rowCount; r++) {
      const row = sheet.getRow(r);
      const cells: string[] = [];
      for (let c = 1; c <= row.cellCount; c++) cells.push(cellText(row.getCell(c)));
      yield { sheet: sheet.name, row: r, cells };
    }
  }
}

/** The displayed text of a cell; dates as ISO dates, formulas by their result. */
function cellText(cell: ExcelJS.Cell): string {
  let value: unknown = cell.value;
  if (value && typeof value === 'object' && 'result' in value) value = value.result;
  if (value instanceof Date) return isoDate(value);
  if (value === null || value === undefined) return '';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value === 'string') return flatten(value);
  return flatten(cell.text ?? '');
}

function isoDate(d: Date): string {
  const iso = d.toISOString();
  return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso.replace('.000Z', 'Z');
}

/** Cell-internal line breaks and tabs would break the one-row-one-line rendering. */
function flatten(s: string): string {
  return /[\t\r\n]/.test(s) ? s.replace(/[\t\r\n]/g, ' ') : s;
}

/**
 * Units of a workbook: batches of rendered rows, each cell scanned with its sheet's header as
 * context. The workbook is read whole (exceljs), so very large workbooks need matching memory.
 *
 * @example
 * for await (const unit of readXlsxUnits('客户.xlsx')) ...
 */
export async function* readXlsxUnits(
  path: string,
  chunkSize = DEFAULT_CHUNK_SIZE,
): AsyncGenerator<ScanUnit> {
  let base = FILE_START;
  let builder = new UnitTextBuilder();
  let lines: string[] = [];
  let rawLength = 0;
  let sheet: string | undefined;
  let headers: string[] = [];

  const cut = (): ScanUnit | undefined => {
    const raw = lines.join('');
    const unit = builder.size > 0 ? builder.build(path, raw, base) : undefined;
    base = advancePosition(base, raw);
    builder = new UnitTextBuilder();
    lines = [];
    rawLength = 0;
    return unit;
  };

  for await (const row of readXlsxRows(path)) {
    let context = headers;
    if (row.sheet !== sheet) {
      sheet = row.sheet;
      headers = looksLikeHeader(row.cells) ? row.cells.map((c) => c.trim()) : [];
      context = [];
    }
    let at = rawLength;
    row.cells.forEach((cell, col) => {
      builder.addValue(context[col], cell, at);
      at += cell.length + 1;
    });
    const line = `${row.cells.join('\t')}\n`;
    lines.push(line);
    rawLength += line.length;
    if (builder.length >= chunkSize) {
      const unit = cut();
      if (unit) yield unit;
    }
  }
  const unit = cut();
  if (unit) yield unit;
}
