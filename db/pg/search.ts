import { and, asc, sql, type SQL } from "drizzle-orm";
import { SEARCH_BUDGET_MS } from "../../lib/store/types";
import { escapeLike } from "../queries/common";
import { searchTerms } from "../queries/search";
import type { PgDb } from "./client";
import { sectionsFts } from "./schema";

/**
 * Chinese search on PostgreSQL (issue 20, 4): the match of SQLite's search (db/queries/search.ts) over the search index
 * report_sections_fts. SQLite matches each term as an FTS5 trigram phrase (3+ characters) or, shorter, by LIKE; both
 * find the parts holding every term as a substring, ASCII letters in either case. Here each term is an ILIKE substring
 * test, which the pg_trgm GIN index serves for 3+ characters; shorter ones scan, as SQLite's LIKE does.
 * tests/pg-search.test.ts holds both to the same parts for the same queries.
 */
export function sectionsMatch(terms: string[]): SQL | undefined {
  return and(...terms.map((term) => sql`${sectionsFts.body} ILIKE ${`%${escapeLike(term)}%`} ESCAPE '\\'`));
}

/** SQLSTATE of a statement cancelled by statement_timeout. */
const QUERY_CANCELED = "57014";

function sqlState(error: unknown): string | undefined {
  for (let e = error; e instanceof Error; e = e.cause) if ("code" in e && typeof e.code === "string") return e.code;
  return undefined;
}

/**
 * The parts matching a search text, by report and part (the search page's hits before its joins and its order), found
 * within `budgetMs`: SQLite's search stops matching rows when its budget is spent and keeps what it found; here the
 * statement runs under `statement_timeout` in its own transaction, and a cancelled one gives no parts and `cutShort`.
 */
export async function matchingParts(
  db: PgDb,
  text: string,
  budgetMs = SEARCH_BUDGET_MS,
): Promise<{ parts: { reportId: number; part: string }[]; cutShort: boolean }> {
  const match = sectionsMatch(searchTerms(text));
  if (!match) return { parts: [], cutShort: false };
  try {
    const parts = await db.transaction(async (tx) => {
      await tx.execute(sql`SELECT set_config('statement_timeout', ${String(Math.max(1, Math.round(budgetMs)))}, true)`);
      return tx
        .select({ reportId: sectionsFts.reportId, part: sectionsFts.part })
        .from(sectionsFts)
        .where(match)
        .orderBy(asc(sectionsFts.reportId), asc(sectionsFts.part));
    });
    return { parts, cutShort: false };
  } catch (error) {
    if (sqlState(error) === QUERY_CANCELED) return { parts: [], cutShort: true };
    throw error;
  }
}
