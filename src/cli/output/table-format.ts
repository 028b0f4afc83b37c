/**
 * `scan --format table`: findings for people to read, one aligned row each, values masked
 * unless `--show-values` (DESIGN invariant 2: a terminal is a log too). Rows are written as
 * they come, so the widths are fixed rather than measured.
 */
import type { ColumnClassification } from '../../detect/column-classifier.ts';
import type { LocatedFinding } from '../../detect/readers/scan-unit.ts';
import { maskByType } from '../../protect/masking.ts';
import { displayWidth, padCells } from './display-width.ts';

const LOCATION_WIDTH = 28;
const TYPE_WIDTH = 16;
const VALUE_WIDTH = 26;

/** Line breaks and tabs inside a value would break the row. */
function oneLine(s: string): string {
  return s.replace(/[\r\n\t]+/g, ' ');
}

/**
 * The header row of the findings table.
 *
 * @example
 * findingTableHeader() // 'LOCATION …  TYPE …  VALUE …  SCORE'
 */
export function findingTableHeader(): string {
  return `${padCells('LOCATION', LOCATION_WIDTH)} ${padCells('TYPE', TYPE_WIDTH)} ${padCells('VALUE', VALUE_WIDTH)} SCORE`;
}

/**
 * One finding as a table row: `path:line:column`, type, value (masked by default), score.
 *
 * @example
 * formatFindingRow(f, { showValues: false }) // 'a.txt:1:4   PHONE_NUMBER   138****8000   0.95'
 */
export function formatFindingRow(f: LocatedFinding, options: { showValues: boolean }): string {
  const value = oneLine(options.showValues ? f.text : maskByType(f.type, f.text));
  return `${padCells(`${f.path}:${f.line}:${f.column}`, LOCATION_WIDTH)} ${padCells(f.type, TYPE_WIDTH)} ${padCells(value, VALUE_WIDTH)} ${f.score.toFixed(2)}`;
}

/**
 * The closing line of the findings table.
 *
 * @example
 * findingTableSummary(3, 2) // '3 findings in 2 files'
 */
export function findingTableSummary(findings: number, files: number): string {
  const plural = (n: number, w: string): string => `${n} ${w}${n === 1 ? '' : 's'}`;
  return findings === 0
    ? `no findings in ${plural(files, 'file')}`
    : `${plural(findings, 'finding')} in ${plural(files, 'file')}`;
}

/**
 * Column classifications of one table file as an aligned table.
 *
 * @example
 * formatColumnsTable('客户.csv', columns) // 'COLUMN  HEADER  FIELD  TYPE  SHARE  CONFIDENCE\n…'
 */
export function formatColumnsTable(path: string, columns: readonly ColumnClassification[]): string {
  const rows = [['#', 'HEADER', 'FIELD', 'TYPE', 'SHARE', 'CONFIDENCE', 'SAMPLED']];
  for (const c of columns) {
    rows.push([
      String(c.index + 1),
      oneLine(c.header) || '-',
      c.field ?? '-',
      c.type ?? '-',
      `${Math.round(c.share * 100)}%`,
      c.confidence.toFixed(2),
      String(c.sampled),
    ]);
  }
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => displayWidth(r[i]!))));
  const lines = rows.map((r) =>
    r
      .map((cell, i) => padCells(cell, widths[i]! + 2))
      .join('')
      .trimEnd(),
  );
  return [`${path}:`, ...lines].join('\n');
}
