import { integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { SEARCH_TEXT_LIMIT } from "../lib/store/types";

export { SEARCH_TEXT_LIMIT };

/**
 * The FTS5 table of migration 0001, one row per report and narrative part. Virtual, so kept out of
 * db/schema.ts (drizzle-kit would generate a plain table for it); written by write.ts, searched by queries.ts.
 */
export const sectionsFts = sqliteTable("report_sections_fts", {
  body: text("body").notNull(),
  reportId: integer("report_id").notNull(),
  part: text("part").notNull(),
});

/** The part of `body` the search index holds: its first SEARCH_TEXT_LIMIT characters, no half surrogate pair. */
export function searchableText(body: string): string {
  if (body.length <= SEARCH_TEXT_LIMIT) return body;
  const cut = body.slice(0, SEARCH_TEXT_LIMIT);
  return /[\uD800-\uDBFF]$/.test(cut) ? cut.slice(0, -1) : cut;
}
