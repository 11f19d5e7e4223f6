import { and, asc, count, countDistinct, desc, eq, inArray, isNull, max, sql, type SQL } from "drizzle-orm";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";
import { existsSync } from "node:fs";
import {
  deriveMeasures,
  distribution,
  isRateMeasure,
  measureInputs,
  measureLabel,
  measureValue,
  measureValues,
  outcomeGroupCounts,
  outcomeGroupShares,
  sumCounts,
  DERIVED_MEASURES,
  type Count,
  type DerivedValues,
  type Distribution,
  type CellRef,
  type MatrixCounts,
  type MeasureInputs,
  type OutcomeGroup,
} from "../lib/report/measures";
import {
  APPLICANT_COLUMNS,
  APPLICATION_ROWS,
  REVIEW_FIELDS,
  REVIEW_GROUPS,
  type ApplicantColumn,
  type ApplicationRow,
  type FormatVersion,
  type Issue,
  type IssueCode,
  type ReviewField,
  type ReviewGroup,
} from "../lib/report/schema";
import { databasePath, openReadonlyDb, readSnapshot, type Db } from "./client";
import { sectionsFts } from "./fts";
import { measureSql, totalsColumnName } from "./measure-sql";
import migrationJournal from "./migrations/meta/_journal.json";
import {
  agencies,
  agencyAliases,
  agencyTotals,
  applicationRows,
  currentIssueCodes,
  proactiveCells,
  regionYearAgencies,
  reportIssues,
  reports,
  reportSections,
  reportTotals,
  reviewRows,
} from "./schema";
import { NO_REGION, type AgencyFacets, type AgencySummary, type DatabaseState, type Facet, type ProactiveCellRow, type RevisionRow, type StoredIssue } from "../lib/store/types";

export { NO_REGION };
export type { AgencyFacets, AgencySummary, DatabaseState, Facet, ProactiveCellRow, RevisionRow, StoredIssue };

/**
 * Every read of the web app. Current reports only unless a filter asks for revisions. All values reach
 * SQLite as bound parameters; the only SQL text composed here comes from drizzle columns and constants.
 */

// ── Connection ───────────────────────────────────────────────────────────────────────────────────────────

/** The database file of the web process: $NIANBAO_DB, else data/nianbao.db (as for the CLIs). */
export function webDatabasePath(): string {
  return databasePath();
}

/** The web process opens the database read-only and never migrates it. */
export const openWebDb = openReadonlyDb;

let opened: { path: string; db: Db } | null = null;


/** When the last migration of db/migrations was made: drizzle records it as created_at of the migrations it applied. */
const LAST_MIGRATION = Math.max(...migrationJournal.entries.map((entry) => entry.when));

function isMigrated(db: Db, tables: Set<string>): boolean {
  if (!tables.has("__drizzle_migrations")) return false;
  const applied = db.get<{ last: number | null }>(sql`SELECT max(created_at) AS last FROM __drizzle_migrations`);
  return Number(applied?.last ?? 0) >= LAST_MIGRATION;
}

export function databaseState(): DatabaseState {
  const path = webDatabasePath();
  if (opened?.path === path) return "ready";
  if (!existsSync(path)) return "missing";
  const db = openWebDb(path);
  const tables = new Set(db.all<{ name: string }>(sql`SELECT name FROM sqlite_master WHERE type = 'table'`).map((t) => t.name));
  const state: DatabaseState = !tables.has("reports") ? "missing" : !isMigrated(db, tables) ? "outdated" : "ready";
  if (state === "ready") opened = { path, db };
  else db.$client.close();
  return state;
}

/** The read-only database of the web process, opened once; null until an ingested, migrated database exists. */
export function webDb(): Db | null {
  return databaseState() === "ready" ? opened!.db : null;
}

// ── Filters ──────────────────────────────────────────────────────────────────────────────────────────────


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

const REGION_LEVELS = ["province", "city", "county"] as const;
export type RegionLevel = (typeof REGION_LEVELS)[number];

function regionConditions(filter: RegionFilter, table: typeof agencies | typeof regionYearAgencies = agencies): SQL[] {
  return REGION_LEVELS.flatMap((level) => {
    const value = filter[level];
    if (value === undefined || value === "") return [];
    return [value === NO_REGION ? isNull(table[level]) : eq(table[level], value)];
  });
}

/**
 * A filter region_year_agencies answers: region and year alone (no name, issue, chosen agencies or revisions).
 * Its lines count agencies per year, so a count over several years (an agency counted once) is not among them.
 */
function countedByRegionYear(filter: ReportFilter): boolean {
  return !filter.q && !filter.issue && !filter.agencyIds && !filter.reportIds && !filter.revisions;
}

const regionYearSum = sql<number>`sum(${regionYearAgencies.agencies})`.mapWith(Number);

/** The lines of region_year_agencies for a filter of one year it answers, or null when it cannot. */
function oneYearLines(filter: ReportFilter): SQL | null {
  if (!countedByRegionYear(filter) || filter.years?.length !== 1) return null;
  return and(eq(regionYearAgencies.year, filter.years[0]!), ...regionConditions(filter, regionYearAgencies))!;
}

/** `%` and `_` typed by a user are literal characters, not wildcards. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

function containsText(column: SQL | typeof agencies.name, text: string): SQL {
  return sql`${column} LIKE ${`%${escapeLike(text)}%`} ESCAPE '\\'`;
}

/** Conditions on the agency itself: its region and a part of its name. */
function agencyConditions(filter: ReportFilter): SQL[] {
  return [...regionConditions(filter), ...(filter.q ? [containsText(agencies.name, filter.q)] : [])];
}

/** An agency id column limited to the filter's region and name (one subquery on agencies) and chosen agencies. */
function agencyIdConditions(column: SQLiteColumn, filter: ReportFilter): SQL[] {
  const conditions: SQL[] = [];
  const onAgencies = agencyConditions(filter);
  if (onAgencies.length) conditions.push(sql`${column} IN (SELECT ${agencies.id} FROM ${agencies} WHERE ${and(...onAgencies)})`);
  if (filter.agencyIds) conditions.push(inArray(column, filter.agencyIds));
  return conditions;
}

/**
 * Conditions on reports. Region and name become `agency_id IN (SELECT id FROM agencies WHERE …)`, so no query
 * on reports needs a join to agencies to filter: SQLite then reads the few matching agencies first and their
 * reports by reports_agency_current_year, where a join walked the reports and looked each agency up.
 */
function reportConditions(filter: ReportFilter): SQL[] {
  const conditions: SQL[] = agencyIdConditions(reports.agencyId, { ...filter, agencyIds: undefined });
  if (!filter.revisions) conditions.push(eq(reports.isCurrent, true));
  if (filter.years?.length) {
    // With chosen agencies, the unary + keeps SQLite off the (year, is_current) index: left to itself, a
    // grouping by year walks every current report of those years instead of the agencies' few.
    const yearsIn = sql`+${reports.year} IN (${sql.join(filter.years.map((year) => sql`${year}`), sql`, `)})`;
    conditions.push(filter.agencyIds ? yearsIn : inArray(reports.year, filter.years));
  }
  if (filter.agencyIds) conditions.push(inArray(reports.agencyId, filter.agencyIds));
  if (filter.reportIds) conditions.push(inArray(reports.id, filter.reportIds));
  if (filter.issue) conditions.push(flaggedWith(filter.issue));
  return conditions;
}

