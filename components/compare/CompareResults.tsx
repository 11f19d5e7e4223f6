import Link from "next/link";
import { Distribution, GroupedBars, YearLines, type ChartRow, type DistributionRow } from "@/components/charts";
import { noteKey } from "@/components/charts/palette";
import { Downloads } from "@/components/Downloads";
import { DataTable } from "@/components/ListParts";
import type { AgencySummary, CompareSeries, Comparison } from "@/lib/store/types";
import { chartValue, formatCount, formatValue, MISSING, regionName } from "@/lib/web/format";
import { compareStateHref, hrefWith, queryString, type CompareSort } from "@/lib/web/params";

/** The most agencies drawn as lines in one chart; the table and downloads carry them all. */
const CHART_LINES = 10;
const CHART_BARS = 30;

export type CompareResultsProps = {
  comparisons: Comparison[];
  /** The agencies in the table's order, the same in every measure's table. */
  rows: AgencySummary[];
  years: number[];
  sort: CompareSort;
  params: URLSearchParams;
  /** One colour per agency across the page: its bars, its lines and its swatch in the tables. */
  colors: Record<number, string>;
};

/** Why a cell has no number: no report that year (未发布), or a rate over nothing (分母为 0), or a cell not printed. */
export function missingNote(series: CompareSeries | undefined, year: number, isRate: boolean): string | null {
  if (!series || !(year in series.reportIds)) return "未发布";
  if ((series.values[year] ?? null) !== null) return null;
  return isRate ? `${MISSING}（分母为 0）` : `${MISSING}（未填报）`;
}

function SortHeader({
  label,
  sort,
  current,
  params,
  className,
}: {
  label: string;
  sort: string;
  current: CompareSort;
  params: URLSearchParams;
  className?: string;
}) {
  const key = current ? (current.by === "value" ? `${current.measure}:${current.year}` : current.by) : null;
  const active = key === sort;
  const byValue = sort.includes(":");
  const dir = active ? (current!.dir === "asc" ? "desc" : "asc") : byValue ? "desc" : "asc";
  const arrow = active ? (current!.dir === "asc" ? " ▲" : " ▼") : "";
  return (
    <th className={className} aria-sort={active ? (current!.dir === "asc" ? "ascending" : "descending") : undefined}>
      <Link href={`${hrefWith("/compare", params, { sort, dir })}#results`} title={`按此列排序（${dir === "asc" ? "升序" : "降序"}）`}>
        {label}
        {arrow}
      </Link>
    </th>
  );
}

function Swatch({ color }: { color: string | undefined }) {
  return color ? <span className="chart-swatch" style={{ background: color }} aria-hidden="true" /> : null;
}

function MeasureTable({ result, index, ...props }: CompareResultsProps & { result: Comparison; index: number }) {
  const bySeries = new Map(result.series.map((s) => [s.id, s]));
  const pooled = new Map(result.pooled.map((p) => [p.year, p]));
  return (
    <DataTable id={index === 0 ? "table-compare" : `table-compare-${index + 1}`} label={`比较：${result.label}，各机关各年度`}>
      <thead>
        <tr>
          <SortHeader label="机关" sort="name" className="label" current={props.sort} params={props.params} />
          <SortHeader label="地区" sort="region" current={props.sort} params={props.params} />
          {props.years.map((year) => (
            <SortHeader key={year} label={String(year)} sort={`${result.measure}:${year}`} current={props.sort} params={props.params} />
          ))}
        </tr>
      </thead>
      <tbody>
        {props.rows.map((agency) => {
          const s = bySeries.get(agency.id);
          return (
            <tr key={agency.id} data-agency={agency.id}>
              <td className="label">
                <Swatch color={props.colors[agency.id]} />
                <Link href={compareStateHref(`/agencies/${agency.id}`, props.params)}>{agency.name}</Link>
              </td>
              <td>{regionName(agency)}</td>
              {props.years.map((year) => {
                const note = missingNote(s, year, result.isRate);
                const parts = s?.parts?.[year];
                return (
                  <td key={year} className="num">
                    {s && year in s.reportIds ? (
                      <>
                        <Link href={`/reports/${s.reportIds[year]}`}>{note ?? formatValue(s.values[year] ?? null, result.isRate)}</Link>
                        {parts && (
                          <span className="parts" title="分子 / 分母">
                            {formatCount(parts.numerator)}/{formatCount(parts.denominator)}
                          </span>
                        )}
                      </>
                    ) : (
                      <span className="muted">未发布</span>
                    )}
                  </td>
                );
              })}
            </tr>
          );
        })}
        <tr className="total">
          <td className="label">合计（{result.isRate ? "由合计数字计算" : "相加"}）</td>
          <td />
          {props.years.map((year) => {
            const p = pooled.get(year);
            return (
              <td key={year} className="num" data-key={`pooled.${year}`}>
                {formatValue(p?.value ?? null, result.isRate)}
                {p?.numerator !== undefined && (
                  <span className="parts" title="分子 / 分母">
                    {formatCount(p.numerator)}/{formatCount(p.denominator ?? null)}
                  </span>
                )}
              </td>
            );
          })}
        </tr>
      </tbody>
    </DataTable>
  );
}

