import { eq } from "drizzle-orm";
import type { ReportFile } from "../../../lib/store/write-store";
import { CONTENT_PARTS, type ContentPart, type Line, type StoredReport, storedReport } from "../../content";
import { agencies, applicationRows, numberPages, proactiveCells, reportIssues, reportSections, reports, reviewLitigationRows } from "../schema";
import type { PgTx } from "./transaction";

/** db/content.ts's tables in PostgreSQL's schema, part by part (the same columns: tests/pg-schema.test.ts). */
const PG_TABLES = {
  applications: applicationRows,
  reviewLitigation: reviewLitigationRows,
  proactive: proactiveCells,
  sections: reportSections,
  numberPages,
} as const satisfies Record<ContentPart, unknown>;

export const PG_CONTENT_PARTS = CONTENT_PARTS.map(({ part }) => ({ part, table: PG_TABLES[part] }));

type Reader = Pick<PgTx, "select">;

/** The content stored for a report, in db/content.ts's shape (reparse compares it with a new reading), or null. */
export async function storedContent(db: Reader, reportId: number): Promise<StoredReport | null> {
  const [facts] = await db
    .select({
      agency: reports.agencyName,
      regionCode: agencies.regionCode,
      year: reports.year,
      formatVersion: reports.formatVersion,
      periodStart: reports.periodStart,
      periodEnd: reports.periodEnd,
      mediaType: reports.mediaType,
      pages: reports.pages,
      signedOn: reports.signedOn,
      publishedOn: reports.publishedOn,
      revisionMark: reports.revisionMark,
      parserVersion: reports.parserVersion,
    })
    .from(reports)
    .innerJoin(agencies, eq(agencies.id, reports.agencyId))
    .where(eq(reports.id, reportId));
  if (!facts) return null;
  const lines = {} as Record<ContentPart, Line[]>;
  for (const { part, table } of PG_CONTENT_PARTS) lines[part] = (await db.select().from(table).where(eq(table.reportId, reportId))) as Line[];
  const issues = await db
    .select({
      code: reportIssues.code,
      severity: reportIssues.severity,
      message: reportIssues.message,
      section: reportIssues.section,
      row: reportIssues.row,
      column: reportIssues.column,
    })
    .from(reportIssues)
    .where(eq(reportIssues.reportId, reportId));
  return storedReport(facts, lines, issues);
}

export async function reportFiles(db: Reader): Promise<ReportFile[]> {
  return db
    .select({ id: reports.id, sha256: reports.sha256, fileName: reports.fileName, agency: agencies.name, year: reports.year })
    .from(reports)
    .innerJoin(agencies, eq(agencies.id, reports.agencyId))
    .orderBy(reports.id);
}
