import type { Store } from "../store/store";
import type { AgencySummary, CompareSeries, CompareValueRow, Comparison, ReportFilter } from "../store/types";
import { isRateMeasure, measureLabel, type Count, type MeasureParts } from "../report/measures";
import { shownValue } from "../web/format";
import type { CompareSort, CompareView } from "../web/params";
import type { CsvColumn, CsvSource } from "./csv";

/**
 * The comparison builder's data, for the page /compare and its twins alike: one comparison per measure over the same
 * agencies and years, the rows in the table's order, and the CSV shapes of that table (wide: a row per agency, a
 * column per measure and year, as the page shows it; long: a row per agency and year).
 */

export type CompareModel = {
  view: CompareView;
  /** One per measure of the view, in its order. */
  comparisons: Comparison[];
  years: number[];
  /** The agencies in the table's order (the first measure's order unless the view sorts otherwise). */
  rows: AgencySummary[];
};

type MeasureCells = { values: Record<number, Count>; parts?: Record<number, MeasureParts>; reportIds: Record<number, number> };
/** An agency's row of the wide table: each measure's values, parts and reports by year. */
export type WideRow = AgencySummary & { byMeasure: Record<string, MeasureCells> };

const collator = new Intl.Collator("zh-u-co-pinyin");
const regionText = (a: AgencySummary) => [a.province, a.city, a.county].filter(Boolean).join(" ");

/** The rows sorted as the view asks: missing values (no report, or a zero denominator) last in both directions. */
export function sortRows<T extends AgencySummary>(rows: T[], sort: CompareSort, cellValue: (row: T, measure: string, year: number) => Count | undefined): T[] {
  if (!sort) return rows;
  const sign = sort.dir === "asc" ? 1 : -1;
  const byName = (a: T, b: T) => collator.compare(a.name, b.name);
  return [...rows].sort((a, b) => {
    if (sort.by === "name") return sign * byName(a, b);
    if (sort.by === "region") return sign * collator.compare(regionText(a), regionText(b)) || byName(a, b);
    if (sort.by !== "value") return 0;
    const x = cellValue(a, sort.measure, sort.year) ?? null;
    const y = cellValue(b, sort.measure, sort.year) ?? null;
    if (x === null || y === null) return x === y ? byName(a, b) : x === null ? 1 : -1;
    return sign * (x - y) || byName(a, b);
  });
}

export async function compareModel(store: Store, view: CompareView): Promise<CompareModel> {
  const comparisons = await Promise.all(view.measures.map((measure) => store.compare({ ...view.query, measure })));
  const first = comparisons[0]!;
  const series = comparisons.map((c) => new Map(c.series.map((s) => [s.id, s])));
  const rows = sortRows(first.series, view.sort, (row, measure, year) => series[view.measures.indexOf(measure)]?.get(row.id)?.values[year]);
  return {
    view,
    comparisons,
    years: first.years,
    rows: rows.map(({ id, name, province, city, county, regionCode }) => ({ id, name, province, city, county, regionCode })),
  };
}

/** The model's rows with each measure's cells: the wide table's rows, held. */
export function wideRows(model: CompareModel): WideRow[] {
  const series = model.comparisons.map((c) => new Map<number, CompareSeries>(c.series.map((s) => [s.id, s])));
  return model.rows.map((agency) => ({
    ...agency,
    byMeasure: Object.fromEntries(
      model.view.measures.map((measure, i) => {
        const s = series[i]!.get(agency.id);
        return [measure, { values: s?.values ?? {}, parts: s?.parts, reportIds: s?.reportIds ?? {} }];
      }),
    ),
  }));
}

/** The streamed rows of one measure (in compare()'s order) gathered into wide rows: an agency's years come together. */
export async function* streamedWideRows(measure: string, rows: AsyncIterable<CompareValueRow>): AsyncGenerator<WideRow> {
  let current: WideRow | null = null;
  for await (const { year, reportId, value, numerator, denominator, ...agency } of rows) {
    if (current && current.id !== agency.id) yield current;
    if (!current || current.id !== agency.id) current = { ...agency, byMeasure: { [measure]: { values: {}, reportIds: {} } } };
    const cells = current.byMeasure[measure]!;
    cells.values[year] = value;
    cells.reportIds[year] = reportId;
    if (numerator !== undefined || denominator !== undefined) (cells.parts ??= {})[year] = { numerator: numerator ?? null, denominator: denominator ?? null };
  }
  if (current) yield current;
}

/** A long row: one agency and year with a report, each measure's value and parts. */
export type LongRow = AgencySummary & { year: number; reportId: number; byMeasure: Record<string, { value: Count; parts?: MeasureParts }> };

