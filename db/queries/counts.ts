import { and, eq, inArray, type SQL, sql } from "drizzle-orm";
import type { CellRef, Count, MatrixCounts, MeasureInputs } from "../../lib/report/measures";
import {
  APPLICANT_COLUMNS,
  APPLICATION_ROWS,
  type ApplicantColumn,
  type ApplicationRow,
  REVIEW_FIELDS,
  REVIEW_GROUPS,
  type ReviewField,
  type ReviewGroup,
} from "../../lib/report/schema";
import type { Db } from "../client";
import { measurePartsSql, measureSql, totalsColumnName } from "../measure-sql";
import { agencies, agencyTotals, applicationRows, reports, reportTotals, reviewLitigationRows } from "../schema";
import { agencyConditions, onlyCurrentReports, type ReportFilter, rawRows, reportConditions } from "./common";

// ── Summed matrix counts, the input of every measure ─────────────────────────────────────────────────────

export const ALL_INPUTS: MeasureInputs = {
  applications: Object.fromEntries(APPLICATION_ROWS.map((row) => [row, [...APPLICANT_COLUMNS]])),
  reviewLitigation: Object.fromEntries(REVIEW_GROUPS.map((group) => [group, [...REVIEW_FIELDS]])),
};

/** Union of several measures' inputs. */
export function mergeInputs(list: readonly MeasureInputs[]): MeasureInputs {
  const merged: MeasureInputs = { applications: {}, reviewLitigation: {} };
  for (const inputs of list) {
    for (const [row, columns] of Object.entries(inputs.applications) as [ApplicationRow, ApplicantColumn[]][])
      merged.applications[row] = [...new Set([...(merged.applications[row] ?? []), ...columns])];
    for (const [group, fields] of Object.entries(inputs.reviewLitigation) as [ReviewGroup, ReviewField[]][])
      merged.reviewLitigation[group] = [...new Set([...(merged.reviewLitigation[group] ?? []), ...fields])];
  }
  return merged;
}

export type Grouping = "report" | "agency" | "agencyYear" | "year";
export type GroupKey = { reportId?: number; agencyId?: number; year?: number };

const GROUP_COLUMNS = {
  report: { reportId: reports.id },
  agency: { agencyId: reports.agencyId },
  agencyYear: { agencyId: reports.agencyId, year: reports.year },
  year: { year: reports.year },
} as const;

export const groupKey = (grouping: Grouping, row: GroupKey): string =>
  grouping === "agencyYear" ? `${row.agencyId}:${row.year}` : String(row.reportId ?? row.agencyId ?? row.year);

type Cell = CellRef;
type Pivot = { fields: Record<string, SQL<number | null>>; cells: Map<string, Cell> };

export type TotalsColumn = Exclude<keyof typeof reportTotals.$inferSelect, "reportId">;

/** A measure in SQL over report_totals summed in a grouping; null for a measure reading cells it lacks. */
export const summedMeasureSql = (key: string) => measureSql(key, (name) => sql`sum(${reportTotals[name as TotalsColumn]})`);

/** A rate's numerator and denominator in SQL over report_totals summed in a grouping; null for a measure that is no rate or lacks SQL. */
export const summedPartsSql = (key: string) => measurePartsSql(key, (name) => sql`sum(${reportTotals[name as TotalsColumn]})`);

/** The report_totals column holding a cell, if it has one (every total, newReceived's 自然人, all of 表四). */
function totalsColumn(cell: Cell) {
  const name = totalsColumnName(cell);
  return name === null ? null : reportTotals[name as TotalsColumn];
}

export function wantedCells(inputs: MeasureInputs): Cell[] {
  return [
    ...(Object.entries(inputs.applications) as [ApplicationRow, ApplicantColumn[]][]).flatMap(([row, columns]) =>
      columns.map((column): Cell => ({ kind: "applications", row, column })),
    ),
    ...(Object.entries(inputs.reviewLitigation) as [ReviewGroup, ReviewField[]][]).flatMap(([group, fields]) =>
      fields.map((field): Cell => ({ kind: "reviewLitigation", group, field })),
    ),
  ];
}

function pivot(cells: Cell[], field: (cell: Cell) => SQL<number | null>): Pivot {
  const result: Pivot = { fields: {}, cells: new Map() };
  cells.forEach((cell, i) => {
    result.fields[`c${i}`] = field(cell);
    result.cells.set(`c${i}`, cell);
  });
  return result;
}

/** A long-table cell pivoted into a column: one SUM(CASE …) per cell over a report's 26 (or 3) lines. */
function longTableSum(cell: Cell): SQL<number | null> {
  return cell.kind === "applications"
    ? sql<number | null>`sum(CASE WHEN ${applicationRows.row} = ${cell.row} THEN ${applicationRows[cell.column]} END)`
    : sql<number | null>`sum(CASE WHEN ${reviewLitigationRows.group} = ${cell.group} THEN ${reviewLitigationRows[cell.field]} END)`;
}

