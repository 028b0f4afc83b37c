/**
 * One day's events in typed arrays: the simulator appends, sorts by time once, then renders the
 * events either as {@link AccessEvent} objects (in memory) or straight into JSON lines (files) —
 * no intermediate objects on the 20-million-event path.
 */
import type { AccessAction, AccessEvent } from '../core/access-event.ts';
import { ACTIONS, OUTCOMES, PURPOSES, SOURCES } from './catalogue.ts';
import { customerId } from './customers.ts';

/** What the renderer needs to know about actors. */
export interface ActorLabels {
  /** Staff ids. */
  readonly ids: readonly string[];
  readonly roles: readonly string[];
  /** Branch name of actor s on the day being rendered. */
  branchOf(s: number): string;
}

/**
 * @example
 * const b = new EventBuffer();
 * b.add(9 * 3600, 0, ACTION.view, PURPOSE.claims, 0, SOURCE.claims, 42);
 * b.sort();
 * b.toEvents('2025-01-02', labels); // [{ ts: '2025-01-02T09:00:00+08:00', … }]
 */
export class EventBuffer {
  length = 0;
  #ts = new Int32Array(1 << 14);
  #actor = new Int32Array(1 << 14);
  /** action | purpose << 4 | outcome << 8 | source << 16 */
  #code = new Int32Array(1 << 14);
  #from = new Int32Array(1 << 14);
  #to = new Int32Array(1 << 14);
  #customers = new Int32Array(1 << 16);
  #customerLength = 0;
  #order = new Float64Array(0);

  /** Empties the buffer for the next day. */
  clear(): void {
    this.length = 0;
    this.#customerLength = 0;
  }

  #grow(): void {
    const n = this.#ts.length * 2;
    const grow = (a: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> => {
      const b = new Int32Array(n);
      b.set(a);
      return b;
    };
    this.#ts = grow(this.#ts);
    this.#actor = grow(this.#actor);
    this.#code = grow(this.#code);
    this.#from = grow(this.#from);
    this.#to = grow(this.#to);
  }

