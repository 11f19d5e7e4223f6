import { issue } from "./issues";
import { compact } from "./normalize";
import type { FormatVersion, Issue, ProactiveCell } from "./schema";
import { PROACTIVE_TEMPLATE, type ProactiveField, type ProactiveRowTemplate } from "./template";

/** 表二: proactive disclosure, one entry per printed cell. */

const NOT_APPLICABLE = /^(?:不涉及|无|—+|-+|－+|\/|／|\\|)$/;
const NUMBER = /^(增加|减少)?([+-]?\d+(?:\.\d+)?)(万元|元|件|项|个|条)?$/;
const STOP = /第\s*二\s*十\s*条|信\s*息\s*内\s*容|三\s*[、.]\s*收\s*到/g;

/** Which template the headers of 表二 follow, if they say. */
export function proactiveVersion(text: string): FormatVersion | null {
  const key = compact(text);
  if (/本年制发|本年废止|本年度止|现行有效/.test(key)) return "2021";
  if (/新制作|新公开|对外公开总数量|上一年项目数量|政府集中采购/.test(key)) return "2019";
  return null;
}

/** A label that may be spaced or wrapped: 行 政 许 可, 行政事\n业性收费. */
function spacedPattern(label: string): RegExp {
  return new RegExp([...label].map((c) => c.replace(/[()（）]/g, "\\$&")).join("\\s*"), "g");
}

/** 2021 prints 行政规范性文件, 2019 规范性文件; the shorter label finds both. */
function searchLabel(category: string): string {
  if (category.endsWith("规范性文件")) return "规范性文件";
  return category;
}

function findFrom(pattern: RegExp, text: string, from: number): RegExpExecArray | null {
  pattern.lastIndex = from;
  return pattern.exec(text);
}

/** Cells after a category label, by layout: tab-separated, one per line, or run together with spaces. */
export function segmentCells(segment: string): string[] {
  const newline = segment.indexOf("\n");
  const sameLine = newline < 0 ? segment : segment.slice(0, newline);
  if (sameLine.includes("\t")) return sameLine.split("\t").slice(1).map((cell) => cell.trim());
  if (sameLine.trim()) return sameLine.replace(/^ /, "").split(" ").map((cell) => cell.trim());
  return linesAsCells(newline < 0 ? "" : segment.slice(newline + 1));
}

/** One cell per line: a cell starts with a tab; other lines continue it; an empty line ends the row. */
function linesAsCells(text: string): string[] {
  const cells: string[] = [];
  for (const line of text.split("\n")) {
    if (line === "") break;
    if (line.startsWith("\t") || cells.length === 0) cells.push(line.trim());
    else cells[cells.length - 1] += line.trim();
  }
  return cells;
}

type CellValue = { value: number | null; readable: boolean };

function readValue(raw: string, field: ProactiveField): CellValue {
  const text = raw.replace(/\s+/g, "").replace(/,/g, "");
  if (NOT_APPLICABLE.test(text)) return { value: null, readable: true };
  const match = NUMBER.exec(text);
  if (!match) return { value: null, readable: false };
  const [, change, digits, unit] = match;
  let value = Number(digits) * (change === "减少" ? -1 : 1);
  if (field.unit === "万元" && unit === "元") value = Number((value / 10000).toFixed(6));
  return { value, readable: true };
}

function readRow(row: ProactiveRowTemplate, item: string, cells: string[], issues: Issue[]): ProactiveCell[] {
  return row.fields.map((field, i) => {
    const raw = cells[i] ?? "";
    const { value, readable } = readValue(raw, field);
    if (value === null) {
      const why = readable ? `"${raw}" is not applicable, stored as null` : `"${raw}" is not a number, stored as null`;
      issues.push(issue("value.notApplicable", `${row.category} ${field.metric}: ${why}`, "proactive", field.key));
    }
    return { key: field.key, item, category: row.category, metric: field.metric, value, unit: field.unit, raw };
  });
}

export type ProactiveResult = { proactive: ProactiveCell[]; issues: Issue[] };

export function parseProactive(text: string | null, version: FormatVersion): ProactiveResult {
  if (text === null) return { proactive: [], issues: [issue("section.missing", "表二 (主动公开政府信息情况) not found", "proactive")] };
  const issues: Issue[] = [];
  const proactive: ProactiveCell[] = [];
  if (/本年度止/.test(compact(text))) {
    issues.push(issue("label.variant", "column header 本年度止件数 (for 本年废止件数)", "proactive", undefined, "repealed"));
  }
  let position = 0;
  for (const band of PROACTIVE_TEMPLATE[version]) {
    for (const row of band.rows) {
      const found = findFrom(spacedPattern(searchLabel(row.category)), text, position);
      if (!found) {
        issues.push(issue("section.missing", `表二 row ${row.category} not found`, "proactive", row.fields[0]?.key));
        continue;
      }
      const start = found.index + found[0].length;
      const stop = nextStop(text, start, version);
      proactive.push(...readRow(row, band.item, segmentCells(text.slice(start, stop)), issues));
      position = start;
    }
  }
  return { proactive, issues };
}

/** Where a category's cells end: the next band heading, header row or category label. */
function nextStop(text: string, from: number, version: FormatVersion): number {
  let stop = findFrom(STOP, text, from)?.index ?? text.length;
  for (const band of PROACTIVE_TEMPLATE[version]) {
    for (const row of band.rows) {
      const next = findFrom(spacedPattern(searchLabel(row.category)), text, from);
      if (next && next.index < stop) stop = next.index;
    }
  }
  return stop;
}
