import { and, eq, inArray, type SQL, sql } from "drizzle-orm";
import type { CellRef, Count, MatrixCounts, MeasureInputs } from "../../../lib/report/measures";
import { measurePartsSql, measureSql, totalsColumnName } from "../../measure-sql";
import type { ReportFilter } from "../../queries/common";
import { ALL_INPUTS, emptyCounts, type Grouping, type GroupKey, groupKey, numberKeyed, setCell, wantedCells } from "../../queries/counts";
import { agencies, agencyTotals, applicationRows, reports, reportTotals, reviewLitigationRows } from "../schema";
import { agencyConditions, onlyCurrentReports, type PgRead, reportConditions } from "./common";

/** The summed cells of every measure on PostgreSQL: the pair of db/queries/counts.ts, whose pure parts it imports. */

const GROUP_COLUMNS = {
  report: { reportId: reports.id },
  agency: { agencyId: reports.agencyId },
  agencyYear: { agencyId: reports.agencyId, year: reports.year },
  year: { year: reports.year },
} as const;

type TotalsColumn = Exclude<keyof typeof reportTotals.$inferSelect, "reportId">;

/** Rates in an 8-byte float, as SQLite's REAL (db/measure-sql.ts). */
const FLOAT = "double precision";

export const summedMeasureSql = (key: string) => measureSql(key, (name) => sql`sum(${reportTotals[name as TotalsColumn]})`, FLOAT);
export const summedPartsSql = (key: string) => measurePartsSql(key, (name) => sql`sum(${reportTotals[name as TotalsColumn]})`, FLOAT);
export const agencyMeasureSql = (key: string) => measureSql(key, (name) => sql`${agencyTotals[name as TotalsColumn]}`, FLOAT);

function totalsColumn(cell: CellRef) {
  const name = totalsColumnName(cell);
  return name === null ? null : reportTotals[name as TotalsColumn];
}

type Pivot = { fields: Record<string, SQL<number | null>>; cells: CellRef[] };

function pivot(cells: CellRef[], field: (cell: CellRef) => SQL<number | null>): Pivot {
  return { fields: Object.fromEntries(cells.map((cell, i) => [`c${i}`, field(cell)])), cells };
}

function longTableSum(cell: CellRef): SQL<number | null> {
  return cell.kind === "applications"
    ? sql<number | null>`sum(CASE WHEN ${applicationRows.row} = ${cell.row} THEN ${applicationRows[cell.column]} END)`
    : sql<number | null>`sum(CASE WHEN ${reviewLitigationRows.group} = ${cell.group} THEN ${reviewLitigationRows[cell.field]} END)`;
}

/** The wanted cells summed per group over the filtered reports (db/queries/counts.ts summedCounts). */
export async function summedCounts(db: PgRead, filter: ReportFilter, inputs: MeasureInputs, grouping: Grouping): Promise<Map<string, MatrixCounts>> {
  const result = new Map<string, MatrixCounts>();
  const groupNames = Object.keys(GROUP_COLUMNS[grouping]) as (keyof GroupKey)[];
  const collect = (rows: Record<string, unknown>[], cells: CellRef[]) => {
    for (const row of rows) {
      const key: GroupKey = {};
      for (const name of groupNames) key[name] = row[name] as number;
      const id = groupKey(grouping, key);
      const counts = result.get(id) ?? emptyCounts();
      result.set(id, counts);
      cells.forEach((cell, i) => setCell(counts, cell, (row[`c${i}`] as Count) ?? null));
    }
  };
  const groupColumns = GROUP_COLUMNS[grouping];
  const where = reportConditions(filter);
  const cells = wantedCells(inputs);

  // Both reads start together (one round trip on the snapshot's pipelined connection); collected in this order.
  const inTotals = cells.filter((cell) => totalsColumn(cell));
  let totals: { rows: Promise<Record<string, unknown>[]>; cells: CellRef[] } | null = null;
  if (inTotals.length && grouping === "agency" && onlyCurrentReports(filter)) {
    const agencyFields = pivot(inTotals, (cell) => sql<number | null>`${agencyTotals[totalsColumnName(cell) as TotalsColumn]}`);
    const conditions = agencyConditions(filter);
    if (filter.agencyIds) conditions.push(inArray(agencyTotals.agencyId, filter.agencyIds));
    const base = db
      .select({ agencyId: agencyTotals.agencyId, ...agencyFields.fields })
      .from(agencyTotals)
      .$dynamic();
    const readsAgencies = conditions.length > (filter.agencyIds ? 1 : 0);
    const query = (readsAgencies ? base.innerJoin(agencies, eq(agencies.id, agencyTotals.agencyId)) : base).where(and(...conditions));
    totals = { rows: query.execute(), cells: agencyFields.cells };
  } else if (inTotals.length) {
    const fromTotals = pivot(inTotals, (cell) => sql<number | null>`sum(${totalsColumn(cell)})`);
    const rows = db
      .select({ ...groupColumns, ...fromTotals.fields })
      .from(reports)
      .innerJoin(reportTotals, eq(reportTotals.reportId, reports.id))
      .where(and(...where))
      .groupBy(...Object.values(groupColumns))
      .execute();
    totals = { rows, cells: fromTotals.cells };
  }

  const fromLongTable = pivot(
    cells.filter((cell) => !totalsColumn(cell)),
    longTableSum,
  );
  let longRows: Promise<Record<string, unknown>[]> | null = null;
  if (fromLongTable.cells.length) {
    const rowsWanted = [...new Set(fromLongTable.cells.flatMap((cell) => (cell.kind === "applications" ? [cell.row] : [])))];
    longRows = db
      .select({ ...groupColumns, ...fromLongTable.fields })
      .from(reports)
      .innerJoin(applicationRows, eq(applicationRows.reportId, reports.id))
      .where(and(...where, inArray(applicationRows.row, rowsWanted)))
      .groupBy(...Object.values(groupColumns))
      .execute();
  }
  const [totalRows, longTableRows] = await Promise.all([totals?.rows, longRows]);
  if (totals && totalRows) collect(totalRows, totals.cells);
  if (longTableRows) collect(longTableRows, fromLongTable.cells);
  return result;
}

export async function countsByReport(db: PgRead, reportIds: number[], inputs: MeasureInputs = ALL_INPUTS): Promise<Map<number, MatrixCounts>> {
  if (reportIds.length === 0) return new Map();
  return numberKeyed(await summedCounts(db, { revisions: true, reportIds }, inputs, "report"));
}
