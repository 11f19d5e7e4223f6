import type { ReactNode } from "react";
import type { ProactiveCellRow, StoredIssue } from "@/lib/store/types";
import type { MatrixCounts } from "@/lib/report/measures";
import {
  APPLICANT_COLUMNS,
  PRINTED_ROWS,
  REVIEW_FIELDS,
  REVIEW_GROUPS,
  type ApplicationRow,
  type FormatVersion,
  type Issue,
  type NumberPages,
  type PagedSection,
} from "@/lib/report/schema";
import {
  APPLICANTS_LABEL,
  APPLICATIONS_HEADING,
  APPLICATIONS_NOTE,
  COLUMN_LABELS,
  LITIGATION_GROUPS,
  LITIGATION_LABEL,
  ORGANISATIONS_LABEL,
  PROACTIVE_HEADING,
  PROACTIVE_TEMPLATE,
  REVIEW_FIELD_LABELS,
  REVIEW_GROUP_LABELS,
  REVIEW_LITIGATION_HEADING,
  ROW_LABELS,
  unnumbered,
} from "@/lib/report/template";
import { formatCount, MISSING } from "@/lib/web/format";
import { ISSUE_MEANINGS } from "@/lib/web/issue-text";
import { Flags } from "./Flags";
import { TableScroll } from "./TableScroll";

/** The report's three tables laid out as the national template prints them for its version, flags beside the numbers. */

export type FlagIndex = Map<string, Issue[]>;

/** A table's name for its scrolling region: 表三 收到和处理政府信息公开申请情况 (the heading less its numbering). */
const tableName = (table: string, heading: string) => `${table} ${unnumbered(heading)}`;

const flagKey = (section: string, row?: string, column?: string) => `${section}|${row ?? ""}|${column ?? ""}`;

export function indexFlags(issues: StoredIssue[]): FlagIndex {
  const index: FlagIndex = new Map();
  for (const issue of issues) {
    const key = flagKey(issue.where.section, issue.where.row, issue.where.column);
    index.set(key, [...(index.get(key) ?? []), issue]);
  }
  return index;
}

/** Where the numbers were printed: the original file's URL and the page of each number (PDFs only). */
export type SourcePages = { href: string; pages: NumberPages };

/** A number linked to its page of the original file (`…#page=N`), when that page is known. */
function OnPage({ source, section, at, children }: { source?: SourcePages | null; section: PagedSection; at: string; children: ReactNode }) {
  const page = (source?.pages[section] as Record<string, number | undefined> | undefined)?.[at];
  if (!source || !page) return <>{children}</>;
  return (
    <a href={`${source.href}#page=${page}`} title={`原文第 ${page} 页`} data-page={page}>
      {children}
    </a>
  );
}

function TableNotes({ issues }: { issues: Issue[] | undefined }) {
  if (!issues?.length) return null;
  return (
    <ul className="muted">
      {issues.map((issue, i) => (
        <li key={i}>
          <Flags issues={[issue]} scope="note" /> {ISSUE_MEANINGS[issue.code] ?? issue.code}
        </li>
      ))}
    </ul>
  );
}

// ── 二、主动公开政府信息情况 ───────────────────────────────────────────────────────────────────────────────

function ProactiveValue({ cell }: { cell: ProactiveCellRow | undefined }) {
  if (!cell) return <>{MISSING}</>;
  if (cell.value === null) return <span title={`原文：${cell.raw || "（空）"}`}>{cell.raw || MISSING}</span>;
  const printed = cell.raw.replace(/\s+/g, "");
  const plain = String(cell.value);
  return (
    <>
      {formatCount(cell.value)}
      {printed && printed !== plain && (
        <span className="muted" title="原文">
          （{printed}）
        </span>
      )}
    </>
  );
}

