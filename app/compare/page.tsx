import type { Metadata } from "next";
import Link from "next/link";
import { Distribution, GroupedBars, YearLines, type DistributionRow } from "@/components/charts";
import { Downloads } from "@/components/Downloads";
import { Facets, unknownFilterValues } from "@/components/Facets";
import { AgencyCells, AgencyYearHeaders, CarriedParams, DataTable, EmptyResult } from "@/components/ListParts";
import { MissingDatabase } from "@/components/MissingDatabase";
import type { Store } from "@/lib/store/store";
import type { Comparison } from "@/lib/store/types";
import { DERIVED_MEASURES, measureLabel, OUTCOME_ROWS } from "@/lib/report/measures";
import { APPLICANT_COLUMNS, APPLICATION_ROWS, REVIEW_FIELDS, REVIEW_GROUPS } from "@/lib/report/schema";
import { chartValue, formatValue, regionName } from "@/lib/web/format";
import { pageContext } from "@/lib/web/page";
import { compareQueryOf, hrefWith, type SearchParamsRecord } from "@/lib/web/params";

export const metadata: Metadata = { title: "比较" };

type Props = { searchParams: Promise<SearchParamsRecord> };

/** The most agencies drawn in a chart; the tables and downloads carry them all. */
const CHART_BARS = 30;
const CHART_LINES = 10;

const MEASURE_GROUPS = [
  { label: "派生指标", keys: [...DERIVED_MEASURES] },
  { label: "办理结果占办理总计的比例", keys: OUTCOME_ROWS.map((row) => `outcomeShare.${row}`) },
  { label: "表三 单元格", keys: APPLICATION_ROWS.flatMap((row) => APPLICANT_COLUMNS.map((column) => `applications.${row}.${column}`)) },
  { label: "表四 单元格", keys: REVIEW_GROUPS.flatMap((group) => REVIEW_FIELDS.map((field) => `reviewLitigation.${group}.${field}`)) },
];

function ControlsForm({ params, years, chosenYears, measure }: { params: URLSearchParams; years: number[]; chosenYears: number[]; measure: string }) {
  return (
    <form className="inline" action="/compare" id="compare-controls">
      <CarriedParams params={params} omit={["measure", "year", "q"]} />
      <label>
        指标{" "}
        <select name="measure" defaultValue={measure}>
          {MEASURE_GROUPS.map((group) => (
            <optgroup key={group.label} label={group.label}>
              {group.keys.map((key) => (
                <option key={key} value={key}>
                  {measureLabel(key)}
                </option>
              ))}
            </optgroup>
          ))}
        </select>
      </label>
      <fieldset className="years">
        <legend>年度（不选即全部）</legend>
        {years.map((year) => (
          <label key={year}>
            <input type="checkbox" name="year" value={year} defaultChecked={chosenYears.includes(year)} /> {year}
          </label>
        ))}
      </fieldset>
      <button className="button" type="submit">
        更新比较
      </button>
    </form>
  );
}

