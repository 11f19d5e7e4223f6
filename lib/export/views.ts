import type { Store, TableReader } from "../store/store";
import {
  EXPORT_TABLE_NAMES,
  LIST_MEASURES,
  MARK_END,
  MARK_START,
  type AgencyListRow,
  type AgencySummary,
  type AgencyYear,
  type CoverageRow,
  type NationalYear,
  type RankedAgency,
  type Reconciliation,
  type SearchHit,
} from "../store/types";
import { DERIVED_MEASURES, deriveMeasures, OUTCOME_GROUPS, type MatrixCounts } from "../report/measures";
import { APPLICANT_COLUMNS, APPLICATION_ROWS, FORMAT_VERSIONS, REVIEW_FIELDS, REVIEW_GROUPS, PAGED_SECTIONS, type NumberPages } from "../report/schema";
import { PROACTIVE_TEMPLATE } from "../report/template";
import type { CsvColumn, CsvSource } from "./csv";
import { compareViewOf } from "../web/params";
import { compareModel, compareValuesCsv, distributionCsv, pooledCsv, type CompareModel } from "./compare";
import { agenciesModel, agenciesQuery, agencyModel, coverageModel, overviewModel, reportModel, searchModel, searchQuery } from "./models";

/**
 * The data behind every page, as its JSON twin and its CSV tables, each rendered from the page's view model
 * (`./models.ts`, `./compare.ts`), the one the page renders. URL scheme: the page `/x?query` has
 * `/api/x.json?query` and `/api/x.csv?query[&table=name]`; `/agencies/12` has `/api/agencies/12.json` and
 * `/api/agencies/12.csv`. A CSV carries every matching row (no paging); the JSON pages like the page it mirrors.
 */

export type View = {
  json: () => Promise<unknown>;
  /** A CSV table by name; the first is the default. Its rows are read from the Store only when it is asked for. */
  tables: Record<string, () => Promise<CsvSource<never>>>;
};

type Rows<T> = Iterable<T> | AsyncIterable<T>;

// A table builder is typed by its row; the view map only needs to call it.
const table =
  <T>(fileName: string, columns: CsvColumn<T>[], rows: Rows<T> | (() => Promise<Rows<T>>)) =>
  async (): Promise<CsvSource<never>> =>
    ({ fileName, columns, rows: typeof rows === "function" ? await rows() : rows }) as unknown as CsvSource<never>;

const column = <T>(header: string, value: (row: T) => unknown): CsvColumn<T> => ({ header, value });

// ── Column sets in dictionary keys ───────────────────────────────────────────────────────────────────────

const APPLICATION_KEYS = APPLICATION_ROWS.flatMap((row) => APPLICANT_COLUMNS.map((col) => ({ key: `applications.${row}.${col}`, row, col })));
const REVIEW_KEYS = REVIEW_GROUPS.flatMap((group) => REVIEW_FIELDS.map((field) => ({ key: `reviewLitigation.${group}.${field}`, group, field })));
const PROACTIVE_KEYS = [
  ...new Set(FORMAT_VERSIONS.flatMap((v) => PROACTIVE_TEMPLATE[v].flatMap((band) => band.rows.flatMap((r) => r.fields.map((f) => f.key))))),
];

function matrixColumns<T>(countsOf: (row: T) => MatrixCounts): CsvColumn<T>[] {
  return [
    ...APPLICATION_KEYS.map(({ key, row, col }) => column<T>(key, (r) => countsOf(r).applications[row]?.[col])),
    ...REVIEW_KEYS.map(({ key, group, field }) => column<T>(key, (r) => countsOf(r).reviewLitigation[group]?.[field])),
    ...DERIVED_MEASURES.map((measure) => column<T>(measure, (r) => deriveMeasures(countsOf(r))[measure])),
  ];
}

function agencyColumns<T>(agencyOf: (row: T) => AgencySummary, prefix = "agency"): CsvColumn<T>[] {
  return [
    column<T>(`${prefix}Id`, (r) => agencyOf(r).id),
    column<T>(prefix, (r) => agencyOf(r).name),
    column<T>("province", (r) => agencyOf(r).province),
    column<T>("city", (r) => agencyOf(r).city),
    column<T>("county", (r) => agencyOf(r).county),
    column<T>("regionCode", (r) => agencyOf(r).regionCode || null),
  ];
}

