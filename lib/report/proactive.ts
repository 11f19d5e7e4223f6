import { issue } from "./issues";
import { readings } from "./readings";
import { withoutYear } from "./tokens";
import { compact, spacedWords } from "./normalize";
import type { FormatVersion, Issue, ProactiveCell } from "./schema";
import type { ProactiveHint } from "./narrative-figures";
import { headerVariants } from "./proactive-headers";
import { type LooseCell, looseCellsBetween, looseReadings, looseText } from "./proactive-loose";
import { PROACTIVE_TEMPLATE, type ProactiveBand, type ProactiveField, type ProactiveRowTemplate } from "./template";

/** 表二: proactive disclosure, one entry per printed cell. */

const NOT_APPLICABLE = /^(?:不涉及|无|—+|-+|－+|\/|／|\\|)$/;
const NUMBER = /^(增加|减少|增|减)?([+-]?\d+(?:\.\d+)?)(万元|元|件|项|个|条|笔|批次|批)?$/;
const STOP = /第\s*二\s*十\s*条|信\s*息\s*内\s*容|三\s*[、.]\s*收\s*到/g;

/** Which template the headers of 表二 follow, if they say. */
export function proactiveVersion(text: string): FormatVersion | null {
  if (HEADERS_2021.test(text)) return "2021";
  if (HEADERS_2019.test(text)) return "2019";
  return null;
}

const HEADERS_2021 = spacedWords("本年制发", "本年废止", "本年度止", "现行有效");
const HEADERS_2019 = spacedWords("新制作", "新公开", "对外公开总数量", "上一年项目数量", "政府集中采购");

/** A label that may be spaced or wrapped: 行 政 许 可, 行政事\n业性收费. */
function spacedPattern(label: string): RegExp {
  return new RegExp([...label].map((c) => c.replace(/[()（）]/g, "\\$&")).join("\\s*"), "g");
}

const PATTERNS = new Map<string, RegExp>();

/** The label of a category, also spaced or wrapped; 2021 prints 行政规范性文件 where 2019 prints 规范性文件. */
function categoryPattern(category: string): RegExp {
  let pattern = PATTERNS.get(category);
  if (!pattern) {
    const label = category.endsWith("规范性文件") ? "规范性文件" : category;
    const optionalPrefix = label === category ? "" : "(?:行\\s*政\\s*)?";
    pattern = new RegExp(optionalPrefix + spacedPattern(label).source, "g");
    PATTERNS.set(category, pattern);
  }
  return pattern;
}

function findFrom(pattern: RegExp, text: string, from: number): RegExpExecArray | null {
  pattern.lastIndex = from;
  return pattern.exec(text);
}

/** Cells after a category label, by layout: tab-separated, one per line, or run together with spaces. */
export function segmentCells(segment: string): string[] {
  const newline = segment.indexOf("\n");
  const sameLine = newline < 0 ? segment : segment.slice(0, newline);
  if (sameLine.includes("\t")) return tabCells(sameLine);
  // Cells cut off by the next label or heading on the same line (flattened text): a space before it is no empty cell.
  const cells = newline < 0 ? flattenedCells(sameLine) : sameLine;
  if (sameLine.trim())
    return cells
      .replace(/^ /, "")
      .split(" ")
      .map((cell) => cell.trim());
  return linesAsCells(newline < 0 ? "" : segment.slice(newline + 1));
}

/** The cells after the first of a tab-separated line, trimmed (split, slice and map, in one loop). */
function tabCells(line: string): string[] {
  const cells: string[] = [];
  for (let tab = line.indexOf("\t"); tab >= 0; ) {
    const next = line.indexOf("\t", tab + 1);
    cells.push(line.slice(tab + 1, next < 0 ? line.length : next).trim());
    tab = next;
  }
  return cells;
}

const CELL_RUN = /^(?:\s*(?:不涉及|[—\-－]+|[/／\\]|无(?![\u4e00-\u9fff])|(?:增加|减少|增|减)?[+-]?\d+(?:\.\d+)?(?:万元|元|件|项|个|条|笔|批次|批)?))*/;

/**
 * The cells of a flattened row: what reads as cells up to the text that follows on the same line (the narrative
 * resumes after the table: 行政事业性收费02025年，我局… is 0, then 2025年 of the narrative).
 */
