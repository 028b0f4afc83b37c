/**
 * Column classification: what kind of personal information each column of a table holds. Two
 * kinds of evidence are combined — the header name (DESIGN §5.3 names in Chinese and English)
 * and a scan of sampled cells, each scanned as `header：cell` so the header acts as context
 * (a bare date is a date of birth only under 出生日期; a QQ number is only recognisable so).
 */
import type { EntityType } from '../core/entity-types.ts';
import { fieldForHeader } from './column-names.ts';
import { readTable, type Table } from './readers/table-reader.ts';
import type { RecognizerRegistry } from './registry.ts';
import { codePointIndexer, scanText } from './text-scanner.ts';

export interface ColumnClassification {
  /** 0-based column index. */
  index: number;
  /** Header name ('' when the table has none). */
  header: string;
  /** Canonical field the header names (`phone`, `birth_date`, `product`…), when known. */
  field?: string;
  /** Entity type the column holds, or null when it holds none that was recognised. */
  type: EntityType | null;
  /** Share of sampled non-empty cells recognised as `type` (0 when type is null). */
  share: number;
  /**
   * Confidence in [0, 1] that the column holds `type`; when `type` is null, confidence that the
   * column holds no personal information at all.
   */
  confidence: number;
  /** Non-empty cells sampled. */
  sampled: number;
}

export interface ClassifyOptions {
  /** Non-empty cells sampled per column (default 200). */
  sampleSize?: number;
  /** Share of cells a type needs to name the column on cell evidence alone (default 0.5). */
  minShare?: number;
  types?: readonly EntityType[];
  minScore?: number;
  registry?: RecognizerRegistry;
}

/** Default number of cells sampled per column. */
export const DEFAULT_SAMPLE_SIZE = 200;

/** Weight of a header name that agrees with the cells, or stands alone when they are silent. */
const HEADER_WEIGHT = 0.6;

/** A finding counts for a cell when it covers at least this share of the cell's characters. */
const MIN_COVERAGE = 0.5;

/**
 * Classifies every column of a table.
 *
 * @example
 * classifyColumns({ headers: ['姓名', '手机'], rows: [['张伟', '13800138000']] })
 * // [{ index: 0, header: '姓名', field: 'name', type: 'PERSON_NAME', ... }, { index: 1, ... }]
 */
export function classifyColumns(
  table: Table,
  options: ClassifyOptions = {},
): ColumnClassification[] {
  const width = Math.max(table.headers.length, ...table.rows.map((r) => r.length));
  const out: ColumnClassification[] = [];
  for (let index = 0; index < width; index++) {
    const header = table.headers[index] ?? '';
    const cells: string[] = [];
    for (const row of table.rows) {
      const cell = row[index]?.trim();
      if (cell) cells.push(cell);
      if (cells.length >= (options.sampleSize ?? DEFAULT_SAMPLE_SIZE)) break;
    }
    out.push(classifyColumn(index, header, cells, options));
  }
  return out;
}

function classifyColumn(
  index: number,
  header: string,
  cells: readonly string[],
  options: ClassifyOptions,
): ColumnClassification {
  const known = fieldForHeader(header);
  const headerType =
    known?.type && (!options.types || options.types.includes(known.type)) ? known.type : undefined;
  const votes = cellVotes(header, cells, options);
  const base = { index, header, ...(known ? { field: known.field } : {}), sampled: cells.length };

  let best: EntityType | undefined;
  for (const [type, v] of votes) {
    const b = best && votes.get(best)!;
    if (!b || v.count > b.count || (v.count === b.count && type === headerType)) best = type;
  }
  const n = cells.length;
  const shareOf = (t: EntityType | undefined): number =>
    t && n ? (votes.get(t)?.count ?? 0) / n : 0;
  const meanScore = (t: EntityType): number => {
    const v = votes.get(t);
    return v && v.count ? v.scoreSum / v.count : 0;
  };

  if (best && shareOf(best) >= (options.minShare ?? 0.5)) {
    let confidence = shareOf(best) * meanScore(best);
    if (headerType === best) confidence = 1 - (1 - confidence) * (1 - HEADER_WEIGHT);
    else if (headerType) confidence *= 0.8; // the header says otherwise
    return { ...base, type: best, share: round(shareOf(best)), confidence: round(confidence) };
  }
  if (headerType) {
    // The header names a PI type; cells may be unrecognisable (QQ, birth dates without context
    // support) or partly so. Cells that matched raise the confidence.
    const share = shareOf(headerType);
    const confidence = HEADER_WEIGHT * (0.5 + 0.5 * share);
    return { ...base, type: headerType, share: round(share), confidence: round(confidence) };
  }
  const maxShare = best ? shareOf(best) : 0;
  return { ...base, type: null, share: 0, confidence: round(n ? 1 - maxShare : 0.5) };
}

/** Per type: cells recognised (a finding covering most of the cell) and their score sum. */
function cellVotes(
  header: string,
  cells: readonly string[],
  options: ClassifyOptions,
): Map<EntityType, { count: number; scoreSum: number }> {
  const votes = new Map<EntityType, { count: number; scoreSum: number }>();
  if (cells.length === 0) return votes;
  // All cells of the column in one text, one `header：cell` per line: one scan per column.
  const prefix = header ? `${header}：` : '';
  const lines = cells.map((c) => prefix + c.replace(/[\r\n]+/g, ' '));
  const text = lines.join('\n');
  const starts: number[] = [];
  const ends: number[] = [];
  let at = 0;
  for (const line of lines) {
    starts.push(at + prefix.length);
    ends.push(at + line.length);
    at += line.length + 1;
  }
  const findings = scanText(text, {
    ...(options.types ? { types: options.types } : {}),
    ...(options.minScore !== undefined ? { minScore: options.minScore } : {}),
    ...(options.registry ? { registry: options.registry } : {}),
  });
  // Findings are in code points; line starts in UTF-16 units — convert the starts once.
  const toCp = codePointIndexer(text);
  const cpStarts = starts.map((x) => toCp(x));
  const cpEnds = ends.map((x) => toCp(x));
  const best = new Map<number, { type: EntityType; covered: number; score: number }>();
  let cell = 0;
  for (const f of findings) {
    while (cell < cells.length - 1 && f.start >= cpEnds[cell]!) cell++;
    if (f.start < cpStarts[cell]! || f.end > cpEnds[cell]!) continue;
    const covered = (f.end - f.start) / (cpEnds[cell]! - cpStarts[cell]!);
    const prev = best.get(cell);
    if (!prev || covered > prev.covered) best.set(cell, { type: f.type, covered, score: f.score });
  }
  for (const b of best.values()) {
    if (b.covered < MIN_COVERAGE) continue;
    const v = votes.get(b.type) ?? { count: 0, scoreSum: 0 };
    v.count++;
    v.scoreSum += b.score;
    votes.set(b.type, v);
  }
  return votes;
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

/**
 * Classifies the columns of a table file (CSV, TSV, XLSX — first sheet — or JSON lines).
 *
 * @example
 * const { columns } = await classifyFileColumns('客户.xlsx');
 */
export async function classifyFileColumns(
  path: string,
  options: ClassifyOptions = {},
): Promise<{ path: string; columns: ColumnClassification[] }> {
  const table = await readTable(path, { maxRows: options.sampleSize ?? DEFAULT_SAMPLE_SIZE });
  return { path, columns: classifyColumns(table, options) };
}
