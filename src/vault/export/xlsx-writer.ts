/**
 * XLSX export files through exceljs: one sheet, a bold header row, every cell written as text
 * (so ID numbers and phones keep their digits instead of turning into floating-point numbers).
 */
import { loadExcel } from '../../detect/readers/xlsx-reader.ts';

/**
 * @example
 * const bytes = await xlsxBytes(['name', 'phone'], [{ name: '张**', phone: '138****5678' }], 'E20260301-…');
 */
export async function xlsxBytes(
  columns: readonly string[],
  rows: ReadonlyArray<Readonly<Record<string, string | null | undefined>>>,
  title: string,
): Promise<Buffer> {
  const { Workbook } = await loadExcel();
  const workbook = new Workbook();
  workbook.creator = 'piguard';
  // A fixed date keeps the file a function of its content (the sha256 names the content).
  workbook.created = new Date(0);
  workbook.modified = new Date(0);
  const sheet = workbook.addWorksheet('export');
  sheet.addRow([...columns]).font = { bold: true };
  for (const row of rows) sheet.addRow(columns.map((c) => row[c] ?? ''));
  sheet.eachRow((r) => {
    r.eachCell((c) => {
      c.numFmt = '@';
    });
  });
  workbook.title = title;
  const out = await workbook.xlsx.writeBuffer();
  return Buffer.from(out as ArrayBuffer);
}
