import { CrawledColumns } from "@/components/Origin";
import { Aliases } from "@/components/Versions";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { YearLines } from "@/components/charts";
import { Downloads } from "@/components/Downloads";
import { DataTable } from "@/components/ListParts";
import { MeasureName } from "@/components/MeasureName";
import { pinyin } from "@/lib/web/links";
import { MissingDatabase } from "@/components/MissingDatabase";
import type { AgencyDetail } from "@/lib/store/types";
import { DERIVED_LABELS, DERIVED_MEASURES, isRateMeasure, type DerivedMeasure } from "@/lib/report/measures";
import { COLUMN_LABELS, LITIGATION_LABEL, REVIEW_GROUP_LABELS, ROW_LABELS, SHORT_ROW_LABELS, unnumbered } from "@/lib/report/template";
import { chartValue, formatCount, formatValue, MISSING } from "@/lib/web/format";
import { agencyModel } from "@/lib/export/models";
import { pageContext } from "@/lib/web/page";
import { agencyIdsOf, compareStateHref, routeId, toSearchParams, type SearchParamsRecord } from "@/lib/web/params";

type Props = { params: Promise<{ id: string }>; searchParams: Promise<SearchParamsRecord> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { store } = await pageContext();
  const id = routeId((await params).id);
  const detail = store && id !== undefined ? await agencyModel(store, id) : null;
  if (!detail) return { title: "机关" };
  const years = detail.years.map((y) => y.year);
  const span = years.length ? `${years[0]}–${years.at(-1)} 年度` : "";
  const title = `${detail.agency.name}${span ? ` · ${span}` : ""}`;
  const description = `${detail.agency.name}历年政府信息公开工作年度报告的数字与趋势${span ? `（${span}，${years.length} 份报告）` : ""}`;
  return { title, description, openGraph: { title, description } };
}

/** 行政复议与行政诉讼: the two bands of 表四. */
const REVIEWS_AND_SUITS = `${REVIEW_GROUP_LABELS.reconsideration}与${LITIGATION_LABEL}`;
const COUNT_COLUMNS = (["newReceived", "carriedOver", "handledTotal", "carriedForward"] as const).map((key) => ({ key, label: SHORT_ROW_LABELS[key] }));
const RATE_COLUMNS: DerivedMeasure[] = DERIVED_MEASURES.filter(isRateMeasure);
const TREND_RATES: DerivedMeasure[] = ["grantRate", "withheldRate", "unableRate", "rejectedRate"];
const CORRECTION_RATES: DerivedMeasure[] = ["reconsiderationCorrectionRate", "litigationCorrectionRate"];

function YearsTable({ detail }: { detail: AgencyDetail }) {
  return (
    <DataTable id="table-years" label="各年度数字">
      <thead>
        <tr>
          <th>年度</th>
          <th>模板</th>
          {COUNT_COLUMNS.map((c) => (
            <th key={c.key}>{c.label}</th>
          ))}
          <th>{REVIEW_GROUP_LABELS.reconsideration}</th>
          <th>
            <MeasureName measure="litigationTotal" />
          </th>
          {RATE_COLUMNS.map((m) => (
            <th key={m}>
              <MeasureName measure={m} />
            </th>
          ))}
          <th>标记</th>
        </tr>
      </thead>
      <tbody>
        {detail.years.map((y) => (
          <tr key={y.year}>
            <td>
              <Link href={`/reports/${y.reportId}`}>{y.year}</Link>
              {y.revisions > 0 && <span className="muted">（{y.revisions + 1} 个版本）</span>}
            </td>
            <td>{y.formatVersion}</td>
            {COUNT_COLUMNS.map((c) => (
              <td key={c.key} className="num">
                {formatCount(y.counts.applications[c.key]?.total)}
              </td>
            ))}
            <td className="num">{formatCount(y.counts.reviewLitigation.reconsideration?.total)}</td>
            <td className="num">{formatCount(y.measures.litigationTotal)}</td>
            {RATE_COLUMNS.map((m) => (
              <td key={m} className="num">
                {formatValue(y.measures[m], isRateMeasure(m))}
              </td>
            ))}
            <td className="num">{y.errors + y.warnings || ""}</td>
          </tr>
        ))}
      </tbody>
    </DataTable>
  );
}

