import { and, count, desc, eq, inArray, type SQL, sql } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import {
  type AgencyFacets,
  type Facet,
  type ReportFilter,
  SEARCH_BUDGET_MS,
  type SearchHit,
  type SearchQuery,
  type SearchResult,
  type SectionPart,
  searchTerms,
} from "../../../lib/store/types";
import { pinyinKey } from "../../pinyin";
import { pageOf } from "../../queries/common";
import { likeSnippet, TRIGRAM } from "../../queries/search";
import { ftsSnippet } from "../../search-snippet";
import type { PgDb } from "../client";
import { agencies, reports, sectionsFts } from "../schema";
import { type SearchBudget, type SearchTx, searchBudget, sectionsMatch, withinSearchBudget } from "../search";
import { ascNullsFirst, type PgRead, reportConditions } from "./common";

/**
 * The search page on PostgreSQL: the pair of db/queries/search.ts. The match is db/pg/search.ts's (ILIKE per term over
 * the trigram index). The hits are ordered as on SQLite, newest year first, then the agency in pinyin order: SQLite
 * computes the pinyin key in SQL (a function of the connection), PostgreSQL has no such function, so the keys of every
 * hit are read and sorted here with the same key (db/pinyin.ts), and the page's texts are read after. Their snippets are
 * SQLite's: FTS5's snippet() ported to TypeScript (db/search-snippet.ts) when every term has 3+ characters, else the
 * LIKE search's likeSnippet.
 * Each statement runs under statement_timeout in a savepoint (db/pg/search.ts withinSearchBudget): one that runs out
 * of time ends the search with what was read before it, as SQLite's search keeps the rows it matched in time.
 */

type HitKey = Omit<SearchHit, "snippet" | "part"> & { part: string };

const PART_ORDER: Record<string, number> = { overview: 0, problems: 1 };

function byHitOrder(a: HitKey & { key: string }, b: HitKey & { key: string }): number {
  return b.year - a.year || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0) || a.reportId - b.reportId || (PART_ORDER[a.part] ?? 2) - (PART_ORDER[b.part] ?? 2);
}

/** Rows a FETCH of the hits' cursor takes: each one statement under the time left. */
const FETCH_ROWS = 5_000;

type KeyRow = { report_id: number; part: string; id: number; name: string; province: string | null; year: number; is_current: boolean };

/**
 * The hits' keys, read through a cursor FETCH_ROWS at a time while the search has time: when a FETCH runs out, the
 * keys read before stay (the parts SQLite's search would have matched by then) and the search is cut short.
 */
async function hitKeys(tx: SearchTx, budget: SearchBudget, filter: ReportFilter, terms: string[]): Promise<HitKey[]> {
  const select = tx
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
  await tx.execute(sql`DECLARE nianbao_hits NO SCROLL CURSOR FOR ${select}`);
  const keys: HitKey[] = [];
  for (;;) {
    const batch = await withinSearchBudget(tx, budget, (savepoint) => savepoint.execute(sql.raw(`FETCH ${FETCH_ROWS} FROM nianbao_hits`)));
    if (!batch) return keys;
    for (const row of batch.rows as KeyRow[]) {
      keys.push({
        reportId: row.report_id,
        part: row.part,
        agencyId: row.id,
        agency: row.name,
        province: row.province,
        year: row.year,
        isCurrent: row.is_current,
      });
    }
    if (batch.rows.length < FETCH_ROWS) return keys;
  }
}

async function hitsOf(tx: SearchTx, budget: SearchBudget, query: SearchQuery, terms: string[]): Promise<Omit<SearchResult, "cutShort">> {
  const { page, pageSize } = query;
  const keys = await hitKeys(tx, budget, { ...query, q: undefined }, terms);
  const ordered = keys.map((hit) => ({ ...hit, key: pinyinKey(hit.agency) })).sort(byHitOrder);
  const onPage = ordered.slice((page - 1) * pageSize, page * pageSize);
  const bodies = new Map<string, string>();
  // The page's texts by key, whatever time is left: at most a page of reports, and the hits found are shown.
  if (onPage.length) {
    const rows = await tx
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

/** The hits per value of a column under the time left; none once the search has run out (as SQLite's then counts none). */
async function hitsBy<V>(
  tx: SearchTx,
  budget: SearchBudget,
  match: SQL | undefined,
  filter: ReportFilter,
  column: FacetColumn,
  byValue: boolean,
): Promise<Facet<V>[]> {
  return (await withinSearchBudget(tx, budget, (savepoint) => facetRows<V>(savepoint, match, filter, column, byValue))) ?? [];
}

async function facetRows<V>(db: PgRead, match: SQL | undefined, filter: ReportFilter, column: FacetColumn, byValue: boolean): Promise<Facet<V>[]> {
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

async function facetsOf(tx: SearchTx, budget: SearchBudget, query: SearchQuery, terms: string[]): Promise<AgencyFacets> {
  const filter: ReportFilter = { ...query, q: undefined };
  const { province, city } = filter;
  const match = sectionsMatch(terms);
  const by = <V>(without: ReportFilter, column: FacetColumn, byValue = false) => hitsBy<V>(tx, budget, match, without, column, byValue);
  return {
    province: await by<string | null>({ ...filter, province: undefined, city: undefined, county: undefined }, agencies.province),
    city: province ? await by<string | null>({ ...filter, city: undefined, county: undefined }, agencies.city) : [],
    county: province && city ? await by<string | null>({ ...filter, county: undefined }, agencies.county) : [],
    year: await by<number>({ ...filter, years: undefined }, reports.year, true),
  };
}

const emptyFacets = (): AgencyFacets => ({ province: [], city: [], county: [], year: [] });

/**
 * The search page: its hits and facets on one snapshot, within the search's budget. A statement that runs out of time
 * cuts the search short and the page keeps what was read by then: the hits found (total counting only those) and the
 * facets counted; the later statements of that budget are not run.
 */
export async function searchPage(
  db: PgDb,
  query: SearchQuery,
  options: { facets: boolean; budgetMs?: number },
): Promise<{ result: SearchResult; facets: AgencyFacets }> {
  const terms = searchTerms(query.text);
  const { page, pageSize } = query;
  if (terms.length === 0) return { result: { ...pageOf([], 0, page, pageSize), mode: "empty", cutShort: false }, facets: emptyFacets() };
  const budgetMs = options.budgetMs ?? SEARCH_BUDGET_MS;
  return db.transaction(
    async (tx) => {
      // The hits and the facets have a budget each, as SQLite's searchSections and searchFacets do.
      const forHits = searchBudget(budgetMs);
      const result = await hitsOf(tx, forHits, query, terms);
      const forFacets = searchBudget(budgetMs);
      const facets = options.facets ? await facetsOf(tx, forFacets, query, terms) : emptyFacets();
      return { result: { ...result, cutShort: forHits.cutShort || forFacets.cutShort }, facets };
    },
    { isolationLevel: "repeatable read", accessMode: "read only" },
  );
}