function flattenedCells(line: string): string {
  const run = CELL_RUN.exec(line)?.[0] ?? "";
  const rest = line.slice(run.length);
  if (!rest.trim()) return line.trimEnd();
  const digits = /(\d+)$/.exec(run)?.[1];
  return (digits ? run.slice(0, run.length - digits.length) + withoutYear(digits, rest) : run).trimEnd();
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
  let value = Number(digits) * (change?.startsWith("减") ? -1 : 1);
  if (field.unit === "万元" && unit === "元") value = Number((value / 10000).toFixed(6));
  return { value, readable: true };
}

/** The ways one printed cell can be cut into `parts` cells: digits only, the unit (元) staying with the last. */
function cutsOf(cell: string, parts: number): string[][] {
  if (parts === 1) return [[cell]];
  const match = /^([+-]?)(\d{2,})(\.\d+)?(万元|元)?$/.exec(cell);
  if (!match) return [];
  const [, sign, digits, fraction = "", unit = ""] = match;
  const text = (value: number, i: number) => `${i === 0 ? sign : ""}${value}${i === parts - 1 ? fraction + unit : ""}`;
  return (readings([digits as string], parts) ?? []).map((values) => values.map(text));
}

/** Past this many cuts of one row, the row is given up as ambiguous. */
const MAX_CUTS = 500;

/**
 * Cells whose separators were lost (规章111 for 1 1 1): every way to cut them into one cell per field; the
 * printed cells alone when no cut fits (too many or too few numbers are then read as printed); null when there
 * are too many cuts to list.
 */
/** Where a printed cell holds the start of another: a sign or 增/减 after a digit, a digit after a count's unit. */
const CELL_START = /(?<=\d)(?=(?:[+-]|增加|减少|增|减)\d)|(?<=\d(?:个|件|项|条|笔|批次|批))(?=\d)/;
const CUT_MARK = /[+\-增减个件项条笔批]/;

export function gluedCellCuts(printed: string[], count: number): string[][] | null {
  if (printed.length >= count) return [printed];
  // A sign right after a digit starts a new cell (1-11 is 1, -11 …): numbers have no inner signs; so does 增/减,
  // and a digit after a count's unit (1个246900元 is 1个, 246900元).
  const cells = printed.flatMap((cell) => (CUT_MARK.test(cell) ? cell.split(CELL_START) : [cell]));
  const found: string[][] = [];
  let overflow = false;
  const visit = (index: number, taken: string[]): void => {
    if (overflow) return;
    if (index === cells.length) {
      if (taken.length === count) found.push(taken);
      overflow = found.length > MAX_CUTS;
      return;
    }
    const room = count - taken.length - (cells.length - index - 1);
    for (let parts = 1; parts <= room; parts++) {
      for (const cut of cutsOf(cells[index] as string, parts)) visit(index + 1, [...taken, ...cut]);
    }
  };
  visit(0, []);
  if (overflow) return null;
  return found.length === 0 ? [printed] : found;
}

/** Keeps the cuts that pass `test` when at least one does; all of them otherwise. */
function narrowed(cuts: string[][], test: (cut: string[]) => boolean): string[][] {
  const kept = cuts.filter(test);
  return kept.length > 0 ? kept : cuts;
}

/** Only 本年增/减 carries a sign: a cut that puts one on a count (8/8/-720 of 88-720) is no reading of the row. */
function unsignedCounts(row: ProactiveRowTemplate, cuts: string[][]): string[][] {
  return narrowed(cuts, (cut) => row.fields.every((field, i) => field.key.endsWith(".change") || !/^[+-]/.test(cut[i] ?? "")));
}

/** What the narrative says about 表二: figures it states, by key, and hints (which only choose among readings). */
export type Narrated = { stated: StatedCells; hints: readonly ProactiveHint[] };

/** What the narrative states about 表二 cells, by key (现行有效规范性文件424件 → normativeDocs.inForce: [424]). */
export type StatedCells = Readonly<Record<string, readonly number[]>>;

/** 2019's 本年新制作数量 is what the narrative calls 制发 (2021's 本年制发件数). */
function statedValues(stated: StatedCells, key: string): readonly number[] | undefined {
  return stated[key] ?? (key.endsWith(".created") ? stated[key.replace(/created$/, "issued")] : undefined);
}

