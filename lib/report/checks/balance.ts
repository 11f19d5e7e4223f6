import { issue } from "../issues";
import { APPLICANT_COLUMNS, type Applications, type Issue } from "../schema";
import { COLUMN_LABELS } from "../template";

/** identity.balance: per column, 一 + 二 = 三（七）总计 + 四 (本列数据的勾稽关系). */
export function checkBalance(applications: Applications): Issue[] {
  const issues: Issue[] = [];
  for (const column of APPLICANT_COLUMNS) {
    const { newReceived, carriedOver, handledTotal, carriedForward } = applications;
    const values = [newReceived[column], carriedOver[column], handledTotal[column], carriedForward[column]];
    if (values.some((value) => value === null)) continue;
    const [received, over, handled, forward] = values as number[];
    if (received! + over! !== handled! + forward!) {
      const message =
        `${COLUMN_LABELS[column]}: 一 + 二 = ${received} + ${over} = ${received! + over!}, ` +
        `but 三（七）总计 + 四 = ${handled} + ${forward} = ${handled! + forward!}`;
      issues.push(issue("identity.balance", message, "applications", "carriedForward", column));
    }
  }
  return issues;
}
