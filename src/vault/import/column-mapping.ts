/**
 * Which customer field each column of a customers file fills, and how that was decided — the
 * mapping `import customers` prints before it writes anything:
 *
 * 1. `--map COL=FIELD` (COL: a header name or a 1-based column number) — always wins;
 * 2. the header name (DESIGN §5.3 names in Chinese or English, detect/column-names.ts, plus the
 *    branch names below);
 * 3. the content: the detection engine's column classifier on the sampled cells (for columns
 *    whose header says nothing, or files without a header).
 *
 * Columns that map to nothing piguard knows are kept, encrypted, in `extra` under their header
 * (DESIGN §5.3: unknown columns are kept); so are columns whose header names PI the vault has no
 * column for (bank card, QQ, …) and second columns for a field already taken.
 */
import { CUSTOMER_FIELDS, type CustomerField } from '../../core/customer.ts';
import type { EntityType } from '../../core/entity-types.ts';
import { UsageError } from '../../core/errors.ts';
import { classifyColumns } from '../../detect/column-classifier.ts';
import { fieldForHeader } from '../../detect/column-names.ts';
import { foldWidth } from '../../detect/prepared-text.ts';

/** Where a column goes: a customer field (`extra` = kept encrypted as is), or `skip`. */
export type ColumnTarget = CustomerField | 'skip';

/** How the target was decided. */
export type MappingSource = 'map' | 'header' | 'content' | 'unknown' | 'duplicate';

export interface ColumnMapping {
  /** 0-based column index. */
  index: number;
  header: string;
  target: ColumnTarget;
  source: MappingSource;
  /** A few words on the decision (entity type and share for content; the field for extras). */
  detail?: string;
}

/** Header names of the branch (机构) column, compared like column-names.ts does. */
const BRANCH_NAMES = new Set([
  '机构',
  '分支机构',
  '所属机构',
  '归属机构',
  '营业部',
  '分公司',
  '网点',
  'branch',
  'branchcode',
  'branchid',
  'org',
]);

/** Entity types the content classifier may name, and the customer field each fills. */
const FIELD_BY_TYPE: Partial<Record<EntityType, CustomerField>> = {
  PERSON_NAME: 'name',
  DATE_OF_BIRTH: 'birth_date',
  PHONE_NUMBER: 'phone',
  CN_RESIDENT_ID: 'id_number',
  EMAIL_ADDRESS: 'email',
  ADDRESS: 'address',
};

/** Content classification must be at least this confident to name a column's field. */
const MIN_CONTENT_CONFIDENCE = 0.5;

function normaliseName(name: string): string {
  return foldWidth(name)
    .toLowerCase()
    .replace(/[\s_\-.:：()（）#*]/g, '');
}

function isTarget(s: string): s is ColumnTarget {
  return s === 'skip' || (CUSTOMER_FIELDS as readonly string[]).includes(s);
}

/** Parses `--map` values (`COL=FIELD`) into column index → target. */
function parseOverrides(
  headers: readonly string[],
  maps: readonly string[],
): Map<number, ColumnTarget> {
  const out = new Map<number, ColumnTarget>();
  for (const m of maps) {
    const eq = m.lastIndexOf('=');
    if (eq <= 0 || eq === m.length - 1) {
      throw new UsageError(`--map ${JSON.stringify(m)}: expected COL=FIELD`);
    }
    const col = m.slice(0, eq).trim();
    const field = m.slice(eq + 1).trim();
    if (!isTarget(field)) {
      throw new UsageError(
        `--map ${JSON.stringify(m)}: unknown field ${JSON.stringify(field)} (one of ${[...CUSTOMER_FIELDS, 'skip'].join(', ')})`,
      );
    }
    let index = headers.findIndex((h) => h === col);
    if (index < 0) index = headers.findIndex((h) => normaliseName(h) === normaliseName(col));
    if (index < 0 && /^\d+$/.test(col) && Number(col) >= 1 && Number(col) <= headers.length) {
      index = Number(col) - 1;
    }
    if (index < 0) {
      throw new UsageError(
        `--map ${JSON.stringify(m)}: no column ${JSON.stringify(col)} in the file`,
      );
    }
    out.set(index, field);
  }
  return out;
}

/**
 * Maps every column of a file. `sample` are the first data rows (for content classification).
 *
 * @example
 * mapColumns(['客户编号', '手机', '备注'], [['C1', '13800138000', '']], [])
 * // [{ index: 0, target: 'customer_id', source: 'header' }, { …target: 'phone'… }, { …target: 'extra', source: 'unknown' }]
 */
export function mapColumns(
  headers: readonly string[],
  sample: readonly (readonly string[])[],
  maps: readonly string[],
): ColumnMapping[] {
  const overrides = parseOverrides(headers, maps);
  const out: ColumnMapping[] = headers.map((header, index) => ({
    index,
    header,
    target: 'extra',
    source: 'unknown',
  }));
  const taken = new Set<ColumnTarget>();
  const assign = (
    m: ColumnMapping,
    target: ColumnTarget,
    source: MappingSource,
    detail?: string,
  ): void => {
    if (target !== 'extra' && target !== 'skip' && taken.has(target)) {
      m.target = 'extra';
      m.source = 'duplicate';
      m.detail = `${target} already mapped from another column`;
      return;
    }
    m.target = target;
    m.source = source;
    if (detail !== undefined) m.detail = detail;
    if (target !== 'extra' && target !== 'skip') taken.add(target);
  };

  for (const [index, target] of overrides) assign(out[index]!, target, 'map');

  const unresolved: ColumnMapping[] = [];
  for (const m of out) {
    if (overrides.has(m.index)) continue;
    const known = fieldForHeader(m.header);
    if (known && (CUSTOMER_FIELDS as readonly string[]).includes(known.field)) {
      assign(m, known.field as CustomerField, 'header');
    } else if (BRANCH_NAMES.has(normaliseName(m.header))) {
      assign(m, 'branch', 'header');
    } else if (known) {
      assign(m, 'extra', 'header', `${known.field}, kept encrypted in extra`);
    } else {
      unresolved.push(m);
    }
  }

  if (unresolved.length > 0 && sample.length > 0) {
    const table = {
      headers: unresolved.map((m) => m.header),
      rows: sample.map((row) => unresolved.map((m) => row[m.index] ?? '')),
    };
    const classes = classifyColumns(table);
    classes.forEach((c, i) => {
      const m = unresolved[i]!;
      const field = c.type ? FIELD_BY_TYPE[c.type] : undefined;
      if (field && c.confidence >= MIN_CONTENT_CONFIDENCE) {
        assign(
          m,
          field,
          'content',
          `${c.type}, ${Math.round(c.share * 100)}% of ${c.sampled} cells`,
        );
      } else if (c.type) {
        m.detail = `${c.type}, kept encrypted in extra`;
      }
    });
  }
  return out;
}

/**
 * The mapping as printed before an import (no values, only headers and decisions).
 *
 * @example
 * formatMapping(mapping) // ['  客户编号 → customer_id (header name)', …]
 */
export function formatMapping(mapping: readonly ColumnMapping[]): string[] {
  const how: Record<MappingSource, string> = {
    map: '--map',
    header: 'header name',
    content: 'content classification',
    unknown: 'not recognised, kept encrypted in extra',
    duplicate: 'duplicate, kept encrypted in extra',
  };
  return mapping.map((m) => {
    const name = m.header === '' ? `column ${m.index + 1}` : `${m.header} (column ${m.index + 1})`;
    const detail = m.detail !== undefined ? `: ${m.detail}` : '';
    return `  ${name} → ${m.target} (${how[m.source]}${detail})`;
  });
}
