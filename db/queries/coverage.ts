import { and, count, eq, inArray, sql } from "drizzle-orm";
import type { Coverage, CoverageCell, CoverageQuery, CoverageRow } from "../../lib/store/types";
import { type Db, readSnapshot } from "../client";
import { reports } from "../schema";
import { agencyRowsInOrder, countAgencies, namePageIds } from "./agencies";
import { flaggedWith, pageOf, type ReportFilter, reportConditions } from "./common";

// ── Coverage ─────────────────────────────────────────────────────────────────────────────────────────────

/**
 * Which agencies of a region published a report for which year (every year from the first to the last), read
 * on one snapshot.
 */
export function coverage(db: Db, query: CoverageQuery): Coverage {
  return readSnapshot(db, () => readCoverage(db, query));
}

/** With an issue code, only the agencies with a current report flagged with it, and those reports marked. */
function readCoverage(db: Db, query: CoverageQuery): Coverage {
  const region: ReportFilter = { province: query.province, city: query.city, county: query.county };
  const filter: ReportFilter = query.issue ? { ...region, issue: query.issue } : region;
  const perYear = db
    .select({ year: reports.year, n: count(reports.id) })
    .from(reports)
    .where(and(...reportConditions(filter)))
    .groupBy(reports.year)
    .all();
  const known = perYear.map((y) => y.year);
  const first = Math.min(...known);
  const years = known.length ? Array.from({ length: Math.max(...known) - first + 1 }, (_, i) => first + i) : [];
  const total = countAgencies(db, filter);
  const page = agencyRowsInOrder(db, filter, namePageIds(db, filter, "asc", query.pageSize, (query.page - 1) * query.pageSize));
  const cells = page.length
    ? db
        .select({
          agencyId: reports.agencyId,
          year: reports.year,
          reportId: reports.id,
          flags: sql<number>`${reports.errorCount} + ${reports.warningCount}`,
          hasIssue: query.issue ? sql<number>`${flaggedWith(query.issue)}` : sql<number>`0`,
        })
        .from(reports)
        .where(
          and(
            eq(reports.isCurrent, true),
            inArray(
              reports.agencyId,
              page.map((a) => a.id),
            ),
          ),
        )
        .all()
    : [];
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
