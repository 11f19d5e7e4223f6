import {
  AGENCY_SORTS,
  MAX_COMPARE_AGENCIES,
  type AgencyListQuery,
  type AgencySort,
  type CompareQuery,
  type CoverageQuery,
  type RegionFilter,
  type ReportFilter,
  type SearchQuery,
  type SortDirection,
} from "../store/types";
import { parseMeasure } from "../report/measures";

/**
 * The URL is the whole view state: every page and its CSV/JSON twins read the same query string through
 * these parsers. A value that cannot be read falls back to the default instead of failing.
 */

export type SearchParamsRecord = Record<string, string | string[] | undefined>;

export const PAGE_SIZE = 50;
export const MAX_API_PAGE_SIZE = 1000;
export const DEFAULT_MEASURE = "grantRate";

export function toSearchParams(record: SearchParamsRecord): URLSearchParams {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(record)) {
    for (const item of Array.isArray(value) ? value : value === undefined ? [] : [value]) params.append(key, item);
  }
  return params;
}

/**
 * A text parameter, trimmed and cut to a length. Control characters become U+FFFD, which no name or text holds:
 * SQLite ends a LIKE pattern at a NUL, so `q=%00` would otherwise match every name.
 */
function text(params: URLSearchParams, key: string, maxLength = 100): string | undefined {
  const value = params
    .get(key)
    ?.trim()
    .replace(/\p{Cc}/gu, "\ufffd");
  return value ? value.slice(0, maxLength) : undefined;
}

function positiveInt(value: string | null | undefined, max = Number.MAX_SAFE_INTEGER): number | undefined {
  if (!value || !/^\d{1,9}$/.test(value)) return undefined;
  const n = Number(value);
  return n >= 1 && n <= max ? n : undefined;
}

/** `year=2023&year=2024` or `year=2023,2024`; anything not a plausible year is dropped. */
export function yearsOf(params: URLSearchParams): number[] {
  const years = params
    .getAll("year")
    .flatMap((value) => value.split(","))
    .map((value) => value.trim())
    .filter((value) => /^(19|20)\d\d$/.test(value))
    .map(Number);
  return [...new Set(years)].sort((a, b) => a - b);
}

export function regionOf(params: URLSearchParams): RegionFilter {
  const region: RegionFilter = {};
  const province = text(params, "province");
  const city = text(params, "city");
  const county = text(params, "county");
  if (province) region.province = province;
  if (province && city) region.city = city;
  if (province && city && county) region.county = county;
  return region;
}

export function pageOf(params: URLSearchParams): number {
  return positiveInt(params.get("page"), 100_000) ?? 1;
}

/** The JSON API pages like the page it mirrors, with an optional larger pageSize. */
export function pageSizeOf(params: URLSearchParams, fallback = PAGE_SIZE): number {
  return positiveInt(params.get("pageSize"), MAX_API_PAGE_SIZE) ?? fallback;
}

export function reportFilterOf(params: URLSearchParams): ReportFilter {
  const filter: ReportFilter = { ...regionOf(params) };
  const years = yearsOf(params);
  const q = text(params, "q");
  const issue = text(params, "issue", 50);
  if (years.length) filter.years = years;
  if (q) filter.q = q;
  if (issue) filter.issue = issue;
  return filter;
}

export function agencyListQueryOf(params: URLSearchParams, pageSize = PAGE_SIZE): AgencyListQuery {
  const sort = params.get("sort");
  const dir = params.get("dir");
  return {
    ...reportFilterOf(params),
    sort: (AGENCY_SORTS as readonly string[]).includes(sort ?? "") ? (sort as AgencySort) : "name",
    dir: dir === "desc" ? "desc" : dir === "asc" ? "asc" : defaultDirection((sort as AgencySort) ?? "name"),
    page: pageOf(params),
    pageSize,
  };
}

/** Names and regions read A→Z; numbers and rates read highest first. */
export function defaultDirection(sort: AgencySort): SortDirection {
  return sort === "name" || sort === "region" ? "asc" : "desc";
}

export function measureOf(params: URLSearchParams): string {
  const measure = params.get("measure");
  return measure && parseMeasure(measure) ? measure : DEFAULT_MEASURE;
}

export function agencyIdsOf(params: URLSearchParams): number[] {
  const ids = params
    .getAll("agency")
    .flatMap((value) => value.split(","))
    .map((value) => positiveInt(value.trim()))
    .filter((id): id is number => id !== undefined);
  return [...new Set(ids)].slice(0, MAX_COMPARE_AGENCIES);
}

/** The type-ahead's query: a name's part, one page of SUGGESTIONS agencies in name order. */
export const SUGGESTIONS = 10;
export function suggestQueryOf(params: URLSearchParams): AgencyListQuery & { q: string } {
  return { q: text(params, "q", 50) ?? "", sort: "name", dir: "asc", page: 1, pageSize: SUGGESTIONS };
}

/** Most measures one comparison shows side by side (a chart and a table each). */
export const MAX_COMPARE_MEASURES = 6;

