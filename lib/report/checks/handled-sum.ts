import { issue } from "../issues";
import { OUTCOME_ROWS } from "../measures";
import { APPLICANT_COLUMNS, type Applications, type Issue } from "../schema";
import { COLUMN_LABELS } from "../template";
import { sumOfCells } from "./row-total";

/** identity.handledSum: per column, （七）总计 = the sum of the outcomes （一）…（六）. */
export function checkHandledSums(applications: Applications): Issue[] {
  const issues: Issue[] = [];
  for (const column of APPLICANT_COLUMNS) {
    const printed = applications.handledTotal[column];
    const sum = sumOfCells(applications, OUTCOME_ROWS, column);
    if (printed === null || sum === null) continue;
    if (sum !== printed) {
      const message = `（七）总计 (${COLUMN_LABELS[column]}) is ${printed}, but the outcomes （一）…（六） add up to ${sum}`;
      issues.push(issue("identity.handledSum", message, "applications", "handledTotal", column));
    }
  }
  return issues;
}
