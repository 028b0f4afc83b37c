/**
 * Export marks (DESIGN §4.6): per-export keyed marks that survive ordinary handling, and the
 * keyed detector that reads them back. Two schemes, both keyed by a random 32-byte key per
 * export (kept in `export_marks`, never in the file):
 *
 * - `ref_code` — a 参考编号 column: 4 characters of export serial + 6 characters of
 *   HMAC-SHA-256(key, customer id), Crockford base-32 (30 bits). It looks like any CRM
 *   reference; it survives sorting, cutting rows, re-encoding and column reordering.
 *   Detector: a code with a known serial whose tag equals the HMAC for the customer the row
 *   matched. Null model: a file not derived from that export carries a right tag for a row
 *   with probability ≤ 2⁻³⁰, so v verified codes among n rows have P ≤ (n·2⁻³⁰)^v.
 * - `date_style` — each ISO date cell (birth date, start date) is rendered in one of four
 *   equivalent forms (2024-03-05, 2024/03/05, 2024-3-5, 2024/3/5) chosen by
 *   HMAC(key, customer id, date). The date itself never changes. Detector: among rows matched
 *   to the export's customers whose date is written in one of the four forms, count agreement
 *   with the keyed choice. Null: agreement with probability 1/4 per date, independently
 *   (the key is secret), so P(X ≥ agree) is a binomial tail (Chernoff bound).
 *
 * Every mark FAP is multiplied by the number of exports tested (Bonferroni). The stated false-
 * positive rate of the detector is this FAP: a mark is reported only below 1e-6.
 */
import { createHmac, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Schema } from '../store/schema.ts';
import type { ExportContext, ExportDecorator, ExportRow } from '../vault/export-decorator.ts';
import type { LeakRecord } from './leak-records.ts';
import { logUpperTail } from './tail-bound.ts';
import { parseWrittenDate } from './written-date.ts';

/** Crockford base-32 (no I, L, O, U). */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
/** The column the reference code is written to. */
export const REF_CODE_COLUMN = 'ref_code';
/** Columns whose ISO dates get a keyed rendering. */
const DATE_COLUMNS = ['birth_date', 'start_date'];
/** Reported only below this false-accusation probability. */
export const MARK_REPORT_THRESHOLD = 1e-6;
const TAG_BITS = 30;
const REF_CODE = /(?<![0-9A-Z])([0-9A-HJKMNP-TV-Z]{4})([0-9A-HJKMNP-TV-Z]{6})(?![0-9A-Z])/g;

function base32(bytes: Buffer, length: number): string {
  let out = '';
  let acc = 0;
  let bits = 0;
  for (const b of bytes) {
    acc = (acc << 8) | b;
    bits += 8;
    while (bits >= 5 && out.length < length) {
      out += ALPHABET[(acc >>> (bits - 5)) & 31];
      bits -= 5;
    }
    acc &= (1 << bits) - 1;
    if (out.length >= length) break;
  }
  return out;
}

function rowKey(row: ExportRow): string {
  return row.customerId ?? `row\u0000${JSON.stringify(row.cells)}`;
}

/**
 * The 6-character tag of a customer under an export's key.
 *
 * @example
 * refTag(key, 'C0000001') // e.g. '7K3QX9'
 */
export function refTag(key: Buffer, customerKey: string): string {
  return base32(createHmac('sha256', key).update(`ref\u0000${customerKey}`).digest(), 6);
}

/** The keyed rendering (0–3) of a date for a customer. */
export function dateStyle(key: Buffer, customerKey: string, iso: string): number {
  return createHmac('sha256', key).update(`date\u0000${customerKey}\u0000${iso}`).digest()[0]! & 3;
}

/**
 * One of the four renderings of an ISO date.
 *
 * @example
 * renderDate('2024-03-05', 3) // '2024/3/5'
 */
export function renderDate(iso: string, style: number): string {
  const [y, m, d] = iso.split('-') as [string, string, string];
  const sep = style & 1 ? '/' : '-';
  return style & 2 ? `${y}${sep}${Number(m)}${sep}${Number(d)}` : `${y}${sep}${m}${sep}${d}`;
}

/** The rendering style of a written date, or undefined when it is none of the four. */
export function styleOfWritten(written: string): number | undefined {
  const m = /^(\d{4})([-/])(\d{1,2})\2(\d{1,2})$/.exec(written.trim());
  if (!m) return undefined;
  const [mo, d] = [m[3]!, m[4]!];
  const sepBit = m[2] === '/' ? 1 : 0;
  const padded = mo.length === 2 && d.length === 2 && (mo.startsWith('0') || d.startsWith('0'));
  const unpadded = !mo.startsWith('0') && !d.startsWith('0') && (mo.length === 1 || d.length === 1);
  if (padded) return sepBit;
  if (unpadded) return sepBit | 2;
  // 2024-11-12 reads the same padded or not: not informative.
  return undefined;
}

/**
 * The mark decorator: gives each export a serial and key, writes `ref_code`, renders dates.
 *
 * @example
 * registerExportDecorator(new MarkDecorator());
 */
export class MarkDecorator implements ExportDecorator {
  readonly name = 'marks';
  readonly #now: () => Date;

  constructor(options: { now?: () => Date } = {}) {
    this.#now = options.now ?? (() => new Date());
  }

