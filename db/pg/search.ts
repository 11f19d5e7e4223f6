import { and, asc, type SQL, sql } from "drizzle-orm";
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

/** A transaction of the search's (savepoints inside it are drizzle's nested transactions). */
export type SearchTx = Parameters<Parameters<PgDb["transaction"]>[0]>[0];

/** The time a search has left, and whether a statement ran out of it. */
export type SearchBudget = { until: number; cutShort: boolean };

export const searchBudget = (budgetMs: number): SearchBudget => ({ until: Date.now() + budgetMs, cutShort: false });

/**
 * One statement of a search within the time it has left: run in a savepoint under statement_timeout, so that a
 * cancelled one is rolled back alone and the search keeps what it read before, as SQLite's does (its statements stop
 * matching rows when the time is up). Null, and the budget cut short, when it ran out of time or none was left.
 */
export async function withinSearchBudget<T>(tx: SearchTx, budget: SearchBudget, read: (savepoint: SearchTx) => Promise<T>): Promise<T | null> {
  const left = Math.round(budget.until - Date.now());
  if (budget.cutShort || left < 1) {
    budget.cutShort = true;
    return null;
  }
  try {
    return await tx.transaction(async (savepoint) => {
      await savepoint.execute(sql`SELECT set_config('statement_timeout', ${String(left)}, true)`);
      return read(savepoint);
    });
  } catch (error) {
    if (sqlState(error) !== QUERY_CANCELED) throw error;
    budget.cutShort = true;
    return null;
  }
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
