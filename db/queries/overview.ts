import { and, asc, count, countDistinct, desc, eq, inArray, sql } from "drizzle-orm";
import {
  type Count,
  DERIVED_MEASURES,
  deriveMeasures,
  type MatrixCounts,
  measureInputs,
  measureValue,
  outcomeGroupCounts,
  outcomeGroupShares,
} from "../../lib/report/measures";
import { type ApplicationRow, REVIEW_FIELDS, REVIEW_GROUPS, type ReviewField, type ReviewGroup } from "../../lib/report/schema";
import type { IssueCount, NationalYear, Overview, ProvinceCount, RankedAgency, YearCount } from "../../lib/store/types";
import type { Db } from "../client";
import { agencies, reportIssues, reports } from "../schema";
import { agenciesByIds } from "./agencies";
import { emptyCounts, mergeInputs, numberKeyed, summedCounts } from "./counts";

// ── Overview ─────────────────────────────────────────────────────────────────────────────────────────────

export const NATIONAL_INPUTS = mergeInputs([
  ...DERIVED_MEASURES.map(measureInputs),
  { applications: { otherTotal: ["total"], carriedForward: ["total"] }, reviewLitigation: {} },
  { applications: {}, reviewLitigation: Object.fromEntries(REVIEW_GROUPS.map((group) => [group, [...REVIEW_FIELDS]])) },
]);

const flaggedReports = sql<number>`sum(CASE WHEN ${reports.errorCount} + ${reports.warningCount} > 0 THEN 1 ELSE 0 END)`;

function reportsByYear(db: Db): YearCount[] {
  return (
    db
      // An agency has one current report a year: its reports of a year are its agencies.
      .select({ year: reports.year, agencies: count(reports.id), reports: count(reports.id), flagged: flaggedReports })
      .from(reports)
      .where(eq(reports.isCurrent, true))
      .groupBy(reports.year)
      .orderBy(asc(reports.year))
      .all()
  );
}

function reportsByProvince(db: Db): ProvinceCount[] {
  return db
    .select({ province: agencies.province, agencies: countDistinct(agencies.id), reports: count(reports.id) })
    .from(agencies)
    .innerJoin(reports, and(eq(reports.agencyId, agencies.id), eq(reports.isCurrent, true)))
    .groupBy(agencies.province)
    .orderBy(desc(count(reports.id)), asc(agencies.province))
    .all();
}

function reviewRecord(counts: MatrixCounts, group: ReviewGroup): Record<ReviewField, Count> {
  return Object.fromEntries(REVIEW_FIELDS.map((field) => [field, counts.reviewLitigation[group]?.[field] ?? null])) as Record<ReviewField, Count>;
}

export function nationalYear(year: number, reportCount: number, counts: MatrixCounts): NationalYear {
  const total = (row: ApplicationRow) => counts.applications[row]?.total ?? null;
  return {
    year,
    reports: reportCount,
    newReceived: total("newReceived"),
    carriedOver: total("carriedOver"),
    handled: total("handledTotal"),
    carriedForward: total("carriedForward"),
    outcomes: outcomeGroupCounts(counts),
    outcomeShares: outcomeGroupShares(counts),
    reconsideration: reviewRecord(counts, "reconsideration"),
    litigationDirect: reviewRecord(counts, "litigationDirect"),
    litigationAfterReconsideration: reviewRecord(counts, "litigationAfterReconsideration"),
    measures: deriveMeasures(counts),
  };
}

/** Rank the agencies of one year by a measure; `basis` is the count a rate rests on, the tie-breaker. */
function rankAgencies(db: Db, year: number, measure: string, basis: (counts: MatrixCounts) => Count, limit: number): RankedAgency[] {
  const counts = numberKeyed(summedCounts(db, { years: [year] }, measureInputs(measure), "agency"));
  const ranked = rankedByMeasure(counts, measure, basis, limit);
  const byId = new Map(
    agenciesByIds(
      db,
      ranked.map((r) => r.agencyId),
    ).map((a) => [a.id, a]),
  );
  const reportIds = currentReportIds(
    db,
    ranked.map((r) => r.agencyId),
    year,
  );
  return ranked.map(({ agencyId, value, basis: b }) => ({ ...byId.get(agencyId)!, reportId: reportIds.get(agencyId)!, value, basis: b }));
}

