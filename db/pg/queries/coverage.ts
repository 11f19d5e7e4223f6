import { and, count, eq, inArray, sql } from "drizzle-orm";
import type { Coverage, CoverageCell, CoverageQuery, CoverageRow } from "../../../lib/store/types";
import { pageOf, type ReportFilter } from "../../queries/common";
import { reports } from "../schema";
import { agencyRowsInOrder, countAgencies, namePageIds } from "./agencies";
import { flaggedWith, type PgRead, reportConditions } from "./common";

/** The coverage page on PostgreSQL (the pair of db/queries/coverage.ts); the caller reads it on one snapshot. */
export async function coverage(db: PgRead, query: CoverageQuery): Promise<Coverage> {
  const region: ReportFilter = { province: query.province, city: query.city, county: query.county };
  const filter: ReportFilter = query.issue ? { ...region, issue: query.issue } : region;
  // Started together on a snapshot's pipelined connection: the years, the count and the page's ids, then the page.
  const [perYear, total, ids] = await Promise.all([
    db
      .select({ year: reports.year, n: count(reports.id) })
      .from(reports)
      .where(and(...reportConditions(filter)))
      .groupBy(reports.year),
    countAgencies(db, filter),
    namePageIds(db, filter, "asc", query.pageSize, (query.page - 1) * query.pageSize),
  ]);
  const known = perYear.map((y) => y.year);
  const first = Math.min(...known);
  const years = known.length ? Array.from({ length: Math.max(...known) - first + 1 }, (_, i) => first + i) : [];
  const [page, cells] = await Promise.all([agencyRowsInOrder(db, filter, ids), ids.length ? coverageCells(db, ids, query.issue) : []]);
  const byAgency = new Map<number, Record<number, CoverageCell>>();
  for (const { agencyId, year, reportId, flags, hasIssue } of cells)
    byAgency.set(agencyId, { ...byAgency.get(agencyId), [year]: { reportId, flags, hasIssue: Boolean(hasIssue) } });
  const rows = page.map(
    ({ reports: published, years: _, errors: __, warnings: ___, ...agency }): CoverageRow => ({
      ...agency,
      published,
      byYear: byAgency.get(agency.id) ?? {},
    }),
  );
  return { ...pageOf(rows, total, query.page, query.pageSize), years, reportsPerYear: Object.fromEntries(perYear.map((y) => [y.year, y.n])) };
}

/** The current reports of the page's agencies, each with its flags and whether it carries the issue asked for. */
function coverageCells(db: PgRead, agencyIds: number[], issue: string | undefined) {
  return db
    .select({
      agencyId: reports.agencyId,
      year: reports.year,
      reportId: reports.id,
      flags: sql<number>`${reports.errorCount} + ${reports.warningCount}`,
      // a boolean here, 0/1 in SQLite: both read through Boolean() below
      hasIssue: issue ? sql<boolean>`${flaggedWith(issue)}` : sql<boolean>`false`,
    })
    .from(reports)
    .where(and(eq(reports.isCurrent, true), inArray(reports.agencyId, agencyIds)));
}
