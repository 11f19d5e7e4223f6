import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Downloads } from "@/components/Downloads";
import { FileName } from "@/components/FileName";
import { Flags, type ShownIssue } from "@/components/Flags";
import { Highlighted } from "@/components/Highlight";
import { MeasureName } from "@/components/MeasureName";
import { OriginLink } from "@/components/Origin";
import { MissingDatabase } from "@/components/MissingDatabase";
import { TableScroll } from "@/components/TableScroll";
import { Versions } from "@/components/Versions";
import { ApplicationsTable, indexFlags, ProactiveTable, ReviewLitigationTable } from "@/components/ReportTables";
import { crossYearTarget, flagText } from "@/lib/web/issue-text";
import { searchTerms, type ReportDetail, type SectionPart } from "@/lib/store/types";
import { DERIVED_MEASURES, isRateMeasure } from "@/lib/report/measures";
import { formatValue, regionName } from "@/lib/web/format";
import { SECTION_HEADINGS, sectionAnchor } from "@/lib/web/links";
import { reportModel } from "@/lib/export/models";
import { pageContext } from "@/lib/web/page";
import { routeId, type SearchParamsRecord } from "@/lib/web/params";

type Props = { params: Promise<{ id: string }>; searchParams: Promise<SearchParamsRecord> };

const VERSION_LABELS = { "2019": "2019 年版模板（格式（试行））", "2021": "2021 年版模板（国办公开办函〔2021〕30号）" };

function Source({ report }: { report: ReportDetail["report"] }) {
  const href = `/sources/${report.sha256}`;
  return (
    <p>
      原始文件：
      <a href={href} data-testid="source-link">
        <FileName name={report.fileName} />
      </a>
      {report.pages !== null && (
        <>
          {" "}
          （PDF，共 {report.pages} 页；<a href={`${href}#page=1`}>从第 1 页打开</a>）
        </>
      )}{" "}
      <span className="muted">
        sha256 <code className="path">{report.sha256.slice(0, 16)}…</code>，导入于 {report.ingestedAt.slice(0, 10)}
      </span>
    </p>
  );
}

