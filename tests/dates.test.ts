import { describe, expect, it } from "vitest";
import { isoDate } from "../lib/report/dates";

/** What the parser did before: a Date round trip. */
function byDate(year: number, month: number, day: number): string | null {
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return date.toISOString().slice(0, 10);
}

describe("isoDate (parse speed)", () => {
  it("is the Date round trip for every day of the years around those reports print, and for the edge years", () => {
    const years = [0, 1, 12, 99, 100, 101, 999, 1000, 1899, 1900, 1901, 2000, 2100, 2400, 9999, NaN];
    for (let year = 1990; year <= 2030; year++) years.push(year);
    let compared = 0;
    for (const year of years) {
      for (const month of [NaN, -1, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 1.5]) {
        for (let day = -1; day <= 33; day++) {
          expect(isoDate(year, month, day), `${year}-${month}-${day}`).toBe(byDate(year, month, day));
          compared++;
        }
      }
    }
    expect(compared).toBe(years.length * 17 * 35);
    expect(isoDate(2024, 2, 29)).toBe("2024-02-29");
    expect(isoDate(2023, 2, 29)).toBeNull();
  });
});
