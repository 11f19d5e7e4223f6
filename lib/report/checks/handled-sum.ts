import { issue } from "../issues";
import { APPLICANT_COLUMNS, type Applications, type ApplicationRow, type Issue } from "../schema";
import { COLUMN_LABELS } from "../template";

/** The outcome rows whose sum is （七）总计; in 2021 otherTotal is the sum of its three sub-rows, never both. */
export const OUTCOME_ROWS = [
  "granted",
  "partiallyGranted",
  "withheldStateSecret",
  "withheldLawProhibited",
  "withheldSecurityStability",
  "withheldThirdParty",
  "withheldInternalAffairs",
  "withheldProcessInfo",
  "withheldEnforcementFile",
  "withheldQueryMatter",
  "unableNotHeld",
  "unableNeedsCreation",
  "unableUnclear",
  "rejectedComplaint",
  "rejectedDuplicate",
  "rejectedPublication",
  "rejectedExcessive",
  "rejectedConfirmation",
  "otherTotal",
] as const satisfies readonly ApplicationRow[];

/** identity.handledSum: per column, （七）总计 = the sum of the outcomes （一）…（六）. */
export function checkHandledSums(applications: Applications): Issue[] {
  const issues: Issue[] = [];
  for (const column of APPLICANT_COLUMNS) {
    const printed = applications.handledTotal[column];
    const parts = OUTCOME_ROWS.map((row) => applications[row][column]);
    if (printed === null || parts.some((value) => value === null)) continue;
    const sum = (parts as number[]).reduce((a, b) => a + b, 0);
    if (sum !== printed) {
      const message = `（七）总计 (${COLUMN_LABELS[column]}) is ${printed}, but the outcomes （一）…（六） add up to ${sum}`;
      issues.push(issue("identity.handledSum", message, "applications", "handledTotal", column));
    }
  }
  return issues;
}
