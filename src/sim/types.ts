/**
 * Types of the synthetic organisation (`piguard sim`, issue 5): what the generator is asked for,
 * what it builds, and the truth it records about the insiders and leaks it injected.
 *
 * Consumers (watch and trace acceptance tests, the demo) rely on these shapes; change them only
 * additively.
 */
import type { AccessEvent } from '../core/access-event.ts';
import type { CustomerRecord } from '../core/customer.ts';

/** Injected insiders (what watch and trace must find). */
export const MALICIOUS_SCENARIOS = [
  'slow_exfiltration',
  'bulk_export',
  'off_hours_scraping',
  'cross_book_browsing',
  'compromised_account',
] as const;

/** Benign surprises (what watch must not alert on). */
export const BENIGN_SCENARIOS = ['renewal_campaign', 'audit', 'new_hire', 'branch_merger'] as const;

/** Every scenario kind. */
export const SCENARIO_KINDS = [...MALICIOUS_SCENARIOS, ...BENIGN_SCENARIOS] as const;

export type ScenarioKind = (typeof SCENARIO_KINDS)[number];

/** Policy role names staff map to (the default insurer policy's roles). */
export const SIM_ROLES = [
  'agent',
  'team_manager',
  'underwriter',
  'claims',
  'quality_control',
  'call_centre',
  'it_support',
] as const;

export type SimRole = (typeof SIM_ROLES)[number];

/** What to generate. Every field has a default; the same options and seed give the same output. */
export interface SimOptions {
  /** Customers (default 20,000). */
  customers?: number;
  /** Staff rows, hires and departures included (default 200). */
  staff?: number;
  /** Months of activity (default 18). */
  months?: number;
  /** PRNG seed (default 1). */
  seed?: number;
  /** First day of activity, `YYYY-MM-DD` (default '2025-01-01'). */
  start?: string;
  /**
   * Extra records a day taken by each slow exfiltrator: a fixed number, or a range each
   * exfiltrator draws from (default [80, 150], mean ≈ the 110 a day of the founding case).
   */
  exfiltratorExtraPerDay?: number | readonly [number, number];
  /** Scenario kinds to inject (default all). An empty list gives a clean organisation. */
  scenarios?: readonly ScenarioKind[];
  /** How many of each kind (default scaled to the staff size: several exfiltrators at 2,000 staff). */
  scenarioCounts?: Partial<Record<ScenarioKind, number>>;
  /**
   * For evaluating watch's first month: the first N scenarios of each malicious kind start in
   * the first 28 days of history instead of after the warm-up month (default 0: none). Every
   * other draw stays the same, so the organisation is otherwise the seed's usual one.
   */
  earlyInsiders?: number;
}

/** A customer: every field of {@link CustomerRecord} the sim fills is present. */
export interface SimCustomer extends CustomerRecord {
  customer_id: string;
  name: string;
  birth_date: string;
  phone: string;
  id_number: string;
  address: string;
  product: string;
  premium: string;
  start_date: string;
  /** Staff id of the agent whose book the customer is in. */
  agent: string;
  branch: string;
  /** 男 / 女, consistent with the ID number's sequence digit. */
  gender: '男' | '女';
}

/** A member of staff. */
export interface SimStaff {
  staff_id: string;
  /** Policy role name. */
  role: SimRole;
  /** The job title as the HR file writes it (Chinese free text: 质检专员, 业务员 …). */
  role_raw: string;
  branch: string;
  team: string;
  /** `YYYY-MM-DD`. */
  start_date: string;
  /** `YYYY-MM-DD`, last working day; absent while employed. */
  end_date?: string;
}

/** Scalar parameters of a scenario (numbers, dates, flags, lists of ids). */
export type ScenarioParams = Record<string, string | number | boolean | readonly string[]>;

/** One injected scenario. Days are `YYYY-MM-DD`, inclusive. */
export interface SimScenario {
  /** Stable id within the run, e.g. `slow_exfiltration-1`. */
  id: string;
  kind: ScenarioKind;
  /** The one actor (insider, compromised account, auditor, new hire). */
  actor?: string;
  /** Several actors (a renewal campaign's agents, a merger's moved staff). */
  actors?: readonly string[];
  branch?: string;
  start: string;
  end: string;
  /**
   * Kind-specific numbers: `extra_per_day` (slow exfiltration), `exported` (bulk export),
   * `per_night` (scraping), `per_day` (browsing, compromise), `source` (compromise), `into`
   * (merger: the absorbing branch), `ramp_days` (new hire) …
   */
  params: ScenarioParams;
}

