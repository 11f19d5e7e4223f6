import { and, count, desc, eq, inArray, sql, type SQL } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import {
  SEARCH_BUDGET_MS,
  searchTerms,
  type AgencyFacets,
  type Facet,
  type ReportFilter,
  type SearchHit,
  type SearchQuery,
  type SearchResult,
  type SectionPart,
} from "../../../lib/store/types";
import { pageOf } from "../../queries/common";
import { likeSnippet, TRIGRAM } from "../../queries/search";
import { pinyinKey } from "../../pinyin";
import { ftsSnippet } from "../../search-snippet";
import type { PgDb } from "../client";
import { agencies, reports, sectionsFts } from "../schema";
import { sectionsMatch } from "../search";
import { ascNullsFirst, reportConditions, type PgRead } from "./common";

/**
 * The search page on PostgreSQL: the pair of db/queries/search.ts. The match is db/pg/search.ts's (ILIKE per term over
 * the trigram index). The hits are ordered as on SQLite, newest year first, then the agency in pinyin order: SQLite
 * computes the pinyin key in SQL (a function of the connection), PostgreSQL has no such function, so the keys of every
 * hit are read and sorted here with the same key (db/pinyin.ts), and the page's texts are read after. Their snippets are
 * SQLite's: FTS5's snippet() ported to TypeScript (db/search-snippet.ts) when every term has 3+ characters, else the
 * LIKE search's likeSnippet.
 * The reads run under statement_timeout; a cancelled statement gives nothing, so a cut-short search has no partial page.
 */

type HitKey = Omit<SearchHit, "snippet" | "part"> & { part: string };

const PART_ORDER: Record<string, number> = { overview: 0, problems: 1 };

function byHitOrder(a: HitKey & { key: string }, b: HitKey & { key: string }): number {
  return b.year - a.year || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0) || a.reportId - b.reportId || (PART_ORDER[a.part] ?? 2) - (PART_ORDER[b.part] ?? 2);
}

async function hitsOf(db: PgRead, query: SearchQuery, terms: string[]): Promise<Omit<SearchResult, "cutShort">> {
  const { page, pageSize } = query;
  const filter: ReportFilter = { ...query, q: undefined };
  const keys = await db
    .select({
      reportId: sectionsFts.reportId,
      part: sectionsFts.part,
      agencyId: agencies.id,
      agency: agencies.name,
      province: agencies.province,
      year: reports.year,
      isCurrent: reports.isCurrent,
    })
    .from(sectionsFts)
    .innerJoin(reports, eq(reports.id, sectionsFts.reportId))
    .innerJoin(agencies, eq(agencies.id, reports.agencyId))
    .where(and(sectionsMatch(terms), ...reportConditions(filter)));
  const ordered = keys.map((hit) => ({ ...hit, key: pinyinKey(hit.agency) })).sort(byHitOrder);
  const onPage = ordered.slice((page - 1) * pageSize, page * pageSize);
  const bodies = new Map<string, string>();
  if (onPage.length) {
    const rows = await db
      .select({ reportId: sectionsFts.reportId, part: sectionsFts.part, body: sectionsFts.body })
      .from(sectionsFts)
      .where(
        inArray(
          sectionsFts.reportId,
          onPage.map((hit) => hit.reportId),
        ),
      );
    for (const row of rows) bodies.set(`${row.reportId}:${row.part}`, row.body);
  }
  const useIndex = terms.every((term) => [...term].length >= TRIGRAM);
  const snippetOf = useIndex ? ftsSnippet : likeSnippet;
  const hits = onPage.map(({ key: _, ...hit }) => ({
    ...hit,
    part: hit.part as SectionPart,
    snippet: snippetOf(bodies.get(`${hit.reportId}:${hit.part}`) ?? "", terms),
  }));
  return { ...pageOf(hits, ordered.length, page, pageSize), mode: useIndex ? "fts" : "like" };
}

type FacetColumn = AnyPgColumn;

async function hitsBy<V>(db: PgRead, match: SQL | undefined, filter: ReportFilter, column: FacetColumn, byValue: boolean): Promise<Facet<V>[]> {
  const hits = count();
  return (await db
    .select({ value: column, count: hits })
    .from(sectionsFts)
    .innerJoin(reports, eq(reports.id, sectionsFts.reportId))
    .innerJoin(agencies, eq(agencies.id, reports.agencyId))
    .where(and(match, ...reportConditions(filter)))
    .groupBy(column)
    .orderBy(byValue ? desc(column) : desc(hits), ascNullsFirst(column))) as Facet<V>[];
}

async function facetsOf(db: PgRead, query: SearchQuery, terms: string[]): Promise<AgencyFacets> {
  const filter: ReportFilter = { ...query, q: undefined };
  const { province, city } = filter;
  const match = sectionsMatch(terms);
  return {
    province: await hitsBy<string | null>(db, match, { ...filter, province: undefined, city: undefined, county: undefined }, agencies.province, false),
    city: province ? await hitsBy<string | null>(db, match, { ...filter, city: undefined, county: undefined }, agencies.city, false) : [],
    county: province && city ? await hitsBy<string | null>(db, match, { ...filter, county: undefined }, agencies.county, false) : [],
    year: await hitsBy<number>(db, match, { ...filter, years: undefined }, reports.year, true),
  };
}

const QUERY_CANCELED = "57014";

function isCancelled(error: unknown): boolean {
  for (let e = error; e instanceof Error; e = e.cause) if ("code" in e && e.code === QUERY_CANCELED) return true;
  return false;
}

/** Runs the reads in one snapshot under statement_timeout; null when a statement ran out of time. */
async function withinBudget<T>(db: PgDb, budgetMs: number, read: (tx: PgRead) => Promise<T>): Promise<T | null> {
  try {
    return await db.transaction(
      async (tx) => {
        await tx.execute(sql`SELECT set_config('statement_timeout', ${String(Math.max(1, Math.round(budgetMs)))}, true)`);
        return read(tx);
      },
      { isolationLevel: "repeatable read", accessMode: "read only" },
    );
  } catch (error) {
    if (isCancelled(error)) return null;
    throw error;
  }
}

const emptyFacets = (): AgencyFacets => ({ province: [], city: [], county: [], year: [] });

/** The search page: its hits and facets on one snapshot, within the search's budget. */
export async function searchPage(
  db: PgDb,
  query: SearchQuery,
  options: { facets: boolean; budgetMs?: number },
): Promise<{ result: SearchResult; facets: AgencyFacets }> {
  const terms = searchTerms(query.text);
  const { page, pageSize } = query;
  if (terms.length === 0) return { result: { ...pageOf([], 0, page, pageSize), mode: "empty", cutShort: false }, facets: emptyFacets() };
  const found = await withinBudget(db, options.budgetMs ?? SEARCH_BUDGET_MS, async (tx) => ({
    result: await hitsOf(tx, query, terms),
    facets: options.facets ? await facetsOf(tx, query, terms) : emptyFacets(),
  }));
  if (!found) {
    const mode = terms.every((term) => [...term].length >= TRIGRAM) ? "fts" : "like";
    return { result: { ...pageOf([], 0, page, pageSize), mode, cutShort: true }, facets: emptyFacets() };
  }
  return { result: { ...found.result, cutShort: false }, facets: found.facets };
}
