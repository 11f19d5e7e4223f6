import { and, eq, getTableColumns, inArray, sql } from "drizzle-orm";
import { getTableConfig, type SQLiteTable } from "drizzle-orm/sqlite-core";
import type { Issue, Report, Source } from "../lib/report/schema";
import { PARSER_VERSION } from "../lib/report/version";
import type { StoreResult } from "../lib/store/write-store";
import type { Db } from "./client";
import { CONTENT_PARTS, contentLines, issueLines, type Line } from "./content";
import { sectionsFts } from "./fts";
import { agencyOf } from "./identity";
import { clientOf, preparedOnce } from "./prepared";
import { electCurrent } from "./revisions";
import {
  agencies,
  agencyAliases,
  agencyKeys,
  agencyTotals,
  applicationRows,
  currentIssueCodes,
  regionYearAgencies,
  reportIssues,
  reportSections,
  reports,
  reportTotals,
} from "./schema";
import type { Tx } from "./transaction";
import { type CarryRows, carryByReport, crossYearFlags, newReportRow, readingColumns, searchRows, severityCounts } from "./write-rules";

export type { StoreResult, StoreStatus } from "../lib/store/write-store";

export type { Tx } from "./transaction";

/** The report stored for these bytes, if any (a file is stored once, by sha256). */
export function findBySha256(db: Db | Tx, sha256: string): number | null {
  return (
    preparedOnce(db, "reports.bySha256", () =>
      db
        .select({ id: reports.id })
        .from(reports)
        .where(eq(reports.sha256, sql.placeholder("sha256")))
        .prepare(),
    ).get({ sha256 })?.id ?? null
  );
}

/**
 * Inserts rows through one prepared statement per table and connection (`preparedOnce`): drizzle's query building and a
 * fresh prepare for every insert cost more than SQLite's work (about 60 rows per report). Columns come from the drizzle
 * table, in its order; a key a row leaves out is stored as NULL.
 */
function insertRows(tx: Tx, table: SQLiteTable, rows: Record<string, unknown>[]): void {
  const name = getTableConfig(table).name;
  const insert = preparedOnce(tx, `insert ${name}`, () => {
    const columns = Object.entries(getTableColumns(table)).filter(([, column]) => !("autoIncrement" in column && column.autoIncrement));
    const names = columns.map(([, column]) => `"${column.name}"`).join(", ");
    const statement = clientOf(tx).prepare(`INSERT INTO "${name}" (${names}) VALUES (${columns.map(() => "?").join(", ")})`);
    return { keys: columns.map(([key]) => key), statement };
  });
  for (const row of rows) insert.statement.run(insert.keys.map((key) => row[key] ?? null));
}

export function insertIssues(tx: Tx, reportId: number, issues: Issue[]): void {
  if (issues.length === 0) return;
  insertRows(
    tx,
    reportIssues,
    issueLines(issues).map((line) => ({ reportId, ...line })),
  );
}

/** The report's cells, rows, sections and number pages: the lines of db/content.ts. */
function insertLines(tx: Tx, reportId: number, report: Report & { source: Source }): void {
  const lines = contentLines(report);
  for (const { part, table } of CONTENT_PARTS)
    insertRows(
      tx,
      table,
      lines[part].map((line: Line) => ({ reportId, ...line })),
    );
}

function insertSearchText(tx: Tx, reportId: number, report: Report): void {
  insertRows(tx, sectionsFts, searchRows(reportId, report));
}

/**
 * Stores one parsed report; call inside a transaction. A file already stored (same sha256) is left alone;
 * a different file for the same agency and year is a revision: both kept, the current one decided by the documents
 * (db/revisions.ts), so the same files give the same current report in any ingest order.
 */
export function storeReport(tx: Tx, report: Report & { source: Source }, ingestedAt: string): StoreResult {
  const present = findBySha256(tx, report.source.sha256);
  if (present !== null) return { status: "present", reportId: present };
  const agency = agencyOf(tx, report);
  const revises =
    tx
      .select({ id: reports.id })
      .from(reports)
      .where(and(eq(reports.agencyId, agency), eq(reports.year, report.year)))
      .get() !== undefined;
  const inserted = tx
    .insert(reports)
    .values(newReportRow(report, agency, ingestedAt))
    .returning({ id: reports.id })
    .get();
  insertLines(tx, inserted.id, report);
  insertSearchText(tx, inserted.id, report);
  insertIssues(tx, inserted.id, report.issues);
  electCurrent(tx, agency, report.year);
  refreshAgency(tx, agency, report.year);
  return { status: revises ? "revised" : "ingested", reportId: inserted.id };
}

