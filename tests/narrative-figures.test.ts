import { describe, expect, it } from "vitest";
import { checkNarrative } from "../lib/report/checks";
import { type FigurePath, type NarrativeFigure, narrativeFigures, readNarrative } from "../lib/report/narrative-figures";
import { chineseNumber } from "../lib/report/numerals";
import { findOutline } from "../lib/report/outline";
import { emptyReviewLitigation } from "../lib/report/review-litigation";
import { APPLICANT_COLUMNS, APPLICATION_ROWS, type Applications, type ProactiveCell } from "../lib/report/schema";

/**
 * Sentences are taken from the real corpus (tests/fixtures/real, named by document) wherever one exists; the few
 * made up say so.
 */

/** The figures of `overview` read as section 一 of a report of `year`. */
function figures(overview: string, year = 2023): [FigurePath, number][] {
  const text = `${year}年度政府信息公开工作年度报告\n一、总体情况\n${overview}\n五、存在的主要问题及改进情况\n无。\n`;
  return narrativeFigures(text, findOutline(text), year).map((figure) => [figure.path, figure.value]);
}

describe("narrative figures: the cues", () => {
  it("reads 收到 … 政府信息公开申请 N 件 as 本年新收, and 予以公开 N 件 after it as granted (html-scjgj_2022)", () => {
    expect(figures("2022年共收到政府信息公开申请3件，予以公开1件，不予公开2件，分别属于本机关不掌握相关政府信息及行政执法案卷。", 2022)).toEqual([
      ["applications.newReceived.total", 3],
      ["applications.granted.total", 1],
    ]);
  });

  it("reads 办理 … 申请 N 件 as a figure that may be handled, received, or received and carried over (heldout-104724)", () => {
    expect(figures("规范做好依申请公开信息答复工作，全年办理政府信息公开申请1件。", 2025)).toEqual([["applications.processed", 1]]);
    expect(figures("2023年结转下年度继续办理政府信息公开申请2件。")).toEqual([["applications.carriedForward.total", 2]]);
  });

  it("reads 受理 and leaves the rate alone (pingtan-083)", () => {
    expect(figures("2024年，共受理政府信息公开申请6件，办复率100%。", 2024)).toEqual([["applications.newReceived.total", 6]]);
  });

  it("reads 接收 across words between the verb and 申请 (pingtan-003), and 共计 before the number (pingtan-050)", () => {
    expect(
      figures("2023年接收通过邮寄、网络提交的各类政府信息公开申请21件，主要涉及征地拆迁、统计信息等方面，21件公开申请均在法定时限内办理，办结率100%。"),
    ).toEqual([["applications.newReceived.total", 21]]);
    expect(
      figures("2024年，我局收到群众通过邮寄、网络提交的各类政府信息公开申请共计8件，申请事项涉及政策法规信息1件、机构设置信息1件、小区备案信息6件。", 2024),
    ).toEqual([["applications.newReceived.total", 8]]);
  });

  it("reads 份 and 条 as units of applications, and not the breakdown after 其中 (pingtan-027, pingtan-059)", () => {
    expect(figures("2023年，我局共收到政府信息公开申请7份，其中法人申请1件、自然人申请6件，均依法予以办结。")).toEqual([["applications.newReceived.total", 7]]);
    expect(figures("2025年度，我局收到政府信息公开申请1条，因属信访举报投诉类，故不予处理。", 2025)).toEqual([["applications.newReceived.total", 1]]);
  });

  it("reads 接到依申请公开 and not the channels after it (seed-000)", () => {
    expect(figures("2024年，中心接到依申请公开共计6件，其中网上申请5件，信函申请1件。", 2024)).toEqual([["applications.newReceived.total", 6]]);
  });

  it("reads the number between 受理 and its object (pingtan-018)", () => {
    expect(figures("1.受理申请的数量：2020年度共受理2件依申请公开信息，主要受理方式为信函申请。", 2020)).toEqual([["applications.newReceived.total", 2]]);
  });

  it("reads 办结 N 件 after applications as handled, across line breaks, without the aside (markdown-D02)", () => {
    const sentence = "市政府共受理政府信息公开申请 1295 件，办结 1191 件（含\n上年结转 189 件），均在法定期限内答复。";
    expect(figures(sentence, 2025)).toEqual([
      ["applications.newReceived.total", 1295],
      ["applications.handledTotal.total", 1191],
    ]);
  });

  it("reads 办结申请 N 件 on its own (pingtan-055) and 答复 N 件 after applications (pingtan-045)", () => {
    expect(figures("全年按时办结申请3件，办结率100%。", 2024)).toEqual([["applications.handledTotal.total", 3]]);
    expect(figures("收到公民、法人和其他组织政府信息公开申请7件，按照《条例》要求，及时规范答复7件。")).toEqual([
      ["applications.newReceived.total", 7],
      ["applications.handledTotal.total", 7],
    ]);
  });

  it("does not read outcomes worded with 答复 as handled (pingtan-011)", () => {
    const sentence =
      "2025年，共受理政府信息公开申请21件，经分类处置后，给予同意公开答复 1 件，不予公开答复3件，区分处理后公开11件，因无法提供相关信息答复2件，其他处理2件，结转下年度继续办理2件，所有申请均在法定期限内办结。";
    expect(figures(sentence, 2025)).toEqual([
      ["applications.newReceived.total", 21],
      ["applications.granted.total", 1],
      ["applications.carriedForward.total", 2],
    ]);
  });

  it("does not read 办结 of something else than applications (made up)", () => {
    expect(figures("2023年共办理人大代表建议12件，办结12件。")).toEqual([]);
  });

  it("reads 上年结转 and 结转上年度 as carried over, 转下一年度 as carried forward (markdown-D01, pingtan-021)", () => {
    const d01 =
      "全年收到政府信息公开申请 34 件，上年结转政府信息公开\n申请 2 件，所有申请均已按要求办理完成。所有办结的信息公开\n申请中同意公开答复 9 件，部分公开答复 0 件，不予公开答复 2\n件，无法提供的 10 件，不予处理 0 件，其他处理 14 件，转下一\n年度办理答复的有 1 件。";
    expect(figures(d01, 2024)).toEqual([
      ["applications.newReceived.total", 34],
      ["applications.carriedOver.total", 2],
      ["applications.granted.total", 9],
      ["applications.carriedForward.total", 1],
    ]);
    expect(figures("结转上年度政府信息公开申请1件，因申请人无正当理由逾期不补正，不再处理其政府信息公开申请。", 2022)).toEqual([
      ["applications.carriedOver.total", 1],
    ]);
  });

  it("reads 行政复议 N 起 and 行政诉讼 N 起 of 政府信息公开 (pingtan-045, pingtan-083, pingtan-059)", () => {
    expect(figures("因依申请公开引发行政复议1起、行政诉讼1起，分别被驳回行政复议申请和裁定按照撤诉处理。")).toEqual([
      ["reviewLitigation.reconsideration.total", 1],
      ["reviewLitigation.litigation.total", 1],
    ]);
    expect(figures("办理因政府信息公开引起的行政复议1件，当事人后续主动撤诉，未出现被纠错的情况，行政诉讼0件。", 2024)).toEqual([
      ["reviewLitigation.reconsideration.total", 1],
      ["reviewLitigation.litigation.total", 0],
    ]);
    expect(figures("政府信息公开行政复议1条，未发生行政诉讼情况。", 2025)).toEqual([
      ["reviewLitigation.reconsideration.total", 1],
      ["reviewLitigation.litigation.total", 0],
    ]);
  });

  it("does not read an agency's reconsiderations in general, nor 行政复议、行政诉讼 counted together (made up)", () => {
    expect(figures("全年共办理行政复议案件50件。")).toEqual([]);
    expect(figures("因政府信息公开引起的行政复议、行政诉讼共3件。")).toEqual([]);
  });

  it("reads 制发/制定 规范性文件 N 件 and 现行有效 N 件 (pingtan-078, pingtan-045, pingtan-023)", () => {
    expect(figures("八是建成规范性文件库，本年度制发规范性文件34件，现行有效件数424件。", 2022)).toEqual([
      ["proactive.normativeDocs.issued", 34],
      ["proactive.normativeDocs.inForce", 424],
    ]);
    expect(figures("全面梳理了我局现行有效的规范性文件16件，在“行政规范性文件”栏目下公开。")).toEqual([["proactive.normativeDocs.inForce", 16]]);
    expect(figures("2023年，我局制定规范性文件5件，全部完成图文解读。")).toEqual([["proactive.normativeDocs.issued", 5]]);
    expect(figures("2025年新制发规范性文件3件，及时更新网站“行政规范性文件”库，并做好政策解读。", 2025)).toEqual([["proactive.normativeDocs.issued", 3]]);
  });

  it("reads 未制发 as 0 issued (pingtan-017), and 现行有效 only in a sentence about 规范性文件 (made up)", () => {
    expect(figures("行政规范性文件本年度未制发，现行有效件数11件。", 2024)).toEqual([
      ["proactive.normativeDocs.issued", 0],
      ["proactive.normativeDocs.inForce", 11],
    ]);
    expect(figures("现行有效件数11件。")).toEqual([]);
    expect(figures("规章和规范性文件现行有效件数11件。")).toEqual([]);
  });

  it("quotes the sentence as printed, full-width punctuation kept", () => {
    const text = "2022年度政府信息公开工作年度报告\n一、总体情况\n八是建成规范性文件库，本年度制发规范性文件34件，现行有效件数424件。\n";
    expect(narrativeFigures(text, findOutline(text), 2022).map((figure) => figure.sentence)).toEqual([
      "八是建成规范性文件库，本年度制发规范性文件34件，现行有效件数424件",
      "八是建成规范性文件库，本年度制发规范性文件34件，现行有效件数424件",
    ]);
  });

  it("reads only the narrative parts, not the tables' part", () => {
    const text = "2023年度政府信息公开工作年度报告\n一、总体情况\n无。\n三、收到和处理政府信息公开申请情况\n共收到政府信息公开申请5件。\n";
    expect(narrativeFigures(text, findOutline(text), 2023)).toEqual([]);
  });
});

