import { sql } from "drizzle-orm";
import { boolean, doublePrecision, index, integer, pgTable, primaryKey, text, uniqueIndex } from "drizzle-orm/pg-core";
import {
  APPLICANT_COLUMNS,
  APPLICATION_ROWS,
  type ApplicantColumn,
  FORMAT_VERSIONS,
  ISSUE_CODES,
  PAGED_SECTIONS,
  PROACTIVE_UNITS,
  REVIEW_FIELDS,
  REVIEW_GROUPS,
  type ReviewField,
} from "../../lib/report/schema";
import { NEW_RECEIVED_NATURAL_PERSON, reviewColumnName, totalColumnName } from "../schema";

/**
 * The store of db/schema.ts in PostgreSQL's dialect (issue 20): the same tables, columns, keys and indexes, kept equal
 * by tests/pg-schema.test.ts, which builds both databases from their migrations and compares them. Its migrations are
 * in db/pg/migrations (`npx drizzle-kit generate --config drizzle.pg.config.ts`).
 *
 * Types: every count is `integer` (int4, a JS number); ids are int4 identities (the `AUTOINCREMENT` of SQLite: never
 * reused, an explicit id may still be inserted, as a copy between the stores does); 表二's values `double precision`
 * (SQLite's REAL is the same 8-byte float); `is_current` a real `boolean` (SQLite keeps 0/1 in an INTEGER); dates stay
 * ISO text as in SQLite. Sums and counts of int4 come back from PostgreSQL as int8 or numeric, which node-postgres
 * hands over as strings: db/pg/client.ts parses both as numbers.
 */

const countColumn = (name: string) => integer(name);
type CountColumn = ReturnType<typeof countColumn>;

function countColumns<K extends string>(keys: readonly K[]): Record<K, CountColumn> {
  return Object.fromEntries(keys.map((key) => [key, countColumn(key)])) as Record<K, CountColumn>;
}

const id = () => integer("id").primaryKey().generatedByDefaultAsIdentity();

export const agencies = pgTable(
  "agencies",
  {
    id: id(),
    name: text("name").notNull(),
    province: text("province"),
    city: text("city"),
    county: text("county"),
    regionCode: text("region_code").notNull().default(""),
    nameSortKey: text("name_sort_key").notNull().default(""),
  },
  (t) => [
    index("agencies_name_region").on(t.name, t.regionCode),
    index("agencies_region_name").on(t.province, t.city, t.county, t.name),
    index("agencies_sort_key").on(t.nameSortKey, t.regionCode),
  ],
);

export const reports = pgTable(
  "reports",
  {
    id: id(),
    agencyId: integer("agency_id")
      .notNull()
      .references(() => agencies.id),
    year: integer("year").notNull(),
    formatVersion: text("format_version", { enum: FORMAT_VERSIONS }).notNull(),
    periodStart: text("period_start").notNull(),
    periodEnd: text("period_end").notNull(),
    isCurrent: boolean("is_current").notNull(),
    currentReason: text("current_reason"),
    chosenAt: text("chosen_at"),
    agencyName: text("agency_name"),
    signedOn: text("signed_on"),
    publishedOn: text("published_on"),
    revisionMark: text("revision_mark"),
    fileName: text("file_name").notNull(),
    sha256: text("sha256").notNull(),
    mediaType: text("media_type").notNull(),
    pages: integer("pages"),
    ingestedAt: text("ingested_at").notNull(),
    parserVersion: text("parser_version"),
    errorCount: integer("error_count").notNull(),
    warningCount: integer("warning_count").notNull(),
    infoCount: integer("info_count").notNull(),
  },
  (t) => [
    uniqueIndex("reports_sha256").on(t.sha256),
    index("reports_agency_year").on(t.agencyId, t.year),
    index("reports_year_current_agency").on(t.year, t.isCurrent, t.agencyId),
    index("reports_agency_current_year").on(t.agencyId, t.isCurrent, t.year),
    // One current report per agency and year, held by the database whatever the order of concurrent writers (issue 20, 3).
    uniqueIndex("reports_one_current").on(t.agencyId, t.year).where(sql`"is_current"`),
  ],
);

