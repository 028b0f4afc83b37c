/**
 * Actors and customers as small integers, with what the directory says about them looked up once
 * per engine instead of once per event: watch over 20 M events touches the same 2,000 actors and
 * the same customers over and over, and integer ids let the day's accumulation use typed arrays.
 *
 * The directory is read when an id is first seen; it must not change during the engine's life
 * (each run builds its engine, and its directory, afresh).
 */
import type { WatchDirectory, WatchStaff } from './watch-types.ts';

/** FNV-1a over the UTF-16 code units of `text[start, end)`. */
function fnv(text: string, start: number, end: number): number {
  let h = 0x811c9dc5 | 0;
  for (let i = start; i < end; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h;
}

/** "No such id" in the integer tables (no agent, no region, no team). */
export const NONE = -1;

function grownInt32(
  a: Int32Array<ArrayBuffer>,
  need: number,
  fill: number,
): Int32Array<ArrayBuffer> {
  if (need <= a.length) return a;
  const b = new Int32Array(Math.max(need, a.length * 2));
  b.fill(fill, a.length);
  b.set(a);
  return b;
}

/**
 * @example
 * const cache = new DirectoryCache(directory);
 * const a = cache.actor('S10042'); // 0
 * cache.actorName(a); // 'S10042'
 */
export class DirectoryCache {
  readonly #directory: WatchDirectory;
  readonly #actorIds = new Map<string, number>();
  readonly #actorNames: string[] = [];
  readonly #staff: Array<WatchStaff | undefined> = [];
  #team = new Int32Array(64);
  readonly #hasBook: boolean[] = [];
  readonly #teams = new Map<string, number>();
  /**
   * Customers: an open-addressing hash table of ids (slot → id, -1 empty) over their names, so
   * that the database reader can look an id up where it lies in a page string, without cutting
   * it out first (at 20 M references, the allocation and V8's hashing of a fresh string cost
   * more than the look-up).
   */
  #customerSlots = new Int32Array(1 << 12).fill(-1);
  #customerHash = new Int32Array(1024);
  readonly #customerNames: string[] = [];
  #agentOf = new Int32Array(1024);
  #regionOf = new Int32Array(1024);
  readonly #regions = new Map<string, number>();

  constructor(directory: WatchDirectory) {
    this.#directory = directory;
    // A directory that can list its customers is read in one pass: cheaper than a look-up per
    // customer on first sight when most of a million customers will be seen.
    directory.eachCustomer?.((name, agent, region) => {
      if (this.#find(name, 0, name.length, fnv(name, 0, name.length)) < 0) {
        this.#addCustomer(name, fnv(name, 0, name.length), this.#freeSlot, agent, region);
      }
    });
  }

  /** The slot where the last failed {@link #find} stopped (an empty one). */
  #freeSlot = 0;

  /** The id of the customer named `text[start, end)` with hash `h`, or -1 (see #freeSlot). */
  #find(text: string, start: number, end: number, h: number): number {
    const slots = this.#customerSlots;
    const mask = slots.length - 1;
    const len = end - start;
    let i = h & mask;
    for (let id = slots[i]!; id >= 0; id = slots[i]!) {
      if (this.#customerHash[id] === h) {
        const name = this.#customerNames[id]!;
        if (name.length === len && text.startsWith(name, start)) return id;
      }
      i = (i + 1) & mask;
    }
    this.#freeSlot = i;
    return -1;
  }

  /** Actors seen (the bound of actor ids). */
  get actorCount(): number {
    return this.#actorNames.length;
  }

  /** Customers seen (the bound of customer ids). */
  get customerCount(): number {
    return this.#customerNames.length;
  }

  /** Regions seen (the bound of region ids). */
  get regionCount(): number {
    return this.#regions.size;
  }

  /** The integer id of actor `name` (assigned on first sight). */
  actor(name: string): number {
    const known = this.#actorIds.get(name);
    if (known !== undefined) return known;
    const id = this.#actorNames.length;
    this.#actorIds.set(name, id);
    this.#actorNames.push(name);
    const staff = this.#directory.staff(name);
    this.#staff.push(staff);
    this.#team = grownInt32(this.#team, id + 1, NONE);
    const team = staff?.team;
    this.#team[id] = team === null || team === undefined ? NONE : this.#intern(this.#teams, team);
    this.#hasBook.push(this.#directory.hasBook(name));
    return id;
  }

  /** The integer id of customer `name` (assigned on first sight, with its agent and region). */
  customer(name: string): number {
    return this.customerAt(name, 0, name.length);
  }

  /**
   * The integer id of the customer named by `text[start, end)`, as {@link customer} of that
   * slice; the slice is only cut when the customer is new.
   *
   * @example
   * cache.customerAt('C1\u001dC2', 3, 5) === cache.customer('C2') // true
   */
  customerAt(text: string, start: number, end: number): number {
    const h = fnv(text, start, end);
    const id = this.#find(text, start, end, h);
    if (id >= 0) return id;
    const name = start === 0 && end === text.length ? text : text.slice(start, end);
    const info = this.#directory.customer(name);
    return this.#addCustomer(name, h, this.#freeSlot, info?.agent, info?.region);
  }

  #addCustomer(
    name: string,
    hash: number,
    slot: number,
    agent: string | null | undefined,
    region: string | null | undefined,
  ): number {
    const id = this.#customerNames.length;
    this.#customerNames.push(name);
    if (id === this.#customerHash.length) {
      const b = new Int32Array(id * 2);
      b.set(this.#customerHash);
      this.#customerHash = b;
    }
    this.#customerHash[id] = hash;
    this.#customerSlots[slot] = id;
    // At most half full: short probe runs.
    if ((id + 1) * 2 > this.#customerSlots.length) this.#rehash();
    this.#agentOf = grownInt32(this.#agentOf, id + 1, NONE);
    this.#regionOf = grownInt32(this.#regionOf, id + 1, NONE);
    this.#agentOf[id] = agent ? this.actor(agent) : NONE;
    this.#regionOf[id] = region ? this.#intern(this.#regions, region) : NONE;
    return id;
  }

  #rehash(): void {
    const slots = new Int32Array(this.#customerSlots.length * 2).fill(-1);
    const mask = slots.length - 1;
    const n = this.#customerNames.length;
    for (let id = 0; id < n; id++) {
      let i = this.#customerHash[id]! & mask;
      while (slots[i]! >= 0) i = (i + 1) & mask;
      slots[i] = id;
    }
    this.#customerSlots = slots;
  }

  actorName(id: number): string {
    return this.#actorNames[id]!;
  }

  staff(id: number): WatchStaff | undefined {
    return this.#staff[id];
  }

  /** The actor's team id, or NONE. */
  team(id: number): number {
    return this.#team[id]!;
  }

  hasBook(id: number): boolean {
    return this.#hasBook[id]!;
  }

  /** The agent (actor id) whose book holds customer `id`, or NONE. */
  agentOf(id: number): number {
    return this.#agentOf[id]!;
  }

  /** The region id of customer `id`, or NONE. */
  regionOf(id: number): number {
    return this.#regionOf[id]!;
  }

  #intern(map: Map<string, number>, key: string): number {
    let id = map.get(key);
    if (id === undefined) map.set(key, (id = map.size));
    return id;
  }
}
