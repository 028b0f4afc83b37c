/**
 * Features of one actor's day (DESIGN §4.5): distinct customers touched, those without a
 * business outcome, outside the actor's book, exported, and off hours; breadth (regions); hours
 * and sources the actor has not used before.
 *
 * A day is accumulated as a flat list of touches (actor slot, customer id, bit flags) in typed
 * arrays — actors and customers are integers (see {@link DirectoryCache}) — and reduced when the
 * day is evaluated: the touches are bucketed by actor, and each actor's distinct customers are
 * found with a generation stamp per customer instead of a map per actor and day. At 20 M events
 * this is most of the difference between a minute and a few seconds.
 */
import type { ActorState } from './actor-state.ts';
import { NONE, type DirectoryCache } from './directory-cache.ts';
import { localTime } from './local-time.ts';
import { isAuditPurpose, isAuditRole } from './purpose.ts';
import type { WatchEvent, WatchOptions } from './watch-types.ts';

const TOUCHED = 1;
const OUTCOME = 2;
const EXPORTED = 4;
const OFF_HOURS = 8;
const NEW_SOURCE = 16;

/** Share of an actor's touches below which an hour is not one of its usual hours. */
export const USUAL_HOUR_SHARE = 0.02;
/** Touches of history before usual hours are trusted. */
const MIN_HOUR_TOUCHES = 200;
/** Active days after its first use that a source or purpose stays recent (a campaign's length). */
export const RECENT_SOURCE_DAYS = 30;
/** Active days of history before a source counts as new. */
const MIN_DAYS_FOR_NEW_SOURCE = 15;

/** One actor's day, reduced to numbers. */
export interface ActorDay {
  actor: string;
  /** The actor's integer id in the engine's {@link DirectoryCache}. */
  actorId: number;
  day: string;
  role: string;
  branch: string;
  team: string | null;
  events: number;
  /** Distinct customers touched. */
  customers: number;
  /** … with no event carrying a business outcome that day. */
  noOutcome: number;
  /** … in another agent's book (not the actor's, not the actor's team's), without outcome. */
  outOfBook: number;
  /** … exported or printed, without outcome. */
  exported: number;
  /** … touched outside office hours at hours the actor does not usually work, without outcome. */
  offHours: number;
  /** Distinct regions of the customers touched. */
  regions: number;
  /** Customer touches per local hour. */
  hourTouches: number[];
  /** Sources used today. */
  sources: string[];
  /** Sources used today that the actor had not used before (with enough history). */
  newSources: string[];
  /**
   * Sources used today that the actor has used on fewer than {@link RECENT_SOURCE_DAYS} days
   * after at least 15 active days without it (new ones included): who adopted a source recently
   * with colleagues of the same role forms a cohort (a campaign, a rollout) — peer-baselines.ts.
   */
  recentSources: string[];
  /**
   * Purposes of today's reads without outcome that the actor has given on fewer than
   * {@link RECENT_SOURCE_DAYS} days: who reads for a new purpose with others (a merger's book
   * transfer, a migration) forms a cohort with them, across roles — peer-baselines.ts.
   */
  recentPurposes: string[];
  /** Purposes given today (reads without outcome). */
  purposes: string[];
  /** Distinct customers touched through a new source. */
  newSourceCustomers: number;
  /** The first and last local hour with activity. */
  firstHour: number;
  lastHour: number;
}

/**
 * True when `hour` is an hour the actor usually works (enough history and ≥ 2% of touches), or
 * when history is too short to say.
 *
 * @example
 * isUsualHour(newActorState(), 3) // true (no history yet)
 */
export function isUsualHour(state: ActorState, hour: number): boolean {
  return usualHours(state)[hour]!;
}

/**
 * The 24 hours, each true when usual for the actor (see {@link isUsualHour}); with too little
 * history, `fallback` (default: every hour).
 *
 * @example
 * usualHours(state)[3] // false for a 9-to-6 worker with history
 */
export function usualHours(state: ActorState, fallback?: readonly boolean[]): boolean[] {
  return usualOf(state.hours, fallback);
}

/**
 * The usual hours of an hour histogram: those with at least 2% of the touches; `fallback` (default:
 * every hour) when the histogram holds too few touches to say.
 *
 * @example
 * usualOf(orgHours, officeHours)[3] // false in an organisation that sleeps at 3
 */
export function usualOf(hours: ArrayLike<number>, fallback?: readonly boolean[]): boolean[] {
  let total = 0;
  for (let h = 0; h < 24; h++) total += hours[h]!;
  if (total < MIN_HOUR_TOUCHES) return fallback ? [...fallback] : new Array<boolean>(24).fill(true);
  const out = new Array<boolean>(24);
  for (let h = 0; h < 24; h++) out[h] = hours[h]! / total >= USUAL_HOUR_SHARE;
  return out;
}

