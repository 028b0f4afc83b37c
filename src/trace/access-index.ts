/**
 * Who accessed which customer before a leak was seen, in memory: the distinct (customer, actor)
 * pairs of `access_event_customers` as a compressed sparse row table (customer → actors).
 *
 * Attribution runs many tests over the same history (every actor, every peeling round, and in
 * the acceptance tests 200 leaks), so the history is loaded once into typed arrays and every
 * test after that is pure arithmetic — no database round trips and no per-pair objects (20 M
 * access events fit in a few hundred MB).
 */

/** Grows a Uint32Array by doubling. */
class U32List {
  data = new Uint32Array(1024);
  length = 0;
  push(v: number): void {
    if (this.length === this.data.length) {
      const next = new Uint32Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }
}

/**
 * Collects (customer, actor) pairs, in any order and with repeats, then builds an
 * {@link AccessIndex}.
 *
 * @example
 * const b = new AccessIndexBuilder();
 * b.add('C1', 'S001'); b.add('C1', 'S001'); b.add('C2', 'S002');
 * const index = b.build(); // 2 customers, 2 distinct pairs
 */
export class AccessIndexBuilder {
  readonly #customerIds = new Map<string, number>();
  readonly #actorIds = new Map<string, number>();
  readonly #customers: string[] = [];
  readonly #actors: string[] = [];
  readonly #pairCustomer = new U32List();
  readonly #pairActor = new U32List();
  readonly #events = new U32List();
  #lastActor: string | undefined;
  #lastActorIndex = 0;
  /** Access times (ms since epoch) per pair, when {@link add} is given them. */
  #times: Float64Array | undefined;

