import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { publishedOn, revisionMark, signedOn } from "../lib/report/edition";
import { parseReport } from "../lib/report/parse";

const REAL_007 = "tests/fixtures/real/pingtan-007_pingtan_jjfzj_2020/007_pingtan_jjfzj_2020.txt";
const period2022 = { periodEnd: "2022-12-31" };

describe("the facts that order editions of a report", () => {
  it("reads the 落款 date after the agency's name at the end, not an imprint (印发) or a date in prose", () => {
    expect(signedOn("…六、其他需要报告的事项\n无。\n南京市玄武区人民政府办公室\n2023年1月18日\n", period2022)).toBe("2023-01-18");
    expect(signedOn("无 某某局 2023年1月26日 某某局办公室 2022年1月26日印发 附件下载", period2022)).toBe("2023-01-26");
    expect(signedOn("本报告于2023年1月18日在网站发布，欢迎监督。", period2022)).toBeNull();
  });

  it("refuses a 落款 date inside or long after the statistical period (a typo of the year)", () => {
    expect(signedOn("…。某某局 2022年1月25日", period2022)).toBeNull();
    expect(signedOn("…。某某局 2030年1月25日", period2022)).toBeNull();
  });

  it("reads 发布时间 from a crawler's header", () => {
    expect(publishedOn("标题: 某局2022年度政府信息公开工作年度报告\n发布时间: 2023-01-09 16:22\n")).toBe("2023-01-09");
    expect(publishedOn("某局2022年度政府信息公开工作年度报告\n来源：某局时间：2023-01-26 17:27\n微信微博 QQ空间\n")).toBe("2023-01-26");
    expect(publishedOn("某局2022年度政府信息公开工作年度报告\n")).toBeNull();
  });

  it("finds 更正/修订 in the title or a statement about the report, not in 新修订的《条例》", () => {
    expect(revisionMark("某局2022年度政府信息公开工作年度报告（更正）\n一、总体情况")).toBe("更正");
    expect(revisionMark("某局2022年度政府信息公开工作年度报告\n（修订版）\n一、总体情况")).toBe("修订");
    expect(revisionMark("某局2022年度政府信息公开工作年度报告\n一、总体情况\n本报告第三部分数据有误，现予更正。")).toMatch(/本报告.*更正/);
    expect(revisionMark("某局2022年度政府信息公开工作年度报告\n一、总体情况\n……\n（更正版）\n")).toBe("（更正版）");
    expect(revisionMark("某局2022年度政府信息公开工作年度报告\n根据新修订的《条例》，及时修订完善配套制度。")).toBeNull();
    expect(revisionMark("某中心2020年政府信息公开工作年度报告\n包括中标结果公告173条，招标更正公告12条。")).toBeNull();
    expect(revisionMark("某局2019年政府信息公开工作年度报告\n一、总体情况\n2019年度报告 某局根据新修订的《条例》开展工作。")).toBeNull();
  });

  it("reads the real corpus: 落款 and 发布时间 of a Pingtan report, no mark", () => {
    const heldOut = parseReport(readFileSync("tests/fixtures/real/heldout-80567_sppqglj_2019/80567_sppqglj_2019.txt", "utf8"));
    expect(heldOut.ok && heldOut.report.edition.revisionMark).toBeNull();
    const outcome = parseReport(readFileSync(REAL_007, "utf8"));
    expect(outcome.ok && outcome.report.edition).toEqual({ signedOn: "2021-01-26", publishedOn: "2021-01-27", revisionMark: null });
  });
});
