import type { FormatVersion, Issue, IssueCode } from "../report/schema";
import {
  APPLICATIONS_HEADING,
  COLUMN_LABELS,
  PROACTIVE_HEADING,
  PROACTIVE_TEMPLATE,
  REVIEW_FIELD_LABELS,
  REVIEW_GROUP_LABELS,
  REVIEW_LITIGATION_HEADING,
  ROW_LABELS,
} from "../report/template";

/**
 * A flag as a reader reads it: what the code means in plain Chinese, the cell it concerns by the template's own
 * labels, and the parser's note retold in Chinese with its figures. The parser's notes (the stored `message`) stay
 * as they are: they are the technical record, checked by the golden files.
 */

/** What each flag code means, in plain words (the methodology page lists them; each flag shows its own). */
export const ISSUE_MEANINGS: Record<IssueCode, string> = {
  "identity.balance": "表三的账对不上：本年新收加上年结转，应等于办理总计加结转下年度",
  "identity.rowTotal": "表三这一行的总计，不等于各类申请人的件数相加",
  "identity.handledSum": "表三的办理结果总计，不等于各项办理结果相加",
  "identity.reviewTotal": "表四的总计，不等于维持、纠正、其他、尚未审结相加",
  "identity.crossYear": "本年的上年结转，与上一年报告的结转下年度不一致",
  "label.variant": "表格的行名或列名与国家模板的写法不同，已按位置或近义词对应",
  "table.extraCells": "印出的数字比表格的格子多，只保留能确定的格子",
  "table.missingCells": "印出的数字比表格的格子少，缺的格子按勾稽关系补出或留空",
  "table.ambiguous": "表格的数字连在一起，有不止一种读法，无法确定，未保存",
  "value.notApplicable": "格子里写的是“不涉及”之类的文字，记为空",
  "section.missing": "报告中没有找到这张表或这一行",
  "period.partial": "统计期间不是一整年",
  "region.ambiguous": "机关名称可对应几个地方，无法确定地区",
  "region.unknown": "没能从机关名称和正文认出地区",
  "value.implausible": "数字大得不可能是真实数据（多半是误读或笔误），记为空",
  "narrative.mismatch": "报告正文里说的数字，与表格里的数字不一致",
  "report.yearConflict": "正文提到的报告年度与标题的年度不一致",
  "value.notCount": "件数的格子里出现了小数或负数，这一行未保存",
  "value.inferred": "数字粘连在一起，按勾稽关系或正文拆分，请与原文核对",
  "table.duplicateRow": "同一行在表格中印了两次",
  "value.ocr": "这个数字是从扫描件用文字识别读出的，不是文件里的文字",
  "value.ocrReview": "文字识别读出的这个数字可能有误（识别把握低、两次识别不一致或账对不上），请对照扫描件核对",
  "revision.undecided": "同一年度有多个版本，无法从文件判断哪个是最新的，保留原来的当前版本",
};

const SECTION_TABLES: Partial<Record<Issue["where"]["section"], string>> = {
  proactive: `表二 ${PROACTIVE_HEADING}`,
  applications: `表三 ${APPLICATIONS_HEADING}`,
  reviewLitigation: `表四 ${REVIEW_LITIGATION_HEADING}`,
};
const SECTION_OTHER: Partial<Record<Issue["where"]["section"], string>> = {
  report: "报告标题与年度",
  region: "地区",
  period: "统计期间",
  sections: "正文",
};

function proactiveCell(key: string, version: FormatVersion | undefined): string | null {
  const versions: FormatVersion[] = version ? [version, version === "2021" ? "2019" : "2021"] : ["2021", "2019"];
  for (const v of versions)
    for (const band of PROACTIVE_TEMPLATE[v])
      for (const row of band.rows) {
        const field = row.fields.find((f) => f.key === key || f.key.split(".")[0] === key);
        if (field) return field.key === key ? `${row.category} · ${field.metric}` : row.category;
      }
  return null;
}

/** A 表二 column by its key (`repealed`): the metric the template prints over it. */
function proactiveColumn(column: string, version: FormatVersion | undefined): string | null {
  const versions: FormatVersion[] = version ? [version, version === "2021" ? "2019" : "2021"] : ["2021", "2019"];
  for (const v of versions)
    for (const band of PROACTIVE_TEMPLATE[v])
      for (const row of band.rows) {
        const field = row.fields.find((f) => f.key.split(".")[1] === column);
        if (field) return `${field.metric}列`;
      }
  return null;
}

