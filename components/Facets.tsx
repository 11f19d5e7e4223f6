import Link from "next/link";
import { ISSUE_LABELS } from "@/components/Flags";
import { NO_REGION, type AgencyFacets, type Facet } from "@/lib/store/types";
import { pinyin } from "@/lib/web/links";
import { hrefWith, yearsOf } from "@/lib/web/params";

type Props = {
  path: string;
  params: URLSearchParams;
  facets: AgencyFacets;
  /** Offer the year facet (the list pages); the region-only pages leave it out. */
  years?: boolean;
  /** The data-quality facet (agencies per issue code), on the pages that filter by it. */
  issues?: Facet<string>[];
  /** Keys dropped whenever the region changes (compare drops the picked agencies). */
  clearOnRegion?: string[];
  /** The summary while no region is chosen (default 全国; compare with picked agencies is not national). */
  noRegion?: string;
  /** What the numbers count (default: agencies; search counts its hits). */
  countNote?: string;
};

const regionLabel = (value: string | null) => value ?? "（未识别）";
const regionKey = (value: string | null) => value ?? NO_REGION;

type FacetListProps<V> = {
  title: string;
  items: Facet<V>[];
  /** The item is the one (or one of those) chosen. */
  isCurrent: (value: V) => boolean;
  noneChosen: boolean;
  link: (value: V) => string;
  clear: string;
  label: (value: V) => string;
  keyOf: (value: V) => string;
  hint?: (value: V) => string | undefined;
};

function FacetList<V>({ title, items, isCurrent, noneChosen, link, clear, label, keyOf, hint }: FacetListProps<V>) {
  return (
    <div className="facet">
      <h3>{title}</h3>
      <ul>
        <li>
          <Link href={clear} aria-current={noneChosen}>
            全部
          </Link>
        </li>
        {items.map((item) => (
          <li key={keyOf(item.value)}>
            <Link href={link(item.value)} aria-current={isCurrent(item.value)} title={hint?.(item.value)}>
              {label(item.value)}
              <span className="count">{item.count}</span>
            </Link>
          </li>
        ))}
      </ul>
    </div>
  );
}

function RegionList({
  title,
  items,
  current,
  link,
  clear,
}: {
  title: string;
  items: Facet<string | null>[];
  current: string | null;
  link: (value: string | null) => string;
  clear: string;
}) {
  // Most agencies first; places of the same count in pinyin order (the database orders names by code point).
  const sorted = [...items].sort((a, b) => b.count - a.count || pinyin.compare(regionLabel(a.value), regionLabel(b.value)));
  return (
    <FacetList
      title={title}
      items={sorted}
      isCurrent={(value) => current === regionKey(value)}
      noneChosen={current === null}
      link={link}
      clear={clear}
      label={regionLabel}
      keyOf={regionKey}
    />
  );
}

/**
 * Filter by region (province → city → county, cascading), year and issue code; each value with its count of
 * agencies. On a phone the filters fold into the <details>.
 */
export function Facets({ path, params, facets, years = false, issues, clearOnRegion = [], noRegion = "全国", countNote = "数字为机关数" }: Props) {
  const province = params.get("province");
  const city = params.get("city");
  const county = params.get("county");
  const issue = params.get("issue");
  const chosenYears = yearsOf(params);
  const extra = Object.fromEntries(clearOnRegion.map((key) => [key, null]));
  const set = (changes: Record<string, string | null>) => hrefWith(path, params, { ...extra, ...changes });
  const summary = [province, city, county].filter(Boolean).join(" · ") || noRegion;
  const yearSummary = chosenYears.length ? ` · ${chosenYears.join("、")} 年` : "";
  const issueSummary = issues && issue ? ` · ${issue}` : "";
  return (
    <details className="filters">
      <summary>
        筛选：{summary}
        {yearSummary}
        {issueSummary}
        <span className="muted">（{countNote}）</span>
      </summary>
      <RegionList
        title="省份"
        items={facets.province}
        current={province}
        clear={set({ province: null, city: null, county: null })}
        link={(value) => set({ province: regionKey(value), city: null, county: null })}
      />
      {province && (
        <RegionList
          title="城市"
          items={facets.city}
          current={city}
          clear={set({ city: null, county: null })}
          link={(value) => set({ city: regionKey(value), county: null })}
        />
      )}
      {province && city && (
        <RegionList title="区县" items={facets.county} current={county} clear={set({ county: null })} link={(value) => set({ county: regionKey(value) })} />
      )}
      {years && (
        <FacetList
          title="年度（可多选）"
          items={facets.year}
          isCurrent={(value) => chosenYears.includes(value)}
          noneChosen={chosenYears.length === 0}
          link={(value) =>
            hrefWith(path, params, { year: chosenYears.includes(value) ? chosenYears.filter((y) => y !== value) : [...chosenYears, value].sort() })
          }
          clear={hrefWith(path, params, { year: null })}
          label={String}
          keyOf={String}
        />
      )}
      {issues && (
        <FacetList
          title="解析标记"
          items={issues}
          isCurrent={(value) => value === issue}
          noneChosen={issue === null}
          link={(value) => hrefWith(path, params, { issue: value })}
          clear={hrefWith(path, params, { issue: null })}
          label={(value) => value}
          keyOf={(value) => value}
          hint={(value) => ISSUE_LABELS[value]}
        />
      )}
    </details>
  );
}

/** Why a filtered list is empty: a filter value that is not in the data says so. */
export function unknownFilterValues(params: URLSearchParams, facets: AgencyFacets, issues?: Facet<string>[]): string[] {
  const unknown: string[] = [];
  const has = (items: Facet<string | null>[], value: string) => items.some((f) => regionKey(f.value) === value);
  const province = params.get("province");
  const city = params.get("city");
  const county = params.get("county");
  if (province && !has(facets.province, province)) unknown.push(province);
  else if (province && city && !has(facets.city, city)) unknown.push(city);
  else if (province && city && county && !has(facets.county, county)) unknown.push(county);
  const years = new Set(facets.year.map((f) => f.value));
  for (const year of yearsOf(params)) if (!years.has(year)) unknown.push(`${year} 年`);
  const issue = params.get("issue")?.trim();
  if (issues && issue && !issues.some((f) => f.value === issue)) unknown.push(`标记 ${issue}`);
  return unknown;
}
