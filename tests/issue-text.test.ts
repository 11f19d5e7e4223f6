import { describe, expect, it } from "vitest";
import { checkBalance, checkHandledSums, checkReviewTotals, checkRowTotals } from "../lib/report/checks";
import { checkCrossYear } from "../lib/report/checks/cross-year";
import { checkPlausible, dropInfinite } from "../lib/report/checks/plausible";
import { issue } from "../lib/report/issues";
import { emptyReviewLitigation } from "../lib/report/review-litigation";
import { APPLICANT_COLUMNS, APPLICATION_ROWS, type Applications, ISSUE_CODES, type Issue } from "../lib/report/schema";
import { crossYearTarget, flagPlace, flagText, ISSUE_MEANINGS, retold } from "../lib/web/issue-text";

/** The flags a reader sees (issue 17.6): Chinese, plain, naming the cell; the checks' figures retold from their notes. */

function applications(): Applications {
  const zeros = () => Object.fromEntries(APPLICANT_COLUMNS.map((c) => [c, 0]));
  const apps = Object.fromEntries(APPLICATION_ROWS.map((r) => [r, zeros()])) as Applications;
  const set = (row: keyof Applications, n: number) => Object.assign(apps[row], { naturalPerson: n, total: n });
  set("newReceived", 6);
  set("granted", 2);
  set("unableNotHeld", 3);
  set("handledTotal", 6);
  return apps;
}

const LATIN_WORD = /[A-Za-z]{2,}/;

function expectChinese(found: Issue, ...figures: string[]) {
  const text = flagText(found);
  expect(text.detail, found.message).not.toBeNull();
  expect(text.detail!).not.toMatch(LATIN_WORD);
  expect(text.meaning).not.toMatch(LATIN_WORD);
  expect(text.place).not.toMatch(LATIN_WORD);
  for (const figure of figures) expect(text.detail!).toContain(figure);
  return text;
}

describe("flag messages in Chinese", () => {
  it("gives every issue code a plain Chinese meaning", () => {
    for (const code of ISSUE_CODES) {
      expect(ISSUE_MEANINGS[code], code).toMatch(/[\u4e00-\u9fff]/u);
      expect(ISSUE_MEANINGS[code], code).not.toMatch(LATIN_WORD);
    }
  });

  it("retells the identity checks with their figures and names the cell by the template", () => {
    const apps = applications();
    apps.carriedForward.naturalPerson = 2;
    apps.carriedForward.total = 2;
    const [balance] = checkBalance(apps);
    const text = expectChinese(balance!, "6", "8");
    expect(text.detail).toBe("自然人列：本年新收 6 ＋ 上年结转 0 ＝ 6，而办理总计 6 ＋ 结转下年度 2 ＝ 8，两者应相等。");
    expect(text.place).toBe("表三 · 四、结转下年度继续办理 · 自然人");

    const rows = applications();
    rows.granted.total = 5;
    const [rowTotal] = checkRowTotals(rows, "2021");
    expect(expectChinese(rowTotal!, "5", "2").place).toBe("表三 · （一）予以公开 · 总计");

    const handled = applications();
    handled.handledTotal.naturalPerson = 9;
    const found = checkHandledSums(handled).find((i) => i.where.column === "naturalPerson")!;
    expectChinese(found, "9", "5");

    const review = emptyReviewLitigation();
    Object.assign(review.reconsideration, { upheld: 1, corrected: 1, other: 0, pending: 0, total: 3 });
    const [reviewTotal] = checkReviewTotals(review);
    expect(expectChinese(reviewTotal!, "3", "2").place).toBe("表四 · 行政复议 · 总计");
  });

  it("retells a cross-year mismatch and points to the other year's report", () => {
    const found = checkCrossYear({ year: 2022, carriedOver: {}, carriedForward: { total: 4 } }, { year: 2023, carriedOver: { total: 1 }, carriedForward: {} });
    const later = found.later[0]!;
    const earlier = found.earlier[0]!;
    expect(expectChinese(later, "1", "2022", "4").detail).toBe("本报告的上年结转（总计）是 1，但 2022 年度报告的结转下年度是 4。");
    expectChinese(earlier, "4", "2023", "1");
    expect(crossYearTarget(later, 2023)).toBe(2022);
    expect(crossYearTarget(earlier, 2022)).toBe(2023);
    expect(crossYearTarget(checkBalance(applications())[0] ?? issue("identity.balance", "", "applications"), 2023)).toBeNull();
  });

  it("retells implausible values, and names 表二 cells by category and metric", () => {
    const apps = applications();
    apps.newReceived.naturalPerson = Number.POSITIVE_INFINITY;
    const [infinite] = dropInfinite(apps, emptyReviewLitigation(), []);
    expectChinese(infinite!);
    const huge = applications();
    huge.granted.naturalPerson = 99_999_999;
    const [implausible] = checkPlausible(huge, emptyReviewLitigation(), []);
    expectChinese(implausible!, "99999999");
    expect(flagPlace({ section: "proactive", row: "regulations.issued" })).toBe("表二 · 规章 · 本年制发件数");
    expect(flagPlace({ section: "proactive", row: "procurement.amount" })).toBe("表二 · 政府集中采购 · 采购总金额");
    expect(flagPlace({ section: "applications", column: "business" })).toBe("表三 · 商业企业列");
    expect(flagPlace({ section: "proactive", column: "repealed" })).toBe("表二 · 本年废止件数列");
    expect(flagPlace({ section: "period" })).toBe("统计期间");
  });

  it("keeps the meaning alone when a note's shape is not a check's", () => {
    const odd = issue("table.ambiguous", "表三: the numbers of X run together", "applications");
    expect(retold(odd)).toBeNull();
    expect(flagText(odd)).toMatchObject({ meaning: ISSUE_MEANINGS["table.ambiguous"], place: "表三", detail: null });
    expect(retold(issue("identity.balance", "something else", "applications"))).toBeNull();
  });

  it("retells the OCR flags: the page, the confidence, the two readings, an identity broken, a cell not read", () => {
    const at = ["applications", "newReceived", "naturalPerson"] as const;
    expectChinese(issue("value.ocr", "133 read by OCR on page 1, confidence 96", ...at), "133", "第 1 页", "96");
    expectChinese(issue("value.ocrReview", "7 on page 2: confidence 61 below 80", ...at), "7", "第 2 页", "61", "80");
    expectChinese(issue("value.ocrReview", "18 on page 1: the two readings differ: 18 / 1B", ...at), "18", "1B");
    expectChinese(
      issue("value.ocrReview", "21 on page 1: read 27, then 21 at twice the size (confidence 88) as the Chinese model read it", ...at),
      "27",
      "21",
      "88",
    );
    expectChinese(issue("value.ocrReview", "5 on page 1: read only by the Chinese model (五)", ...at), "五", "5");
    const identity = expectChinese(issue("value.ocrReview", "read by OCR and identity.rowTotal does not hold: check the cells against the scan", ...at));
    expect(identity.detail).toContain(ISSUE_MEANINGS["identity.rowTotal"]);
    expectChinese(issue("value.ocrReview", "expected by the template, no number read by OCR: check the scan", ...at));
  });
});