/** What a store re-runs for an agency and a year: cross-year checks and the agency's pre-aggregated lines. */
export function refreshAgency(tx: Tx, agency: number, year: number): void {
  reconcileAgency(tx, agency);
  refreshAgencyTotals(tx, agency);
  refreshRegionYear(tx, agency, year);
  refreshIssueCodes(tx, agency);
}

/** Marks the report read by this code's parser without changing its content (a reparse found it identical). */
export function stampParserVersion(tx: Tx, reportId: number): void {
  tx.update(reports).set({ parserVersion: PARSER_VERSION }).where(eq(reports.id, reportId)).run();
}

export type ReplaceResult = { moved: { from: { agencyId: number; year: number }; to: { agencyId: number; year: number } } | null };

/**
 * Replaces a stored report's content with a new reading of the same file; call inside a transaction. The report
 * keeps its id, file and ingest time. If the new reading files it under another agency or year, it moves there;
 * the current file is decided again where it was and where it is (its edition facts may have changed too); an agency
 * left without reports is removed.
 */
export function replaceReport(tx: Tx, reportId: number, report: Report & { source: Source }): ReplaceResult {
  const from = tx.select({ agencyId: reports.agencyId, year: reports.year }).from(reports).where(eq(reports.id, reportId)).get();
  if (!from) throw new Error(`no report ${reportId}`);
  const to = { agencyId: agencyOf(tx, report), year: report.year };
  tx.update(reports).set(readingColumns(report, to.agencyId)).where(eq(reports.id, reportId)).run();
  const sectionsChanged = !sameSections(tx, reportId, report);
  for (const { table } of CONTENT_PARTS) tx.delete(table).where(eq(table.reportId, reportId)).run();
  tx.delete(reportIssues).where(eq(reportIssues.reportId, reportId)).run();
  insertLines(tx, reportId, report);
  // The search index is searched by body, not by report: finding a report's rows reads all of it, so only when they change.
  if (sectionsChanged) {
    tx.delete(sectionsFts).where(eq(sectionsFts.reportId, reportId)).run();
    insertSearchText(tx, reportId, report);
  }
  insertIssues(tx, reportId, report.issues);
  const moved = from.agencyId !== to.agencyId || from.year !== to.year;
  if (moved) electCurrent(tx, from.agencyId, from.year);
  electCurrent(tx, to.agencyId, to.year);
  refreshAgency(tx, to.agencyId, to.year);
  if (moved) {
    refreshAgency(tx, from.agencyId, from.year);
    removeIfEmpty(tx, from.agencyId);
  }
  refreshCounts(tx, [reportId]);
  return { moved: moved ? { from, to } : null };
}

function sameSections(tx: Tx, reportId: number, report: Report): boolean {
  const stored = tx.select().from(reportSections).where(eq(reportSections.reportId, reportId)).get();
  return stored !== undefined && (["overview", "problems", "other"] as const).every((part) => stored[part] === report.sections[part]);
}

export function removeIfEmpty(tx: Tx, agency: number): void {
  if (tx.select({ id: reports.id }).from(reports).where(eq(reports.agencyId, agency)).get()) return;
  tx.delete(agencyTotals).where(eq(agencyTotals.agencyId, agency)).run();
  tx.delete(currentIssueCodes).where(eq(currentIssueCodes.agencyId, agency)).run();
  tx.delete(agencyAliases).where(eq(agencyAliases.agencyId, agency)).run();
  tx.delete(agencyKeys).where(eq(agencyKeys.agencyId, agency)).run();
  tx.delete(agencies).where(eq(agencies.id, agency)).run();
}

/** The agency's line of agency_totals: report_totals summed over its current reports, rewritten whole. */
export function refreshAgencyTotals(tx: Tx, agency: number): void {
  const summed = preparedOnce(tx, "agencyTotals.sums", () => {
    const columns = Object.entries(getTableColumns(agencyTotals)).filter(([key]) => key !== "agencyId");
    const sums = Object.fromEntries(columns.map(([key]) => [key, sql<number | null>`sum(${reportTotals[key as keyof typeof reportTotals.$inferSelect]})`]));
    return tx
      .select(sums)
      .from(reports)
      .innerJoin(reportTotals, eq(reportTotals.reportId, reports.id))
      .where(and(eq(reports.agencyId, sql.placeholder("agency")), eq(reports.isCurrent, true)))
      .prepare();
  }).get({ agency });
  preparedOnce(tx, "agencyTotals.delete", () =>
    tx
      .delete(agencyTotals)
      .where(eq(agencyTotals.agencyId, sql.placeholder("agency")))
      .prepare(),
  ).run({ agency });
  insertRows(tx, agencyTotals, [{ agencyId: agency, ...summed }]);
}

