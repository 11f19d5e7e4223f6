import { describe, expect, it } from "vitest";
import { parseApplications } from "../lib/report/applications";
import { findOutline } from "../lib/report/outline";
import { parseProactive, segmentCells } from "../lib/report/proactive";
import { parseReviewLitigation } from "../lib/report/review-litigation";
import { PRINTED_ROWS } from "../lib/report/schema";
import { ROW_LABELS } from "../lib/report/template";
import { parseTitle, statedPeriods } from "../lib/report/title";

/** 表三 with row r holding r r r … in every column and 总计 = 6r (identities do not matter here). */
function table3(version: "2019" | "2021", separator: string, rowSeparator = "\n"): string {
  return PRINTED_ROWS[version]
    .map((row, r) => [...ROW_LABELS[row].parents, ROW_LABELS[row].label, ...Array(6).fill(String(r)), String(6 * r)].join(separator))
    .join(rowSeparator);
}

describe("表三 (parseApplications)", () => {
  it("reads every row of both versions, tab-separated", () => {
    for (const version of ["2019", "2021"] as const) {
      const { applications, rowsFound } = parseApplications(table3(version, "\t"), version);
      expect(rowsFound).toBe(PRINTED_ROWS[version].length);
      PRINTED_ROWS[version].forEach((row, r) => expect(applications[row].total).toBe(6 * r));
    }
  });

  it("derives otherTotal from the three 2021 sub-rows and leaves them null in 2019", () => {
    const v2021 = parseApplications(table3("2021", "\t"), "2021").applications;
    expect(v2021.otherTotal.naturalPerson).toBe(20 + 21 + 22);
    const v2019 = parseApplications(table3("2019", "\t"), "2019").applications;
    expect(v2019.otherNoCorrection.total).toBeNull();
    expect(v2019.otherTotal.total).toBe(6 * 20);
  });

  it("keeps the blank cells of a table line blank, and fills a balance row's blank cell from the balance (other-shuyang_fgj_2023, D01)", () => {
    // Only 自然人 and 总计 printed: the five organisation cells are empty <td>s.
    const blankOrgs = PRINTED_ROWS["2021"].map((row, r) => [ROW_LABELS[row].label, String(r), "", "", "", "", "", String(r)].join("\t")).join("\n");
    const read = parseApplications(blankOrgs, "2021");
    expect(read.applications.granted).toEqual({ naturalPerson: 2, business: null, research: null, nonprofit: null, legal: null, otherOrg: null, total: 2 });
    const blanks = read.issues.filter((i) => i.code === "table.missingCells");
    expect(blanks).toHaveLength(PRINTED_ROWS["2021"].length);
    expect(blanks[0]?.message).toMatch(/商业企业、科研机构、社会公益组织、法律服务机构、其他 printed blank, stored empty/);
    // 四 printed with its 总计 cell blank: 一 + 二 = （七）总计 + 四 gives it.
    const rows = PRINTED_ROWS["2021"].map((row) => {
      const values = {
        newReceived: [3, 0, 0, 0, 0, 0, 3],
        handledTotal: [2, 0, 0, 0, 0, 0, 2],
        granted: [2, 0, 0, 0, 0, 0, 2],
        carriedForward: [1, 0, 0, 0, 0, 0, ""],
      }[row as string] ?? [0, 0, 0, 0, 0, 0, 0];
      return [ROW_LABELS[row].label, ...values].join("\t");
    });
    const balanced = parseApplications(rows.join("\n"), "2021");
    expect(balanced.applications.carriedForward.total).toBe(1);
    expect(balanced.issues.filter((i) => i.code === "table.missingCells").map((i) => i.where.row)).toEqual(["carriedForward"]);
  });

  it("reads rows run together on one line and labels spaced apart", () => {
    const spaced = table3("2021", " ", " ").replace(/[\u4e00-\u9fff]/g, "$& ");
    const { applications } = parseApplications(spaced, "2021");
    expect(applications.carriedForward.total).toBe(6 * 24);
    expect(applications.withheldQueryMatter.legal).toBe(11);
  });

  it("places a garbled label by its position between recognised rows and says so", () => {
    const text = table3("2021", "\t").replace("4.保护第三方合法权益", "4.？？？");
    const { applications, issues } = parseApplications(text, "2021");
    expect(applications.withheldThirdParty.total).toBe(6 * 7);
    expect(issues.map((i) => `${i.code} ${i.where.row}`)).toContain("label.variant withheldThirdParty");
  });

  it("flags a row it cannot find as section.missing and leaves it null", () => {
    const text = table3("2021", "\n").replace(/2\.重复申请\n(\d+\n){7}/, "");
    const { applications, issues } = parseApplications(text, "2021");
    expect(applications.rejectedDuplicate.total).toBeNull();
    expect(issues.map((i) => `${i.code} ${i.where.row}`)).toContain("section.missing rejectedDuplicate");
  });

  it("stores nothing for a glued table when more than one reading fits", () => {
    const text = "一、本年新收政府信息公开申请数量11000011 二、上年结转政府信息公开申请数量0000000";
    const { applications, issues } = parseApplications(`${table3("2021", "\t")}\n${text}`, "2021");
    expect(issues.some((i) => i.code === "table.ambiguous")).toBe(false);
    const only = parseApplications(text, "2021");
    expect(only.applications.newReceived.total).toBeNull();
    expect(only.issues.map((i) => i.code)).toContain("table.ambiguous");
    // The row printed again with other numbers: which printing is right the text does not say.
    expect(applications.newReceived.total).toBeNull();
    expect(issues.map((i) => i.code)).toContain("table.duplicateRow");
  });
});