  /**
   * Records that `actor` accessed `customerId` (once per access event and customer). Pass the
   * access time (ms since epoch) on every call to keep, per pair, the first access time
   * (per-customer cut-offs, e.g. complaints).
   */
  add(customerId: string, actor: string, atMs?: number): void {
    let c = this.#customerIds.get(customerId);
    if (c === undefined) {
      c = this.#customers.length;
      this.#customerIds.set(customerId, c);
      this.#customers.push(customerId);
      this.#events.push(0);
    }
    // Consecutive rows of one access event share their actor: skip the map then.
    let a = actor === this.#lastActor ? this.#lastActorIndex : this.#actorIds.get(actor);
    if (a === undefined) {
      a = this.#actors.length;
      this.#actorIds.set(actor, a);
      this.#actors.push(actor);
    }
    this.#lastActor = actor;
    this.#lastActorIndex = a;
    this.#events.data[c]!++;
    if (atMs !== undefined) {
      const i = this.#pairCustomer.length;
      if (this.#times === undefined) this.#times = new Float64Array(Math.max(1024, i + 1));
      else if (i >= this.#times.length) {
        const next = new Float64Array(this.#times.length * 2);
        next.set(this.#times);
        this.#times = next;
      }
      this.#times[i] = atMs;
    }
    this.#pairCustomer.push(c);
    this.#pairActor.push(a);
  }

  /**
   * Builds the index. `universe` is the number of customers in the vault (at least the number
   * seen here): customers nobody accessed belong to the null model's "never accessed" stratum.
   */
  build(universe = 0): AccessIndex {
    const n = this.#pairCustomer.length;
    const nActors = Math.max(1, this.#actors.length);
    // Pack each pair into one float64 (exact below 2^53) and sort: one typed-array sort is far
    // faster than deduplicating through per-customer Sets.
    const keys = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      keys[i] = this.#pairCustomer.data[i]! * nActors + this.#pairActor.data[i]!;
    }
    const times = this.#times;
    // With times, sort a permutation (slower) so each pair keeps its earliest time.
    const order = times ? Uint32Array.from({ length: n }, (_, i) => i) : undefined;
    if (order && times) order.sort((x, y) => keys[x]! - keys[y]! || times[x]! - times[y]!);
    else keys.sort();
    const nCustomers = this.#customers.length;
    const offsets = new Uint32Array(nCustomers + 1);
    const actorsOf = new Uint32Array(n);
    const firstSeen = times ? new Float64Array(n) : undefined;
    let m = 0;
    let last = -1;
    for (let j = 0; j < n; j++) {
      const i = order ? order[j]! : j;
      const key = keys[i]!;
      if (key === last) continue;
      last = key;
      const c = Math.floor(key / nActors);
      if (firstSeen && times) firstSeen[m] = times[i]!;
      actorsOf[m++] = key - c * nActors;
      offsets[c + 1]!++;
    }
    for (let c = 0; c < nCustomers; c++) offsets[c + 1]! += offsets[c]!;
    return new AccessIndex(
      [...this.#customers],
      [...this.#actors],
      offsets,
      actorsOf.slice(0, m),
      this.#events.data.slice(0, nCustomers),
      Math.max(universe, nCustomers),
      firstSeen?.slice(0, m),
    );
  }
}

/**
 * Distinct actors per customer (CSR), access-event counts per customer, and the vault size.
 *
 * @example
 * const index = builder.build(vaultSize);
 * index.actorsOfCustomer(index.customerIndex('C1')!); // Uint32Array of actor indices
 */
export class AccessIndex {
  /** Id → index, built on first use when `customers` is not in ascending order. */
  #byId: Map<string, number> | undefined;
  /** Whether `customers` is strictly ascending (JavaScript order): look-ups binary-search it. */
  readonly #sorted: boolean;

  /**
   * @param customers external ids, by customer index
   * @param actors actor ids, by actor index
   * @param offsets `actorsOf[offsets[c]..offsets[c+1]]` are the distinct actors of customer c
   * @param actorsOf actor indices, sorted within each customer
   * @param events access events per customer (every event counted, not only distinct actors)
   * @param universe customers in the vault, accessed or not
   * @param firstSeen first access time (ms) of each pair, aligned with `actorsOf`, when known
   */
  constructor(
    readonly customers: readonly string[],
    readonly actors: readonly string[],
    readonly offsets: Uint32Array,
    readonly actorsOf: Uint32Array,
    readonly events: Uint32Array,
    readonly universe: number,
    readonly firstSeen?: Float64Array,
  ) {
    // The database loader delivers customers sorted by id; a million-entry Map would cost more
    // than the rest of building the index.
    let sorted = true;
    for (let i = 1; i < customers.length && sorted; i++) sorted = customers[i - 1]! < customers[i]!;
    this.#sorted = sorted;
  }

  /** Index of an external customer id, or undefined when nobody accessed the customer. */
  customerIndex(customerId: string): number | undefined {
    if (!this.#sorted) {
      this.#byId ??= new Map(this.customers.map((id, i) => [id, i]));
      return this.#byId.get(customerId);
    }
    let lo = 0;
    let hi = this.customers.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const v = this.customers[mid]!;
      if (v === customerId) return mid;
      if (v < customerId) lo = mid + 1;
      else hi = mid;
    }
    return undefined;
  }

  /** Number of distinct actors who accessed customer `c`. */
  distinctActors(c: number): number {
    return this.offsets[c + 1]! - this.offsets[c]!;
  }

  /** The distinct actors (indices) of customer `c`. */
  actorsOfCustomer(c: number): Uint32Array {
    return this.actorsOf.subarray(this.offsets[c]!, this.offsets[c + 1]!);
  }

  /**
   * Whether actor `a` accessed customer `c` (before `beforeMs`, when given and times are
   * known) — binary search in the customer's sorted list.
   */
  accessed(a: number, c: number, beforeMs?: number): boolean {
    let lo = this.offsets[c]!;
    let hi = this.offsets[c + 1]!;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const v = this.actorsOf[mid]!;
      if (v === a)
        return (
          beforeMs === undefined || this.firstSeen === undefined || this.firstSeen[mid]! < beforeMs
        );
      if (v < a) lo = mid + 1;
      else hi = mid;
    }
    return false;
  }
}