/** The agencies with a positive value, highest first, ties by the basis, then id. */
export function rankedByMeasure(
  counts: Map<number, MatrixCounts>,
  measure: string,
  basis: (counts: MatrixCounts) => Count,
  limit: number,
): { agencyId: number; value: number; basis: Count }[] {
  return [...counts]
    .map(([agencyId, summed]) => ({ agencyId, value: measureValue(summed, measure), basis: basis(summed) }))
    .filter((row): row is { agencyId: number; value: number; basis: Count } => row.value !== null && row.value > 0)
    .sort((a, b) => b.value - a.value || (b.basis ?? 0) - (a.basis ?? 0) || a.agencyId - b.agencyId)
    .slice(0, limit);
}

function currentReportIds(db: Db, agencyIds: number[], year: number): Map<number, number> {
  if (agencyIds.length === 0) return new Map();
  const rows = db
    .select({ agencyId: reports.agencyId, id: reports.id })
    .from(reports)
    .where(and(inArray(reports.agencyId, agencyIds), eq(reports.year, year), eq(reports.isCurrent, true)))
    .all();
  return new Map(rows.map((r) => [r.agencyId, r.id]));
}

function issueCounts(db: Db): IssueCount[] {
  return db
    .select({ code: reportIssues.code, severity: reportIssues.severity, reports: countDistinct(reportIssues.reportId) })
    .from(reportIssues)
    .innerJoin(reports, and(eq(reports.id, reportIssues.reportId), eq(reports.isCurrent, true)))
    .groupBy(reportIssues.code, reportIssues.severity)
    .orderBy(desc(countDistinct(reportIssues.reportId)), asc(reportIssues.code))
    .all();
}

export const concludedReconsiderations = (counts: MatrixCounts): Count => {
  const group = counts.reviewLitigation.reconsideration;
  return group?.total == null ? null : group.total - (group.pending ?? 0);
};

const overviewCache = new WeakMap<Db, Map<string, Overview>>();

/**
 * The overview reads every current report, so it is kept per connection until the data changes:
 * PRAGMA data_version moves when another connection (an ingest) commits.
 */
export function overview(db: Db, options: { year?: number; top?: number } = {}): Overview {
  const version = db.$client.pragma("data_version", { simple: true }) as number;
  const cache = overviewCache.get(db) ?? new Map<string, Overview>();
  overviewCache.set(db, cache);
  const remember = <T>(key: string, compute: () => T): T => {
    const found = cache.get(`${version}:${key}`) as T | undefined;
    if (found !== undefined) return found;
    if (cache.size > 50) cache.clear();
    const computed = compute();
    cache.set(`${version}:${key}`, computed as Overview);
    return computed;
  };
  // The national figures do not depend on the year asked for: computed once, shared by every ranking year.
  const national = remember("national", () => nationalOverview(db));
  const rankingYear = options.year ?? national.reportsByYear.at(-1)?.year ?? null;
  return remember(`${rankingYear}:${options.top ?? ""}`, () => ({ ...national, ...rankings(db, rankingYear, options.top ?? 10) }));
}

type NationalOverview = Pick<Overview, "reportsByYear" | "byProvince" | "national" | "issues">;

function nationalOverview(db: Db): NationalOverview {
  const reportsYears = reportsByYear(db);
  const national = numberKeyed(summedCounts(db, {}, NATIONAL_INPUTS, "year"));
  return {
    reportsByYear: reportsYears,
    byProvince: reportsByProvince(db),
    national: reportsYears.map(({ year, reports: n }) => nationalYear(year, n, national.get(year) ?? emptyCounts())),
    issues: issueCounts(db),
  };
}

function rankings(db: Db, rankingYear: number | null, top: number): Pick<Overview, "rankingYear" | "topApplications" | "topCorrection"> {
  return {
    rankingYear,
    topApplications: rankingYear === null ? [] : rankAgencies(db, rankingYear, "applicationsTotal", () => null, top),
    topCorrection: rankingYear === null ? [] : rankAgencies(db, rankingYear, "reconsiderationCorrectionRate", concludedReconsiderations, top),
  };
}
