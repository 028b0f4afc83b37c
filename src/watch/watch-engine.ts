/**
 * The watch engine: a stream of access events in, ranked and explained alerts out (DESIGN §4.5,
 * §5.4). It works on memory only — the database adapter, the sim and tests feed it the same way —
 * and its state serialises to JSON so the server's hourly run resumes where it stopped.
 *
 * Days. Events are grouped by local day. A day is evaluated ("closed") once events two days later
 * arrive, or on flush: streams are time-ordered but a night's events after midnight may come
 * with the previous day's batch. Events for a day already closed are counted and ignored.
 *
 * Per closed day: features per active actor → own baselines and peer statistics → detectors →
 * one alert per actor (strongest kind first, every reason kept) → cool-down → the investigator's
 * budget (top N by score) → state update (winsorised histories, usual hours, sources, CUSUMs).
 */
import {
  FEATURES,
  emptyCusum,
  newActorState,
  type ActorState,
  type CusumState,
  type Feature,
} from './actor-state.ts';
import { DayFeatureBuilder, usualHours, type ActorDay } from './day-features.ts';
import {
  accountTakeover,
  bulkExport,
  cusumFinding,
  cusumStep,
  offHours,
  readSpike,
  type Finding,
} from './detectors.ts';
import { expectation, type Expectation } from './expectation.ts';
import { addDays, localTime, offsetSuffix } from './local-time.ts';
import { ownBaselines, type OwnBaselines } from './own-baseline.ts';
import { PeerBaselines } from './peer-baselines.ts';
import { watchOptions } from './watch-options.ts';
import type {
  AlertKind,
  WatchAlert,
  WatchDirectory,
  WatchEvent,
  WatchOptions,
} from './watch-types.ts';

/** Serialised engine state (JSON-safe). */
export interface WatchEngineState {
  version: 1;
  /** First day with events (the warm-up counts from it). */
  firstDay?: string | null;
  /** Last closed day. */
  lastClosedDay: string | null;
  actors: Record<string, ActorState>;
}

/** Counters of a run. */
export interface WatchStats {
  events: number;
  daysClosed: number;
  /** Events for days already closed, or with an unparseable time. */
  dropped: number;
  /** Alerts found before the budget, and emitted. */
  found: number;
  emitted: number;
  /** Actor-days evaluated in the emitting window (the false-alert denominator). */
  actorDays: number;
}

/** Where the engine emits alerts: days in [since, until]; earlier days build baselines only. */
export interface EmitWindow {
  since?: string;
  until?: string;
}

/** Growth of usual-hour histograms from hours the actor does not usually work, per day. */
const UNUSUAL_HOUR_TOUCH_CAP = 10;
/** Decay of the hour histogram per active day (about a quarter's memory). */
const HOUR_DECAY = 0.99;

interface Evaluation {
  day: string;
  alerts: WatchAlert[];
  commit(): void;
}

/**
 * @example
 * const engine = new WatchEngine(directory, { budget: 5 });
 * for (const events of days) for (const a of engine.push(events)) console.log(a);
 * for (const a of engine.flush()) console.log(a);
 */
export class WatchEngine {
  readonly options: WatchOptions;
  readonly stats: WatchStats = {
    events: 0,
    daysClosed: 0,
    dropped: 0,
    found: 0,
    emitted: 0,
    actorDays: 0,
  };
  readonly #directory: WatchDirectory;
  readonly #states = new Map<string, ActorState>();
  readonly #open = new Map<string, DayFeatureBuilder>();
  #lastClosed: string | null = null;
  #firstDay: string | null = null;
  #latestDay: string | null = null;
  #window: EmitWindow;

  constructor(
    directory: WatchDirectory,
    options: Partial<WatchOptions> = {},
    state?: WatchEngineState,
    window: EmitWindow = {},
  ) {
    this.#directory = directory;
    this.options = watchOptions(options);
    this.#window = window;
    if (state) {
      this.#lastClosed = state.lastClosedDay;
      this.#firstDay = state.firstDay ?? null;
      for (const [actor, s] of Object.entries(state.actors)) this.#states.set(actor, s);
    }
  }

  /** The last closed day (null before any). */
  get lastClosedDay(): string | null {
    return this.#lastClosed;
  }

  /** Sets which days emit alerts (earlier ones only build baselines). */
  setWindow(window: EmitWindow): void {
    this.#window = window;
  }

