/**
 * Features of one actor's day (DESIGN §4.5): distinct customers touched, those without a
 * business outcome, outside the actor's book, exported, and off hours; breadth (regions); hours
 * and sources the actor has not used before.
 *
 * Accumulated event by event with one small map per actor and day (customer → bit flags), so a
 * day of a large organisation costs a few Map operations per customer touched.
 */
import type { ActorState } from './actor-state.ts';
import { localTime } from './local-time.ts';
import type { WatchDirectory, WatchEvent, WatchOptions } from './watch-types.ts';

const TOUCHED = 1;
const OUTCOME = 2;
const EXPORTED = 4;
const OFF_HOURS = 8;
const NEW_SOURCE = 16;

/** Share of an actor's touches below which an hour is not one of its usual hours. */
export const USUAL_HOUR_SHARE = 0.02;
/** Touches of history before usual hours are trusted. */
const MIN_HOUR_TOUCHES = 200;
/** Active days of history before a source counts as new. */
const MIN_DAYS_FOR_NEW_SOURCE = 15;

/** One actor's day, reduced to numbers. */
export interface ActorDay {
  actor: string;
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
  /** Distinct customers touched through a new source. */
  newSourceCustomers: number;
  /** The first and last local hour with activity. */
  firstHour: number;
  lastHour: number;
}

interface Accumulator {
  /** The actor's state at the start of the day (looked up once). */
  state: ActorState | undefined;
  role: string | null;
  branch: string | null;
  events: number;
  flags: Map<string, number>;
  hours: number[];
  sources: Set<string>;
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
 * The 24 hours, each true when usual for the actor (see {@link isUsualHour}).
 *
 * @example
 * usualHours(state)[3] // false for a 9-to-6 worker with history
 */
export function usualHours(state: ActorState): boolean[] {
  let total = 0;
  for (const h of state.hours) total += h;
  if (total < MIN_HOUR_TOUCHES) return new Array<boolean>(24).fill(true);
  return state.hours.map((n) => n / total >= USUAL_HOUR_SHARE);
}

/**
 * Collects one local day's events and reduces them per actor.
 *
 * @example
 * const acc = new DayFeatureBuilder('2025-03-01', options, directory, (a) => states.get(a));
 * for (const e of events) acc.add(e);
 * const days = acc.finish();
 */
export class DayFeatureBuilder {
  readonly day: string;
  readonly #options: WatchOptions;
  readonly #directory: WatchDirectory;
  readonly #stateOf: (actor: string) => ActorState | undefined;
  readonly #actors = new Map<string, Accumulator>();
  /** Per actor: hour → usual? (computed once per day from the state). */
  readonly #usual = new Map<string, boolean[]>();

  constructor(
    day: string,
    options: WatchOptions,
    directory: WatchDirectory,
    stateOf: (actor: string) => ActorState | undefined,
  ) {
    this.day = day;
    this.#options = options;
    this.#directory = directory;
    this.#stateOf = stateOf;
  }

  /** Number of actors with events so far. */
  get actorCount(): number {
    return this.#actors.size;
  }

  #usualHours(actor: string): boolean[] {
    let u = this.#usual.get(actor);
    if (!u) {
      const state = this.#stateOf(actor);
      u = state ? usualHours(state) : new Array<boolean>(24).fill(true);
      this.#usual.set(actor, u);
    }
    return u;
  }

  /** Adds one event; `hour` is its local hour (computed by the caller, which also knows its day). */
  add(
    event: WatchEvent,
    hour: number = localTime(event.ts, this.#options.utcOffsetMinutes)?.hour ?? 12,
  ): void {
    let acc = this.#actors.get(event.actor);
    if (!acc) {
      acc = {
        state: this.#stateOf(event.actor),
        role: null,
        branch: null,
        events: 0,
        flags: new Map(),
        hours: new Array<number>(24).fill(0),
        sources: new Set(),
      };
      this.#actors.set(event.actor, acc);
    }
    acc.events++;
    if (event.role) acc.role = event.role;
    if (event.branch) acc.branch = event.branch;
    let bits = TOUCHED;
    if (event.outcome) bits |= OUTCOME;
    if (event.action === 'export' || event.action === 'print') bits |= EXPORTED;
    const o = this.#options;
    if (
      (hour < o.officeStartHour || hour >= o.officeEndHour) &&
      !this.#usualHours(event.actor)[hour]
    ) {
      bits |= OFF_HOURS;
    }
    const source = event.source ?? '';
    if (source) {
      acc.sources.add(source);
      const state = acc.state;
      if (state && state.activeDays >= MIN_DAYS_FOR_NEW_SOURCE && !(source in state.sources)) {
        bits |= NEW_SOURCE;
      }
    }
    acc.hours[hour]! += event.customers.length;
    const flags = acc.flags;
    for (const c of event.customers) flags.set(c, (flags.get(c) ?? 0) | bits);
  }

  /** Reduces every actor's day to its features. */
  finish(): ActorDay[] {
    const out: ActorDay[] = [];
    for (const [actor, acc] of this.#actors) {
      const staff = this.#directory.staff(actor);
      const team = staff?.team ?? null;
      const hasBook = this.#directory.hasBook(actor);
      let customers = 0;
      let noOutcome = 0;
      let outOfBook = 0;
      let exported = 0;
      let offHours = 0;
      let newSourceCustomers = 0;
      const regions = new Set<string>();
      for (const [c, bits] of acc.flags) {
        customers++;
        const noOut = (bits & OUTCOME) === 0;
        if (noOut) noOutcome++;
        if (bits & EXPORTED && noOut) exported++;
        if (bits & OFF_HOURS && noOut) offHours++;
        if (bits & NEW_SOURCE) newSourceCustomers++;
        const info = this.#directory.customer(c);
        if (info?.region) regions.add(info.region);
        if (hasBook && noOut && info?.agent && info.agent !== actor) {
          const agentTeam = team === null ? undefined : this.#directory.staff(info.agent)?.team;
          if (agentTeam === undefined || agentTeam !== team) outOfBook++;
        }
      }
      const state = this.#stateOf(actor);
      const newSources =
        state && state.activeDays >= MIN_DAYS_FOR_NEW_SOURCE
          ? [...acc.sources].filter((s) => !(s in state.sources))
          : [];
      let firstHour = -1;
      let lastHour = -1;
      acc.hours.forEach((n, h) => {
        if (n > 0) {
          if (firstHour < 0) firstHour = h;
          lastHour = h;
        }
      });
      out.push({
        actor,
        day: this.day,
        role: acc.role ?? staff?.role ?? 'unknown',
        branch: acc.branch ?? staff?.branch ?? 'unknown',
        team,
        events: acc.events,
        customers,
        noOutcome,
        outOfBook,
        exported,
        offHours,
        regions: regions.size,
        hourTouches: acc.hours,
        sources: [...acc.sources],
        newSources,
        newSourceCustomers,
        firstHour,
        lastHour,
      });
    }
    return out;
  }
}
