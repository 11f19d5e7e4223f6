import { and, asc, count, desc, eq, inArray, isNotNull, type SQL, sql } from "drizzle-orm";
import { type Count, deriveMeasures, type MatrixCounts, measureInputs, measureValues } from "../../lib/report/measures";
import { APPLICANT_COLUMNS } from "../../lib/report/schema";
import {
  type AgencyDetail,
  type AgencyListQuery,
  type AgencyListRow,
  type AgencySort,
  type AgencySummary,
  type AgencyYear,
  type ColumnCheck,
  type CrawledColumn,
  LIST_MEASURES,
  type ListMeasure,
  type Reconciliation,
  type SortDirection,
} from "../../lib/store/types";
import { type Db, readSnapshot } from "../client";
import { measureSql } from "../measure-sql";
import { agencies, agencyAliases, agencyTotals, regionYearAgencies, reportProvenance, reports, reportTotals } from "../schema";
import {
  agencyColumns,
  agencyConditions,
  agencyMatches,
  oneYearLines,
  onlyCurrentReports,
  type Page,
  pageOf,
  REGION_LEVELS,
  type RegionLevel,
  type ReportFilter,
  regionYearSum,
  reportConditions,
} from "./common";
import { countsByReport, emptyCounts, mergeInputs, numberKeyed, summedCounts, summedMeasureSql, type TotalsColumn } from "./counts";

// ── Agencies list ────────────────────────────────────────────────────────────────────────────────────────

const LIST_INPUTS = mergeInputs(LIST_MEASURES.map(measureInputs));

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
      // Pinyin order (db/pinyin.ts): the order of the agencies_sort_key index itself, the id ending its entries.
      return [by(agencies.nameSortKey), by(agencies.regionCode), by(agencies.id)];
  }
}

/** One page of agencies by name: walks the name index and stops after the page. */
export function namePageIds(db: Db, filter: ReportFilter, dir: SortDirection, limit: number, offset: number): number[] {
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

export type AgencyBaseRow = AgencySummary & { reports: number; years: string; errors: number; warnings: number };

export function withMeasures(rows: AgencyBaseRow[], counts: Map<number, MatrixCounts>): AgencyListRow[] {
  return rows.map((row) => {
    const summed = counts.get(row.id) ?? emptyCounts();
    const measures = measureValues(summed, LIST_MEASURES);
    const years = row.years
      .split(",")
      .map(Number)
      .sort((a, b) => a - b);
    return { ...row, years: [...new Set(years)], measures };
  });
}

type Ranked = { id: number; name: string; value: Count };

/** Missing values sort last in either direction; ties by name, then id, as in SQL. */
export function compareByValue(dir: SortDirection) {
  return (a: Ranked, b: Ranked): number => {
    if (a.value === null || b.value === null) {
      if (a.value !== b.value) return a.value === null ? 1 : -1;
    } else if (a.value !== b.value) return dir === "asc" ? a.value - b.value : b.value - a.value;
    if (a.name !== b.name) return a.name < b.name ? -1 : 1;
    return a.id - b.id;
  };
}

export function countAgencies(db: Db, filter: ReportFilter): number {
  const lines = oneYearLines(filter);
  if (lines) return db.select({ n: regionYearSum }).from(regionYearAgencies).where(lines).get()?.n ?? 0;
  return db
    .select({ n: count() })
    .from(agencies)
    .where(and(...agencyMatches(db, filter)))
    .get()!.n;
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
  else
    rows = agencyRowsQuery(db, query)
      .orderBy(...sqlOrder(sort, dir))
      .limit(pageSize)
      .offset(offset)
      .all();
  const ids = rows.map((row) => row.id);
  const counts = ids.length ? numberKeyed(summedCounts(db, { ...query, agencyIds: ids }, LIST_INPUTS, "agency")) : new Map<number, MatrixCounts>();
  return pageOf(withMeasures(rows, counts), total, page, pageSize);
}

/** The list rows of the given agencies, in the given order. */
export function agencyRowsInOrder(db: Db, filter: ReportFilter, ids: number[]): AgencyBaseRow[] {
  if (ids.length === 0) return [];
  const byId = new Map(
    agencyRowsQuery(db, { ...filter, agencyIds: ids })
      .all()
      .map((row) => [row.id, row]),
  );
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
  const onAgencies = onlyCurrentReports(filter) ? [...agencyConditions(filter), ...(filter.agencyIds ? [inArray(agencies.id, filter.agencyIds)] : [])] : [];
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
    const rows = agencyRowsQuery(db, filter)
      .orderBy(...sqlOrder(sort, dir))
      .all();
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

// ── One agency ───────────────────────────────────────────────────────────────────────────────────────────

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
  const counts = countsByReport(
    db,
    current.map((r) => r.id),
  );
  const years = current.map(({ id: reportId, isCurrent: _, ...r }): AgencyYear => {
    const reportCounts = counts.get(reportId) ?? emptyCounts();
    const revisions = all.filter((other) => other.year === r.year && !other.isCurrent).length;
    return { ...r, reportId, revisions, counts: reportCounts, measures: deriveMeasures(reportCounts) };
  });
  return {
    agency,
    aliases: aliasesOf(db, id),
    years,
    reconciliation: reconciliations(years),
    missingYears: missingYears(years),
    columns: crawledColumns(db, id),
  };
}

/** Each pair of consecutive years checked: carried forward at the end of one, carried over at the start of the next. */
export function reconciliations(years: AgencyYear[]): Reconciliation[] {
  return years.slice(1).flatMap((later, i) => {
    const earlier = years[i]!;
    return later.year === earlier.year + 1 ? [reconcile(earlier, later)] : [];
  });
}

/** The years between an agency's first and last report with no report. */
export function missingYears(years: AgencyYear[]): number[] {
  const published = new Set(years.map((y) => y.year));
  const first = years[0]?.year ?? 0;
  const last = years.at(-1)?.year ?? -1;
  return Array.from({ length: Math.max(0, last - first + 1) }, (_, i) => first + i).filter((y) => !published.has(y));
}

/** The 年报 columns an agency's reports were crawled from, the most reports first. */
export function crawledColumns(db: Pick<Db, "select">, agency: number): CrawledColumn[] {
  return db
    .select({ url: reportProvenance.columnUrl, reports: sql<number>`count(*)`, lastFetched: sql<string>`max(${reportProvenance.readAt})` })
    .from(reportProvenance)
    .innerJoin(reports, eq(reports.id, reportProvenance.reportId))
    .where(and(eq(reports.agencyId, agency), isNotNull(reportProvenance.columnUrl)))
    .groupBy(reportProvenance.columnUrl)
    .orderBy(desc(sql`count(*)`), asc(reportProvenance.columnUrl))
    .all()
    .map((row) => ({ ...row, url: row.url! }));
}

/** Every spelling an agency was printed under, in name order (db/identity.ts keeps them). */
export function aliasesOf(db: Pick<Db, "select">, agency: number): string[] {
  return db
    .select({ name: agencyAliases.name })
    .from(agencyAliases)
    .where(eq(agencyAliases.agencyId, agency))
    .orderBy(asc(agencyAliases.name))
    .all()
    .map((a) => a.name);
}
