/**
 * What a case report or notification draft is rendered from: the same parts an evidence bundle
 * carries, taken either from a bundle (then the report states the bundle's checkpoint) or from
 * the database (a preview, before any bundle exists).
 */
import type { AuditLog } from '../audit/audit-log.ts';
import { parseCheckpoint } from '../audit/checkpoint.ts';
import type { CaseFacts } from './case-facts.ts';
import {
  casePartOf,
  itemsOf,
  keyFingerprint,
  type EvidenceBundle,
  type EvidenceCasePart,
  type EvidenceItem,
} from './evidence-bundle.ts';
import type { LegalAssessment } from './legal-count.ts';

/** Input of the renderers. */
export interface ReportSource {
  case: EvidenceCasePart;
  items: EvidenceItem[];
  legal: LegalAssessment;
  log: { origin: string; fingerprint: string };
  /** Present when rendered from a bundle. */
  bundle?: { checkpointSize: number; entries: number; created: string };
  toolVersion: string;
  generatedAt: string;
}

/**
 * @example
 * const source = reportSourceFromBundle(parseEvidenceBundle(text), '0.1.0', new Date());
 */
export function reportSourceFromBundle(
  b: EvidenceBundle,
  toolVersion: string,
  now: Date,
): ReportSource {
  const text = b.log.checkpoint.slice(0, b.log.checkpoint.lastIndexOf('\n\n') + 1);
  let size: number;
  try {
    size = parseCheckpoint(text).size;
  } catch {
    size = 0; // a report of an unverified bundle still renders; `evidence verify` judges it
  }
  return {
    case: b.case,
    items: b.items,
    legal: b.legal,
    log: { origin: b.manifest.log.origin, fingerprint: b.manifest.log.key_fingerprint },
    bundle: { checkpointSize: size, entries: b.entries.length, created: b.manifest.created },
    toolVersion,
    generatedAt: now.toISOString(),
  };
}

/**
 * @example
 * const source = await reportSourceFromFacts(facts, log, '0.1.0', new Date());
 */
export async function reportSourceFromFacts(
  facts: CaseFacts,
  log: AuditLog,
  toolVersion: string,
  now: Date,
): Promise<ReportSource> {
  const info = await log.info();
  return {
    case: casePartOf(facts.detail),
    items: itemsOf(facts.detail),
    legal: facts.legal,
    log: { origin: info.origin, fingerprint: keyFingerprint(info.verifierKey) },
    toolVersion,
    generatedAt: now.toISOString(),
  };
}