function Measures({ detail }: { detail: ReportDetail }) {
  return (
    <section aria-labelledby="measures-heading">
      <h2 id="measures-heading">派生指标</h2>
      <p className="muted">
        由表三、表四的数字计算；分母为零时显示“—”。点指标名称可看公式与分母（<Link href="/methodology#measures">方法说明</Link>）。
      </p>
      <TableScroll label="派生指标">
        <table className="data">
          <tbody>
            {DERIVED_MEASURES.map((m) => (
              <tr key={m}>
                <th className="label" scope="row">
                  <MeasureName measure={m} /> <code className="muted">{m}</code>
                </th>
                <td className="num" data-key={m}>
                  {formatValue(detail.measures[m], isRateMeasure(m))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
    </section>
  );
}

/** The report's flags, each with the other year's report to open when it is a cross-year one. */
function shownIssues(detail: ReportDetail): (ShownIssue & { id: number })[] {
  return detail.issues.map((issue) => {
    const year = crossYearTarget(issue, detail.report.year);
    const other = year === null ? undefined : detail.otherYears.find((o) => o.year === year);
    return other ? { ...issue, otherReport: { href: `/reports/${other.reportId}`, year: other.year } } : issue;
  });
}

function IssueList({ issues }: { issues: (ShownIssue & { id: number })[] }) {
  if (issues.length === 0) return <p>解析器没有标记任何问题。</p>;
  return (
    <TableScroll label="解析标记">
      <table className="data">
        <thead>
          <tr>
            <th>标记</th>
            <th>位置</th>
            <th className="label">说明</th>
          </tr>
        </thead>
        <tbody>
          {issues.map((issue) => {
            const { meaning, place, detail } = flagText(issue);
            return (
              <tr key={issue.id}>
                <td>
                  <Flags issues={[issue]} scope="list" />
                </td>
                <td className="label">{place}</td>
                <td className="label">
                  {meaning}
                  {detail ? `：${detail}` : <span className="muted">（解析记录：{issue.message}）</span>}
                  {issue.otherReport && (
                    <>
                      {" "}
                      <Link href={issue.otherReport.href}>{issue.otherReport.year} 年度报告</Link>
                    </>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </TableScroll>
  );
}

/** A narrative part, its id the anchor a search hit links to, the searched words marked (`?q=`). */
function Narrative({ part, text, words }: { part: SectionPart; text: string | null | undefined; words: string[] }) {
  if (!text) return null;
  const id = sectionAnchor(part);
  return (
    <section id={id} aria-labelledby={`${id}-heading`} className="narrative">
      <h2 id={`${id}-heading`}>{SECTION_HEADINGS[part]}</h2>
      <div className="prose">
        <Highlighted text={text} words={words} />
      </div>
    </section>
  );
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { store } = await pageContext();
  const id = routeId((await params).id);
  const detail = store && id !== undefined ? await reportModel(store, id) : null;
  if (!detail) return { title: "报告" };
  const title = `${detail.agency.name} ${detail.report.year} 年度报告`;
  const description = `${detail.agency.name}${detail.report.year}年政府信息公开工作年度报告：表二、表三、表四的数字，派生指标与解析标记`;
  return { title, description, openGraph: { title, description } };
}

export default async function ReportPage({ params, searchParams }: Props) {
  const { store, state, params: query } = await pageContext(searchParams);
  if (!store) return <MissingDatabase state={state} />;
  const id = routeId((await params).id);
  const detail = id === undefined ? null : await reportModel(store, id);
  if (!detail) notFound();
  const { report, agency } = detail;
  const issues = shownIssues(detail);
  const flags = indexFlags(issues);
  const pages = detail.numberPages;
  const source = pages && { href: `/sources/${report.sha256}`, pages };
  const current = detail.revisions.find((r) => r.isCurrent);
  const words = searchTerms(query.get("q")?.slice(0, 200) ?? "");
  return (
    <main className="page wide">
      <p className="breadcrumbs">
        <Link href="/agencies">机关</Link> › <Link href={`/agencies/${agency.id}`}>{agency.name}</Link> › {report.year} 年度
      </p>
      <h1>
        {agency.name}
        {report.year}年政府信息公开工作年度报告
      </h1>
      <p>
        {regionName(agency)} · {VERSION_LABELS[report.formatVersion]} · 统计期间 {report.periodStart} 至 {report.periodEnd}
      </p>
      {!report.isCurrent && <p className="notice">这不是当前版本（见页末“版本”）。{current && <Link href={`/reports/${current.id}`}>查看当前版本</Link>}</p>}
      <Source report={report} />
      <OriginLink origin={detail.origin} />
      {detail.otherYears.length > 1 && (
        <p>
          其他年度：
          {detail.otherYears.map((other) => (
            <span key={other.reportId}>
              {" "}
              {other.reportId === report.id ? <strong>{other.year}</strong> : <Link href={`/reports/${other.reportId}`}>{other.year}</Link>}
            </span>
          ))}
        </p>
      )}
      <Downloads api={`/api/reports/${report.id}`} label="下载本报告（一行，字典键为列）" />

      <Narrative part="overview" text={detail.sections.overview} words={words} />
      <ProactiveTable version={report.formatVersion} cells={detail.proactive} flags={flags} source={source} />
      <Downloads api={`/api/reports/${report.id}`} table="proactive" />
      <ApplicationsTable version={report.formatVersion} counts={detail.counts} flags={flags} source={source} />
      <Downloads api={`/api/reports/${report.id}`} table="applications" />
      <ReviewLitigationTable counts={detail.counts} flags={flags} source={source} />
      <Downloads api={`/api/reports/${report.id}`} table="reviewLitigation" />
      <Measures detail={detail} />
      {(["problems", "other"] as const).map((part) => (
        <Narrative key={part} part={part} text={detail.sections[part]} words={words} />
      ))}
      <section aria-labelledby="issues-heading">
        <h2 id="issues-heading">解析标记（{detail.issues.length}）</h2>
        <IssueList issues={issues} />
        <Downloads api={`/api/reports/${report.id}`} table="issues" />
      </section>
      <Versions versions={detail.revisions} shownId={report.id} />
    </main>
  );
}
