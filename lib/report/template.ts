import type { Part } from "./outline";
import type { ApplicantColumn, ApplicationRow, FormatVersion, ReviewField, ReviewGroup } from "./schema";

/** The national template as printed: labels of every row, column and cell, per version. */

export const COLUMN_LABELS: Record<ApplicantColumn, string> = {
  naturalPerson: "自然人",
  business: "商业企业",
  research: "科研机构",
  nonprofit: "社会公益组织",
  legal: "法律服务机构",
  otherOrg: "其他",
  total: "总计",
};

/** 表三's column bands as printed: 申请人情况 over all seven columns, 法人或其他组织 over the five organisations. */
export const APPLICANTS_LABEL = "申请人情况";
export const ORGANISATIONS_LABEL = "法人或其他组织";

export type RowLabel = {
  /** The rowspan group cells printed left of the label (三、本年度办理结果, （三）不予公开 …). */
  parents: string[];
  label: string;
};

const RESULT = "三、本年度办理结果";
const WITHHELD = "（三）不予公开";
const UNABLE = "（四）无法提供";
const REJECTED = "（五）不予处理";
const OTHER = "（六）其他处理";

export const ROW_LABELS: Record<ApplicationRow, RowLabel> = {
  newReceived: { parents: [], label: "一、本年新收政府信息公开申请数量" },
  carriedOver: { parents: [], label: "二、上年结转政府信息公开申请数量" },
  granted: { parents: [RESULT], label: "（一）予以公开" },
  partiallyGranted: { parents: [RESULT], label: "（二）部分公开（区分处理的，只计这一情形，不计其他情形）" },
  withheldStateSecret: { parents: [RESULT, WITHHELD], label: "1.属于国家秘密" },
  withheldLawProhibited: { parents: [RESULT, WITHHELD], label: "2.其他法律行政法规禁止公开" },
  withheldSecurityStability: { parents: [RESULT, WITHHELD], label: "3.危及“三安全一稳定”" },
  withheldThirdParty: { parents: [RESULT, WITHHELD], label: "4.保护第三方合法权益" },
  withheldInternalAffairs: { parents: [RESULT, WITHHELD], label: "5.属于三类内部事务信息" },
  withheldProcessInfo: { parents: [RESULT, WITHHELD], label: "6.属于四类过程性信息" },
  withheldEnforcementFile: { parents: [RESULT, WITHHELD], label: "7.属于行政执法案卷" },
  withheldQueryMatter: { parents: [RESULT, WITHHELD], label: "8.属于行政查询事项" },
  unableNotHeld: { parents: [RESULT, UNABLE], label: "1.本机关不掌握相关政府信息" },
  unableNeedsCreation: { parents: [RESULT, UNABLE], label: "2.没有现成信息需要另行制作" },
  unableUnclear: { parents: [RESULT, UNABLE], label: "3.补正后申请内容仍不明确" },
  rejectedComplaint: { parents: [RESULT, REJECTED], label: "1.信访举报投诉类申请" },
  rejectedDuplicate: { parents: [RESULT, REJECTED], label: "2.重复申请" },
  rejectedPublication: { parents: [RESULT, REJECTED], label: "3.要求提供公开出版物" },
  rejectedExcessive: { parents: [RESULT, REJECTED], label: "4.无正当理由大量反复申请" },
  rejectedConfirmation: { parents: [RESULT, REJECTED], label: "5.要求行政机关确认或重新出具已获取信息" },
  otherNoCorrection: {
    parents: [RESULT, OTHER],
    label: "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
  },
  otherNoFee: {
    parents: [RESULT, OTHER],
    label: "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
  },
  otherOther: { parents: [RESULT, OTHER], label: "3.其他" },
  otherTotal: { parents: [RESULT], label: OTHER },
  handledTotal: { parents: [RESULT], label: "（七）总计" },
  carriedForward: { parents: [], label: "四、结转下年度继续办理" },
};

/** The rows of the balance 一 + 二 = （七）总计 + 四 as pages name them for short. */
export const SHORT_ROW_LABELS = {
  newReceived: "本年新收",
  carriedOver: "上年结转",
  handledTotal: "办理总计",
  carriedForward: "结转下年度",
} as const satisfies Partial<Record<ApplicationRow, string>>;

export const APPLICATIONS_HEADING = "三、收到和处理政府信息公开申请情况";
export const APPLICATIONS_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）";

export const REVIEW_GROUP_LABELS: Record<ReviewGroup, string> = {
  reconsideration: "行政复议",
  litigationDirect: "未经复议直接起诉",
  litigationAfterReconsideration: "复议后起诉",
};

