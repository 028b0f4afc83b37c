/**
 * Gathers what a case's report and evidence bundle are made of: the case, the suspect's access
 * entries and the case's own history entries (exact leaf bytes from the audit log), and the
 * legal-threshold count over those entries. Read-only.
 */
import type { Kysely } from 'kysely';
import type { AuditLog } from '../audit/audit-log.ts';
import type { Schema } from '../store/schema.ts';
import type { CaseDetail } from './case-model.ts';
import type { CaseStore } from './case-store.ts';
import type { LegalConfig } from './legal-categories.ts';
import { countLegalCategories, type CountableEntry, type LegalAssessment } from './legal-count.ts';

/** Audit entries read per query (keeps IN lists well below parameter limits). */
const ENTRIES_PER_QUERY = 1000;

/** One audit entry with its parsed body. */
export interface FactEntry {
  index: number;
  bytes: Buffer;
  body: CountableEntry & Record<string, unknown>;
}

/** Everything a report or bundle says about a case. */
export interface CaseFacts {
  detail: CaseDetail;
  /** The suspect's access entries, by index. */
  accessEntries: FactEntry[];
  /** The entries of this case's history, by index. */
  caseEntries: FactEntry[];
  legal: LegalAssessment;
}

/**
 * Reads the entries at `indexes` (any order, no duplicates needed) from the log.
 *
 * @example
 * const entries = await readEntries(log.db, log.logId, [3, 17]);
 */
export async function readEntries(
  db: Kysely<Schema>,
  logId: number,
  indexes: readonly number[],
): Promise<FactEntry[]> {
  const sorted = [...new Set(indexes)].sort((a, b) => a - b);
  const out: FactEntry[] = [];
  for (let i = 0; i < sorted.length; i += ENTRIES_PER_QUERY) {
    const chunk = sorted.slice(i, i + ENTRIES_PER_QUERY);
    const rows = await db
      .selectFrom('audit_entries')
      .select(['idx', 'entry'])
      .where('log_id', '=', logId)
      .where('idx', 'in', chunk)
      .orderBy('idx')
      .execute();
    for (const r of rows) {
      out.push({
        index: Number(r.idx),
        bytes: r.entry,
        body: JSON.parse(r.entry.toString('utf8')) as FactEntry['body'],
      });
    }
  }
  return out;
}

/**
 * Collects a case's facts under the given legal mapping.
 *
 * @example
 * const facts = await collectCaseFacts(store, 'CASE-1', DEFAULT_LEGAL_CONFIG);
 * facts.legal.level // 'serious'
 */
export async function collectCaseFacts(
  store: CaseStore,
  caseId: string,
  config: LegalConfig,
): Promise<CaseFacts> {
  const log: AuditLog = store.log;
  const detail = await store.get(caseId);
  const accessRows = await log.db
    .selectFrom('access_events')
    .select('audit_idx')
    .where('actor', '=', detail.suspect)
    .orderBy('audit_idx')
    .execute();
  // The index table is a convenience; the entry itself must say it is the suspect's access.
  const accessEntries = (
    await readEntries(
      log.db,
      log.logId,
      accessRows.map((r) => Number(r.audit_idx)),
    )
  ).filter((e) => e.body.type === 'access' && e.body.actor === detail.suspect);
  const caseEntries = await readEntries(
    log.db,
    log.logId,
    detail.history.map((h) => h.auditIdx),
  );
  const legal = countLegalCategories(
    accessEntries.map((e) => e.body),
    detail.suspect,
    config,
  );
  return { detail, accessEntries, caseEntries, legal };
}
