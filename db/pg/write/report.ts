import { and, eq, getTableColumns, inArray, sql } from "drizzle-orm";
import type { PgTable } from "drizzle-orm/pg-core";
import type { Issue, Report, Source } from "../../../lib/report/schema";
import { PARSER_VERSION } from "../../../lib/report/version";
import type { StoreResult } from "../../../lib/store/write-store";
import { contentLines, issueLines, type Line } from "../../content";
import { type CarryLine, carryByReport, crossYearFlags, newReportRow, readingColumns, searchRows, severityCounts } from "../../write-rules";
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
  sectionsFts,
} from "../schema";
import { PG_CONTENT_PARTS } from "./content";
import { agencyOf } from "./identity";
import { electCurrent } from "./revisions";
import type { PgTx } from "./transaction";

/**
 * storeReport and replaceReport of db/write.ts over PostgreSQL: the same lines (db/content.ts, db/write-rules.ts), the
 * same current report (db/revisions.ts decideCurrent), the same refreshes, each statement awaited in the caller's
 * transaction (db/pg/write/transaction.ts).
 */

type StorableReport = Report & { source: Source };

/** Rows a statement inserts at most: PostgreSQL takes 65,535 parameters a statement, a line has fewer than 60 columns. */
const ROWS_PER_INSERT = 1000;

/** Inserts rows in multi-row statements; a column a row leaves out gets its default (NULL for every one of these). */
export async function insertRows(tx: PgTx, table: PgTable, rows: Record<string, unknown>[]): Promise<void> {
  for (let start = 0; start < rows.length; start += ROWS_PER_INSERT) await tx.insert(table).values(rows.slice(start, start + ROWS_PER_INSERT));
}

export async function findBySha256(db: Pick<PgTx, "select">, sha256: string): Promise<number | null> {
  const [row] = await db.select({ id: reports.id }).from(reports).where(eq(reports.sha256, sha256));
  return row?.id ?? null;
}

export async function insertIssues(tx: PgTx, reportId: number, issues: Issue[]): Promise<void> {
  await insertRows(
    tx,
    reportIssues,
    issueLines(issues).map((line) => ({ reportId, ...line })),
  );
}

async function insertLines(tx: PgTx, reportId: number, report: StorableReport): Promise<void> {
  const lines = contentLines(report);
  for (const { part, table } of PG_CONTENT_PARTS)
    await insertRows(
      tx,
      table,
      lines[part].map((line: Line) => ({ reportId, ...line })),
    );
}

/** Stores one parsed report in the caller's transaction; the same bytes stored before: `present`, nothing written. */
export async function storeReport(tx: PgTx, report: StorableReport, ingestedAt: string): Promise<StoreResult> {
  const present = await findBySha256(tx, report.source.sha256);
  if (present !== null) return { status: "present", reportId: present };
  const agency = await agencyOf(tx, report);
  const [before] = await tx
    .select({ id: reports.id })
    .from(reports)
    .where(and(eq(reports.agencyId, agency), eq(reports.year, report.year)))
    .limit(1);
  const [inserted] = await tx
    .insert(reports)
    .values(newReportRow(report, agency, ingestedAt))
    .returning({ id: reports.id });
  const reportId = inserted!.id;
  await insertLines(tx, reportId, report);
  await insertRows(tx, sectionsFts, searchRows(reportId, report));
  await insertIssues(tx, reportId, report.issues);
  await electCurrent(tx, agency, report.year);
  await refreshAgency(tx, agency, report.year);
  return { status: before ? "revised" : "ingested", reportId };
}

export async function refreshAgency(tx: PgTx, agency: number, year: number): Promise<void> {
  await reconcileAgency(tx, agency);
  await refreshAgencyTotals(tx, agency);
  await refreshRegionLine(tx, await regionOfAgency(tx, agency), year);
  await refreshIssueCodes(tx, agency);
}

export async function stampParserVersion(tx: PgTx, reportId: number): Promise<void> {
  await tx.update(reports).set({ parserVersion: PARSER_VERSION }).where(eq(reports.id, reportId));
}

/**
 * A new reading of a stored report's file, in the caller's transaction: as db/write.ts replaceReport, it keeps its id,
 * file and ingest time, moves to another agency or year if the reading says so, and the current files are decided again.
 */
export async function replaceReport(tx: PgTx, reportId: number, report: StorableReport): Promise<void> {
  const [stored] = await tx
    .select({ agencyId: reports.agencyId, year: reports.year, isCurrent: reports.isCurrent })
    .from(reports)
    .where(eq(reports.id, reportId));
  if (!stored) throw new Error(`no report ${reportId}`);
  const { isCurrent: wasCurrent, ...from } = stored;
  const to = { agencyId: await agencyOf(tx, report), year: report.year };
  const moved = from.agencyId !== to.agencyId || from.year !== to.year;
  // A file moving to another year is set aside there until electCurrent decides (reports_one_current), still counted
  // as current if it was, as SQLite's replaceReport does.
  await tx
    .update(reports)
    .set({ ...readingColumns(report, to.agencyId), ...(moved ? { isCurrent: false } : {}) })
    .where(eq(reports.id, reportId));
  const [sections] = await tx.select().from(reportSections).where(eq(reportSections.reportId, reportId));
  const sectionsChanged = !sections || (["overview", "problems", "other"] as const).some((part) => sections[part] !== report.sections[part]);
  for (const { table } of PG_CONTENT_PARTS) await tx.delete(table).where(eq(table.reportId, reportId));
  await tx.delete(reportIssues).where(eq(reportIssues.reportId, reportId));
  await insertLines(tx, reportId, report);
  if (sectionsChanged) {
    await tx.delete(sectionsFts).where(eq(sectionsFts.reportId, reportId));
    await insertRows(tx, sectionsFts, searchRows(reportId, report));
  }
  await insertIssues(tx, reportId, report.issues);
  if (moved) await electCurrent(tx, from.agencyId, from.year);
  await electCurrent(tx, to.agencyId, to.year, moved && wasCurrent ? new Set([reportId]) : undefined);
  await refreshAgency(tx, to.agencyId, to.year);
  if (moved) {
    await refreshAgency(tx, from.agencyId, from.year);
    await removeIfEmpty(tx, from.agencyId);
  }
  await refreshCounts(tx, [reportId]);
}

