import { isDeepStrictEqual } from "node:util";
import type { ParseOutcome } from "../report/parse";
import { APPLICATION_ROWS, REVIEW_GROUPS, type Issue } from "../report/schema";
import type { Truth } from "./corpus";

/**
 * A parse against the corpus's ground truth: the tables read exactly as printed, the agency, year, template and
 * region, and the identity flags: a report with a broken cell must carry one, a consistent report none.
 */

export type Check = "parsed" | "agency" | "year" | "template" | "applications" | "reviewLitigation" | "region" | "identityFlags";
export const CHECKS: readonly Check[] = ["parsed", "agency", "year", "template", "applications", "reviewLitigation", "region", "identityFlags"];

const isIdentityFlag = (issue: Issue) => issue.code.startsWith("identity.") && issue.code !== "identity.crossYear";

/** The checks a parse fails (empty when it matches the truth on every point). */
export function failedChecks(truth: Truth, outcome: ParseOutcome): Check[] {
  if (!outcome.ok) return ["parsed"];
  const want = truth.report;
  const got = outcome.report;
  const failed: Check[] = [];
  if (got.agency !== want.agency) failed.push("agency");
  if (got.year !== want.year) failed.push("year");
  if (got.formatVersion !== want.formatVersion) failed.push("template");
  if (!APPLICATION_ROWS.every((row) => isDeepStrictEqual(got.applications[row], want.applications[row]))) failed.push("applications");
  if (!REVIEW_GROUPS.every((group) => isDeepStrictEqual(got.reviewLitigation[group], want.reviewLitigation[group]))) failed.push("reviewLitigation");
  if (got.region.code !== want.region.code) failed.push("region");
  if (got.issues.some(isIdentityFlag) !== (truth.identityBreak !== null)) failed.push("identityFlags");
  return failed;
}

/** Reports passing each check, and passing all of them. */
export class AccuracyTally {
  total = 0;
  exact = 0;
  readonly failures = new Map<Check, number>(CHECKS.map((check) => [check, 0]));
  /** A few reports that failed, for the reader of the table. */
  readonly examples: { id: number; failed: Check[] }[] = [];

  add(truth: Truth, outcome: ParseOutcome): Check[] {
    const failed = failedChecks(truth, outcome);
    this.total++;
    if (failed.length === 0) this.exact++;
    for (const check of failed) this.failures.set(check, this.failures.get(check)! + 1);
    if (failed.length && this.examples.length < 5) this.examples.push({ id: truth.id, failed });
    return failed;
  }

  /** `region 12, applications 3` for the checks that failed anywhere. */
  summary(): string {
    const failing = [...this.failures].filter(([, n]) => n > 0);
    return failing.length ? failing.map(([check, n]) => `${check} ${n}`).join(", ") : "no check failed";
  }
}