function flaggedWith(code: string): SQL {
  return sql`${reports.id} IN (SELECT ${reportIssues.reportId} FROM ${reportIssues} WHERE ${reportIssues.code} = ${code})`;
}

/** A filter asking for every current report of its agencies (no year, report or revision condition). */
function onlyCurrentReports(filter: ReportFilter): boolean {
  const agencyLevel: ReportFilter = { ...filter, province: undefined, city: undefined, county: undefined, q: undefined, agencyIds: undefined };
  return !filter.revisions && reportConditions(agencyLevel).length === 1;
}

// ── Summed matrix counts, the input of every measure ─────────────────────────────────────────────────────

export const ALL_INPUTS: MeasureInputs = {
  applications: Object.fromEntries(APPLICATION_ROWS.map((row) => [row, [...APPLICANT_COLUMNS]])),
  review: Object.fromEntries(REVIEW_GROUPS.map((group) => [group, [...REVIEW_FIELDS]])),
};

/** Union of several measures' inputs. */
export function mergeInputs(list: readonly MeasureInputs[]): MeasureInputs {
  const merged: MeasureInputs = { applications: {}, review: {} };
  for (const inputs of list) {
    for (const [row, columns] of Object.entries(inputs.applications) as [ApplicationRow, ApplicantColumn[]][])
      merged.applications[row] = [...new Set([...(merged.applications[row] ?? []), ...columns])];
    for (const [group, fields] of Object.entries(inputs.review) as [ReviewGroup, ReviewField[]][])
      merged.review[group] = [...new Set([...(merged.review[group] ?? []), ...fields])];
  }
  return merged;
}

type Grouping = "report" | "agency" | "agencyYear" | "year";
type GroupKey = { reportId?: number; agencyId?: number; year?: number };

const GROUP_COLUMNS = {
  report: { reportId: reports.id },
  agency: { agencyId: reports.agencyId },
  agencyYear: { agencyId: reports.agencyId, year: reports.year },
  year: { year: reports.year },
} as const;

const groupKey = (grouping: Grouping, row: GroupKey): string =>
  grouping === "agencyYear" ? `${row.agencyId}:${row.year}` : String(row.reportId ?? row.agencyId ?? row.year);

type Cell = CellRef;
type Pivot = { fields: Record<string, SQL<number | null>>; cells: Map<string, Cell> };

type TotalsColumn = Exclude<keyof typeof reportTotals.$inferSelect, "reportId">;

/** A measure in SQL over report_totals summed in a grouping; null for a measure reading cells it lacks. */
const summedMeasureSql = (key: string) => measureSql(key, (name) => sql`sum(${reportTotals[name as TotalsColumn]})`);

/** The report_totals column holding a cell, if it has one (every total, newReceived's 自然人, all of 表四). */
function totalsColumn(cell: Cell) {
  const name = totalsColumnName(cell);
  return name === null ? null : reportTotals[name as TotalsColumn];
}

function wantedCells(inputs: MeasureInputs): Cell[] {
  return [
    ...(Object.entries(inputs.applications) as [ApplicationRow, ApplicantColumn[]][]).flatMap(([row, columns]) =>
      columns.map((column): Cell => ({ kind: "application", row, column })),
    ),
    ...(Object.entries(inputs.review) as [ReviewGroup, ReviewField[]][]).flatMap(([group, fields]) =>
      fields.map((field): Cell => ({ kind: "review", group, field })),
    ),
  ];
}

function pivot(cells: Cell[], field: (cell: Cell) => SQL<number | null>): Pivot {
  const result: Pivot = { fields: {}, cells: new Map() };
  cells.forEach((cell, i) => {
    result.fields[`c${i}`] = field(cell);
    result.cells.set(`c${i}`, cell);
  });
  return result;
}

/** A long-table cell pivoted into a column: one SUM(CASE …) per cell over a report's 26 (or 3) lines. */
function longTableSum(cell: Cell): SQL<number | null> {
  return cell.kind === "application"
    ? sql<number | null>`sum(CASE WHEN ${applicationRows.row} = ${cell.row} THEN ${applicationRows[cell.column]} END)`
    : sql<number | null>`sum(CASE WHEN ${reviewRows.group} = ${cell.group} THEN ${reviewRows[cell.field]} END)`;
}

/**
 * Runs a built query and returns its rows as arrays, in the order of its selection: drizzle's own mapping of
 * wide aggregate rows costs more than the query itself at 10⁵ reports.
 */
function rawRows(db: Db, query: { toSQL(): { sql: string; params: unknown[] } }): unknown[][] {
  const { sql: text, params } = query.toSQL();
  return db.$client.prepare(text).raw(true).all(...params) as unknown[][];
}

const emptyCounts = (): MatrixCounts => ({ applications: {}, reviewLitigation: {} });

function setCell(counts: MatrixCounts, cell: Cell, value: Count): void {
  if (cell.kind === "application") (counts.applications[cell.row] ??= {})[cell.column] = value;
  else (counts.reviewLitigation[cell.group] ??= {})[cell.field] = value;
}

/**
 * The wanted cells summed per group (a report, an agency, an agency-year or a year) over the filtered reports.
 * Cells in report_totals are read there, one line per report; any other cell (a single applicant column of a
 * row) is pivoted from application_rows.
 */
function summedCounts(db: Db, filter: ReportFilter, inputs: MeasureInputs, grouping: Grouping): Map<string, MatrixCounts> {
  const result = new Map<string, MatrixCounts>();
  const entry = (row: GroupKey) => {
    const key = groupKey(grouping, row);
    const found = result.get(key) ?? emptyCounts();
    result.set(key, found);
    return found;
  };
  const groupNames = Object.keys(GROUP_COLUMNS[grouping]) as (keyof GroupKey)[];
  // Rows come back as arrays in the order of the selection: the group columns, then the cells.
  const collect = (rows: unknown[][], cells: Map<string, Cell>) => {
    const cellList = [...cells.values()];
    for (const row of rows) {
      const key: GroupKey = {};
      groupNames.forEach((name, i) => (key[name] = row[i] as number));
      const counts = entry(key);
      cellList.forEach((cell, i) => setCell(counts, cell, (row[groupNames.length + i] as Count) ?? null));
    }
  };
  const groupColumns = GROUP_COLUMNS[grouping];
  const where = reportConditions(filter);
  const cells = wantedCells(inputs);

  const fromTotals = pivot(
    cells.filter((cell) => totalsColumn(cell)),
    (cell) => sql<number | null>`sum(${totalsColumn(cell)})`,
  );
  if (fromTotals.cells.size && grouping === "agency" && onlyCurrentReports(filter)) {
    // Every current report of each agency: agency_totals holds those sums already.
    const agencyFields = pivot([...fromTotals.cells.values()], (cell) => sql<number | null>`${agencyTotals[totalsColumnName(cell) as TotalsColumn]}`);
    const conditions = agencyConditions(filter);
    if (filter.agencyIds) conditions.push(inArray(agencyTotals.agencyId, filter.agencyIds));
    const base = db.select({ agencyId: agencyTotals.agencyId, ...agencyFields.fields }).from(agencyTotals).$dynamic();
    const readsAgencies = conditions.length > (filter.agencyIds ? 1 : 0);
    const query = (readsAgencies ? base.innerJoin(agencies, eq(agencies.id, agencyTotals.agencyId)) : base).where(and(...conditions));
    collect(rawRows(db, query), agencyFields.cells);
  } else if (fromTotals.cells.size) {
    const query = db
      .select({ ...groupColumns, ...fromTotals.fields })
      .from(reports)
      .innerJoin(reportTotals, eq(reportTotals.reportId, reports.id))
      .where(and(...where))
      .groupBy(...Object.values(groupColumns));
    collect(rawRows(db, query), fromTotals.cells);
  }

  const fromLongTable = pivot(
    cells.filter((cell) => !totalsColumn(cell)),
    longTableSum,
  );
  if (fromLongTable.cells.size) {
    const rowsWanted = [...new Set([...fromLongTable.cells.values()].flatMap((cell) => (cell.kind === "application" ? [cell.row] : [])))];
    const query = db
      .select({ ...groupColumns, ...fromLongTable.fields })
      .from(reports)
      .innerJoin(applicationRows, eq(applicationRows.reportId, reports.id))
      .where(and(...where, rowsIn(filter, rowsWanted)))
      .groupBy(...Object.values(groupColumns));
    collect(rawRows(db, query), fromLongTable.cells);
  }
  return result;
}