  async decorate(context: ExportContext): Promise<{ columns: string[]; rows: ExportRow[] }> {
    const { trx, exportId, rows } = context;
    const key = randomBytes(32);
    const serial = await freshSerial(trx);
    const dateColumns = context.columns.filter(
      (c) =>
        DATE_COLUMNS.includes(c) && rows.some((r) => /^\d{4}-\d{2}-\d{2}$/.test(r.cells[c] ?? '')),
    );
    const schemes = ['ref_code', ...(dateColumns.length > 0 ? ['date_style'] : [])];
    const columns = context.columns.includes(REF_CODE_COLUMN)
      ? context.columns
      : [...context.columns, REF_CODE_COLUMN];
    const out = rows.map((row) => {
      const k = rowKey(row);
      const cells: Record<string, string> = {
        ...row.cells,
        [REF_CODE_COLUMN]: serial + refTag(key, k),
      };
      for (const c of dateColumns) {
        const v = cells[c] ?? '';
        if (/^\d{4}-\d{2}-\d{2}$/.test(v)) cells[c] = renderDate(v, dateStyle(key, k, v));
      }
      return { customerId: row.customerId, cells };
    });
    await trx
      .insertInto('export_marks')
      .values({
        export_id: exportId,
        serial,
        mark_key: key,
        schemes: JSON.stringify(schemes),
        actor: context.actor,
        created_at: this.#now().toISOString(),
      })
      .execute();
    return { columns, rows: out };
  }
}

async function freshSerial(trx: Kysely<Schema>): Promise<string> {
  for (;;) {
    const serial = base32(randomBytes(4), 4);
    const taken = await trx
      .selectFrom('export_marks')
      .select('serial')
      .where('serial', '=', serial)
      .executeTakeFirst();
    if (!taken) return serial;
  }
}

/** A mark found in a leaked file. */
export interface MarkFinding {
  export_id: string;
  actor: string;
  scheme: 'ref_code' | 'date_style';
  /** Codes verified / dates agreeing with the keyed rendering. */
  agreeing: number;
  /** Codes seen with the export's serial / dates tested. */
  tested: number;
  /** False-accusation probability (Bonferroni over exports tested). */
  fap: number;
}

/**
 * Reads marks back from a leaked file's records (`matched[i]` = the customer record i matched,
 * or null). `candidates` are the exports that share customers with the leak.
 *
 * @example
 * const marks = await detectMarks(db, records, matched, ['E1', 'E2']);
 */
export async function detectMarks(
  db: Kysely<Schema>,
  records: readonly LeakRecord[],
  matched: readonly (string | null)[],
  candidates: readonly string[],
): Promise<MarkFinding[]> {
  const findings: MarkFinding[] = [];
  // ref_code: find codes anywhere in the rows.
  const codes: { row: number; serial: string; tag: string }[] = [];
  records.forEach((r, i) => {
    for (const cell of r.cells) {
      for (const m of cell.toUpperCase().matchAll(REF_CODE)) {
        codes.push({ row: i, serial: m[1]!, tag: m[2]! });
      }
    }
  });
  const serials = [...new Set(codes.map((c) => c.serial))];
  const marks = new Map<string, Schema['export_marks']>();
  for (let i = 0; i < serials.length; i += 500) {
    const rows = await db
      .selectFrom('export_marks')
      .selectAll()
      .where('serial', 'in', serials.slice(i, i + 500))
      .execute();
    for (const r of rows) marks.set(r.serial, r);
  }
  const candidateMarks = new Map<string, Schema['export_marks']>();
  for (let i = 0; i < candidates.length; i += 500) {
    const rows = await db
      .selectFrom('export_marks')
      .selectAll()
      .where('export_id', 'in', candidates.slice(i, i + 500))
      .execute();
    for (const r of rows) candidateMarks.set(r.export_id, r);
  }
  const tested = Math.max(1, marks.size + candidateMarks.size);
  const n = Math.max(1, records.length);
  const bySerial = new Map<string, { seen: number; verified: number }>();
  for (const c of codes) {
    const mark = marks.get(c.serial);
    if (!mark) continue;
    const s = bySerial.get(c.serial) ?? { seen: 0, verified: 0 };
    s.seen++;
    const id = matched[c.row];
    if (id && refTag(Buffer.from(mark.mark_key), id) === c.tag) s.verified++;
    bySerial.set(c.serial, s);
  }
  for (const [serial, s] of bySerial) {
    if (s.verified === 0) continue;
    const mark = marks.get(serial)!;
    const logP = s.verified * (Math.log(n) - TAG_BITS * Math.LN2);
    const fap = Math.min(1, tested * Math.exp(Math.min(0, logP)));
    findings.push({
      export_id: mark.export_id,
      actor: mark.actor,
      scheme: 'ref_code',
      agreeing: s.verified,
      tested: s.seen,
      fap,
    });
  }
  // date_style: per candidate export with the scheme.
  for (const mark of candidateMarks.values()) {
    if (!(JSON.parse(mark.schemes) as string[]).includes('date_style')) continue;
    const key = Buffer.from(mark.mark_key);
    let trials = 0;
    let agree = 0;
    records.forEach((r, i) => {
      const id = matched[i];
      if (!id) return;
      for (const cell of r.cells) {
        const style = styleOfWritten(cell);
        if (style === undefined) continue;
        const iso = parseWrittenDate(cell);
        if (iso === undefined) continue;
        trials++;
        if (dateStyle(key, id, iso) === style) agree++;
      }
    });
    if (trials < 8) continue;
    const logP = logUpperTail({ p: [0.25], count: [trials], length: 1 }, agree);
    const fap = Math.min(1, tested * Math.exp(logP));
    if (fap < 0.01) {
      findings.push({
        export_id: mark.export_id,
        actor: mark.actor,
        scheme: 'date_style',
        agreeing: agree,
        tested: trials,
        fap,
      });
    }
  }
  return findings.sort((a, b) => a.fap - b.fap);
}
