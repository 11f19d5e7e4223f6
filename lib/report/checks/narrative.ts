import { issue } from "../issues";
import { FIGURE_CELLS, type FigurePath, type NarrativeFigure } from "../narrative-figures";
import type { Applications, ApplicationRow, Issue, ProactiveCell, ReviewGroup, ReviewLitigation } from "../schema";

/** What a figure counts, for the message. */
const FIGURE_LABELS: Record<FigurePath, string> = {
  "applications.newReceived.total": "本年新收政府信息公开申请",
  "applications.carriedOver.total": "上年结转政府信息公开申请",
  "applications.granted.total": "予以公开",
  "applications.handledTotal.total": "办结（总计）",
  "applications.processed": "办理政府信息公开申请（办结、新收或新收加上年结转）",
  "applications.carriedForward.total": "结转下年度继续办理",
  "reviewLitigation.reconsideration.total": "行政复议",
  "reviewLitigation.litigation.total": "行政诉讼（未经复议直接起诉 + 复议后起诉）",
  "proactive.normativeDocs.issued": "本年制发行政规范性文件",
  "proactive.normativeDocs.inForce": "现行有效行政规范性文件",
};

export type Tables = { applications: Applications; reviewLitigation: ReviewLitigation; proactive: ProactiveCell[] };

/** The value a cell path holds, or null when the table has no number there. */
function cellValue(path: string, tables: Tables): number | null {
  const [section, row, column] = path.split(".") as [string, string, string];
  if (section === "applications") return tables.applications[row as ApplicationRow]?.total ?? null;
  if (section === "reviewLitigation") return tables.reviewLitigation[row as ReviewGroup]?.total ?? null;
  return tables.proactive.find((cell) => cell.key === `${row}.${column}`)?.value ?? null;
}

/** The printed values a figure may state (the sum of each reading's cells), or null when one of them is not a number. */
export function tableValues(path: FigurePath, tables: Tables): number[] | null {
  const sums = FIGURE_CELLS[path].map((cells) => {
    const values = cells.map((cell) => cellValue(cell, tables));
    return values.some((value) => value === null) ? null : (values as number[]).reduce((a, b) => a + b, 0);
  });
  return sums.some((sum) => sum === null) ? null : (sums as number[]);
}

/** The cell an issue is shown beside: the figure's first reading; 行政诉讼 spans two groups of 表四, so it is flagged on the table. */
function issueAt(path: FigurePath, message: string): Issue {
  if (path === "reviewLitigation.litigation.total") return issue("narrative.mismatch", message, "reviewLitigation");
  const [first] = FIGURE_CELLS[path][0] as readonly string[];
  const [section, row, column] = (first as string).split(".") as [string, string, string];
  if (section === "applications") return issue("narrative.mismatch", message, "applications", row, column);
  if (section === "reviewLitigation") return issue("narrative.mismatch", message, "reviewLitigation", row, column);
  return issue("narrative.mismatch", message, "proactive", `${row}.${column}`);
}

/**
 * narrative.mismatch: the narrative states a figure of a cell and the table prints another number. Only a clear
 * contradiction: every figure the narrative gives for that cell agrees, and the cell holds a number.
 */
export function checkNarrative(figures: readonly NarrativeFigure[], tables: Tables): Issue[] {
  const issues: Issue[] = [];
  const byPath = new Map<FigurePath, NarrativeFigure[]>();
  for (const figure of figures) byPath.set(figure.path, [...(byPath.get(figure.path) ?? []), figure]);
  for (const [path, stated] of byPath) {
    const values = new Set(stated.map((figure) => figure.value));
    const printed = tableValues(path, tables);
    const [first] = stated;
    if (values.size !== 1 || printed === null || !first || printed.includes(first.value)) continue;
    const message = `the narrative says ${FIGURE_LABELS[path]} ${first.value}, the table prints ${[...new Set(printed)].join(" / ")}: “${first.sentence}”`;
    issues.push(issueAt(path, message));
  }
  return issues;
}
