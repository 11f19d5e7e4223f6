import type { Count, DerivedValues, Distribution, MatrixCounts, MeasureParts, OutcomeGroup } from "../report/measures";
import type { ApplicantColumn, FormatVersion, Issue, IssueCode, NumberPages, ReviewField } from "../report/schema";

/**
 * The shapes the store hands to pages and components: what the Store (lib/store/store.ts) returns, db/queries fills
 * and components/ draw, so that a page or a component knows these types and not the database.
 */

/** missing: nothing ingested yet; outdated: a database not migrated to this code's last migration (the web never migrates). */
export type DatabaseState = "missing" | "outdated" | "ready";

/** The filter value meaning "no province / city / county recorded" (agencies above that level, or unknown). */
export const NO_REGION = "-";

export type Facet<T> = { value: T; count: number };
export type AgencyFacets = {
  province: Facet<string | null>[];
  city: Facet<string | null>[];
  county: Facet<string | null>[];
  year: Facet<number>[];
};

export type AgencySummary = {
  id: number;
  name: string;
  province: string | null;
  city: string | null;
  county: string | null;
  regionCode: string;
};

export type ProactiveCellRow = { key: string; item: string; category: string; metric: string; value: number | null; unit: string; raw: string };
export type StoredIssue = Issue & { id: number };
export type RevisionRow = {
  id: number;
  fileName: string;
  sha256: string;
  mediaType: string;
  ingestedAt: string;
  isCurrent: boolean;
  /** Why the current file is current (db/revisions.ts CURRENT_REASONS); null on the others. */
  currentReason: string | null;
  chosenAt: string | null;
  agencyName: string | null;
  signedOn: string | null;
  publishedOn: string | null;
  revisionMark: string | null;
};

// ── Filters and pages ────────────────────────────────────────────────────────────────────────────────────────

export type RegionFilter = { province?: string; city?: string; county?: string };
export type ReportFilter = RegionFilter & {
  years?: number[];
  /** A part of the agency's name. */
  q?: string;
  agencyIds?: number[];
  reportIds?: number[];
  /** Include superseded revisions (default: current reports only). */
  revisions?: boolean;
  /** A parser issue code (`identity.balance`): only reports flagged with it. */
  issue?: string;
};
export type Page<T> = { rows: T[]; total: number; page: number; pageSize: number; pageCount: number };

// ── Agencies ─────────────────────────────────────────────────────────────────────────────────────────────────

/** The measures of the agencies list, summed over the chosen years (rates from the summed counts). */
export const LIST_MEASURES = [
  "applicationsTotal",
  "applications.newReceived.total",
  "applications.handledTotal.total",
  "grantRate",
  "withheldRate",
  "unableRate",
  "rejectedRate",
  "orgShare",
  "reviewLitigation.reconsideration.total",
  "reconsiderationCorrectionRate",
  "litigationTotal",
  "litigationCorrectionRate",
] as const;
export type ListMeasure = (typeof LIST_MEASURES)[number];
export const AGENCY_SORTS = ["name", "region", "reports", "flags", ...LIST_MEASURES] as const;
export type AgencySort = (typeof AGENCY_SORTS)[number];
export type SortDirection = "asc" | "desc";
export type AgencyListQuery = ReportFilter & { sort: AgencySort; dir: SortDirection; page: number; pageSize: number };
export type AgencyListRow = AgencySummary & {
  years: number[];
  reports: number;
  errors: number;
  warnings: number;
  measures: Record<ListMeasure, Count>;
};
export type AgencyYear = {
  year: number;
  reportId: number;
  formatVersion: FormatVersion;
  fileName: string;
  errors: number;
  warnings: number;
  infos: number;
  /** Superseded files for the same year. */
  revisions: number;
  counts: MatrixCounts;
  measures: DerivedValues;
};
export type ColumnCheck = { column: ApplicantColumn; carriedForward: Count; carriedOver: Count; matches: boolean | null };
export type Reconciliation = { fromYear: number; toYear: number; fromReportId: number; toReportId: number; matches: boolean | null; columns: ColumnCheck[] };
export type AgencyDetail = {
  agency: AgencySummary;
  /** Every spelling of the agency seen in a report's title. */
  aliases: string[];
  years: AgencyYear[];
  /** 结转下年度 of each year against 上年结转 of the next, for every pair of consecutive years published. */
  reconciliation: Reconciliation[];
  /** Years between the first and the last report without one. */
  missingYears: number[];
  /** The 年报 columns its reports were crawled from (npm run ingest -- URL). */
  columns: CrawledColumn[];
};

