import { describe, expect, it } from "vitest";
import { checkBalance, checkHandledSums, checkReviewTotals, checkRowTotals } from "../lib/report/checks";
import { emptyReviewLitigation } from "../lib/report/review-litigation";
import { APPLICANT_COLUMNS, APPLICATION_ROWS, type Applications, type ReviewLitigation } from "../lib/report/schema";

/** 6 new natural-person applications: 2 granted, 1 withheld, 3 not held; nothing carried over or forward. */
function consistentApplications(): Applications {
  const zeros = () => Object.fromEntries(APPLICANT_COLUMNS.map((c) => [c, 0]));
  const apps = Object.fromEntries(APPLICATION_ROWS.map((r) => [r, zeros()])) as Applications;
  const set = (row: keyof Applications, n: number) => Object.assign(apps[row], { naturalPerson: n, total: n });
  set("newReceived", 6);
  set("granted", 2);
  set("withheldThirdParty", 1);
  set("unableNotHeld", 3);
  set("handledTotal", 6);
  return apps;
}

function review(values: number[]): ReviewLitigation {
  const result = emptyReviewLitigation();
  (["reconsideration", "litigationDirect", "litigationAfterReconsideration"] as const).forEach((group, g) =>
    (["upheld", "corrected", "other", "pending", "total"] as const).forEach((field, f) => {
      result[group][field] = values[g * 5 + f] as number;
    }),
  );
  return result;
}

describe("identity checks", () => {
  it("find nothing in a consistent report", () => {
    const apps = consistentApplications();
    expect([...checkRowTotals(apps, "2021"), ...checkHandledSums(apps), ...checkBalance(apps)]).toEqual([]);
  });

  it("rowTotal flags the total cell of a row whose 总计 is not the sum of the six columns", () => {
    const apps = consistentApplications();
    apps.granted.business = 1;
    const issues = checkRowTotals(apps, "2021");
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ code: "identity.rowTotal", where: { section: "applications", row: "granted", column: "total" } });
    expect(issues[0]?.message).toContain("add up to 3");
  });

  it("rowTotal skips rows the template version does not print", () => {
    const apps = consistentApplications();
    apps.otherTotal.total = 9;
    expect(checkRowTotals(apps, "2021")).toEqual([]);
    expect(checkRowTotals(apps, "2019")).toHaveLength(1);
  });

  it("handledSum flags the column whose （七）总计 differs from the outcomes", () => {
    const apps = consistentApplications();
    apps.handledTotal.naturalPerson = 7;
    const issues = checkHandledSums(apps);
    expect(issues.map((i) => i.where)).toEqual([{ section: "applications", row: "handledTotal", column: "naturalPerson" }]);
    expect(issues[0]?.message).toContain("is 7, but the outcomes （一）…（六） add up to 6");
  });

  it("balance flags 一 + 二 ≠ （七）总计 + 四 per column, beside 结转下年度", () => {
    const apps = consistentApplications();
    apps.carriedOver.total = 2;
    const issues = checkBalance(apps);
    expect(issues.map((i) => `${i.code} ${i.where.row}.${i.where.column}`)).toEqual(["identity.balance carriedForward.total"]);
  });

  it("skip cells that are null instead of treating them as 0", () => {
    const apps = consistentApplications();
    apps.granted.naturalPerson = null;
    expect([...checkRowTotals(apps, "2021"), ...checkHandledSums(apps)]).toEqual([]);
  });

  it("reviewTotal flags a group whose 总计 is not 维持 + 纠正 + 其他 + 尚未审结", () => {
    expect(checkReviewTotals(review([1, 1, 0, 1, 3, 0, 0, 0, 0, 0, 2, 0, 0, 0, 2]))).toEqual([]);
    const issues = checkReviewTotals(review([1, 1, 0, 1, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 2]));
    expect(issues.map((i) => i.where)).toEqual([{ section: "reviewLitigation", row: "reconsideration", column: "total" }]);
  });
});
