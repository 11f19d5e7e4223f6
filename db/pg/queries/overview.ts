import { and, asc, count, countDistinct, desc, eq, inArray, sql } from "drizzle-orm";
import { type Count, type MatrixCounts, measureInputs } from "../../../lib/report/measures";
import type { IssueCount, Overview, ProvinceCount, RankedAgency, YearCount } from "../../../lib/store/types";
import { emptyCounts, numberKeyed } from "../../queries/counts";
import { concludedReconsiderations, NATIONAL_INPUTS, nationalYear, rankedByMeasure } from "../../queries/overview";
import type { PgDb } from "../client";
import { agencies, reportIssues, reports } from "../schema";
import { agenciesByIds } from "./agencies";
import { ascNullsFirst, type PgRead, pgSnapshot } from "./common";
import { summedCounts } from "./counts";

/** The overview on PostgreSQL: the pair of db/queries/overview.ts, whose pure parts it imports. */

const flaggedReports = sql<number>`sum(CASE WHEN ${reports.errorCount} + ${reports.warningCount} > 0 THEN 1 ELSE 0 END)`;

function reportsByYear(db: PgRead): Promise<YearCount[]> {
  return db
    .select({ year: reports.year, agencies: count(reports.id), reports: count(reports.id), flagged: flaggedReports })
    .from(reports)
    .where(eq(reports.isCurrent, true))
    .groupBy(reports.year)
    .orderBy(asc(reports.year));
}

function reportsByProvince(db: PgRead): Promise<ProvinceCount[]> {
  return db
    .select({ province: agencies.province, agencies: countDistinct(agencies.id), reports: count(reports.id) })
    .from(agencies)
    .innerJoin(reports, and(eq(reports.agencyId, agencies.id), eq(reports.isCurrent, true)))
    .groupBy(agencies.province)
    .orderBy(desc(count(reports.id)), ascNullsFirst(agencies.province));
}

async function rankAgencies(db: PgRead, year: number, measure: string, basis: (counts: MatrixCounts) => Count, limit: number): Promise<RankedAgency[]> {
  const counts = numberKeyed(await summedCounts(db, { years: [year] }, measureInputs(measure), "agency"));
  const ranked = rankedByMeasure(counts, measure, basis, limit);
  const agencyIds = ranked.map((r) => r.agencyId);
  const [named, current] = await Promise.all([
    agenciesByIds(db, agencyIds),
    agencyIds.length
      ? db
          .select({ agencyId: reports.agencyId, id: reports.id })
          .from(reports)
          .where(and(inArray(reports.agencyId, agencyIds), eq(reports.year, year), eq(reports.isCurrent, true)))
      : [],
  ]);
  const byId = new Map(named.map((a) => [a.id, a]));
  const reportIds = new Map(current.map((r) => [r.agencyId, r.id]));
  return ranked.map(({ agencyId, value, basis: b }) => ({ ...byId.get(agencyId)!, reportId: reportIds.get(agencyId)!, value, basis: b }));
}

function issueCounts(db: PgRead): Promise<IssueCount[]> {
  return db
    .select({ code: reportIssues.code, severity: reportIssues.severity, reports: countDistinct(reportIssues.reportId) })
    .from(reportIssues)
    .innerJoin(reports, and(eq(reports.id, reportIssues.reportId), eq(reports.isCurrent, true)))
    .groupBy(reportIssues.code, reportIssues.severity)
    .orderBy(desc(countDistinct(reportIssues.reportId)), asc(reportIssues.code));
}

type NationalOverview = Pick<Overview, "reportsByYear" | "byProvince" | "national" | "issues">;

async function nationalOverview(db: PgRead): Promise<NationalOverview> {
  // Started together: one round trip on a snapshot's pipelined connection.
  const [reportsYears, national, byProvince, issues] = await Promise.all([
    reportsByYear(db),
    summedCounts(db, {}, NATIONAL_INPUTS, "year").then(numberKeyed),
    reportsByProvince(db),
    issueCounts(db),
  ]);
  return {
    reportsByYear: reportsYears,
    byProvince,
    national: reportsYears.map(({ year, reports: n }) => nationalYear(year, n, national.get(year) ?? emptyCounts())),
    issues,
  };
}

const overviewCache = new WeakMap<PgDb, Map<string, Overview>>();

/**
 * The overview, kept per pool until the data changes. SQLite's key is PRAGMA data_version; here it is the snapshot
 * the overview is read on (`pg_current_snapshot()`: xmin, xmax and the transactions in progress), which moves when a
 * writing transaction starts or ends and stays while only readers come.
 */
export function overview(db: PgDb, options: { year?: number; top?: number } = {}): Promise<Overview> {
  return pgSnapshot(db, async (tx) => {
    const [snapshot] = (await tx.execute(sql`SELECT pg_current_snapshot()::text AS version`)).rows as { version: string }[];
    const version = snapshot!.version;
    const cache = overviewCache.get(db) ?? new Map<string, Overview>();
    overviewCache.set(db, cache);
    const remember = async <T>(key: string, compute: () => Promise<T>): Promise<T> => {
      const found = cache.get(`${version}:${key}`) as T | undefined;
      if (found !== undefined) return found;
      if (cache.size > 50) cache.clear();
      const computed = await compute();
      cache.set(`${version}:${key}`, computed as Overview);
      return computed;
    };
    const national = await remember("national", () => nationalOverview(tx));
    const rankingYear = options.year ?? national.reportsByYear.at(-1)?.year ?? null;
    const top = options.top ?? 10;
    return remember(`${rankingYear}:${options.top ?? ""}`, async () => {
      const [topApplications, topCorrection] =
        rankingYear === null
          ? [[], []]
          : await Promise.all([
              rankAgencies(tx, rankingYear, "applicationsTotal", () => null, top),
              rankAgencies(tx, rankingYear, "reconsiderationCorrectionRate", concludedReconsiderations, top),
            ]);
      return { ...national, rankingYear, topApplications, topCorrection };
    });
  });
}