/** Where a leaked row came from. */
export interface LeakSource {
  actor: string;
  /** Rows of the file that are this actor's customers. */
  rows: number;
}

/** Truth about one leaked file. */
export interface SimLeakTruth {
  /** Path relative to the output directory, e.g. `leaks/leak-01.csv`. */
  file: string;
  /** When the organisation first saw the file (ISO time, +08:00). */
  seen_at: string;
  sources: LeakSource[];
  /** Rows of people who are not customers of the organisation. */
  outside_rows: number;
  /** What was done to the rows: `subset`, `shuffle`, `drop_columns`, `phone_format`, … */
  transforms: string[];
  /** Total data rows. */
  rows: number;
  /** Headers of the file, in order. */
  columns: string[];
}

/** Truth about the complaints file. */
export interface SimComplaintsTruth {
  file: string;
  /** The source whose leaked list caused the wave (its buyer called the customers). */
  caused_by?: string;
  /** The leak file the wave came from. */
  leak?: string;
  /** Share of all complaints that belong to the wave. */
  share: number;
  /** Complaints in the wave / in all. */
  wave: number;
  total: number;
}

/** Everything injected, as written to `truth.json`. */
export interface SimTruth {
  seed: number;
  /** First and last simulated day. */
  start: string;
  end: string;
  scenarios: SimScenario[];
  leaks: SimLeakTruth[];
  complaints: SimComplaintsTruth;
}

/** A leaked file in memory: its truth, header and rows as they would be written. */
export interface SimLeak {
  truth: SimLeakTruth;
  headers: string[];
  rows: string[][];
  /** Per row: the org customer id it was made from, or null for an outside row. */
  customerIds: (string | null)[];
  /** Per row: the source actor it came from, or null for an outside row. */
  sourceOfRow: (string | null)[];
}

/** A complaint (DESIGN §5.3): either `customer` or `phone` names the complainant. */
export interface SimComplaint {
  ts: string;
  customer?: string;
  phone?: string;
  kind: 'unsolicited_call' | 'sms' | 'other';
  caller?: string;
  text?: string;
}

/** The organisation: options resolved to their defaults, people, and the truth. */
export interface SimOrganisation {
  readonly options: Required<Omit<SimOptions, 'scenarioCounts' | 'exfiltratorExtraPerDay'>> & {
    exfiltratorExtraPerDay: number | readonly [number, number];
    scenarioCounts: Partial<Record<ScenarioKind, number>>;
  };
  /** Every customer (materialised on first access: cheap to skip at 1 M customers). */
  readonly customers: readonly SimCustomer[];
  readonly staff: readonly SimStaff[];
  readonly truth: SimTruth;
  /** Leaked files, in memory (also written under `leaks/`). */
  readonly leaks: readonly SimLeak[];
  /** Complaints (also written to `complaints.jsonl`). */
  readonly complaints: readonly SimComplaint[];
  /** Every simulated day, `YYYY-MM-DD`, in order. */
  readonly days: readonly string[];
  /** Number of customers (without materialising them). */
  readonly customerCount: number;
  /** The customer at index i (0-based), generated on demand. */
  customerAt(i: number): SimCustomer;
}

/** A day of events. */
export interface SimDay {
  day: string;
  events: AccessEvent[];
}

/** Paths written by `writeOrganisation`, absolute. */
export interface SimFiles {
  dir: string;
  customers: string;
  staff: string;
  events: string;
  complaints: string;
  leaks: string[];
  truth: string;
  /** Events written. */
  eventCount: number;
}

/** How `writeOrganisation` writes. */
export interface WriteOptions {
  /** Encoding of customers.csv and staff.csv (default utf-8, with BOM). */
  encoding?: 'utf-8' | 'gb18030';
  /** Called after each simulated day (progress). */
  onDay?: (dayIndex: number, dayCount: number, eventsSoFar: number) => void;
}
