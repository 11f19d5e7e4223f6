import { describe, expect, it } from "vitest";
import { compareFileName, headerOf, sortRows } from "../lib/export/compare";
import type { AgencySummary } from "../lib/store/types";
import { shownValue } from "../lib/web/format";
import { compareViewOf, measuresOf } from "../lib/web/params";

describe("numbers in exports, rounded as the page shows them", () => {
  it("drops float noise and keeps a rate to the tenth of a percent", () => {
    expect(shownValue(0.1 + 0.05, true)).toBe(0.15);
    expect(0.1 + 0.05).not.toBe(0.15);
    expect(shownValue(2 / 6, true)).toBe(0.333);
    expect(shownValue(0.6666, true)).toBe(0.667);
    expect(shownValue(12, false)).toBe(12);
    expect(shownValue(1 / 3, false)).toBe(0.33);
    expect(shownValue(0, true)).toBe(0);
    expect(shownValue(null, true)).toBeNull();
    expect(shownValue(Number.NaN, true)).toBeNull();
  });
});

describe("the comparison's URL, headers and file names", () => {
  it("reads several measures, a year range, the sort, the shape and the labels", () => {
    const view = compareViewOf(
      new URLSearchParams(
        "agency=1&agency=2&measure=grantRate&measure=nope&measure=withheldRate,grantRate&from=2024&to=2019&sort=withheldRate:2023&dir=asc&shape=long&labels=zh",
      ),
    );
    expect(view.measures).toEqual(["grantRate", "withheldRate"]);
    expect(view.query).toMatchObject({ agencyIds: [1, 2], measure: "grantRate", from: 2019, to: 2024 });
    expect(view.sort).toEqual({ by: "value", measure: "withheldRate", year: 2023, dir: "asc" });
    expect(view).toMatchObject({ shape: "long", labels: "zh" });
    // A sort by a measure not shown, and unknown values, fall back to the defaults.
    expect(compareViewOf(new URLSearchParams("sort=orgShare:2023&shape=x&labels=en"))).toMatchObject({ sort: null, shape: "wide", labels: "keys" });
    expect(measuresOf(new URLSearchParams(""))).toEqual(["grantRate"]);
  });

  it("names headers by dictionary key or by the page's Chinese label", () => {
    expect(headerOf("keys", { measure: "grantRate", year: 2023, key: "numerator" })).toBe("grantRate.2023.numerator");
    expect(headerOf("zh", { measure: "grantRate", year: 2023, key: "denominator" })).toBe("公开率（予以公开＋部分公开） 2023 分母");
    expect(headerOf("zh", { measure: "applications.newReceived.total" })).toBe("一、本年新收政府信息公开申请数量（总计）");
  });

  it("names the file for what it holds", () => {
    const view = compareViewOf(new URLSearchParams("measure=grantRate"));
    expect(compareFileName(view, [2019, 2020, 2024])).toBe("nianbao-compare-grantRate-2019-2024.csv");
    expect(compareFileName(view, [2024])).toBe("nianbao-compare-grantRate-2024.csv");
    expect(compareFileName({ ...view, shape: "long", labels: "zh" }, [2023, 2024])).toBe("nianbao-compare-grantRate-2023-2024-long-zh.csv");
    expect(compareFileName(view, [2023, 2024], "pooled")).toBe("nianbao-compare-pooled-grantRate-2023-2024.csv");
  });
});

describe("the comparison table's order", () => {
  const agency = (id: number, name: string, province: string): AgencySummary => ({ id, name, province, city: null, county: null, regionCode: "" });
  const rows = [agency(1, "北京市财政局", "北京市"), agency(2, "安徽省财政厅", "安徽省"), agency(3, "重庆市财政局", "重庆市")];
  const values: Record<number, number | null | undefined> = { 1: 0.5, 2: null, 3: 0.2 };
  const cellValue = (row: AgencySummary) => values[row.id];

  it("sorts by a value either way, missing values last both ways", () => {
    expect(sortRows(rows, { by: "value", measure: "grantRate", year: 2023, dir: "desc" }, cellValue).map((r) => r.id)).toEqual([1, 3, 2]);
    expect(sortRows(rows, { by: "value", measure: "grantRate", year: 2023, dir: "asc" }, cellValue).map((r) => r.id)).toEqual([3, 1, 2]);
  });

  it("sorts names by pinyin", () => {
    expect(sortRows(rows, { by: "name", dir: "asc" }, cellValue).map((r) => r.name)).toEqual(["安徽省财政厅", "北京市财政局", "重庆市财政局"]);
    expect(sortRows(rows, null, cellValue)).toBe(rows);
  });
});
