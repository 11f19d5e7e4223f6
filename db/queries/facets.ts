import { and, asc, count, countDistinct, desc, eq, inArray } from "drizzle-orm";
import type { AgencyFacets, Facet } from "../../lib/store/types";
import type { Db } from "../client";
import { agencies, currentIssueCodes, regionYearAgencies, reportIssues, reports } from "../schema";
import {
  agencyIdConditions,
  agencyMatches,
  countedByRegionYear,
  oneYearLines,
  type RegionLevel,
  type ReportFilter,
  regionConditions,
  regionYearSum,
  reportConditions,
} from "./common";

// ── Years and regions ────────────────────────────────────────────────────────────────────────────────────

export function availableYears(db: Db, filter: ReportFilter = {}): number[] {
  return db
    .selectDistinct({ year: reports.year })
    .from(reports)
    .where(and(...reportConditions({ ...filter, years: undefined })))
    .orderBy(asc(reports.year))
    .all()
    .map((row) => row.year);
}

// Agencies matching the filter counted on agencies alone (the report conditions as one IN (subquery)): the
// grouping then follows the agencies_region_name index, no join to every report and no DISTINCT.
function regionFacet(db: Db, level: RegionLevel, filter: ReportFilter): Facet<string | null>[] {
  const lines = oneYearLines(filter);
  if (lines) {
    return db
      .select({ value: regionYearAgencies[level], count: regionYearSum })
      .from(regionYearAgencies)
      .where(lines)
      .groupBy(regionYearAgencies[level])
      .orderBy(desc(regionYearSum), asc(regionYearAgencies[level]))
      .all();
  }
  return db
    .select({ value: agencies[level], count: count() })
    .from(agencies)
    .where(and(...agencyMatches(db, filter)))
    .groupBy(agencies[level])
    .orderBy(desc(count()), asc(agencies[level]))
    .all();
}

/**
 * Agencies per filter value. Each facet counts under every other filter but its own; the region facets
 * cascade: cities appear once a province is chosen, counties once a city is.
 */
export function agencyFacets(db: Db, filter: ReportFilter): AgencyFacets {
  const { province, city } = filter;
  return {
    province: regionFacet(db, "province", { ...filter, province: undefined, city: undefined, county: undefined }),
    city: province ? regionFacet(db, "city", { ...filter, city: undefined, county: undefined }) : [],
    county: province && city ? regionFacet(db, "county", { ...filter, county: undefined }) : [],
    year: yearFacet(db, filter),
  };
}

/** Agencies per year (an agency has one current report a year) under every other filter. */
function yearFacet(db: Db, filter: ReportFilter): Facet<number>[] {
  if (countedByRegionYear(filter)) {
    return db
      .select({ value: regionYearAgencies.year, count: regionYearSum })
      .from(regionYearAgencies)
      .where(and(...regionConditions(filter, regionYearAgencies)))
      .groupBy(regionYearAgencies.year)
      .orderBy(desc(regionYearAgencies.year))
      .all();
  }
  return db
    .select({ value: reports.year, count: count(reports.id) })
    .from(reports)
    .where(and(...reportConditions({ ...filter, years: undefined })))
    .groupBy(reports.year)
    .orderBy(desc(reports.year))
    .all();
}

/** Agencies per issue code, under every other filter: the data-quality facet of the lists. */
export function issueFacet(db: Db, filter: ReportFilter): Facet<string>[] {
  const others: ReportFilter = { ...filter, issue: undefined };
  if (!others.revisions && !others.reportIds) {
    // current_issue_codes holds each agency's codes by year: no lookup of the report of every issue.
    const agencies = countDistinct(currentIssueCodes.agencyId);
    const conditions = [
      ...(others.years?.length ? [inArray(currentIssueCodes.year, others.years)] : []),
      ...agencyIdConditions(currentIssueCodes.agencyId, others),
    ];
    return db
      .select({ value: currentIssueCodes.code, count: agencies })
      .from(currentIssueCodes)
      .where(and(...conditions))
      .groupBy(currentIssueCodes.code)
      .orderBy(desc(agencies), asc(currentIssueCodes.code))
      .all();
  }
  return db
    .select({ value: reportIssues.code, count: countDistinct(reports.agencyId) })
    .from(reportIssues)
    .innerJoin(reports, eq(reports.id, reportIssues.reportId))
    .where(and(...reportConditions(others)))
    .groupBy(reportIssues.code)
    .orderBy(desc(countDistinct(reports.agencyId)), asc(reportIssues.code))
    .all();
}
