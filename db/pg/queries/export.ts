import { eq } from "drizzle-orm";
import { getTableConfig, type PgTable } from "drizzle-orm/pg-core";
import type { ExportTable } from "../../../lib/store/types";
import { cursorBatches } from "../../copy";
import type { PgDb } from "../client";
import { agencies, agencyAliases, applicationRows, numberPages, proactiveCells, reportIssues, reportSections, reports, reviewLitigationRows } from "../schema";
import type { PgRead } from "./common";

/** The bulk export's tables and the kept sources on PostgreSQL: the pair of db/queries/export.ts. */

export const PG_EXPORT_TABLES = {
  agencies,
  reports,
  application_rows: applicationRows,
  review_litigation_rows: reviewLitigationRows,
  proactive_cells: proactiveCells,
  report_sections: reportSections,
  report_issues: reportIssues,
  number_pages: numberPages,
  agency_aliases: agencyAliases,
} as const satisfies Record<ExportTable, PgTable>;

/** Rows read a batch at a time from one table. */
const BATCH = 2000;

/**
 * A reader of whole tables on one connection of its own, one REPEATABLE READ snapshot for the whole zip. Rows are
 * objects keyed by the database's column names, as from SQLite; a boolean is 1 or 0, as SQLite stores it, so the
 * zip is the same from both stores. Each table in the order of its key (SQLite gives its rowid order), read through
 * a cursor.
 */
export async function openPgTableReader(db: PgDb) {
  const client = await db.$client.connect();
  await client.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
  let closed = false;
  return {
    async tableRows(name: ExportTable) {
      const config = getTableConfig(PG_EXPORT_TABLES[name]);
      // The agencies' pinyin sort key is an index's key (db/pinyin.ts), not data: left out as SQLite's export does.
      const columns = config.columns.map((column) => column.name).filter((column) => column !== "name_sort_key");
      const booleans = config.columns.filter((column) => column.dataType === "boolean").map((column) => column.name);
      const keys =
        config.primaryKeys[0]?.columns.map((column) => column.name) ?? config.columns.filter((column) => column.primary).map((column) => column.name);
      const order = (keys.length ? keys : columns).map((column) => `"${column}"`).join(", ");
      const list = columns.map((column) => `"${column}"`).join(", ");
      async function* rows(): AsyncGenerator<Record<string, unknown>> {
        for await (const batch of cursorBatches(client, `SELECT ${list} FROM "${config.name}" ORDER BY ${order}`, BATCH, "object")) {
          for (const row of batch) {
            for (const column of booleans) if (typeof row[column] === "boolean") row[column] = row[column] ? 1 : 0;
            yield row;
          }
        }
      }
      return { columns, rows: rows() };
    },
    close() {
      if (closed) return;
      closed = true;
      client
        .query("ROLLBACK")
        .catch(() => undefined)
        .finally(() => client.release());
    },
  };
}

/** The original file stored for a sha256, for /sources/<sha256>. */
export async function sourceFile(db: PgRead, sha256: string): Promise<{ fileName: string; mediaType: string } | null> {
  const [row] = await db.select({ fileName: reports.fileName, mediaType: reports.mediaType }).from(reports).where(eq(reports.sha256, sha256)).limit(1);
  return row ?? null;
}