const label = <K extends string>(labels: Record<K, string>, key: string | undefined): string | null =>
  key !== undefined && Object.hasOwn(labels, key) ? labels[key as K] : null;

/** The cell (or row, column, table) a flag concerns, by the template's labels: 表三 … · （七）总计 · 自然人. */
export function flagPlace(where: Issue["where"], version?: FormatVersion): string {
  const table = SECTION_TABLES[where.section];
  if (!table) return SECTION_OTHER[where.section] ?? where.section;
  const parts = [table.split(" ")[0]!];
  if (where.section === "applications") {
    const row = where.row !== undefined && Object.hasOwn(ROW_LABELS, where.row) ? ROW_LABELS[where.row as keyof typeof ROW_LABELS].label : null;
    if (row) parts.push(row);
    const column = label(COLUMN_LABELS, where.column);
    if (column) parts.push(where.row ? column : `${column}列`);
  } else if (where.section === "reviewLitigation") {
    const group = label(REVIEW_GROUP_LABELS, where.row);
    if (group) parts.push(group);
    const field = label(REVIEW_FIELD_LABELS, where.column);
    if (field) parts.push(field);
  } else if (where.row || where.column) {
    const cell = where.row ? proactiveCell(where.row, version) : proactiveColumn(where.column!, version);
    parts.push(cell ?? (where.column ? `${where.column}列` : (where.row ?? "")));
  }
  return parts.filter(Boolean).join(" · ");
}

/** The clues of report.yearConflict (lib/report/year.ts): the stated period, the year the text names. */
function yearClues(text: string): string {
  return text
    .split(" and the text")
    .map((clue, i) => (i === 0 ? clue : `the text${clue}`))
    .map((clue) => {
      const period = /^the statistical period is (\S+) to (\S+)$/u.exec(clue);
      if (period) return `统计期间是 ${period[1]} 至 ${period[2]}`;
      const named = /^the text names the (\d{4}) report \((.*)\)$/u.exec(clue);
      if (named) return `正文提到 ${named[1]} 年度报告（“${named[2]}”）`;
      return "正文另有所指";
    })
    .join("，");
}

type Retelling = [RegExp, (m: RegExpExecArray) => string];

