import { and, asc, count, desc, eq, inArray, isNotNull, type SQL, sql } from "drizzle-orm";
import { deriveMeasures, type MatrixCounts, measureInputs } from "../../../lib/report/measures";
import {
  type AgencyDetail,
  type AgencyListQuery,
  type AgencyListRow,
  type AgencySort,
  type AgencySummary,
  type AgencyYear,
  type CrawledColumn,
  LIST_MEASURES,
  type ListMeasure,
  type SortDirection,
} from "../../../lib/store/types";
import { type AgencyBaseRow, compareByValue, missingYears, reconciliations, withMeasures } from "../../queries/agencies";
import { type Page, pageOf, REGION_LEVELS, type RegionLevel, type ReportFilter } from "../../queries/common";
import { ALL_INPUTS, emptyCounts, mergeInputs, numberKeyed } from "../../queries/counts";
import { agencies, agencyAliases, agencyTotals, regionYearAgencies, reportProvenance, reports, reportTotals } from "../schema";
import { agencyColumns, agencyConditions, agencyMatches, oneYearLines, onlyCurrentReports, type PgRead, regionYearSum, reportConditions } from "./common";
import { agencyMeasureSql, summedCounts, summedMeasureSql } from "./counts";

/** The agencies list and one agency's page on PostgreSQL: the pair of db/queries/agencies.ts. */

const LIST_INPUTS = mergeInputs(LIST_MEASURES.map(measureInputs));

const flagCount = sql<number>`sum(${reports.errorCount} + ${reports.warningCount})`;