/**
 * 加入比较: this agency added to the comparison the URL carries (`?agency=…&measure=…&from=…&to=…`, as the compare page
 * links here), its measures and years kept; or, when it is in it already, back to that comparison.
 */
function CompareLink({ id, name, state }: { id: number; name: string; state: URLSearchParams }) {
  const chosen = agencyIdsOf(state);
  const inIt = chosen.includes(id);
  return (
    <p>
      <Link
        className="button"
        href={compareStateHref("/compare", state, inIt ? {} : { agency: [...chosen, id] })}
        aria-label={`${inIt ? "回到比较" : "加入比较"}：${name}`}
      >
        {inIt ? "回到比较" : "加入比较"}
      </Link>{" "}
      {chosen.length > 0 && !inIt && <span className="muted">（与已选的 {chosen.length} 个机关一起）</span>}
    </p>
  );
}

function Reconciliations({ detail }: { detail: AgencyDetail }) {
  if (detail.reconciliation.length === 0) return <p className="muted">没有相邻两年的报告可以核对。</p>;
  return (
    <DataTable id="table-reconciliation" label="跨年度核对：结转数量">
      <thead>
        <tr>
          <th>年度</th>
          <th className="label">申请人</th>
          <th>{`上一年“${unnumbered(ROW_LABELS.carriedForward.label)}”`}</th>
          <th>{`本年“${unnumbered(ROW_LABELS.carriedOver.label)}”`}</th>
          <th>一致</th>
        </tr>
      </thead>
      <tbody>
        {detail.reconciliation.flatMap((pair) =>
          pair.columns.map((c, i) => (
            <tr key={`${pair.toYear}.${c.column}`} className={c.matches === false ? "mismatch" : undefined}>
              {i === 0 && (
                <td rowSpan={pair.columns.length}>
                  <Link href={`/reports/${pair.fromReportId}`}>{pair.fromYear}</Link> → <Link href={`/reports/${pair.toReportId}`}>{pair.toYear}</Link>
                </td>
              )}
              <td className="label">{COLUMN_LABELS[c.column]}</td>
              <td className="num">{formatCount(c.carriedForward)}</td>
              <td className="num">{formatCount(c.carriedOver)}</td>
              <td>{c.matches === null ? MISSING : c.matches ? "一致" : <strong>不一致</strong>}</td>
            </tr>
          )),
        )}
      </tbody>
    </DataTable>
  );
}

