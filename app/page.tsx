import type { Metadata } from "next";
import Link from "next/link";
import { LightBars, LightLines } from "@/components/charts/light";
import { colorAt } from "@/components/charts/palette";
import { Downloads } from "@/components/Downloads";
import { DataTable } from "@/components/ListParts";
import { ISSUE_LABELS, SEVERITY_LABEL } from "@/components/Flags";
import { MeasureName } from "@/components/MeasureName";
import { MissingDatabase } from "@/components/MissingDatabase";
import { NO_REGION, type Overview, type RankedAgency } from "@/lib/store/types";
import { DERIVED_LABELS, OUTCOME_GROUP_LABELS, OUTCOME_GROUPS } from "@/lib/report/measures";
import { chartValue, formatCount, formatRate, regionName } from "@/lib/web/format";
import { overviewModel } from "@/lib/export/models";
import { pageContext } from "@/lib/web/page";
import { hrefWith, toSearchParams, yearsOf, type SearchParamsRecord } from "@/lib/web/params";
import { REVIEW_GROUP_LABELS, SHORT_ROW_LABELS } from "@/lib/report/template";

type Props = { searchParams: Promise<SearchParamsRecord> };

export async function generateMetadata({ searchParams }: Props): Promise<Metadata> {
  const year = yearsOf(toSearchParams(await searchParams)).at(-1);
  const title = `政府信息公开工作年度报告数据${year ? ` · ${year} 年度排行` : ""}`;
  const description = `年报 Nianbao：所收录行政机关的政府信息公开工作年度报告，依申请公开办理结果、公开率、复议纠错率${year ? `，${year} 年度排行` : ""}`;
  return { title, description, openGraph: { title, description } };
}

/** What the sums are: the agencies ingested, never the country. */
const totalName = (agencies: number) => `所收录 ${agencies} 个机关合计`;

function NationalTable({ data, agencies }: { data: Overview; agencies: number }) {
  return (
    <DataTable id="table-national" label={`${totalName(agencies)}：各年度依申请公开办理结果`}>
      <thead>
        <tr>
          <th>年度</th>
          <th>报告</th>
          <th>{SHORT_ROW_LABELS.newReceived}</th>
          <th>{SHORT_ROW_LABELS.carriedOver}</th>
          <th>{SHORT_ROW_LABELS.handledTotal}</th>
          {OUTCOME_GROUPS.map((g) => (
            <th key={g}>{OUTCOME_GROUP_LABELS[g]}</th>
          ))}
          <th>
            <MeasureName measure="grantRate" />
          </th>
          <th>{REVIEW_GROUP_LABELS.reconsideration}</th>
          <th>复议纠错</th>
          <th>
            <MeasureName measure="reconsiderationCorrectionRate" />
          </th>
          <th>
            <MeasureName measure="litigationTotal" />
          </th>
          <th>
            <MeasureName measure="litigationCorrectionRate" />
          </th>
        </tr>
      </thead>
      <tbody>
        {data.national.map((y) => (
          <tr key={y.year}>
            <td>{y.year}</td>
            <td className="num">{y.reports}</td>
            <td className="num">{formatCount(y.newReceived)}</td>
            <td className="num">{formatCount(y.carriedOver)}</td>
            <td className="num">{formatCount(y.handled)}</td>
            {OUTCOME_GROUPS.map((g) => (
              <td key={g} className="num">
                {formatCount(y.outcomes[g])} <span className="muted">{formatRate(y.outcomeShares[g])}</span>
              </td>
            ))}
            <td className="num">{formatRate(y.measures.grantRate)}</td>
            <td className="num">{formatCount(y.reconsideration.total)}</td>
            <td className="num">{formatCount(y.reconsideration.corrected)}</td>
            <td className="num">{formatRate(y.measures.reconsiderationCorrectionRate)}</td>
            <td className="num">{formatCount(y.measures.litigationTotal)}</td>
            <td className="num">{formatRate(y.measures.litigationCorrectionRate)}</td>
          </tr>
        ))}
      </tbody>
    </DataTable>
  );
}

function Ranking({
  rows,
  label,
  value,
  basis,
}: {
  rows: RankedAgency[];
  label: string;
  value: (r: RankedAgency) => string;
  basis?: (r: RankedAgency) => string;
}) {
  if (rows.length === 0) return <p className="muted">该年度没有可排名的机关。</p>;
  return (
    <DataTable label={label} sticky={false}>
      <tbody>
        {rows.map((r, i) => (
          <tr key={r.id}>
            <td className="num">{i + 1}</td>
            <td className="label">
              <Link href={`/reports/${r.reportId}`}>{r.name}</Link> <span className="muted">{regionName(r)}</span>
            </td>
            <td className="num">{value(r)}</td>
            {basis && <td className="num muted">{basis(r)}</td>}
          </tr>
        ))}
      </tbody>
    </DataTable>
  );
}

