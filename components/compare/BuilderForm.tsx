import Link from "next/link";
import { CarriedParams } from "@/components/ListParts";
import { AgencyPicker, type PickedAgency } from "@/components/compare/AgencyPicker";
import { OptionalSelect } from "@/components/compare/OptionalSelect";
import { DERIVED_MEASURES, measureLabel, OUTCOME_ROWS } from "@/lib/report/measures";
import { APPLICANT_COLUMNS, APPLICATION_ROWS, REVIEW_FIELDS, REVIEW_GROUPS } from "@/lib/report/schema";
import { SHORT_ROW_LABELS } from "@/lib/report/template";
import { MAX_COMPARE_AGENCIES } from "@/lib/store/types";
import { compareStateHref, hrefWith, MAX_COMPARE_MEASURES } from "@/lib/web/params";

/** The measures beyond the derived ones, offered one at a time in a list. */
const MORE_MEASURES = [
  { label: `办理结果占${SHORT_ROW_LABELS.handledTotal}的比例`, keys: OUTCOME_ROWS.map((row) => `outcomeShare.${row}`) },
  { label: "表三 单元格", keys: APPLICATION_ROWS.flatMap((row) => APPLICANT_COLUMNS.map((column) => `applications.${row}.${column}`)) },
  { label: "表四 单元格", keys: REVIEW_GROUPS.flatMap((group) => REVIEW_FIELDS.map((field) => `reviewLitigation.${group}.${field}`)) },
];

type Props = {
  params: URLSearchParams;
  chosen: PickedAgency[];
  /** Agencies matching `q`, listed as links when the form was sent without JavaScript. */
  matches: PickedAgency[];
  q: string;
  measures: string[];
  years: number[];
  from: number | undefined;
  to: number | undefined;
};

/**
 * The comparison builder: one form holding the agencies, the measures and the years, so changing one keeps the
 * others. Sent as GET, it is the page's URL (`?agency=1&agency=2&measure=grantRate&measure=…&from=2019&to=2024`).
 */
/** One end of the year range: `open` (最早/最晚) leaves it unbounded. */
function YearSelect({ name, label, open, years, value }: { name: "from" | "to"; label: string; open: string; years: number[]; value: number | undefined }) {
  return (
    <label htmlFor={`builder-${name}`}>
      {label}{" "}
      <OptionalSelect id={`builder-${name}`} name={name} defaultValue={String(value ?? "")}>
        <option value="">{open}</option>
        {years.map((y) => (
          <option key={y} value={y}>
            {y}
          </option>
        ))}
      </OptionalSelect>
    </label>
  );
}

export function BuilderForm({ params, chosen, matches, q, measures, years, from, to }: Props) {
  const derived: readonly string[] = DERIVED_MEASURES;
  const extra = measures.filter((m) => !derived.includes(m));
  const ids = chosen.map((a) => a.id);
  return (
    // Keyed by the query: a link to another comparison (a soft navigation) mounts the form anew, its boxes, lists and
    // type-ahead showing the new URL's state rather than keeping the old one's.
    <form key={params.toString()} action="/compare" className="builder" aria-label="比较的机关、指标和年度">
      <CarriedParams params={params} omit={["agency", "measure", "year", "from", "to", "q"]} />
      <fieldset>
        <legend>机关（最多 {MAX_COMPARE_AGENCIES} 个）</legend>
        <AgencyPicker chosen={chosen} q={q} max={MAX_COMPARE_AGENCIES} />
        {q && matches.length === 0 && <p className="muted">没有名称包含“{q}”的机关。</p>}
        {matches.length > 0 && (
          <ul className="hits" aria-label="查找结果">
            {matches.map((a) => (
              <li key={a.id}>
                <Link href={hrefWith("/compare", params, { agency: [...ids, a.id], q: null })}>＋ 加入 {a.name}</Link> <span className="muted">{a.region}</span>
              </li>
            ))}
          </ul>
        )}
        <p className="muted">
          或在 <Link href={compareStateHref("/agencies", params)}>机关列表</Link> 中勾选。
        </p>
      </fieldset>
      <fieldset className="measures">
        <legend>指标（可多选，最多 {MAX_COMPARE_MEASURES} 个）</legend>
        {[...DERIVED_MEASURES, ...extra].map((m) => (
          <label key={m}>
            <input type="checkbox" name="measure" value={m} defaultChecked={measures.includes(m)} /> {measureLabel(m)}
          </label>
        ))}
        <label className="more" htmlFor="builder-more">
          另加指标{" "}
          <OptionalSelect id="builder-more" name="measure" defaultValue="">
            <option value="">（不加）</option>
            {MORE_MEASURES.map((group) => (
              <optgroup key={group.label} label={group.label}>
                {group.keys
                  .filter((key) => !extra.includes(key))
                  .map((key) => (
                    <option key={key} value={key}>
                      {measureLabel(key)}
                    </option>
                  ))}
              </optgroup>
            ))}
          </OptionalSelect>
        </label>
      </fieldset>
      <fieldset className="range">
        <legend>年度</legend>
        <YearSelect name="from" label="自" open="最早" years={years} value={from} />
        <YearSelect name="to" label="至" open="最晚" years={years} value={to} />
      </fieldset>
      <button className="button primary" type="submit">
        更新比较
      </button>
    </form>
  );
}
