import { and, asc, count, countDistinct, desc, eq, inArray, type SQL, sql } from "drizzle-orm";
import type { AgencyFacets, Facet } from "../../../lib/store/types";
import { countedByRegionYear, type RegionLevel, type ReportFilter } from "../../queries/common";
import { agencies, currentIssueCodes, regionYearAgencies, reportIssues, reports } from "../schema";
import { agencyIdConditions, agencyMatches, ascNullsFirst, oneYearLines, type PgRead, regionConditions, regionYearSum, reportConditions } from "./common";

/** Years, region facets and the issue facet on PostgreSQL: the pair of db/queries/facets.ts. */

export async function availableYears(db: PgRead, filter: ReportFilter = {}): Promise<number[]> {
  const conditions = reportConditions({ ...filter, years: undefined });
  if (!filter.revisions && conditions.length === 1) return yearsOfCurrentReports(db);
  const rows = await db
    .selectDistinct({ year: reports.year })
    .from(reports)
    .where(and(...reportConditions({ ...filter, years: undefined })))
    .orderBy(asc(reports.year));
  return rows.map((row) => row.year);
}

/**
 * The years of every current report, read as SQLite reads them (its skip-scan of reports_year_current_agency) by
 * one index probe a year: PostgreSQL 15 has no skip-scan and read all 10⁵ reports for these seven years.
 */
async function yearsOfCurrentReports(db: PgRead): Promise<number[]> {
  const nextYear = (after: SQL) =>
    sql`(SELECT ${reports.year} FROM ${reports} WHERE ${reports.isCurrent} AND ${reports.year} > ${after} ORDER BY ${reports.year} LIMIT 1)`;
  const { rows } = await db.execute<{ year: number }>(sql`
    WITH RECURSIVE found(year) AS (
      SELECT ${nextYear(sql`${-2147483648}`)}
      UNION ALL
      SELECT ${nextYear(sql.raw("found.year"))} FROM found WHERE found.year IS NOT NULL
    )
    SELECT year FROM found WHERE year IS NOT NULL ORDER BY year`);
  return rows.map((row) => row.year);
}

function regionFacet(db: PgRead, level: RegionLevel, filter: ReportFilter): Promise<Facet<string | null>[]> {
  const lines = oneYearLines(filter);
  if (lines) {
    return db
      .select({ value: regionYearAgencies[level], count: regionYearSum })
      .from(regionYearAgencies)
      .where(lines)
      .groupBy(regionYearAgencies[level])
      .orderBy(desc(regionYearSum), ascNullsFirst(regionYearAgencies[level]));
  }
  return db
    .select({ value: agencies[level], count: count() })
    .from(agencies)
    .where(and(...agencyMatches(db, filter)))
    .groupBy(agencies[level])
    .orderBy(desc(count()), ascNullsFirst(agencies[level]));
}

export async function agencyFacets(db: PgRead, filter: ReportFilter): Promise<AgencyFacets> {
  const { province, city } = filter;
  // Started together: one round trip on a snapshot's pipelined connection.
  const [provinces, cities, counties, years] = await Promise.all([
    regionFacet(db, "province", { ...filter, province: undefined, city: undefined, county: undefined }),
    province ? regionFacet(db, "city", { ...filter, city: undefined, county: undefined }) : [],
    province && city ? regionFacet(db, "county", { ...filter, county: undefined }) : [],
    yearFacet(db, filter),
  ]);
  return { province: provinces, city: cities, county: counties, year: years };
}

function yearFacet(db: PgRead, filter: ReportFilter): Promise<Facet<number>[]> {
  if (countedByRegionYear(filter)) {
    return db
      .select({ value: regionYearAgencies.year, count: regionYearSum })
      .from(regionYearAgencies)
      .where(and(...regionConditions(filter, regionYearAgencies)))
      .groupBy(regionYearAgencies.year)
      .orderBy(desc(regionYearAgencies.year));
  }
  return db
    .select({ value: reports.year, count: count(reports.id) })
    .from(reports)
    .where(and(...reportConditions({ ...filter, years: undefined })))
    .groupBy(reports.year)
    .orderBy(desc(reports.year));
}

export async function issueFacet(db: PgRead, filter: ReportFilter): Promise<Facet<string>[]> {
  const others: ReportFilter = { ...filter, issue: undefined };
  if (!others.revisions && !others.reportIds) {
    const agencyCount = countDistinct(currentIssueCodes.agencyId);
    const conditions = [
      ...(others.years?.length ? [inArray(currentIssueCodes.year, others.years)] : []),
      ...agencyIdConditions(currentIssueCodes.agencyId, others),
    ];
    return db
      .select({ value: currentIssueCodes.code, count: agencyCount })
      .from(currentIssueCodes)
      .where(and(...conditions))
      .groupBy(currentIssueCodes.code)
      .orderBy(desc(agencyCount), asc(currentIssueCodes.code));
  }
  return db
    .select({ value: reportIssues.code, count: countDistinct(reports.agencyId) })
    .from(reportIssues)
    .innerJoin(reports, eq(reports.id, reportIssues.reportId))
    .where(and(...reportConditions(others)))
    .groupBy(reportIssues.code)
    .orderBy(desc(countDistinct(reports.agencyId)), asc(reportIssues.code));
}
