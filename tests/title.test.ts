import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { normalizeText } from "../lib/report/normalize";
import { type ParseOutcome, parseReport } from "../lib/report/parse";
import { blankRanges, pageChromeRanges, pageFooterRange } from "../lib/report/preamble";
import type { Report } from "../lib/report/schema";
import { parseTitle } from "../lib/report/title";
import { renderReport } from "../lib/synth/render";
import { FIXTURES } from "./support/fixtures";

/** A's report and its text (a seed re-rendered with short sections), to edit one thing at a time. */
const AGENCY = "济南公共资源交易中心";
const TITLE_LINE = `${AGENCY}2024年政府信息公开工作年度报告`;
const PERIOD_SENTENCE = "本报告中所列数据的统计期限自2024年1月1日起至2024年12月31日止。";
let base: string;

beforeAll(() => {
  const seed = parseReport(readFileSync(join(FIXTURES, "seed-000", "input.txt"), "utf8"));
  if (!seed.ok) throw new Error(seed.reason);
  const report: Report = { ...seed.report, sections: { overview: "全年主动公开政府信息120条。", problems: "无。", other: "无。" } };
  base = renderReport(report, "tabs");
  expect(base.startsWith(`${TITLE_LINE}\n`)).toBe(true);
  expect(base).toContain(PERIOD_SENTENCE);
});

const withTitle = (title: string, text = base) => text.replace(TITLE_LINE, title);
const withPeriod = (sentence: string, text = base) => text.replace(PERIOD_SENTENCE, sentence);
const withOverview = (overview: string, text = base) => text.replace("全年主动公开政府信息120条。", overview);

function parsed(text: string): Report {
  const outcome = parseReport(text);
  if (!outcome.ok) throw new Error(outcome.reason);
  return outcome.report;
}

function refusal(outcome: ParseOutcome): string {
  if (outcome.ok) throw new Error(`parsed as ${outcome.report.agency} ${outcome.report.year}; expected a refusal`);
  return outcome.reason;
}

const yearConflicts = (report: Report) => report.issues.filter((i) => i.code === "report.yearConflict");

describe("radicals folded to the ideographs they stand for", () => {
  it("gives an agency printed with radicals the same name as one printed with ideographs", () => {
    const report = parsed(withTitle("⻓沙市人⺠政府办公厅2024年政府信息公开工作年度报告"));
    expect(report.agency).toBe("长沙市人民政府办公厅");
  });

  it("folds them in the narrative sections, which keep their full-width punctuation", () => {
    const report = parsed(withOverview("为⼈⺠群众提供服务（全年）。"));
    expect(report.sections.overview).toBe("为人民群众提供服务（全年）。");
  });
});

describe("titles naming two years", () => {
  it("reads both years and never the first alone", () => {
    expect(parseTitle("某区财政局2022—2023年度政府信息公开工作年度报告")).toEqual({ agency: "某区财政局", years: [2022, 2023] });
    expect(parseTitle("某区财政局2022-2023年政府信息公开工作年度报告")).toEqual({ agency: "某区财政局", years: [2022, 2023] });
    expect(parseTitle("某区财政局2022年—2023年度政府信息公开工作年度报告")).toEqual({ agency: "某区财政局", years: [2022, 2023] });
  });

  it("takes the year the statistical period is of", () => {
    const text = withPeriod("本报告中所列数据的统计期限自2023年1月1日起至2023年12月31日止。", withTitle(`${AGENCY}2023—2024年度政府信息公开工作年度报告`));
    const report = parsed(text);
    expect([report.agency, report.year, report.periodStart, report.periodEnd]).toEqual([AGENCY, 2023, "2023-01-01", "2023-12-31"]);
  });

  it("takes the report year the text names when no period is stated", () => {
    const text = withPeriod("现将2023年度政府信息公开工作年度报告公布如下。", withTitle(`${AGENCY}2023—2024年度政府信息公开工作年度报告`));
    expect(parsed(text).year).toBe(2023);
  });

  it("refuses naming both years when neither the period nor the text decides", () => {
    const text = withPeriod("", withTitle(`${AGENCY}2023—2024年度政府信息公开工作年度报告`));
    expect(refusal(parseReport(text))).toMatch(/two report years, 2023 and 2024/);
  });
});

