/**
 * Types of insider watch (DESIGN §4.5, §5.4): what the engine reads (access events, staff and the
 * customers' books), what it remembers, and the alerts it writes.
 *
 * The engine works on an in-memory event stream; the database adapter (db-event-source.ts) and the
 * sim both feed it the same {@link WatchEvent}s.
 */

/** One access event as watch needs it (a subset of AccessEvent, DESIGN §5.3). */
export interface WatchEvent {
  /** ISO-8601 with offset. */
  ts: string;
  actor: string;
  action: string;
  customers: readonly string[];
  source?: string | null;
  role?: string | null;
  branch?: string | null;
  /** Business outcome the access led to; any non-empty value counts, names are not interpreted. */
  outcome?: string | null;
  /**
   * The purpose the access was made for. Only an audit purpose is interpreted, and only for an
   * actor whose role (staff directory first) is an audit role: see purpose.ts.
   */
  purpose?: string | null;
}

/** What watch knows about a member of staff. */
export interface WatchStaff {
  role?: string | null;
  branch?: string | null;
  team?: string | null;
}

/** What watch knows about a customer: whose book it is in and its region. */
export interface WatchCustomer {
  /** Staff id of the agent whose book holds the customer. */
  agent?: string | null;
  /** Region (province code or name) for breadth. */
  region?: string | null;
}

/** Look-ups the engine needs; both may answer undefined for unknown ids. */
export interface WatchDirectory {
  staff(actor: string): WatchStaff | undefined;
  customer(customerId: string): WatchCustomer | undefined;
  /** True when `actor` holds a book (some customer's agent). */
  hasBook(actor: string): boolean;
  /**
   * Optional: every customer at once (a full run over a large book), visited with its agent and
   * region; the engine then asks {@link customer} only about ids not visited.
   */
  eachCustomer?(
    visit: (customerId: string, agent: string | null, region: string | null) => void,
  ): void;
}

/** Alert kinds (the `kind` of DESIGN §5.4). */
export const ALERT_KINDS = [
  'slow_drip',
  'read_spike',
  'bulk_export',
  'off_hours',
  'out_of_book',
  'account_takeover',
] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

/** One alert: DESIGN §5.4 fields first, then what investigators and the dashboard use. */
export interface WatchAlert {
  actor: string;
  /** `YYYY-MM-DD`: the day the evidence completed. */
  day: string;
  /** Rank for the investigator's budget; ≥ 1 means at or over the detector's threshold. */
  score: number;
  kind: AlertKind;
  /** Plain-language reasons with the numbers behind them (ids and counts only, never PI). */
  reasons: string[];
  /** Distinct customers the evidence covers. */
  customers: number;
  /** First day of the evidence (equal to `day` for single-day detectors). */
  since: string;
  /** Every detector that fired for this actor and day (the strongest is `kind`). */
  kinds: AlertKind[];
  /** False while the day is still running (incremental mode). */
  final: boolean;
}

/** Tunables; every field has a default (watch-options.ts). */
export interface WatchOptions {
  /** Local time offset from UTC in minutes, for events in Z or another offset (default +480, China). */
  utcOffsetMinutes: number;
  /** Working hours, local: [start, end) (default 8–20). */
  officeStartHour: number;
  officeEndHour: number;
  /** Active days of own history kept per actor and feature. */
  historyDays: number;
  /** Active days of own history before the actor's own baseline is trusted (else peers'). */
  minHistoryDays: number;
  /** Smallest peer group used for a factor or a median; smaller groups fall back to the role. */
  minPeers: number;
  /** CUSUM allowance (in robust z units) and cap on one day's contribution. */
  cusumAllowance: number;
  cusumDayCap: number;
  /** CUSUM decision threshold. */
  cusumThreshold: number;
  /** Smallest accumulated excess (customers) a CUSUM alert needs. */
  minAccumulatedExcess: number;
  /** Single-day z threshold and minimum excess (customers). */
  spikeZ: number;
  spikeMinExcess: number;
  /** Bulk export: minimum customers exported without outcome in a day, and z. */
  bulkExportMin: number;
  bulkExportZ: number;
  /** Off hours: minimum distinct customers off hours in a day, and z. */
  offHoursMin: number;
  offHoursZ: number;
  /** Days an actor's alert of one kind silences further alerts of that kind. */
  cooldownDays: number;
  /**
   * Days after the first event before any alert: nobody has a baseline yet, so early "anomalies"
   * are only differences between people. Histories still build during the warm-up.
   */
  warmUpDays: number;
  /**
   * Whether the detectors that need no history of the actor — bulk export against peers,
   * off hours against the organisation's hours, the peer-relative drip — alert during the
   * warm-up too (default true): an insider active in the first month is not invisible.
   */
  earlyDetectors: boolean;
  /** Alerts per day (investigator budget); undefined = unlimited. */
  budget: number | undefined;
}