export const agencyAliases = pgTable(
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

export const agencyKeys = pgTable(
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

const reportId = () =>
  integer("report_id")
    .notNull()
    .references(() => reports.id, { onDelete: "cascade" });

export const applicationRows = pgTable(
  "application_rows",
  {
    reportId: reportId(),
    row: text("row").notNull(),
    ...countColumns<ApplicantColumn>(APPLICANT_COLUMNS),
  },
  (t) => [primaryKey({ columns: [t.reportId, t.row] }), index("application_rows_row").on(t.row)],
);

export const reviewLitigationRows = pgTable(
  "review_litigation_rows",
  {
    reportId: reportId(),
    group: text("group").notNull(),
    ...countColumns<ReviewField>(REVIEW_FIELDS),
  },
  (t) => [primaryKey({ columns: [t.reportId, t.group] })],
);

export const proactiveCells = pgTable(
  "proactive_cells",
  {
    reportId: reportId(),
    key: text("key").notNull(),
    item: text("item").notNull(),
    category: text("category").notNull(),
    metric: text("metric").notNull(),
    value: doublePrecision("value"),
    unit: text("unit", { enum: PROACTIVE_UNITS }).notNull(),
    raw: text("raw").notNull(),
  },
  (t) => [primaryKey({ columns: [t.reportId, t.key] })],
);

export const numberPages = pgTable(
  "number_pages",
  {
    reportId: reportId(),
    section: text("section", { enum: PAGED_SECTIONS }).notNull(),
    key: text("key").notNull(),
    page: integer("page").notNull(),
  },
  (t) => [primaryKey({ columns: [t.reportId, t.section, t.key] })],
);

export const reportSections = pgTable("report_sections", {
  reportId: integer("report_id")
    .primaryKey()
    .references(() => reports.id, { onDelete: "cascade" }),
  overview: text("overview"),
  problems: text("problems"),
  other: text("other"),
});

/**
 * The search index: SQLite's FTS5 table of the same name (trigram tokenizer, db/fts.ts) is here a plain table with a
 * pg_trgm GIN index on `body`, which serves `ILIKE '%term%'` for terms of 3+ characters as FTS5's trigram MATCH does.
 * One row per report and part, `body` cut to SEARCH_TEXT_LIMIT characters as in SQLite. The key and the cascade are
 * PostgreSQL's only (an FTS5 table has neither); the comparison test names them as dialect differences.
 */
export const sectionsFts = pgTable(
  "report_sections_fts",
  {
    body: text("body").notNull(),
    reportId: integer("report_id")
      .notNull()
      .references(() => reports.id, { onDelete: "cascade" }),
    part: text("part").notNull(),
  },
  (t) => [primaryKey({ columns: [t.reportId, t.part] }), index("report_sections_fts_body_trgm").using("gin", t.body.op("gin_trgm_ops"))],
);

export const reportIssues = pgTable(
  "report_issues",
  {
    id: id(),
    reportId: reportId(),
    code: text("code", { enum: ISSUE_CODES }).notNull(),
    severity: text("severity", { enum: ["error", "warning", "info"] }).notNull(),
    message: text("message").notNull(),
    section: text("section").notNull(),
    row: text("row"),
    column: text("column"),
  },
  (t) => [index("report_issues_report").on(t.reportId), index("report_issues_code").on(t.code)],
);

/** The columns of report_totals and agency_totals, named as in db/schema.ts. */
const totalsColumns = () => ({
  ...countColumns(APPLICATION_ROWS.map(totalColumnName)),
  [NEW_RECEIVED_NATURAL_PERSON]: countColumn(NEW_RECEIVED_NATURAL_PERSON),
  ...countColumns(REVIEW_GROUPS.flatMap((group) => REVIEW_FIELDS.map((field) => reviewColumnName(group, field)))),
});

/** Filled only by the triggers on application_rows and review_litigation_rows (db/pg/migrations, the PL/pgSQL of SQLite's 0002). */
export const reportTotals = pgTable("report_totals", {
  reportId: integer("report_id")
    .primaryKey()
    .references(() => reports.id, { onDelete: "cascade" }),
  ...totalsColumns(),
});

export const agencyTotals = pgTable("agency_totals", {
  agencyId: integer("agency_id")
    .primaryKey()
    .references(() => agencies.id),
  ...totalsColumns(),
});

export const regionYearAgencies = pgTable(
  "region_year_agencies",
  {
    year: integer("year").notNull(),
    province: text("province"),
    city: text("city"),
    county: text("county"),
    agencies: integer("agencies").notNull(),
  },
  (t) => [index("region_year_agencies_year_region_count").on(t.year, t.province, t.city, t.county, t.agencies)],
);

export const currentIssueCodes = pgTable(
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

/** Where each report's bytes were read from (SQLite migration 0012). */
export const reportProvenance = pgTable(
  "report_provenance",
  {
    reportId: integer("report_id")
      .primaryKey()
      .references(() => reports.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: ["file", "url"] }).notNull(),
    path: text("path"),
    url: text("url"),
    pageUrl: text("page_url"),
    listUrl: text("list_url"),
    columnUrl: text("column_url"),
    readAt: text("read_at").notNull(),
    httpStatus: integer("http_status"),
    etag: text("etag"),
    lastModified: text("last_modified"),
    contentType: text("content_type"),
  },
  (t) => [index("report_provenance_column").on(t.columnUrl)],
);

/** The web crawler's state: every URL seen and what became of it (SQLite migration 0012). */
export const crawlPages = pgTable(
  "crawl_pages",
  {
    url: text("url").primaryKey(),
    kind: text("kind", { enum: ["list", "entry", "document"] }).notNull(),
    columnUrl: text("column_url"),
    state: text("state", { enum: ["pending", "done", "failed"] }).notNull(),
    reason: text("reason"),
    httpStatus: integer("http_status"),
    etag: text("etag"),
    lastModified: text("last_modified"),
    contentType: text("content_type"),
    sha256: text("sha256"),
    fetchedAt: text("fetched_at"),
    reportId: integer("report_id"),
  },
  (t) => [index("crawl_pages_column").on(t.columnUrl)],
);

/** The links a list or report page gave (SQLite migration 0012). */
export const crawlLinks = pgTable(
  "crawl_links",
  {
    fromUrl: text("from_url").notNull(),
    toUrl: text("to_url").notNull(),
    kind: text("kind", { enum: ["list", "entry", "document", "iframe"] }).notNull(),
    title: text("title"),
    position: integer("position").notNull(),
  },
  (t) => [primaryKey({ columns: [t.fromUrl, t.toUrl] })],
);