describe("表四 (parseReviewLitigation)", () => {
  it("reads fifteen numbers under spaced headers", () => {
    const text = `行政复议\t行政诉讼\n结 果 维 持\t结 果 纠 正\n${[1, 2, 0, 0, 3, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0].join("\t")}`;
    const { reviewLitigation, issues } = parseReviewLitigation(text);
    expect(reviewLitigation.reconsideration).toEqual({ upheld: 1, corrected: 2, other: 0, pending: 0, total: 3 });
    expect(reviewLitigation.litigationDirect.total).toBe(1);
    expect(issues).toEqual([]);
  });

  it("reads fifteen glued numbers when only one reading keeps every total", () => {
    const { reviewLitigation } = parseReviewLitigation("结果维持 10200120001100000");
    expect(reviewLitigation.reconsideration).toEqual({ upheld: 10, corrected: 2, other: 0, pending: 0, total: 12 });
  });

  it("reports a missing table", () => {
    expect(parseReviewLitigation(null).issues.map((i) => i.code)).toEqual(["section.missing"]);
  });
});

describe("表二 (parseProactive)", () => {
  it("reads cells by layout: tabs, one per line, and runs with empty cells", () => {
    expect(segmentCells("\t0\t\t3\n规章")).toEqual(["0", "", "3"]);
    expect(segmentCells("\n\t1\n\t不涉及\n\t2\n\n\t行政")).toEqual(["1", "不涉及", "2"]);
    expect(segmentCells(" 0  3 行政")).toEqual(["0", "", "3"]);
  });

  it("cuts a glued documents row as the narrative's figures say, when they leave one reading (pingtan 045)", () => {
    const text = "第二十条第（一）项 信息内容 本年制发件数 本年废止件数 现行有效件数 行政规范性文件5416第二十条第（五）项";
    const cell = (stated = {}) =>
      parseProactive(text, "2021", { stated, hints: [] })
        .proactive.filter((c) => c.key.startsWith("normativeDocs."))
        .map((c) => c.value);
    // 5/4/16, 5/41/6, 54/1/6: the rule 现行有效 ≥ 本年制发 leaves the first two, which agree on 本年制发 5.
    expect(cell()).toEqual([5, null, null]);
    expect(cell({ "normativeDocs.inForce": [16] })).toEqual([5, 4, 16]);
    // A figure no reading has (a contradiction) decides nothing.
    expect(cell({ "normativeDocs.inForce": [99] })).toEqual([5, null, null]);
  });

  it("reads a flattened row up to the narrative that follows it, without the narrative's year", () => {
    expect(segmentCells("02025年，我局严格按照《条例》规定")).toEqual(["0"]);
    expect(segmentCells("978407 ")).toEqual(["978407"]);
    expect(segmentCells(" 16减12 ")).toEqual(["16减12"]);
    expect(segmentCells("1 0 不涉及 根据工作安排")).toEqual(["1", "0", "不涉及"]);
  });

  it("stores 不涉及, 无, — and / as null with value.notApplicable, and money in 万元", () => {
    const text = "规章\t无\t—\t/\n行政规范性文件\t1\t0\t5\n行政许可\t不涉及\n行政处罚\t4\n行政强制\t0\n行政事业性收费\t12.5";
    const { proactive, issues } = parseProactive(text, "2021");
    expect(proactive.slice(0, 3).map((c) => c.value)).toEqual([null, null, null]);
    expect(proactive.find((c) => c.key === "normativeDocs.inForce")?.value).toBe(5);
    expect(proactive.find((c) => c.key === "fees.amount")).toMatchObject({ value: 12.5, unit: "万元", raw: "12.5" });
    expect(issues.filter((i) => i.code === "value.notApplicable").map((i) => i.where.row)).toEqual([
      "regulations.issued",
      "regulations.repealed",
      "regulations.inForce",
      "licensing.decisions",
    ]);
  });
});

