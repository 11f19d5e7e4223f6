import { and, asc, eq } from "drizzle-orm";
import { deriveMeasures } from "../../lib/report/measures";
import type { Issue } from "../../lib/report/schema";
import type { ReportDetail, ReportMeta, ReportOrigin, StoredIssue } from "../../lib/store/types";
import { type Db, readSnapshot } from "../client";
import { agencies, proactiveCells, reportIssues, reportProvenance, reportSections, reports } from "../schema";
import { agencyColumns } from "./common";
import { countsByReport, emptyCounts } from "./counts";

// ── One report ───────────────────────────────────────────────────────────────────────────────────────────

export function reportMeta(db: Db, id: number): ReportMeta | undefined {
  return db.select().from(reports).where(eq(reports.id, id)).get();
}

function reportIssuesOf(db: Db, id: number): StoredIssue[] {
  return db
    .select()
    .from(reportIssues)
    .where(eq(reportIssues.reportId, id))
    .orderBy(asc(reportIssues.id))
    .all()
    .map(({ id: issueId, code, severity, message, section, row, column }) => {
      const where: Issue["where"] = { section: section as Issue["where"]["section"] };
      if (row !== null) where.row = row;
      if (column !== null) where.column = column;
      return { id: issueId, code, severity, message, where };
    });
}

/** The URL a crawled report was read from, with what led to it; null for a report read from a file. */
export function reportOrigin(db: Pick<Db, "select">, id: number): ReportOrigin | null {
  const row = db
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
    .where(and(eq(reportProvenance.reportId, id), eq(reportProvenance.kind, "url")))
    .get();
  return row?.url ? { ...row, url: row.url } : null;
}

/** One report page, read on one snapshot so that an ingest committing meanwhile cannot tear it. */
export function reportDetail(db: Db, id: number): ReportDetail | null {
  return readSnapshot(db, () => readReportDetail(db, id));
}

function readReportDetail(db: Db, id: number): ReportDetail | null {
  const report = reportMeta(db, id);
  if (!report) return null;
  const agency = db.select(agencyColumns).from(agencies).where(eq(agencies.id, report.agencyId)).get()!;
  const counts = countsByReport(db, [id]).get(id) ?? emptyCounts();
  const proactive = db
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
    .all();
  const sections = db
    .select({ overview: reportSections.overview, problems: reportSections.problems, other: reportSections.other })
    .from(reportSections)
    .where(eq(reportSections.reportId, id))
    .get() ?? { overview: null, problems: null, other: null };
  const revisions = db
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
    .orderBy(asc(reports.id))
    .all();
  const otherYears = db
    .select({ year: reports.year, reportId: reports.id })
    .from(reports)
    .where(and(eq(reports.agencyId, report.agencyId), eq(reports.isCurrent, true)))
    .orderBy(asc(reports.year))
    .all();
  return {
    report,
    origin: reportOrigin(db, id),
    agency,
    counts,
    measures: deriveMeasures(counts),
    proactive,
    sections,
    issues: reportIssuesOf(db, id),
    revisions,
    otherYears,
  };
}