async function AgencyPicker({ store, params, ids }: { store: Store; params: URLSearchParams; ids: number[] }) {
  const chosen = await store.agenciesByIds(ids);
  const q = params.get("q")?.trim() ?? "";
  const matches = q ? (await store.listAgencies({ q, sort: "name", dir: "asc", page: 1, pageSize: 20 })).rows.filter((a) => !ids.includes(a.id)) : [];
  return (
    <section aria-labelledby="pick-heading">
      <h2 id="pick-heading">选择机关</h2>
      {chosen.length > 0 && (
        <ul className="chips" aria-label="已选机关">
          {chosen.map((a) => (
            <li key={a.id}>
              {a.name}{" "}
              <Link href={hrefWith("/compare", params, { agency: ids.filter((id) => id !== a.id) })} aria-label={`移除 ${a.name}`}>
                ×
              </Link>
            </li>
          ))}
        </ul>
      )}
      <form className="inline" action="/compare" role="search">
        <CarriedParams params={params} omit={["q"]} />
        <input type="search" name="q" defaultValue={q} placeholder="按名称查找机关…" aria-label="按名称查找机关" />
        <button className="button" type="submit">
          查找
        </button>
      </form>
      {q && matches.length === 0 && <p className="muted">没有名称包含“{q}”的机关。</p>}
      {matches.length > 0 && (
        <ul className="hits" aria-label="查找结果">
          {matches.map((a) => (
            <li key={a.id}>
              <Link href={hrefWith("/compare", params, { agency: [...ids, a.id], q: null })}>＋ 加入 {a.name}</Link>{" "}
              <span className="muted">{regionName(a)}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function SeriesTable({ result }: { result: Comparison }) {
  const pooled = new Map(result.pooled.map((p) => [p.year, p]));
  return (
    <DataTable id="table-compare" label={`比较：${result.label}，各机关各年度`}>
      <thead>
        <tr>
          <AgencyYearHeaders years={result.years} />
        </tr>
      </thead>
      <tbody>
        {result.series.map((s) => (
          <tr key={s.id}>
            <AgencyCells agency={s} />
            {result.years.map((year) => (
              <td key={year} className="num">
                {year in s.reportIds ? (
                  <Link href={`/reports/${s.reportIds[year]}`}>{formatValue(s.values[year] ?? null, result.isRate)}</Link>
                ) : (
                  <span className="muted">未发布</span>
                )}
              </td>
            ))}
          </tr>
        ))}
        <tr className="total">
          <td className="label">合计（{result.isRate ? "由合计数字计算" : "相加"}）</td>
          <td />
          {result.years.map((year) => (
            <td key={year} className="num" data-key={`pooled.${year}`}>
              {formatValue(pooled.get(year)?.value ?? null, result.isRate)}
            </td>
          ))}
        </tr>
      </tbody>
    </DataTable>
  );
}

function DistributionTable({ result }: { result: Comparison }) {
  const format = (v: number | undefined) => formatValue(v ?? null, result.isRate);
  return (
    <DataTable id="table-distribution" label={`${result.label}：各年度分布`}>
      <thead>
        <tr>
          <th>年度</th>
          <th>机关数</th>
          <th>最小</th>
          <th>下四分位</th>
          <th>中位数</th>
          <th>上四分位</th>
          <th>最大</th>
        </tr>
      </thead>
      <tbody>
        {result.distribution.map(({ year, distribution: d }) => (
          <tr key={year}>
            <td>{year}</td>
            <td className="num">{d?.n ?? 0}</td>
            <td className="num">{format(d?.min)}</td>
            <td className="num">{format(d?.q1)}</td>
            <td className="num">{format(d?.median)}</td>
            <td className="num">{format(d?.q3)}</td>
            <td className="num">{format(d?.max)}</td>
          </tr>
        ))}
      </tbody>
    </DataTable>
  );
}

function Charts({ result }: { result: Comparison }) {
  const unit = result.isRate ? "%" : "";
  const value = (v: number | null | undefined) => chartValue(v ?? null, result.isRate);
  const bars = result.series.slice(0, CHART_BARS).map((s) => ({ name: s.name, ...Object.fromEntries(result.years.map((y) => [`y${y}`, value(s.values[y])])) }));
  const lineSeries = result.series.slice(0, CHART_LINES);
  const pooled = new Map(result.pooled.map((p) => [p.year, p.value]));
  const lines = result.years.map((year) => ({
    year,
    pooled: value(pooled.get(year)),
    ...Object.fromEntries(lineSeries.map((s) => [`a${s.id}`, value(s.values[year])])),
  }));
  const spread: DistributionRow[] = result.distribution.map(({ year, distribution: d }) => ({
    year,
    range: d ? [value(d.min)!, value(d.max)!] : null,
    quartiles: d ? [value(d.q1)!, value(d.q3)!] : null,
    median: d ? value(d.median) : null,
    pooled: value(pooled.get(year)),
  }));
  return (
    <>
      <h3>{result.years.length === 1 ? `${result.years[0]} 年` : "各年度"}：按机关</h3>
      {result.series.length > CHART_BARS && <p className="muted">图中只画出前 {CHART_BARS} 个机关；下表列出全部。</p>}
      <GroupedBars
        data={bars}
        categoryKey="name"
        series={result.years.map((y) => ({ key: `y${y}`, name: String(y) }))}
        unit={unit}
        horizontal
        label={`${result.label}，按机关`}
      />
      {result.years.length > 1 && (
        <>
          <h3>跨年度趋势</h3>
          <YearLines
            data={lines}
            series={[...lineSeries.map((s) => ({ key: `a${s.id}`, name: s.name })), { key: "pooled", name: "合计", dashed: true }]}
            unit={unit}
            label={`${result.label}，跨年度`}
          />
        </>
      )}
      {result.series.length >= 3 && (
        <>
          <h3>分布（中位数与四分位）</h3>
          <Distribution data={spread} unit={unit} label={`${result.label}，各机关的分布`} />
        </>
      )}
    </>
  );
}

export default async function ComparePage({ searchParams }: Props) {
  const { store, state, params } = await pageContext(searchParams);
  if (!store) return <MissingDatabase state={state} />;
  const query = compareQueryOf(params);
  const result = await store.compare(query);
  const facets = await store.agencyFacets(query.region);
  const years = await store.availableYears();
  const unknown = result.series.length === 0 ? unknownFilterValues(params, facets) : [];
  const regionText = [query.region.province, query.region.city, query.region.county].filter(Boolean).join(" ") || "全国";
  return (
    <main className="page wide">
      <h1>比较</h1>
      <p className="muted">选几个机关，或选一个地区（该地区的全部机关）；再选年度和指标。比例类指标的“合计”由合计数字计算，不是各机关比例的平均。</p>
      <ControlsForm params={params} years={years} chosenYears={query.years} measure={query.measure} />
      <AgencyPicker store={store} params={params} ids={query.agencyIds} />
      <h3>或按地区</h3>
      <Facets
        path="/compare"
        params={params}
        facets={facets}
        clearOnRegion={["agency"]}
        noRegion={result.mode === "agencies" ? "未选地区（正在比较所选机关；选一个地区会取代所选机关）" : undefined}
      />

      <h2 id="result-heading">{result.label}</h2>
      <p data-testid="compare-scope">
        {result.mode === "agencies" ? `已选 ${result.series.length} 个机关` : `${regionText}：${result.series.length} 个机关`}
        {result.years.length > 0 && `，${result.years.join("、")} 年`}。<code className="muted">{result.measure}</code>
      </p>
      {result.series.length === 0 ? (
        <EmptyResult message="没有符合条件的报告。" unknown={unknown} clearHref="/compare" />
      ) : (
        <>
          <Charts result={result} />
          <h3>数据表</h3>
          <SeriesTable result={result} />
          <Downloads api="/api/compare" params={params} label="下载（每个机关每年一行）" />
          {result.series.length >= 3 && (
            <>
              <DistributionTable result={result} />
              <Downloads api="/api/compare" params={params} table="distribution" />
            </>
          )}
          <Downloads api="/api/compare" params={params} table="pooled" label="下载合计" />
        </>
      )}
    </main>
  );
}
