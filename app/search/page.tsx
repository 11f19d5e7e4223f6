import type { Metadata } from "next";
import Link from "next/link";
import { Fragment } from "react";
import { Downloads } from "@/components/Downloads";
import { Facets, unknownFilterValues } from "@/components/Facets";
import { CarriedParams, ComparePick, EmptyResult, PickCheckbox } from "@/components/ListParts";
import { MissingDatabase } from "@/components/MissingDatabase";
import { Pager } from "@/components/Pager";
import { MARK_END, MARK_START, SEARCH_BUDGET_MS, SEARCH_TEXT_LIMIT } from "@/lib/store/types";
import { pageContext } from "@/lib/web/page";
import { agencyIdsOf, searchQueryOf, type SearchParamsRecord } from "@/lib/web/params";

export const metadata: Metadata = { title: "全文检索" };

type Props = { searchParams: Promise<SearchParamsRecord> };

const PART_LABELS = { overview: "一、总体情况", problems: "五、存在的主要问题及改进情况", other: "六、其他需要报告的事项" };

/** The snippet with its matches marked; the text stays text (React escapes it). */
function Snippet({ text }: { text: string }) {
  return (
    <>
      {text.split(MARK_START).map((piece, i) => {
        const [match, rest] = i === 0 ? [null, piece] : piece.split(MARK_END);
        return (
          <Fragment key={i}>
            {match !== null && match !== undefined && <mark>{match}</mark>}
            {rest}
          </Fragment>
        );
      })}
    </>
  );
}

export default async function SearchPage({ searchParams }: Props) {
  const { store, state, params } = await pageContext(searchParams);
  if (!store) return <MissingDatabase state={state} />;
  const query = searchQueryOf(params);
  const result = await store.searchSections(query);
  const facets = await store.agencyFacets({ province: query.province, city: query.city, county: query.county, years: query.years });
  const unknown = result.mode !== "empty" && result.total === 0 ? unknownFilterValues(params, facets) : [];
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
      <Facets path="/search" params={params} facets={facets} years />
      <p className="muted">
        检索“总体情况”“存在的主要问题”“其他需要报告的事项”三部分正文。空格分隔的多个词须同时出现；少于 3 个字的词逐条比对，较慢。每部分检索前{" "}
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
            <Link href={`/reports/${hit.reportId}`}>
              {hit.agency} {hit.year} 年度
            </Link>{" "}
            <span className="muted">
              {PART_LABELS[hit.part]}
              {!hit.isCurrent && "（旧版本）"}
            </span>
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