export function* longRowsOf(rows: Iterable<WideRow>, years: number[]): Generator<LongRow> {
  for (const row of rows) {
    const { byMeasure, ...agency } = row;
    for (const year of years) {
      const reportId = Object.values(byMeasure).find((cells) => year in cells.reportIds)?.reportIds[year];
      if (reportId === undefined) continue;
      const measures = Object.fromEntries(
        Object.entries(byMeasure).map(([m, cells]) => [m, { value: cells.values[year] ?? null, parts: cells.parts?.[year] }]),
      );
      yield { ...agency, year, reportId, byMeasure: measures };
    }
  }
}

export async function* streamedLongRows(measure: string, rows: AsyncIterable<CompareValueRow>): AsyncGenerator<LongRow> {
  for await (const { value, numerator, denominator, ...rest } of rows) {
    const parts = numerator !== undefined || denominator !== undefined ? { numerator: numerator ?? null, denominator: denominator ?? null } : undefined;
    yield { ...rest, byMeasure: { [measure]: { value, parts } } };
  }
}

// ── Columns: dictionary keys, or the labels the page shows (`labels=zh`) ─────────────────────────────────────

const ZH: Record<string, string> = {
  agencyId: "机关编号",
  agency: "机关",
  province: "省",
  city: "市",
  county: "县",
  regionCode: "行政区划代码",
  year: "年度",
  reportId: "报告编号",
  numerator: "分子",
  denominator: "分母",
  reports: "报告数",
  agencies: "机关数",
  measure: "指标",
  n: "机关数",
  min: "最小",
  q1: "下四分位",
  median: "中位数",
  q3: "上四分位",
  max: "最大",
};

/** A header in dictionary keys, or in Chinese: the measure's label, the year, 分子/分母. */
export function headerOf(labels: CompareView["labels"], parts: { measure?: string; year?: number | string; key?: string }): string {
  const { measure, year, key } = parts;
  if (labels === "keys") return [measure, year, key].filter((p) => p !== undefined).join(".");
  return [measure === undefined ? undefined : measureLabel(measure), year, key === undefined ? undefined : (ZH[key] ?? key)]
    .filter((p) => p !== undefined)
    .join(" ");
}

const col = <T>(header: string, value: (row: T) => unknown): CsvColumn<T> => ({ header, value });

function agencyColumns<T extends AgencySummary>(labels: CompareView["labels"]): CsvColumn<T>[] {
  const h = (key: string) => headerOf(labels, { key });
  return [
    col<T>(h("agencyId"), (r) => r.id),
    col<T>(h("agency"), (r) => r.name),
    col<T>(h("province"), (r) => r.province),
    col<T>(h("city"), (r) => r.city),
    col<T>(h("county"), (r) => r.county),
    col<T>(h("regionCode"), (r) => r.regionCode || null),
  ];
}

/** A measure's value column and, for a rate, its numerator and denominator (counts: as they are). */
function valueColumns<T>(
  labels: CompareView["labels"],
  measure: string,
  year: number | undefined,
  cells: (row: T) => { value: Count; parts?: MeasureParts } | null,
): CsvColumn<T>[] {
  const rate = isRateMeasure(measure);
  const columns = [col<T>(headerOf(labels, { measure, year }), (r) => shownValue(cells(r)?.value, rate))];
  if (rate)
    for (const key of ["numerator", "denominator"] as const)
      columns.push(col<T>(headerOf(labels, { measure, year, key }), (r) => cells(r)?.parts?.[key] ?? null));
  return columns;
}

export function wideColumns(view: CompareView, years: number[]): CsvColumn<WideRow>[] {
  return [
    ...agencyColumns<WideRow>(view.labels),
    ...view.measures.flatMap((measure) =>
      years.flatMap((year) =>
        valueColumns<WideRow>(view.labels, measure, year, (r) => {
          const cells = r.byMeasure[measure];
          return cells && year in cells.reportIds ? { value: cells.values[year] ?? null, parts: cells.parts?.[year] } : null;
        }),
      ),
    ),
  ];
}

export function longColumns(view: CompareView): CsvColumn<LongRow>[] {
  const h = (key: string) => headerOf(view.labels, { key });
  return [
    ...agencyColumns<LongRow>(view.labels),
    col<LongRow>(h("year"), (r) => r.year),
    col<LongRow>(h("reportId"), (r) => r.reportId),
    ...view.measures.flatMap((measure) => valueColumns<LongRow>(view.labels, measure, undefined, (r) => r.byMeasure[measure] ?? null)),
  ];
}