const EMPTY_HOURS: readonly number[] = new Array<number>(24).fill(0);

/**
 * Scratch shared by every builder's reduction (synchronous, never re-entered): a generation
 * stamp and the OR of flags per customer, a stamp per region.
 */
const scratch = {
  generation: 0,
  stamp: new Int32Array(1024),
  flags: new Uint8Array(1024),
  regionStamp: new Int32Array(64),
};

function nextGeneration(customers: number, regions: number): number {
  if (scratch.stamp.length < customers) {
    const n = Math.max(customers, scratch.stamp.length * 2);
    scratch.stamp = new Int32Array(n);
    scratch.flags = new Uint8Array(n);
    scratch.generation = 0;
    scratch.regionStamp.fill(0);
  }
  if (scratch.regionStamp.length < regions) {
    scratch.regionStamp = new Int32Array(Math.max(regions, scratch.regionStamp.length * 2));
    scratch.generation = 0;
    scratch.stamp.fill(0);
  }
  if (scratch.generation >= 0x3fffffff) {
    scratch.generation = 0;
    scratch.stamp.fill(0);
    scratch.regionStamp.fill(0);
  }
  return ++scratch.generation;
}

/**
 * Collects one local day's events and reduces them per actor.
 *
 * @example
 * const acc = new DayFeatureBuilder('2025-03-01', options, cache, (a) => states[a]);
 * for (const e of events) acc.add(e);
 * const days = acc.finish();
 */
export class DayFeatureBuilder {
  readonly day: string;
  readonly #options: WatchOptions;
  readonly #cache: DirectoryCache;
  readonly #stateOf: (actorId: number) => ActorState | undefined;
  /** The hours usual for someone without enough history of their own (the organisation's). */
  readonly #newcomerHours: readonly boolean[] | undefined;
  /** Per slot: whether the actor holds an audit role (-1: not looked up yet). */
  readonly #auditRole: number[] = [];
  /** Actor id → slot (index into the per-slot arrays), -1 when not active today. */
  #slotOf = new Int32Array(0);
  readonly #slotActor: number[] = [];
  readonly #events: number[] = [];
  readonly #role: Array<string | null> = [];
  readonly #branch: Array<string | null> = [];
  readonly #hours: number[][] = [];
  readonly #sources: string[][] = [];
  /** Per slot: purposes of its reads without outcome today. */
  readonly #purposes: string[][] = [];
  /** Per slot, parallel to its sources: whether each is new for the actor. */
  readonly #sourceIsNew: boolean[][] = [];
  /** The actor's state when its first event of the day arrived. */
  readonly #state: Array<ActorState | undefined> = [];
  /** Hour → usual?, computed from the state when first needed today. */
  readonly #usual: Array<boolean[] | undefined> = [];
  #touchSlot = new Int32Array(1024);
  #touchCustomer = new Int32Array(1024);
  #touchBits = new Uint8Array(1024);
  #touches = 0;
  #curSlot = 0;
  #curBits = 0;
  #curHour = 0;

  constructor(
    day: string,
    options: WatchOptions,
    cache: DirectoryCache,
    stateOf: (actorId: number) => ActorState | undefined,
    newcomerHours?: readonly boolean[],
  ) {
    this.day = day;
    this.#options = options;
    this.#cache = cache;
    this.#stateOf = stateOf;
    this.#newcomerHours = newcomerHours;
  }

  /** Number of actors with events so far. */
  get actorCount(): number {
    return this.#slotActor.length;
  }