export function ProactiveTable({
  version,
  cells,
  flags,
  source,
}: {
  version: FormatVersion;
  cells: ProactiveCellRow[];
  flags: FlagIndex;
  source?: SourcePages | null;
}) {
  const bands = PROACTIVE_TEMPLATE[version];
  const width = Math.max(...bands.map((band) => band.metrics.length));
  const byKey = new Map(cells.map((cell) => [cell.key, cell]));
  const span = (index: number, count: number) => (index === count - 1 ? width - count + 1 : 1);
  return (
    <section aria-labelledby="proactive-heading">
      <h2 id="proactive-heading">{PROACTIVE_HEADING}</h2>
      <TableNotes issues={flags.get(flagKey("proactive"))} />
      <TableScroll label={tableName("表二", PROACTIVE_HEADING)}>
        <table className="data template sticky-first" id="table-proactive">
          {bands.map((band) => (
            <tbody key={band.item}>
              <tr>
                <th colSpan={width + 1}>{band.heading}</th>
              </tr>
              <tr className="metrics">
                <th className="label">信息内容</th>
                {band.metrics.map((metric, i) => (
                  <th key={metric} colSpan={span(i, band.metrics.length)}>
                    {metric}
                  </th>
                ))}
              </tr>
              {band.rows.map((row) => (
                <tr key={row.category}>
                  <td className="label">{row.category}</td>
                  {row.fields.map((field, i) => (
                    <td key={field.key} className="num" colSpan={span(i, row.fields.length)}>
                      <OnPage source={source} section="proactive" at={field.key}>
                        <ProactiveValue cell={byKey.get(field.key)} />
                      </OnPage>
                      <Flags issues={flags.get(flagKey("proactive", field.key))} />
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          ))}
        </table>
      </TableScroll>
    </section>
  );
}

// ── 三、收到和处理政府信息公开申请情况 ─────────────────────────────────────────────────────────────────────

/** How many consecutive rows from `index` share the same parent at `level` (the rowspan of that parent's cell). */
function runLength(rows: readonly ApplicationRow[], index: number, level: number): number {
  const key = (i: number) => ROW_LABELS[rows[i]!].parents.slice(0, level + 1).join("/");
  let end = index;
  while (end + 1 < rows.length && ROW_LABELS[rows[end + 1]!].parents.length > level && key(end + 1) === key(index)) end++;
  return end - index + 1;
}

function startsRun(rows: readonly ApplicationRow[], index: number, level: number): boolean {
  const parents = ROW_LABELS[rows[index]!].parents;
  if (parents.length <= level) return false;
  if (index === 0) return true;
  const previous = ROW_LABELS[rows[index - 1]!].parents;
  return previous.slice(0, level + 1).join("/") !== parents.slice(0, level + 1).join("/");
}

export function ApplicationsTable({
  version,
  counts,
  flags,
  source,
}: {
  version: FormatVersion;
  counts: MatrixCounts;
  flags: FlagIndex;
  source?: SourcePages | null;
}) {
  const rows = PRINTED_ROWS[version];
  const organisations = APPLICANT_COLUMNS.filter((c) => c !== "naturalPerson" && c !== "total");
  const header = (column: (typeof APPLICANT_COLUMNS)[number], rowSpan?: number) => (
    <th key={column} rowSpan={rowSpan}>
      {COLUMN_LABELS[column]}
      <Flags issues={flags.get(flagKey("applications", undefined, column))} />
    </th>
  );
  return (
    <section aria-labelledby="applications-heading">
      <h2 id="applications-heading">{APPLICATIONS_HEADING}</h2>
      <TableNotes issues={flags.get(flagKey("applications"))} />
      <TableScroll label={tableName("表三", APPLICATIONS_HEADING)}>
        <table className="data template" id="table-applications">
          <thead>
            <tr>
              <th colSpan={3} rowSpan={3} className="label corner">
                {APPLICATIONS_NOTE}
              </th>
              <th colSpan={APPLICANT_COLUMNS.length}>{APPLICANTS_LABEL}</th>
            </tr>
            <tr>
              {header("naturalPerson", 2)}
              <th colSpan={organisations.length}>{ORGANISATIONS_LABEL}</th>
              {header("total", 2)}
            </tr>
            <tr>{organisations.map((column) => header(column))}</tr>
          </thead>
          <tbody>
            {rows.map((row, index) => {
              const { parents, label } = ROW_LABELS[row];
              return (
                <tr key={row} data-row={row} className={row === "handledTotal" ? "total" : undefined}>
                  {[0, 1].map((level) =>
                    startsRun(rows, index, level) ? (
                      <th key={level} rowSpan={runLength(rows, index, level)} className={`label level-${level}`} scope="rowgroup">
                        {parents[level]}
                      </th>
                    ) : null,
                  )}
                  <th className={`label leaf depth-${parents.length}`} scope="row" colSpan={3 - parents.length}>
                    {label}
                    <Flags issues={flags.get(flagKey("applications", row))} />
                  </th>
                  {APPLICANT_COLUMNS.map((column) => (
                    <td key={column} className="num" data-key={`applications.${row}.${column}`}>
                      <OnPage source={source} section="applications" at={row}>
                        {formatCount(counts.applications[row]?.[column])}
                      </OnPage>
                      <Flags issues={flags.get(flagKey("applications", row, column))} />
                    </td>
                  ))}
                </tr>
              );
            })}
          </tbody>
        </table>
      </TableScroll>
    </section>
  );
}

// ── 四、政府信息公开行政复议、行政诉讼情况 ───────────────────────────────────────────────────────────────

export function ReviewLitigationTable({ counts, flags, source }: { counts: MatrixCounts; flags: FlagIndex; source?: SourcePages | null }) {
  return (
    <section aria-labelledby="review-litigation-heading">
      <h2 id="review-litigation-heading">{REVIEW_LITIGATION_HEADING}</h2>
      <TableNotes issues={flags.get(flagKey("reviewLitigation"))} />
      <TableScroll label={tableName("表四", REVIEW_LITIGATION_HEADING)}>
        <table className="data template" id="table-review-litigation">
          <thead>
            <tr>
              <th colSpan={REVIEW_FIELDS.length}>{REVIEW_GROUP_LABELS.reconsideration}</th>
              <th colSpan={REVIEW_FIELDS.length * LITIGATION_GROUPS.length}>{LITIGATION_LABEL}</th>
            </tr>
            <tr>
              {REVIEW_FIELDS.map((field) => (
                <th key={field} rowSpan={2}>
                  {REVIEW_FIELD_LABELS[field]}
                </th>
              ))}
              {LITIGATION_GROUPS.map((group) => (
                <th key={group} colSpan={5}>
                  {REVIEW_GROUP_LABELS[group]}
                </th>
              ))}
            </tr>
            <tr>{LITIGATION_GROUPS.flatMap((group) => REVIEW_FIELDS.map((field) => <th key={`${group}.${field}`}>{REVIEW_FIELD_LABELS[field]}</th>))}</tr>
          </thead>
          <tbody>
            <tr>
              {REVIEW_GROUPS.flatMap((group) =>
                REVIEW_FIELDS.map((field) => (
                  <td key={`${group}.${field}`} className="num" data-key={`reviewLitigation.${group}.${field}`}>
                    <OnPage source={source} section="reviewLitigation" at={group}>
                      {formatCount(counts.reviewLitigation[group]?.[field])}
                    </OnPage>
                    <Flags
                      issues={[
                        ...(flags.get(flagKey("reviewLitigation", group, field)) ?? []),
                        ...(field === "total" ? (flags.get(flagKey("reviewLitigation", group)) ?? []) : []),
                      ]}
                    />
                  </td>
                )),
              )}
            </tr>
          </tbody>
        </table>
      </TableScroll>
    </section>
  );
}