export async function removeIfEmpty(tx: PgTx, agency: number): Promise<void> {
  const [left] = await tx.select({ id: reports.id }).from(reports).where(eq(reports.agencyId, agency)).limit(1);
  if (left) return;
  await tx.delete(agencyTotals).where(eq(agencyTotals.agencyId, agency));
  await tx.delete(currentIssueCodes).where(eq(currentIssueCodes.agencyId, agency));
  await tx.delete(agencyAliases).where(eq(agencyAliases.agencyId, agency));
  await tx.delete(agencyKeys).where(eq(agencyKeys.agencyId, agency));
  await tx.delete(agencies).where(eq(agencies.id, agency));
}

export async function refreshAgencyTotals(tx: PgTx, agency: number): Promise<void> {
  const columns = Object.keys(getTableColumns(agencyTotals)).filter((key) => key !== "agencyId");
  const sums = Object.fromEntries(columns.map((key) => [key, sql<number | null>`sum(${reportTotals[key as keyof typeof reportTotals.$inferSelect]})`]));
  const [summed] = await tx
    .select(sums)
    .from(reports)
    .innerJoin(reportTotals, eq(reportTotals.reportId, reports.id))
    .where(and(eq(reports.agencyId, agency), eq(reports.isCurrent, true)));
  await tx.delete(agencyTotals).where(eq(agencyTotals.agencyId, agency));
  await insertRows(tx, agencyTotals, [{ agencyId: agency, ...summed }]);
}

export async function refreshIssueCodes(tx: PgTx, agency: number): Promise<void> {
  await tx.delete(currentIssueCodes).where(eq(currentIssueCodes.agencyId, agency));
  const codes = await tx
    .selectDistinct({ agencyId: reports.agencyId, year: reports.year, code: reportIssues.code })
    .from(reports)
    .innerJoin(reportIssues, eq(reportIssues.reportId, reports.id))
    .where(and(eq(reports.agencyId, agency), eq(reports.isCurrent, true)));
  await insertRows(tx, currentIssueCodes, codes);
}

export type AgencyRegion = { province: string | null; city: string | null; county: string | null };

export async function regionOfAgency(tx: PgTx, agency: number): Promise<AgencyRegion> {
  const [region] = await tx.select({ province: agencies.province, city: agencies.city, county: agencies.county }).from(agencies).where(eq(agencies.id, agency));
  return region!;
}

/** The line of region_year_agencies for a region and a year, counted again (NULLs compared as values, as SQLite's IS). */
export async function refreshRegionLine(tx: PgTx, { province, city, county }: AgencyRegion, year: number): Promise<void> {
  const sameRegion = (table: typeof agencies | typeof regionYearAgencies) =>
    and(
      sql`${table.province} IS NOT DISTINCT FROM ${province}`,
      sql`${table.city} IS NOT DISTINCT FROM ${city}`,
      sql`${table.county} IS NOT DISTINCT FROM ${county}`,
    );
  const withReport = sql`EXISTS (SELECT 1 FROM ${reports} WHERE ${reports.agencyId} = ${agencies.id} AND ${reports.isCurrent} AND ${reports.year} = ${year})`;
  const [{ n }] = (await tx
    .select({ n: sql<number>`count(*)` })
    .from(agencies)
    .where(and(sameRegion(agencies), withReport))) as [{ n: number }];
  await tx.delete(regionYearAgencies).where(and(eq(regionYearAgencies.year, year), sameRegion(regionYearAgencies)));
  if (n > 0) await insertRows(tx, regionYearAgencies, [{ year, province, city, county, agencies: n }]);
}

/** identity.crossYear of the agency's consecutive current reports, recomputed (db/write.ts reconcileAgency). */
export async function reconcileAgency(tx: PgTx, agency: number): Promise<void> {
  const all = await tx.select({ id: reports.id, year: reports.year, isCurrent: reports.isCurrent }).from(reports).where(eq(reports.agencyId, agency));
  const crossYear = and(
    eq(reportIssues.code, "identity.crossYear"),
    inArray(
      reportIssues.reportId,
      all.map((r) => r.id),
    ),
  );
  const flaggedBefore = await tx.selectDistinct({ id: reportIssues.reportId }).from(reportIssues).where(crossYear);
  const touched = new Set(flaggedBefore.map((r) => r.id));
  await tx.delete(reportIssues).where(crossYear);
  const current = all.filter((r) => r.isCurrent);
  if (current.length > 1) {
    const lines = await tx
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
      );
    const { flags, flagged } = crossYearFlags(current, carryByReport(current, lines as CarryLine[]));
    for (const { reportId, issues } of flags) await insertIssues(tx, reportId, issues);
    for (const id of flagged) touched.add(id);
  }
  await refreshCounts(tx, [...touched]);
}

export async function refreshCounts(tx: PgTx, reportIds: number[]): Promise<void> {
  for (const id of reportIds) {
    const severities = await tx.select({ severity: reportIssues.severity }).from(reportIssues).where(eq(reportIssues.reportId, id));
    await tx
      .update(reports)
      .set(severityCounts(severities as Pick<Issue, "severity">[]))
      .where(eq(reports.id, id));
  }
}