// ── Overview ─────────────────────────────────────────────────────────────────────────────────────────────────

export type YearCount = { year: number; agencies: number; reports: number; flagged: number };
export type ProvinceCount = { province: string | null; agencies: number; reports: number };
export type NationalYear = {
  year: number;
  reports: number;
  newReceived: Count;
  carriedOver: Count;
  handled: Count;
  carriedForward: Count;
  outcomes: Record<OutcomeGroup, Count>;
  outcomeShares: Record<OutcomeGroup, Count>;
  reconsideration: Record<ReviewField, Count>;
  litigationDirect: Record<ReviewField, Count>;
  litigationAfterReconsideration: Record<ReviewField, Count>;
  measures: DerivedValues;
};
export type RankedAgency = AgencySummary & { reportId: number; value: Count; basis: Count };
export type IssueCount = { code: IssueCode; severity: Issue["severity"]; reports: number };
export type Overview = {
  reportsByYear: YearCount[];
  byProvince: ProvinceCount[];
  national: NationalYear[];
  /** The year of the two rankings: the one asked for, else the latest. */
  rankingYear: number | null;
  topApplications: RankedAgency[];
  topCorrection: RankedAgency[];
  issues: IssueCount[];
};

// ── Reports ──────────────────────────────────────────────────────────────────────────────────────────────────

export type ReportMeta = {
  id: number;
  agencyId: number;
  year: number;
  formatVersion: FormatVersion;
  periodStart: string;
  periodEnd: string;
  isCurrent: boolean;
  /** As on RevisionRow: why it is current, when a user chose it, the title's agency and the edition facts. */
  currentReason: string | null;
  chosenAt: string | null;
  agencyName: string | null;
  signedOn: string | null;
  publishedOn: string | null;
  revisionMark: string | null;
  fileName: string;
  sha256: string;
  mediaType: string;
  pages: number | null;
  ingestedAt: string;
  /** The parser version that read the stored content; null when stored before it was kept. */
  parserVersion: string | null;
  errorCount: number;
  warningCount: number;
  infoCount: number;
};
/** Where a crawled report was read from (report_provenance, migration 0012); null for a file's report. */
export type ReportOrigin = {
  url: string;
  /** The report page an attachment or iframe was linked from, else null. */
  pageUrl: string | null;
  /** The list page that led to it, and the column's first page. */
  listUrl: string | null;
  columnUrl: string | null;
  fetchedAt: string;
  httpStatus: number | null;
  etag: string | null;
  lastModified: string | null;
  contentType: string | null;
};
/** A column an agency's reports were crawled from, with how many of them and when last read. */
export type CrawledColumn = { url: string; reports: number; lastFetched: string };

export type ReportDetail = {
  report: ReportMeta;
  /** The URL the report was read from, when crawled (shown as 原文链接). */
  origin: ReportOrigin | null;
  agency: AgencySummary;
  counts: MatrixCounts;
  measures: DerivedValues;
  proactive: ProactiveCellRow[];
  sections: { overview: string | null; problems: string | null; other: string | null };
  issues: StoredIssue[];
  /** Every file for this agency and year, oldest first; the current one marked. */
  revisions: RevisionRow[];
  /** The agency's other current reports, for moving between years. */
  otherYears: { year: number; reportId: number }[];
};

/** What the report page shows, built once for the page, its JSON and its CSV: the report and each number's page. */
export type ReportModel = ReportDetail & { numberPages: NumberPages | null };

