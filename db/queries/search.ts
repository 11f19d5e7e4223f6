import { and, asc, count, desc, eq, type SQL, sql } from "drizzle-orm";
import {
  type AgencyFacets,
  type Facet,
  MARK_END,
  MARK_START,
  type ReportFilter,
  SEARCH_BUDGET_MS,
  type SearchHit,
  type SearchQuery,
  type SearchResult,
  type SectionPart,
  searchTerms,
} from "../../lib/store/types";
import type { Db } from "../client";
import { sectionsFts } from "../fts";
import { withPinyin } from "../pinyin";
import { agencies, reports } from "../schema";
import { containsText, pageOf, reportConditions } from "./common";

// ── Full-text search over the narrative sections ─────────────────────────────────────────────────────────

type Deadline = { until: number; passed: boolean };
const DEADLINES = new WeakMap<object, Deadline>();

/**
 * A per-connection SQL function that turns false once the running search's time is up, so a statement stops
 * matching rows (better-sqlite3 cannot interrupt a statement). Each row costs little, since the index holds at most
 * SEARCH_TEXT_LIMIT characters of a part.
 */
function deadlineOf(db: Db): Deadline {
  let deadline = DEADLINES.get(db.$client);
  if (!deadline) {
    const state: Deadline = { until: Infinity, passed: false };
    db.$client.function("nianbao_in_time", { deterministic: false }, () => {
      if (Date.now() <= state.until) return 1;
      state.passed = true;
      return 0;
    });
    DEADLINES.set(db.$client, state);
    deadline = state;
  }
  return deadline;
}

function withinBudget<T>(db: Db, budgetMs: number, run: () => T): { value: T; cutShort: boolean } {
  const deadline = deadlineOf(db);
  deadline.until = Date.now() + budgetMs;
  deadline.passed = false;
  try {
    return { value: run(), cutShort: deadline.passed };
  } finally {
    deadline.until = Infinity;
  }
}

const inTime = sql`nianbao_in_time()`;

/** The trigram tokenizer indexes 3-character sequences: a shorter term cannot use the index. */
export const TRIGRAM = 3;

export { searchTerms };

/** Each term as an FTS5 phrase, quotes doubled, so no user input is read as FTS5 syntax (AND, NEAR, *, -). */
export function ftsPhrase(terms: string[]): string {
  return terms.map((term) => `"${term.replace(/"/g, '""')}"`).join(" ");
}

/** The text around the first term, marked: the snippet of a match found without FTS5 (and on PostgreSQL). */
export function likeSnippet(body: string, terms: string[]): string {
  const term = terms[0] ?? "";
  const at = body.indexOf(term);
  if (at < 0) return body.slice(0, 80);
  const start = Math.max(0, at - 40);
  const end = Math.min(body.length, at + term.length + 40);
  return `${start > 0 ? "…" : ""}${body.slice(start, at)}${MARK_START}${term}${MARK_END}${body.slice(at + term.length, end)}${end < body.length ? "…" : ""}`;
}

const hitColumns = {
  reportId: sectionsFts.reportId,
  part: sectionsFts.part,
  agencyId: agencies.id,
  agency: agencies.name,
  province: agencies.province,
  year: reports.year,
  isCurrent: reports.isCurrent,
};

function searchBase(db: Db, filter: ReportFilter, match: SQL, fields: Record<string, unknown>) {
  return db
    .select(fields as typeof hitColumns)
    .from(sectionsFts)
    .innerJoin(reports, eq(reports.id, sectionsFts.reportId))
    .innerJoin(agencies, eq(agencies.id, reports.agencyId))
    .where(and(match, ...reportConditions(filter)))
    .$dynamic();
}

/**
 * FTS5 MATCH (bm25 order) for terms of 3+ characters; shorter terms fall back to an escaped LIKE scan. Both stop
 * after `budgetMs` and say so (`cutShort`).
 */
export function searchSections(db: Db, query: SearchQuery, budgetMs = SEARCH_BUDGET_MS): SearchResult {
  const { page, pageSize } = query;
  if (searchTerms(query.text).length === 0) return { ...pageOf([], 0, page, pageSize), mode: "empty", cutShort: false };
  withPinyin(db);
  const { value, cutShort } = withinBudget(db, budgetMs, () => searchWithin(db, query));
  return { ...value, cutShort };
}

