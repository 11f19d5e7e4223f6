import { issue } from "../issues";
import { REVIEW_GROUPS, type Issue, type ReviewLitigation } from "../schema";
import { REVIEW_GROUP_LABELS } from "../template";

/** identity.reviewTotal: in each group of 表四, 总计 = 维持 + 纠正 + 其他 + 尚未审结. */
export function checkReviewTotals(reviewLitigation: ReviewLitigation): Issue[] {
  const issues: Issue[] = [];
  for (const group of REVIEW_GROUPS) {
    const { upheld, corrected, other, pending, total } = reviewLitigation[group];
    const parts = [upheld, corrected, other, pending];
    if (total === null || parts.some((value) => value === null)) continue;
    const sum = (parts as number[]).reduce((a, b) => a + b, 0);
    if (sum !== total) {
      const message = `${REVIEW_GROUP_LABELS[group]}: 总计 is ${total}, but 维持 + 纠正 + 其他 + 尚未审结 add up to ${sum}`;
      issues.push(issue("identity.reviewTotal", message, "reviewLitigation", group, "total"));
    }
  }
  return issues;
}
