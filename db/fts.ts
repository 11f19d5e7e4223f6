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

/**
 * How much of one narrative part is searchable. FTS5's snippet() costs about the square of a row's matches (a
 * 400,000-character part with a common word takes 2 s, 1.6 million characters 36 s); real parts are under 30,000.
 * The stored section keeps every character; only the search index stops here.
 */
export const SEARCH_TEXT_LIMIT = 50_000;

/** The part of `body` the search index holds: its first SEARCH_TEXT_LIMIT characters, no half surrogate pair. */
export function searchableText(body: string): string {
  if (body.length <= SEARCH_TEXT_LIMIT) return body;
  const cut = body.slice(0, SEARCH_TEXT_LIMIT);
  return /[\uD800-\uDBFF]$/.test(cut) ? cut.slice(0, -1) : cut;
}
