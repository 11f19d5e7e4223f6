import type { Applications, FormatVersion, Issue, ReviewLitigation } from "../schema";
import { checkBalance } from "./balance";
import { checkCrossYear } from "./cross-year";
import { checkHandledSums } from "./handled-sum";
import { checkNarrative } from "./narrative";
import { checkPlausible, dropInfinite } from "./plausible";
import { checkReviewTotals } from "./review-total";
import { checkRowTotals } from "./row-total";

export { checkBalance, checkCrossYear, checkHandledSums, checkNarrative, checkPlausible, checkReviewTotals, checkRowTotals, dropInfinite };

/** Every identity of dictionary §6 that the template itself states. */
export function checkIdentities(applications: Applications, reviewLitigation: ReviewLitigation, version: FormatVersion): Issue[] {
  return [...checkRowTotals(applications, version), ...checkHandledSums(applications), ...checkBalance(applications), ...checkReviewTotals(reviewLitigation)];
}