/**
 * Among several cuts, the ones that agree with what the narrative states about each cell of the row; a statement no
 * cut agrees with decides nothing (it is a contradiction, checked as such), and the others still decide.
 */
function statedCuts(row: ProactiveRowTemplate, cuts: string[][], stated: StatedCells): string[][] {
  return row.fields.reduce((kept, field, i) => {
    const values = statedValues(stated, field.key);
    return values && kept.length > 1 ? narrowed(kept, (cut) => values.includes(Number(cut[i]))) : kept;
  }, cuts);
}

/** A hint as a sum: the cells of `keys` add up to `value` (in the cells' unit). */
type HintSum = { keys: string[]; value: number; sentence: string };

function hintSums(hints: readonly ProactiveHint[], version: FormatVersion): HintSum[] {
  const KEYS = {
    procurementAmount: "procurement.amount",
    punishmentDecisions: "punishment.decisions",
    licensingDecisions: "licensing.decisions",
    // 发布 is 2021's 本年制发 and 2019's 本年新公开.
    docsIssued: version === "2021" ? "normativeDocs.issued" : "normativeDocs.published",
  };
  return hints.map(({ topic, value, unit, sentence }) => ({
    keys: [KEYS[topic]],
    value: unit === "元" ? Number((value / 10000).toFixed(6)) : value,
    sentence,
  }));
}

/**
 * Among several cuts, the ones that fit what the narrative hints (采购…涉及金额3601627.4元 for 采购总金额). A hint is
 * not checked against the cells as a figure is, so it only narrows, and what it decides is flagged.
 */
function hintedCuts(row: ProactiveRowTemplate, cuts: string[][], sums: HintSum[], known: Record<string, number>): { cuts: string[][]; sentences: string[] } {
  const sentences: string[] = [];
  for (const sum of sums) {
    const own = row.fields.map((field, i) => (sum.keys.includes(field.key) ? i : -1)).filter((i) => i >= 0);
    const others = sum.keys.filter((key) => !row.fields.some((field) => field.key === key));
    if (cuts.length < 2 || own.length === 0 || others.some((key) => known[key] === undefined)) continue;
    const rest = others.reduce((total, key) => total + (known[key] as number), 0);
    const fits = (cut: string[]) => Math.abs(own.reduce((total, i) => total + (cutValue(cut[i], row.fields[i]!) ?? NaN), rest) - sum.value) < 1e-6;
    const kept = narrowed(cuts, fits);
    if (kept.length < cuts.length) sentences.push(sum.sentence);
    cuts = kept;
  }
  return { cuts, sentences };
}

function cutValue(raw: string | undefined, field: ProactiveField): number | null {
  return raw === undefined ? null : readValue(raw, field).value;
}

/**
 * Documents in force include the ones issued this year (现行有效 ≥ 本年制发; 对外公开总数量 ≥ 本年新公开数量) as a
 * rule, not as an identity (a document can be issued and repealed in one year): it narrows the cuts of a documents
 * row, and what it decides is flagged. Not 对外公开总数量 ≥ 本年新制作数量: documents made need not be public
 * (heldout-80560 prints 10/7/7).
 */
function plausibleCuts(row: ProactiveRowTemplate, cuts: string[][]): string[][] {
  const first = row.fields.findIndex((f) => /\.(?:issued|published)$/.test(f.key));
  const last = row.fields.findIndex((f) => /\.(?:inForce|totalPublic)$/.test(f.key));
  if (cuts.length < 2 || first < 0 || last < 0) return cuts;
  return narrowed(cuts, (cut) => Number(cut[last]) >= Number(cut[first]));
}

/** Each cell on which every cut agrees, else null (the cell cannot be told from the printed digits). */
function agreedCells(cuts: string[][], count: number): (string | null)[] {
  const cells: (string | null)[] = [];
  const first = cuts[0];
  for (let i = 0; i < count; i++) {
    let agreed = true;
    for (let k = 1; k < cuts.length && agreed; k++) agreed = (cuts[k] as string[])[i] === first?.[i];
    cells.push(agreed ? (first?.[i] ?? "") : null);
  }
  return cells;
}

const listCuts = (cuts: string[][]) =>
  `${cuts
    .slice(0, 6)
    .map((cut) => cut.join("/"))
    .join(", ")}${cuts.length > 6 ? " …" : ""}`;