export const emptyCounts = (): MatrixCounts => ({ applications: {}, reviewLitigation: {} });

export function setCell(counts: MatrixCounts, cell: Cell, value: Count): void {
  if (cell.kind === "applications") (counts.applications[cell.row] ??= {})[cell.column] = value;
  else (counts.reviewLitigation[cell.group] ??= {})[cell.field] = value;
}

/**
 * The wanted cells summed per group (a report, an agency, an agency-year or a year) over the filtered reports.
 * Cells in report_totals are read there, one line per report; any other cell (a single applicant column of a
 * row) is pivoted from application_rows.
 */
export function summedCounts(db: Db, filter: ReportFilter, inputs: MeasureInputs, grouping: Grouping): Map<string, MatrixCounts> {
  const result = new Map<string, MatrixCounts>();
  const entry = (row: GroupKey) => {
    const key = groupKey(grouping, row);
    const found = result.get(key) ?? emptyCounts();
    result.set(key, found);
    return found;
  };
  const groupNames = Object.keys(GROUP_COLUMNS[grouping]) as (keyof GroupKey)[];
  // Rows come back as arrays in the order of the selection: the group columns, then the cells.
  const collect = (rows: unknown[][], cells: Map<string, Cell>) => {
    const cellList = [...cells.values()];
    for (const row of rows) {
      const key: GroupKey = {};
      groupNames.forEach((name, i) => (key[name] = row[i] as number));
      const counts = entry(key);
      cellList.forEach((cell, i) => setCell(counts, cell, (row[groupNames.length + i] as Count) ?? null));
    }
  };
  const groupColumns = GROUP_COLUMNS[grouping];
  const where = reportConditions(filter);
  const cells = wantedCells(inputs);

  const fromTotals = pivot(
    cells.filter((cell) => totalsColumn(cell)),
    (cell) => sql<number | null>`sum(${totalsColumn(cell)})`,
  );
  if (fromTotals.cells.size && grouping === "agency" && onlyCurrentReports(filter)) {
    // Every current report of each agency: agency_totals holds those sums already.
    const agencyFields = pivot([...fromTotals.cells.values()], (cell) => sql<number | null>`${agencyTotals[totalsColumnName(cell) as TotalsColumn]}`);
    const conditions = agencyConditions(filter);
    if (filter.agencyIds) conditions.push(inArray(agencyTotals.agencyId, filter.agencyIds));
    const base = db
      .select({ agencyId: agencyTotals.agencyId, ...agencyFields.fields })
      .from(agencyTotals)
      .$dynamic();
    const readsAgencies = conditions.length > (filter.agencyIds ? 1 : 0);
    const query = (readsAgencies ? base.innerJoin(agencies, eq(agencies.id, agencyTotals.agencyId)) : base).where(and(...conditions));
    collect(rawRows(db, query), agencyFields.cells);
  } else if (fromTotals.cells.size) {
    const query = db
      .select({ ...groupColumns, ...fromTotals.fields })
      .from(reports)
      .innerJoin(reportTotals, eq(reportTotals.reportId, reports.id))
      .where(and(...where))
      .groupBy(...Object.values(groupColumns));
    collect(rawRows(db, query), fromTotals.cells);
  }

  const fromLongTable = pivot(
    cells.filter((cell) => !totalsColumn(cell)),
    longTableSum,
  );
  if (fromLongTable.cells.size) {
    const rowsWanted = [...new Set([...fromLongTable.cells.values()].flatMap((cell) => (cell.kind === "applications" ? [cell.row] : [])))];
    const query = db
      .select({ ...groupColumns, ...fromLongTable.fields })
      .from(reports)
      .innerJoin(applicationRows, eq(applicationRows.reportId, reports.id))
      .where(and(...where, rowsIn(filter, rowsWanted)))
      .groupBy(...Object.values(groupColumns));
    collect(rawRows(db, query), fromLongTable.cells);
  }
  return result;
}

/**
 * The wanted lines of application_rows. For chosen agencies the unary + keeps SQLite off the application_rows_row
 * index (which it otherwise drives the join from: every report's line), so it reads the agencies' reports first.
 */
function rowsIn(filter: ReportFilter, rows: ApplicationRow[]): SQL {
  if (!filter.agencyIds) return inArray(applicationRows.row, rows);
  return sql`+${applicationRows.row} IN (${sql.join(
    rows.map((row) => sql`${row}`),
    sql`, `,
  )})`;
}

export const numberKeyed = (map: Map<string, MatrixCounts>) => new Map([...map].map(([key, counts]) => [Number(key), counts]));

export function countsByReport(db: Db, reportIds: number[], inputs: MeasureInputs = ALL_INPUTS): Map<number, MatrixCounts> {
  if (reportIds.length === 0) return new Map();
  return numberKeyed(summedCounts(db, { revisions: true, reportIds }, inputs, "report"));
}
