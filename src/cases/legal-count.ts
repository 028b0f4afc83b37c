/**
 * Counts the records a suspect obtained, by category of 法释〔2017〕10号 art. 5, from their access
 * entries (the exact audit entries an evidence bundle carries, so a verifier recomputes the same
 * numbers offline).
 *
 * A record is one customer. Each customer counts once, in the most sensitive category among the
 * fields the suspect obtained about them across all entries — counting one person in several
 * categories would inflate the total, and the most sensitive category is the one the
 * interpretation's thresholds protect. The combined ratio (art. 5 (六)) sums count / threshold
 * over the categories.
 */
import {
  LEGAL_CATEGORIES,
  categoryOf,
  thresholdsOf,
  type LegalCategory,
  type LegalConfig,
} from './legal-categories.ts';

/** Severity reached: below the threshold, 情节严重, or 情节特别严重. */
export type LegalLevel = 'below' | 'serious' | 'especially_serious';

/** One category's line. */
export interface CategoryCount {
  category: LegalCategory;
  /** Distinct customers counted in this category. */
  records: number;
  /** 情节严重 threshold after halving (if obtained in duty). */
  serious: number;
  /** 情节特别严重 threshold (10×). */
  especially_serious: number;
  level: LegalLevel;
}

/** The whole count, as carried in the evidence bundle's `legal` part. */
export interface LegalAssessment {
  config: LegalConfig;
  /** Access entries that counted (allowed, by the suspect, with a counted action). */
  entries_counted: number;
  /** Distinct customers obtained. */
  customers: number;
  /** Fields obtained (union), sorted. */
  fields: string[];
  by_category: CategoryCount[];
  /** Σ records / serious threshold (art. 5 (六)); ≥ 1 is serious, ≥ 10 especially serious. */
  combined_ratio: number;
  level: LegalLevel;
}

/** The members of an access audit entry the count reads. */
export interface CountableEntry {
  type?: unknown;
  actor?: unknown;
  action?: unknown;
  decision?: unknown;
  customers?: unknown;
  fields?: unknown;
}

function levelOf(ratio: number): LegalLevel {
  if (ratio >= 10) return 'especially_serious';
  if (ratio >= 1) return 'serious';
  return 'below';
}

/**
 * Counts distinct customers × category over the suspect's allowed access entries.
 *
 * @example
 * const a = countLegalCategories(
 *   [{ type: 'access', actor: 'S1', action: 'export', decision: 'allow', customers: ['C1'], fields: ['name', 'premium'] }],
 *   'S1', DEFAULT_LEGAL_CONFIG);
 * a.by_category.find((c) => c.category === 'transaction')?.records // 1
 */
export function countLegalCategories(
  entries: Iterable<CountableEntry>,
  suspect: string,
  config: LegalConfig,
): LegalAssessment {
  const rank = new Map(LEGAL_CATEGORIES.map((c, i) => [c, i]));
  const best = new Map<string, number>(); // customer → lowest category rank
  const fieldsSeen = new Set<string>();
  const actions = new Set(config.actions);
  let counted = 0;
  for (const e of entries) {
    if (e.type !== 'access' || e.actor !== suspect) continue;
    if (e.decision !== undefined && e.decision !== 'allow') continue;
    if (typeof e.action !== 'string' || !actions.has(e.action)) continue;
    if (!Array.isArray(e.customers)) continue;
    const fields =
      Array.isArray(e.fields) && e.fields.length > 0
        ? e.fields.filter((f): f is string => typeof f === 'string' && f !== 'customer_id')
        : config.default_fields;
    if (fields.length === 0) continue;
    counted++;
    let entryRank = LEGAL_CATEGORIES.length - 1;
    for (const f of fields) {
      fieldsSeen.add(f);
      entryRank = Math.min(entryRank, rank.get(categoryOf(f, config))!);
    }
    for (const c of e.customers) {
      if (typeof c !== 'string') continue;
      const prev = best.get(c);
      if (prev === undefined || entryRank < prev) best.set(c, entryRank);
    }
  }
  const perCategory = new Array<number>(LEGAL_CATEGORIES.length).fill(0);
  for (const r of best.values()) perCategory[r]!++;
  let combined = 0;
  const byCategory = LEGAL_CATEGORIES.map((category, i): CategoryCount => {
    const records = perCategory[i]!;
    const t = thresholdsOf(category, config.obtained_in_duty);
    combined += records / t.serious;
    return {
      category,
      records,
      serious: t.serious,
      especially_serious: t.especiallySerious,
      level: levelOf(records / t.serious),
    };
  });
  // Rounded so the JSON is stable across platforms' float printing of long sums.
  const combinedRatio = Math.round(combined * 1e6) / 1e6;
  return {
    config,
    entries_counted: counted,
    customers: best.size,
    fields: [...fieldsSeen].sort(),
    by_category: byCategory,
    combined_ratio: combinedRatio,
    level: levelOf(combinedRatio),
  };
}
