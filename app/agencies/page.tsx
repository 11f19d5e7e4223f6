import type { Metadata } from "next";
import Link from "next/link";
import { Downloads } from "@/components/Downloads";
import { Facets, unknownFilterValues } from "@/components/Facets";
import { AgencyCells, CarriedParams, ComparePick, DataTable, PagedList } from "@/components/ListParts";
import { MissingDatabase } from "@/components/MissingDatabase";
import { LIST_MEASURES, type AgencySort, type ListMeasure } from "@/lib/store/types";
import { isRateMeasure, measureLabel, OUTCOME_GROUP_LABELS } from "@/lib/report/measures";
import { formatValue } from "@/lib/web/format";
import { agenciesModel } from "@/lib/export/models";
import { pageContext } from "@/lib/web/page";
import { agencyIdsOf, agencyListQueryOf, defaultDirection, hrefWith, toSearchParams, type SearchParamsRecord } from "@/lib/web/params";
import { measureHref } from "@/lib/web/links";
import { LITIGATION_LABEL, REVIEW_GROUP_LABELS, SHORT_ROW_LABELS } from "@/lib/report/template";

type Props = { searchParams: Promise<SearchParamsRecord> };

export async function generateMetadata({ searchParams }: Props): Promise<Metadata> {
  const query = agencyListQueryOf(toSearchParams(await searchParams));
  const where = [query.province, query.city, query.county].filter(Boolean).join("");
  const when = query.years?.length ? `${query.years.join("、")} 年度` : "";
  const title = `${where}机关${when ? ` · ${when}` : ""}`;
  const sortedBy = (LIST_MEASURES as readonly string[]).includes(query.sort) ? `，按${measureLabel(query.sort)}排序` : "";
  const description = `${where || "所收录的"}行政机关的政府信息公开工作年度报告数字${when ? `（${when}）` : ""}${sortedBy}`;
  return { title, description, openGraph: { title, description } };
}

/** Short column headers for the list; the full printed label is the header's title. */
const SHORT_LABELS: Record<ListMeasure, string> = {
  applicationsTotal: "申请总数",
  "applications.newReceived.total": SHORT_ROW_LABELS.newReceived,
  "applications.handledTotal.total": SHORT_ROW_LABELS.handledTotal,
  grantRate: "公开率",
  withheldRate: `${OUTCOME_GROUP_LABELS.withheld}率`,
  unableRate: `${OUTCOME_GROUP_LABELS.unable}率`,
  rejectedRate: `${OUTCOME_GROUP_LABELS.rejected}率`,
  orgShare: "法人等组织占比",
  "reviewLitigation.reconsideration.total": REVIEW_GROUP_LABELS.reconsideration,
  reconsiderationCorrectionRate: "复议纠错率",
  litigationTotal: LITIGATION_LABEL,
  litigationCorrectionRate: "诉讼纠错率",
};

function SortHeader({
  sort,
  label,
  title,
  params,
  current,
  measure,
}: {
  sort: AgencySort;
  label: string;
  title?: string;
  params: URLSearchParams;
  current: { sort: AgencySort; dir: string };
  /** A measure's column: a link to its formula on /methodology beside the sort link. */
  measure?: string;
}) {
  const active = current.sort === sort;
  const dir = active ? (current.dir === "asc" ? "desc" : "asc") : defaultDirection(sort);
  const arrow = active ? (current.dir === "asc" ? " ▲" : " ▼") : "";
  return (
    <th aria-sort={active ? (current.dir === "asc" ? "ascending" : "descending") : undefined} title={title}>
      <Link href={hrefWith("/agencies", params, { sort, dir })}>
        {label}
        {arrow}
      </Link>
      {measure && (
        <Link href={measureHref(measure)} className="measure-info" aria-label={`${label}的公式与分母`} title="公式与分母">
          ?
        </Link>
      )}
    </th>
  );
}

export default async function AgenciesPage({ searchParams }: Props) {
  const { store, state, params } = await pageContext(searchParams);
  if (!store) return <MissingDatabase state={state} />;
  const model = await agenciesModel(store, params);
  const { query, facets, ...result } = model;
  const issues = facets.issue;
  const unknown = result.total === 0 ? unknownFilterValues(params, facets, issues) : [];
  const years = query.years?.length ? `${query.years.join("、")} 年` : "全部年度";
  const picked = new Set(agencyIdsOf(params));
  const flagged = query.issue ? `中有标记 ${query.issue} ` : "";
  return (
    <main className="page wide">
      <h1>机关</h1>
      <form className="inline" action="/agencies" role="search">
        <CarriedParams params={params} omit={["q"]} />
        <input type="search" name="q" defaultValue={query.q ?? ""} placeholder="机关名称包含…" aria-label="按机关名称搜索" />
        <button className="button" type="submit">
          搜索
        </button>
      </form>
      <Facets path="/agencies" params={params} facets={facets} issues={issues} years />
      <p>
        共 <strong data-testid="agency-total">{result.total}</strong> 个机关（{years}的报告{flagged}；比例由所选报告合计的数字计算）。
      </p>
      {result.total > 0 && <ComparePick params={params} shownIds={result.rows.map((row) => row.id)} />}
      <PagedList path="/agencies" params={params} result={result} unit="个机关" empty={{ message: "没有符合条件的机关。", unknown }}>
        <DataTable id="table-agencies" label="机关列表">
          <thead>
            <tr>
              <SortHeader sort="name" label="机关" params={params} current={query} />
              <SortHeader sort="region" label="地区" params={params} current={query} />
              <SortHeader sort="reports" label="报告年度" params={params} current={query} />
              {LIST_MEASURES.map((m) => (
                <SortHeader key={m} sort={m} label={SHORT_LABELS[m]} title={`${measureLabel(m)}（${m}）`} params={params} current={query} measure={m} />
              ))}
              <SortHeader sort="flags" label="标记" title="错误与警告的数量" params={params} current={query} />
            </tr>
          </thead>
          <tbody>
            {result.rows.map((row) => (
              <tr key={row.id}>
                <AgencyCells agency={row} pick={{ form: "compare-pick", checked: picked.has(row.id) }} />
                <td>{row.years.join("、")}</td>
                {LIST_MEASURES.map((m) => (
                  <td key={m} className="num">
                    {formatValue(row.measures[m], isRateMeasure(m))}
                  </td>
                ))}
                <td className="num">{row.errors + row.warnings || ""}</td>
              </tr>
            ))}
          </tbody>
        </DataTable>
      </PagedList>
      <Downloads api="/api/agencies" params={params} label="下载全部符合条件的机关" />
    </main>
  );
}
