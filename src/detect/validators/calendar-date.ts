/**
 * Calendar checks shared by recognisers that carry a date (resident ID, date of birth).
 */

/**
 * True when year/month/day is a real Gregorian date.
 *
 * @example
 * isRealDate(2000, 2, 29) // true
 * isRealDate(1900, 2, 29) // false
 */
export function isRealDate(year: number, month: number, day: number): boolean {
  if (!Number.isInteger(year) || month < 1 || month > 12 || day < 1) return false;
  if (month === 2) {
    const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
    return day <= (leap ? 29 : 28);
  }
  return day <= DAYS_IN_MONTH[month - 1]!;
}

/** Days per month outside February; a module constant, since this runs once per candidate. */
const DAYS_IN_MONTH: readonly number[] = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Today as YYYYMMDD (UTC) and until when that holds, so most calls allocate no Date. */
let todayKey = 0;
let todayValidUntil = 0;

function currentDayKey(): number {
  const now = Date.now();
  if (now >= todayValidUntil) {
    const d = new Date(now);
    todayKey = d.getUTCFullYear() * 10000 + (d.getUTCMonth() + 1) * 100 + d.getUTCDate();
    todayValidUntil = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + 1);
  }
  return todayKey;
}

/** Earliest birth year piguard accepts: nobody alive was born before it. */
export const EARLIEST_BIRTH_YEAR = 1900;

/**
 * True when the date is a plausible birth date: real, not before 1900, not after `today`.
 *
 * @example
 * isPlausibleBirthDate(1990, 1, 2) // true
 * isPlausibleBirthDate(1899, 12, 31) // false
 */
export function isPlausibleBirthDate(
  year: number,
  month: number,
  day: number,
  today?: Date,
): boolean {
  if (year < EARLIEST_BIRTH_YEAR || !isRealDate(year, month, day)) return false;
  const limit =
    today === undefined
      ? currentDayKey()
      : today.getUTCFullYear() * 10000 + (today.getUTCMonth() + 1) * 100 + today.getUTCDate();
  return year * 10000 + month * 100 + day <= limit;
}