describe("表四 printed as three tables (other-shuyang_xzf_2025)", () => {
  it("reads each group's five cells under its own heading", () => {
    // As the markdown reader gives a pipe table: one line per row, cells separated by tabs.
    const table = (numbers: number[]) => `结果维持\t结果纠正\t其他结果\t尚未审结\t总计\n${numbers.join("\t")}\n`;
    const text = `### 行政复议\n${table([27, 10, 9, 15, 61])}### 行政诉讼（未经复议直接起诉）\n${table([3, 0, 0, 0, 3])}### 行政诉讼（复议后起诉）\n${table([8, 0, 1, 1, 10])}`;
    const { reviewLitigation, issues } = parseReviewLitigation(text);
    expect(reviewLitigation.reconsideration).toEqual({ upheld: 27, corrected: 10, other: 9, pending: 15, total: 61 });
    expect(reviewLitigation.litigationAfterReconsideration.total).toBe(10);
    expect(issues).toEqual([]);
  });
});

describe("表二 glued rows: what decides a reading", () => {
  const HEAD_2019 = "第二十条第（一）项 信息内容 本年新制作数量 本年新公开数量 对外公开总数量 规章000规范性文件666";
  const ITEMS =
    "第二十条第（五）项信息内容上一年项目数量本年增/减处理决定数量行政许可88-720其他对外管理服务事项000第二十条第（六）项信息内容上一年项目数量本年增/减处理决定数量行政处罚11910305行政强制000";
  const cells = (result: ReturnType<typeof parseProactive>, prefix: string) => result.proactive.filter((c) => c.key.startsWith(prefix)).map((c) => c.value);
  const codes = (result: ReturnType<typeof parseProactive>, row: string) => result.issues.filter((i) => i.where.row === row).map((i) => i.code);

  it("puts a sign only on 本年增/减: 88-720 is 88/-72/0 or 88/-7/20, never 8/8/-720 (pingtan-062)", () => {
    const result = parseProactive(`${HEAD_2019}${ITEMS}`, "2019");
    expect(cells(result, "licensing.")).toEqual([88, null, null]);
  });

  it("takes a hinted 处理决定数量 from the narrative, flagged (pingtan-057: 作出行政处罚决定305起)", () => {
    const hint = { topic: "punishmentDecisions" as const, value: 305, sentence: "作出行政处罚决定305起。" };
    const result = parseProactive(`${HEAD_2019}${ITEMS}`, "2019", { stated: {}, hints: [hint] });
    expect(cells(result, "punishment.")).toEqual([null, null, 305]);
    expect(codes(result, "punishment.prevYearItems")).toEqual(["value.inferred", "table.ambiguous"]);
    expect(cells(parseProactive(`${HEAD_2019}${ITEMS}`, "2019"), "punishment.")).toEqual([null, null, null]);
  });

  it("cuts after a count's unit and reads an amount whose unit the label or header prints (pingtan-049, heldout-80591)", () => {
    const procurement = (row: string) => `${HEAD_2019}第二十条第（九）项信息内容采购项目数量采购总金额${row}三、收到`;
    expect(cells(parseProactive(procurement("政府集中采购1个246900元"), "2019"), "procurement.")).toEqual([1, 24.69]);
    expect(cells(parseProactive(procurement("政府集中采购2笔 984361元"), "2019"), "procurement.")).toEqual([2, 98.4361]);
    const hint = { topic: "procurementAmount" as const, value: 675809, unit: "元" as const, sentence: "采购金额675809元" };
    expect(cells(parseProactive(procurement("政府集中采购（元）6675809"), "2019", { stated: {}, hints: [hint] }), "procurement.")).toEqual([6, 67.5809]);
    expect(cells(parseProactive(procurement("政府集中采购（元）6675809"), "2019"), "procurement.")).toEqual([null, null]);
  });

  it("narrows by 对外公开总数量 ≥ 本年新公开数量 only, not by 本年新制作数量 (heldout-80560: 1077 is 1/0/77 or 10/7/7)", () => {
    const result = parseProactive("第二十条第（一）项 信息内容 本年新制作数量 本年新公开数量 对外公开总数量 规章000规范性文件1077第二十条第（五）项", "2019");
    expect(cells(result, "normativeDocs.")).toEqual([null, null, null]);
  });

  it("a figure no reading has leaves the other figures deciding (pingtan-078: 制发34件 decides, 现行有效424件 contradicts)", () => {
    const text = "第二十条第（一）项 信息内容 本年制发件数 本年废止件数 现行有效件数 行政规范性文件34089第二十条第（五）项";
    const result = parseProactive(text, "2021", { stated: { "normativeDocs.issued": [34], "normativeDocs.inForce": [424] }, hints: [] });
    expect(cells(result, "normativeDocs.")).toEqual([34, 0, 89]);
  });

  it("does not cut the numbers of a table row that lost a cell (D02: | 规章 | 22 | 235 |)", () => {
    const text = "第二十条第（一）项\n信息内容\t本年制发件数\t本年废止件数\t现行有效件数\n规章\t22\t235\n行政规范性文件\t34\t55\t189\n";
    const result = parseProactive(text, "2021");
    expect(cells(result, "regulations.")).toEqual([null, null, null]);
    expect(codes(result, "regulations.issued")).toEqual(["table.missingCells"]);
    expect(cells(result, "normativeDocs.")).toEqual([34, 55, 189]);
  });

  const LOOSE_HEAD = "第二十条第（一）项\n22\n（其中修订 16 件）\n55\n（含自然失效 29 件）\n第二十条第（五）项\n行政许可 0\n";
  const SHORT_ROWS = "信息内容\t本年制发件数\t本年废止件数\t现行有效件数\n规章\t22\t235\n行政规范性文件\t34\t189\n";

  it("puts back the cells a converter printed under the band's heading, in the column their notes name (D02)", () => {
    const result = parseProactive(LOOSE_HEAD + SHORT_ROWS, "2021");
    expect(cells(result, "regulations.")).toEqual([22, 22, 235]);
    expect(cells(result, "normativeDocs.")).toEqual([34, 55, 189]);
    expect(codes(result, "regulations.issued")).toEqual(["value.inferred"]);
    expect(result.issues.find((i) => i.where.row === "normativeDocs.issued")?.message).toContain(
      "“55（含自然失效 29 件）” printed outside the table is put back by its note: 34/55/189",
    );
  });

  it("without notes stores only what every placement of a loose cell agrees on, and lists the placements", () => {
    const text = "第二十条第（一）项\n22\n55\n第二十条第（五）项\n" + SHORT_ROWS;
    const result = parseProactive(text, "2021", { stated: { "normativeDocs.issued": [34] }, hints: [] });
    expect(cells(result, "regulations.")).toEqual([22, null, null]);
    expect(codes(result, "regulations.issued")).toEqual(["table.ambiguous"]);
    expect(result.issues.find((i) => i.where.row === "regulations.issued")?.message).toContain("22/22/235, 22/235/22");
    // 55/34/189 contradicts the narrative's 34; 34/55/189 and 34/189/55 both keep 现行有效 ≥ 本年制发.
    expect(cells(result, "normativeDocs.")).toEqual([34, null, null]);
  });

  it("uses no loose cell when their count differs from the rows that lost one", () => {
    const text = "第二十条第（一）项\n22\n（其中修订 16 件）\n第二十条第（五）项\n" + SHORT_ROWS;
    const result = parseProactive(text, "2021");
    expect(cells(result, "regulations.")).toEqual([null, null, null]);
    expect(codes(result, "regulations.issued")).toEqual(["table.missingCells"]);
    expect(codes(result, "normativeDocs.issued")).toEqual(["table.missingCells"]);
  });

  it("flags the header 本年增/减量 as a variant of 本年增/减 (pingtan-049)", () => {
    const text = `${HEAD_2019}第二十条第（五）项信息内容上一年项目数量本年增/减量处理决定数量行政许可215`;
    expect(
      parseProactive(text, "2019")
        .issues.filter((i) => i.code === "label.variant")
        .map((i) => i.message),
    ).toEqual(["column header 本年增/减 not printed as the template prints it"]);
  });
});

