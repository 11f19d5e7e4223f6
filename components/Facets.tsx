import Link from "next/link";
import { NO_REGION, type AgencyFacets, type Facet } from "@/db/queries";
import { hrefWith, yearsOf } from "@/lib/web/params";

type Props = {
  path: string;
  params: URLSearchParams;
  facets: AgencyFacets;
  /** Offer the year facet (the list pages); the region-only pages leave it out. */
  years?: boolean;
  /** Keys dropped whenever the region changes (compare drops the picked agencies). */
  clearOnRegion?: string[];
};

const regionLabel = (value: string | null) => value ?? "（未识别）";

function FacetList({ title, items, current, link, clear }: { title: string; items: Facet<string | null>[]; current: string | null; link: (value: string | null) => string; clear: string }) {
  return (
    <div className="facet">
      <h3>{title}</h3>
      <ul>
        <li>
          <Link href={clear} aria-current={current === null}>
            全部
          </Link>
        </li>
        {items.map((item) => {
          const value = item.value ?? NO_REGION;
          return (
            <li key={value}>
              <Link href={link(item.value)} aria-current={current === value}>
                {regionLabel(item.value)}
                <span className="count">{item.count}</span>
              </Link>
            </li>
          );
        })}
      </ul>
    </div>
  );
}

/** Filter by region (province → city → county, cascading) and year; each value with its count of agencies. */
export function Facets({ path, params, facets, years = false, clearOnRegion = [] }: Props) {
  const province = params.get("province");
  const city = params.get("city");
  const county = params.get("county");
  const chosenYears = yearsOf(params);
  const extra = Object.fromEntries(clearOnRegion.map((key) => [key, null]));
  const set = (changes: Record<string, string | null>) => hrefWith(path, params, { ...extra, ...changes });
  const summary = [province, city, county].filter(Boolean).join(" · ") || "全国";
  const yearSummary = chosenYears.length ? ` · ${chosenYears.join("、")} 年` : "";
  return (
    <details className="filters">
      <summary>
        筛选：{summary}
        {yearSummary}
      </summary>
      <FacetList
        title="省份"
        items={facets.province}
        current={province}
        clear={set({ province: null, city: null, county: null })}
        link={(value) => set({ province: value ?? NO_REGION, city: null, county: null })}
      />
      {province && (
        <FacetList
          title="城市"
          items={facets.city}
          current={city}
          clear={set({ city: null, county: null })}
          link={(value) => set({ city: value ?? NO_REGION, county: null })}
        />
      )}
      {province && city && (
        <FacetList title="区县" items={facets.county} current={county} clear={set({ county: null })} link={(value) => set({ county: value ?? NO_REGION })} />
      )}
      {years && (
        <div className="facet">
          <h3>年度（可多选）</h3>
          <ul>
            <li>
              <Link href={hrefWith(path, params, { year: null })} aria-current={chosenYears.length === 0}>
                全部
              </Link>
            </li>
            {facets.year.map(({ value, count }) => {
              const chosen = chosenYears.includes(value);
              const next = chosen ? chosenYears.filter((y) => y !== value) : [...chosenYears, value].sort();
              return (
                <li key={value}>
                  <Link href={hrefWith(path, params, { year: next })} aria-current={chosen}>
                    {value}
                    <span className="count">{count}</span>
                  </Link>
                </li>
              );
            })}
          </ul>
        </div>
      )}
    </details>
  );
}

/** Why a filtered list is empty: a filter value that is not in the data says so. */
export function unknownFilterValues(params: URLSearchParams, facets: AgencyFacets): string[] {
  const unknown: string[] = [];
  const has = (items: Facet<string | null>[], value: string) => items.some((f) => (f.value ?? NO_REGION) === value);
  const province = params.get("province");
  const city = params.get("city");
  const county = params.get("county");
  if (province && !has(facets.province, province)) unknown.push(province);
  else if (province && city && !has(facets.city, city)) unknown.push(city);
  else if (province && city && county && !has(facets.county, county)) unknown.push(county);
  const years = new Set(facets.year.map((f) => f.value));
  for (const year of yearsOf(params)) if (!years.has(year)) unknown.push(`${year} 年`);
  return unknown;
}