// ── Overview ─────────────────────────────────────────────────────────────────────────────────────────────

async function overviewView(store: Store, params: URLSearchParams): Promise<View> {
  const data = await overviewModel(store, params);
  const ranked = (name: string, valueKey: string, basisKey: string | null) =>
    table<RankedAgency & { rank: number }>(
      `nianbao-overview-${name}.csv`,
      [
        column("rank", (r) => r.rank),
        ...agencyColumns<RankedAgency>((r) => r),
        column("year", () => data.rankingYear),
        column("reportId", (r) => r.reportId),
        column(valueKey, (r) => r.value),
        ...(basisKey ? [column<RankedAgency>(basisKey, (r) => r.basis)] : []),
      ],
      (name === "topApplications" ? data.topApplications : data.topCorrection).map((r, i) => ({ ...r, rank: i + 1 })),
    );
  return {
    json: async () => data,
    tables: {
      national: table<NationalYear>(
        "nianbao-overview-national.csv",
        [
          column("year", (r) => r.year),
          column("reports", (r) => r.reports),
          column("applications.newReceived.total", (r) => r.newReceived),
          column("applications.carriedOver.total", (r) => r.carriedOver),
          column("applications.handledTotal.total", (r) => r.handled),
          column("applications.carriedForward.total", (r) => r.carriedForward),
          ...OUTCOME_GROUPS.map((g) => column<NationalYear>(`outcomes.${g}`, (r) => r.outcomes[g])),
          ...OUTCOME_GROUPS.map((g) => column<NationalYear>(`outcomeShare.${g}`, (r) => r.outcomeShares[g])),
          ...REVIEW_KEYS.map(({ key, group, field }) => column<NationalYear>(key, (r) => r[group][field])),
          ...DERIVED_MEASURES.map((m) => column<NationalYear>(m, (r) => r.measures[m])),
        ],
        data.national,
      ),
      years: table(
        "nianbao-overview-years.csv",
        [
          column("year", (r: { year: number }) => r.year),
          column("agencies", (r: { agencies: number }) => r.agencies),
          column("reports", (r: { reports: number }) => r.reports),
          column("flaggedReports", (r: { flagged: number }) => r.flagged),
        ],
        data.reportsByYear,
      ),
      provinces: table(
        "nianbao-overview-provinces.csv",
        [
          column("province", (r: { province: string | null }) => r.province),
          column("agencies", (r: { agencies: number }) => r.agencies),
          column("reports", (r: { reports: number }) => r.reports),
        ],
        data.byProvince,
      ),
      topApplications: ranked("topApplications", "applicationsTotal", null),
      topCorrection: ranked("topCorrection", "reconsiderationCorrectionRate", "reconsiderationConcluded"),
      issues: table(
        "nianbao-overview-issues.csv",
        [
          column("code", (r: { code: string }) => r.code),
          column("severity", (r: { severity: string }) => r.severity),
          column("reports", (r: { reports: number }) => r.reports),
        ],
        data.issues,
      ),
    },
  };
}

// ── Agencies ─────────────────────────────────────────────────────────────────────────────────────────────

async function agenciesView(store: Store, params: URLSearchParams): Promise<View> {
  const query = agenciesQuery(params);
  return {
    json: () => agenciesModel(store, params),
    tables: {
      agencies: table<AgencyListRow>(
        "nianbao-agencies.csv",
        [
          column("id", (r) => r.id),
          column("name", (r) => r.name),
          column("province", (r) => r.province),
          column("city", (r) => r.city),
          column("county", (r) => r.county),
          column("regionCode", (r) => r.regionCode || null),
          column("years", (r) => r.years.join(";")),
          column("reports", (r) => r.reports),
          column("errorCount", (r) => r.errors),
          column("warningCount", (r) => r.warnings),
          ...LIST_MEASURES.map((m) => column<AgencyListRow>(m, (r) => r.measures[m])),
        ],
        () => store.allAgencies(query, query.sort, query.dir),
      ),
    },
  };
}

