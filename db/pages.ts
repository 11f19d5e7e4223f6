import { eq, sql } from "drizzle-orm";
import type { NumberPages, PagedSection } from "../lib/report/schema";
import type { Db } from "./client";
import { numberPages } from "./schema";

/** The page each number of a stored report was printed on, as parsed (source.numberPages); null when none was recorded. */
export function readNumberPages(db: Db, reportId: number): NumberPages | null {
  // A database not yet migrated to 0003 is read as one without pages (the web opens it read-only).
  if (!db.get(sql`SELECT 1 AS found FROM sqlite_master WHERE type = 'table' AND name = 'number_pages'`)) return null;
  const rows = db.select().from(numberPages).where(eq(numberPages.reportId, reportId)).all();
  if (rows.length === 0) return null;
  const pages: Record<PagedSection, Record<string, number>> = { proactive: {}, applications: {}, reviewLitigation: {} };
  for (const { section, key, page } of rows) pages[section][key] = page;
  return pages as NumberPages;
}