/** What the file holds: `nianbao-compare-grantRate-withheldRate-2019-2024[-long][-zh].csv`. */
export function compareFileName(view: CompareView, years: number[], table?: string): string {
  const span = years.length === 0 ? [] : years.length === 1 ? [years[0]] : [years[0], years.at(-1)];
  const tail = [view.shape === "long" && !table ? "long" : undefined, view.labels === "zh" ? "zh" : undefined];
  return `${["nianbao-compare", table, ...view.measures, ...span, ...tail].filter((p) => p !== undefined).join("-")}.csv`;
}

/** The years a comparison shows, read without the comparison (for streaming): as compare() chooses them. */
export async function compareYears(store: Store, view: CompareView): Promise<number[]> {
  const { query } = view;
  if (query.years.length) return query.years;
  const filter: ReportFilter = query.agencyIds.length ? { agencyIds: query.agencyIds } : { ...query.region };
  const years = await store.availableYears(filter);
  return years.filter((y) => (query.from === undefined || y >= query.from) && (query.to === undefined || y <= query.to));
}

type Rows<T> = Iterable<T> | AsyncIterable<T>;
const source = <T>(fileName: string, columns: CsvColumn<T>[], rows: Rows<T>) => ({ fileName, columns, rows }) as unknown as CsvSource<never>;

/**
 * The comparison's table as CSV, wide or long. A region's comparison of one measure in its default order is streamed
 * from the Store (a national comparison at 10⁵ reports is not held in memory); chosen agencies, several measures, or
 * a chosen order are built from the comparisons the page shows.
 */
export async function compareValuesCsv(store: Store, view: CompareView, held: () => Promise<CompareModel>): Promise<CsvSource<never>> {
  // Chosen agencies are few and all shown, those without a report too: held, as the page holds them.
  if (view.measures.length === 1 && !view.sort && view.query.agencyIds.length === 0) {
    const years = await compareYears(store, view);
    const measure = view.measures[0]!;
    const name = compareFileName(view, years);
    const rows = store.compareValueRows({ ...view.query, measure });
    return view.shape === "long"
      ? source(name, longColumns(view), streamedLongRows(measure, rows))
      : source(name, wideColumns(view, years), streamedWideRows(measure, rows));
  }
  const model = await held();
  const name = compareFileName(view, model.years);
  const wide = wideRows(model);
  return view.shape === "long" ? source(name, longColumns(view), longRowsOf(wide, model.years)) : source(name, wideColumns(view, model.years), wide);
}

type PooledRow = { year: number | "all"; reports: number; agencies: number; byMeasure: Record<string, { value: Count; parts?: MeasureParts }> };

/** The group's value of each measure per year and over all years: the 合计 row of each table. */
export function pooledCsv(model: CompareModel): CsvSource<never> {
  const { view } = model;
  const h = (key: string) => headerOf(view.labels, { key });
  const first = model.comparisons[0]!;
  const rows: PooledRow[] = first.pooled.map((p, i) => ({
    year: p.year,
    reports: p.reports,
    agencies: p.agencies,
    byMeasure: Object.fromEntries(
      model.comparisons.map((c) => {
        const { value, numerator, denominator } = c.pooled[i]!;
        return [c.measure, { value, parts: numerator === undefined ? undefined : { numerator, denominator: denominator ?? null } }];
      }),
    ),
  }));
  return source(
    compareFileName(view, model.years, "pooled"),
    [
      col<PooledRow>(h("year"), (r) => r.year),
      col<PooledRow>(h("reports"), (r) => r.reports),
      col<PooledRow>(h("agencies"), (r) => r.agencies),
      ...view.measures.flatMap((measure) => valueColumns<PooledRow>(view.labels, measure, undefined, (r) => r.byMeasure[measure] ?? null)),
    ],
    rows,
  );
}

type DistributionRow = { measure: string; year: number; stats: Record<string, number> | null };

/** Each measure's spread over the agencies per year, rounded as shown. */
export function distributionCsv(model: CompareModel): CsvSource<never> {
  const { view } = model;
  const h = (key: string) => headerOf(view.labels, { key });
  const rows: DistributionRow[] = model.comparisons.flatMap((c) =>
    c.distribution.map(({ year, distribution }) => ({ measure: c.measure, year, stats: distribution })),
  );
  const stat = (key: string) => col<DistributionRow>(h(key), (r) => (key === "n" ? (r.stats?.n ?? 0) : shownValue(r.stats?.[key], isRateMeasure(r.measure))));
  return source(
    compareFileName(view, model.years, "distribution"),
    [
      col<DistributionRow>(h("measure"), (r) => (view.labels === "zh" ? measureLabel(r.measure) : r.measure)),
      col<DistributionRow>(h("year"), (r) => r.year),
      ...["n", "min", "q1", "median", "q3", "max"].map(stat),
    ],
    rows,
  );
}
