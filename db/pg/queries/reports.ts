import { and, asc, eq } from "drizzle-orm";
import { deriveMeasures } from "../../../lib/report/measures";
import type { Issue, NumberPages, PagedSection } from "../../../lib/report/schema";
import type { ReportDetail, ReportOrigin, StoredIssue } from "../../../lib/store/types";
import { emptyCounts } from "../../queries/counts";
import { agencies, numberPages, proactiveCells, reportIssues, reportProvenance, reports, reportSections } from "../schema";
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
  const [report] = await db.select().from(reports).where(eq(reports.id, id));
  if (!report) return null;
  const [agency] = await db.select(agencyColumns).from(agencies).where(eq(agencies.id, report.agencyId));
  const counts = (await countsByReport(db, [id])).get(id) ?? emptyCounts();
  const proactive = await db
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
    .orderBy(asc(proactiveCells.key));
  const [sections] = await db
    .select({ overview: reportSections.overview, problems: reportSections.problems, other: reportSections.other })
    .from(reportSections)
    .where(eq(reportSections.reportId, id));
  const revisions = await db
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
    .where(and(eq(reports.agencyId, report.agencyId), eq(reports.year, report.year)))
    .orderBy(asc(reports.id));
  const otherYears = await db
    .select({ year: reports.year, reportId: reports.id })
    .from(reports)
    .where(and(eq(reports.agencyId, report.agencyId), eq(reports.isCurrent, true)))
    .orderBy(asc(reports.year));
  return {
    report,
    origin: await reportOrigin(db, id),
    agency: agency!,
    counts,
    measures: deriveMeasures(counts),
    proactive,
    sections: sections ?? { overview: null, problems: null, other: null },
    issues: await reportIssuesOf(db, id),
    revisions,
    otherYears,
  };
}

/** The page each number of a report was printed on; null when none was recorded. */
export async function readNumberPages(db: PgRead, reportId: number): Promise<NumberPages | null> {
  const rows = await db.select().from(numberPages).where(eq(numberPages.reportId, reportId));
  if (rows.length === 0) return null;
  const pages: Record<PagedSection, Record<string, number>> = { proactive: {}, applications: {}, reviewLitigation: {} };
  for (const { section, key, page } of rows) pages[section][key] = page;
  return pages as NumberPages;
}
