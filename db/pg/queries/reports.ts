import { and, asc, eq, sql } from "drizzle-orm";
import { deriveMeasures } from "../../../lib/report/measures";
import type { Issue, NumberPages, PagedSection } from "../../../lib/report/schema";
import type { ReportDetail, ReportOrigin, StoredIssue } from "../../../lib/store/types";
import { emptyCounts } from "../../queries/counts";
import { agencies, numberPages, proactiveCells, reportIssues, reportProvenance, reportSections, reports } from "../schema";
import { agencyColumns, type PgRead } from "./common";
import { countsByReport } from "./counts";

/** One report's page on PostgreSQL: the pair of db/queries/reports.ts and db/pages.ts. */

async function reportIssuesOf(db: PgRead, id: number): Promise<StoredIssue[]> {
  const rows = await db.select().from(reportIssues).where(eq(reportIssues.reportId, id)).orderBy(asc(reportIssues.id));
  return rows.map(({ id: issueId, code, severity, message, section, row, column }) => {
    const where: Issue["where"] = { section: section as Issue["where"]["section"] };
    if (row !== null) where.row = row;
    if (column !== null) where.column = column;
    return { id: issueId, code, severity, message, where };
  });
}

async function reportOrigin(db: PgRead, id: number): Promise<ReportOrigin | null> {
  const [row] = await db
    .select({
      url: reportProvenance.url,
      pageUrl: reportProvenance.pageUrl,
      listUrl: reportProvenance.listUrl,
      columnUrl: reportProvenance.columnUrl,
      fetchedAt: reportProvenance.readAt,
      httpStatus: reportProvenance.httpStatus,
      etag: reportProvenance.etag,
      lastModified: reportProvenance.lastModified,
      contentType: reportProvenance.contentType,
    })
    .from(reportProvenance)
    .where(and(eq(reportProvenance.reportId, id), eq(reportProvenance.kind, "url")));
  return row?.url ? { ...row, url: row.url } : null;
}

/** One report page; the caller reads it on one snapshot. */
export async function reportDetail(db: PgRead, id: number): Promise<ReportDetail | null> {
  // Every read started together (one round trip on a snapshot's pipelined connection): the agency's and the year's
  // rows found through the report's own row in the same statement.
  const [[report], [agency], counts, proactive, [sections], revisions, otherYears, origin, issues] = await Promise.all([
    db.select().from(reports).where(eq(reports.id, id)),
    db
      .select(agencyColumns)
      .from(agencies)
      .where(eq(agencies.id, sql`(SELECT ${reports.agencyId} FROM ${reports} WHERE ${reports.id} = ${id})`)),
    countsByReport(db, [id]),
    proactiveOf(db, id),
    db
      .select({ overview: reportSections.overview, problems: reportSections.problems, other: reportSections.other })
      .from(reportSections)
      .where(eq(reportSections.reportId, id)),
    revisionsOf(db, id),
    otherYearsOf(db, id),
    reportOrigin(db, id),
    reportIssuesOf(db, id),
  ]);
  if (!report) return null;
  const reportCounts = counts.get(id) ?? emptyCounts();
  return {
    report,
    origin,
    agency: agency!,
    counts: reportCounts,
    measures: deriveMeasures(reportCounts),
    proactive,
    sections: sections ?? { overview: null, problems: null, other: null },
    issues,
    revisions,
    otherYears,
  };
}

function proactiveOf(db: PgRead, id: number) {
  return (
    db
      .select({
        key: proactiveCells.key,
        item: proactiveCells.item,
        category: proactiveCells.category,
        metric: proactiveCells.metric,
        value: proactiveCells.value,
        unit: proactiveCells.unit,
        raw: proactiveCells.raw,
      })
      .from(proactiveCells)
      .where(eq(proactiveCells.reportId, id))
      // SQLite reads them in the order of its key (report_id, key) without being asked
      .orderBy(asc(proactiveCells.key))
  );
}

/** The report's agency and year, as a row to compare with: (agency_id, year) of the report `id`. */
const agencyYearOf = (id: number) => sql`(SELECT ${reports.agencyId}, ${reports.year} FROM ${reports} WHERE ${reports.id} = ${id})`;

/** Every stored report of the same agency and year, the report among them. */
function revisionsOf(db: PgRead, id: number) {
  return db
    .select({
      id: reports.id,
      fileName: reports.fileName,
      sha256: reports.sha256,
      mediaType: reports.mediaType,
      ingestedAt: reports.ingestedAt,
      isCurrent: reports.isCurrent,
      currentReason: reports.currentReason,
      chosenAt: reports.chosenAt,
      agencyName: reports.agencyName,
      signedOn: reports.signedOn,
      publishedOn: reports.publishedOn,
      revisionMark: reports.revisionMark,
    })
    .from(reports)
    .where(sql`(${reports.agencyId}, ${reports.year}) = ${agencyYearOf(id)}`)
    .orderBy(asc(reports.id));
}

/** The current report of each year of the report's agency. */
function otherYearsOf(db: PgRead, id: number) {
  return db
    .select({ year: reports.year, reportId: reports.id })
    .from(reports)
    .where(and(eq(reports.agencyId, sql`(SELECT ${reports.agencyId} FROM ${reports} WHERE ${reports.id} = ${id})`), eq(reports.isCurrent, true)))
    .orderBy(asc(reports.year));
}

/** The page each number of a report was printed on; null when none was recorded. */
export async function readNumberPages(db: PgRead, reportId: number): Promise<NumberPages | null> {
  const rows = await db.select().from(numberPages).where(eq(numberPages.reportId, reportId));
  if (rows.length === 0) return null;
  const pages: Record<PagedSection, Record<string, number>> = { proactive: {}, applications: {}, reviewLitigation: {} };
  for (const { section, key, page } of rows) pages[section][key] = page;
  return pages as NumberPages;
}