describe("a report year the text contradicts", () => {
  it("flags a text naming another report year (编制完成2025年度…年度报告 in a 2024 report) at year", () => {
    const report = parsed(withOverview("结合实际，编制完成2025年度政府信息公开工作年度报告。"));
    expect(report.year).toBe(2024);
    expect(yearConflicts(report)).toEqual([expect.objectContaining({ where: { section: "report", row: "year" }, message: expect.stringMatching(/2025/) })]);
  });

  it("flags a statistical period of another year and stores it as printed", () => {
    const report = parsed(withPeriod("本报告中所列数据的统计期限自2023年1月1日起至2023年12月31日止。"));
    expect([report.year, report.periodStart, report.periodEnd]).toEqual([2024, "2023-01-01", "2023-12-31"]);
    expect(yearConflicts(report)).toHaveLength(1);
    expect(report.issues.map((i) => i.code)).not.toContain("period.partial");
  });

  it("raises no alarm for last year's figures, cited notices, next year's dates or the title itself", () => {
    const overview =
      "较2023年同比增长12%。根据《关于做好2023年度政府信息公开工作年度报告编制发布工作的通知》，现公布2024年政府信息公开工作年度报告，2025年1月印发。";
    const report = parsed(withOverview(overview));
    expect(yearConflicts(report)).toEqual([]);
  });
});

describe("a file holding two reports", () => {
  const second = () => withTitle("济南市财政局2024年政府信息公开工作年度报告");

  it("is refused naming both, never read as the first one alone", () => {
    expect(refusal(parseReport(`${base}\n${second()}`))).toBe(`two reports in one file: ${AGENCY} 2024 and 济南市财政局 2024`);
  });

  it("names both years of one agency's two reports", () => {
    const text = `${base}\n${withTitle(`${AGENCY}2023年政府信息公开工作年度报告`)}`;
    expect(refusal(parseReport(text))).toBe(`two reports in one file: ${AGENCY} 2024 and ${AGENCY} 2023`);
  });

  it("is not taken for a report whose 表三 repeats a row line", () => {
    const row = base.split("\n").find((line) => line.startsWith("一、本年新收政府信息公开申请数量")) as string;
    const report = parsed(base.replace(row, `${row}\n${row}`));
    expect(report.agency).toBe(AGENCY);
  });
});

