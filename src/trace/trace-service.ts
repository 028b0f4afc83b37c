/**
 * Trace over the database (DESIGN §4.6): read a leaked file, match its rows to customers and
 * canaries by blind index, read marks, load the access history before the leak was seen,
 * attribute, combine, store the result in `traces` (so a case can attach it) and return the
 * §5.5 report. Complaint traces reuse the same path with the complaining customers as the leak.
 */
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { PostgresAdapter, type Kysely } from 'kysely';
import { InputError } from '../core/errors.ts';
import type { BlindIndex, BlindIndexKind } from '../protect/blind-index.ts';
import type { Engine } from '../store/database-url.ts';
import type { Schema } from '../store/schema.ts';
import { loadAccessHistory } from './access-history.ts';
import { loadCustomerGroups } from './customer-groups.ts';
import { attribute, type Attribution } from './attribution.ts';
import { detectCanaries } from './canary-detector.ts';
import { detectMarks, type MarkFinding } from './export-marks.ts';
import { matchRecords, recordKeys, type DigestLookup } from './leak-matcher.ts';
import { readLeakFile, type LeakRecord } from './leak-records.ts';
import { NullModel } from './null-model.ts';
import { combineSuspects, type CanaryFound, type TraceReport } from './trace-report.ts';

/** What trace needs of the vault: its blind index and bulk digest lookup. */
export interface TraceVault {
  readonly blindIndex: BlindIndex;
  lookupDigests(
    db: Kysely<Schema>,
    kind: BlindIndexKind,
    digests: readonly Buffer[],
  ): Promise<Map<string, string[]>>;
}

export interface TraceOptions {
  /** When the leak was first seen (ISO-8601); accesses at or after it do not count. Default now. */
  seenAt?: string;
  createdBy?: string | null;
  now?: Date;
  /** Progress messages (rows of history loaded, phases) for a terminal. */
  onProgress?: (message: string) => void;
  /**
   * How the null model stratifies customers (docs/trace.md "Strata"): `organisation` (default)
   * by access frequency across the whole vault; `branch` within each customer's branch first —
   * the conservative reading when the leak may be a dump of one branch, at the cost of never
   * singling out a source whose work covers that whole branch.
   */
  strata?: TraceStrata;
}

/** The two null models `trace` offers (see TraceOptions.strata). */
export type TraceStrata = 'organisation' | 'branch';

/**
 * Parses a --seen-at / --since time to ISO-8601 UTC.
 *
 * @example
 * isoTime('2026-03-01', '--seen-at') // '2026-03-01T00:00:00.000Z'
 */
export function isoTime(value: string, option: string): string {
  const t = new Date(value);
  if (Number.isNaN(t.getTime())) throw new InputError(`${option} is not an ISO-8601 time`);
  return t.toISOString();
}

/** Matched customers per export (and the export's actor). */
async function exportOverlap(
  db: Kysely<Schema>,
  customerIds: readonly string[],
): Promise<Map<string, { actor: string; count: number }>> {
  const out = new Map<string, { actor: string; count: number }>();
  for (let i = 0; i < customerIds.length; i += 500) {
    const rows = await db
      .selectFrom('export_rows')
      .innerJoin('exports', 'exports.export_id', 'export_rows.export_id')
      .select(['export_rows.export_id as export_id', 'exports.actor as actor'])
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .where('export_rows.customer_id', 'in', customerIds.slice(i, i + 500))
      .groupBy(['export_rows.export_id', 'exports.actor'])
      .execute();
    for (const r of rows) {
      const e = out.get(r.export_id) ?? { actor: r.actor, count: 0 };
      e.count += Number(r.n);
      out.set(r.export_id, e);
    }
  }
  return out;
}

/**
 * The actor's export that carried most of the leak, when it carried at least half of the
 * leaked customers the actor accessed.
 */
function exportPicker(
  overlap: Map<string, { actor: string; count: number }>,
): (actor: string, k: number) => string | undefined {
  return (actor, k) => {
    let best: [string, number] | undefined;
    for (const [id, e] of overlap) {
      if (e.actor === actor && (!best || e.count > best[1])) best = [id, e.count];
    }
    return best && best[1] >= Math.max(3, 0.5 * k) ? best[0] : undefined;
  };
}

/** The engine behind a Kysely instance (trace streams history differently on each). */
function engineOf(db: Kysely<Schema>): Engine {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
}

async function attributeFromHistory(
  db: Kysely<Schema>,
  customers: readonly string[],
  seenAt: string,
  onProgress?: (message: string) => void,
  cutoffs?: ReadonlyMap<string, number>,
  strata: TraceStrata = 'organisation',
): Promise<{ attribution: Attribution; model: NullModel }> {
  onProgress?.('loading access history');
  const index = await loadAccessHistory(
    db,
    seenAt,
    (n) => onProgress?.(`access history: ${n.toLocaleString('en')} rows`),
    engineOf(db),
    cutoffs !== undefined,
  );
  if (strata === 'branch') onProgress?.('reading branches');
  const groupOf = strata === 'branch' ? await loadCustomerGroups(db, index) : undefined;
  onProgress?.('building strata');
  const model = NullModel.build(index, groupOf ? { groupOf } : {});
  onProgress?.('testing actors');
  return {
    attribution: attribute(model, customers, cutoffs !== undefined ? { cutoffs } : {}),
    model,
  };
}

