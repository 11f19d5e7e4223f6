import { eq, getTableColumns } from "drizzle-orm";
import type { ExportTable } from "../../lib/store/types";
import type { Db } from "../client";
import { agencies, agencyAliases, applicationRows, numberPages, proactiveCells, reportIssues, reportSections, reports, reviewLitigationRows } from "../schema";

// ── Bulk export ──────────────────────────────────────────────────────────────────────────────────────────

export const EXPORT_TABLES = {
  agencies,
  reports,
  application_rows: applicationRows,
  review_litigation_rows: reviewLitigationRows,
  proactive_cells: proactiveCells,
  report_sections: reportSections,
  report_issues: reportIssues,
  number_pages: numberPages,
  agency_aliases: agencyAliases,
} as const satisfies Record<ExportTable, unknown>;
export type { ExportTable };

/** The agencies' columns but the pinyin sort key: an index's key (db/pinyin.ts), not data. */
const { nameSortKey: _sortKey, ...AGENCY_EXPORT_COLUMNS } = getTableColumns(agencies);

/** A table's columns (as named in SQLite) and its rows, read one at a time. */
export function tableRows(db: Db, table: ExportTable): { columns: string[]; rows: Iterable<Record<string, unknown>> } {
  const query = table === "agencies" ? db.select(AGENCY_EXPORT_COLUMNS).from(agencies) : db.select().from(EXPORT_TABLES[table]);
  const { sql: text, params } = query.toSQL();
  const statement = db.$client.prepare(text);
  return { columns: statement.columns().map((c) => c.name), rows: statement.iterate(...params) as Iterable<Record<string, unknown>> };
}

// ── Kept source files ────────────────────────────────────────────────────────────────────────────────────

/** The original file stored for a sha256, for /sources/<sha256>. */
export function sourceFile(db: Db, sha256: string): { fileName: string; mediaType: string } | null {
  return db.select({ fileName: reports.fileName, mediaType: reports.mediaType }).from(reports).where(eq(reports.sha256, sha256)).get() ?? null;
}