async function agencyView(store: Store, id: number): Promise<View | null> {
  const detail = await agencyModel(store, id);
  if (!detail) return null;
  return {
    json: async () => detail,
    tables: {
      years: table<AgencyYear>(
        `nianbao-agency-${id}.csv`,
        [
          ...agencyColumns<AgencyYear>(() => detail.agency),
          column("year", (r) => r.year),
          column("reportId", (r) => r.reportId),
          column("formatVersion", (r) => r.formatVersion),
          column("errorCount", (r) => r.errors),
          column("warningCount", (r) => r.warnings),
          column("revisions", (r) => r.revisions),
          ...matrixColumns<AgencyYear>((r) => r.counts),
        ],
        detail.years,
      ),
      reconciliation: table<Reconciliation & Reconciliation["columns"][number]>(
        `nianbao-agency-${id}-reconciliation.csv`,
        [
          column("fromYear", (r) => r.fromYear),
          column("toYear", (r) => r.toYear),
          column("column", (r) => r.column),
          column("applications.carriedForward", (r) => r.carriedForward),
          column("applications.carriedOver", (r) => r.carriedOver),
          column("matches", (r) => r.matches),
        ],
        detail.reconciliation.flatMap((pair) => pair.columns.map((c) => ({ ...pair, ...c }))),
      ),
      missingYears: table<number>(`nianbao-agency-${id}-missing-years.csv`, [column("missingYear", (year) => year)], detail.missingYears),
    },
  };
}

function pageRows(pages: NumberPages | null): { section: string; key: string; page: number }[] {
  if (!pages) return [];
  return PAGED_SECTIONS.flatMap((section) => Object.entries(pages[section] ?? {}).map(([key, page]) => ({ section, key, page: page as number })));
}

async function reportView(store: Store, id: number): Promise<View | null> {
  const detail = await reportModel(store, id);
  if (!detail) return null;
  const { report, agency, counts } = detail;
  const proactive = new Map(detail.proactive.map((cell) => [cell.key, cell.value]));
  type One = typeof detail;
  return {
    json: async () => detail,
    tables: {
      report: table<One>(
        `nianbao-report-${id}.csv`,
        [
          column("reportId", () => report.id),
          ...agencyColumns<One>(() => agency),
          column("year", () => report.year),
          column("formatVersion", () => report.formatVersion),
          column("periodStart", () => report.periodStart),
          column("periodEnd", () => report.periodEnd),
          column("isCurrent", () => report.isCurrent),
          column("fileName", () => report.fileName),
          column("sha256", () => report.sha256),
          column("pages", () => report.pages),
          column("errorCount", () => report.errorCount),
          column("warningCount", () => report.warningCount),
          ...matrixColumns<One>(() => counts),
          ...PROACTIVE_KEYS.map((key) => column<One>(`proactive.${key}`, () => proactive.get(key))),
        ],
        [detail],
      ),
      applications: table<(typeof APPLICATION_ROWS)[number]>(
        `nianbao-report-${id}-applications.csv`,
        [
          column("row", (row) => row),
          ...APPLICANT_COLUMNS.map((col) => column<(typeof APPLICATION_ROWS)[number]>(col, (row) => counts.applications[row]?.[col])),
        ],
        APPLICATION_ROWS,
      ),
      reviewLitigation: table<(typeof REVIEW_GROUPS)[number]>(
        `nianbao-report-${id}-review-litigation.csv`,
        [
          column("group", (group) => group),
          ...REVIEW_FIELDS.map((f) => column<(typeof REVIEW_GROUPS)[number]>(f, (group) => counts.reviewLitigation[group]?.[f])),
        ],
        REVIEW_GROUPS,
      ),
      pages: table<ReturnType<typeof pageRows>[number]>(
        `nianbao-report-${id}-pages.csv`,
        [column("section", (r) => r.section), column("key", (r) => r.key), column("page", (r) => r.page)],
        pageRows(detail.numberPages),
      ),
      proactive: table<One["proactive"][number]>(
        `nianbao-report-${id}-proactive.csv`,
        (["key", "item", "category", "metric", "value", "unit", "raw"] as const).map((k) => column<One["proactive"][number]>(k, (cell) => cell[k])),
        detail.proactive,
      ),
      issues: table<One["issues"][number]>(
        `nianbao-report-${id}-issues.csv`,
        [
          column("code", (i) => i.code),
          column("severity", (i) => i.severity),
          column("section", (i) => i.where.section),
          column("row", (i) => i.where.row),
          column("column", (i) => i.where.column),
          column("message", (i) => i.message),
        ],
        detail.issues,
      ),
    },
  };
}