/** The readings of a row's printed cells, narrowed by what the narrative states, hints and the documents rule. */
function rowCuts(
  row: ProactiveRowTemplate,
  printed: string[],
  narrated: Narrated & { sums: HintSum[] },
  known: Record<string, number>,
  issues: Issue[],
): string[][] | null {
  const allCuts = gluedCellCuts(printed, row.fields.length);
  if (!allCuts) return null;
  // One reading (most rows): nothing below narrows it or says anything.
  if (allCuts.length === 1) return allCuts;
  const stated = statedCuts(row, unsignedCounts(row, allCuts), narrated.stated);
  const hinted = hintedCuts(row, stated, narrated.sums, known);
  const plausible = plausibleCuts(row, hinted.cuts);
  if (plausible.length < stated.length) {
    const rules = [
      ...hinted.sentences.map((sentence) => `the narrative's “${sentence}”`),
      ...(plausible.length < hinted.cuts.length ? [`the rule ${documentsRule(row)}`] : []),
    ];
    const dropped = stated.filter((cut) => !plausible.includes(cut));
    const message = `表二 ${row.category}: the numbers "${printed.join(" ")}" run together; ${rules.join(" and ")} leave${plausible.length === 1 ? "s" : ""} ${listCuts(plausible)} (also possible: ${listCuts(dropped)})`;
    issues.push(issue("value.inferred", message, "proactive", row.fields[0]?.key));
  }
  return plausible;
}

function documentsRule(row: ProactiveRowTemplate): string {
  const metric = (pattern: RegExp) => row.fields.filter((f) => pattern.test(f.key)).map((f) => f.metric);
  return `${metric(/\.(?:inForce|totalPublic)$/).join("")} ≥ ${metric(/\.(?:issued|published)$/).join("")}`;
}

/**
 * A row whose cells a table separated (tabs, pipes) and that prints fewer than its columns lost a cell (a converter
 * pulled a two-line cell out of the table): its numbers are whole, not digits to cut, and which column is missing is
 * unknown, so the row is not stored.
 */
function lostCellIssue(row: ProactiveRowTemplate, printed: string[]): Issue {
  const message = `表二 ${row.category}: ${printed.length} cells printed for ${row.fields.length} columns ("${printed.join(" ")}"); the row is not stored`;
  return issue("table.missingCells", message, "proactive", row.fields[0]?.key);
}

/** A row's label found in the text, and the cells printed after it. */
type LocatedRow = { row: ProactiveRowTemplate; start: number; segment: string; printed: string[]; delimited: boolean };

/** A row whose cells a table separated and that prints fewer cells than its columns. */
const isShort = ({ row, printed, delimited }: LocatedRow) => delimited && printed.length < row.fields.length;

/**
 * The readings of a short row with the cell a converter printed outside the table put back, narrowed by the cell's
 * note, the narrative and the documents rule; every reading is listed in a flag beside the row.
 */
function looseCuts(row: ProactiveRowTemplate, printed: string[], loose: LooseCell, narrated: Narrated, issues: Issue[]): string[][] {
  const { cuts, byNote } = looseReadings(row, printed, loose);
  const stated = statedCuts(row, cuts, narrated.stated);
  const plausible = plausibleCuts(row, stated);
  const reasons = [
    byNote ? "its note" : "",
    stated.length < cuts.length ? "the narrative" : "",
    plausible.length < stated.length ? `the rule ${documentsRule(row)}` : "",
  ];
  const by = reasons.filter(Boolean).join(" and ");
  const lead = `表二 ${row.category}: ${printed.length} cells printed for ${row.fields.length} columns ("${printed.join(" ")}") and the cell “${looseText(loose)}” printed outside the table`;
  if (plausible.length === 1)
    issues.push(issue("value.inferred", `${lead} is put back${by ? ` by ${by}` : ""}: ${listCuts(plausible)}`, "proactive", row.fields[0]?.key));
  else
    issues.push(
      issue(
        "table.ambiguous",
        `${lead} fit ${plausible.length} readings: ${listCuts(plausible)}; only the cells every reading agrees on are stored`,
        "proactive",
        row.fields[0]?.key,
      ),
    );
  return plausible;
}

