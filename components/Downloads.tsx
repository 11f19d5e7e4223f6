import { queryString } from "@/lib/web/params";

type Props = {
  /** The API path without extension: `/api/agencies`, `/api/reports/12`. */
  api: string;
  params?: URLSearchParams;
  /** A named table of the view's CSV (`?table=`); the view's first table without it. */
  table?: string;
  label?: string;
};

/** The CSV and JSON twins of a table, carrying the page's query (a CSV has every row, not the page). */
export function Downloads({ api, params = new URLSearchParams(), table, label = "下载本表" }: Props) {
  const csvParams = new URLSearchParams(params);
  csvParams.delete("page");
  const extra: Record<string, string> = table ? { table } : {};
  return (
    <p className="downloads">
      <span className="muted">{label}：</span>
      <a href={`${api}.csv${queryString(csvParams, extra)}`} download data-format="csv">
        CSV
      </a>
      <a href={`${api}.json${queryString(params)}`} data-format="json">
        JSON
      </a>
    </p>
  );
}