// ── Compare ──────────────────────────────────────────────────────────────────────────────────────────────────

/** `years` lists the years to show; without it, every year with a report, within `from`–`to` when they are given. */
export type CompareQuery = { agencyIds: number[]; region: RegionFilter; years: number[]; measure: string; from?: number; to?: number };
/** `parts` (rates only): each year's numerator and denominator, the counts behind the rate. */
export type CompareSeries = AgencySummary & { values: Record<number, Count>; reportIds: Record<number, number>; parts?: Record<number, MeasureParts> };
export type PooledValue = { year: number | "all"; reports: number; agencies: number; value: Count } & Partial<MeasureParts>;
export type YearDistribution = { year: number; distribution: Distribution | null };
export type Comparison = {
  mode: "agencies" | "region";
  measure: string;
  label: string;
  isRate: boolean;
  years: number[];
  series: CompareSeries[];
  /** The measure of the whole group per year and over all years, from the summed counts. */
  pooled: PooledValue[];
  /** Median and quartiles of the agencies' values per year (values with a zero denominator left out). */
  distribution: YearDistribution[];
};
/** Most selected agencies a comparison by id takes. */
export const MAX_COMPARE_AGENCIES = 50;
/** A row of the comparison's long CSV; a rate's row also has its numerator and denominator. */
export type CompareValueRow = AgencySummary & { year: number; reportId: number; value: Count } & Partial<MeasureParts>;

// ── Coverage ─────────────────────────────────────────────────────────────────────────────────────────────────

/** A published report: its id, its error and warning count, and whether it carries the filter's issue code. */
export type CoverageCell = { reportId: number; flags: number; hasIssue: boolean };
export type CoverageQuery = RegionFilter & { issue?: string; page: number; pageSize: number };
export type CoverageRow = AgencySummary & { byYear: Record<number, CoverageCell>; published: number };
export type Coverage = Page<CoverageRow> & { years: number[]; reportsPerYear: Record<number, number> };

// ── Search ───────────────────────────────────────────────────────────────────────────────────────────────────

export const SECTION_PARTS = ["overview", "problems", "other"] as const;
export type SectionPart = (typeof SECTION_PARTS)[number];
/** Marks around a match inside a snippet; control characters never printed in a report. */
export const MARK_START = "\u0002";
export const MARK_END = "\u0003";
export type SearchQuery = ReportFilter & { text: string; page: number; pageSize: number };
export type SearchHit = {
  reportId: number;
  agencyId: number;
  agency: string;
  province: string | null;
  year: number;
  isCurrent: boolean;
  part: SectionPart;
  /** The text around the match, the match between MARK_START and MARK_END. */
  snippet: string;
};
/** `cutShort`: the search ran out of its time and stopped looking; `total` and the rows are what it found by then. */
export type SearchResult = Page<SearchHit> & { mode: "fts" | "like" | "empty"; cutShort: boolean };
/** The words of a search: whitespace-separated, at most 8; every one must occur. */
export function searchTerms(text: string): string[] {
  return text.trim().split(/\s+/u).filter(Boolean).slice(0, 8);
}
/** How long the statements of one search may run before they stop matching rows. */
export const SEARCH_BUDGET_MS = 2_000;
/**
 * How much of one narrative part is searchable. FTS5's snippet() costs about the square of a row's matches (a
 * 400,000-character part with a common word takes 2 s, 1.6 million characters 36 s); real parts are under 30,000.
 * The stored section keeps every character; only the search index stops here.
 */
export const SEARCH_TEXT_LIMIT = 50_000;

// ── Bulk export ──────────────────────────────────────────────────────────────────────────────────────────────

/** The database tables of the bulk zip export (all.zip), in its order. */
export const EXPORT_TABLE_NAMES = [
  "agencies",
  "reports",
  "application_rows",
  "review_litigation_rows",
  "proactive_cells",
  "report_sections",
  "report_issues",
  "number_pages",
  "agency_aliases",
] as const;
export type ExportTable = (typeof EXPORT_TABLE_NAMES)[number];
