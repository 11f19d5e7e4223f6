import { and, eq, inArray, sql } from "drizzle-orm";
import { APPLICATION_ROWS, PAGED_SECTIONS, REVIEW_GROUPS, type Issue, type NumberPages, type Report, type Source } from "../lib/report/schema";
import type { Db } from "./client";
import { checkCrossYear } from "./cross-year";
import { agencies, applicationRows, numberPages, proactiveCells, reportIssues, reports, reportSections, reviewRows } from "./schema";

export type StoreStatus = "ingested" | "present" | "revised";
export type StoreResult = { status: StoreStatus; reportId: number };

type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];

/** The report stored for these bytes, if any (a file is stored once, by sha256). */
export function findBySha256(db: Db | Tx, sha256: string): number | null {
  return db.select({ id: reports.id }).from(reports).where(eq(reports.sha256, sha256)).get()?.id ?? null;
}

function agencyId(tx: Tx, report: Report): number {
  const regionCode = report.region.code ?? "";
  tx.insert(agencies)
    .values({ name: report.agency, province: report.region.province, city: report.region.city, county: report.region.county, regionCode })
    .onConflictDoNothing()
    .run();
  const row = tx
    .select({ id: agencies.id })
    .from(agencies)
    .where(and(eq(agencies.name, report.agency), eq(agencies.regionCode, regionCode)))
    .get();
  return row!.id;
}

function severityCounts(issues: Issue[]) {
  const count = (severity: Issue["severity"]) => issues.filter((i) => i.severity === severity).length;
  return { errorCount: count("error"), warningCount: count("warning"), infoCount: count("info") };
}

function insertIssues(tx: Tx, reportId: number, issues: Issue[]): void {
  if (issues.length === 0) return;
  tx.insert(reportIssues)
    .values(issues.map((i) => ({ reportId, code: i.code, severity: i.severity, message: i.message, section: i.where.section, row: i.where.row ?? null, column: i.where.column ?? null })))
    .run();
}

function insertTables(tx: Tx, reportId: number, report: Report): void {
  tx.insert(applicationRows)
    .values(APPLICATION_ROWS.map((row) => ({ reportId, row, ...report.applications[row] })))
    .run();
  tx.insert(reviewRows)
    .values(REVIEW_GROUPS.map((group) => ({ reportId, group, ...report.reviewLitigation[group] })))
    .run();
  if (report.proactive.length) tx.insert(proactiveCells).values(report.proactive.map((cell) => ({ reportId, ...cell }))).run();
  tx.insert(reportSections).values({ reportId, ...report.sections }).run();
  for (const [part, body] of Object.entries(report.sections)) {
    if (body) tx.run(sql`INSERT INTO report_sections_fts (body, report_id, part) VALUES (${body}, ${reportId}, ${part})`);
  }
}

function insertNumberPages(tx: Tx, reportId: number, pages: NumberPages | undefined): void {
  if (!pages) return;
  const rows = PAGED_SECTIONS.flatMap((section) =>
    Object.entries<number | undefined>(pages[section]).flatMap(([key, page]) => (page === undefined ? [] : [{ reportId, section, key, page }])),
  );
  if (rows.length) tx.insert(numberPages).values(rows).run();
}

/**
 * Stores one parsed report; call inside a transaction. A file already stored (same sha256) is left alone;
 * a different file for the same agency and year is a revision: both kept, the new one current.
 */
export function storeReport(tx: Tx, report: Report & { source: Source }, ingestedAt: string): StoreResult {
  const present = findBySha256(tx, report.source.sha256);
  if (present !== null) return { status: "present", reportId: present };
  const agency = agencyId(tx, report);
  const superseded = tx
    .update(reports)
    .set({ isCurrent: false })
    .where(and(eq(reports.agencyId, agency), eq(reports.year, report.year), eq(reports.isCurrent, true)))
    .run().changes;
  const { source } = report;
  const inserted = tx
    .insert(reports)
    .values({
      agencyId: agency,
      year: report.year,
      formatVersion: report.formatVersion,
      periodStart: report.periodStart,
      periodEnd: report.periodEnd,
      isCurrent: true,
      fileName: source.fileName,
      sha256: source.sha256,
      mediaType: source.mediaType,
      pages: source.pages,
      ingestedAt,
      ...severityCounts(report.issues),
    })
    .returning({ id: reports.id })
    .get();
  insertTables(tx, inserted.id, report);
  insertNumberPages(tx, inserted.id, source.numberPages);
  insertIssues(tx, inserted.id, report.issues);
  reconcileAgency(tx, agency);
  return { status: superseded > 0 ? "revised" : "ingested", reportId: inserted.id };
}

type CurrentReport = { id: number; year: number };

function carryRows(tx: Tx, report: CurrentReport) {
  const rows = tx
    .select()
    .from(applicationRows)
    .where(and(eq(applicationRows.reportId, report.id), inArray(applicationRows.row, ["carriedOver", "carriedForward"])))
    .all();
  const byRow = Object.fromEntries(rows.map((row) => [row.row, row]));
  return { year: report.year, carriedOver: byRow.carriedOver ?? {}, carriedForward: byRow.carriedForward ?? {} };
}

/**
 * Recomputes identity.crossYear for all of an agency's consecutive current reports, flagging both reports
 * of a pair; superseded revisions lose theirs. An agency has a handful of years, so this stays cheap.
 */
export function reconcileAgency(tx: Tx, agency: number): void {
  const all = tx.select({ id: reports.id, year: reports.year, isCurrent: reports.isCurrent }).from(reports).where(eq(reports.agencyId, agency)).all();
  const crossYear = and(
    eq(reportIssues.code, "identity.crossYear"),
    inArray(
      reportIssues.reportId,
      all.map((r) => r.id),
    ),
  );
  const touched = new Set(tx.selectDistinct({ id: reportIssues.reportId }).from(reportIssues).where(crossYear).all().map((r) => r.id));
  tx.delete(reportIssues).where(crossYear).run();
  const current = all.filter((r) => r.isCurrent);
  for (const later of current) {
    const earlier = current.find((r) => r.year === later.year - 1);
    if (!earlier) continue;
    const found = checkCrossYear(carryRows(tx, earlier), carryRows(tx, later));
    insertIssues(tx, later.id, found.later);
    insertIssues(tx, earlier.id, found.earlier);
    if (found.later.length) touched.add(later.id).add(earlier.id);
  }
  refreshCounts(tx, [...touched]);
}

function refreshCounts(tx: Tx, reportIds: number[]): void {
  for (const id of reportIds) {
    const severities = tx.select({ severity: reportIssues.severity }).from(reportIssues).where(eq(reportIssues.reportId, id)).all();
    tx.update(reports).set(severityCounts(severities as Issue[])).where(eq(reports.id, id)).run();
  }
}