  /** The engine's state as JSON-safe data (closed days only; open days are not included). */
  exportState(): WatchEngineState {
    return {
      version: 1,
      firstDay: this.#firstDay,
      lastClosedDay: this.#lastClosed,
      actors: Object.fromEntries(this.#states),
    };
  }

  /** One actor's state (tests, the activity route). */
  actorState(actor: string): ActorState | undefined {
    return this.#states.get(actor);
  }

  /**
   * Adds events (time-ordered across calls); returns the alerts of days this closed.
   *
   * @example
   * const alerts = engine.push(dayOfEvents);
   */
  push(events: Iterable<WatchEvent>): WatchAlert[] {
    const stateOf = (a: string) => this.#states.get(a);
    const offset = this.options.utcOffsetMinutes;
    let alerts: WatchAlert[] = [];
    let builder: DayFeatureBuilder | undefined;
    const suffix = offsetSuffix(offset);
    for (const e of events) {
      this.stats.events++;
      const ts = e.ts;
      // Fast path (almost every event): same local day as the previous one, in the local offset.
      if (
        builder !== undefined &&
        ts.length >= 22 &&
        ts.charCodeAt(10) === 84 /* T */ &&
        ts.startsWith(builder.day) &&
        ts.endsWith(suffix)
      ) {
        builder.add(e, (ts.charCodeAt(11) - 48) * 10 + ts.charCodeAt(12) - 48);
        continue;
      }
      const t = localTime(ts, offset);
      if (!t || (this.#lastClosed !== null && t.day <= this.#lastClosed)) {
        this.stats.dropped++;
        continue;
      }
      if (builder?.day !== t.day) {
        builder = this.#open.get(t.day);
        if (!builder) {
          builder = new DayFeatureBuilder(t.day, this.options, this.#directory, stateOf);
          this.#open.set(t.day, builder);
        }
        if (this.#firstDay === null || t.day < this.#firstDay) this.#firstDay = t.day;
        if (this.#latestDay === null || t.day > this.#latestDay) {
          this.#latestDay = t.day;
          // Close every open day at least two days older than the newest.
          const closeThrough = addDays(t.day, -2);
          alerts = alerts.concat(this.#closeThrough(closeThrough));
          // The builder of today may have been kept; re-fetch it.
          builder = this.#open.get(t.day)!;
        }
      }
      builder.add(e, t.hour);
    }
    return alerts;
  }

  /** Closes every open day; returns their alerts. */
  flush(): WatchAlert[] {
    return this.#latestDay === null ? [] : this.#closeThrough(this.#latestDay);
  }

  /** Closes days up to and including `day` (e.g. yesterday, in the incremental run). */
  closeThrough(day: string): WatchAlert[] {
    return this.#closeThrough(day);
  }

  /**
   * Evaluates the open days without closing them (a running day, in the incremental run): alerts
   * are marked `final: false` and nothing is remembered.
   *
   * @example
   * const provisional = engine.preview();
   */
  preview(): WatchAlert[] {
    const out: WatchAlert[] = [];
    for (const day of [...this.#open.keys()].sort()) {
      const ev = this.#evaluate(this.#open.get(day)!);
      for (const a of ev.alerts) out.push({ ...a, final: false });
    }
    return out;
  }

  #closeThrough(day: string): WatchAlert[] {
    const out: WatchAlert[] = [];
    for (const d of [...this.#open.keys()].sort()) {
      if (d > day) break;
      const ev = this.#evaluate(this.#open.get(d)!);
      this.#open.delete(d);
      ev.commit();
      this.#lastClosed = d;
      this.stats.daysClosed++;
      out.push(...ev.alerts);
    }
    return out;
  }

  #emits(day: string): boolean {
    if (this.#firstDay !== null && day < addDays(this.#firstDay, this.options.warmUpDays)) {
      return false;
    }
    const { since, until } = this.#window;
    return (since === undefined || day >= since) && (until === undefined || day <= until);
  }

  #evaluate(builder: DayFeatureBuilder): Evaluation {
    const o = this.options;
    const day = builder.day;
    const days = builder.finish();
    const own = new Map<string, OwnBaselines | undefined>();
    for (const d of days)
      own.set(d.actor, ownBaselines(this.#states.get(d.actor), o.minHistoryDays));
    const peers = new PeerBaselines(days, (a) => own.get(a), o);
    const emits = this.#emits(day);
    const candidates: Array<{ alert: WatchAlert; kinds: AlertKind[] }> = [];
    const updates: Array<() => void> = [];
    for (const d of days) {
      const state = this.#states.get(d.actor);
      const ob = own.get(d.actor);
      const e = {} as Record<Feature, Expectation>;
      for (const f of FEATURES) e[f] = expectation(d[f], ob, f, peers.stat(d, f));
      const prev = state?.cusum ?? { drip: emptyCusum(), book: emptyCusum() };
      const drip = cusumStep(prev.drip, day, e.noOutcome, o);
      const book = this.#directory.hasBook(d.actor)
        ? cusumStep(prev.book, day, e.outOfBook, o)
        : prev.book;
      const findings: Finding[] = [];
      const push = (f: Finding | undefined) => {
        if (f) findings.push(f);
      };
      push(cusumFinding('slow_drip', drip, d, e.noOutcome, o, 'without a business outcome'));
      if (this.#directory.hasBook(d.actor)) {
        push(
          cusumFinding(
            'out_of_book',
            book,
            d,
            e.outOfBook,
            o,
            "outside own and team's book, without outcome",
          ),
        );
      }
      push(readSpike(d, e.noOutcome, o));
      push(bulkExport(d, e.exported, o));
      push(offHours(d, e.offHours, o));
      push(accountTakeover(d, e.noOutcome, e.offHours, o));
      const cooldown = state?.cooldown ?? {};
      const live = findings.filter(
        (f) => !(cooldown[f.kind] !== undefined && day <= cooldown[f.kind]!),
      );
      if (emits) this.stats.actorDays++;
      if (emits && live.length > 0) {
        live.sort((a, b) => b.score - a.score);
        const top = live[0]!;
        const alert: WatchAlert = {
          actor: d.actor,
          day,
          score: round2(live.reduce((s, f) => s + f.score, 0)),
          kind: top.kind,
          reasons: live.flatMap((f) => f.reasons),
          customers: top.customers,
          since: live.reduce((m, f) => (f.since < m ? f.since : m), day),
          kinds: live.map((f) => f.kind),
          final: true,
        };
        candidates.push({ alert, kinds: alert.kinds });
      }
      updates.push(() => this.#update(d, e, drip, book));
    }
    candidates.sort(
      (a, b) => b.alert.score - a.alert.score || (a.alert.actor < b.alert.actor ? -1 : 1),
    );
    const kept = o.budget === undefined ? candidates : candidates.slice(0, o.budget);
    return {
      day,
      alerts: kept.map((c) => c.alert),
      commit: () => {
        this.stats.found += candidates.length;
        this.stats.emitted += kept.length;
        for (const u of updates) u();
        // Alerts over the budget set no cool-down: if the evidence persists they come back.
        for (const { alert, kinds } of kept) {
          const s = this.#states.get(alert.actor)!;
          for (const k of kinds) s.cooldown[k] = addDays(day, o.cooldownDays);
          // Reported evidence is spent: accumulation starts again from zero.
          if (kinds.includes('slow_drip')) s.cusum.drip = emptyCusum();
          if (kinds.includes('out_of_book')) s.cusum.book = emptyCusum();
        }
      },
    };
  }

  #update(d: ActorDay, e: Record<Feature, Expectation>, drip: CusumState, book: CusumState): void {
    const o = this.options;
    let s = this.#states.get(d.actor);
    if (!s) {
      s = newActorState();
      this.#states.set(d.actor, s);
    }
    for (const f of FEATURES) {
      const x = d[f];
      // Winsorised: an anomalous day enters the baseline at most 3 scales above expectation,
      // so a drip cannot quickly teach the baseline that it is normal.
      const cap = e[f].expected + 3 * e[f].scale;
      const h = s.hist[f];
      h.push(Math.min(x, cap));
      if (h.length > o.historyDays) h.splice(0, h.length - o.historyDays);
    }
    const usual = usualHours(s);
    for (let h = 0; h < 24; h++) {
      const usualHour = usual[h]! || (h >= o.officeStartHour && h < o.officeEndHour);
      const add = usualHour
        ? d.hourTouches[h]!
        : Math.min(d.hourTouches[h]!, UNUSUAL_HOUR_TOUCH_CAP);
      s.hours[h] = s.hours[h]! * HOUR_DECAY + add;
    }
    // Today's sources join the known ones only after the day (so today they were "new").
    for (const src of d.sources) s.sources[src] = (s.sources[src] ?? 0) + 1;
    s.cusum = { drip, book };
    s.activeDays++;
    s.lastDay = d.day;
    for (const [k, until] of Object.entries(s.cooldown)) if (until < d.day) delete s.cooldown[k];
  }
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}