// ── Compare, coverage, search ────────────────────────────────────────────────────────────────────────────

async function compareView(store: Store, params: URLSearchParams): Promise<View> {
  const view = compareViewOf(params);
  let memo: Promise<CompareModel> | null = null;
  const model = () => (memo ??= compareModel(store, view));
  return {
    json: async () => {
      const { comparisons, years, rows } = await model();
      return { query: { ...view.query, measures: view.measures, sort: view.sort }, years, order: rows.map((row) => row.id), comparisons };
    },
    tables: {
      values: () => compareValuesCsv(store, view, model),
      pooled: async () => pooledCsv(await model()),
      distribution: async () => distributionCsv(await model()),
    },
  };
}

/** Pages of a paged query, read one page at a time as the CSV is written. */
async function* allPages<T>(fetch: (page: number) => Promise<{ rows: T[]; pageCount: number }>): AsyncGenerator<T> {
  for (let page = 1; ; page++) {
    const result = await fetch(page);
    yield* result.rows;
    if (page >= result.pageCount) return;
  }
}

async function coverageView(store: Store, params: URLSearchParams): Promise<View> {
  const model = await coverageModel(store, params);
  // The CSV's year columns are the page's: the model's years.
  const { query, years } = model;
  return {
    json: async () => model,
    tables: {
      coverage: table<CoverageRow>(
        "nianbao-coverage.csv",
        [
          ...agencyColumns<CoverageRow>((r) => r),
          column("published", (r) => r.published),
          ...years.map((year) => column<CoverageRow>(String(year), (r) => r.byYear[year]?.reportId ?? null)),
          ...(query.issue ? [column<CoverageRow>("issueYears", (r) => years.filter((year) => r.byYear[year]?.hasIssue).join(" "))] : []),
        ],
        async () => allPages((page) => store.coverage({ ...query, page, pageSize: 500 })),
      ),
    },
  };
}

const plainSnippet = (snippet: string) => snippet.replaceAll(MARK_START, "【").replaceAll(MARK_END, "】");

async function searchView(store: Store, params: URLSearchParams): Promise<View> {
  const query = searchQuery(params);
  return {
    json: async () => {
      const model = await searchModel(store, params);
      return { ...model, rows: model.rows.map((hit) => ({ ...hit, snippet: plainSnippet(hit.snippet) })) };
    },
    tables: {
      hits: table<SearchHit>(
        "nianbao-search.csv",
        [
          column("reportId", (r) => r.reportId),
          column("agencyId", (r) => r.agencyId),
          column("agency", (r) => r.agency),
          column("province", (r) => r.province),
          column("year", (r) => r.year),
          column("isCurrent", (r) => r.isCurrent),
          column("part", (r) => r.part),
          column("snippet", (r) => plainSnippet(r.snippet)),
        ],
        async () => allPages((page) => store.searchSections({ ...query, page, pageSize: 500 })),
      ),
    },
  };
}

export const PAGE_VIEWS = {
  overview: overviewView,
  agencies: agenciesView,
  compare: compareView,
  coverage: coverageView,
  search: searchView,
} as const;
export type PageViewName = keyof typeof PAGE_VIEWS;

export const ITEM_VIEWS = { agencies: agencyView, reports: reportView } as const;

/** The database tables of the bulk zip export, each as a CSV of its columns, read through a reader of its own. */
export async function* databaseTables(reader: TableReader): AsyncGenerator<CsvSource<Record<string, unknown>>> {
  for (const name of EXPORT_TABLE_NAMES) {
    const { columns, rows } = await reader.tableRows(name);
    yield { fileName: `${name}.csv`, columns: columns.map((c) => ({ header: c, value: (row: Record<string, unknown>) => row[c] })), rows };
  }
}