/**
 * The wanted lines of application_rows. For chosen agencies the unary + keeps SQLite off the application_rows_row
 * index (which it otherwise drives the join from: every report's line), so it reads the agencies' reports first.
 */
function rowsIn(filter: ReportFilter, rows: ApplicationRow[]): SQL {
  if (!filter.agencyIds) return inArray(applicationRows.row, rows);
  return sql`+${applicationRows.row} IN (${sql.join(rows.map((row) => sql`${row}`), sql`, `)})`;
}

const numberKeyed = (map: Map<string, MatrixCounts>) => new Map([...map].map(([key, counts]) => [Number(key), counts]));

export function countsByReport(db: Db, reportIds: number[], inputs: MeasureInputs = ALL_INPUTS): Map<number, MatrixCounts> {
  if (reportIds.length === 0) return new Map();
  return numberKeyed(summedCounts(db, { revisions: true, reportIds }, inputs, "report"));
}

// ── Years and regions ────────────────────────────────────────────────────────────────────────────────────

export function availableYears(db: Db, filter: ReportFilter = {}): number[] {
  return db
    .selectDistinct({ year: reports.year })
    .from(reports)
    .where(and(...reportConditions({ ...filter, years: undefined })))
    .orderBy(asc(reports.year))
    .all()
    .map((row) => row.year);
}


// Agencies matching the filter counted on agencies alone (the report conditions as one IN (subquery)): the
// grouping then follows the agencies_region_name index, no join to every report and no DISTINCT.
function regionFacet(db: Db, level: RegionLevel, filter: ReportFilter): Facet<string | null>[] {
  const lines = oneYearLines(filter);
  if (lines) {
    return db
      .select({ value: regionYearAgencies[level], count: regionYearSum })
      .from(regionYearAgencies)
      .where(lines)
      .groupBy(regionYearAgencies[level])
      .orderBy(desc(regionYearSum), asc(regionYearAgencies[level]))
      .all();
  }
  return db
    .select({ value: agencies[level], count: count() })
    .from(agencies)
    .where(and(...agencyMatches(db, filter)))
    .groupBy(agencies[level])
    .orderBy(desc(count()), asc(agencies[level]))
    .all();
}

/**
 * Agencies per filter value. Each facet counts under every other filter but its own; the region facets
 * cascade: cities appear once a province is chosen, counties once a city is.
 */
export function agencyFacets(db: Db, filter: ReportFilter): AgencyFacets {
  const { province, city } = filter;
  return {
    province: regionFacet(db, "province", { ...filter, province: undefined, city: undefined, county: undefined }),
    city: province ? regionFacet(db, "city", { ...filter, city: undefined, county: undefined }) : [],
    county: province && city ? regionFacet(db, "county", { ...filter, county: undefined }) : [],
    year: yearFacet(db, filter),
  };
}

/** Agencies per year (an agency has one current report a year) under every other filter. */
function yearFacet(db: Db, filter: ReportFilter): Facet<number>[] {
  if (countedByRegionYear(filter)) {
    return db
      .select({ value: regionYearAgencies.year, count: regionYearSum })
      .from(regionYearAgencies)
      .where(and(...regionConditions(filter, regionYearAgencies)))
      .groupBy(regionYearAgencies.year)
      .orderBy(desc(regionYearAgencies.year))
      .all();
  }
  return db
    .select({ value: reports.year, count: count(reports.id) })
    .from(reports)
    .where(and(...reportConditions({ ...filter, years: undefined })))
    .groupBy(reports.year)
    .orderBy(desc(reports.year))
    .all();
}

/** Agencies per issue code, under every other filter: the data-quality facet of the lists. */
export function issueFacet(db: Db, filter: ReportFilter): Facet<string>[] {
  const others: ReportFilter = { ...filter, issue: undefined };
  if (!others.revisions && !others.reportIds) {
    // current_issue_codes holds each agency's codes by year: no lookup of the report of every issue.
    const agencies = countDistinct(currentIssueCodes.agencyId);
    const conditions = [...(others.years?.length ? [inArray(currentIssueCodes.year, others.years)] : []), ...agencyIdConditions(currentIssueCodes.agencyId, others)];
    return db
      .select({ value: currentIssueCodes.code, count: agencies })
      .from(currentIssueCodes)
      .where(and(...conditions))
      .groupBy(currentIssueCodes.code)
      .orderBy(desc(agencies), asc(currentIssueCodes.code))
      .all();
  }
  return db
    .select({ value: reportIssues.code, count: countDistinct(reports.agencyId) })
    .from(reportIssues)
    .innerJoin(reports, eq(reports.id, reportIssues.reportId))
    .where(and(...reportConditions(others)))
    .groupBy(reportIssues.code)
    .orderBy(desc(countDistinct(reports.agencyId)), asc(reportIssues.code))
    .all();
}

// ── Agencies list ────────────────────────────────────────────────────────────────────────────────────────

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

export type Page<T> = { rows: T[]; total: number; page: number; pageSize: number; pageCount: number };

const LIST_INPUTS = mergeInputs(LIST_MEASURES.map(measureInputs));

const agencyColumns = {
  id: agencies.id,
  name: agencies.name,
  province: agencies.province,
  city: agencies.city,
  county: agencies.county,
  regionCode: agencies.regionCode,
};

const flagCount = sql<number>`sum(${reports.errorCount} + ${reports.warningCount})`;

function agencyRowsQuery(db: Db, filter: ReportFilter) {
  return db
    .select({
      ...agencyColumns,
      reports: count(reports.id),
      years: sql<string>`group_concat(${reports.year})`,
      errors: sql<number>`sum(${reports.errorCount})`,
      warnings: sql<number>`sum(${reports.warningCount})`,
    })
    .from(agencies)
    .innerJoin(reports, eq(reports.agencyId, agencies.id))
    .where(and(...reportConditions(filter)))
    .groupBy(agencies.id)
    .$dynamic();
}

function sqlOrder(sort: AgencySort, dir: SortDirection): SQL[] {
  const by = dir === "asc" ? asc : desc;
  const nullsLast = (level: RegionLevel) => sql`${agencies[level]} IS NULL`;
  switch (sort) {
    case "region":
      return [...REGION_LEVELS.flatMap((level) => [nullsLast(level), by(agencies[level])]), asc(agencies.name), asc(agencies.id)];
    case "reports":
      return [by(count(reports.id)), asc(agencies.name), asc(agencies.id)];
    case "flags":
      return [by(flagCount), asc(agencies.name), asc(agencies.id)];
    default:
      // (name, region_code) is unique and indexed: the order of the agencies_name_region index itself.
      return [by(agencies.name), by(agencies.regionCode)];
  }
}

