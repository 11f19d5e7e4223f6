import { index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import {
  APPLICANT_COLUMNS,
  APPLICATION_ROWS,
  type ApplicantColumn,
  type ApplicationRow,
  FORMAT_VERSIONS,
  ISSUE_CODES,
  PAGED_SECTIONS,
  PROACTIVE_UNITS,
  REVIEW_FIELDS,
  REVIEW_GROUPS,
  type ReviewField,
  type ReviewGroup,
} from "../lib/report/schema";

/**
 * The store, derived from the zod report schema in lib/report/schema.ts: the matrix columns, review fields,
 * versions, units and issue codes come from there, so a key renamed there is renamed here.
 */

const countColumn = (name: string) => integer(name);
type CountColumn = ReturnType<typeof countColumn>;

function countColumns<K extends string>(keys: readonly K[]): Record<K, CountColumn> {
  return Object.fromEntries(keys.map((key) => [key, countColumn(key)])) as Record<K, CountColumn>;
}

export const agencies = sqliteTable(
  "agencies",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    /** The agency as printed in its titles, whitespace removed. */
    name: text("name").notNull(),
    province: text("province"),
    city: text("city"),
    county: text("county"),
    /** GB/T 2260 code of the most specific level; '' when unknown, so (name, regionCode) is a key. */
    regionCode: text("region_code").notNull().default(""),
    /** pinyinKey(name) (db/pinyin.ts): the lists sorted by name read it in pinyin order from the agencies_sort_key index. */
    nameSortKey: text("name_sort_key").notNull().default(""),
  },
  (t) => [
    // Not unique: an agency is found by its aliases and canonical keys (agency_aliases, agency_keys), and a split can
    // leave two agencies whose printed names normalise alike.
    index("agencies_name_region").on(t.name, t.regionCode),
    // With the name, a facet under a name filter reads this index alone, not every agency's line.
    index("agencies_region_name").on(t.province, t.city, t.county, t.name),
    index("agencies_sort_key").on(t.nameSortKey, t.regionCode),
  ],
);

export const reports = sqliteTable(
  "reports",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    agencyId: integer("agency_id")
      .notNull()
      .references(() => agencies.id),
    year: integer("year").notNull(),
    formatVersion: text("format_version", { enum: FORMAT_VERSIONS }).notNull(),
    periodStart: text("period_start").notNull(),
    periodEnd: text("period_end").notNull(),
    /** One file per agency and year is current, decided by the documents (db/revisions.ts); the others stay. */
    isCurrent: integer("is_current", { mode: "boolean" }).notNull(),
    /** Why the current file is current (CURRENT_REASONS of db/revisions.ts); null on the others. */
    currentReason: text("current_reason"),
    /** When a user chose this file as current (npm run revisions -- choose): the choice outranks the documents. */
    chosenAt: text("chosen_at"),
    /** The agency as printed in this file's title: one of its agency's aliases. */
    agencyName: text("agency_name"),
    /** The report's edition facts (lib/report/edition.ts); null when not printed or stored before they were read. */
    signedOn: text("signed_on"),
    publishedOn: text("published_on"),
    revisionMark: text("revision_mark"),
    fileName: text("file_name").notNull(),
    sha256: text("sha256").notNull(),
    mediaType: text("media_type").notNull(),
    pages: integer("pages"),
    ingestedAt: text("ingested_at").notNull(),
    /** PARSER_VERSION (lib/report/version.ts) of the code that read the stored content; null: stored before it was kept. */
    parserVersion: text("parser_version"),
    /** Issues by severity, kept here so lists can sort and filter by data quality cheaply. */
    errorCount: integer("error_count").notNull(),
    warningCount: integer("warning_count").notNull(),
    infoCount: integer("info_count").notNull(),
  },
  (t) => [
    uniqueIndex("reports_sha256").on(t.sha256),
    index("reports_agency_year").on(t.agencyId, t.year),
    // Covering for "the agencies with a current report in year N", the subquery of every filtered list and facet.
    index("reports_year_current_agency").on(t.year, t.isCurrent, t.agencyId),
    // Without ANALYZE statistics SQLite prefers the index matching most columns: this one wins for a few agencies' current reports.
    index("reports_agency_current_year").on(t.agencyId, t.isCurrent, t.year),
  ],
);

/** Every spelling of an agency seen in a title, within its region code: a report printed so is filed under the agency. */
export const agencyAliases = sqliteTable(
  "agency_aliases",
  {
    name: text("name").notNull(),
    regionCode: text("region_code").notNull().default(""),
    agencyId: integer("agency_id")
      .notNull()
      .references(() => agencies.id),
  },
  (t) => [primaryKey({ columns: [t.name, t.regionCode] }), index("agency_aliases_agency").on(t.agencyId)],
);

/**
 * The canonical names (lib/report/agency.ts) an agency is found by within its region code: a new spelling with the
 * same canonical name is the same agency. An agency merged by hand (npm run agencies -- merge) holds the keys of both.
 */
