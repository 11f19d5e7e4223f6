import type { NumberPages } from "../report/schema";
import type {
  AgencyDetail,
  AgencyFacets,
  AgencyListQuery,
  AgencyListRow,
  AgencySort,
  AgencySummary,
  CompareQuery,
  CompareValueRow,
  Comparison,
  Coverage,
  CoverageQuery,
  DatabaseState,
  ExportTable,
  Facet,
  Overview,
  Page,
  ReportDetail,
  ReportFilter,
  ReportModel,
  SearchQuery,
  SearchResult,
  SortDirection,
} from "./types";

/**
 * Every read the web makes (pages, API routes, the JSON/CSV views, the bulk downloads), as one asynchronous
 * interface: pages and exports know this, not the database behind it. db/sqlite-store.ts implements it over the
 * embedded SQLite file; a PostgreSQL implementation (issue 20) will stand behind the same methods.
 *
 * A method that reads several things for one page reads them on one snapshot: an ingest committing meanwhile
 * cannot mix two states into the page.
 */
export interface Store {
  /** ready while the database is there and migrated; the web never migrates it. */
  state(): Promise<DatabaseState>;

  // ── The overview and the facets ──
  overview(options?: { year?: number; top?: number }): Promise<Overview>;
  agencyFacets(filter: ReportFilter): Promise<AgencyFacets>;
  /** The parser issue codes of the matching reports, with how many reports carry each. */
  issueFacet(filter: ReportFilter): Promise<Facet<string>[]>;
  availableYears(filter?: ReportFilter): Promise<number[]>;

  // ── Agencies ──
  listAgencies(query: AgencyListQuery): Promise<Page<AgencyListRow>>;
  /** The agencies list page: its facets, its issue facet and its page of rows, on one snapshot. */
  agenciesPage(query: AgencyListQuery): Promise<{ facets: AgencyFacets; issues: Facet<string>[]; result: Page<AgencyListRow> }>;
  /** Every matching agency, unpaged (the agencies CSV). */
  allAgencies(filter: ReportFilter, sort?: AgencySort, dir?: SortDirection): Promise<AgencyListRow[]>;
  agenciesByIds(ids: number[]): Promise<AgencySummary[]>;
  agencyDetail(id: number): Promise<AgencyDetail | null>;

  // ── Reports ──
  reportDetail(id: number): Promise<ReportDetail | null>;
  /** The page each number of a report was printed on; null when none was recorded. */
  numberPages(reportId: number): Promise<NumberPages | null>;
  /** The report page's model (the report and each number's page), on one snapshot: the page, its JSON and its CSV. */
  reportModel(id: number): Promise<ReportModel | null>;

  // ── Compare, coverage, search ──
  compare(query: CompareQuery): Promise<Comparison>;
  /** The comparison's CSV rows in the order of compare()'s series and years, read in batches as they are taken. */
  compareValueRows(query: CompareQuery): AsyncIterable<CompareValueRow>;
  coverage(query: CoverageQuery): Promise<Coverage>;
  /** The coverage page: its facets, its issue facet and its page of rows, on one snapshot. */
  coveragePage(query: CoverageQuery): Promise<{ facets: AgencyFacets; issues: Facet<string>[]; result: Coverage }>;
  searchSections(query: SearchQuery): Promise<SearchResult>;
  /**
   * The search page: its page of hits and its facets, hits per region and year under the query (each facet under
   * every other filter but its own), on one snapshot. `cutShort` when either ran out of time.
   */
  searchPage(query: SearchQuery): Promise<{ result: SearchResult; facets: AgencyFacets }>;

  // ── Downloads ──
  /** The kept original of a sha256 (`path`: where its bytes are), or null when no report has it. */
  sourceFile(sha256: string): Promise<SourceFile | null>;
  /** A reader of whole tables for all.zip, on a connection of its own; close it when done. */
  openTableReader(): Promise<TableReader>;
  /** Writes a consistent SQLite copy of the database to `file` (the nianbao.db download). */
  writeSqliteSnapshot(file: string): Promise<void>;
}

export type SourceFile = { fileName: string; mediaType: string; path: string };

export interface TableReader {
  /** A table's columns (as named in the database) and its rows, read one at a time. */
  tableRows(table: ExportTable): Promise<{ columns: string[]; rows: AsyncIterable<Record<string, unknown>> }>;
  close(): void;
}