/** `measure=grantRate&measure=withheldRate` (or comma-separated): the valid keys in URL order, grantRate without any. */
export function measuresOf(params: URLSearchParams): string[] {
  const keys = params
    .getAll("measure")
    .flatMap((value) => value.split(","))
    .map((value) => value.trim())
    .filter((key) => parseMeasure(key) !== null);
  const unique = [...new Set(keys)].slice(0, MAX_COMPARE_MEASURES);
  return unique.length ? unique : [DEFAULT_MEASURE];
}

function yearParam(params: URLSearchParams, key: string): number | undefined {
  const value = params.get(key)?.trim() ?? "";
  return /^(19|20)\d\d$/.test(value) ? Number(value) : undefined;
}

/** The comparison of the first measure; `from`/`to` bound the years when no `year` is listed. */
export function compareQueryOf(params: URLSearchParams): CompareQuery {
  const query: CompareQuery = { agencyIds: agencyIdsOf(params), region: regionOf(params), years: yearsOf(params), measure: measuresOf(params)[0]! };
  let from = yearParam(params, "from");
  let to = yearParam(params, "to");
  if (from !== undefined && to !== undefined && from > to) [from, to] = [to, from];
  if (from !== undefined) query.from = from;
  if (to !== undefined) query.to = to;
  return query;
}

/** How the comparison table is sorted: by name or region, or by a measure's value in a year (`sort=grantRate:2023`). */
export type CompareSort = { by: "value"; measure: string; year: number; dir: SortDirection } | { by: "name" | "region"; dir: SortDirection } | null;

/** Several measures of one comparison, and the table's order: what /compare and its CSV/JSON twins show. */
export type CompareView = { query: CompareQuery; measures: string[]; sort: CompareSort; shape: "wide" | "long"; labels: "keys" | "zh" };

export function compareViewOf(params: URLSearchParams): CompareView {
  const measures = measuresOf(params);
  const sortText = params.get("sort") ?? "";
  const dirText = params.get("dir");
  let sort: CompareSort = null;
  const byValue = /^(.+):((?:19|20)\d\d)$/.exec(sortText);
  if (byValue && measures.includes(byValue[1]!))
    sort = { by: "value", measure: byValue[1]!, year: Number(byValue[2]), dir: dirText === "asc" ? "asc" : "desc" };
  else if (sortText === "name" || sortText === "region") sort = { by: sortText, dir: dirText === "desc" ? "desc" : "asc" };
  return {
    query: compareQueryOf(params),
    measures,
    sort,
    shape: params.get("shape") === "long" ? "long" : "wide",
    labels: params.get("labels") === "zh" ? "zh" : "keys",
  };
}

export function searchQueryOf(params: URLSearchParams, pageSize = 20): SearchQuery {
  const query: SearchQuery = { ...regionOf(params), text: text(params, "q", 200) ?? "", page: pageOf(params), pageSize };
  const years = yearsOf(params);
  if (years.length) query.years = years;
  if (params.get("revisions") === "1") query.revisions = true;
  return query;
}

export function coverageQueryOf(params: URLSearchParams, pageSize = 100): CoverageQuery {
  const issue = text(params, "issue", 50);
  return { ...regionOf(params), ...(issue ? { issue } : {}), page: pageOf(params), pageSize };
}

/** A numeric route id (`/agencies/12`), or undefined for anything else. */
export function routeId(value: string): number | undefined {
  return positiveInt(value);
}

/**
 * A link to `path` with the current query changed: a null value removes the key, an array sets repeated keys.
 * Changing a filter resets the page, unless the page is what changes.
 */
export function hrefWith(path: string, params: URLSearchParams, changes: Record<string, string | number | (string | number)[] | null>): string {
  const next = new URLSearchParams(params);
  if (!("page" in changes)) next.delete("page");
  for (const [key, value] of Object.entries(changes)) {
    next.delete(key);
    if (value === null) continue;
    for (const item of Array.isArray(value) ? value : [value]) next.append(key, String(item));
  }
  const query = next.toString();
  return query ? `${path}?${query}` : path;
}

/** The query string without the page's own paging, for CSV downloads that carry every row. */
export function queryString(params: URLSearchParams, extra: Record<string, string> = {}): string {
  const next = new URLSearchParams(params);
  for (const [key, value] of Object.entries(extra)) next.set(key, value);
  const query = next.toString();
  return query ? `?${query}` : "";
}

/** The keys of a comparison's state that other pages carry, so ticking agencies there keeps the measures and years. */
export const COMPARE_STATE_KEYS = ["agency", "measure", "from", "to"] as const;

/** A link to `path` carrying the comparison's state of `params` (and nothing else of the page). */
export function compareStateHref(path: string, params: URLSearchParams, changes: Record<string, string | number | (string | number)[] | null> = {}): string {
  const state = new URLSearchParams();
  for (const key of COMPARE_STATE_KEYS) for (const value of params.getAll(key)) state.append(key, value);
  return hrefWith(path, state, changes);
}
