/**
 * The working calendar of mainland China, 2025–2027: public holidays as the State Council's
 * General Office announces them each year, with the make-up workdays (调休) that shift weekends
 * around them. Outside the table, Saturday and Sunday are rest days.
 *
 * 2025 and 2026 are the official schedules (国办发明电〔2024〕12号; the notice of 4 Nov 2025).
 * 2027 had not been announced when this was written: its days are projected from the 2024
 * revision of 全国年节及纪念日放假办法 (元旦 1, 春节 4, 清明 1, 劳动节 2, 端午 1, 中秋 1,
 * 国庆 3 statutory days) and the lunar dates, in the pattern of past notices — replace them with
 * the notice when it appears.
 */

/** Holiday ranges (inclusive) and make-up workdays, per year. */
interface YearSchedule {
  holidays: readonly (readonly [string, string, string])[];
  makeupWorkdays: readonly string[];
}

const SCHEDULE: Readonly<Record<number, YearSchedule>> = {
  2025: {
    holidays: [
      ['2025-01-01', '2025-01-01', '元旦'],
      ['2025-01-28', '2025-02-04', '春节'],
      ['2025-04-04', '2025-04-06', '清明节'],
      ['2025-05-01', '2025-05-05', '劳动节'],
      ['2025-05-31', '2025-06-02', '端午节'],
      ['2025-10-01', '2025-10-08', '国庆节、中秋节'],
    ],
    makeupWorkdays: ['2025-01-26', '2025-02-08', '2025-04-27', '2025-09-28', '2025-10-11'],
  },
  2026: {
    holidays: [
      ['2026-01-01', '2026-01-03', '元旦'],
      ['2026-02-15', '2026-02-23', '春节'],
      ['2026-04-04', '2026-04-06', '清明节'],
      ['2026-05-01', '2026-05-05', '劳动节'],
      ['2026-06-19', '2026-06-21', '端午节'],
      ['2026-09-25', '2026-09-27', '中秋节'],
      ['2026-10-01', '2026-10-07', '国庆节'],
    ],
    makeupWorkdays: [
      '2026-01-04',
      '2026-02-14',
      '2026-02-28',
      '2026-05-09',
      '2026-09-20',
      '2026-10-10',
    ],
  },
  2027: {
    // Projected (see the module comment).
    holidays: [
      ['2027-01-01', '2027-01-03', '元旦'],
      ['2027-02-05', '2027-02-11', '春节'],
      ['2027-04-03', '2027-04-05', '清明节'],
      ['2027-05-01', '2027-05-05', '劳动节'],
      ['2027-06-09', '2027-06-09', '端午节'],
      ['2027-09-15', '2027-09-15', '中秋节'],
      ['2027-10-01', '2027-10-07', '国庆节'],
    ],
    makeupWorkdays: ['2027-02-20', '2027-05-08', '2027-09-26', '2027-10-09'],
  },
};

const MS_PER_DAY = 86_400_000;

/**
 * Days since 1970-01-01 of a `YYYY-MM-DD` date.
 *
 * @example
 * dayNumber('1970-01-02') // 1
 */
export function dayNumber(date: string): number {
  return Math.round(Date.parse(`${date}T00:00:00Z`) / MS_PER_DAY);
}

/**
 * The `YYYY-MM-DD` date of a day number.
 *
 * @example
 * dateOfDay(1) // '1970-01-02'
 */
export function dateOfDay(n: number): string {
  return new Date(n * MS_PER_DAY).toISOString().slice(0, 10);
}

/**
 * A date plus n days.
 *
 * @example
 * addDays('2025-01-31', 1) // '2025-02-01'
 */
export function addDays(date: string, n: number): string {
  return dateOfDay(dayNumber(date) + n);
}

/**
 * A date plus n calendar months (day of month clamped).
 *
 * @example
 * addMonths('2025-01-01', 18) // '2026-07-01'
 */
export function addMonths(date: string, n: number): string {
  const y = Number(date.slice(0, 4));
  const m = Number(date.slice(5, 7)) - 1 + n;
  const d = Number(date.slice(8, 10));
  const year = y + Math.floor(m / 12);
  const month = ((m % 12) + 12) % 12;
  const last = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return new Date(Date.UTC(year, month, Math.min(d, last))).toISOString().slice(0, 10);
}

const HOLIDAYS = new Map<string, string>();
const MAKEUP = new Set<string>();
for (const s of Object.values(SCHEDULE)) {
  for (const [from, to, name] of s.holidays) {
    for (let d = dayNumber(from); d <= dayNumber(to); d++) HOLIDAYS.set(dateOfDay(d), name);
  }
  for (const d of s.makeupWorkdays) MAKEUP.add(d);
}

/** A day's kind for work: `workday` (incl. make-up workdays), `weekend`, `holiday`. */
export type DayKind = 'workday' | 'weekend' | 'holiday';

/**
 * @example
 * dayKind('2025-01-29') // 'holiday' (春节)
 * dayKind('2025-01-26') // 'workday' (a Sunday made a workday)
 * dayKind('2025-03-08') // 'weekend'
 */
export function dayKind(date: string): DayKind {
  if (HOLIDAYS.has(date)) return 'holiday';
  if (MAKEUP.has(date)) return 'workday';
  const dow = new Date(`${date}T00:00:00Z`).getUTCDay();
  return dow === 0 || dow === 6 ? 'weekend' : 'workday';
}

/**
 * True on a public holiday (放假 days of the notice, weekends inside them included).
 *
 * @example
 * isHoliday('2025-10-03') // true
 */
export function isHoliday(date: string): boolean {
  return HOLIDAYS.has(date);
}

/**
 * True on a working day (a weekday outside holidays, or a make-up Saturday/Sunday).
 *
 * @example
 * isWorkday('2025-02-08') // true (调休 Saturday)
 */
export function isWorkday(date: string): boolean {
  return dayKind(date) === 'workday';
}

/**
 * The holiday's name, or undefined.
 *
 * @example
 * holidayName('2026-02-17') // '春节'
 */
export function holidayName(date: string): string | undefined {
  return HOLIDAYS.get(date);
}

/**
 * Day of the week, 0 = Sunday … 6 = Saturday.
 *
 * @example
 * weekday('2025-01-01') // 3
 */
export function weekday(date: string): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay();
}
