import { issue } from "../issues";
import {
  APPLICANT_COLUMNS,
  APPLICATION_ROWS,
  REVIEW_FIELDS,
  REVIEW_GROUPS,
  type Applications,
  type Issue,
  type ProactiveCell,
  type ReviewLitigation,
} from "../schema";

/**
 * Thresholds past which a printed number cannot be real, only a misread or a typo (digits run together,
 * a phone number or a date read as a cell). They sit far above the largest published figures:
 * - 表三/表四: the busiest agencies receive tens of thousands of applications a year, never a million;
 * - 表二 counts: a city's traffic police issue a few million 行政处罚 decisions, never a hundred million;
 * - 表二 money (万元): 10⁹ 万元 is ten trillion yuan, more than the whole national budget.
 */
export const MAX_PLAUSIBLE = { caseCount: 1_000_000, proactiveCount: 100_000_000, money: 1_000_000_000 } as const;

function tooLarge(value: number | null, limit: number): value is number {
  return value !== null && value > limit;
}

const infinite = (value: number | null) => value !== null && !Number.isFinite(value);

const INFINITE = "too many digits to be a number (read as infinity); stored as empty";

/**
 * A run of hundreds of digits reads as Infinity, which no report may hold: each such cell becomes null (in
 * place, before the identities are checked) and is flagged value.implausible at the cell.
 */
export function dropInfinite(applications: Applications, reviewLitigation: ReviewLitigation, proactive: ProactiveCell[]): Issue[] {
  const issues: Issue[] = [];
  for (const row of APPLICATION_ROWS) {
    const cells = applications[row];
    for (const column of APPLICANT_COLUMNS) {
      if (!infinite(cells[column])) continue;
      cells[column] = null;
      issues.push(issue("value.implausible", INFINITE, "applications", row, column));
    }
  }
  for (const group of REVIEW_GROUPS) {
    const cells = reviewLitigation[group];
    for (const field of REVIEW_FIELDS) {
      if (!infinite(cells[field])) continue;
      cells[field] = null;
      issues.push(issue("value.implausible", INFINITE, "reviewLitigation", group, field));
    }
  }
  for (const cell of proactive) {
    if (!infinite(cell.value)) continue;
    cell.value = null;
    issues.push(issue("value.implausible", INFINITE, "proactive", cell.key));
  }
  return issues;
}

/** value.implausible: every cell above its threshold, flagged at the cell; the number is kept as printed. */
export function checkPlausible(applications: Applications, reviewLitigation: ReviewLitigation, proactive: ProactiveCell[]): Issue[] {
  const issues: Issue[] = [];
  const limit = MAX_PLAUSIBLE.caseCount;
  for (const row of APPLICATION_ROWS) {
    const cells = applications[row];
    for (const column of APPLICANT_COLUMNS) {
      const value = cells[column];
      if (tooLarge(value, limit)) issues.push(issue("value.implausible", `${value} is more than ${limit}: not a real count`, "applications", row, column));
    }
  }
  for (const group of REVIEW_GROUPS) {
    const cells = reviewLitigation[group];
    for (const field of REVIEW_FIELDS) {
      const value = cells[field];
      if (tooLarge(value, limit)) issues.push(issue("value.implausible", `${value} is more than ${limit}: not a real count`, "reviewLitigation", group, field));
    }
  }
  for (const cell of proactive) {
    const cellLimit = cell.unit === "万元" ? MAX_PLAUSIBLE.money : MAX_PLAUSIBLE.proactiveCount;
    if (tooLarge(cell.value, cellLimit)) {
      issues.push(issue("value.implausible", `${cell.raw} is more than ${cellLimit} ${cell.unit}: not a real figure`, "proactive", cell.key));
    }
  }
  return issues;
}
