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
import { DayFeatureBuilder, usualHours, usualOf, type ActorDay } from './day-features.ts';
import {
  accountTakeover,
  bulkExport,
  cusumFinding,
  cusumStep,
  offHours,
  peerDripFinding,
  peerDripStep,
  readSpike,
  routineExportSize,
  type Finding,
  type RoutineExport,
} from './detectors.ts';
import { DirectoryCache } from './directory-cache.ts';
import { expectation, type Expectation } from './expectation.ts';
import { addDays, LocalClock, offsetSuffix } from './local-time.ts';
import { ownWindows, windowBaselines, type OwnWindows } from './own-baseline.ts';
import { medianWithout, PeerBaselines } from './peer-baselines.ts';
import { median } from './robust-stats.ts';
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
  /** The organisation's customer touches per local hour (decayed), for newcomers' usual hours. */
  orgHours?: number[] | null;
  /** Per source, the recent days actors first used it and how many (rollouts; see #rollouts). */
  adoptions?: Record<string, Array<{ day: string; n: number }>> | null;
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
/** Export days remembered per actor. */
const EXPORT_DAYS_KEPT = 12;
/** Export days of a role's active members needed for their usual size to count. */
const MIN_PEER_EXPORT_DAYS = 5;
/** Others of the role exporting today needed for their median size to count. */
const MIN_PEERS_EXPORTING_TODAY = 2;
/**
 * Actors taking up a source within {@link ROLLOUT_DAYS} for it to be a rollout (a campaign, a new
 * tool) rather than one account's new source: the actor and at least two others.
 */