describe("title and period", () => {
  it("reads the agency and year from titles that wrap or start with the year", () => {
    expect(parseTitle("\n金寨县公共资源交易中心2024年\n政府信息公开工作年度报告\n")).toEqual({ agency: "金寨县公共资源交易中心", year: 2024 });
    expect(parseTitle("2023年北京市朝阳区财政局政府信息公开工作年度报告")).toEqual({ agency: "北京市朝阳区财政局", year: 2023 });
    expect(parseTitle("济南公共资源交易中心 2024 年度 政府信息公开工作年度报告")).toEqual({ agency: "济南公共资源交易中心", year: 2024 });
    expect(parseTitle("会议纪要\n今天开会")).toBeNull();
  });

  it("reads the statistical periods stated near 统计, and no other date range", () => {
    expect(statedPeriods("所列数据统计期限为 2024 年 5 月 29 日至 2024 年 12 月 31 日。")).toEqual([{ start: "2024-05-29", end: "2024-12-31" }]);
    expect(statedPeriods("数据统计期限从2020年1月1日到12月31日止")).toEqual([{ start: "2020-01-01", end: "2020-12-31" }]);
    expect(statedPeriods("2024年3月1日至2024年4月1日开展专项行动")).toEqual([]);
  });

  it("reads the span a report says it covers (held-out 80567: an agency founded in September)", () => {
    expect(statedPeriods("现公布年度报告，内容涵盖2019年9月1日至12月31日期间的政府信息公开工作情况。")).toEqual([{ start: "2019-09-01", end: "2019-12-31" }]);
    expect(statedPeriods("专项检查涵盖2019年9月1日至12月31日。")).toEqual([]);
  });

  it("reads a period broken by line breaks and spaces anywhere, digits included, as if the text had none", () => {
    expect(statedPeriods("统\n计期限自20\n21年1月\t1日起，\n至2021 年 12\n月3 1日止")).toEqual([{ start: "2021-01-01", end: "2021-12-31" }]);
    // The 30 characters before a period are counted without whitespace: 统计 here is 30 of them away, not 33.
    const filler = "一二三四五六七八九十".repeat(2) + "一二三四五六七八";
    expect(statedPeriods(`统计${filler.split("").join(" ")}2021年1月1日至2021年12月31日`)).toEqual([{ start: "2021-01-01", end: "2021-12-31" }]);
    expect(statedPeriods(`统计一${filler}2021年1月1日至2021年12月31日`)).toEqual([]);
  });
});

