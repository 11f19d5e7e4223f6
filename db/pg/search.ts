import { and, asc, sql, type SQL } from "drizzle-orm";
import { escapeLike } from "../queries/common";
import { searchTerms } from "../queries/search";
import type { PgDb } from "./client";
import { sectionsSearch } from "./schema";

/**
 * Chinese search on PostgreSQL (issue 20, 4): the match of SQLite's search (db/queries/search.ts) over the search index
 * report_sections_fts. SQLite matches each term as an FTS5 trigram phrase (3+ characters) or, shorter, by LIKE; both
 * find the parts holding every term as a substring, ASCII letters in either case. Here each term is an ILIKE substring
 * test, which the pg_trgm GIN index serves for 3+ characters; shorter ones scan, as SQLite's LIKE does.
 * tests/pg-search.test.ts holds both to the same parts for the same queries.
 */
export function sectionsMatch(terms: string[]): SQL | undefined {
  return and(...terms.map((term) => sql`${sectionsSearch.body} ILIKE ${`%${escapeLike(term)}%`} ESCAPE '\\'`));
}

/** The parts matching a search text, by report and part: the search page's hits before its joins and its order. */
export async function matchingParts(db: PgDb, text: string): Promise<{ reportId: number; part: string }[]> {
  const match = sectionsMatch(searchTerms(text));
  if (!match) return [];
  return db
    .select({ reportId: sectionsSearch.reportId, part: sectionsSearch.part })
    .from(sectionsSearch)
    .where(match)
    .orderBy(asc(sectionsSearch.reportId), asc(sectionsSearch.part));
}