describe("narrative figures: Chinese numerals", () => {
  it("reads 十四件, 两件 and 一件 (made up)", () => {
    expect(figures("共收到政府信息公开申请十四件。")).toEqual([["applications.newReceived.total", 14]]);
    expect(figures("共受理依申请公开两件。")).toEqual([["applications.newReceived.total", 2]]);
    expect(figures("因政府信息公开引起行政复议一件。")).toEqual([["reviewLitigation.reconsideration.total", 1]]);
  });

  it("converts numerals below 10,000 and refuses malformed ones", () => {
    expect([chineseNumber("十"), chineseNumber("十四"), chineseNumber("二十"), chineseNumber("一百零五"), chineseNumber("两"), chineseNumber("〇")]).toEqual([
      10, 14, 20, 105, 2, 0,
    ]);
    expect([chineseNumber("十十"), chineseNumber("三三"), chineseNumber("百十百")]).toEqual([null, null, null]);
  });
});

describe("narrative figures: zero stated in words", () => {
  it("reads 未收到 … 申请 and 没有发生 … 行政复议、行政诉讼 as 0 (pingtan-013)", () => {
    expect(figures("2023年度，我局未收到政府信息公开申请，没有发生因政府信息公开工作而引起的行政复议、行政诉讼等情况。")).toEqual([
      ["applications.newReceived.total", 0],
      ["reviewLitigation.reconsideration.total", 0],
      ["reviewLitigation.litigation.total", 0],
    ]);
  });

  it("reads 未收到过信息公开申请, 未收到依申请公开件/事宜 (pingtan-005, seed-004, pingtan-070)", () => {
    expect(figures("（四）依申请公开情况2024年，我局未收到过信息公开申请。", 2024)).toEqual([["applications.newReceived.total", 0]]);
    expect(figures("2024 年，未收到依申请公开件。", 2024)).toEqual([["applications.newReceived.total", 0]]);
    expect(figures("2023年我局未收到依申请公开事宜。")).toEqual([["applications.newReceived.total", 0]]);
  });

  it("reads 无因依申请公开引发的行政复议案件 as no reconsideration, saying nothing of litigation (seed-002)", () => {
    expect(figures("在此过程中无信息公开收费情况，也无因依申请公开引发的行政复议案件。")).toEqual([["reviewLitigation.reconsideration.total", 0]]);
  });

  it("does not read 未收到 … 行政复议 … 的申请 as no applications (pingtan-006)", () => {
    expect(figures("已办理完结，未收到因政府信息公开提出的行政复议、行政诉讼的申请。")).toEqual([
      ["reviewLitigation.reconsideration.total", 0],
      ["reviewLitigation.litigation.total", 0],
    ]);
  });

  it("does not read 未发生 … 被纠错 / 败诉 as no reconsideration (seed-000, markdown-D02)", () => {
    expect(figures("依申请公开按时答复率、协查回函准时率、内容准确率均为100%，未发生因政府信息公开引发的行政复议被纠错和行政诉讼败诉情况。", 2024)).toEqual([]);
    expect(figures("全年未发生因依申请公开被行政复议纠错或\n行政诉讼败诉情形。", 2025)).toEqual([]);
  });

  it("does not read 未收到其他 … 申请 or 未收到线上 … 申请 as no applications (made up)", () => {
    expect(figures("除上述申请外，未收到其他政府信息公开申请。")).toEqual([]);
    expect(figures("本年度未收到线上政府信息公开申请。")).toEqual([]);
  });
});