function readRow(
  located: LocatedRow,
  item: string,
  loose: LooseCell | undefined,
  issues: Issue[],
  narrated: Narrated & { sums: HintSum[] },
  known: Record<string, number>,
): ProactiveCell[] {
  const { row, printed } = located;
  const short = isShort(located);
  if (short && !loose) issues.push(lostCellIssue(row, printed));
  const cuts = short ? (loose ? looseCuts(row, printed, loose, narrated, issues) : null) : rowCuts(row, printed, narrated, known, issues);
  const cells = cuts ? agreedCells(cuts, row.fields.length) : row.fields.map(() => null);
  if (!short && (!cuts || cuts.length > 1)) {
    const listed = cuts ? `: ${listCuts(cuts)}` : "";
    const message = `表二 ${row.category}: the numbers "${printed.join(" ")}" run together and ${cuts ? cuts.length : "too many"} readings fit${listed}; only the cells every reading agrees on are stored`;
    issues.push(issue("table.ambiguous", message, "proactive", row.fields[0]?.key));
  }
  const printedRaw = () => (loose ? [...printed, looseText(loose)] : printed).join(" ");
  return row.fields.map((field, i) => {
    const cell = cells[i] ?? null;
    if (cell === null) return { key: field.key, item, category: row.category, metric: field.metric, value: null, unit: field.unit, raw: printedRaw() };
    const { value, readable } = readValue(cell, field);
    if (value === null) {
      const why = readable ? `"${cell}" is not applicable, stored as null` : `"${cell}" is not a number, stored as null`;
      issues.push(issue("value.notApplicable", `${row.category} ${field.metric}: ${why}`, "proactive", field.key));
    }
    return { key: field.key, item, category: row.category, metric: field.metric, value, unit: field.unit, raw: cell };
  });
}

/** 政府集中采购（元） or 采购总金额（元）: the amount printed without a unit is in 元, and says so for the reading. */
function inYuan(row: ProactiveRowTemplate, printed: string[], yuan: boolean): string[] {
  const last = printed.length - 1;
  if (!yuan || row.fields[row.fields.length - 1]?.unit !== "万元" || !/\d$/.test(printed[last] ?? "")) return printed;
  return printed.map((cell, i) => (i === last ? `${cell}元` : cell));
}

/** `cellAt`: for each cell key, the offset in the given text where its row's cells start. */
export type ProactiveResult = { proactive: ProactiveCell[]; issues: Issue[]; cellAt: Record<string, number> };

export function parseProactive(text: string | null, version: FormatVersion, narrated: Narrated = { stated: {}, hints: [] }): ProactiveResult {
  if (text === null) return { proactive: [], issues: [issue("section.missing", "表二 (主动公开政府信息情况) not found", "proactive")], cellAt: {} };
  const issues: Issue[] = [];
  const proactive: ProactiveCell[] = [];
  const cellAt: Record<string, number> = {};
  issues.push(...headerVariants(text, version));
  const withSums = { ...narrated, sums: hintSums(narrated.hints, version) };
  const known: Record<string, number> = {};
  let position = 0;
  const bandHeadings = headingsOf(text);
  for (const band of PROACTIVE_TEMPLATE[version]) {
    const bandEnd = bandLimit(bandHeadings, position, text.length);
    const located: LocatedRow[] = [];
    for (const row of band.rows) {
      const found = findRowLabel(text, categoryPattern(row.category), position, bandEnd);
      if (!found) {
        issues.push(issue("section.missing", `表二 row ${row.category} not found`, "proactive", row.fields[0]?.key));
        continue;
      }
      if (compact(found[0]) !== row.category) {
        const message = `row label ${compact(found[0])} (for ${row.category})`;
        issues.push(issue("label.variant", message, "proactive", row.fields[0]?.key));
      }
      located.push(locateCells(text, row, found, position, version));
      position = located[located.length - 1]!.start;
    }
    const loose = looseCellsOf(text, band, located, version);
    for (const at of located) {
      const cells = readRow(at, band.item, loose.get(at.row), issues, withSums, known);
      for (const cell of cells) if (cell.value !== null) known[cell.key] = cell.value;
      proactive.push(...cells);
      const cellsStart = at.start + Math.max(0, at.segment.search(/\S/));
      for (const field of at.row.fields) cellAt[field.key] = cellsStart;
    }
  }
  return { proactive, issues, cellAt };
}