/**
 * Conditions on agencies alone: region, name, and a matching report, so no join to group. The report test is
 * IN (subquery), not EXISTS: SQLite 3.51 turns that EXISTS into a join and then counts OFFSET over the joined
 * rows (one per report), skipping agencies on later pages.
 */
function agencyMatches(db: Db, filter: ReportFilter): SQL[] {
  const reportOnly: ReportFilter = { ...filter, province: undefined, city: undefined, county: undefined, q: undefined };
  const onAgencies = agencyConditions(filter);
  const onReports = reportConditions(reportOnly);
  // Every agency has a current report (db/write.ts stores an agency with its first report, never deletes a
  // report, and a revision hands "current" to the newer file): with no condition but "current", every agency
  // matches, and the list walks the name index instead of first reading every report.
  if (onReports.length <= (filter.revisions ? 0 : 1)) return onAgencies;
  const matching = db
    .select({ agencyId: reports.agencyId })
    .from(reports)
    .where(and(...onReports));
  // The unary + keeps SQLite from looking each listed id up in agencies (one random read per matching report's
  // agency, 2·10⁴ for a year): it walks an agencies index instead and tests each against the list.
  return [...onAgencies, sql`+${agencies.id} IN ${matching}`];
}

/** One page of agencies by name: walks the name index and stops after the page. */
function namePageIds(db: Db, filter: ReportFilter, dir: SortDirection, limit: number, offset: number): number[] {
  return db
    .select({ id: agencies.id })
    .from(agencies)
    .where(and(...agencyMatches(db, filter)))
    .orderBy(...sqlOrder("name", dir))
    .limit(limit)
    .offset(offset)
    .all()
    .map((row) => row.id);
}

const isMeasureSort = (sort: AgencySort): sort is ListMeasure => (LIST_MEASURES as readonly string[]).includes(sort);

type AgencyBaseRow = AgencySummary & { reports: number; years: string; errors: number; warnings: number };

function withMeasures(rows: AgencyBaseRow[], counts: Map<number, MatrixCounts>): AgencyListRow[] {
  return rows.map((row) => {
    const summed = counts.get(row.id) ?? emptyCounts();
    const measures = measureValues(summed, LIST_MEASURES);
    const years = row.years.split(",").map(Number).sort((a, b) => a - b);
    return { ...row, years: [...new Set(years)], measures };
  });
}

type Ranked = { id: number; name: string; value: Count };

/** Missing values sort last in either direction; ties by name, then id, as in SQL. */
function compareByValue(dir: SortDirection) {
  return (a: Ranked, b: Ranked): number => {
    if (a.value === null || b.value === null) {
      if (a.value !== b.value) return a.value === null ? 1 : -1;
    } else if (a.value !== b.value) return dir === "asc" ? a.value - b.value : b.value - a.value;
    if (a.name !== b.name) return a.name < b.name ? -1 : 1;
    return a.id - b.id;
  };
}

function countAgencies(db: Db, filter: ReportFilter): number {
  const lines = oneYearLines(filter);
  if (lines) return db.select({ n: regionYearSum }).from(regionYearAgencies).where(lines).get()?.n ?? 0;
  return db
    .select({ n: count() })
    .from(agencies)
    .where(and(...agencyMatches(db, filter)))
    .get()!.n;
}

function pageOf<T>(rows: T[], total: number, page: number, pageSize: number): Page<T> {
  return { rows, total, page, pageSize, pageCount: Math.max(1, Math.ceil(total / pageSize)) };
}

/**
 * Agencies with a current report matching the filter, one page, sorted and paged in SQL (a measure computed
 * there by db/measure-sql.ts); then the page's agencies get all their measures. Read on one snapshot.
 */
export function listAgencies(db: Db, query: AgencyListQuery): Page<AgencyListRow> {
  return readSnapshot(db, () => readListAgencies(db, query));
}

function readListAgencies(db: Db, query: AgencyListQuery): Page<AgencyListRow> {
  const { sort, dir, page, pageSize } = query;
  const total = countAgencies(db, query);
  const offset = (page - 1) * pageSize;
  let rows: AgencyBaseRow[];
  if (isMeasureSort(sort)) rows = agencyRowsInOrder(db, query, measureSortedIds(db, query, sort, dir, { limit: pageSize, offset }));
  else if (sort === "name") rows = agencyRowsInOrder(db, query, namePageIds(db, query, dir, pageSize, offset));
  else rows = agencyRowsQuery(db, query).orderBy(...sqlOrder(sort, dir)).limit(pageSize).offset(offset).all();
  const ids = rows.map((row) => row.id);
  const counts = ids.length ? numberKeyed(summedCounts(db, { ...query, agencyIds: ids }, LIST_INPUTS, "agency")) : new Map<number, MatrixCounts>();
  return pageOf(withMeasures(rows, counts), total, page, pageSize);
}

/** The list rows of the given agencies, in the given order. */
function agencyRowsInOrder(db: Db, filter: ReportFilter, ids: number[]): AgencyBaseRow[] {
  if (ids.length === 0) return [];
  const byId = new Map(agencyRowsQuery(db, { ...filter, agencyIds: ids }).all().map((row) => [row.id, row]));
  return ids.map((id) => byId.get(id)!);
}

/**
 * Matching agencies' ids by one measure (nulls last), then name and id: one page with `limit`, else all. The
 * measure is computed in SQL from the summed totals (db/measure-sql.ts): with every current report wanted, from
 * agency_totals; otherwise grouped from report_totals over the filtered reports.
 */
function measureSortedIds(db: Db, filter: ReportFilter, sort: ListMeasure, dir: SortDirection, page?: { limit: number; offset: number }): number[] {
  const valued = onlyCurrentReports(filter)
    ? db
        .select({ id: agencyTotals.agencyId, value: measureSql(sort, (name) => sql`${agencyTotals[name as TotalsColumn]}`)!.as("value") })
        .from(agencyTotals)
        .as("valued")
    : db
        .select({ id: reports.agencyId, value: summedMeasureSql(sort)!.as("value") })
        .from(reports)
        .innerJoin(reportTotals, eq(reportTotals.reportId, reports.id))
        .where(and(...reportConditions(filter)))
        .groupBy(reports.agencyId)
        .as("valued");
  const onAgencies = onlyCurrentReports(filter)
    ? [...agencyConditions(filter), ...(filter.agencyIds ? [inArray(agencies.id, filter.agencyIds)] : [])]
    : [];
  const by = dir === "asc" ? asc : desc;
  const query = db
    .select({ id: valued.id })
    .from(valued)
    .innerJoin(agencies, eq(agencies.id, valued.id))
    .where(and(...onAgencies))
    .orderBy(sql`${valued.value} IS NULL`, by(valued.value), asc(agencies.name), asc(agencies.id))
    .$dynamic();
  return (page ? query.limit(page.limit).offset(page.offset) : query).all().map((row) => row.id);
}

/** Every matching agency, sorted: the CSV export of the list. */
export function allAgencies(db: Db, filter: ReportFilter, sort: AgencySort = "name", dir: SortDirection = "asc"): AgencyListRow[] {
  if (!isMeasureSort(sort)) {
    const rows = agencyRowsQuery(db, filter).orderBy(...sqlOrder(sort, dir)).all();
    return withMeasures(rows, numberKeyed(summedCounts(db, filter, LIST_INPUTS, "agency")));
  }
  const rows = withMeasures(agencyRowsQuery(db, filter).all(), numberKeyed(summedCounts(db, filter, LIST_INPUTS, "agency")));
  const byValue = compareByValue(dir);
  return rows.sort((a, b) => byValue({ ...a, value: a.measures[sort] }, { ...b, value: b.measures[sort] }));
}