  #reserve(n: number): void {
    if (this.#customerLength + n <= this.#customers.length) return;
    let size = this.#customers.length * 2;
    while (size < this.#customerLength + n) size *= 2;
    const b = new Int32Array(size);
    b.set(this.#customers.subarray(0, this.#customerLength));
    this.#customers = b;
  }

  /**
   * Appends an event touching one customer. `second` is seconds after local midnight.
   *
   * @example
   * buffer.add(9 * 3600, 12, ACTION.view, PURPOSE.claims, OUTCOME.claim_step, SOURCE.claims, 42);
   */
  add(
    second: number,
    actor: number,
    action: number,
    purpose: number,
    outcome: number,
    source: number,
    customer: number,
  ): void {
    this.#reserve(1);
    const i = this.#open(second, actor, action, purpose, outcome, source);
    this.#customers[this.#customerLength++] = customer;
    this.#to[i] = this.#customerLength;
  }

  /** Appends an event touching several customers (a search's results, an export). */
  addMany(
    second: number,
    actor: number,
    action: number,
    purpose: number,
    outcome: number,
    source: number,
    customers: ArrayLike<number>,
  ): void {
    this.#reserve(customers.length);
    const i = this.#open(second, actor, action, purpose, outcome, source);
    for (let k = 0; k < customers.length; k++)
      this.#customers[this.#customerLength++] = customers[k]!;
    this.#to[i] = this.#customerLength;
  }

  #open(
    second: number,
    actor: number,
    action: number,
    purpose: number,
    outcome: number,
    source: number,
  ): number {
    if (this.length === this.#ts.length) this.#grow();
    const i = this.length++;
    this.#ts[i] = Math.max(0, Math.min(86399, second | 0));
    this.#actor[i] = actor;
    this.#code[i] = action | (purpose << 4) | (outcome << 8) | (source << 16);
    this.#from[i] = this.#customerLength;
    return i;
  }

  /** Orders events by time (ties keep insertion order). */
  sort(): void {
    if (this.#order.length < this.length) this.#order = new Float64Array(this.#ts.length);
    const order = this.#order.subarray(0, this.length);
    for (let i = 0; i < this.length; i++) order[i] = this.#ts[i]! * 2 ** 22 + i;
    order.sort();
  }

  #index(k: number): number {
    return this.#order[k]! % 2 ** 22;
  }

  /** Customers of event k (in sorted order) — for tests and planners. */
  customersOf(k: number): Int32Array {
    const i = this.#index(k);
    return this.#customers.subarray(this.#from[i]!, this.#to[i]!);
  }

  /**
   * The sorted events as objects.
   *
   * @example
   * buffer.sort(); const events = buffer.toEvents('2025-01-02', labels);
   */
  toEvents(date: string, labels: ActorLabels): AccessEvent[] {
    const out: AccessEvent[] = new Array<AccessEvent>(this.length);
    for (let k = 0; k < this.length; k++) {
      const i = this.#index(k);
      const code = this.#code[i]!;
      const a = this.#actor[i]!;
      const customers: string[] = [];
      for (let j = this.#from[i]!; j < this.#to[i]!; j++)
        customers.push(customerId(this.#customers[j]!));
      const e: AccessEvent = {
        ts: `${date}T${HMS[this.#ts[i]!]!}+08:00`,
        actor: labels.ids[a]!,
        action: ACTIONS[code & 15] as AccessAction,
        customers,
        purpose: PURPOSES[(code >> 4) & 15]!,
        source: SOURCES[code >> 16]!,
        role: labels.roles[a]!,
        branch: labels.branchOf(a),
      };
      const outcome = OUTCOMES[(code >> 8) & 255]!;
      if (outcome) e.outcome = outcome;
      out[k] = e;
    }
    return out;
  }

  /**
   * The sorted events as JSON lines (each ending in a newline), in the field order of
   * {@link toEvents}: `JSON.parse` of a line deep-equals the object.
   */
  toJsonLines(date: string, labels: ActorLabels, customerJson: (i: number) => string): string {
    const parts: string[] = new Array<string>(this.length);
    const tsHead = `{"ts":"${date}T`;
    // Per actor, the constant middle and tail of their lines today (built on first use).
    const heads: (string | undefined)[] = [];
    const tails: (string | undefined)[] = [];
    for (let k = 0; k < this.length; k++) {
      const i = this.#index(k);
      const code = this.#code[i]!;
      const a = this.#actor[i]!;
      const head = (heads[a] ??= `+08:00","actor":"${labels.ids[a]!}","action":"`);
      const tail = (tails[a] ??= `","role":"${labels.roles[a]!}","branch":"${labels.branchOf(a)}"`);
      const from = this.#from[i]!;
      const to = this.#to[i]!;
      let ids = customerJson(this.#customers[from]!);
      for (let j = from + 1; j < to; j++) ids += ',' + customerJson(this.#customers[j]!);
      const outcome = OUTCOMES[(code >> 8) & 255]!;
      parts[k] =
        tsHead +
        HMS[this.#ts[i]!]! +
        head +
        ACTIONS[code & 15]! +
        '","customers":[' +
        ids +
        '],"purpose":"' +
        PURPOSES[(code >> 4) & 15]! +
        '","source":"' +
        SOURCES[code >> 16]! +
        tail +
        (outcome ? OUTCOME_JSON[(code >> 8) & 255]! : '') +
        '}\n';
    }
    return parts.join('');
  }

  /**
   * The sorted events as UTF-8 JSON lines, written byte by byte from precomputed pieces — the
   * same text as {@link toJsonLines} without building a string per event (the file path writes
   * twenty million of them).
   */
  toJsonBytes(date: string, labels: ActorLabels): Buffer {
    let size = 0;
    for (let i = 0; i < this.length; i++)
      size += MAX_FIXED_BYTES + 14 * (this.#to[i]! - this.#from[i]!);
    const out = Buffer.allocUnsafe(size);
    let at = 0;
    const put = (b: Uint8Array): void => {
      out.set(b, at);
      at += b.length;
    };
    const tsHead = Buffer.from(`{"ts":"${date}T`);
    const heads: (Buffer | undefined)[] = [];
    const tails: (Buffer | undefined)[] = [];
    for (let k = 0; k < this.length; k++) {
      const i = this.#index(k);
      const code = this.#code[i]!;
      const a = this.#actor[i]!;
      put(tsHead);
      const t = this.#ts[i]! * 8;
      for (let x = 0; x < 8; x++) out[at++] = HMS_BYTES[t + x]!;
      put((heads[a] ??= Buffer.from(`+08:00","actor":"${labels.ids[a]!}","action":"`)));
      put(ACTION_BYTES[code & 15]!);
      put(CUSTOMERS_OPEN);
      for (let j = this.#from[i]!; j < this.#to[i]!; j++) {
        if (j !== this.#from[i]) out[at++] = 44; // ,
        out[at++] = 34; // "
        out[at++] = 67; // C
        const n = this.#customers[j]! + 1;
        const digits = n < 10_000_000 ? 7 : String(n).length;
        for (let x = digits - 1, v = n; x >= 0; x--, v = Math.floor(v / 10))
          out[at + x] = 48 + (v % 10);
        at += digits;
        out[at++] = 34;
      }
      put(PURPOSE_OPEN);
      put(PURPOSE_BYTES[(code >> 4) & 15]!);
      put(SOURCE_OPEN);
      put(SOURCE_BYTES[code >> 16]!);
      put(
        (tails[a] ??= Buffer.from(
          `","role":"${labels.roles[a]!}","branch":"${labels.branchOf(a)}"`,
        )),
      );
      const outcome = (code >> 8) & 255;
      if (outcome) put(OUTCOME_BYTES[outcome]!);
      out[at++] = 125; // }
      out[at++] = 10; // \n
    }
    return out.subarray(0, at);
  }
}

const HMS_BYTES = Buffer.from(
  Array.from({ length: 86400 }, (_, s) => {
    const h = Math.floor(s / 3600);
    const m = Math.floor((s % 3600) / 60);
    const x = s % 60;
    return `${h < 10 ? '0' : ''}${h}:${m < 10 ? '0' : ''}${m}:${x < 10 ? '0' : ''}${x}`;
  }).join(''),
);
const ACTION_BYTES = ACTIONS.map((a) => Buffer.from(a));
const PURPOSE_BYTES = PURPOSES.map((p) => Buffer.from(p));
const SOURCE_BYTES = SOURCES.map((p) => Buffer.from(p));
const OUTCOME_BYTES = OUTCOMES.map((o) => Buffer.from(`,"outcome":"${o}"`));
const CUSTOMERS_OPEN = Buffer.from('","customers":[');
const PURPOSE_OPEN = Buffer.from('],"purpose":"');
const SOURCE_OPEN = Buffer.from('","source":"');
/** Upper bound of an event line's bytes besides its customers. */
const MAX_FIXED_BYTES = 400;

/** `,"outcome":"…"` per outcome index. */
const OUTCOME_JSON: readonly string[] = OUTCOMES.map((o) => `,"outcome":"${o}"`);

/** "HH:MM:SS" for every second of a day. */
const HMS: readonly string[] = Array.from({ length: 86400 }, (_, s) => {
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const x = s % 60;
  return `${h < 10 ? '0' : ''}${h}:${m < 10 ? '0' : ''}${m}:${x < 10 ? '0' : ''}${x}`;
});
