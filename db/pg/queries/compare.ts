import { and, asc, eq, max } from "drizzle-orm";
import { type Count, type MatrixCounts, type MeasureInputs, measureInputs, measureParts, measureValue } from "../../../lib/report/measures";
import { type CompareQuery, type CompareValueRow, type Comparison, MAX_COMPARE_AGENCIES } from "../../../lib/store/types";
import { compareByValue } from "../../queries/agencies";
import type { ReportFilter } from "../../queries/common";
import { assembleComparison, type CompareScope, type ReportGroup } from "../../queries/compare";
import { emptyCounts, numberKeyed } from "../../queries/counts";
import { agencies, reports, reportTotals } from "../schema";
import { agenciesByIds } from "./agencies";
import { agencyColumns, type PgRead, reportConditions } from "./common";
import { summedCounts, summedMeasureSql, summedPartsSql } from "./counts";
import { availableYears } from "./facets";

/** The comparison and its CSV rows on PostgreSQL: the pair of db/queries/compare.ts, whose assembly it imports. */

function reportGroups(db: PgRead, filter: ReportFilter): Promise<ReportGroup[]> {
  return db
    .select({ ...agencyColumns, year: reports.year, reportId: max(reports.id).mapWith(Number) })
    .from(reports)
    .innerJoin(agencies, eq(agencies.id, reports.agencyId))
    .where(and(...reportConditions(filter)))
    .groupBy(reports.agencyId, reports.year, agencies.id) as Promise<ReportGroup[]>;
}

async function compareScope(db: PgRead, query: CompareQuery): Promise<CompareScope> {
  const mode = query.agencyIds.length ? "agencies" : "region";
  const agencyIds = query.agencyIds.slice(0, MAX_COMPARE_AGENCIES);
  const filter: ReportFilter = mode === "agencies" ? { agencyIds } : { ...query.region };
  const ranged = query.from !== undefined || query.to !== undefined;
  const inRange = (year: number) => (query.from === undefined || year >= query.from) && (query.to === undefined || year <= query.to);
  const years = query.years.length ? [...new Set(query.years)].sort((a, b) => a - b) : (await availableYears(db, filter)).filter(inRange);
  const scoped = query.years.length || ranged ? { ...filter, years } : filter;
  return { mode, agencyIds, years, scoped, inputs: measureInputs(query.measure) };
}

/** A comparison; the caller reads it on one snapshot. */
export async function compare(db: PgRead, query: CompareQuery): Promise<Comparison> {
  const scope = await compareScope(db, query);
  const { mode, agencyIds, years, scoped, inputs } = scope;
  // Started together: one round trip on a snapshot's pipelined connection.
  const [perAgencyYear, groups, chosen, byYear] = await Promise.all([
    years.length ? summedCounts(db, scoped, inputs, "agencyYear") : new Map<string, MatrixCounts>(),
    years.length ? reportGroups(db, scoped) : [],
    mode === "agencies" ? agenciesByIds(db, agencyIds) : [],
    years.length ? summedCounts(db, scoped, inputs, "year").then(numberKeyed) : new Map<number, MatrixCounts>(),
  ]);
  return assembleComparison(query, scope, { perAgencyYear, groups, chosen, byYear });
}

/** The comparison's CSV rows in the order of compare()'s series and years, read agency by agency in batches. */
export async function* compareValueRows(db: PgRead, query: CompareQuery, batchSize = 2000): AsyncGenerator<CompareValueRow> {
  const { years, scoped, inputs } = await compareScope(db, query);
  const lastYear = years.at(-1);
  if (lastYear === undefined) return;
  const valueSql = summedMeasureSql(query.measure);
  const partsSql = valueSql ? summedPartsSql(query.measure) : null;
  const order = await seriesOrder(db, scoped, inputs, query.measure, lastYear);
  for (let start = 0; start < order.length; start += batchSize) {
    const batch = order.slice(start, start + batchSize);
    const batchFilter: ReportFilter = { ...scoped, agencyIds: batch };
    const counts = valueSql ? null : await summedCounts(db, batchFilter, inputs, "agencyYear");
    const base = db
      .select({
        ...agencyColumns,
        year: reports.year,
        reportId: max(reports.id).mapWith(Number),
        ...(valueSql ? { value: valueSql.mapWith(Number) } : {}),
        ...(partsSql ?? {}),
      })
      .from(reports)
      .innerJoin(agencies, eq(agencies.id, reports.agencyId))
      .$dynamic();
    const rows = await (valueSql ? base.innerJoin(reportTotals, eq(reportTotals.reportId, reports.id)) : base)
      .where(and(...reportConditions(batchFilter)))
      .groupBy(reports.agencyId, reports.year, agencies.id)
      .orderBy(asc(reports.agencyId), asc(reports.year));
    const byAgency = new Map<number, typeof rows>();
    for (const row of rows) byAgency.set(row.id, [...(byAgency.get(row.id) ?? []), row]);
    for (const id of batch) {
      for (const row of byAgency.get(id) ?? []) {
        const { id: _, name, province, city, county, regionCode, year, reportId } = row;
        const computed = row as { value?: Count; numerator?: Count; denominator?: Count };
        const cells = counts ? (counts.get(`${id}:${year}`) ?? emptyCounts()) : null;
        const value = cells ? measureValue(cells, query.measure) : (computed.value ?? null);
        const parts = cells
          ? measureParts(cells, query.measure)
          : partsSql
            ? { numerator: computed.numerator ?? null, denominator: computed.denominator ?? null }
            : null;
        yield { id, name, province, city, county, regionCode, year, reportId, value, ...parts } as CompareValueRow;
      }
    }
  }
}

async function agencyValues(db: PgRead, filter: ReportFilter, inputs: MeasureInputs, measure: string): Promise<Map<number, Count>> {
  const valueSql = summedMeasureSql(measure);
  if (!valueSql) return new Map([...numberKeyed(await summedCounts(db, filter, inputs, "agency"))].map(([id, counts]) => [id, measureValue(counts, measure)]));
  const rows = await db
    .select({ id: reports.agencyId, value: valueSql })
    .from(reports)
    .innerJoin(reportTotals, eq(reportTotals.reportId, reports.id))
    .where(and(...reportConditions(filter)))
    .groupBy(reports.agencyId);
  return new Map(rows.map((row) => [row.id, row.value === null ? null : Number(row.value)]));
}

async function seriesOrder(db: PgRead, scoped: ReportFilter, inputs: MeasureInputs, measure: string, lastYear: number): Promise<number[]> {
  const members = await db
    .select({ id: reports.agencyId, name: agencies.name, latest: max(reports.year) })
    .from(reports)
    .innerJoin(agencies, eq(agencies.id, reports.agencyId))
    .where(and(...reportConditions(scoped)))
    .groupBy(reports.agencyId, agencies.name);
  const lastValues = await agencyValues(db, { ...scoped, years: [lastYear] }, inputs, measure);
  const ranked = members.map(({ id, name, latest }) => ({ id, name, value: latest === lastYear ? (lastValues.get(id) ?? null) : null }));
  return ranked.sort(compareByValue("desc")).map((agency) => agency.id);
}
