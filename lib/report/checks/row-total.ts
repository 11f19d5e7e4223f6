import { issue } from "../issues";
import { APPLICANT_COLUMNS, PRINTED_ROWS, type Applications, type FormatVersion, type Issue } from "../schema";
import { ROW_LABELS } from "../template";

const APPLICANTS = APPLICANT_COLUMNS.filter((column) => column !== "total");

/** identity.rowTotal: in every printed row of 表三, 总计 = the sum of the six applicant columns. */
export function checkRowTotals(applications: Applications, version: FormatVersion): Issue[] {
  const issues: Issue[] = [];
  for (const row of PRINTED_ROWS[version]) {
    const cells = applications[row];
    const parts = APPLICANTS.map((column) => cells[column]);
    if (cells.total === null || parts.some((value) => value === null)) continue;
    const sum = (parts as number[]).reduce((a, b) => a + b, 0);
    if (sum !== cells.total) {
      const message = `${ROW_LABELS[row].label}: 总计 is ${cells.total}, but the six applicant columns add up to ${sum}`;
      issues.push(issue("identity.rowTotal", message, "applications", row, "total"));
    }
  }
  return issues;
}