export function agenciesByIds(db: Db, ids: number[]): AgencySummary[] {
  if (ids.length === 0) return [];
  return db.select(agencyColumns).from(agencies).where(inArray(agencies.id, ids)).orderBy(asc(agencies.name), asc(agencies.id)).all();
}

// ── Overview ─────────────────────────────────────────────────────────────────────────────────────────────

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

const NATIONAL_INPUTS = mergeInputs([
  ...DERIVED_MEASURES.map(measureInputs),
  { applications: { otherTotal: ["total"], carriedForward: ["total"] }, review: {} },
  { applications: {}, review: Object.fromEntries(REVIEW_GROUPS.map((group) => [group, [...REVIEW_FIELDS]])) },
]);

const flaggedReports = sql<number>`sum(CASE WHEN ${reports.errorCount} + ${reports.warningCount} > 0 THEN 1 ELSE 0 END)`;

function reportsByYear(db: Db): YearCount[] {
  return db
    // An agency has one current report a year: its reports of a year are its agencies.
    .select({ year: reports.year, agencies: count(reports.id), reports: count(reports.id), flagged: flaggedReports })
    .from(reports)
    .where(eq(reports.isCurrent, true))
    .groupBy(reports.year)
    .orderBy(asc(reports.year))
    .all();
}

function reportsByProvince(db: Db): ProvinceCount[] {
  return db
    .select({ province: agencies.province, agencies: countDistinct(agencies.id), reports: count(reports.id) })
    .from(agencies)
    .innerJoin(reports, and(eq(reports.agencyId, agencies.id), eq(reports.isCurrent, true)))
    .groupBy(agencies.province)
    .orderBy(desc(count(reports.id)), asc(agencies.province))
    .all();
}

function reviewRecord(counts: MatrixCounts, group: ReviewGroup): Record<ReviewField, Count> {
  return Object.fromEntries(REVIEW_FIELDS.map((field) => [field, counts.reviewLitigation[group]?.[field] ?? null])) as Record<ReviewField, Count>;
}

function nationalYear(year: number, reportCount: number, counts: MatrixCounts): NationalYear {
  const total = (row: ApplicationRow) => counts.applications[row]?.total ?? null;
  return {
    year,
    reports: reportCount,
    newReceived: total("newReceived"),
    carriedOver: total("carriedOver"),
    handled: total("handledTotal"),
    carriedForward: total("carriedForward"),
    outcomes: outcomeGroupCounts(counts),
    outcomeShares: outcomeGroupShares(counts),
    reconsideration: reviewRecord(counts, "reconsideration"),
    litigationDirect: reviewRecord(counts, "litigationDirect"),
    litigationAfterReconsideration: reviewRecord(counts, "litigationAfterReconsideration"),
    measures: deriveMeasures(counts),
  };
}

/** Rank the agencies of one year by a measure; `basis` is the count a rate rests on, the tie-breaker. */
function rankAgencies(db: Db, year: number, measure: string, basis: (counts: MatrixCounts) => Count, limit: number): RankedAgency[] {
  const counts = numberKeyed(summedCounts(db, { years: [year] }, measureInputs(measure), "agency"));
  const ranked = [...counts]
    .map(([agencyId, summed]) => ({ agencyId, value: measureValue(summed, measure), basis: basis(summed) }))
    .filter((row): row is { agencyId: number; value: number; basis: Count } => row.value !== null && row.value > 0)
    .sort((a, b) => b.value - a.value || (b.basis ?? 0) - (a.basis ?? 0) || a.agencyId - b.agencyId)
    .slice(0, limit);
  const byId = new Map(agenciesByIds(db, ranked.map((r) => r.agencyId)).map((a) => [a.id, a]));
  const reportIds = currentReportIds(db, ranked.map((r) => r.agencyId), year);
  return ranked.map(({ agencyId, value, basis: b }) => ({ ...byId.get(agencyId)!, reportId: reportIds.get(agencyId)!, value, basis: b }));
}

function currentReportIds(db: Db, agencyIds: number[], year: number): Map<number, number> {
  if (agencyIds.length === 0) return new Map();
  const rows = db
    .select({ agencyId: reports.agencyId, id: reports.id })
    .from(reports)
    .where(and(inArray(reports.agencyId, agencyIds), eq(reports.year, year), eq(reports.isCurrent, true)))
    .all();
  return new Map(rows.map((r) => [r.agencyId, r.id]));
}

function issueCounts(db: Db): IssueCount[] {
  return db
    .select({ code: reportIssues.code, severity: reportIssues.severity, reports: countDistinct(reportIssues.reportId) })
    .from(reportIssues)
    .innerJoin(reports, and(eq(reports.id, reportIssues.reportId), eq(reports.isCurrent, true)))
    .groupBy(reportIssues.code, reportIssues.severity)
    .orderBy(desc(countDistinct(reportIssues.reportId)), asc(reportIssues.code))
    .all();
}

const concludedReconsiderations = (counts: MatrixCounts): Count => {
  const group = counts.reviewLitigation.reconsideration;
  return group?.total == null ? null : group.total - (group.pending ?? 0);
};

const overviewCache = new WeakMap<Db, Map<string, Overview>>();

/**
 * The overview reads every current report, so it is kept per connection until the data changes:
 * PRAGMA data_version moves when another connection (an ingest) commits.
 */
export function overview(db: Db, options: { year?: number; top?: number } = {}): Overview {
  const version = db.$client.pragma("data_version", { simple: true }) as number;
  const cache = overviewCache.get(db) ?? new Map<string, Overview>();
  overviewCache.set(db, cache);
  const remember = <T>(key: string, compute: () => T): T => {
    const found = cache.get(`${version}:${key}`) as T | undefined;
    if (found !== undefined) return found;
    if (cache.size > 50) cache.clear();
    const computed = compute();
    cache.set(`${version}:${key}`, computed as Overview);
    return computed;
  };
  // The national figures do not depend on the year asked for: computed once, shared by every ranking year.
  const national = remember("national", () => nationalOverview(db));
  const rankingYear = options.year ?? national.reportsByYear.at(-1)?.year ?? null;
  return remember(`${rankingYear}:${options.top ?? ""}`, () => ({ ...national, ...rankings(db, rankingYear, options.top ?? 10) }));
}

type NationalOverview = Pick<Overview, "reportsByYear" | "byProvince" | "national" | "issues">;

function nationalOverview(db: Db): NationalOverview {
  const reportsYears = reportsByYear(db);
  const national = numberKeyed(summedCounts(db, {}, NATIONAL_INPUTS, "year"));
  return {
    reportsByYear: reportsYears,
    byProvince: reportsByProvince(db),
    national: reportsYears.map(({ year, reports: n }) => nationalYear(year, n, national.get(year) ?? emptyCounts())),
    issues: issueCounts(db),
  };
}

function rankings(db: Db, rankingYear: number | null, top: number): Pick<Overview, "rankingYear" | "topApplications" | "topCorrection"> {
  return {
    rankingYear,
    topApplications: rankingYear === null ? [] : rankAgencies(db, rankingYear, "applicationsTotal", () => null, top),
    topCorrection: rankingYear === null ? [] : rankAgencies(db, rankingYear, "reconsiderationCorrectionRate", concludedReconsiderations, top),
  };
}

