import { cache } from "react";
import type { Store } from "../store/store";
import type {
  AgencyDetail,
  AgencyFacets,
  AgencyListQuery,
  Coverage,
  CoverageQuery,
  Facet,
  Overview,
  Page,
  AgencyListRow,
  ReportModel,
  SearchQuery,
  SearchResult,
} from "../store/types";
import { agencyListQueryOf, coverageQueryOf, pageSizeOf, searchQueryOf, yearsOf } from "../web/params";

/**
 * One view model per page, the Datasette way: the page (`app/…/page.tsx`), its JSON twin and its CSV tables
 * (`lib/export/views.ts`) all render the model one function here builds from the same query string, so the three
 * cannot drift. The JSON is the model as it stands (plus its citation); a CSV carries every row of the model's query,
 * read unpaged (the page and the JSON show one page of it), so a CSV that needs no more than the query (agencies,
 * search) takes it from the function the model takes it from and does not build the page's facets. The comparison builder's model is `compareModel` of
 * `lib/export/compare.ts`; the report page's is `Store.reportModel`.
 *
 * A page whose title names what it shows (an agency, a report) builds its metadata from the same model: those
 * builders are wrapped in React's `cache()`, so within one server request `generateMetadata` and the page share one
 * build (keyed by the Store and the id). Outside a React server render (the API routes, tests) they are plain calls.
 */

/** The overview `/`: the sums per year and province, the rankings of one year (`year`, else the latest). */
export type OverviewModel = Overview;

export async function overviewModel(store: Store, params: URLSearchParams): Promise<OverviewModel> {
  const year = yearsOf(params).at(-1);
  return store.overview(year === undefined ? {} : { year });
}

/** A list page: its parsed query, its facets (the agencies' and `issue`, the parser codes), its page of rows. */
type ListModel<Q, R> = { query: Q; facets: AgencyFacets & { issue: Facet<string>[] } } & R;

/** The agencies list `/agencies`; its CSV is every row of `query` (`Store.allAgencies`). */
export type AgenciesModel = ListModel<AgencyListQuery, Page<AgencyListRow>>;

/** The query of the agencies list: the page's, its JSON's and its CSV's (which reads it unpaged). */
export const agenciesQuery = (params: URLSearchParams): AgencyListQuery => agencyListQueryOf(params, pageSizeOf(params));

export async function agenciesModel(store: Store, params: URLSearchParams): Promise<AgenciesModel> {
  const query = agenciesQuery(params);
  const { facets, issues, result } = await store.agenciesPage(query);
  return { query, facets: { ...facets, issue: issues }, ...result };
}

/** The coverage table `/coverage`; its CSV is every row of `query`, with the columns of the model's `years`. */
export type CoverageModel = ListModel<CoverageQuery, Coverage>;

export async function coverageModel(store: Store, params: URLSearchParams): Promise<CoverageModel> {
  const query = coverageQueryOf(params, pageSizeOf(params, 100));
  const { facets, issues, result } = await store.coveragePage(query);
  return { query, facets: { ...facets, issue: issues }, ...result };
}

/** The full-text search `/search`: hits per region and year under the query as facets; snippets keep their marks. */
export type SearchModel = { query: SearchQuery; facets: AgencyFacets } & SearchResult;

/** The query of the search: the page's, its JSON's and its CSV's (which reads it unpaged). */
export const searchQuery = (params: URLSearchParams): SearchQuery => searchQueryOf(params, pageSizeOf(params, 20));

export async function searchModel(store: Store, params: URLSearchParams): Promise<SearchModel> {
  const query = searchQuery(params);
  const { result, facets } = await store.searchPage(query);
  return { query, facets, ...result };
}

/** An agency's page `/agencies/<id>`: its years, the cross-year check, the missing years; null for an unknown id. */
export type AgencyModel = AgencyDetail;

export const agencyModel = cache((store: Store, id: number): Promise<AgencyModel | null> => store.agencyDetail(id));

/** A report's page `/reports/<id>`: the report and each number's page, read on one snapshot by the Store. */
export const reportModel = cache((store: Store, id: number): Promise<ReportModel | null> => store.reportModel(id));
