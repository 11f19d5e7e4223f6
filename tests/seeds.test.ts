import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseReport } from "../lib/report/parse";
import { type Report, ReportSchema } from "../lib/report/schema";
import { fixtureDirs, readExpected, textSource } from "./support/fixtures";

function parseFixture(dir: string): Report {
  const path = join(dir, "input.txt");
  const bytes = readFileSync(path);
  const outcome = parseReport(bytes.toString("utf8"), { source: textSource(path, bytes) });
  if (!outcome.ok) throw new Error(outcome.reason);
  return outcome.report;
}

function seed(name: string): Report {
  return parseFixture(fixtureDirs(`seed-${name}`)[0] as string);
}

const codes = (report: Report) => report.issues.map((i) => `${i.code}|${[i.where.section, i.where.row, i.where.column].filter(Boolean).join(".")}`);

describe("the five real seed reports", () => {
  for (const dir of fixtureDirs("seed-")) {
    it(`${dir.split("/").pop()} parses to its expected JSON`, () => {
      const report = parseFixture(dir);
      expect(ReportSchema.parse(report)).toEqual(report);
      expect(report).toEqual(readExpected(dir, report));
    });
  }

  it("000: flags the 本年度止件数 header as a label variant and breaks no identity", () => {
    const report = seed("000");
    expect(codes(report)).toEqual(["label.variant|proactive.repealed"]);
    expect(report.applications.withheldThirdParty.total).toBe(1);
    expect(report.applications.unableNotHeld.naturalPerson).toBe(3);
  });

  it("001: reads the 2019 template, 不涉及 as null (never 0) and 39670元 as 3.967 万元", () => {
    const report = seed("001");
    expect(report.formatVersion).toBe("2019");
    const cell = (key: string) => report.proactive.find((c) => c.key === key);
    expect(cell("licensing.decisions")).toMatchObject({ value: null, raw: "不涉及" });
    expect(cell("otherServices.decisions")).toMatchObject({ value: null, raw: "不涉及" });
    expect(cell("normativeDocs.created")).toMatchObject({ value: 3, unit: "件" });
    expect(cell("procurement.amount")).toMatchObject({ value: 3.967, unit: "万元", raw: "39670元" });
    expect(report.applications.otherNoCorrection.total).toBeNull();
    expect(report.applications.otherTotal.total).toBe(0);
    expect(codes(report).filter((c) => c.startsWith("value.notApplicable"))).toHaveLength(12);
  });

  it("004: keeps the 15 certain cells of a 16-number 表四, flags it, and reads the partial period", () => {
    const report = seed("004");
    expect(report.periodStart).toBe("2024-05-29");
    expect(report.periodEnd).toBe("2024-12-31");
    expect(codes(report)).toContain("period.partial|period");
    expect(codes(report)).toContain("table.extraCells|reviewLitigation");
    expect(codes(report)).toContain("label.variant|applications.newReceived");
    expect(codes(report)).toContain("label.variant|applications.otherNoCorrection");
    expect(report.reviewLitigation.litigationAfterReconsideration.total).toBe(0);
  });

  it("reads agency, year and region of every seed", () => {
    const seen = ["000", "001", "002", "003", "004"].map((name) => {
      const { agency, year, region } = seed(name);
      return `${agency} ${year} ${region.province}/${region.city}/${region.county} ${region.code}`;
    });
    expect(seen).toEqual([
      "济南公共资源交易中心 2024 山东省/济南市/null 370100",
      "济宁市公共资源交易服务中心嘉祥分中心 2020 山东省/济宁市/嘉祥县 370829",
      "淄博市公共资源交易中心 2023 山东省/淄博市/null 370300",
      "金寨县公共资源交易中心 2024 安徽省/六安市/金寨县 341524",
      "吴忠市公共资源交易服务中心 2024 宁夏回族自治区/吴忠市/null 640300",
    ]);
  });
});