export const agencyKeys = sqliteTable(
  "agency_keys",
  {
    canonical: text("canonical").notNull(),
    regionCode: text("region_code").notNull().default(""),
    agencyId: integer("agency_id")
      .notNull()
      .references(() => agencies.id),
  },
  (t) => [primaryKey({ columns: [t.canonical, t.regionCode] }), index("agency_keys_agency").on(t.agencyId)],
);

/** 表三, one line per printed row: filter by row, aggregate any column, without parsing JSON. */
export const applicationRows = sqliteTable(
  "application_rows",
  {
    reportId: integer("report_id")
      .notNull()
      .references(() => reports.id, { onDelete: "cascade" }),
    row: text("row").notNull(),
    ...countColumns<ApplicantColumn>(APPLICANT_COLUMNS),
  },
  (t) => [primaryKey({ columns: [t.reportId, t.row] }), index("application_rows_row").on(t.row)],
);

/** 表四, one line per group (行政复议, 未经复议直接起诉, 复议后起诉). */
export const reviewLitigationRows = sqliteTable(
  "review_litigation_rows",
  {
    reportId: integer("report_id")
      .notNull()
      .references(() => reports.id, { onDelete: "cascade" }),
    group: text("group").notNull(),
    ...countColumns<ReviewField>(REVIEW_FIELDS),
  },
  (t) => [primaryKey({ columns: [t.reportId, t.group] })],
);

/** 表二, one line per printed cell. */
export const proactiveCells = sqliteTable(
  "proactive_cells",
  {
    reportId: integer("report_id")
      .notNull()
      .references(() => reports.id, { onDelete: "cascade" }),
    key: text("key").notNull(),
    item: text("item").notNull(),
    category: text("category").notNull(),
    metric: text("metric").notNull(),
    /** null when printed as 不涉及, 无, —, / or empty; money in 万元. */
    value: real("value"),
    unit: text("unit", { enum: PROACTIVE_UNITS }).notNull(),
    raw: text("raw").notNull(),
  },
  (t) => [primaryKey({ columns: [t.reportId, t.key] })],
);

/**
 * The page of the original file each number was printed on (report.source.numberPages, PDFs only):
 * 表二 by cell key, 表三 by row, 表四 by group.
 */
export const numberPages = sqliteTable(
  "number_pages",
  {
    reportId: integer("report_id")
      .notNull()
      .references(() => reports.id, { onDelete: "cascade" }),
    section: text("section", { enum: PAGED_SECTIONS }).notNull(),
    key: text("key").notNull(),
    page: integer("page").notNull(),
  },
  (t) => [primaryKey({ columns: [t.reportId, t.section, t.key] })],
);

/** The narrative sections; searched through the FTS5 table report_sections_fts (see the migrations). */
export const reportSections = sqliteTable("report_sections", {
  reportId: integer("report_id")
    .primaryKey()
    .references(() => reports.id, { onDelete: "cascade" }),
  overview: text("overview"),
  problems: text("problems"),
  other: text("other"),
});

export const reportIssues = sqliteTable(
  "report_issues",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    reportId: integer("report_id")
      .notNull()
      .references(() => reports.id, { onDelete: "cascade" }),
    code: text("code", { enum: ISSUE_CODES }).notNull(),
    severity: text("severity", { enum: ["error", "warning", "info"] }).notNull(),
    message: text("message").notNull(),
    section: text("section").notNull(),
    row: text("row"),
    column: text("column"),
  },
  (t) => [index("report_issues_report").on(t.reportId), index("report_issues_code").on(t.code)],
);

/** report_totals column of a 表三 row's total (`granted_total`) and of a 表四 cell (`reconsideration_corrected`). */
export const totalColumnName = (row: ApplicationRow) => `${row}_total` as const;
export const reviewColumnName = (group: ReviewGroup, field: ReviewField) => `${group}_${field}` as const;
export const NEW_RECEIVED_NATURAL_PERSON = "newReceived_naturalPerson";

/**
 * One line per report with the total column of every 表三 row, newReceived's 自然人 and the fifteen 表四 cells:
 * the inputs of every derived measure, so a national sum reads one line per report instead of pivoting 26.
 * Filled only by the triggers on application_rows and review_litigation_rows (migrations 0002, 0013), never written directly.
 */
const totalsColumns = () => ({
  ...countColumns(APPLICATION_ROWS.map(totalColumnName)),
  [NEW_RECEIVED_NATURAL_PERSON]: countColumn(NEW_RECEIVED_NATURAL_PERSON),
  ...countColumns(REVIEW_GROUPS.flatMap((group) => REVIEW_FIELDS.map((field) => reviewColumnName(group, field)))),
});

export const reportTotals = sqliteTable("report_totals", {
  reportId: integer("report_id")
    .primaryKey()
    .references(() => reports.id, { onDelete: "cascade" }),
  ...totalsColumns(),
});

