/**
 * Every read of the web app. Current reports only unless a filter asks for revisions. All values reach
 * SQLite as bound parameters; the only SQL text composed here comes from drizzle columns and constants.
 *
 * One file a concern in db/queries/: common (connection, filters, pages of rows), counts (the summed cells every
 * measure reads), facets, agencies (list and one agency), overview, reports, compare, coverage, search, export.
 * This index re-exports their public API; the helpers the files share are not part of it.
 */

export { NO_REGION } from "../lib/store/types";
export type { AgencyFacets, AgencySummary, DatabaseState, Facet, ProactiveCellRow, RevisionRow, StoredIssue } from "../lib/store/types";

export {
  databaseState,
  escapeLike,
  openWebDb,
  webDatabasePath,
  webDb,
  type Page,
  type RegionFilter,
  type RegionLevel,
  type ReportFilter,
} from "./queries/common";
export { ALL_INPUTS, countsByReport, mergeInputs } from "./queries/counts";
export { agencyFacets, availableYears, issueFacet } from "./queries/facets";
export {
  AGENCY_SORTS,
  agenciesByIds,
  agencyDetail,
  allAgencies,
  LIST_MEASURES,
  listAgencies,
  type AgencyDetail,
  type AgencyListQuery,
  type AgencyListRow,
  type AgencySort,
  type AgencyYear,
  type ColumnCheck,
  type ListMeasure,
  type Reconciliation,
  type SortDirection,
} from "./queries/agencies";
export { overview, type IssueCount, type NationalYear, type Overview, type ProvinceCount, type RankedAgency, type YearCount } from "./queries/overview";
export { reportDetail, reportMeta, type ReportDetail, type ReportMeta } from "./queries/reports";
export {
  compare,
  compareValueRows,
  MAX_COMPARE_AGENCIES,
  type CompareQuery,
  type CompareSeries,
  type CompareValueRow,
  type Comparison,
  type PooledValue,
  type YearDistribution,
} from "./queries/compare";
export { coverage, type Coverage, type CoverageCell, type CoverageQuery, type CoverageRow } from "./queries/coverage";
export {
  ftsPhrase,
  MARK_END,
  MARK_START,
  SEARCH_BUDGET_MS,
  searchSections,
  searchTerms,
  SECTION_PARTS,
  type SearchHit,
  type SearchQuery,
  type SearchResult,
  type SectionPart,
} from "./queries/search";
export { EXPORT_TABLES, sourceFile, tableRows, type ExportTable } from "./queries/export";