describe("documents that are not annual reports", () => {
  const body = "一、加强公开解读回应工作\n坚持以公开为常态、不公开为例外，年内累计公开政府信息181条。\n";

  it("says what a 工作要点落实情况, a 函 and a 自查报告 are", () => {
    expect(refusal(parseReport(`平潭综合实验区公安局2018年政务公开工作要点落实情况\n${body}`))).toBe(
      "not a 政府信息公开工作年度报告: a 工作要点落实情况 document titled “平潭综合实验区公安局2018年政务公开工作要点落实情况”, no 表三 found",
    );
    expect(refusal(parseReport(`某局关于2015年政府信息公开工作要点落实情况的函\n${body}`))).toMatch(
      /^not a 政府信息公开工作年度报告: a 函 \(letter\) about 工作要点落实情况/,
    );
    expect(refusal(parseReport(`某局关于做好政务公开财政牵头任务落实情况的自查报告\n${body}`))).toMatch(/^not a 政府信息公开工作年度报告: a 自查报告/);
  });

  it("says a column's list page is one", () => {
    const list = [
      "政府信息公开年报",
      "标题",
      "发布日期",
      ...[2024, 2023, 2022].flatMap((year) => [`某局${year}年度政府信息公开工作年度报告`, `${year + 1}-01-20`]),
    ];
    expect(refusal(parseReport(list.join("\n")))).toMatch(/^not a 政府信息公开工作年度报告: a list page of 3 annual reports' titles/);
  });

  it("says an annual report of a year before the 2019 template is one, in the old format", () => {
    const oldReport = `某区2018年度政府信息公开工作年度报告\n${body}六、政府信息公开情况统计表\n受理依申请公开信息总数 条 0 0\n`;
    expect(refusal(parseReport(oldReport))).toBe(
      "某区 2018: an annual report in the format before 2019 (none of the 表二, 表三 or 表四 of the 2019 or 2021 template), not read",
    );
    // A 2019 report without 表三 is no old-format report: the plain reason stays.
    expect(refusal(parseReport(`某区2019年度政府信息公开工作年度报告\n${body}`))).toBe("not a 政府信息公开工作年度报告: no 表三 found");
    // A document of another kind keeps its kind, whatever year it names.
    expect(refusal(parseReport(`某局2018年政务公开工作要点落实情况\n${body}`))).toMatch(/^not a 政府信息公开工作年度报告: a 工作要点落实情况/);
  });

  it("keeps the plain reason when it cannot tell", () => {
    expect(refusal(parseReport("会议纪要\n今天讨论了 3 件事。\n"))).toBe("not a 政府信息公开工作年度报告: no 表三 found");
  });
});

describe("page chrome around a saved web page's report", () => {
  const breadcrumb =
    "当前位置：首页 > 政务公开 > 政府信息公开年报 > 济南公共资源交易中心2024年政府信息公开工作年度报告\n来源：某网站 时间：2025-01-10 10:00 分享到：微信 微博 打印本页 关闭窗口\n";

  it("keeps the breadcrumb's path and the page tools out of the agency", () => {
    const report = parsed(breadcrumb + base.slice(TITLE_LINE.length + 1));
    expect(report.agency).toBe(AGENCY);
  });

  it("blanks the breadcrumb's path but keeps its last item, the title, at its offsets", () => {
    const text = normalizeText(breadcrumb);
    const masked = blankRanges(text, pageChromeRanges(text));
    expect(masked).toHaveLength(text.length);
    expect(masked.split("\n").map((line) => line.trim())).toEqual([TITLE_LINE, "", ""]);
  });

  it("never runs a breadcrumb into the report: it stops at the first heading or sentence", () => {
    const text = normalizeText(`当前位置：首页 > 年报\n${TITLE_LINE}\n一、总体情况\n受理时间：2024-01-01。`);
    const masked = blankRanges(text, pageChromeRanges(text));
    expect(masked.split("\n").map((line) => line.trim())).toEqual(["", TITLE_LINE, "一、总体情况", "受理时间:2024-01-01。"]);
  });

  it("keeps the page footer out of the last section", () => {
    const footer = "\n附件下载\n扫一扫在手机上查看当前页面\n友情链接\n人民网\n版权所有：某网站\n";
    expect(parsed(base + footer).sections.other).toBe("无。");
  });

  it("keeps what follows a footer marker when statistical tables still follow it", () => {
    const text = "六、其他需要报告的事项\n无。\n附件下载\n附表：\n一、本年新收政府信息公开申请数量\t1\n";
    expect(pageFooterRange(text, 0)).toBeNull();
    expect(pageFooterRange(text.replace(/附表[\s\S]*/, "友情链接\n"), 0)).toEqual({
      start: text.indexOf("附件下载"),
      end: text.indexOf("附件下载") + "附件下载\n友情链接\n".length,
    });
  });

  it("takes page tools only where they start the text or follow whitespace", () => {
    const ranges = (text: string) => pageChromeRanges(text).map(({ start, end }) => text.slice(start, end));
    expect(ranges("微信 微博")).toEqual(["微信 微博"]);
    expect(ranges("关注微信 微博 打印本页")).toEqual(["微博 打印本页"]);
    expect(ranges("x打印本页")).toEqual([]);
  });

  it("blanks ranges given in any order and overlapping, keeping line breaks and the length in UTF-16 code units", () => {
    const text = "ab\ncd😀ef\ngh";
    expect(
      blankRanges(text, [
        { start: 9, end: 11 },
        { start: 1, end: 4 },
        { start: 3, end: 7 },
      ]),
    ).toBe("a \n    ef\n h");
    expect(blankRanges(text, [{ start: 2, end: 2 }])).toBe(text);
  });

  it("leaves chrome words inside sentences alone", () => {
    const report = parsed(withOverview("通过门户网站、微信公众号发布信息，来源于各科室。"));
    expect(report.sections.overview).toBe("通过门户网站、微信公众号发布信息，来源于各科室。");
  });
});