/**
 * report_totals summed over each agency's current reports: the agencies list sorted by a measure over all
 * years reads one line per agency instead of every report. Rewritten for one agency after each stored report
 * (db/write.ts); filled for existing databases by migration 0004.
 */
export const agencyTotals = sqliteTable("agency_totals", {
  agencyId: integer("agency_id")
    .primaryKey()
    .references(() => agencies.id),
  ...totalsColumns(),
});

/**
 * Agencies with a current report, per year and region: the region and year facets and the count of a list
 * filtered by one year read these few thousand lines instead of listing the year's 2·10⁴ agencies. Rewritten
 * for the report's year and region after each stored report (db/write.ts); filled by migration 0006.
 */
export const regionYearAgencies = sqliteTable(
  "region_year_agencies",
  {
    year: integer("year").notNull(),
    province: text("province"),
    city: text("city"),
    county: text("county"),
    agencies: integer("agencies").notNull(),
  },
  // The count rides in the index, so a facet reads the index alone.
  (t) => [index("region_year_agencies_year_region_count").on(t.year, t.province, t.city, t.county, t.agencies)],
);

/**
 * The issue codes of each agency's current reports, one line per agency, year and code: the data-quality
 * facet counts agencies per code from these few thousand lines instead of looking up the report of every
 * issue. Rewritten for the agency after each stored report (db/write.ts); filled by migration 0007.
 */
export const currentIssueCodes = sqliteTable(
  "current_issue_codes",
  {
    agencyId: integer("agency_id")
      .notNull()
      .references(() => agencies.id),
    year: integer("year").notNull(),
    code: text("code", { enum: ISSUE_CODES }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.agencyId, t.year, t.code] }),
    index("current_issue_codes_code_agency").on(t.code, t.agencyId),
    index("current_issue_codes_year_code").on(t.year, t.code, t.agencyId),
  ],
);

/**
 * Where each report's bytes were read from (migration 0012): a file's path, or a URL with the list page that led to
 * it, the column the crawl started from, the report page an attachment was linked from, the time fetched and the
 * HTTP facts. One line per report; reports stored before 0012 got one saying `file` with the file name only.
 */
export const reportProvenance = sqliteTable(
  "report_provenance",
  {
    reportId: integer("report_id")
      .primaryKey()
      .references(() => reports.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: ["file", "url"] }).notNull(),
    /** The file's path as given (before 0012: the file name only), or null for a URL. */
    path: text("path"),
    /** The URL the bytes were read from (after redirects). */
    url: text("url"),
    /** The report page an attachment or iframe was linked from; null when the document is that page. */
    pageUrl: text("page_url"),
    /** The list page that linked to the report's page. */
    listUrl: text("list_url"),
    /** The column's first list page, the crawl's start: what the agency page lists. */
    columnUrl: text("column_url"),
    /** When the bytes were read (fetched, or the file read). */
    readAt: text("read_at").notNull(),
    httpStatus: integer("http_status"),
    etag: text("etag"),
    lastModified: text("last_modified"),
    /** The Content-Type the server declared (the stored media type is the one detected from the bytes). */
    contentType: text("content_type"),
  },
  (t) => [index("report_provenance_column").on(t.columnUrl)],
);

/**
 * The crawl's state (lib/crawl/): every URL seen, what it is, what became of it and the HTTP facts a rerun's
 * conditional request needs. A crawl killed midway finds its finished pages here and fetches only the rest.
 */
export const crawlPages = sqliteTable(
  "crawl_pages",
  {
    url: text("url").primaryKey(),
    /** `list`: a column's list page (fetched on every run); `entry`: a report's page; `document`: a file's address. */
    kind: text("kind", { enum: ["list", "entry", "document"] }).notNull(),
    /** The column's first list page this URL was found under. */
    columnUrl: text("column_url"),
    /** `pending`: seen, not finished; `done`: read (and stored, or nothing to store); `failed`: see `reason`. */
    state: text("state", { enum: ["pending", "done", "failed"] }).notNull(),
    reason: text("reason"),
    httpStatus: integer("http_status"),
    etag: text("etag"),
    lastModified: text("last_modified"),
    contentType: text("content_type"),
    /** sha256 of the body as fetched. */
    sha256: text("sha256"),
    fetchedAt: text("fetched_at"),
    /** The report stored from this URL, if any. */
    reportId: integer("report_id"),
  },
  (t) => [index("crawl_pages_column").on(t.columnUrl)],
);

/** The links a list or report page gave (entries, next pages, attachments): a page answered 304 gives them again. */
export const crawlLinks = sqliteTable(
  "crawl_links",
  {
    fromUrl: text("from_url").notNull(),
    toUrl: text("to_url").notNull(),
    /** What the link leads to: `list` (a further page of the column), `entry`, `document` (attachment), `iframe`. */
    kind: text("kind", { enum: ["list", "entry", "document", "iframe"] }).notNull(),
    title: text("title"),
    position: integer("position").notNull(),
  },
  (t) => [primaryKey({ columns: [t.fromUrl, t.toUrl] })],
);
