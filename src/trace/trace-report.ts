/**
 * The trace result (DESIGN §5.5, binding) and its readable table. Fields beyond the contract
 * are additive: `trace_id`, `kind`, `seen_at`, `actors_tested`, `unexplained`, `null_model`,
 * `marks`, per suspect `share`, `round`, `fap_access`; per canary `canary_id`, `row`.
 */
import type { Attribution } from './attribution.ts';
import type { MarkFinding } from './export-marks.ts';

/** A canary found in a leaked file. */
export interface CanaryFound {
  identity: string;
  export_id: string;
  actor: string | null;
  canary_id: string;
  /** 1-based row of the leaked file. */
  row: number;
}

/** One suspect, §5.5. */
export interface Suspect {
  actor: string;
  export_id?: string;
  matched_in_access: number;
  expected_by_chance: number;
  false_accusation_probability: number;
  /** `access_set`, `canary`, `mark:ref_code`, `mark:date_style`. */
  signals: string[];
  /** Share of matched customers this source explains (named sources). */
  share?: number;
  /** Peeling round of the access-set numbers. */
  round?: number;
  /** The access-set signal's own probability (before combining with canaries and marks). */
  fap_access?: number;
  /**
   * Actors named in the same round who had (nearly) the same leaked customers: access history
   * cannot tell them apart, so exports, canaries and marks must (additive to §5.5).
   */
  indistinguishable_from?: string[];
}

/** §5.5 output. */
export interface TraceReport {
  rows: number;
  matched: number;
  canaries: Pick<CanaryFound, 'identity' | 'export_id' | 'actor'>[] & Partial<CanaryFound>[];
  suspects: Suspect[];
  trace_id: string;
  kind: 'file' | 'complaints';
  seen_at: string;
  actors_tested: number;
  unexplained: number;
  null_model: string;
  marks: MarkFinding[];
}

/** Signals and their probabilities gathered per actor before combining. */
interface Evidence {
  suspect: Suspect;
  probabilities: number[];
}

/**
 * Combines access-set attribution, canaries and marks into suspects sorted by p ascending.
 * An actor's false-accusation probability is the smallest of its signals' probabilities times
 * the number of signals it has (Bonferroni across signals); a canary's is 0 — a synthetic
 * identity minted for one export exists nowhere else.
 *
 * @example
 * const suspects = combineSuspects(attribution, canaries, marks, overlap);
 */
export function combineSuspects(
  attribution: Attribution,
  canaries: readonly CanaryFound[],
  marks: readonly MarkFinding[],
  exportOf: (actor: string, k: number) => string | undefined,
): Suspect[] {
  const byActor = new Map<string, Evidence>();
  const evidence = (actor: string): Evidence => {
    let e = byActor.get(actor);
    if (!e) {
      e = {
        suspect: {
          actor,
          matched_in_access: 0,
          expected_by_chance: 0,
          false_accusation_probability: 1,
          signals: [],
        },
        probabilities: [],
      };
      byActor.set(actor, e);
    }
    return e;
  };
  for (const t of [...attribution.sources, ...attribution.others]) {
    const e = evidence(t.actor);
    e.suspect.matched_in_access = t.k;
    e.suspect.expected_by_chance = t.expected;
    e.suspect.round = t.round;
    e.suspect.fap_access = t.fap;
    if (t.share !== undefined) e.suspect.share = t.share;
    if (t.indistinguishableFrom) e.suspect.indistinguishable_from = t.indistinguishableFrom;
    e.suspect.signals.push('access_set');
    e.probabilities.push(t.fap);
    const exportId = exportOf(t.actor, t.k);
    if (exportId !== undefined) e.suspect.export_id = exportId;
  }
  for (const c of canaries) {
    if (c.actor === null) continue;
    const e = evidence(c.actor);
    if (!e.suspect.signals.includes('canary')) {
      e.suspect.signals.push('canary');
      e.probabilities.push(0);
    }
    e.suspect.export_id = c.export_id;
  }
  for (const m of marks) {
    if (m.fap >= 0.01) continue;
    const e = evidence(m.actor);
    const signal = `mark:${m.scheme}`;
    if (!e.suspect.signals.includes(signal)) {
      e.suspect.signals.push(signal);
      e.probabilities.push(m.fap);
    }
    e.suspect.export_id ??= m.export_id;
  }
  const out: Suspect[] = [];
  for (const { suspect, probabilities } of byActor.values()) {
    const min = Math.min(...probabilities);
    suspect.false_accusation_probability = Math.min(1, min * probabilities.length);
    out.push(suspect);
  }
  return out.sort(
    (a, b) =>
      a.false_accusation_probability - b.false_accusation_probability ||
      (a.fap_access ?? 1) - (b.fap_access ?? 1) ||
      b.matched_in_access - a.matched_in_access ||
      (a.actor < b.actor ? -1 : 1),
  );
}

function fmtP(p: number): string {
  if (p === 0) return '0';
  if (p >= 0.01) return p.toFixed(2);
  return p.toExponential(1);
}

function pad(s: string, n: number): string {
  return s.length >= n ? s : s + ' '.repeat(n - s.length);
}

/**
 * The report as a table for people.
 *
 * @example
 * process.stdout.write(renderTraceTable(report));
 */
export function renderTraceTable(report: TraceReport): string {
  const lines = [
    `trace ${report.trace_id}: ${report.rows} rows, ${report.matched} matched customers, ` +
      `${report.canaries.length} canaries, seen at ${report.seen_at}, ${report.actors_tested} actors tested`,
  ];
  for (const c of report.canaries) {
    lines.push(`canary ${c.identity} → export ${c.export_id} (${c.actor ?? 'unknown actor'})`);
  }
  lines.push(
    `${pad('ACTOR', 14)} ${pad('EXPORT', 22)} ${pad('K', 7)} ${pad('EXPECTED', 10)} ${pad('FAP', 9)} ${pad('SHARE', 6)} SIGNALS`,
  );
  for (const s of report.suspects.slice(0, 20)) {
    lines.push(
      `${pad(s.actor, 14)} ${pad(s.export_id ?? '-', 22)} ${pad(String(s.matched_in_access), 7)} ` +
        `${pad(s.expected_by_chance.toFixed(1), 10)} ${pad(fmtP(s.false_accusation_probability), 9)} ` +
        `${pad(s.share !== undefined ? s.share.toFixed(2) : '-', 6)} ${s.signals.join(',')}`,
    );
  }
  for (const s of report.suspects) {
    if (s.indistinguishable_from && s.indistinguishable_from.length > 0) {
      lines.push(
        `note: ${s.actor} had nearly the same leaked customers as ${s.indistinguishable_from.join(', ')}; ` +
          'access history cannot tell them apart — weigh exports, canaries and marks',
      );
    }
  }
  if (report.suspects.length === 0) lines.push('(no actor accessed the leaked customers)');
  lines.push(`unexplained matched customers: ${report.unexplained}`);
  return `${lines.join('\n')}\n`;
}