// ── One agency ───────────────────────────────────────────────────────────────────────────────────────────

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
};

function reconcile(earlier: AgencyYear, later: AgencyYear): Reconciliation {
  const columns = APPLICANT_COLUMNS.map((column): ColumnCheck => {
    const carriedForward = earlier.counts.applications.carriedForward?.[column] ?? null;
    const carriedOver = later.counts.applications.carriedOver?.[column] ?? null;
    return { column, carriedForward, carriedOver, matches: carriedForward === null || carriedOver === null ? null : carriedForward === carriedOver };
  });
  const known = columns.filter((c) => c.matches !== null);
  return {
    fromYear: earlier.year,
    toYear: later.year,
    fromReportId: earlier.reportId,
    toReportId: later.reportId,
    matches: known.length === 0 ? null : known.every((c) => c.matches),
    columns,
  };
}

/** An agency's page, read on one snapshot: an ingest committing meanwhile cannot mix two states into it. */
export function agencyDetail(db: Db, id: number): AgencyDetail | null {
  return readSnapshot(db, () => readAgencyDetail(db, id));
}

function readAgencyDetail(db: Db, id: number): AgencyDetail | null {
  const agency = db.select(agencyColumns).from(agencies).where(eq(agencies.id, id)).get();
  if (!agency) return null;
  const all = db
    .select({
      id: reports.id,
      year: reports.year,
      isCurrent: reports.isCurrent,
      formatVersion: reports.formatVersion,
      fileName: reports.fileName,
      errors: reports.errorCount,
      warnings: reports.warningCount,
      infos: reports.infoCount,
    })
    .from(reports)
    .where(eq(reports.agencyId, id))
    .orderBy(asc(reports.year), asc(reports.id))
    .all();
  const current = all.filter((r) => r.isCurrent);
  const counts = countsByReport(db, current.map((r) => r.id));
  const years = current.map(({ id: reportId, isCurrent: _, ...r }): AgencyYear => {
    const reportCounts = counts.get(reportId) ?? emptyCounts();
    const revisions = all.filter((other) => other.year === r.year && !other.isCurrent).length;
    return { ...r, reportId, revisions, counts: reportCounts, measures: deriveMeasures(reportCounts) };
  });
  const reconciliation = years.slice(1).flatMap((later, i) => {
    const earlier = years[i]!;
    return later.year === earlier.year + 1 ? [reconcile(earlier, later)] : [];
  });
  const published = new Set(years.map((y) => y.year));
  const first = years[0]?.year ?? 0;
  const last = years.at(-1)?.year ?? -1;
  const missingYears = Array.from({ length: Math.max(0, last - first + 1) }, (_, i) => first + i).filter((y) => !published.has(y));
  const aliases = db.select({ name: agencyAliases.name }).from(agencyAliases).where(eq(agencyAliases.agencyId, id)).orderBy(asc(agencyAliases.name)).all().map((a) => a.name);
  return { agency, aliases, years, reconciliation, missingYears };
}

// ── One report ───────────────────────────────────────────────────────────────────────────────────────────

export type ReportMeta = {
  id: number;
  agencyId: number;
  year: number;
  formatVersion: FormatVersion;
  periodStart: string;
  periodEnd: string;
  isCurrent: boolean;
  fileName: string;
  sha256: string;
  mediaType: string;
  pages: number | null;
  ingestedAt: string;
  errorCount: number;
  warningCount: number;
  infoCount: number;
};

