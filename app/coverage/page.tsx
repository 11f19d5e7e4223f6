import type { Metadata } from "next";
import Link from "next/link";
import { Downloads } from "@/components/Downloads";
import { Facets, unknownFilterValues } from "@/components/Facets";
import { AgencyCells, AgencyYearHeaders, DataTable, PagedList } from "@/components/ListParts";
import { MissingDatabase } from "@/components/MissingDatabase";
import { coverageModel } from "@/lib/export/models";
import { pageContext } from "@/lib/web/page";
import { coverageQueryOf, toSearchParams, type SearchParamsRecord } from "@/lib/web/params";

type Props = { searchParams: Promise<SearchParamsRecord> };

export async function generateMetadata({ searchParams }: Props): Promise<Metadata> {
  const query = coverageQueryOf(toSearchParams(await searchParams));
  const where = [query.province, query.city, query.county].filter(Boolean).join("");
  const title = `${where}报告覆盖`;
  const description = `${where || "所收录的"}各行政机关在哪些年度发布了政府信息公开工作年度报告${query.issue ? `（标记 ${query.issue}）` : ""}`;
  return { title, description, openGraph: { title, description } };
}

export default async function CoveragePage({ searchParams }: Props) {
  const { store, state, params } = await pageContext(searchParams);
  if (!store) return <MissingDatabase state={state} />;
  const model = await coverageModel(store, params);
  const { query, facets, ...result } = model;
  const issues = facets.issue;
  const unknown = result.total === 0 ? unknownFilterValues(params, facets, issues) : [];
  return (
    <main className="page wide">
      <h1>覆盖</h1>
      <p className="muted">
        每个机关在哪些年度有报告：● 已导入（数字为标记数），空白为缺失。
        {query.issue && (
          <>
            {" "}
            只列出有标记 <code>{query.issue}</code> 的机关，<span className="has-issue">◆</span> 为带该标记的报告。
          </>
        )}
      </p>
      <Facets path="/coverage" params={params} facets={facets} issues={issues} />
      <PagedList path="/coverage" params={params} result={result} unit="个机关" empty={{ message: "没有符合条件的机关。", unknown }}>
        <DataTable id="table-coverage" label="覆盖：各机关各年度报告">
          <thead>
            <tr>
              <AgencyYearHeaders years={result.years} />
              <th>合计</th>
            </tr>
          </thead>
          <tbody>
            {result.rows.map((row) => (
              <tr key={row.id}>
                <AgencyCells agency={row} />
                {result.years.map((year) => {
                  const cell = row.byYear[year];
                  return cell ? (
                    <td key={year} className={cell.hasIssue ? "num has-issue" : "num"}>
                      <Link
                        href={`/reports/${cell.reportId}`}
                        title={cell.hasIssue ? `${year} 年度报告，有标记 ${query.issue}` : `${year} 年度报告`}
                        aria-label={`${row.name} ${year} 年度报告：已导入${cell.flags > 0 ? `，${cell.flags} 个标记` : ""}${cell.hasIssue ? `，有标记 ${query.issue}` : ""}`}
                      >
                        {cell.hasIssue ? "◆" : "●"}
                        {cell.flags > 0 && <sup>{cell.flags}</sup>}
                      </Link>
                    </td>
                  ) : (
                    <td key={year} className="missing-year" title="缺失">
                      <span aria-hidden="true">·</span>
                      <span className="visually-hidden">
                        {row.name} {year} 年度：缺失
                      </span>
                    </td>
                  );
                })}
                <td className="num">{row.published}</td>
              </tr>
            ))}
            <tr className="total">
              <td className="label">报告数</td>
              <td />
              {result.years.map((year) => (
                <td key={year} className="num">
                  {result.reportsPerYear[year] ?? 0}
                </td>
              ))}
              <td />
            </tr>
          </tbody>
        </DataTable>
      </PagedList>
      <Downloads api="/api/coverage" params={params} label="下载覆盖表（单元格为报告编号）" />
    </main>
  );
}