/** 表四's second band as printed: 行政诉讼, over its two groups (the first band, 行政复议, is its one group's label). */
export const LITIGATION_LABEL = "行政诉讼";
export const LITIGATION_GROUPS = ["litigationDirect", "litigationAfterReconsideration"] as const satisfies readonly ReviewGroup[];

export const REVIEW_FIELD_LABELS: Record<ReviewField, string> = {
  upheld: "结果维持",
  corrected: "结果纠正",
  other: "其他结果",
  pending: "尚未审结",
  total: "总计",
};

export const REVIEW_LITIGATION_HEADING = "四、政府信息公开行政复议、行政诉讼情况";

export type ProactiveUnit = "件" | "项" | "万元";

export type ProactiveField = { key: string; metric: string; unit: ProactiveUnit };
export type ProactiveRowTemplate = { category: string; fields: ProactiveField[] };
export type ProactiveBand = {
  /** 20(1), 20(5) … as stored in `item`. */
  item: string;
  /** 第二十条第（一）项 as printed. */
  heading: string;
  metrics: string[];
  rows: ProactiveRowTemplate[];
};

function band(item: string, numeral: string, metrics: string[], rows: [string, string, string[], ProactiveUnit[]][]): ProactiveBand {
  return {
    item,
    heading: `第二十条第（${numeral}）项`,
    metrics,
    rows: rows.map(([category, prefix, keys, units]) => ({
      category,
      fields: keys.map((key, i) => ({ key: `${prefix}.${key}`, metric: metrics[i] ?? "", unit: units[i] ?? units[0] ?? "件" })),
    })),
  };
}

const DOCS_2021 = ["本年制发件数", "本年废止件数", "现行有效件数"];
const DOCS_2019 = ["本年新制作数量", "本年新公开数量", "对外公开总数量"];
const ITEMS_2019 = ["上一年项目数量", "本年增/减", "处理决定数量"];

export const PROACTIVE_TEMPLATE: Record<FormatVersion, ProactiveBand[]> = {
  "2021": [
    band("20(1)", "一", DOCS_2021, [
      ["规章", "regulations", ["issued", "repealed", "inForce"], ["件"]],
      ["行政规范性文件", "normativeDocs", ["issued", "repealed", "inForce"], ["件"]],
    ]),
    band("20(5)", "五", ["本年处理决定数量"], [["行政许可", "licensing", ["decisions"], ["件"]]]),
    band(
      "20(6)",
      "六",
      ["本年处理决定数量"],
      [
        ["行政处罚", "punishment", ["decisions"], ["件"]],
        ["行政强制", "coercion", ["decisions"], ["件"]],
      ],
    ),
    band("20(8)", "八", ["本年收费金额（单位：万元）"], [["行政事业性收费", "fees", ["amount"], ["万元"]]]),
  ],
  "2019": [
    band("20(1)", "一", DOCS_2019, [
      ["规章", "regulations", ["created", "published", "totalPublic"], ["件"]],
      ["规范性文件", "normativeDocs", ["created", "published", "totalPublic"], ["件"]],
    ]),
    band("20(5)", "五", ITEMS_2019, [
      ["行政许可", "licensing", ["prevYearItems", "change", "decisions"], ["项", "项", "件"]],
      ["其他对外管理服务事项", "otherServices", ["prevYearItems", "change", "decisions"], ["项", "项", "件"]],
    ]),
    band("20(6)", "六", ITEMS_2019, [
      ["行政处罚", "punishment", ["prevYearItems", "change", "decisions"], ["项", "项", "件"]],
      ["行政强制", "coercion", ["prevYearItems", "change", "decisions"], ["项", "项", "件"]],
    ]),
    band("20(8)", "八", ["上一年项目数量", "本年增/减"], [["行政事业性收费", "fees", ["prevYearItems", "change"], ["项"]]]),
    band("20(9)", "九", ["采购项目数量", "采购总金额"], [["政府集中采购", "procurement", ["projects", "amount"], ["项", "万元"]]]),
  ],
};

export const PROACTIVE_HEADING = "二、主动公开政府信息情况";

/** The six parts' headings as the template numbers them, by the outline's names of the parts. */
export const PART_HEADINGS: Record<Part, string> = {
  overview: "一、总体情况",
  proactive: PROACTIVE_HEADING,
  applications: APPLICATIONS_HEADING,
  reviewLitigation: REVIEW_LITIGATION_HEADING,
  problems: "五、存在的主要问题及改进情况",
  other: "六、其他需要报告的事项",
};

/** A printed label without its numbering: 二、上年结转政府信息公开申请数量 → 上年结转政府信息公开申请数量, （三）不予公开 → 不予公开. */
export const unnumbered = (label: string) => label.replace(/^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\d+\.)/, "");
