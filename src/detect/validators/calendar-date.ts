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
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!;
  return day <= days;
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
  today: Date = new Date(),
): boolean {
  if (year < EARLIEST_BIRTH_YEAR || !isRealDate(year, month, day)) return false;
  const y = today.getUTCFullYear();
  if (year !== y) return year < y;
  const m = today.getUTCMonth() + 1;
  return month < m || (month === m && day <= today.getUTCDate());
}