export default async function OverviewPage({ searchParams }: Props) {
  const { store, state, params } = await pageContext(searchParams);
  if (!store) return <MissingDatabase state={state} />;
  const data = await overviewModel(store, params);
  const totalReports = data.reportsByYear.reduce((sum, y) => sum + y.reports, 0);
  const totalAgencies = data.byProvince.reduce((sum, p) => sum + p.agencies, 0);
  const mix = data.national.map((y) => ({ year: String(y.year), ...Object.fromEntries(OUTCOME_GROUPS.map((g) => [g, chartValue(y.outcomeShares[g], true)])) }));
  const volume = data.national.map((y) => ({ year: y.year, newReceived: y.newReceived, handled: y.handled }));
  return (
    <main className="page wide">
      <h1>
        年报 <span className="latin">Nianbao</span>
      </h1>
      <p className="lead">政府信息公开工作年度报告数据比对：把各级行政机关的年度报告整理成可以相互比较的数据。</p>
      <div className="stats">
        <div>
          <strong>{totalAgencies}</strong> 个机关
        </div>
        <div>
          <strong>{totalReports}</strong> 份年度报告
        </div>
        <div>
          <strong>{data.reportsByYear.map((y) => y.year).join("、") || "—"}</strong> 年度
        </div>
      </div>
      <p className="downloads">
        <span className="muted">全部数据：</span>
        <a href="/api/export/all.zip" download>
          每表一个 CSV（zip）
        </a>
        <a href="/api/export/nianbao.db" download>
          SQLite 数据库
        </a>
        <Link href="/agencies">浏览机关 →</Link>
      </p>

      <h2>{totalName(totalAgencies)}：依申请公开办理结果</h2>
      <p className="muted">
        所收录的全部当前版本报告的表三、表四数字相加（不是全国总数）；比例由合计数字计算（<Link href="/methodology#source">方法说明</Link>）。
      </p>
      <LightBars
        data={mix}
        categoryKey="year"
        series={OUTCOME_GROUPS.map((g) => ({ key: g, name: OUTCOME_GROUP_LABELS[g] }))}
        unit="%"
        max={100}
        stacked
        label={`各年度办理结果构成（占${SHORT_ROW_LABELS.handledTotal}的比例）`}
      />
      <LightLines
        data={volume}
        series={[
          // Colours after the six outcome groups': on this page a colour means one thing.
          { key: "newReceived", name: `${SHORT_ROW_LABELS.newReceived}申请`, color: colorAt(OUTCOME_GROUPS.length) },
          { key: "handled", name: SHORT_ROW_LABELS.handledTotal, color: colorAt(OUTCOME_GROUPS.length + 2) },
        ]}
        label={`各年度新收申请与${SHORT_ROW_LABELS.handledTotal}`}
      />
      <NationalTable data={data} agencies={totalAgencies} />
      <Downloads api="/api/overview" params={params} table="national" />

      <h2>各年度报告数量</h2>
      <DataTable id="table-years" label="各年度报告数量">
        <thead>
          <tr>
            <th>年度</th>
            <th>机关</th>
            <th>报告</th>
            <th>有标记的报告</th>
          </tr>
        </thead>
        <tbody>
          {data.reportsByYear.map((y) => (
            <tr key={y.year}>
              <td>
                <Link href={`/agencies?year=${y.year}`}>{y.year}</Link>
              </td>
              <td className="num">{y.agencies}</td>
              <td className="num">{y.reports}</td>
              <td className="num">{y.flagged}</td>
            </tr>
          ))}
        </tbody>
      </DataTable>
      <Downloads api="/api/overview" params={params} table="years" />

      <h2>各省份</h2>
      <DataTable id="table-provinces" label="各省份机关与报告数量">
        <thead>
          <tr>
            <th className="label">省份</th>
            <th>机关</th>
            <th>报告</th>
          </tr>
        </thead>
        <tbody>
          {data.byProvince.map((p) => (
            <tr key={p.province ?? NO_REGION}>
              <td className="label">
                <Link href={`/agencies?province=${encodeURIComponent(p.province ?? NO_REGION)}`}>{p.province ?? "（未识别）"}</Link>
              </td>
              <td className="num">{p.agencies}</td>
              <td className="num">{p.reports}</td>
            </tr>
          ))}
        </tbody>
      </DataTable>
      <Downloads api="/api/overview" params={params} table="provinces" />

      <h2>{data.rankingYear ?? ""} 年度排行</h2>
      <p>
        年度：
        {data.reportsByYear.map((y) => (
          <span key={y.year}>
            {" "}
            {y.year === data.rankingYear ? <strong>{y.year}</strong> : <Link href={hrefWith("/", params, { year: y.year })}>{y.year}</Link>}
          </span>
        ))}
      </p>
      <h3>{`申请最多（新收＋${SHORT_ROW_LABELS.carriedOver}）`}</h3>
      <Ranking rows={data.topApplications} label="申请最多的机关" value={(r) => formatCount(r.value)} />
      <Downloads api="/api/overview" params={params} table="topApplications" />
      <h3>{`${DERIVED_LABELS.reconsiderationCorrectionRate}最高（括号内为已审结的复议案件数）`}</h3>
      <Ranking
        rows={data.topCorrection}
        label={`${DERIVED_LABELS.reconsiderationCorrectionRate}最高的机关`}
        value={(r) => formatRate(r.value)}
        basis={(r) => `（${formatCount(r.basis)}）`}
      />
      <Downloads api="/api/overview" params={params} table="topCorrection" />

      <h2>解析标记</h2>
      <p className="muted">报告中被解析器标记的问题：勾稽关系不平衡、标签变体、跨年度结转不一致等。</p>
      <DataTable id="table-issues" label="解析标记" sticky={false}>
        <thead>
          <tr>
            <th>代码</th>
            <th className="label">含义</th>
            <th>级别</th>
            <th>报告数</th>
          </tr>
        </thead>
        <tbody>
          {data.issues.map((i) => (
            <tr key={`${i.code}.${i.severity}`}>
              <td>
                <Link href={`/agencies?issue=${encodeURIComponent(i.code)}`} title="有此标记的机关">
                  <code>{i.code}</code>
                </Link>
              </td>
              <td className="label">{ISSUE_LABELS[i.code] ?? ""}</td>
              <td>{SEVERITY_LABEL[i.severity]}</td>
              <td className="num">{i.reports}</td>
            </tr>
          ))}
        </tbody>
      </DataTable>
      <Downloads api="/api/overview" params={params} table="issues" />
    </main>
  );
}