/** The match of a query's terms: FTS5 for terms of 3+ characters, else an escaped LIKE per term; both stop in time. */
function matchOf(terms: string[]): { match: SQL; useFts: boolean } {
  const useFts = terms.every((term) => [...term].length >= TRIGRAM);
  const match = useFts
    ? and(sql`${sectionsFts} MATCH ${ftsPhrase(terms)}`, inTime)!
    : and(inTime, ...terms.map((term) => containsText(sql`${sectionsFts.body}`, term)))!;
  return { match, useFts };
}

/** Newest year first, then the agency in pinyin order (db/pinyin.ts), then the report and its parts in print order. */
const HIT_ORDER = [
  desc(reports.year),
  sql`nianbao_pinyin(${agencies.name})`,
  asc(reports.id),
  sql`case ${sectionsFts.part} when 'overview' then 0 when 'problems' then 1 else 2 end`,
];

function searchWithin(db: Db, query: SearchQuery): Omit<SearchResult, "cutShort"> {
  const terms = searchTerms(query.text);
  const { page, pageSize } = query;
  const filter: ReportFilter = { ...query, q: undefined };
  const offset = (page - 1) * pageSize;
  const { match, useFts } = matchOf(terms);
  const total = db
    .select({ n: count() })
    .from(sectionsFts)
    .innerJoin(reports, eq(reports.id, sectionsFts.reportId))
    .innerJoin(agencies, eq(agencies.id, reports.agencyId))
    .where(and(match, ...reportConditions(filter)))
    .get()!.n;
  if (useFts) {
    const rows = searchBase(db, filter, match, { ...hitColumns, snippet: sql<string>`snippet(${sectionsFts}, 0, ${MARK_START}, ${MARK_END}, '…', 24)` })
      .orderBy(...HIT_ORDER)
      .limit(pageSize)
      .offset(offset)
      .all() as (Omit<SearchHit, "part"> & { part: string })[];
    return {
      ...pageOf(
        rows.map((r) => ({ ...r, part: r.part as SectionPart })),
        total,
        page,
        pageSize,
      ),
      mode: "fts",
    };
  }
  const rows = searchBase(db, filter, match, { ...hitColumns, body: sectionsFts.body })
    .orderBy(...HIT_ORDER)
    .limit(pageSize)
    .offset(offset)
    .all() as (Omit<SearchHit, "part" | "snippet"> & { part: string; body: string })[];
  const hits = rows.map(({ body, ...r }) => ({ ...r, part: r.part as SectionPart, snippet: likeSnippet(body, terms) }));
  return { ...pageOf(hits, total, page, pageSize), mode: "like" };
}

// ── Facets of a search: hits per region and year under the query ─────────────────────────────────────────

type FacetColumn = typeof agencies.province | typeof agencies.city | typeof agencies.county | typeof reports.year;

function hitsBy<V>(db: Db, match: SQL, filter: ReportFilter, column: FacetColumn): Facet<V>[] {
  const hits = count();
  return db
    .select({ value: column, count: hits })
    .from(sectionsFts)
    .innerJoin(reports, eq(reports.id, sectionsFts.reportId))
    .innerJoin(agencies, eq(agencies.id, reports.agencyId))
    .where(and(match, ...reportConditions(filter)))
    .groupBy(column)
    .orderBy(column === reports.year ? desc(column) : desc(hits), asc(column))
    .all() as Facet<V>[];
}

/**
 * The hits of the query per province, city, county and year: each facet counts under the query and every other
 * filter but its own (the region facets cascade as the lists' do), so a value's count is the hits its link finds.
 * Stops after `budgetMs` as the search does (`cutShort`).
 */
export function searchFacets(db: Db, query: SearchQuery, budgetMs = SEARCH_BUDGET_MS): { facets: AgencyFacets; cutShort: boolean } {
  const terms = searchTerms(query.text);
  const none: AgencyFacets = { province: [], city: [], county: [], year: [] };
  if (terms.length === 0) return { facets: none, cutShort: false };
  const filter: ReportFilter = { ...query, q: undefined };
  const { province, city } = filter;
  const { value, cutShort } = withinBudget(db, budgetMs, () => {
    const { match } = matchOf(terms);
    return {
      province: hitsBy<string | null>(db, match, { ...filter, province: undefined, city: undefined, county: undefined }, agencies.province),
      city: province ? hitsBy<string | null>(db, match, { ...filter, city: undefined, county: undefined }, agencies.city) : [],
      county: province && city ? hitsBy<string | null>(db, match, { ...filter, county: undefined }, agencies.county) : [],
      year: hitsBy<number>(db, match, { ...filter, years: undefined }, reports.year),
    };
  });
  return { facets: value, cutShort };
}
