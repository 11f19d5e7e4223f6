import { and, eq, max } from "drizzle-orm";
import {
  type Count,
  distribution,
  isRateMeasure,
  type MatrixCounts,
  type MeasureInputs,
  measureInputs,
  measureLabel,
  measureParts,
  measureValue,
  sumCounts,
} from "../../lib/report/measures";
import {
  type AgencySummary,
  type CompareQuery,
  type CompareSeries,
  type CompareValueRow,
  type Comparison,
  MAX_COMPARE_AGENCIES,
  type PooledValue,
} from "../../lib/store/types";
import { type Db, readSnapshot } from "../client";
import { agencies, reports, reportTotals } from "../schema";
import { agenciesByIds, compareByValue } from "./agencies";
import { agencyColumns, type ReportFilter, rawRows, reportConditions } from "./common";
import { emptyCounts, numberKeyed, summedCounts, summedMeasureSql, summedPartsSql } from "./counts";
import { availableYears } from "./facets";

// ── Compare ──────────────────────────────────────────────────────────────────────────────────────────────

export type ReportGroup = AgencySummary & { year: number; reportId: number };

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

/**
 * A measure for chosen agencies (by id) or for every agency of a region, over years: each agency's values,
 * the pooled value of the group (rates from summed counts) and the distribution over the agencies. Series are
 * sorted by the value of the last year, highest first, agencies without one last.
 */
export type CompareScope = { mode: Comparison["mode"]; agencyIds: number[]; years: number[]; scoped: ReportFilter; inputs: MeasureInputs };

function compareScope(db: Db, query: CompareQuery): CompareScope {
  const mode = query.agencyIds.length ? "agencies" : "region";
  const agencyIds = query.agencyIds.slice(0, MAX_COMPARE_AGENCIES);
  const filter: ReportFilter = mode === "agencies" ? { agencyIds } : { ...query.region };
  const ranged = query.from !== undefined || query.to !== undefined;
  const inRange = (year: number) => (query.from === undefined || year >= query.from) && (query.to === undefined || year <= query.to);
  const years = query.years.length ? [...new Set(query.years)].sort((a, b) => a - b) : availableYears(db, filter).filter(inRange);
  // No year chosen means every year: left out of the filter, the grouping by agency and year follows the
  // reports_agency_current_year index instead of sorting every report in a temporary B-tree.
  const scoped = query.years.length || ranged ? { ...filter, years } : filter;
  return { mode, agencyIds, years, scoped, inputs: measureInputs(query.measure) };
}

/** A comparison, read on one snapshot (its series, pooled values and distribution agree). */
export function compare(db: Db, query: CompareQuery): Comparison {
  return readSnapshot(db, () => readCompare(db, query));
}

function readCompare(db: Db, query: CompareQuery): Comparison {
  const scope = compareScope(db, query);
  const { mode, agencyIds, years, scoped, inputs } = scope;
  const perAgencyYear = years.length ? summedCounts(db, scoped, inputs, "agencyYear") : new Map<string, MatrixCounts>();
  const groups = years.length ? reportGroups(db, scoped) : [];
  const chosen = mode === "agencies" ? agenciesByIds(db, agencyIds) : [];
  const byYear = years.length ? numberKeyed(summedCounts(db, scoped, inputs, "year")) : new Map<number, MatrixCounts>();
  return assembleComparison(query, scope, { perAgencyYear, groups, chosen, byYear });
}

/** What a comparison is made of, read from either store. */
export type ComparisonParts = {
  perAgencyYear: Map<string, MatrixCounts>;
  groups: ReportGroup[];
  chosen: AgencySummary[];
  byYear: Map<number, MatrixCounts>;
};

/** The comparison from its parts: the series sorted by the last year's value, the pooled values, the distribution. */
export function assembleComparison(query: CompareQuery, scope: CompareScope, parts: ComparisonParts): Comparison {
  const { mode, years } = scope;
  const { perAgencyYear, groups } = parts;
  const series = new Map<number, CompareSeries>();
  for (const agency of parts.chosen) series.set(agency.id, { ...agency, values: {}, reportIds: {} });
  for (const { year, reportId, ...agency } of groups) {
    const member = series.get(agency.id) ?? { ...agency, values: {}, reportIds: {} };
    const counts = perAgencyYear.get(`${agency.id}:${year}`) ?? emptyCounts();
    member.values[year] = measureValue(counts, query.measure);
    member.reportIds[year] = reportId;
    const measureParted = measureParts(counts, query.measure);
    if (measureParted) (member.parts ??= {})[year] = measureParted;
    series.set(agency.id, member);
  }
  const lastYear = years.at(-1);
  const sorted = [...series.values()].sort((a, b) =>
    compareByValue("desc")(
      { ...a, value: lastYear === undefined ? null : (a.values[lastYear] ?? null) },
      { ...b, value: lastYear === undefined ? null : (b.values[lastYear] ?? null) },
    ),
  );
  return {
    mode,
    measure: query.measure,
    label: measureLabel(query.measure),
    isRate: isRateMeasure(query.measure),
    years,
    series: sorted,
    pooled: pooledValues(parts.byYear, query.measure, groups, years),
    distribution: years.map((year) => ({ year, distribution: distribution(sorted.map((s) => s.values[year] ?? null)) })),
  };
}

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
  const partsSql = valueSql ? summedPartsSql(query.measure) : null;
  const order = seriesOrder(db, scoped, inputs, query.measure, lastYear);
  for (let start = 0; start < order.length; start += batchSize) {
    const batch = order.slice(start, start + batchSize);
    const batchFilter: ReportFilter = { ...scoped, agencyIds: batch };
    const counts = valueSql ? null : summedCounts(db, batchFilter, inputs, "agencyYear");
    // Raw rows, ordered by agency and year: drizzle's mapping of 10⁵ objects was a third of the time.
    const base = db
      .select({ ...agencyColumns, year: reports.year, reportId: max(reports.id), ...(valueSql ? { value: valueSql } : {}), ...(partsSql ?? {}) })
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
      for (const [, name, province, city, county, regionCode, year, reportId, computed, numerator, denominator] of byAgency.get(id) ?? []) {
        const cells = counts ? (counts.get(`${id}:${year}`) ?? emptyCounts()) : null;
        const value = cells ? measureValue(cells, query.measure) : ((computed as Count) ?? null);
        const parts = cells ? measureParts(cells, query.measure) : partsSql ? { numerator: numerator as Count, denominator: denominator as Count } : null;
        yield { id, name, province, city, county, regionCode, year, reportId, value, ...parts } as CompareValueRow;
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

function pooledValues(byYear: Map<number, MatrixCounts>, measure: string, groups: ReportGroup[], years: number[]): PooledValue[] {
  if (years.length === 0) return [];
  const membersByYear = new Map<number, number>(years.map((year) => [year, 0]));
  for (const group of groups) membersByYear.set(group.year, (membersByYear.get(group.year) ?? 0) + 1);
  // An agency has one current report a year, so reports and agencies are the same count within a year.
  const perYear = years.map((year): PooledValue => {
    const members = membersByYear.get(year) ?? 0;
    const counts = byYear.get(year) ?? emptyCounts();
    return { year, reports: members, agencies: members, value: measureValue(counts, measure), ...measureParts(counts, measure) };
  });
  const agenciesOverall = new Set(groups.map((g) => g.id)).size;
  const all = sumCounts([...byYear.values()]);
  perYear.push({ year: "all", reports: groups.length, agencies: agenciesOverall, value: measureValue(all, measure), ...measureParts(all, measure) });
  return perYear;
}
