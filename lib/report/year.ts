import { issue } from "./issues";
import type { Issue } from "./schema";
import { calendarYear, periodYear, type Period, type ReportMention, type Title, type TwoYearTitle } from "./title";

/**
 * The year a report is of: the title's, or for a title naming two years the one its statistical period or its text
 * decides. A period or text naming another report year than the title's is flagged (report.yearConflict).
 */

export type YearDecision = { ok: true; year: number; period: Period & { stated: boolean }; issues: Issue[] } | { ok: false; reason: string };

function uniqueYears(years: readonly (number | null)[]): number[] {
  return [...new Set(years.filter((year): year is number => year !== null))];
}

/** Of the years a two-year title names, the one the stated periods, else the text's report mentions, name alone. */
function yearOfSpan([first, last]: [number, number], periods: readonly Period[], mentions: readonly ReportMention[]): number | null {
  const inSpan = (year: number | null) => year !== null && year >= first && year <= last;
  const periodYears = uniqueYears(periods.map(periodYear)).filter(inSpan);
  if (periodYears.length) return periodYears.length === 1 ? (periodYears[0] as number) : null;
  const mentionYears = uniqueYears(mentions.map((mention) => mention.year)).filter(inSpan);
  return mentionYears.length === 1 ? (mentionYears[0] as number) : null;
}

function conflicts(year: number, stored: Period | null, mentions: readonly ReportMention[]): string[] {
  const found: string[] = [];
  if (stored && periodYear(stored) !== year) found.push(`the statistical period is ${stored.start} to ${stored.end}`);
  const other = mentions.find((mention) => mention.year !== year);
  if (other) found.push(`the text names the ${other.year} report (${other.phrase})`);
  return found;
}

export function decideYear(title: Title | TwoYearTitle, periods: readonly Period[], mentions: readonly ReportMention[]): YearDecision {
  const year = "years" in title ? yearOfSpan(title.years, periods, mentions) : title.year;
  if (year === null) {
    const [first, last] = (title as TwoYearTitle).years;
    return {
      ok: false,
      reason: `the title names two report years, ${first} and ${last}, and neither the statistical period nor the text says which one it is`,
    };
  }
  // A report may state several periods (this year's and last year's for comparison): the one of its own year is its period.
  const stored = periods.find((period) => periodYear(period) === year) ?? periods[0] ?? null;
  const found = conflicts(year, stored, mentions);
  const issues = found.length ? [issue("report.yearConflict", `the title names ${year} but ${found.join(" and ")}`, "report", "year")] : [];
  return { ok: true, year, period: stored ? { ...stored, stated: true } : { ...calendarYear(year), stated: false }, issues };
}
