import { integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

/**
 * The FTS5 table of migration 0001, one row per report and narrative part. Virtual, so kept out of
 * db/schema.ts (drizzle-kit would generate a plain table for it); written by write.ts, searched by queries.ts.
 */
export const sectionsFts = sqliteTable("report_sections_fts", {
  body: text("body").notNull(),
  reportId: integer("report_id").notNull(),
  part: text("part").notNull(),
});
