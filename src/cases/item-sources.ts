/**
 * Where case items come from on the command line: JSON / JSONL files (an alert per DESIGN §5.4,
 * a trace per §5.5, complaints per §5.3, canary hits), or a row of another module's table looked
 * up by id (`alerts`, `traces`, `complaints`, `canary_hits`) when that table exists — the cases
 * module does not depend on watch or trace, so their tables are probed at run time.
 */
import { sql, type Kysely } from 'kysely';
import { InputError, NotFoundError, UsageError } from '../core/errors.ts';
import type { Schema } from '../store/schema.ts';
import { sha256Hex, type CaseItemInput, type CaseItemKind } from './case-model.ts';

/**
 * Parses a JSON document or JSON lines. Errors name the file and line, never the content.
 *
 * @example
 * parseJsonValues('{"a":1}\n{"a":2}\n', 'alerts.jsonl') // [{ value: {a:1}, line: 1 }, …]
 */
export function parseJsonValues(
  text: string,
  file: string,
): Array<{ value: Record<string, unknown>; line: number }> {
  const body = text.replace(/^\uFEFF/, '');
  const asObject = (v: unknown, line: number): Record<string, unknown> => {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) {
      throw new InputError('expected a JSON object', { file, line });
    }
    return v as Record<string, unknown>;
  };
  const trimmed = body.trim();
  if (trimmed === '') throw new InputError('the file is empty', { file });
  // A whole-file JSON document (possibly pretty-printed) first; JSON lines otherwise.
  try {
    const whole = JSON.parse(trimmed) as unknown;
    if (Array.isArray(whole)) return whole.map((v, i) => ({ value: asObject(v, 1), line: i + 1 }));
    return [{ value: asObject(whole, 1), line: 1 }];
  } catch (err) {
    if (err instanceof InputError) throw err;
  }
  const out: Array<{ value: Record<string, unknown>; line: number }> = [];
  const lines = body.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === '') continue;
    let v: unknown;
    try {
      v = JSON.parse(line);
    } catch {
      throw new InputError('not valid JSON', { file, line: i + 1 });
    }
    out.push({ value: asObject(v, i + 1), line: i + 1 });
  }
  return out;
}

function requireStrings(
  v: Record<string, unknown>,
  keys: readonly string[],
  where: { file: string; line: number },
  what: string,
): void {
  for (const k of keys) {
    if (typeof v[k] !== 'string' || (v[k] as string) === '') {
      throw new InputError(`${what}: "${k}" must be a non-empty string`, where);
    }
  }
}

/** A content-derived ref for items that carry no id of their own. */
function contentRef(prefix: string, v: unknown): string {
  return `${prefix}-${sha256Hex(JSON.stringify(v)).slice(0, 12)}`;
}

/**
 * Turns a file's JSON values into items of `kind`, checking each has the members its contract
 * requires. `ref` overrides the ref (only for a single value).
 *
 * @example
 * itemsFromFile('alert', readFileSync('alerts.jsonl', 'utf8'), 'alerts.jsonl')
 */
export function itemsFromFile(
  kind: CaseItemKind,
  text: string,
  file: string,
  ref?: string,
): CaseItemInput[] {
  const values = parseJsonValues(text, file);
  if (ref !== undefined && values.length !== 1) {
    throw new UsageError(`--ref: ${file} holds ${values.length} items; --ref names one`);
  }
  return values.map(({ value, line }) => {
    const where = { file, line };
    let derived: string;
    switch (kind) {
      case 'alert':
        requireStrings(value, ['actor', 'day', 'kind'], where, 'alert');
        if (!Array.isArray(value['reasons'])) {
          throw new InputError('alert: "reasons" must be an array', where);
        }
        derived =
          typeof value['id'] === 'string' || typeof value['alert_id'] === 'string'
            ? String(value['alert_id'] ?? value['id'])
            : `${String(value['actor'])}/${String(value['day'])}/${String(value['kind'])}`;
        break;
      case 'trace':
        if (typeof value['rows'] !== 'number' || !Array.isArray(value['suspects'])) {
          throw new InputError('trace: expected "rows" (number) and "suspects" (array)', where);
        }
        derived =
          typeof value['trace_id'] === 'string' ? value['trace_id'] : contentRef('trace', value);
        break;
      case 'complaint':
        if (typeof value['ts'] !== 'string') {
          throw new InputError('complaint: "ts" must be a string', where);
        }
        if (typeof value['customer'] !== 'string' && typeof value['phone'] !== 'string') {
          throw new InputError('complaint: needs "customer" or "phone"', where);
        }
        derived =
          typeof value['complaint_id'] === 'string'
            ? value['complaint_id']
            : contentRef('complaint', value);
        break;
      case 'canary_hit':
        derived =
          typeof value['hit_id'] === 'string' ? value['hit_id'] : contentRef('canary', value);
        break;
      case 'note':
        derived = contentRef('document', value);
        break;
    }
    return { kind, ref: ref ?? derived, snapshot: value };
  });
}

/** Tables other modules keep, by item kind: table, id column, JSON column (if any). */
const TABLES: Partial<Record<CaseItemKind, { table: string; id: string; json: string[] }>> = {
  alert: { table: 'alerts', id: 'alert_id', json: ['alert', 'result', 'json', 'body'] },
  trace: { table: 'traces', id: 'trace_id', json: ['result'] },
  complaint: { table: 'complaints', id: 'complaint_id', json: [] },
  canary_hit: { table: 'canary_hits', id: 'hit_id', json: [] },
};

/**
 * Looks an item up by id in its module's table. The snapshot is the row's JSON column when it
 * has one (a trace's §5.5 result), else the row's scalar columns, with JSON-looking text
 * columns parsed (an alert's `reasons`); blobs are left out.
 *
 * @example
 * const item = await itemFromTable(db, 'trace', 'T-20260301-1');
 */
export async function itemFromTable(
  db: Kysely<Schema>,
  kind: CaseItemKind,
  id: string,
): Promise<CaseItemInput> {
  const t = TABLES[kind];
  if (!t) throw new UsageError(`${kind} items cannot be looked up by id`);
  let rows: Array<Record<string, unknown>>;
  try {
    rows = (
      await sql<
        Record<string, unknown>
      >`select * from ${sql.table(t.table)} where ${sql.ref(t.id)} = ${id}`.execute(db)
    ).rows;
  } catch (err) {
    const msg = (err as Error).message;
    if (/no such table|does not exist|no such column/i.test(msg)) {
      throw new InputError(
        `this database has no ${t.table} table with a ${t.id} column (has that module run?)`,
      );
    }
    throw err;
  }
  const row = rows[0];
  if (!row) throw new NotFoundError(`${kind} ${id} does not exist in ${t.table}`);
  const jsonColumn = t.json.find((c) => typeof row[c] === 'string');
  let snapshot: unknown;
  if (jsonColumn) {
    try {
      snapshot = JSON.parse(row[jsonColumn] as string);
    } catch {
      throw new InputError(`${t.table} ${id}: column ${jsonColumn} is not JSON`);
    }
  } else {
    const plain: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(row)) {
      if (typeof v === 'string' && /^[[{]/.test(v)) {
        // JSON held in a text column (an alert's reasons and kinds) becomes JSON again.
        try {
          plain[k] = JSON.parse(v) as unknown;
          continue;
        } catch {
          // not JSON after all: keep the text
        }
      }
      if (v === null || ['string', 'number', 'boolean'].includes(typeof v)) plain[k] = v;
    }
    snapshot = plain;
  }
  return { kind, ref: id, snapshot };
}