export default async function AgencyPage({ params, searchParams }: Props) {
  const { store, state } = await pageContext();
  if (!store) return <MissingDatabase state={state} />;
  const id = routeId((await params).id);
  const detail = id === undefined ? null : await agencyModel(store, id);
  if (!detail) notFound();
  const { agency } = detail;
  const api = `/api/agencies/${agency.id}`;
  // A missing year is a row of nulls, so the lines break there instead of bridging the gap.
  const timeline = [...detail.years.map((y) => ({ year: y.year, report: y })), ...detail.missingYears.map((year) => ({ year, report: null }))].sort(
    (a, b) => a.year - b.year,
  );
  const countTrend = timeline.map(({ year, report }) => ({
    year,
    newReceived: report?.counts.applications.newReceived?.total ?? null,
    handledTotal: report?.counts.applications.handledTotal?.total ?? null,
  }));
  const rates = (measures: DerivedMeasure[]) =>
    timeline.map(({ year, report }) => ({ year, ...Object.fromEntries(measures.map((m) => [m, chartValue(report?.measures[m], true)])) }));
  const reviewTrend = timeline.map(({ year, report }) => ({
    year,
    reconsideration: report?.counts.reviewLitigation.reconsideration?.total ?? null,
    litigationTotal: report?.measures.litigationTotal ?? null,
  }));
  const mismatches = detail.reconciliation.filter((r) => r.matches === false).length;
  return (
    <main className="page wide">
      <p className="breadcrumbs">
        <Link href="/agencies">机关</Link>
        {agency.province && (
          <>
            {" › "}
            <Link href={`/agencies?province=${encodeURIComponent(agency.province)}`}>{agency.province}</Link>
          </>
        )}
        {agency.province && agency.city && (
          <>
            {" › "}
            <Link href={`/agencies?province=${encodeURIComponent(agency.province)}&city=${encodeURIComponent(agency.city)}`}>{agency.city}</Link>
          </>
        )}
        {agency.county && ` › ${agency.county}`}
      </p>
      <h1>{agency.name}</h1>
      <Aliases aliases={[...detail.aliases].sort(pinyin.compare)} />
      <CrawledColumns columns={detail.columns} />
      <div className="stats">
        <div>
          <strong>{detail.years.length}</strong> 份年度报告
        </div>
        <div>
          <strong>{detail.years.map((y) => y.year).join("、") || MISSING}</strong> 已发布年度
        </div>
        <div>
          <strong>{detail.missingYears.length ? detail.missingYears.join("、") : "无"}</strong> 缺失年度（首末年之间）
        </div>
        <div>
          <strong>{mismatches}</strong> 处跨年度结转不一致
        </div>
      </div>
      <CompareLink id={agency.id} name={agency.name} state={toSearchParams(await searchParams)} />

      <h2>各年度</h2>
      <YearsTable detail={detail} />
      <Downloads api={api} label="下载各年度全部数字" />

      <h2>趋势</h2>
      <h3>申请与办理</h3>
      <YearLines
        data={countTrend}
        series={[
          { key: "newReceived", name: `${SHORT_ROW_LABELS.newReceived}申请` },
          { key: "handledTotal", name: SHORT_ROW_LABELS.handledTotal },
        ]}
        label={`新收申请与${SHORT_ROW_LABELS.handledTotal}的年度趋势`}
      />
      <h3>办理结果比例</h3>
      <YearLines data={rates(TREND_RATES)} series={TREND_RATES.map((m) => ({ key: m, name: DERIVED_LABELS[m] }))} unit="%" label="办理结果比例的年度趋势" />
      <h3>{REVIEWS_AND_SUITS}</h3>
      <YearLines
        data={reviewTrend}
        series={[
          { key: "reconsideration", name: REVIEW_GROUP_LABELS.reconsideration },
          { key: "litigationTotal", name: DERIVED_LABELS.litigationTotal },
        ]}
        label={`${REVIEWS_AND_SUITS}案件数的年度趋势`}
      />
      <h3>纠错率</h3>
      <YearLines
        data={rates(CORRECTION_RATES)}
        series={CORRECTION_RATES.map((m) => ({ key: m, name: DERIVED_LABELS[m] }))}
        unit="%"
        label="复议与诉讼纠错率的年度趋势"
      />
      <p className="muted">图中数字见上方“各年度”表。</p>

      <h2>跨年度核对</h2>
      <p className="muted">{`本年“${SHORT_ROW_LABELS.carriedOver}”应等于上一年报告的“${unnumbered(ROW_LABELS.carriedForward.label)}”。`}</p>
      <Reconciliations detail={detail} />
      <Downloads api={api} table="reconciliation" />
      {detail.missingYears.length > 0 && (
        <div>
          <p>缺失年度：{detail.missingYears.join("、")}（第一份与最后一份报告之间没有导入这些年度的报告）。</p>
          <Downloads api={api} table="missingYears" />
        </div>
      )}
    </main>
  );
}
