import { existsSync } from "node:fs";
import { and, eq, inArray, isNull, type SQL, sql } from "drizzle-orm";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";
import { type DatabaseState, NO_REGION, type Page, type RegionFilter, type ReportFilter } from "../../lib/store/types";
import { type Db, databasePath, openReadonlyDb } from "../client";
import migrationJournal from "../migrations/meta/_journal.json";
import { agencies, regionYearAgencies, reportIssues, reports } from "../schema";

export type { Page, RegionFilter, ReportFilter };

/** What the query files share: the web process's connection, the filters every query applies, pages of rows. */

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

export const REGION_LEVELS = ["province", "city", "county"] as const;
export type RegionLevel = (typeof REGION_LEVELS)[number];

export function regionConditions(filter: RegionFilter, table: typeof agencies | typeof regionYearAgencies = agencies): SQL[] {
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
export function countedByRegionYear(filter: ReportFilter): boolean {
  return !filter.q && !filter.issue && !filter.agencyIds && !filter.reportIds && !filter.revisions;
}

export const regionYearSum = sql<number>`sum(${regionYearAgencies.agencies})`.mapWith(Number);

/** The lines of region_year_agencies for a filter of one year it answers, or null when it cannot. */
export function oneYearLines(filter: ReportFilter): SQL | null {
  if (!countedByRegionYear(filter) || filter.years?.length !== 1) return null;
  return and(eq(regionYearAgencies.year, filter.years[0]!), ...regionConditions(filter, regionYearAgencies))!;
}

/** `%` and `_` typed by a user are literal characters, not wildcards. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

export function containsText(column: SQL | typeof agencies.name, text: string): SQL {
  return sql`${column} LIKE ${`%${escapeLike(text)}%`} ESCAPE '\\'`;
}

/** Conditions on the agency itself: its region and a part of its name. */
export function agencyConditions(filter: ReportFilter): SQL[] {
  return [...regionConditions(filter), ...(filter.q ? [containsText(agencies.name, filter.q)] : [])];
}

/** An agency id column limited to the filter's region and name (one subquery on agencies) and chosen agencies. */
export function agencyIdConditions(column: SQLiteColumn, filter: ReportFilter): SQL[] {
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
export function reportConditions(filter: ReportFilter): SQL[] {
  const conditions: SQL[] = agencyIdConditions(reports.agencyId, { ...filter, agencyIds: undefined });
  if (!filter.revisions) conditions.push(eq(reports.isCurrent, true));
  if (filter.years?.length) {
    // With chosen agencies, the unary + keeps SQLite off the (year, is_current) index: left to itself, a
    // grouping by year walks every current report of those years instead of the agencies' few.
    const yearsIn = sql`+${reports.year} IN (${sql.join(
      filter.years.map((year) => sql`${year}`),
      sql`, `,
    )})`;
    conditions.push(filter.agencyIds ? yearsIn : inArray(reports.year, filter.years));
  }
  if (filter.agencyIds) conditions.push(inArray(reports.agencyId, filter.agencyIds));
  if (filter.reportIds) conditions.push(inArray(reports.id, filter.reportIds));
  if (filter.issue) conditions.push(flaggedWith(filter.issue));
  return conditions;
}

export function flaggedWith(code: string): SQL {
  return sql`${reports.id} IN (SELECT ${reportIssues.reportId} FROM ${reportIssues} WHERE ${reportIssues.code} = ${code})`;
}

/** A filter asking for every current report of its agencies (no year, report or revision condition). */
export function onlyCurrentReports(filter: ReportFilter): boolean {
  const agencyLevel: ReportFilter = { ...filter, province: undefined, city: undefined, county: undefined, q: undefined, agencyIds: undefined };
  return !filter.revisions && reportConditions(agencyLevel).length === 1;
}

/**
 * Conditions on agencies alone: region, name, and a matching report, so no join to group. The report test is
 * IN (subquery), not EXISTS: SQLite 3.51 turns that EXISTS into a join and then counts OFFSET over the joined
 * rows (one per report), skipping agencies on later pages.
 */
export function agencyMatches(db: Db, filter: ReportFilter): SQL[] {
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

// ── Shared by the pages ───────────────────────────────────────────────────────────────────────────────────

export function pageOf<T>(rows: T[], total: number, page: number, pageSize: number): Page<T> {
  return { rows, total, page, pageSize, pageCount: Math.max(1, Math.ceil(total / pageSize)) };
}

export const agencyColumns = {
  id: agencies.id,
  name: agencies.name,
  province: agencies.province,
  city: agencies.city,
  county: agencies.county,
  regionCode: agencies.regionCode,
};

/**
 * Runs a built query and returns its rows as arrays, in the order of its selection: drizzle's own mapping of
 * wide aggregate rows costs more than the query itself at 10⁵ reports.
 */
export function rawRows(db: Db, query: { toSQL(): { sql: string; params: unknown[] } }): unknown[][] {
  const { sql: text, params } = query.toSQL();
  return db.$client
    .prepare(text)
    .raw(true)
    .all(...params) as unknown[][];
}