function MeasureChart({ result, rows, years, colors }: CompareResultsProps & { result: Comparison }) {
  const unit = result.isRate ? "%" : "";
  const bySeries = new Map(result.series.map((s) => [s.id, s]));
  if (years.length === 1) {
    const year = years[0]!;
    const shown = rows.slice(0, CHART_BARS);
    const data: ChartRow[] = shown.map((agency) => {
      const s = bySeries.get(agency.id);
      return {
        name: agency.name,
        value: chartValue(s?.values[year] ?? null, result.isRate),
        [noteKey("value")]: missingNote(s, year, result.isRate),
        color: colors[agency.id] ?? null,
      };
    });
    return (
      <>
        {rows.length > CHART_BARS && <p className="muted">图中只画出前 {CHART_BARS} 个机关；下表列出全部。</p>}
        <GroupedBars
          data={data}
          categoryKey="name"
          series={[{ key: "value", name: `${year} 年` }]}
          unit={unit}
          horizontal
          label={`${result.label}，${year} 年，按机关`}
        />
      </>
    );
  }
  const shown = rows.slice(0, CHART_LINES);
  const pooled = new Map(result.pooled.map((p) => [p.year, p.value]));
  const data: ChartRow[] = years.map((year) => ({
    year,
    pooled: chartValue(pooled.get(year) ?? null, result.isRate),
    ...Object.fromEntries(
      shown.flatMap((agency) => {
        const s = bySeries.get(agency.id);
        return [
          [`a${agency.id}`, chartValue(s?.values[year] ?? null, result.isRate)],
          [noteKey(`a${agency.id}`), missingNote(s, year, result.isRate)],
        ];
      }),
    ),
  }));
  return (
    <>
      {rows.length > CHART_LINES && <p className="muted">图中只画出前 {CHART_LINES} 个机关；下表列出全部。</p>}
      <YearLines
        data={data}
        series={[...shown.map((a) => ({ key: `a${a.id}`, name: a.name, color: colors[a.id] })), { key: "pooled", name: "合计", dashed: true }]}
        unit={unit}
        label={`${result.label}，跨年度`}
      />
    </>
  );
}

function DistributionPart({ result, params }: { result: Comparison; params: URLSearchParams }) {
  const value = (v: number | null | undefined) => chartValue(v ?? null, result.isRate);
  const pooled = new Map(result.pooled.map((p) => [p.year, p.value]));
  const spread: DistributionRow[] = result.distribution.map(({ year, distribution: d }) => ({
    year,
    range: d ? [value(d.min)!, value(d.max)!] : null,
    quartiles: d ? [value(d.q1)!, value(d.q3)!] : null,
    median: d ? value(d.median) : null,
    pooled: value(pooled.get(year)),
  }));
  const format = (v: number | undefined) => formatValue(v ?? null, result.isRate);
  return (
    <>
      <h3>{result.label}：各机关的分布</h3>
      <Distribution data={spread} unit={result.isRate ? "%" : ""} label={`${result.label}，各机关的分布`} />
      <DataTable label={`${result.label}：各年度分布`}>
        <thead>
          <tr>
            {["年度", "机关数", "最小", "下四分位", "中位数", "上四分位", "最大"].map((h) => (
              <th key={h}>{h}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {result.distribution.map(({ year, distribution: d }) => (
            <tr key={year}>
              <td>{year}</td>
              <td className="num">{d?.n ?? 0}</td>
              {[d?.min, d?.q1, d?.median, d?.q3, d?.max].map((v, i) => (
                <td key={i} className="num">
                  {format(v)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </DataTable>
      <Downloads api="/api/compare" params={params} table="distribution" />
    </>
  );
}

/** The query of one measure's own download: the same comparison and order, that measure alone. */
function measureParams(params: URLSearchParams, measure: string): URLSearchParams {
  const next = new URLSearchParams(params);
  next.delete("measure");
  next.set("measure", measure);
  const sort = next.get("sort") ?? "";
  if (sort.includes(":") && !sort.startsWith(`${measure}:`)) next.delete("sort");
  return next;
}

/** Every measure's chart and table (agencies × years), in the form's order, then the downloads of the whole. */
export function CompareResults(props: CompareResultsProps) {
  const { comparisons, params } = props;
  const regionMode = comparisons[0]?.mode === "region";
  const csv = (extra: Record<string, string>) => `/api/compare.csv${queryString(params, extra)}`;
  return (
    <div id="results">
      {comparisons.map((result, index) => (
        <section key={result.measure} className="measure" aria-labelledby={`measure-${index}`} data-measure={result.measure}>
          <h2 id={`measure-${index}`}>
            {result.label} <code className="muted">{result.measure}</code>
          </h2>
          <MeasureChart {...props} result={result} />
          <MeasureTable {...props} result={result} index={index} />
          <Downloads api="/api/compare" params={measureParams(params, result.measure)} label="下载本表（每个机关一行，每年一列）" />
          {regionMode && props.rows.length >= 3 && <DistributionPart result={result} params={measureParams(params, result.measure)} />}
        </section>
      ))}
      <p className="downloads" data-testid="compare-downloads">
        <span className="muted">下载全部 {comparisons.length} 个指标：</span>
        <a href={csv({})} download data-format="csv" data-shape="wide">
          CSV（每个机关一行）
        </a>
        <a href={csv({ shape: "long" })} download data-format="csv" data-shape="long">
          CSV 长表（每个机关每年一行）
        </a>
        <a href={csv({ labels: "zh" })} download data-format="csv" data-shape="zh">
          CSV 中文表头
        </a>
        <a href={csv({ table: "pooled" })} download data-format="csv" data-shape="pooled">
          合计 CSV
        </a>
        <a href={`/api/compare.json${queryString(params)}`} data-format="json">
          JSON
        </a>
      </p>
    </div>
  );
}
