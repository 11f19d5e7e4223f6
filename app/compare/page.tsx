import type { Metadata } from "next";
import { cache } from "react";
import { colorAt } from "@/components/charts/palette";
import { BuilderForm } from "@/components/compare/BuilderForm";
import { CompareResults } from "@/components/compare/CompareResults";
import { Facets, unknownFilterValues } from "@/components/Facets";
import { EmptyResult } from "@/components/ListParts";
import { MissingDatabase } from "@/components/MissingDatabase";
import { compareModel } from "@/lib/export/compare";
import { measureLabel } from "@/lib/report/measures";
import type { Store } from "@/lib/store/store";
import type { AgencySummary } from "@/lib/store/types";
import { regionName } from "@/lib/web/format";
import { pageContext } from "@/lib/web/page";
import { compareViewOf, type SearchParamsRecord } from "@/lib/web/params";
import "./compare.css";

type Props = { searchParams: Promise<SearchParamsRecord> };

/**
 * The page's model and the chosen agencies the builder lists (the title names them, also one without a report in the
 * range), read once per request: React's cache, keyed by the Store and the query string, shares them between
 * generateMetadata and the page.
 */
const comparePage = cache(async (store: Store, search: string) => {
  const view = compareViewOf(new URLSearchParams(search));
  const [model, chosen] = await Promise.all([compareModel(store, view), store.agenciesByIds(view.query.agencyIds)]);
  return { view, model, chosen };
});

/** The title names what is compared: the agencies (or the region), the measures and the years. */
export async function generateMetadata({ searchParams }: Props): Promise<Metadata> {
  const { store, params } = await pageContext(searchParams);
  const { query, measures } = compareViewOf(params);
  const chosen = store ? (await comparePage(store, params.toString())).chosen : [];
  const who = chosen.length
    ? chosen.map((a) => a.name).join("、")
    : [query.region.province, query.region.city, query.region.county].filter(Boolean).join("") || "全国";
  const years = query.from !== undefined || query.to !== undefined ? `${query.from ?? "最早"}–${query.to ?? "最新"} 年度` : "历年";
  const what = measures.map((m) => measureLabel(m)).join("、");
  const title = `比较 · ${what}`;
  const description = `${who}的${what}（${years}），按政府信息公开工作年度报告计算`;
  return { title, description, openGraph: { title, description } };
}

const picked = (a: AgencySummary) => ({ id: a.id, name: a.name, region: regionName(a) });

export default async function ComparePage({ searchParams }: Props) {
  const { store, state, params } = await pageContext(searchParams);
  if (!store) return <MissingDatabase state={state} />;
  const { view, model, chosen } = await comparePage(store, params.toString());
  const { query } = view;
  const [facets, years] = await Promise.all([store.agencyFacets(query.region), store.availableYears()]);
  const q = params.get("q")?.trim() ?? "";
  const matches = q
    ? (await store.listAgencies({ q, sort: "name", dir: "asc", page: 1, pageSize: 20 })).rows.filter((a) => !query.agencyIds.includes(a.id))
    : [];
  const first = model.comparisons[0]!;
  const unknown = model.rows.length === 0 ? unknownFilterValues(params, facets) : [];
  const regionText = [query.region.province, query.region.city, query.region.county].filter(Boolean).join(" ") || "全国";
  // One colour per agency on the whole page: by its place among the chosen agencies (or the region's first order),
  // whatever the table's sort.
  const colorOrder = first.mode === "agencies" ? query.agencyIds : first.series.map((s) => s.id);
  const colors = Object.fromEntries(colorOrder.map((id, i) => [id, colorAt(i)]));
  const byId = new Map(chosen.map((a) => [a.id, a]));
  const chosenInOrder = query.agencyIds.flatMap((id) => (byId.has(id) ? [picked(byId.get(id)!)] : []));
  const from = query.from ?? (query.years.length ? query.years[0] : undefined);
  const to = query.to ?? (query.years.length ? query.years.at(-1) : undefined);
  return (
    <main className="page wide">
      <h1>比较</h1>
      <p className="muted">
        选几个机关（或一个地区的全部机关）、一个或几个指标和年度：每个指标一张图、一张表。比例类指标的“合计”由合计数字计算，不是各机关比例的平均；数字下方是比例的分子/分母。
      </p>
      <BuilderForm params={params} chosen={chosenInOrder} matches={matches.map(picked)} q={q} measures={view.measures} years={years} from={from} to={to} />
      <details className="by-region" open={first.mode === "region"}>
        <summary>或按地区比较全部机关</summary>
        <Facets
          path="/compare"
          params={params}
          facets={facets}
          clearOnRegion={["agency"]}
          noRegion={first.mode === "agencies" ? "未选地区（正在比较所选机关；选一个地区会取代所选机关）" : undefined}
        />
      </details>
      <p data-testid="compare-scope">
        {first.mode === "agencies" ? `已选 ${model.rows.length} 个机关` : `${regionText}：${model.rows.length} 个机关`}
        {model.years.length > 0 && `，${model.years.join("、")} 年`}，{view.measures.length} 个指标。
      </p>
      {model.rows.length === 0 ? (
        <EmptyResult message="没有符合条件的报告。" unknown={unknown} clearHref="/compare" />
      ) : (
        <CompareResults comparisons={model.comparisons} rows={model.rows} years={model.years} sort={view.sort} params={params} colors={colors} />
      )}
    </main>
  );
}
