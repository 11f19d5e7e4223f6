import { issue } from "../issues";
import { APPLICANT_COLUMNS, PRINTED_ROWS, type ApplicantColumn, type ApplicationRow, type Applications, type FormatVersion, type Issue } from "../schema";
import { ROW_LABELS } from "../template";

const APPLICANTS = APPLICANT_COLUMNS.filter((column) => column !== "total");

/**
 * The sum of the column's cells in these rows, added from the left; null when one is null. Loops without an array of
 * the cells: this runs for every reading of 表三.
 */
export function sumOfCells(applications: Applications, rows: readonly ApplicationRow[], column: ApplicantColumn): number | null {
  let sum = 0;
  for (const row of rows) {
    const value = applications[row][column];
    if (value === null) return null;
    sum += value;
  }
  return sum;
}

/** identity.rowTotal: in every printed row of 表三, 总计 = the sum of the six applicant columns. */
export function checkRowTotals(applications: Applications, version: FormatVersion): Issue[] {
  const issues: Issue[] = [];
  for (const row of PRINTED_ROWS[version]) {
    const cells = applications[row];
    let sum: number | null = 0;
    for (const column of APPLICANTS) {
      const value = cells[column];
      if (value === null) {
        sum = null;
        break;
      }
      sum += value;
    }
    if (cells.total === null || sum === null) continue;
    if (sum !== cells.total) {
      const message = `${ROW_LABELS[row].label}: 总计 is ${cells.total}, but the six applicant columns add up to ${sum}`;
      issues.push(issue("identity.rowTotal", message, "applications", row, "total"));
    }
  }
  return issues;
}
