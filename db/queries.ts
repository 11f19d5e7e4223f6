/**
 * Every read of the web app. Current reports only unless a filter asks for revisions. All values reach
 * SQLite as bound parameters; the only SQL text composed here comes from drizzle columns and constants.
 *
 * One file a concern in db/queries/: common (connection, filters, pages of rows), counts (the summed cells every
 * measure reads), facets, agencies (list and one agency), overview, reports, compare, coverage, search, export.
 * This index re-exports their public API; the helpers the files share are not part of it.
 */

export type {
  AgencyDetail,
  AgencyFacets,
  AgencyListQuery,
  AgencyListRow,
  AgencySort,
  AgencySummary,
  AgencyYear,
  ColumnCheck,
  CompareQuery,
  CompareSeries,
  CompareValueRow,
  Comparison,
  Coverage,
  CoverageCell,
  CoverageQuery,
  CoverageRow,
  DatabaseState,
  ExportTable,
  Facet,
  IssueCount,
  ListMeasure,
  NationalYear,
  Overview,
  Page,
  PooledValue,
  ProactiveCellRow,
  ProvinceCount,
  RankedAgency,
  Reconciliation,
  RegionFilter,
  ReportDetail,
  ReportFilter,
  ReportMeta,
  ReportModel,
  RevisionRow,
  SearchHit,
  SearchQuery,
  SearchResult,
  SectionPart,
  SortDirection,
  StoredIssue,
  YearCount,
  YearDistribution,
} from "../lib/store/types";
export {
  AGENCY_SORTS,
  EXPORT_TABLE_NAMES,
  LIST_MEASURES,
  MARK_END,
  MARK_START,
  MAX_COMPARE_AGENCIES,
  NO_REGION,
  SEARCH_BUDGET_MS,
  SECTION_PARTS,
} from "../lib/store/types";
export { agenciesByIds, agencyDetail, allAgencies, listAgencies } from "./queries/agencies";
export {
  databaseState,
  escapeLike,
  openWebDb,
  type RegionLevel,
  webDatabasePath,
  webDb,
} from "./queries/common";
export { compare, compareValueRows } from "./queries/compare";
export { ALL_INPUTS, countsByReport, mergeInputs } from "./queries/counts";
export { coverage } from "./queries/coverage";
export { EXPORT_TABLES, sourceFile, tableRows } from "./queries/export";
export { agencyFacets, availableYears, issueFacet } from "./queries/facets";
export { overview } from "./queries/overview";
export { reportDetail, reportMeta } from "./queries/reports";
export { ftsPhrase, searchFacets, searchSections, searchTerms } from "./queries/search";