async function store(
  db: Kysely<Schema>,
  report: TraceReport,
  subject: string,
  subjectSha256: string | null,
  options: TraceOptions,
  now: Date,
): Promise<void> {
  await db
    .insertInto('traces')
    .values({
      trace_id: report.trace_id,
      kind: report.kind,
      subject,
      subject_sha256: subjectSha256,
      seen_at: report.seen_at,
      created_at: now.toISOString(),
      created_by: options.createdBy ?? null,
      result: JSON.stringify(report),
    })
    .execute();
}

/**
 * Traces leaked records (already read). Stores and returns the report.
 *
 * @example
 * const report = await traceRecords(db, vault, records, { seenAt: '2026-03-01T00:00:00Z' }, 'leak.csv');
 */
export async function traceRecords(
  db: Kysely<Schema>,
  vault: TraceVault,
  records: readonly LeakRecord[],
  options: TraceOptions,
  subject: { name: string; sha256: string | null },
): Promise<TraceReport> {
  const now = options.now ?? new Date();
  const seenAt =
    options.seenAt !== undefined ? isoTime(options.seenAt, '--seen-at') : now.toISOString();
  options.onProgress?.('matching rows');
  const keys = records.map((r) => recordKeys(r, vault.blindIndex));
  const canaries = await detectCanaries(db, records, keys);
  const canaryRows = new Set(canaries.map((c) => c.row));
  const lookup: DigestLookup = {
    lookup: (kind, digests) => vault.lookupDigests(db, kind, digests),
  };
  const { ids } = await matchRecords(records, vault.blindIndex, lookup, keys);
  records.forEach((r, i) => {
    if (canaryRows.has(r.row)) ids[i] = null;
  });
  const matchedIds = [...new Set(ids.filter((x): x is string => x !== null))];
  const overlap = await exportOverlap(db, matchedIds);
  const marks: MarkFinding[] = await detectMarks(db, records, ids, [...overlap.keys()]);
  const { attribution, model } = await attributeFromHistory(
    db,
    matchedIds,
    seenAt,
    options.onProgress,
    undefined,
    options.strata,
  );
  const report: TraceReport = {
    rows: records.length,
    matched: matchedIds.length,
    canaries: canaries.map((c: CanaryFound) => ({ ...c })),
    suspects: combineSuspects(attribution, canaries, marks, exportPicker(overlap)),
    trace_id: `T${randomBytes(8).toString('hex')}`,
    kind: 'file',
    seen_at: seenAt,
    actors_tested: attribution.actorsTested,
    unexplained: attribution.unexplained,
    null_model: model.describe(),
    marks,
  };
  await store(db, report, subject.name, subject.sha256, options, now);
  return report;
}

/**
 * Reads and traces a leaked file.
 *
 * @example
 * const report = await traceFile(db, vault, 'leak.csv', { seenAt: '2026-03-01' });
 */
export async function traceFile(
  db: Kysely<Schema>,
  vault: TraceVault,
  path: string,
  options: TraceOptions = {},
): Promise<TraceReport> {
  let sha256: string;
  try {
    sha256 = createHash('sha256').update(readFileSync(path)).digest('hex');
  } catch (err) {
    throw new InputError(`cannot read (${(err as NodeJS.ErrnoException).code ?? 'unreadable'})`, {
      file: path,
    });
  }
  options.onProgress?.('reading the file');
  const records = await readLeakFile(path);
  return traceRecords(db, vault, records, options, { name: path, sha256 });
}

/**
 * Traces a set of customers seen together (complaining customers): the same attribution with
 * no rows to read, canaries or marks. `cutoffs` (ms, per customer id) count an access to a
 * customer only before that customer's own cut-off. Stores and returns the report.
 *
 * @example
 * const report = await traceCustomerSet(db, ['C1', 'C2'], { seenAt }, 'complaints since 2026-01-01');
 */
export async function traceCustomerSet(
  db: Kysely<Schema>,
  customers: readonly string[],
  options: TraceOptions & { rows: number; cutoffs?: ReadonlyMap<string, number> },
  subject: string,
): Promise<TraceReport> {
  const now = options.now ?? new Date();
  const seenAt = options.seenAt ?? now.toISOString();
  const unique = [...new Set(customers)];
  const overlap = await exportOverlap(db, unique);
  const { attribution, model } = await attributeFromHistory(
    db,
    unique,
    seenAt,
    options.onProgress,
    options.cutoffs,
    options.strata,
  );
  const report: TraceReport = {
    rows: options.rows,
    matched: unique.length,
    canaries: [],
    suspects: combineSuspects(attribution, [], [], exportPicker(overlap)),
    trace_id: `T${randomBytes(8).toString('hex')}`,
    kind: 'complaints',
    seen_at: seenAt,
    actors_tested: attribution.actorsTested,
    unexplained: attribution.unexplained,
    null_model: model.describe(),
    marks: [],
  };
  await store(db, report, subject, null, options, now);
  return report;
}

/**
 * A stored trace, or undefined.
 *
 * @example
 * const report = await getTrace(db, 'T0123abcd…');
 */
export async function getTrace(
  db: Kysely<Schema>,
  traceId: string,
): Promise<TraceReport | undefined> {
  const row = await db
    .selectFrom('traces')
    .select('result')
    .where('trace_id', '=', traceId)
    .executeTakeFirst();
  return row ? (JSON.parse(row.result) as TraceReport) : undefined;
}