/** The parser's notes whose shape is fixed (the checks'), retold in Chinese with their figures. */
const RETOLD: Partial<Record<IssueCode, Retelling[]>> = {
  "identity.balance": [
    [
      /^(.+?): 一 \+ 二 = (\d+) \+ (\d+) = (\d+), but 三（七）总计 \+ 四 = (\d+) \+ (\d+) = (\d+)$/u,
      (m) => `${m[1]}列：本年新收 ${m[2]} ＋ 上年结转 ${m[3]} ＝ ${m[4]}，而办理总计 ${m[5]} ＋ 结转下年度 ${m[6]} ＝ ${m[7]}，两者应相等。`,
    ],
  ],
  "identity.rowTotal": [
    [/^(.+?): 总计 is (\d+), but the six applicant columns add up to (\d+)$/u, (m) => `“${m[1]}”一行的总计是 ${m[2]}，但六类申请人相加是 ${m[3]}。`],
  ],
  "identity.handledSum": [
    [
      /^（七）总计 \((.+?)\) is (\d+), but the outcomes （一）…（六） add up to (\d+)$/u,
      (m) => `${m[1]}列的（七）总计是 ${m[2]}，但（一）至（六）各项办理结果相加是 ${m[3]}。`,
    ],
  ],
  "identity.reviewTotal": [
    [
      /^(.+?): 总计 is (\d+), but 维持 \+ 纠正 \+ 其他 \+ 尚未审结 add up to (\d+)$/u,
      (m) => `${m[1]}的总计是 ${m[2]}，但维持、纠正、其他、尚未审结相加是 ${m[3]}。`,
    ],
  ],
  "identity.crossYear": [
    [
      /^上年结转 \((.+?)\) is (\d+), but the (\d{4}) report carried forward (\d+)$/u,
      (m) => `本报告的上年结转（${m[1]}）是 ${m[2]}，但 ${m[3]} 年度报告的结转下年度是 ${m[4]}。`,
    ],
    [
      /^结转下年度 \((.+?)\) is (\d+), but the (\d{4}) report says (\d+) were carried over$/u,
      (m) => `本报告的结转下年度（${m[1]}）是 ${m[2]}，但 ${m[3]} 年度报告的上年结转是 ${m[4]}。`,
    ],
  ],
  "value.implausible": [
    [/^(\S+) is more than (\S+)(?: \S+)?: not a real (?:count|figure)$/u, (m) => `印的是 ${m[1]}，超过 ${m[2]}，不可能是真实数字，记为空。`],
    [/^too many digits to be a number/u, () => "一长串数字无法读成一个数，记为空。"],
  ],
  "period.partial": [[/^the statistical period is (\S+) to (\S+), not the whole year$/u, (m) => `统计期间为 ${m[1]} 至 ${m[2]}，不是一整年。`]],
  "narrative.mismatch": [
    [/^the narrative says (.+?) (\d+), the table prints (\d+): “([\s\S]*)”$/u, (m) => `正文说${m[1]}是 ${m[2]}，表格印的是 ${m[3]}。正文原句：“${m[4]}”`],
  ],
  "report.yearConflict": [[/^the title names (\d{4}) but (.+)$/u, (m) => `标题写的是 ${m[1]} 年度，但${yearClues(m[2] ?? "")}。`]],
  // lib/report/ocr.ts and the readings' reasons of lib/ingest/ocr-page.ts.
  "value.ocr": [[/^(\S+) read by OCR on page (\d+), confidence (\d+)$/u, (m) => `文字识别在原文第 ${m[2]} 页读出 ${m[1]}，识别把握 ${m[3]}（满分 100）。`]],
  "value.ocrReview": [
    [/^(\S+) on page (\d+): confidence (\d+) below (\d+)$/u, (m) => `原文第 ${m[2]} 页读出 ${m[1]}，识别把握 ${m[3]}，低于 ${m[4]}。`],
    [
      /^(\S+) on page (\d+): the two readings differ: (\S+) \/ (.*)$/u,
      (m) => `原文第 ${m[2]} 页：数字识别读作 ${m[3]}，中文识别读作“${m[4]}”，两次不一致，保存的是 ${m[1]}。`,
    ],
    [
      /^(\S+) on page (\d+): read (\S+), then (\S+) at twice the size \(confidence (\d+)\) as the Chinese model read it$/u,
      (m) => `原文第 ${m[2]} 页：先读作 ${m[3]}，放大一倍再读作 ${m[4]}（识别把握 ${m[5]}），与中文识别一致，保存的是 ${m[1]}。`,
    ],
    [/^(\S+) on page (\d+): read only by the Chinese model \((.*)\)$/u, (m) => `原文第 ${m[2]} 页：只有中文识别读出了“${m[3]}”，保存的是 ${m[1]}。`],
    [
      /^read by OCR and (identity\.\w+) does not hold: check the cells against the scan$/u,
      (m) => `${identityMeaning(m[1])}：多半是文字识别读错了其中某个数字。`,
    ],
    [/^expected by the template, no number read by OCR: check the scan$/u, () => "模板在这里印有数字，文字识别没有读出。"],
  ],
};

function identityMeaning(code: string | undefined): string {
  return (code !== undefined && Object.hasOwn(ISSUE_MEANINGS, code) ? ISSUE_MEANINGS[code as IssueCode] : code) ?? "";
}

/** The parser's note retold in Chinese, or null when its shape is not one of the checks' (the meaning then stands alone). */
export function retold(issue: Pick<Issue, "code" | "message">): string | null {
  for (const [pattern, tell] of RETOLD[issue.code] ?? []) {
    const match = pattern.exec(issue.message);
    if (match) return tell(match);
  }
  return null;
}

/** A flag in plain Chinese: what it means, where, and (when the note's shape is known) the figures. */
export function flagText(issue: Pick<Issue, "code" | "message" | "where">, version?: FormatVersion): { meaning: string; place: string; detail: string | null } {
  return { meaning: ISSUE_MEANINGS[issue.code] ?? issue.code, place: flagPlace(issue.where, version), detail: retold(issue) };
}

/** The year of the other report a cross-year flag points to: the year before for 上年结转, the year after for 结转下年度. */
export function crossYearTarget(issue: Pick<Issue, "code" | "where">, year: number): number | null {
  if (issue.code !== "identity.crossYear") return null;
  if (issue.where.row === "carriedOver") return year - 1;
  if (issue.where.row === "carriedForward") return year + 1;
  return null;
}
