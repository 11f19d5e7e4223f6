import { and, eq, inArray, isNull, type SQL, sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/node-postgres";
import type { PgColumn } from "drizzle-orm/pg-core";
import type pg from "pg";
import { NO_REGION, type RegionFilter, type ReportFilter } from "../../../lib/store/types";
import { countedByRegionYear, escapeLike, REGION_LEVELS } from "../../queries/common";
import type { PgDb } from "../client";
import { agencies, regionYearAgencies, reportIssues, reports } from "../schema";

/**
 * What the PostgreSQL query files share: the snapshot, the filters every query applies, the orders that differ
 * from SQLite's. The pair of each is in db/queries/common.ts, named alike; what is pure (pageOf, escapeLike,
 * countedByRegionYear, the region levels) is imported from there.
 */

/** A connection that reads: the pool, or one transaction of a snapshot. */
export type PgRead = Pick<PgDb, "select" | "selectDistinct" | "execute">;

/**
 * Several reads on one snapshot of the database (SQLite's readSnapshot): one REPEATABLE READ READ ONLY transaction
 * on one pooled connection, so an ingest committing meanwhile cannot mix two states into a page.
 *
 * The pool's connections pipeline (db/pg/client.ts): BEGIN is not awaited before the first read, and reads the
 * caller starts together (Promise.all) go to the server together, so a page waits for one round trip per step of
 * its reads instead of one per statement (issue 20: on a busy machine each round trip costs milliseconds). COMMIT is
 * not awaited either: the rows are read once the last read answers, and the connection goes back to the pool when
 * COMMIT does (a read-only transaction has nothing to lose if it fails; the connection is then dropped).
 */
export async function pgSnapshot<T>(db: PgDb, read: (tx: PgRead) => Promise<T>): Promise<T> {
  const client = await db.$client.connect();
  const begun = client.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
  let value: T;
  try {
    [, value] = await Promise.all([begun, read(readerOn(client))]);
  } catch (error) {
    await begun.catch(() => undefined);
    await client.query("ROLLBACK").then(
      () => client.release(),
      (lost: Error) => client.release(lost),
    );
    throw error;
  }
  client.query("COMMIT").then(
    () => client.release(),
    (lost: Error) => client.release(lost),
  );
  return value;
}

/** drizzle over one pooled connection, made once per connection (without the schema: reads need none). */
const readers = new WeakMap<pg.PoolClient, PgRead>();

function readerOn(client: pg.PoolClient): PgRead {
  let reader = readers.get(client);
  if (!reader) readers.set(client, (reader = drizzle(client)));
  return reader;
}

// ── Orders ───────────────────────────────────────────────────────────────────────────────────────────────

/** SQLite sorts NULL first in ASC; PostgreSQL last: an unknown province or city goes first on both. */
export const ascNullsFirst = (column: PgColumn | SQL) => sql`${column} ASC NULLS FIRST`;

// ── Filters (db/queries/common.ts) ───────────────────────────────────────────────────────────────────────

export function regionConditions(filter: RegionFilter, table: typeof agencies | typeof regionYearAgencies = agencies): SQL[] {
  return REGION_LEVELS.flatMap((level) => {
    const value = filter[level];
    if (value === undefined || value === "") return [];
    return [value === NO_REGION ? isNull(table[level]) : eq(table[level], value)];
  });
}

export const regionYearSum = sql<number>`sum(${regionYearAgencies.agencies})`.mapWith(Number);

export function oneYearLines(filter: ReportFilter): SQL | null {
  if (!countedByRegionYear(filter) || filter.years?.length !== 1) return null;
  return and(eq(regionYearAgencies.year, filter.years[0]!), ...regionConditions(filter, regionYearAgencies))!;
}

/**
 * ILIKE: SQLite's LIKE folds ASCII case, PostgreSQL's does not. A text without any letter that has a case (a Chinese
 * name) is matched with LIKE: the same rows, without lowercasing every name it is compared with (ILIKE took 4–14× the
 * time of LIKE over the 21,761 agencies of the 10⁵ benchmark, and the list filtered by name asks it five times).
 */
export function containsText(column: SQL | PgColumn, text: string): SQL {
  const caseless = [...text].every((char) => char.toLowerCase() === char.toUpperCase());
  return sql`${column} ${caseless ? sql`LIKE` : sql`ILIKE`} ${`%${escapeLike(text)}%`} ESCAPE '\\'`;
}

export function agencyConditions(filter: ReportFilter): SQL[] {
  return [...regionConditions(filter), ...(filter.q ? [containsText(agencies.name, filter.q)] : [])];
}

export function agencyIdConditions(column: PgColumn, filter: ReportFilter): SQL[] {
  const conditions: SQL[] = [];
  const onAgencies = agencyConditions(filter);
  if (onAgencies.length) conditions.push(sql`${column} IN (SELECT ${agencies.id} FROM ${agencies} WHERE ${and(...onAgencies)})`);
  if (filter.agencyIds) conditions.push(inArray(column, filter.agencyIds));
  return conditions;
}

/** SQLite's reportConditions without the unary + that steers SQLite's planner (no operator on PostgreSQL). */
export function reportConditions(filter: ReportFilter): SQL[] {
  const conditions: SQL[] = agencyIdConditions(reports.agencyId, { ...filter, agencyIds: undefined });
  if (!filter.revisions) conditions.push(eq(reports.isCurrent, true));
  if (filter.years?.length) conditions.push(inArray(reports.year, filter.years));
  if (filter.agencyIds) conditions.push(inArray(reports.agencyId, filter.agencyIds));
  if (filter.reportIds) conditions.push(inArray(reports.id, filter.reportIds));
  if (filter.issue) conditions.push(flaggedWith(filter.issue));
  return conditions;
}

export function flaggedWith(code: string): SQL {
  return sql`${reports.id} IN (SELECT ${reportIssues.reportId} FROM ${reportIssues} WHERE ${reportIssues.code} = ${code})`;
}

export function onlyCurrentReports(filter: ReportFilter): boolean {
  const agencyLevel: ReportFilter = { ...filter, province: undefined, city: undefined, county: undefined, q: undefined, agencyIds: undefined };
  return !filter.revisions && reportConditions(agencyLevel).length === 1;
}

/** Conditions on agencies alone: region, name, and a matching report (db/queries/common.ts agencyMatches). */
export function agencyMatches(db: PgRead, filter: ReportFilter): SQL[] {
  const reportOnly: ReportFilter = { ...filter, province: undefined, city: undefined, county: undefined, q: undefined };
  const onAgencies = agencyConditions(filter);
  const onReports = reportConditions(reportOnly);
  if (onReports.length <= (filter.revisions ? 0 : 1)) return onAgencies;
  const matching = db
    .select({ agencyId: reports.agencyId })
    .from(reports)
    .where(and(...onReports));
  return [...onAgencies, sql`${agencies.id} IN ${matching}`];
}

export const agencyColumns = {
  id: agencies.id,
  name: agencies.name,
  province: agencies.province,
  city: agencies.city,
  county: agencies.county,
  regionCode: agencies.regionCode,
};
