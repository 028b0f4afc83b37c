/**
 * Local day and hour of an event time. Working hours and "the day" are local notions: an event
 * stamped `2025-03-01T23:30:00+08:00` happened on 1 March at 23:00 local time, whatever the UTC
 * date. Times in another offset (or Z) are shifted to the organisation's offset.
 */

/** A local calendar day and hour (0–23). */
export interface LocalTime {
  day: string;
  hour: number;
}

const suffixes = new Map<number, string>();

/**
 * The ISO suffix of an offset in minutes.
 *
 * @example
 * offsetSuffix(480) // '+08:00'
 */
export function offsetSuffix(minutes: number): string {
  let s = suffixes.get(minutes);
  if (s === undefined) suffixes.set(minutes, (s = formatOffset(minutes)));
  return s;
}

function formatOffset(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const m = Math.abs(minutes);
  return `${sign}${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
}

/**
 * Parses `ts` (ISO-8601 with offset) into the local day and hour at `utcOffsetMinutes`.
 * Returns undefined for an unparseable time.
 *
 * @example
 * localTime('2025-03-01T23:30:00+08:00', 480) // { day: '2025-03-01', hour: 23 }
 * localTime('2025-03-01T23:30:00Z', 480) // { day: '2025-03-02', hour: 7 }
 */
export function localTime(ts: string, utcOffsetMinutes: number): LocalTime | undefined {
  // Fast path: the event is already in the organisation's offset (the usual case).
  if (ts.length >= 22 && ts.endsWith(offsetSuffix(utcOffsetMinutes)) && ts[10] === 'T') {
    return { day: ts.slice(0, 10), hour: (ts.charCodeAt(11) - 48) * 10 + ts.charCodeAt(12) - 48 };
  }
  const ms = Date.parse(ts);
  if (Number.isNaN(ms)) return undefined;
  const local = new Date(ms + utcOffsetMinutes * 60_000).toISOString();
  return { day: local.slice(0, 10), hour: Number(local.slice(11, 13)) };
}

/**
 * The day after (or `n` days after) `day`.
 *
 * @example
 * addDays('2025-02-28', 1) // '2025-03-01'
 */
export function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
}

/**
 * Whole days from `a` to `b`.
 *
 * @example
 * daysBetween('2025-03-01', '2025-03-08') // 7
 */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}

/**
 * ISO time of local midnight starting `day` at the offset, e.g. for range queries.
 *
 * @example
 * localMidnight('2025-03-01', 480) // '2025-03-01T00:00:00+08:00'
 */
export function localMidnight(day: string, utcOffsetMinutes: number): string {
  return `${day}T00:00:00${offsetSuffix(utcOffsetMinutes)}`;
}

/**
 * The local day of an instant.
 *
 * @example
 * localDayOf(new Date('2025-03-01T20:00:00Z'), 480) // '2025-03-02'
 */
export function localDayOf(instant: Date, utcOffsetMinutes: number): string {
  return new Date(instant.getTime() + utcOffsetMinutes * 60_000).toISOString().slice(0, 10);
}

function digit(s: string, i: number): number {
  const c = s.charCodeAt(i) - 48;
  return c >= 0 && c <= 9 ? c : -1000;
}

/**
 * Local day and hour of many event times in a row, without allocating: the database stores
 * times as UTC instants in one fixed format (`2025-03-01T15:30:00.000Z`), and Date parsing per
 * event costs more than the rest of watch's work on it. Other formats take {@link localTime}.
 * After a successful {@link LocalClock.read}, `day` and `hour` hold the result; equal days are the
 * same string object.
 *
 * @example
 * const clock = new LocalClock(480);
 * clock.read('2025-03-01T20:30:00.000Z'); // true; clock.day === '2025-03-02', clock.hour === 4
 */
export class LocalClock {
  day = '';
  hour = 0;
  readonly #offset: number;
  /** The UTC date last seen and the local days before, on and after it. */
  #utcDate = '';
  #days: [string, string, string] = ['', '', ''];

  constructor(utcOffsetMinutes: number) {
    this.#offset = utcOffsetMinutes;
  }

  /** Parses `ts` into `day` and `hour`; false when it is not a valid time. */
  read(ts: string): boolean {
    if (ts.length === 24 && ts.charCodeAt(23) === 90 /* Z */ && ts.charCodeAt(10) === 84) {
      const h = digit(ts, 11) * 10 + digit(ts, 12);
      const m = digit(ts, 14) * 10 + digit(ts, 15);
      const sec = digit(ts, 17) * 10 + digit(ts, 18);
      const ms = digit(ts, 20) + digit(ts, 21) + digit(ts, 22);
      if (
        h >= 0 &&
        h < 24 &&
        m >= 0 &&
        m < 60 &&
        sec >= 0 &&
        sec < 60 &&
        ms >= 0 &&
        ts.charCodeAt(13) === 58 &&
        ts.charCodeAt(16) === 58 &&
        ts.charCodeAt(19) === 46 &&
        ((this.#utcDate.length === 10 && ts.startsWith(this.#utcDate)) || this.#setDate(ts))
      ) {
        let minutes = h * 60 + m + this.#offset;
        let shift = 1;
        while (minutes < 0) {
          minutes += 1440;
          shift--;
        }
        while (minutes >= 1440) {
          minutes -= 1440;
          shift++;
        }
        if (shift >= 0 && shift <= 2) {
          this.day = this.#days[shift]!;
          this.hour = Math.floor(minutes / 60);
          return true;
        }
      }
    }
    const t = localTime(ts, this.#offset);
    if (!t) return false;
    this.day = t.day;
    this.hour = t.hour;
    return true;
  }

  /** Remembers the UTC date of `ts` and its neighbours; false when the date is not valid. */
  #setDate(ts: string): boolean {
    const date = ts.slice(0, 10);
    const ms = Date.parse(`${date}T00:00:00Z`);
    if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== date) return false;
    this.#utcDate = date;
    this.#days = [addDays(date, -1), date, addDays(date, 1)];
    return true;
  }
}
