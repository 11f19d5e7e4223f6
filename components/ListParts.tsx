import Link from "next/link";
import type { ReactNode } from "react";
import { KeepTicked } from "@/components/compare/KeepTicked";
import { Pager } from "@/components/Pager";
import { TableScroll } from "@/components/TableScroll";
import type { AgencySummary } from "@/lib/store/types";
import { regionName } from "@/lib/web/format";
import { agencyIdsOf } from "@/lib/web/params";

/** The pieces every list page shares: an agency's first two cells, the empty-result notice, a form's carried query. */

/** A row's box that ticks its agency for comparison: a field of the form `form` (see ComparePick). */
export type PickBox = { form: string; checked: boolean };

/** The box that ticks an agency for comparison, in the form `pick.form`. */
export function PickCheckbox({ pick, agency }: { pick: PickBox; agency: { id: number; name: string } }) {
  return (
    <input
      type="checkbox"
      className="pick"
      form={pick.form}
      name="agency"
      value={agency.id}
      defaultChecked={pick.checked}
      aria-label={`加入比较：${agency.name}`}
    />
  );
}

/** The agency's name (linked to its page) and its region, the first two cells of a list row; with `pick`, a box to tick it for comparison. */
export function AgencyCells({ agency, pick }: { agency: AgencySummary; pick?: PickBox }) {
  return (
    <>
      <td className="label">
        {pick && <PickCheckbox pick={pick} agency={agency} />}
        <Link href={`/agencies/${agency.id}`}>{agency.name}</Link>
      </td>
      <td>{regionName(agency)}</td>
    </>
  );
}

/** Nothing matched: says so, names the filter values that are not in the data, and offers to clear them. */
export function EmptyResult({ message, unknown = [], clearHref }: { message: string; unknown?: string[]; clearHref?: string }) {
  return (
    <div className="notice" role="status">
      <p>{message}</p>
      {unknown.length > 0 && <p>数据中没有：{unknown.join("、")}。请从筛选列表中选择。</p>}
      {clearHref && (
        <p>
          <Link href={clearHref}>清除全部筛选</Link>
        </p>
      )}
    </div>
  );
}

/** The current query as hidden inputs, less the keys the form itself sets (and the page, which a new query resets). */
export function CarriedParams({ params, omit }: { params: URLSearchParams; omit: string[] }) {
  const dropped = new Set([...omit, "page"]);
  return (
    <>
      {[...params.entries()]
        .filter(([key]) => !dropped.has(key))
        .map(([key, value], i) => (
          <input key={`${key}${i}`} type="hidden" name={key} value={value} />
        ))}
    </>
  );
}

/**
 * A data table in its scrolling box (TableScroll, named `label` for a screen reader): on a phone a wide table scrolls
 * sideways instead of squeezing the page, its header row and (unless `sticky` is false) its first column staying put.
 */
export function DataTable({ id, label, sticky = true, children }: { id?: string; label: string; sticky?: boolean; children: ReactNode }) {
  return (
    <TableScroll label={label}>
      <table className={sticky ? "data sticky-first" : "data"} id={id}>
        {children}
      </table>
    </TableScroll>
  );
}

/** The header cells over AgencyCells, then one per year. */
export function AgencyYearHeaders({ years }: { years: number[] }) {
  return (
    <>
      <th className="label">机关</th>
      <th>地区</th>
      {years.map((year) => (
        <th key={year}>{year}</th>
      ))}
    </>
  );
}

type PagedListProps = {
  path: string;
  params: URLSearchParams;
  result: { total: number; page: number; pageCount: number };
  unit: string;
  empty: { message: string; unknown: string[] };
  children: ReactNode;
};

/** A filtered list: its rows and pager, or, when nothing matches, why not and how to clear the filters. */
export function PagedList({ path, params, result, unit, empty, children }: PagedListProps) {
  if (result.total === 0) return <EmptyResult message={empty.message} unknown={empty.unknown} clearHref={path} />;
  return (
    <>
      {children}
      <Pager path={path} params={params} page={result.page} pageCount={result.pageCount} total={result.total} unit={unit} />
    </>
  );
}

/**
 * The form the rows' boxes belong to (`form="compare-pick"`): sends the ticked agencies to /compare with the
 * comparison's measures and years carried from the URL, and the agencies ticked before that are not on this page
 * (KeepTicked writes each tick into the URL, so the pager's links carry them).
 */
export function ComparePick({ params, shownIds, id = "compare-pick" }: { params: URLSearchParams; shownIds: number[]; id?: string }) {
  const shown = new Set(shownIds);
  const kept = agencyIdsOf(params).filter((agencyId) => !shown.has(agencyId));
  return (
    <form id={id} action="/compare" className="compare-pick">
      <KeepTicked form={id} />
      {kept.map((value) => (
        <input key={`a${value}`} type="hidden" name="agency" value={value} />
      ))}
      {(["measure", "from", "to"] as const).flatMap((key) =>
        params.getAll(key).map((value, i) => <input key={`${key}${i}`} type="hidden" name={key} value={value} />),
      )}
      <button className="button" type="submit">
        比较勾选的机关
      </button>{" "}
      <span className="muted">{kept.length > 0 ? `（另有 ${kept.length} 个已选机关不在本页，也会带上）` : "勾选各行名称前的方框，再按此按钮。"}</span>
    </form>
  );
}