  #slot(actorId: number): number {
    if (actorId >= this.#slotOf.length) {
      const b = new Int32Array(Math.max(actorId + 1, this.#slotOf.length * 2, 64)).fill(-1);
      b.set(this.#slotOf);
      this.#slotOf = b;
    }
    let s = this.#slotOf[actorId]!;
    if (s < 0) {
      s = this.#slotActor.length;
      this.#slotOf[actorId] = s;
      this.#slotActor.push(actorId);
      this.#events.push(0);
      this.#role.push(null);
      this.#branch.push(null);
      this.#hours.push(new Array<number>(24).fill(0));
      this.#sources.push([]);
      this.#purposes.push([]);
      this.#sourceIsNew.push([]);
      this.#state.push(this.#stateOf(actorId));
      this.#usual.push(undefined);
      this.#auditRole.push(-1);
    }
    return s;
  }

  /**
   * Starts one event of actor `actorId` at local `hour`; its customers follow with
   * {@link touch}. (The database reader calls this pair directly, without event objects.)
   *
   * An audit-purpose read by an actor in an audit role counts as accounted for, like one with a
   * business outcome (purpose.ts).
   *
   * @example
   * builder.begin(cache.actor('S1'), 10, 'view', 'crm', null, null, null);
   * builder.touch(cache.customer('C1'));
   */
  begin(
    actorId: number,
    hour: number,
    action: string,
    source: string | null | undefined,
    role: string | null | undefined,
    branch: string | null | undefined,
    outcome: string | null | undefined,
    purpose?: string | null,
  ): void {
    const s = this.#slot(actorId);
    this.#events[s]!++;
    if (role) this.#role[s] = role;
    if (branch) this.#branch[s] = branch;
    let bits = TOUCHED;
    if (outcome) bits |= OUTCOME;
    else if (purpose) {
      const purposes = this.#purposes[s]!;
      if (!purposes.includes(purpose)) purposes.push(purpose);
      // The role first (once per actor and day), so that only auditors' purposes are matched.
      let audit = this.#auditRole[s]!;
      if (audit < 0) {
        // HR's role first: the event's role is only for actors the directory does not know.
        const staff = this.#cache.staff(actorId);
        audit = isAuditRole(staff !== undefined ? staff.role : role) ? 1 : 0;
        this.#auditRole[s] = audit;
      }
      if (audit === 1 && isAuditPurpose(purpose)) bits |= OUTCOME;
    }
    if (action === 'export' || action === 'print') bits |= EXPORTED;
    const o = this.#options;
    if (hour < o.officeStartHour || hour >= o.officeEndHour) {
      let usual = this.#usual[s];
      if (usual === undefined) {
        // Without enough history of its own, the organisation's hours: an off-hours scraper
        // in the first days of history (or a new hire's first day) is not invisible.
        const state = this.#stateOf(actorId);
        usual = usualOf(state ? state.hours : EMPTY_HOURS, this.#newcomerHours);
        this.#usual[s] = usual;
      }
      if (!usual[hour]) bits |= OFF_HOURS;
    }
    if (source) {
      // Whether a source is new is decided once per actor, day and source (its index in the
      // day's list), not with a dictionary look-up per event.
      const sources = this.#sources[s]!;
      const fresh = this.#sourceIsNew[s]!;
      let k = sources.indexOf(source);
      if (k < 0) {
        k = sources.length;
        sources.push(source);
        const state = this.#state[s];
        fresh.push(
          state !== undefined &&
            state.activeDays >= MIN_DAYS_FOR_NEW_SOURCE &&
            !(source in state.sources),
        );
      }
      if (fresh[k]) bits |= NEW_SOURCE;
    }
    this.#curSlot = s;
    this.#curBits = bits;
    this.#curHour = hour;
  }

  /** Adds one customer (id from the cache) to the event started by {@link begin}. */
  touch(customerId: number): void {
    const n = this.#touches;
    if (n === this.#touchSlot.length) this.#grow();
    this.#touchSlot[n] = this.#curSlot;
    this.#touchCustomer[n] = customerId;
    this.#touchBits[n] = this.#curBits;
    this.#touches = n + 1;
    this.#hours[this.#curSlot]![this.#curHour]!++;
  }

  #grow(): void {
    const n = this.#touchSlot.length * 2;
    const slot = new Int32Array(n);
    slot.set(this.#touchSlot);
    const customer = new Int32Array(n);
    customer.set(this.#touchCustomer);
    const bits = new Uint8Array(n);
    bits.set(this.#touchBits);
    this.#touchSlot = slot;
    this.#touchCustomer = customer;
    this.#touchBits = bits;
  }

  /** Adds one event; `hour` is its local hour (computed by the caller, which also knows its day). */
  add(
    event: WatchEvent,
    hour: number = localTime(event.ts, this.#options.utcOffsetMinutes)?.hour ?? 12,
  ): void {
    const cache = this.#cache;
    this.begin(
      cache.actor(event.actor),
      hour,
      event.action,
      event.source,
      event.role,
      event.branch,
      event.outcome,
      event.purpose,
    );
    for (const c of event.customers) this.touch(cache.customer(c));
  }

  /** Reduces every actor's day to its features (repeatable: nothing is consumed). */
  finish(): ActorDay[] {
    const cache = this.#cache;
    const slots = this.#slotActor.length;
    const n = this.#touches;
    // Bucket the touches by slot (counting sort, stable).
    const start = new Int32Array(slots + 1);
    for (let i = 0; i < n; i++) start[this.#touchSlot[i]! + 1]!++;
    for (let s = 0; s < slots; s++) start[s + 1]! += start[s]!;
    const at = start.slice(0, slots);
    const customer = new Int32Array(n);
    const bitsOf = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      const k = at[this.#touchSlot[i]!]!++;
      customer[k] = this.#touchCustomer[i]!;
      bitsOf[k] = this.#touchBits[i]!;
    }
    const distinct = new Int32Array(n);
    const out: ActorDay[] = [];
    for (let s = 0; s < slots; s++) {
      const actorId = this.#slotActor[s]!;
      const gen = nextGeneration(cache.customerCount, cache.regionCount);
      const { stamp, flags, regionStamp } = scratch;
      let nd = 0;
      for (let k = start[s]!; k < start[s + 1]!; k++) {
        const c = customer[k]!;
        if (stamp[c] !== gen) {
          stamp[c] = gen;
          flags[c] = bitsOf[k]!;
          distinct[nd++] = c;
        } else {
          flags[c]! |= bitsOf[k]!;
        }
      }
      const staff = cache.staff(actorId);
      const team = cache.team(actorId);
      const hasBook = cache.hasBook(actorId);
      let noOutcome = 0;
      let outOfBook = 0;
      let exported = 0;
      let offHours = 0;
      let newSourceCustomers = 0;
      let regions = 0;
      for (let k = 0; k < nd; k++) {
        const c = distinct[k]!;
        const bits = flags[c]!;
        const noOut = (bits & OUTCOME) === 0;
        if (noOut) noOutcome++;
        if (bits & EXPORTED && noOut) exported++;
        if (bits & OFF_HOURS && noOut) offHours++;
        if (bits & NEW_SOURCE) newSourceCustomers++;
        const region = cache.regionOf(c);
        if (region !== NONE && regionStamp[region] !== gen) {
          regionStamp[region] = gen;
          regions++;
        }
        if (hasBook && noOut) {
          const agent = cache.agentOf(c);
          if (agent !== NONE && agent !== actorId) {
            // Another agent's book, unless that agent is on the actor's team.
            const agentTeam = team === NONE ? NONE : cache.team(agent);
            if (agentTeam === NONE || agentTeam !== team) outOfBook++;
          }
        }
      }
      const state = this.#stateOf(actorId);
      const sources = this.#sources[s]!;
      const newSources =
        state && state.activeDays >= MIN_DAYS_FOR_NEW_SOURCE
          ? sources.filter((x) => !(x in state.sources))
          : [];
      // Recent: first used (given) within the last 30 active days, after at least 15 active days
      // without it. In the first days of history everything is "recent" for everyone, and a
      // cohort would be the whole role (or, by purpose, every role); a source used now and then
      // for years is not recent.
      const since = state?.firstUse;
      const recent = (key: string): boolean => {
        const at = since?.[key];
        return (
          at !== undefined &&
          at >= MIN_DAYS_FOR_NEW_SOURCE &&
          state!.activeDays - at < RECENT_SOURCE_DAYS
        );
      };
      const fresh = (x: string) =>
        state !== undefined && state.activeDays >= MIN_DAYS_FOR_NEW_SOURCE && !(x in state.sources);
      const recentSources = sources.filter((x) => fresh(x) || recent(`s:${x}`));
      const purposes = [...this.#purposes[s]!];
      const recentPurposes = state
        ? purposes.filter(
            (x) =>
              (state.activeDays >= MIN_DAYS_FOR_NEW_SOURCE && !(x in (state.purposes ?? {}))) ||
              recent(`p:${x}`),
          )
        : [];
      const hours = this.#hours[s]!;
      let firstHour = -1;
      let lastHour = -1;
      for (let h = 0; h < 24; h++) {
        if (hours[h]! > 0) {
          if (firstHour < 0) firstHour = h;
          lastHour = h;
        }
      }
      out.push({
        actor: cache.actorName(actorId),
        actorId,
        day: this.day,
        // The directory's role first: it is the policy role the HR title maps to, while an
        // event's role is whatever title the source system wrote ("车险坐席" and "Call Centre
        // Agent (Outsourced)" for one policy role) — peers grouped by it split one role into
        // many small groups whose level excuses nothing. The event's fields are for actors the
        // directory does not know.
        role: staff?.role ?? this.#role[s] ?? 'unknown',
        branch: staff?.branch ?? this.#branch[s] ?? 'unknown',
        team: staff?.team ?? null,
        events: this.#events[s]!,
        customers: nd,
        noOutcome,
        outOfBook,
        exported,
        offHours,
        regions,
        hourTouches: hours,
        sources: [...sources],
        newSources,
        recentSources,
        recentPurposes,
        purposes,
        newSourceCustomers,
        firstHour,
        lastHour,
      });
    }
    return out;
  }
}
