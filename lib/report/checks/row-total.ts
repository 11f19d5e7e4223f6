import { issue } from "../issues";
import { APPLICANT_COLUMNS, PRINTED_ROWS, type Applications, type FormatVersion, type Issue } from "../schema";
import { ROW_LABELS } from "../template";

const APPLICANTS = APPLICANT_COLUMNS.filter((column) => column !== "total");

/** The sum of the values, added from the left; null when one is null. A loop: this runs for every reading of 表三. */
export function sumOrNull(values: readonly (number | null)[]): number | null {
  let sum = 0;
  for (const value of values) {
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
    const sum = sumOrNull(APPLICANTS.map((column) => cells[column]));
    if (cells.total === null || sum === null) continue;
    if (sum !== cells.total) {
      const message = `${ROW_LABELS[row].label}: 总计 is ${cells.total}, but the six applicant columns add up to ${sum}`;
      issues.push(issue("identity.rowTotal", message, "applications", row, "total"));
    }
  }
  return issues;
}