const ROLLOUT_ADOPTERS = 3;
const ROLLOUT_DAYS = 7;

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
  readonly #cache: DirectoryCache;
  readonly #states = new Map<string, ActorState>();
  /** The same states by actor id, and their histories as sorted windows (built when needed). */
  readonly #stateById: Array<ActorState | undefined> = [];
  readonly #windows: Array<OwnWindows | undefined> = [];
  readonly #open = new Map<string, DayFeatureBuilder>();
  readonly #clock: LocalClock;
  readonly #suffix: string;
  /** The builder of the last event (undefined after days close). */
  #builder: DayFeatureBuilder | undefined;
  /** Alerts of days closed by ingestion, not yet returned. */
  #pending: WatchAlert[] = [];
  #lastClosed: string | null = null;
  #firstDay: string | null = null;
  #latestDay: string | null = null;
  #window: EmitWindow;
  /** Customer touches per local hour over every actor (decayed like an actor's). */
  readonly #orgHours: number[] = new Array<number>(24).fill(0);
  /** Per source, the recent days on which actors first used it, with how many (rollouts). */
  readonly #adoptions = new Map<string, Array<{ day: string; n: number }>>();
  /** Actors whose state changed since {@link takeChanged} was last called. */
  readonly #changed = new Set<string>();

  constructor(
    directory: WatchDirectory,
    options: Partial<WatchOptions> = {},
    state?: WatchEngineState,
    window: EmitWindow = {},
  ) {
    this.#cache = new DirectoryCache(directory);
    this.options = watchOptions(options);
    this.#clock = new LocalClock(this.options.utcOffsetMinutes);
    this.#suffix = offsetSuffix(this.options.utcOffsetMinutes);
    this.#window = window;
    if (state) {
      this.#lastClosed = state.lastClosedDay;
      this.#firstDay = state.firstDay ?? null;
      if (state.orgHours?.length === 24) this.#orgHours.splice(0, 24, ...state.orgHours);
      for (const [src, list] of Object.entries(state.adoptions ?? {})) {
        this.#adoptions.set(src, [...list]);
      }
      for (const [actor, s] of Object.entries(state.actors)) {
        this.#states.set(actor, s);
        this.#stateById[this.#cache.actor(actor)] = s;
      }
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
      orgHours: [...this.#orgHours],
      adoptions: Object.fromEntries(this.#adoptions),
    };
  }

  /**
   * The actors whose state changed (days closed) since the last call: what must be saved for
   * the next run to resume, instead of every actor's state.
   *
   * @example
   * await saveWatchState(db, engine.exportState(), engine.takeChanged());
   */
  takeChanged(): string[] {
    const out = [...this.#changed];
    this.#changed.clear();
    return out;
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
    const cache = this.#cache;
    for (const e of events) {
      const builder = this.#accept(e.ts);
      if (builder === undefined) continue;
      builder.begin(
        cache.actor(e.actor),
        this.#clock.hour,
        e.action,
        e.source,
        e.role,
        e.branch,
        e.outcome,
        e.purpose,
      );
      for (const c of e.customers) builder.touch(cache.customer(c));
    }
    return this.takeAlerts();
  }

  /**
   * Adds one event without an event object (the database reader): its fields here, then each
   * customer with {@link addCustomer}. False when the event is dropped (unparseable time, or a
   * day already closed): then its customers must not be added. Alerts of days this closes wait
   * in {@link takeAlerts}.
   *
   * @example
   * if (engine.addEvent(ts, actor, 'view', 'crm', null, null, null)) engine.addCustomer('C1');
   * const alerts = engine.takeAlerts();
   */
  addEvent(
    ts: string,
    actor: string,
    action: string,
    source: string | null,
    role: string | null,
    branch: string | null,
    outcome: string | null,
    purpose: string | null = null,
  ): boolean {
    const builder = this.#accept(ts);
    if (builder === undefined) return false;
    builder.begin(
      this.#cache.actor(actor),
      this.#clock.hour,
      action,
      source,
      role,
      branch,
      outcome,
      purpose,
    );
    return true;
  }

  /** Adds a customer to the event last accepted by {@link addEvent}. */
  addCustomer(customer: string): void {
    this.#builder!.touch(this.#cache.customer(customer));
  }

  /**
   * Adds the customer named by `text[start, end)` (the database reader's page string), as
   * {@link addCustomer} of that slice.
   *
   * @example
   * if (engine.addEvent(ts, actor, 'view', 'crm', null, null, null)) engine.addCustomerAt(page, 0, 2);
   */
  addCustomerAt(text: string, start: number, end: number): void {
    this.#builder!.touch(this.#cache.customerAt(text, start, end));
  }

  /**
   * The engine's number for customer `name`, for {@link addCustomerRef} (the database reader
   * looks each distinct customer up once).
   *
   * @example
   * const ref = engine.customerRef('C1');
   * if (engine.addEvent(ts, actor, 'view', 'crm', null, null, null)) engine.addCustomerRef(ref);
   */
  customerRef(name: string): number {
    return this.#cache.customer(name);
  }

  /** Adds customer `ref` ({@link customerRef}) to the event last accepted by {@link addEvent}. */
  addCustomerRef(ref: number): void {
    this.#builder!.touch(ref);
  }

  /** The alerts of days closed by ingestion since the last call. */
  takeAlerts(): WatchAlert[] {
    const out = this.#pending;
    this.#pending = [];
    return out;
  }

  /**
   * The builder of the event at `ts` (its local hour left in the clock), closing days that are
   * complete; undefined when the event is dropped.
   */
  #accept(ts: string): DayFeatureBuilder | undefined {
    this.stats.events++;
    const clock = this.#clock;
    let builder = this.#builder;
    // Fast path (almost every event from files and the sim): same local day as the previous
    // event, written in the local offset.
    if (
      builder !== undefined &&
      ts.length >= 22 &&
      ts.charCodeAt(10) === 84 /* T */ &&
      ts.startsWith(builder.day) &&
      ts.endsWith(this.#suffix)
    ) {
      clock.hour = (ts.charCodeAt(11) - 48) * 10 + ts.charCodeAt(12) - 48;
      return builder;
    }
    if (!clock.read(ts)) {
      this.stats.dropped++;
      return undefined;
    }
    const day = clock.day;
    if (builder !== undefined && builder.day === day) return builder;
    if (this.#lastClosed !== null && day <= this.#lastClosed) {
      this.stats.dropped++;
      return undefined;
    }
    builder = this.#open.get(day);
    if (!builder) {
      builder = new DayFeatureBuilder(
        day,
        this.options,
        this.#cache,
        (a) => this.#stateById[a],
        this.#newcomerHours(),
      );
      this.#open.set(day, builder);
    }
    if (this.#firstDay === null || day < this.#firstDay) this.#firstDay = day;
    if (this.#latestDay === null || day > this.#latestDay) {
      this.#latestDay = day;
      // Close every open day at least two days older than the newest.
      const alerts = this.#closeThrough(addDays(day, -2));
      if (alerts.length > 0) this.#pending = this.#pending.concat(alerts);
      // The builder of today may have been kept; re-fetch it.
      builder = this.#open.get(day)!;
    }
    this.#builder = builder;
    return builder;
  }

  /** Closes every open day; returns their alerts. */
  flush(): WatchAlert[] {
    const pending = this.takeAlerts();
    return this.#latestDay === null ? pending : pending.concat(this.#closeThrough(this.#latestDay));
  }

  /** Closes days up to and including `day` (e.g. yesterday, in the incremental run). */
  closeThrough(day: string): WatchAlert[] {
    return this.takeAlerts().concat(this.#closeThrough(day));
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
      if (this.#builder === this.#open.get(d)) this.#builder = undefined;
      this.#open.delete(d);
      ev.commit();
      this.#lastClosed = d;
      this.stats.daysClosed++;
      out.push(...ev.alerts);
    }
    return out;
  }

  /**
   * Which detectors alert on `day`: none (outside the emitting window), only those that need no
   * history of the actor (the warm-up), or all.
   */
  #emits(day: string): 'none' | 'early' | 'all' {
    const { since, until } = this.#window;
    if ((since !== undefined && day < since) || (until !== undefined && day > until)) {
      return 'none';
    }
    if (this.#firstDay !== null && day < addDays(this.#firstDay, this.options.warmUpDays)) {
      return this.options.earlyDetectors ? 'early' : 'none';
    }
    return 'all';
  }

  /**
   * The hours usual for an actor without enough history of its own: office hours, and the hours
   * the organisation works (night shifts are not off hours where the organisation has them).
   */
  #newcomerHours(): boolean[] {
    const o = this.options;
    const org = usualOf(this.#orgHours, NO_HOURS);
    for (let h = o.officeStartHour; h < o.officeEndHour; h++) org[h] = true;
    return org;
  }

  #windowsOf(actorId: number): OwnWindows | undefined {
    let w = this.#windows[actorId];
    if (w === undefined) {
      const state = this.#stateById[actorId];
      if (state === undefined) return undefined;
      w = ownWindows(state);
      this.#windows[actorId] = w;
    }
    return w;
  }

  #evaluate(builder: DayFeatureBuilder): Evaluation {
    const o = this.options;
    const cache = this.#cache;
    const day = builder.day;
    const days = builder.finish();
    const own = days.map((d) => {
      const w = this.#windowsOf(d.actorId);
      return w === undefined ? undefined : windowBaselines(w, o.minHistoryDays);
    });
    const peers = new PeerBaselines(days, own, o);
    const emits = this.#emits(day);
    const { rollouts, adoptedToday } = this.#rollouts(day, days);
    const warmEnd = this.#firstDay === null ? undefined : addDays(this.#firstDay, o.warmUpDays);
    const routineOf = this.#routineExports(days);
    const candidates: Array<{ alert: WatchAlert; kinds: AlertKind[] }> = [];
    const updates: Array<() => void> = [];
    for (let i = 0; i < days.length; i++) {
      const d0 = days[i]!;
      const state = this.#stateById[d0.actorId];
      const ob = own[i];
      const e = {} as Record<Feature, Expectation>;
      for (const f of FEATURES) e[f] = expectation(d0[f], ob, f, peers.stat(d0, f));
      const routine = routineOf(i);
      const bulk = bulkExport(d0, e.exported, o, routine);
      let d = d0;
      if (bulk === undefined && isPeriodicExport(d0, routine, state)) {
        // A routine export on an occasional duty day (month-end, a Monday list) is the duty: its
        // customers are not reads the day must account for, or the duty day alerts as a spike
        // and a drip instead of as an export. Only occasional: an actor who exports most days
        // has the export in its own baseline already — and someone exporting a "routine" size
        // every day to stay under bulk_export is not excused after the first days.
        d = { ...d0, noOutcome: Math.max(0, d0.noOutcome - d0.exported) };
        e.noOutcome = expectation(d.noOutcome, ob, 'noOutcome', e.noOutcome.peer);
      }
      let prev = state?.cusum ?? { drip: emptyCusum(), book: emptyCusum() };
      if (
        warmEnd !== undefined &&
        emits === 'all' &&
        prev.drip.since !== null &&
        prev.drip.since < warmEnd
      ) {
        // Own-baseline drip evidence gathered in the warm-up was measured against baselines of a
        // few days (an independent organisation's first weeks alerted five busy desks on the
        // first day after it); there the peer-relative drip was the judge. Start afresh. (Not
        // the out-of-book CUSUM: nothing else watched books in the warm-up.)
        prev = { ...prev, drip: emptyCusum() };
      }
      const drip = cusumStep(prev.drip, day, e.noOutcome, o);
      // The peer-relative drip only while the actor's own history is young (fewer active days
      // than the own baseline's window): then the own baseline may be missing, or made of a drip
      // that was already running when history started. Later, someone who has always read more
      // than their peers is compared with their own past instead of being reported every
      // cool-down for being a busy desk.
      const young = (state?.activeDays ?? 0) < o.historyDays;
      const peer = young
        ? peerDripStep(prev.peer ?? emptyCusum(), day, d, e.noOutcome.peer, o)
        : emptyCusum();
      const hasBook = cache.hasBook(d.actorId);
      const book = hasBook ? cusumStep(prev.book, day, e.outOfBook, o) : prev.book;
      let findings: Finding[] = [];
      const push = (f: Finding | undefined) => {
        if (f) findings.push(f);
      };
      const ownDrip = cusumFinding(
        'slow_drip',
        drip,
        d,
        e.noOutcome,
        o,
        'without a business outcome',
      );
      const peerDrip = peerDripFinding(peer, d, e.noOutcome.peer);
      // One slow_drip per day: the own-baseline one explains more when both fire (in the
      // warm-up there is no own baseline to speak of: the peer-relative one).
      push(emits === 'early' ? peerDrip : (ownDrip ?? peerDrip));
      if (hasBook) {
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
      push(bulk);
      push(offHours(d, e.offHours, o));
      push(accountTakeover(d, e.noOutcome, e.offHours, o, rollouts));
      if (emits === 'early') {
        // The warm-up: only what needs no history of the actor.
        const early: Finding[] = [];
        for (const f of findings) {
          if (f === peerDrip || f.kind === 'bulk_export' || f.kind === 'off_hours') early.push(f);
        }
        findings = early;
      }
      const cooldown = state?.cooldown ?? {};
      const live = findings.filter(
        (f) => !(cooldown[f.kind] !== undefined && day <= cooldown[f.kind]!),
      );
      if (emits !== 'none') this.stats.actorDays++;
      if (emits !== 'none' && live.length > 0) {
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
      updates.push(() => this.#update(d, e, drip, book, peer));
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
        this.#commitAdoptions(day, adoptedToday);
        for (const u of updates) u();
        const orgHours = this.#orgHours;
        for (let h = 0; h < 24; h++) orgHours[h] = orgHours[h]! * HOUR_DECAY;
        for (const d of days) {
          for (let h = 0; h < 24; h++) orgHours[h] = orgHours[h]! + d.hourTouches[h]!;
        }
        // Alerts over the budget set no cool-down: if the evidence persists they come back.
        for (const { alert, kinds } of kept) {
          const s = this.#states.get(alert.actor)!;
          for (const k of kinds) s.cooldown[k] = addDays(day, o.cooldownDays);
          // Reported evidence is spent: accumulation starts again from zero.
          if (kinds.includes('slow_drip')) {
            s.cusum.drip = emptyCusum();
            s.cusum.peer = emptyCusum();
          }
          if (kinds.includes('out_of_book')) s.cusum.book = emptyCusum();
        }
      },
    };
  }

  /**
   * Sources that are rollouts today: taken up by at least {@link ROLLOUT_ADOPTERS} actors today
   * and in the {@link ROLLOUT_DAYS} before; and today's take-ups (committed with the day).
   */
  #rollouts(
    day: string,
    days: readonly ActorDay[],
  ): { rollouts: Set<string>; adoptedToday: Map<string, number> } {
    const adoptedToday = new Map<string, number>();
    for (const d of days) {
      for (const src of d.newSources) adoptedToday.set(src, (adoptedToday.get(src) ?? 0) + 1);
    }
    const rollouts = new Set<string>();
    const from = addDays(day, -ROLLOUT_DAYS);
    for (const [src, n] of adoptedToday) {
      let total = n;
      for (const a of this.#adoptions.get(src) ?? [])
        if (a.day >= from && a.day < day) total += a.n;
      if (total >= ROLLOUT_ADOPTERS) rollouts.add(src);
    }
    return { rollouts, adoptedToday };
  }

  #commitAdoptions(day: string, adoptedToday: ReadonlyMap<string, number>): void {
    const from = addDays(day, -ROLLOUT_DAYS);
    for (const [src, n] of adoptedToday) {
      const list = this.#adoptions.get(src) ?? [];
      list.push({ day, n });
      this.#adoptions.set(src, list);
    }
    for (const [src, list] of this.#adoptions) {
      const kept = list.filter((a) => a.day >= from);
      if (kept.length === 0) this.#adoptions.delete(src);
      else this.#adoptions.set(src, kept);
    }
  }

  /**
   * The routine export sizes of each of `days` (by index): the actor's own largest recent export
   * day, the median export day of its role's members active today, and the median of today's
   * exports by the others of its role who export today (a month-end duty done by the whole role
   * at once is routine on its first occurrence too).
   */
  #routineExports(days: readonly ActorDay[]): (i: number) => RoutineExport {
    const pools = new Map<string, number[]>();
    const today = new Map<string, number[]>();
    for (const d of days) {
      const ex = this.#stateById[d.actorId]?.exports;
      if (ex !== undefined && ex.length > 0) {
        const pool = pools.get(d.role) ?? [];
        for (const x of ex) pool.push(x);
        pools.set(d.role, pool);
      }
      if (d.exported > 0) {
        const t = today.get(d.role) ?? [];
        t.push(d.exported);
        today.set(d.role, t);
      }
    }
    const usual = new Map<string, number>();
    for (const [role, pool] of pools) {
      if (pool.length >= MIN_PEER_EXPORT_DAYS) usual.set(role, median(pool));
    }
    const sortedToday = new Map<string, Float64Array>();
    for (const [role, t] of today) sortedToday.set(role, Float64Array.from(t).sort());
    return (i) => {
      const d = days[i]!;
      const ex = this.#stateById[d.actorId]?.exports ?? [];
      let ownMax = 0;
      for (const x of ex) if (x > ownMax) ownMax = x;
      const t = sortedToday.get(d.role);
      const self = d.exported > 0 ? d.exported : undefined;
      const others = t === undefined ? 0 : t.length - (self === undefined ? 0 : 1);
      const peersToday =
        t !== undefined && others >= MIN_PEERS_EXPORTING_TODAY ? medianWithout(t, self) : 0;
      return { ownMax, peerUsual: usual.get(d.role) ?? 0, peersToday };
    };
  }

  #update(
    d: ActorDay,
    e: Record<Feature, Expectation>,
    drip: CusumState,
    book: CusumState,
    peer: CusumState,
  ): void {
    const o = this.options;
    let s = this.#stateById[d.actorId];
    if (!s) {
      s = newActorState();
      this.#states.set(d.actor, s);
      this.#stateById[d.actorId] = s;
    }
    this.#changed.add(d.actor);
    const windows = this.#windowsOf(d.actorId)!;
    for (const f of FEATURES) {
      const x = d[f];
      // Winsorised: an anomalous day enters the baseline at most 3 scales above expectation,
      // so a drip cannot quickly teach the baseline that it is normal.
      const v = Math.min(x, e[f].expected + 3 * e[f].scale);
      const h = s.hist[f];
      const w = windows[f];
      h.push(v);
      w.insert(v);
      while (h.length > o.historyDays) w.remove(h.shift()!);
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
    for (const src of d.sources) {
      if (!(src in s.sources)) (s.firstUse ??= {})[`s:${src}`] = s.activeDays;
      s.sources[src] = (s.sources[src] ?? 0) + 1;
    }
    if (d.purposes.length > 0) {
      const p = (s.purposes ??= {});
      for (const x of d.purposes) {
        if (!(x in p)) (s.firstUse ??= {})[`p:${x}`] = s.activeDays;
        p[x] = (p[x] ?? 0) + 1;
      }
    }
    // Every export day is remembered, a bulk one too: it was reported when it happened, and
    // "done before" is what makes the next one of that size a duty (a first monthly run that
    // alerted must not alert every month).
    if (d.exported > 0) {
      const ex = (s.exports ??= []);
      ex.push(d.exported);
      if (ex.length > EXPORT_DAYS_KEPT) ex.shift();
    }
    s.cusum = { drip, book, peer };
    s.activeDays++;
    s.lastDay = d.day;
    for (const [k, until] of Object.entries(s.cooldown)) if (until < d.day) delete s.cooldown[k];
  }
}

/** Share of recent active days with an export up to which exporting is an occasional duty. */
const OCCASIONAL_EXPORT_SHARE = 0.25;

/**
 * True when `d`'s export is of a routine size ({@link routineExportSize} > 0, not bulk — the
 * caller checks) and exporting is occasional for the actor: on at most a quarter of its recent
 * active days (today included).
 */
function isPeriodicExport(
  d: ActorDay,
  routine: RoutineExport,
  state: ActorState | undefined,
): boolean {
  if (d.exported === 0 || routineExportSize(routine) === 0) return false;
  const hist = state?.hist.exported ?? [];
  let days = 1;
  for (const x of hist) if (x > 0) days++;
  return days <= OCCASIONAL_EXPORT_SHARE * Math.max(hist.length + 1, 8);
}

const NO_HOURS: readonly boolean[] = new Array<boolean>(24).fill(false);

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}
