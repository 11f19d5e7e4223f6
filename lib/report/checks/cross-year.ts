import { APPLICANT_COLUMNS, type Issue } from "../schema";
import { issue } from "../issues";
import { COLUMN_LABELS } from "../template";

type CarryRows = {
  year: number;
  carriedOver: Record<string, number | null>;
  carriedForward: Record<string, number | null>;
};

/**
 * identity.crossYear: 上年结转 (carriedOver) in year N must equal 结转下年度 (carriedForward) in year N−1,
 * column by column. Returns the issues for the later and the earlier report.
 */
export function checkCrossYear(earlier: CarryRows, later: CarryRows): { later: Issue[]; earlier: Issue[] } {
  const result = { later: [] as Issue[], earlier: [] as Issue[] };
  if (later.year !== earlier.year + 1) return result;
  for (const column of APPLICANT_COLUMNS) {
    const over = later.carriedOver[column];
    const forward = earlier.carriedForward[column];
    if (over === null || over === undefined || forward === null || forward === undefined || over === forward) continue;
    const label = COLUMN_LABELS[column];
    result.later.push(
      issue(
        "identity.crossYear",
        `上年结转 (${label}) is ${over}, but the ${earlier.year} report carried forward ${forward}`,
        "applications",
        "carriedOver",
        column,
      ),
    );
    result.earlier.push(
      issue(
        "identity.crossYear",
        `结转下年度 (${label}) is ${forward}, but the ${later.year} report says ${over} were carried over`,
        "applications",
        "carriedForward",
        column,
      ),
    );
  }
  return result;
}
