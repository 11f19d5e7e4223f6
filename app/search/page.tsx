import type { Metadata } from "next";
import { Downloads } from "@/components/Downloads";
import { Facets, unknownFilterValues } from "@/components/Facets";
import { CarriedParams, ComparePick, EmptyResult, PickCheckbox } from "@/components/ListParts";
import { MissingDatabase } from "@/components/MissingDatabase";
import { Pager } from "@/components/Pager";
import { Snippet } from "@/components/Highlight";
import { SEARCH_BUDGET_MS, SEARCH_TEXT_LIMIT } from "@/lib/store/types";
import { SECTION_HEADINGS, reportSectionHref } from "@/lib/web/links";
import { searchModel } from "@/lib/export/models";
import { pageContext } from "@/lib/web/page";
import { agencyIdsOf, searchQueryOf, toSearchParams, type SearchParamsRecord } from "@/lib/web/params";

type Props = { searchParams: Promise<SearchParamsRecord> };

export async function generateMetadata({ searchParams }: Props): Promise<Metadata> {
  const text = searchQueryOf(toSearchParams(await searchParams)).text;
  const title = text ? `检索“${text}”` : "全文检索";
  const description = text ? `在政府信息公开工作年度报告正文中检索“${text}”的结果` : "在政府信息公开工作年度报告正文中检索";
  return { title, description, openGraph: { title, description } };
}

export default async function SearchPage({ searchParams }: Props) {
  const { store, state, params } = await pageContext(searchParams);
  if (!store) return <MissingDatabase state={state} />;
  const model = await searchModel(store, params);
  const { query, facets, ...result } = model;
  // A value with no hit is missing from the hit facets: whether it is in the data at all, the agencies' facets say.
  const unknown =
    result.mode !== "empty" && result.total === 0
      ? unknownFilterValues(params, await store.agencyFacets({ province: query.province, city: query.city, county: query.county, years: query.years }))
      : [];
  return (
    <main className="page wide">
      <h1>全文检索</h1>
      <form className="inline" action="/search" role="search">
        <CarriedParams params={params} omit={["q", "revisions"]} />
        <input type="search" name="q" defaultValue={query.text} placeholder="在报告正文中查找，如：政采贷" aria-label="检索词" />
        <label>
          <input type="checkbox" name="revisions" value="1" defaultChecked={query.revisions} /> 包括旧版本
        </label>
        <button className="button" type="submit">
          检索
        </button>
      </form>
      {result.mode !== "empty" && <Facets path="/search" params={params} facets={facets} years countNote="数字为检索到的段落数" />}
      <p className="muted">
        检索“{SECTION_HEADINGS.overview}”“{SECTION_HEADINGS.problems}”“{SECTION_HEADINGS.other}
        ”三部分正文，结果按年度（新的在前）、机关排列。空格分隔的多个词须同时出现；少于 3 个字的词逐条比对，较慢。每部分检索前{" "}
        {SEARCH_TEXT_LIMIT.toLocaleString("zh-CN")} 字。
      </p>
      {result.mode !== "empty" && (
        <p data-testid="search-total">
          找到 {result.total} 处{result.mode === "like" && "（短词逐条比对）"}。
        </p>
      )}
      {result.cutShort && (
        <p className="notice" role="status" data-testid="search-cut-short">
          检索用时超过 {SEARCH_BUDGET_MS / 1000} 秒，已停止：以下结果不完整。请加检索词，或按地区、年份缩小范围。
        </p>
      )}
      {result.mode !== "empty" && result.total === 0 && !result.cutShort && <EmptyResult message="没有找到。" unknown={unknown} />}
      {result.total > 0 && <ComparePick params={params} shownIds={result.rows.map((hit) => hit.agencyId)} />}
      <ol className="hits">
        {result.rows.map((hit, i) => (
          <li key={`${hit.reportId}.${hit.part}.${i}`}>
            <PickCheckbox
              pick={{ form: "compare-pick", checked: agencyIdsOf(params).includes(hit.agencyId) }}
              agency={{ id: hit.agencyId, name: hit.agency }}
            />{" "}
            {/* A document load, not a client-side one: history.pushState would leave :target (the outline) unset. */}
            <a href={reportSectionHref(hit.reportId, hit.part, query.text)}>
              {hit.agency} {hit.year} 年度 · {SECTION_HEADINGS[hit.part]}
            </a>{" "}
            <span className="muted">{!hit.isCurrent && "（旧版本）"}</span>
            <div>
              <Snippet text={hit.snippet} />
            </div>
          </li>
        ))}
      </ol>
      {result.total > 0 && <Pager path="/search" params={params} page={result.page} pageCount={result.pageCount} total={result.total} unit="处" />}
      {result.mode !== "empty" && <Downloads api="/api/search" params={params} label="下载全部结果" />}
    </main>
  );
}