function agencyRowsQuery(db: PgRead, filter: ReportFilter) {
  return db
    .select({
      ...agencyColumns,
      reports: count(reports.id),
      // SQLite's group_concat(year)
      years: sql<string>`string_agg(${reports.year}::text, ',')`,
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
      // Pinyin order (db/pinyin.ts): the key compared by code point, as SQLite compares it, whatever the database's collation.
      return [by(sql`${agencies.nameSortKey} COLLATE "C"`), by(agencies.regionCode), by(agencies.id)];
  }
}

export async function namePageIds(db: PgRead, filter: ReportFilter, dir: SortDirection, limit: number, offset: number): Promise<number[]> {
  const rows = await db
    .select({ id: agencies.id })
    .from(agencies)
    .where(and(...agencyMatches(db, filter)))
    .orderBy(...sqlOrder("name", dir))
    .limit(limit)
    .offset(offset);
  return rows.map((row) => row.id);
}

const isMeasureSort = (sort: AgencySort): sort is ListMeasure => (LIST_MEASURES as readonly string[]).includes(sort);

export async function countAgencies(db: PgRead, filter: ReportFilter): Promise<number> {
  const lines = oneYearLines(filter);
  if (lines) return (await db.select({ n: regionYearSum }).from(regionYearAgencies).where(lines))[0]?.n ?? 0;
  return (
    await db
      .select({ n: count() })
      .from(agencies)
      .where(and(...agencyMatches(db, filter)))
  )[0]!.n;
}

/** One page of the agencies list; the caller reads it on one snapshot. */
export async function listAgencies(db: PgRead, query: AgencyListQuery): Promise<Page<AgencyListRow>> {
  const { page, pageSize } = query;
  // The count beside the page's reads: started together on a snapshot's pipelined connection.
  const [total, [rows, counts]] = await Promise.all([countAgencies(db, query), pageRows(db, query)]);
  return pageOf(withMeasures(rows, counts), total, page, pageSize);
}

/** The page's rows and their summed counts: the two read together once the page's ids are known. */
async function pageRows(db: PgRead, query: AgencyListQuery): Promise<[AgencyBaseRow[], Map<number, MatrixCounts>]> {
  const { sort, dir, page, pageSize } = query;
  const offset = (page - 1) * pageSize;
  const counted = async (ids: number[]) =>
    ids.length ? numberKeyed(await summedCounts(db, { ...query, agencyIds: ids }, LIST_INPUTS, "agency")) : new Map<number, MatrixCounts>();
  const ids = isMeasureSort(sort)
    ? await measureSortedIds(db, query, sort, dir, { limit: pageSize, offset })
    : sort === "name"
      ? await namePageIds(db, query, dir, pageSize, offset)
      : null;
  if (ids) return Promise.all([agencyRowsInOrder(db, query, ids), counted(ids)]);
  const rows: AgencyBaseRow[] = await agencyRowsQuery(db, query)
    .orderBy(...sqlOrder(sort, dir))
    .limit(pageSize)
    .offset(offset);
  return [rows, await counted(rows.map((row) => row.id))];
}

export async function agencyRowsInOrder(db: PgRead, filter: ReportFilter, ids: number[]): Promise<AgencyBaseRow[]> {
  if (ids.length === 0) return [];
  const byId = new Map((await agencyRowsQuery(db, { ...filter, agencyIds: ids })).map((row) => [row.id, row]));
  return ids.map((id) => byId.get(id)!);
}

async function measureSortedIds(
  db: PgRead,
  filter: ReportFilter,
  sort: ListMeasure,
  dir: SortDirection,
  page: { limit: number; offset: number },
): Promise<number[]> {
  const valued = onlyCurrentReports(filter)
    ? db
        .select({ id: agencyTotals.agencyId, value: agencyMeasureSql(sort)!.as("value") })
        .from(agencyTotals)
        .as("valued")
    : db
        .select({ id: reports.agencyId, value: summedMeasureSql(sort)!.as("value") })
        .from(reports)
        .innerJoin(reportTotals, eq(reportTotals.reportId, reports.id))
        .where(and(...reportConditions(filter)))
        .groupBy(reports.agencyId)
        .as("valued");
  const onAgencies = onlyCurrentReports(filter) ? [...agencyConditions(filter), ...(filter.agencyIds ? [inArray(agencies.id, filter.agencyIds)] : [])] : [];
  const by = dir === "asc" ? asc : desc;
  const rows = await db
    .select({ id: valued.id })
    .from(valued)
    .innerJoin(agencies, eq(agencies.id, valued.id))
    .where(and(...onAgencies))
    .orderBy(sql`${valued.value} IS NULL`, by(valued.value), asc(agencies.name), asc(agencies.id))
    .limit(page.limit)
    .offset(page.offset);
  return rows.map((row) => row.id);
}

export async function allAgencies(db: PgRead, filter: ReportFilter, sort: AgencySort = "name", dir: SortDirection = "asc"): Promise<AgencyListRow[]> {
  const counts = async () => numberKeyed(await summedCounts(db, filter, LIST_INPUTS, "agency"));
  if (!isMeasureSort(sort)) return withMeasures(await agencyRowsQuery(db, filter).orderBy(...sqlOrder(sort, dir)), await counts());
  const rows = withMeasures(await agencyRowsQuery(db, filter), await counts());
  const byValue = compareByValue(dir);
  return rows.sort((a, b) => byValue({ ...a, value: a.measures[sort] }, { ...b, value: b.measures[sort] }));
}

export async function agenciesByIds(db: PgRead, ids: number[]): Promise<AgencySummary[]> {
  if (ids.length === 0) return [];
  return db.select(agencyColumns).from(agencies).where(inArray(agencies.id, ids)).orderBy(asc(agencies.name), asc(agencies.id));
}

/** One agency's page; the caller reads it on one snapshot. */
export async function agencyDetail(db: PgRead, id: number): Promise<AgencyDetail | null> {
  // Every read started together (one round trip on a snapshot's pipelined connection): the counts of the agency's
  // current reports are read by agency, the same reports as by their ids.
  const [[agency], all, counts, aliases, columns] = await Promise.all([
    db.select(agencyColumns).from(agencies).where(eq(agencies.id, id)),
    agencyReports(db, id),
    summedCounts(db, { agencyIds: [id] }, ALL_INPUTS, "report").then(numberKeyed),
    aliasesOf(db, id),
    crawledColumns(db, id),
  ]);
  if (!agency) return null;
  const current = all.filter((r) => r.isCurrent);
  const years = current.map(({ id: reportId, isCurrent: _, ...r }): AgencyYear => {
    const reportCounts = counts.get(reportId) ?? emptyCounts();
    const revisions = all.filter((other) => other.year === r.year && !other.isCurrent).length;
    return { ...r, reportId, revisions, counts: reportCounts, measures: deriveMeasures(reportCounts) };
  });
  return {
    agency,
    aliases,
    years,
    reconciliation: reconciliations(years),
    missingYears: missingYears(years),
    columns,
  };
}

function agencyReports(db: PgRead, id: number) {
  return db
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
    .orderBy(asc(reports.year), asc(reports.id));
}

export async function crawledColumns(db: PgRead, agency: number): Promise<CrawledColumn[]> {
  const rows = await db
    .select({ url: reportProvenance.columnUrl, reports: sql<number>`count(*)`, lastFetched: sql<string>`max(${reportProvenance.readAt})` })
    .from(reportProvenance)
    .innerJoin(reports, eq(reports.id, reportProvenance.reportId))
    .where(and(eq(reports.agencyId, agency), isNotNull(reportProvenance.columnUrl)))
    .groupBy(reportProvenance.columnUrl)
    .orderBy(desc(sql`count(*)`), asc(reportProvenance.columnUrl));
  return rows.map((row) => ({ ...row, url: row.url! }));
}

export async function aliasesOf(db: PgRead, agency: number): Promise<string[]> {
  const rows = await db.select({ name: agencyAliases.name }).from(agencyAliases).where(eq(agencyAliases.agencyId, agency)).orderBy(asc(agencyAliases.name));
  return rows.map((a) => a.name);
}