/** The cells printed after a row's label, up to the next label or heading. */
function locateCells(text: string, row: ProactiveRowTemplate, found: RegExpExecArray, position: number, version: FormatVersion): LocatedRow {
  const unitMark = /^\s*[（(]\s*(万?元)\s*[)）]/.exec(text.slice(found.index + found[0].length));
  const start = found.index + found[0].length + (unitMark?.[0].length ?? 0);
  const segment = text.slice(start, nextStop(text, start, version));
  const yuan = unitMark ? unitMark[1] === "元" : /金额\s*[（(]\s*元\s*[)）]/.test(text.slice(position, found.index));
  return { row, start, segment, printed: inYuan(row, segmentCells(segment), yuan), delimited: /^[^\n]*\t/.test(segment) };
}

/** 第二十条第（一）项, also spaced and with ASCII brackets. */
function headingPattern(band: ProactiveBand): RegExp {
  return new RegExp(
    spacedPattern(band.heading)
      .source.replace(/\\[（(]/g, "[（(]")
      .replace(/\\[)）]/g, "[)）]"),
    "g",
  );
}

/**
 * The cells a converter pulled out of a band's short rows, by row: used only when the band's heading is followed
 * by exactly one loose cell per short row, each row one cell short.
 */
function looseCellsOf(text: string, band: ProactiveBand, located: LocatedRow[], version: FormatVersion): Map<ProactiveRowTemplate, LooseCell> {
  const short = located.filter(isShort);
  if (short.length === 0 || short.some(({ row, printed }) => printed.length !== row.fields.length - 1)) return new Map();
  const heading = findFrom(headingPattern(band), text, 0);
  if (!heading) return new Map();
  const from = heading.index + heading[0].length;
  const loose = looseCellsBetween(text, from, nextStop(text, from, version));
  return loose.length === short.length ? new Map(short.map(({ row }, i) => [row, loose[i] as LooseCell])) : new Map();
}

const BAND_HEADING = /第\s*二\s*十\s*条/g;

/** A label that starts its line and is followed by tab-separated cells: a table row wherever a converter put it. */
function headsTableRow(text: string, label: RegExpExecArray): boolean {
  const lineStart = text.lastIndexOf("\n", label.index - 1) + 1;
  return text.slice(lineStart, label.index).trim() === "" && text[label.index + label[0].length] === "\t";
}

/**
 * A row's label, in template order. Past its band's end it is the narrative's word (…相关规章), not a row the report
 * prints, unless it heads a table row (a converter moved the table); before `position` only when nothing follows
 * (a converter put the bands out of order).
 */
function findRowLabel(text: string, pattern: RegExp, position: number, bandEnd: number): RegExpExecArray | null {
  const next = findFrom(pattern, text, position);
  if (next) return next.index <= bandEnd || headsTableRow(text, next) ? next : null;
  return findFrom(pattern, text, 0);
}

/** Every band heading of the text, as [start, end] (headings cannot overlap: one search gives what a search from any offset would). */
function headingsOf(text: string): [number, number][] {
  const headings: [number, number][] = [];
  BAND_HEADING.lastIndex = 0;
  for (let match = BAND_HEADING.exec(text); match; match = BAND_HEADING.exec(text)) headings.push([match.index, match.index + match[0].length]);
  return headings;
}

/** Where the band whose heading comes next after `from` ends: at the following heading, when the text prints them. */
function bandLimit(headings: [number, number][], from: number, textLength: number): number {
  const own = headings.findIndex(([start]) => start >= from);
  const next = own < 0 ? undefined : headings.find(([start]) => start >= (headings[own] as [number, number])[1]);
  return next?.[0] ?? textLength;
}

/** Where a category's cells end: the next band heading, header row or category label. */
function nextStop(text: string, from: number, version: FormatVersion): number {
  // One search for all of them: the first match of an alternation starts where the first of its parts would.
  return findFrom(stopsPattern(version), text, from)?.index ?? text.length;
}

const STOPS = new Map<FormatVersion, RegExp>();

function stopsPattern(version: FormatVersion): RegExp {
  let pattern = STOPS.get(version);
  if (!pattern) {
    const labels = PROACTIVE_TEMPLATE[version].flatMap((band) => band.rows.map((row) => categoryPattern(row.category).source));
    STOPS.set(version, (pattern = new RegExp([STOP.source, ...labels].join("|"), "g")));
  }
  return pattern;
}