export type ReportDetail = {
  report: ReportMeta;
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

export function reportMeta(db: Db, id: number): ReportMeta | undefined {
  return db.select().from(reports).where(eq(reports.id, id)).get();
}

function reportIssuesOf(db: Db, id: number): StoredIssue[] {
  return db
    .select()
    .from(reportIssues)
    .where(eq(reportIssues.reportId, id))
    .orderBy(asc(reportIssues.id))
    .all()
    .map(({ id: issueId, code, severity, message, section, row, column }) => {
      const where: Issue["where"] = { section: section as Issue["where"]["section"] };
      if (row !== null) where.row = row;
      if (column !== null) where.column = column;
      return { id: issueId, code, severity, message, where };
    });
}

/** One report page, read on one snapshot so that an ingest committing meanwhile cannot tear it. */
export function reportDetail(db: Db, id: number): ReportDetail | null {
  return readSnapshot(db, () => readReportDetail(db, id));
}

function readReportDetail(db: Db, id: number): ReportDetail | null {
  const report = reportMeta(db, id);
  if (!report) return null;
  const agency = db.select(agencyColumns).from(agencies).where(eq(agencies.id, report.agencyId)).get()!;
  const counts = countsByReport(db, [id]).get(id) ?? emptyCounts();
  const proactive = db
    .select({ key: proactiveCells.key, item: proactiveCells.item, category: proactiveCells.category, metric: proactiveCells.metric, value: proactiveCells.value, unit: proactiveCells.unit, raw: proactiveCells.raw })
    .from(proactiveCells)
    .where(eq(proactiveCells.reportId, id))
    .all();
  const sections = db
    .select({ overview: reportSections.overview, problems: reportSections.problems, other: reportSections.other })
    .from(reportSections)
    .where(eq(reportSections.reportId, id))
    .get() ?? { overview: null, problems: null, other: null };
  const revisions = db
    .select({
      id: reports.id,
      fileName: reports.fileName,
      sha256: reports.sha256,
      mediaType: reports.mediaType,
      ingestedAt: reports.ingestedAt,
      isCurrent: reports.isCurrent,
      currentReason: reports.currentReason,
      chosenAt: reports.chosenAt,
      agencyName: reports.agencyName,
      signedOn: reports.signedOn,
      publishedOn: reports.publishedOn,
      revisionMark: reports.revisionMark,
    })
    .from(reports)
    .where(and(eq(reports.agencyId, report.agencyId), eq(reports.year, report.year)))
    .orderBy(asc(reports.id))
    .all();
  const otherYears = db
    .select({ year: reports.year, reportId: reports.id })
    .from(reports)
    .where(and(eq(reports.agencyId, report.agencyId), eq(reports.isCurrent, true)))
    .orderBy(asc(reports.year))
    .all();
  return { report, agency, counts, measures: deriveMeasures(counts), proactive, sections, issues: reportIssuesOf(db, id), revisions, otherYears };
}

/** The original file stored for a sha256, for /sources/<sha256>. */
export function sourceFile(db: Db, sha256: string): { fileName: string; mediaType: string } | null {
  return db.select({ fileName: reports.fileName, mediaType: reports.mediaType }).from(reports).where(eq(reports.sha256, sha256)).get() ?? null;
}

// ── Compare ──────────────────────────────────────────────────────────────────────────────────────────────

export type CompareQuery = { agencyIds: number[]; region: RegionFilter; years: number[]; measure: string };

export type CompareSeries = AgencySummary & { values: Record<number, Count>; reportIds: Record<number, number> };
export type PooledValue = { year: number | "all"; reports: number; agencies: number; value: Count };
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

type ReportGroup = AgencySummary & { year: number; reportId: number };

/** The current report of each agency and year matching the filter, with its agency. */
function reportGroups(db: Db, filter: ReportFilter): ReportGroup[] {
  return db
    .select({ ...agencyColumns, year: reports.year, reportId: max(reports.id).mapWith(Number) })
    .from(reports)
    .innerJoin(agencies, eq(agencies.id, reports.agencyId))
    .where(and(...reportConditions(filter)))
    .groupBy(reports.agencyId, reports.year)
    .all() as ReportGroup[];
}

/** Most selected agencies a comparison by id takes. */
export const MAX_COMPARE_AGENCIES = 50;

/**
 * A measure for chosen agencies (by id) or for every agency of a region, over years: each agency's values,
 * the pooled value of the group (rates from summed counts) and the distribution over the agencies. Series are
 * sorted by the value of the last year, highest first, agencies without one last.
 */
type CompareScope = { mode: Comparison["mode"]; agencyIds: number[]; years: number[]; scoped: ReportFilter; inputs: MeasureInputs };

function compareScope(db: Db, query: CompareQuery): CompareScope {
  const mode = query.agencyIds.length ? "agencies" : "region";
  const agencyIds = query.agencyIds.slice(0, MAX_COMPARE_AGENCIES);
  const filter: ReportFilter = mode === "agencies" ? { agencyIds } : { ...query.region };
  const years = query.years.length ? [...new Set(query.years)].sort((a, b) => a - b) : availableYears(db, filter);
  // No year chosen means every year: left out of the filter, the grouping by agency and year follows the
  // reports_agency_current_year index instead of sorting every report in a temporary B-tree.
  const scoped = query.years.length ? { ...filter, years } : filter;
  return { mode, agencyIds, years, scoped, inputs: measureInputs(query.measure) };
}

/** A comparison, read on one snapshot (its series, pooled values and distribution agree). */
export function compare(db: Db, query: CompareQuery): Comparison {
  return readSnapshot(db, () => readCompare(db, query));
}

function readCompare(db: Db, query: CompareQuery): Comparison {
  const { mode, agencyIds, years, scoped, inputs } = compareScope(db, query);
  const perAgencyYear = years.length ? summedCounts(db, scoped, inputs, "agencyYear") : new Map<string, MatrixCounts>();
  const groups = years.length ? reportGroups(db, scoped) : [];

  const series = new Map<number, CompareSeries>();
  for (const agency of mode === "agencies" ? agenciesByIds(db, agencyIds) : []) series.set(agency.id, { ...agency, values: {}, reportIds: {} });
  for (const { year, reportId, ...agency } of groups) {
    const member = series.get(agency.id) ?? { ...agency, values: {}, reportIds: {} };
    member.values[year] = measureValue(perAgencyYear.get(`${agency.id}:${year}`) ?? emptyCounts(), query.measure);
    member.reportIds[year] = reportId;
    series.set(agency.id, member);
  }
  const lastYear = years.at(-1);
  const sorted = [...series.values()].sort((a, b) =>
    compareByValue("desc")({ ...a, value: lastYear === undefined ? null : (a.values[lastYear] ?? null) }, { ...b, value: lastYear === undefined ? null : (b.values[lastYear] ?? null) }),
  );
  return {
    mode,
    measure: query.measure,
    label: measureLabel(query.measure),
    isRate: isRateMeasure(query.measure),
    years,
    series: sorted,
    pooled: pooledValues(db, scoped, inputs, query.measure, groups, years),
    distribution: years.map((year) => ({ year, distribution: distribution(sorted.map((s) => s.values[year] ?? null)) })),
  };
}

export type CompareValueRow = AgencySummary & { year: number; reportId: number; value: Count };

/**
 * The rows of a comparison's CSV (one per agency and year with a report), in the order of `compare()`'s series
 * and years, without holding the comparison: the order is computed from each agency's value for the last year
 * alone, then the rows are read agency by agency in batches.
 */
export function* compareValueRows(db: Db, query: CompareQuery, batchSize = 2000): Generator<CompareValueRow> {
  const { years, scoped, inputs } = compareScope(db, query);
  const lastYear = years.at(-1);
  if (lastYear === undefined) return;
  // Measures of report_totals' cells (every derived one) come computed from SQL, one value a row; others from the summed cells.
  const valueSql = summedMeasureSql(query.measure);
  const order = seriesOrder(db, scoped, inputs, query.measure, lastYear);
  for (let start = 0; start < order.length; start += batchSize) {
    const batch = order.slice(start, start + batchSize);
    const batchFilter: ReportFilter = { ...scoped, agencyIds: batch };
    const counts = valueSql ? null : summedCounts(db, batchFilter, inputs, "agencyYear");
    // Raw rows, ordered by agency and year: drizzle's mapping of 10⁵ objects was a third of the time.
    const base = db
      .select({ ...agencyColumns, year: reports.year, reportId: max(reports.id), ...(valueSql ? { value: valueSql } : {}) })
      .from(reports)
      .innerJoin(agencies, eq(agencies.id, reports.agencyId))
      .$dynamic();
    const groups = (valueSql ? base.innerJoin(reportTotals, eq(reportTotals.reportId, reports.id)) : base)
      .where(and(...reportConditions(batchFilter)))
      .groupBy(reports.agencyId, reports.year)
      .orderBy(reports.agencyId, reports.year);
    const byAgency = new Map<number, unknown[][]>();
    for (const row of rawRows(db, groups)) {
      const list = byAgency.get(row[0] as number);
      if (list) list.push(row);
      else byAgency.set(row[0] as number, [row]);
    }
    for (const id of batch) {
      for (const [, name, province, city, county, regionCode, year, reportId, computed] of byAgency.get(id) ?? []) {
        const value = counts ? measureValue(counts.get(`${id}:${year}`) ?? emptyCounts(), query.measure) : ((computed as Count) ?? null);
        yield { id, name, province, city, county, regionCode, year, reportId, value } as CompareValueRow;
      }
    }
  }
}

/** Each agency's value of a measure over the filtered reports: computed in SQL where the measure has SQL. */
function agencyValues(db: Db, filter: ReportFilter, inputs: MeasureInputs, measure: string): Map<number, Count> {
  const valueSql = summedMeasureSql(measure);
  if (!valueSql) return new Map([...numberKeyed(summedCounts(db, filter, inputs, "agency"))].map(([id, counts]) => [id, measureValue(counts, measure)]));
  const query = db
    .select({ id: reports.agencyId, value: valueSql })
    .from(reports)
    .innerJoin(reportTotals, eq(reportTotals.reportId, reports.id))
    .where(and(...reportConditions(filter)))
    .groupBy(reports.agencyId);
  return new Map(rawRows(db, query) as [number, Count][]);
}

/** The ids of the agencies with a report in the scope, as `compare()` sorts its series (agencies without rows left out). */
function seriesOrder(db: Db, scoped: ReportFilter, inputs: MeasureInputs, measure: string, lastYear: number): number[] {
  // The years of the scope end with lastYear, so an agency has a value for it when its latest report is of it.
  const members = db
    .select({ id: reports.agencyId, name: agencies.name, latest: max(reports.year) })
    .from(reports)
    .innerJoin(agencies, eq(agencies.id, reports.agencyId))
    .where(and(...reportConditions(scoped)))
    .groupBy(reports.agencyId);
  const lastValues = agencyValues(db, { ...scoped, years: [lastYear] }, inputs, measure);
  const ranked = (rawRows(db, members) as [number, string, number][]).map(([id, name, latest]) => ({
    id,
    name,
    value: latest === lastYear ? (lastValues.get(id) ?? null) : null,
  }));
  return ranked.sort(compareByValue("desc")).map((agency) => agency.id);
}

function pooledValues(db: Db, filter: ReportFilter, inputs: MeasureInputs, measure: string, groups: ReportGroup[], years: number[]): PooledValue[] {
  if (years.length === 0) return [];
  const byYear = numberKeyed(summedCounts(db, filter, inputs, "year"));
  const membersByYear = new Map<number, number>(years.map((year) => [year, 0]));
  for (const group of groups) membersByYear.set(group.year, (membersByYear.get(group.year) ?? 0) + 1);
  // An agency has one current report a year, so reports and agencies are the same count within a year.
  const perYear = years.map((year): PooledValue => {
    const members = membersByYear.get(year) ?? 0;
    return { year, reports: members, agencies: members, value: measureValue(byYear.get(year) ?? emptyCounts(), measure) };
  });
  const agenciesOverall = new Set(groups.map((g) => g.id)).size;
  perYear.push({ year: "all", reports: groups.length, agencies: agenciesOverall, value: measureValue(sumCounts([...byYear.values()]), measure) });
  return perYear;
}

// ── Coverage ─────────────────────────────────────────────────────────────────────────────────────────────

/** A published report: its id, its error and warning count, and whether it carries the filter's issue code. */
export type CoverageCell = { reportId: number; flags: number; hasIssue: boolean };
export type CoverageQuery = RegionFilter & { issue?: string; page: number; pageSize: number };
export type CoverageRow = AgencySummary & { byYear: Record<number, CoverageCell>; published: number };
export type Coverage = Page<CoverageRow> & { years: number[]; reportsPerYear: Record<number, number> };

/**
 * Which agencies of a region published a report for which year (every year from the first to the last), read
 * on one snapshot.
 */
export function coverage(db: Db, query: CoverageQuery): Coverage {
  return readSnapshot(db, () => readCoverage(db, query));
}

/** With an issue code, only the agencies with a current report flagged with it, and those reports marked. */
function readCoverage(db: Db, query: CoverageQuery): Coverage {
  const region: ReportFilter = { province: query.province, city: query.city, county: query.county };
  const filter: ReportFilter = query.issue ? { ...region, issue: query.issue } : region;
  const perYear = db
    .select({ year: reports.year, n: count(reports.id) })
    .from(reports)
    .where(and(...reportConditions(filter)))
    .groupBy(reports.year)
    .all();
  const known = perYear.map((y) => y.year);
  const first = Math.min(...known);
  const years = known.length ? Array.from({ length: Math.max(...known) - first + 1 }, (_, i) => first + i) : [];
  const total = countAgencies(db, filter);
  const page = agencyRowsInOrder(db, filter, namePageIds(db, filter, "asc", query.pageSize, (query.page - 1) * query.pageSize));
  const cells = page.length
    ? db
        .select({
          agencyId: reports.agencyId,
          year: reports.year,
          reportId: reports.id,
          flags: sql<number>`${reports.errorCount} + ${reports.warningCount}`,
          hasIssue: query.issue ? sql<number>`${flaggedWith(query.issue)}` : sql<number>`0`,
        })
        .from(reports)
        .where(and(eq(reports.isCurrent, true), inArray(reports.agencyId, page.map((a) => a.id))))
        .all()
    : [];
  const byAgency = new Map<number, Record<number, CoverageCell>>();
  for (const { agencyId, year, reportId, flags, hasIssue } of cells) byAgency.set(agencyId, { ...byAgency.get(agencyId), [year]: { reportId, flags, hasIssue: Boolean(hasIssue) } });
  const rows = page.map(({ reports: published, years: _, errors: __, warnings: ___, ...agency }): CoverageRow => ({
    ...agency,
    published,
    byYear: byAgency.get(agency.id) ?? {},
  }));
  return { ...pageOf(rows, total, query.page, query.pageSize), years, reportsPerYear: Object.fromEntries(perYear.map((y) => [y.year, y.n])) };
}

// ── Full-text search over the narrative sections ─────────────────────────────────────────────────────────

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

/** How long the statements of one search may run before they stop matching rows. */
export const SEARCH_BUDGET_MS = 2_000;

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
const TRIGRAM = 3;

export function searchTerms(text: string): string[] {
  return text.trim().split(/\s+/u).filter(Boolean).slice(0, 8);
}

/** Each term as an FTS5 phrase, quotes doubled, so no user input is read as FTS5 syntax (AND, NEAR, *, -). */
export function ftsPhrase(terms: string[]): string {
  return terms.map((term) => `"${term.replace(/"/g, '""')}"`).join(" ");
}

function likeSnippet(body: string, terms: string[]): string {
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
  const { value, cutShort } = withinBudget(db, budgetMs, () => searchWithin(db, query));
  return { ...value, cutShort };
}

function searchWithin(db: Db, query: SearchQuery): Omit<SearchResult, "cutShort"> {
  const terms = searchTerms(query.text);
  const { page, pageSize } = query;
  const filter: ReportFilter = { ...query, q: undefined };
  const offset = (page - 1) * pageSize;
  const useFts = terms.every((term) => [...term].length >= TRIGRAM);
  const match = useFts
    ? and(sql`${sectionsFts} MATCH ${ftsPhrase(terms)}`, inTime)!
    : and(inTime, ...terms.map((term) => containsText(sql`${sectionsFts.body}`, term)))!;
  const total = db
    .select({ n: count() })
    .from(sectionsFts)
    .innerJoin(reports, eq(reports.id, sectionsFts.reportId))
    .innerJoin(agencies, eq(agencies.id, reports.agencyId))
    .where(and(match, ...reportConditions(filter)))
    .get()!.n;
  if (useFts) {
    const rows = searchBase(db, filter, match, { ...hitColumns, snippet: sql<string>`snippet(${sectionsFts}, 0, ${MARK_START}, ${MARK_END}, '…', 24)` })
      .orderBy(sql`rank`, asc(reports.id))
      .limit(pageSize)
      .offset(offset)
      .all() as (Omit<SearchHit, "part"> & { part: string })[];
    return { ...pageOf(rows.map((r) => ({ ...r, part: r.part as SectionPart })), total, page, pageSize), mode: "fts" };
  }
  const rows = searchBase(db, filter, match, { ...hitColumns, body: sectionsFts.body })
    .orderBy(desc(reports.year), asc(reports.id), asc(sectionsFts.part))
    .limit(pageSize)
    .offset(offset)
    .all() as (Omit<SearchHit, "part" | "snippet"> & { part: string; body: string })[];
  const hits = rows.map(({ body, ...r }) => ({ ...r, part: r.part as SectionPart, snippet: likeSnippet(body, terms) }));
  return { ...pageOf(hits, total, page, pageSize), mode: "like" };
}

// ── Bulk export ──────────────────────────────────────────────────────────────────────────────────────────

export const EXPORT_TABLES = {
  agencies,
  reports,
  application_rows: applicationRows,
  review_rows: reviewRows,
  proactive_cells: proactiveCells,
  report_sections: reportSections,
  report_issues: reportIssues,
} as const;
export type ExportTable = keyof typeof EXPORT_TABLES;

/** A table's columns (as named in SQLite) and its rows, read one at a time. */
export function tableRows(db: Db, table: ExportTable): { columns: string[]; rows: Iterable<Record<string, unknown>> } {
  const { sql: text, params } = db.select().from(EXPORT_TABLES[table]).toSQL();
  const statement = db.$client.prepare(text);
  return { columns: statement.columns().map((c) => c.name), rows: statement.iterate(...params) as Iterable<Record<string, unknown>> };
}