describe("narrative figures: not totals", () => {
  it("leaves 同比 and 增加/减少 figures, and the clause they change (made up)", () => {
    expect(figures("共收到政府信息公开申请15件，同比增加5件。")).toEqual([["applications.newReceived.total", 15]]);
    expect(figures("收到政府信息公开申请较上年增加5件。")).toEqual([]);
    expect(figures("共收到政府信息公开申请15件（同比增长50%）。")).toEqual([["applications.newReceived.total", 15]]);
  });

  it("leaves counts of 信息条数 (html-lywtj_2023, pingtan-027, pingtan-054, pingtan-018)", () => {
    expect(figures("依申请公开信息1144条。")).toEqual([]);
    expect(figures("2023年通过政府门户网站主动公开政府信息260条，其中政策、规范性文件类7条，财政预算、决算类4条。")).toEqual([]);
    expect(figures("2020年制作、获取政府信息总数425条，其中主动公开政府信息148条，依申请公开信息数182条，不予公开信息数95条。", 2020)).toEqual([]);
    expect(figures("2.对申请的办理情况：2件均已及时答复，其中同意公开信息数2件。", 2020)).toEqual([]);
  });

  it("leaves figures of other years (made up)", () => {
    expect(figures("2022年共收到政府信息公开申请16件。", 2023)).toEqual([]);
    expect(figures("上年共收到政府信息公开申请10件。")).toEqual([]);
  });

  it("leaves percentages and shares (pingtan-045)", () => {
    expect(figures("从申请方式看，网络申请3件，占43%；信函申请4件，占57%。")).toEqual([]);
  });

  it("leaves figures of other agencies (pingtan-003; the second made up)", () => {
    expect(figures("按照省上要求，建设完成行政规范性文件库，督促各责任单位完成现行有效行政规范性文件清理和集中发布，共发布规范性文件500余份。")).toEqual([]);
    expect(figures("全区各单位共收到政府信息公开申请300件。")).toEqual([]);
  });

  it("leaves a part after 其中, and information counted in 条 after 予以公开 (made up)", () => {
    expect(figures("其中通过网络收到政府信息公开申请3件。")).toEqual([]);
    expect(figures("共收到政府信息公开申请5件，对相关政府信息予以公开12条。")).toEqual([["applications.newReceived.total", 5]]);
  });

  it("leaves a breakdown by channel (seed-003)", () => {
    expect(figures("2024年共受理依申请公开线上申请1件，线下申请0件，严格执行依申请公开申请登记、审核、办理、答复、归档的工作流程和制度。", 2024)).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------

function applicationsWith(totals: Partial<Record<(typeof APPLICATION_ROWS)[number], number | null>>): Applications {
  const rows = Object.fromEntries(APPLICATION_ROWS.map((row) => [row, Object.fromEntries(APPLICANT_COLUMNS.map((c) => [c, 0]))])) as Applications;
  for (const [row, total] of Object.entries(totals)) rows[row as keyof Applications].total = total ?? null;
  return rows;
}

function inForceCell(value: number | null): ProactiveCell {
  return { key: "normativeDocs.inForce", item: "20(1)", category: "行政规范性文件", metric: "现行有效件数", value, unit: "件", raw: String(value) };
}

const figure = (path: FigurePath, value: number, sentence = "共收到政府信息公开申请7份"): NarrativeFigure => ({ path, value, sentence });

describe("checkNarrative", () => {
  const tables = (received: number | null, litigation: [number, number] = [0, 0], inForce: number | null = 89) => {
    const reviewLitigation = emptyReviewLitigation();
    reviewLitigation.litigationDirect.total = litigation[0];
    reviewLitigation.litigationAfterReconsideration.total = litigation[1];
    return { applications: applicationsWith({ newReceived: received }), reviewLitigation, proactive: [inForceCell(inForce)] };
  };

  it("flags a figure the table contradicts beside its cell, quoting the sentence", () => {
    const issues = checkNarrative([figure("applications.newReceived.total", 7)], tables(0));
    expect(issues).toEqual([
      {
        code: "narrative.mismatch",
        severity: "warning",
        message: "the narrative says 本年新收政府信息公开申请 7, the table prints 0: “共收到政府信息公开申请7份”",
        where: { section: "applications", row: "newReceived", column: "total" },
      },
    ]);
  });

  it("says nothing when the figure agrees, the cell holds no number, or the narrative gives two figures", () => {
    expect(checkNarrative([figure("applications.newReceived.total", 7)], tables(7))).toEqual([]);
    expect(checkNarrative([figure("applications.newReceived.total", 7)], tables(null))).toEqual([]);
    expect(checkNarrative([figure("applications.newReceived.total", 7), figure("applications.newReceived.total", 0)], tables(0))).toEqual([]);
  });

  it("compares 行政诉讼 with both litigation groups and flags the table", () => {
    expect(checkNarrative([figure("reviewLitigation.litigation.total", 1)], tables(0, [0, 1]))).toEqual([]);
    expect(checkNarrative([figure("reviewLitigation.litigation.total", 0)], tables(0, [0, 1]))[0]?.where).toEqual({ section: "reviewLitigation" });
  });

  it("flags 办理 N 件 beside 办结（总计） only when it is neither handled, received, nor received and carried over", () => {
    const withCarried = (received: number, carried: number, handled: number) => ({
      ...tables(received),
      applications: applicationsWith({ newReceived: received, carriedOver: carried, handledTotal: handled }),
    });
    const processed = (value: number) => [figure("applications.processed", value, "全年办理政府信息公开申请1件")];
    expect(checkNarrative(processed(5), withCarried(3, 2, 4))).toEqual([]);
    expect(checkNarrative(processed(3), withCarried(3, 2, 4))).toEqual([]);
    expect(checkNarrative(processed(4), withCarried(3, 2, 4))).toEqual([]);
    const [mismatch] = checkNarrative(processed(1), withCarried(0, 0, 0));
    expect(mismatch?.where).toEqual({ section: "applications", row: "handledTotal", column: "total" });
    expect(mismatch?.message).toContain("the table prints 0");
  });

  it("flags a 表二 figure at its cell key", () => {
    const issues = checkNarrative([figure("proactive.normativeDocs.inForce", 424, "现行有效件数424件")], tables(0));
    expect(issues.map((i) => i.where)).toEqual([{ section: "proactive", row: "normativeDocs.inForce" }]);
    expect(checkNarrative([figure("proactive.normativeDocs.inForce", 424)], tables(0, [0, 0], null))).toEqual([]);
  });
});

describe("narrative hints about 表二 (choose among readings only)", () => {
  function hints(overview: string, year = 2020): [string, number, string | undefined][] {
    const text = `${year}年度政府信息公开工作年度报告\n一、总体情况\n${overview}\n五、存在的主要问题及改进情况\n无。\n`;
    return readNarrative(text, findOutline(text), year).hints.map((hint) => [hint.topic, hint.value, hint.unit]);
  }

  it("reads a procurement amount, a count of decisions and documents issued (pingtan-022, 057, heldout-80610)", () => {
    expect(hints("四是推进采购信息公开。在政府采购网对采购情况进行全流程公布，全年共发布采购信息197批次涉及金额3601627.4元。")).toEqual([
      ["procurementAmount", 3601627.4, "元"],
    ]);
    expect(hints("今年共发布采购信息21条共5419886元。", 2019)).toEqual([["procurementAmount", 5419886, "元"]]);
    expect(hints("立案查处各类违法行为并作出行政处罚决定305起，全部予以公开。", 2019)).toEqual([["punishmentDecisions", 305, undefined]]);
    expect(hints("2021年发布规范性文件20份，主动公开信息20条。", 2021)).toEqual([["docsIssued", 20, undefined]]);
  });

  it("takes no count of information items, no other year and no change for a hint (pingtan-062, 014)", () => {
    expect(hints("主动公开政策规范性文件信息2条，行政许可类信息3条。")).toEqual([]);
    expect(hints("政策规范性文件类信息12条。", 2019)).toEqual([]);
    expect(hints("2019年发布规范性文件20份。", 2020)).toEqual([]);
    expect(hints("作出行政处罚决定305起，同比增加10%。")).toEqual([]);
  });
});

describe("narrative before a table", () => {
  it("reads the sentence a table part prints between its heading and its table (heldout-86656), not the table", () => {
    const text =
      "2023年度政府信息公开工作年度报告\n一、总体情况\n无。\n三、收到和处理政府信息公开申请情况2023年，共收到政府信息公开申请0条。（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）申请人情况 一、本年新收政府信息公开申请数量 3 0 0 0 0 0 3\n五、存在的主要问题及改进情况\n无。\n";
    expect(narrativeFigures(text, findOutline(text), 2023).map((figure) => [figure.path, figure.value])).toEqual([["applications.newReceived.total", 0]]);
  });
});