describe("outline", () => {
  it("finds the parts inside a flattened line, also when the report adds a part and numbers the rest on", () => {
    const text =
      "本报告由总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况组成。 一、总体情况 … 二、政务公开工作 … 三、主动公开政府信息情况 第二十条 … 四、收到和处理政府信息公开申请情况 … 五、政府信息公开行政复议、行政诉讼情况 0 0 六、存在的主要问题及改进情况 … 七、其他需要报告的事项 无";
    const outline = findOutline(text);
    const at = (part: keyof typeof outline) => text.slice(outline[part]!.start, outline[part]!.start + 4);
    expect([at("overview"), at("proactive"), at("applications"), at("reviewLitigation"), at("problems"), at("other")]).toEqual([
      "一、总体",
      "三、主动",
      "四、收到",
      "五、政府",
      "六、存在",
      "七、其他",
    ]);
  });

  it("does not take a wrapped line of the preamble that lists the parts for a heading", () => {
    const text =
      "某局2020年政府信息公开工作年度报告\n本报告根据…行政复议和行政诉讼\n情况、存在的主要问题及改进情况、其他需要报告的事项。本报告中\n一、总体情况\n正文\n二、主动公开政府信息情况\n";
    expect(Object.keys(findOutline(text))).toEqual(["overview", "proactive"]);
  });

  it("finds numbered headings, also with Arabic numerals, and ignores the table's own 三、 and 四、 rows", () => {
    const text =
      "1、 总体情况\n正文\n2、 主动公开政府信息情况\n表\n三、收到和处理政府信息公开申请情况\n三、本年度办理结果\n四、结转下年度继续办理\n四、申请行政复议、提起行政诉讼情况\n行政复议\t行政诉讼\n五、存在的主要问题及改进情况\n六、其他需要报告的事项\n";
    const outline = findOutline(text);
    expect(Object.keys(outline)).toEqual(["overview", "proactive", "applications", "reviewLitigation", "problems", "other"]);
    expect(text.slice(outline.reviewLitigation!.start).startsWith("四、申请行政复议")).toBe(true);
  });
});