/** The agency's lines of current_issue_codes, from its current reports' issues (cross-year flags included). */
export function refreshIssueCodes(tx: Tx, agency: number): void {
  preparedOnce(tx, "issueCodes.delete", () =>
    tx
      .delete(currentIssueCodes)
      .where(eq(currentIssueCodes.agencyId, sql.placeholder("agency")))
      .prepare(),
  ).run({
    agency,
  });
  const codes = preparedOnce(tx, "issueCodes.current", () =>
    tx
      .selectDistinct({ agencyId: reports.agencyId, year: reports.year, code: reportIssues.code })
      .from(reports)
      .innerJoin(reportIssues, eq(reportIssues.reportId, reports.id))
      .where(and(eq(reports.agencyId, sql.placeholder("agency")), eq(reports.isCurrent, true)))
      .prepare(),
  ).all({ agency });
  insertRows(tx, currentIssueCodes, codes);
}

/** The line of region_year_agencies for the agency's region and the year, counted again. */
export function refreshRegionYear(tx: Tx, agency: number, year: number): void {
  refreshRegionLine(tx, regionOfAgency(tx, agency), year);
}

export type AgencyRegion = { province: string | null; city: string | null; county: string | null };

export function regionOfAgency(tx: Tx, agency: number): AgencyRegion {
  return preparedOnce(tx, "agencies.region", () =>
    tx
      .select({ province: agencies.province, city: agencies.city, county: agencies.county })
      .from(agencies)
      .where(eq(agencies.id, sql.placeholder("agency")))
      .prepare(),
  ).get({ agency })!;
}

/** The line of region_year_agencies for a region and a year, counted again (also for a region an agency left). */
export function refreshRegionLine(tx: Tx, { province, city, county }: AgencyRegion, year: number): void {
  const sameRegion = (table: typeof agencies | typeof regionYearAgencies) =>
    and(
      sql`${table.province} IS ${sql.placeholder("province")}`,
      sql`${table.city} IS ${sql.placeholder("city")}`,
      sql`${table.county} IS ${sql.placeholder("county")}`,
    );
  const place = { province, city, county, year };
  // One probe of reports_agency_current_year per agency of the region, not a list of the year's 2·10⁴ agencies.
  const { n } = preparedOnce(tx, "regionYear.count", () => {
    const withReport = sql`EXISTS (SELECT 1 FROM ${reports} WHERE ${reports.agencyId} = ${agencies.id} AND ${reports.isCurrent} = 1 AND ${reports.year} = ${sql.placeholder("year")})`;
    return tx
      .select({ n: sql<number>`count(*)` })
      .from(agencies)
      .where(and(sameRegion(agencies), withReport))
      .prepare();
  }).get(place)!;
  preparedOnce(tx, "regionYear.delete", () =>
    tx
      .delete(regionYearAgencies)
      .where(and(eq(regionYearAgencies.year, sql.placeholder("year")), sameRegion(regionYearAgencies)))
      .prepare(),
  ).run(place);
  if (n > 0) insertRows(tx, regionYearAgencies, [{ year, province, city, county, agencies: n }]);
}

/** 上年结转 and 结转下年度 of the given reports, read in one query. */
function carryRows(tx: Tx, current: { id: number; year: number }[]): Map<number, CarryRows> {
  const rows = tx
    .select()
    .from(applicationRows)
    .where(
      and(
        inArray(
          applicationRows.reportId,
          current.map((r) => r.id),
        ),
        inArray(applicationRows.row, ["carriedOver", "carriedForward"]),
      ),
    )
    .all();
  return carryByReport(current, rows);
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
  const touched = new Set(
    tx
      .selectDistinct({ id: reportIssues.reportId })
      .from(reportIssues)
      .where(crossYear)
      .all()
      .map((r) => r.id),
  );
  tx.delete(reportIssues).where(crossYear).run();
  const current = all.filter((r) => r.isCurrent);
  const carry = current.length > 1 ? carryRows(tx, current) : new Map<number, CarryRows>();
  const { flags, flagged } = crossYearFlags(current, carry);
  for (const { reportId, issues } of flags) insertIssues(tx, reportId, issues);
  for (const id of flagged) touched.add(id);
  refreshCounts(tx, [...touched]);
}

export function refreshCounts(tx: Tx, reportIds: number[]): void {
  for (const id of reportIds) {
    const severities = preparedOnce(tx, "issues.severities", () =>
      tx
        .select({ severity: reportIssues.severity })
        .from(reportIssues)
        .where(eq(reportIssues.reportId, sql.placeholder("report")))
        .prepare(),
    ).all({ report: id });
    tx.update(reports)
      .set(severityCounts(severities as Issue[]))
      .where(eq(reports.id, id))
      .run();
  }
}
