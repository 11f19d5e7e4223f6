/** Calendar dates as the reports print them (年月日), checked and written as ISO dates without a Date object. */

function isLeap(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * The ISO date (2021-12-31), or null when there is no such day (2月30日) or the year is not one of 100–9999: what
 * `new Date(Date.UTC(year, month - 1, day))` gives when it keeps the year, month and day, which a Date does not for
 * years 0–99 (read as 1900–1999). Arithmetic, because the Date round trip cost more than the rest of the period's reading.
 */
export function isoDate(year: number, month: number, day: number): string | null {
  if (!Number.isInteger(year) || !Number.isInteger(month) || !Number.isInteger(day)) return null;
  if (year < 100 || year > 9999 || month < 1 || month > 12 || day < 1) return null;
  if (day > (month === 2 && isLeap(year) ? 29 : (DAYS_IN_MONTH[month - 1] as number))) return null;
  return `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}
