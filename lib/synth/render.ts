import { APPLICANT_COLUMNS, PRINTED_ROWS, REVIEW_FIELDS, REVIEW_GROUPS, type ApplicationRow, type Report } from "../report/schema";
import {
  APPLICANTS_LABEL,
  APPLICATIONS_NOTE,
  COLUMN_LABELS,
  LITIGATION_LABEL,
  ORGANISATIONS_LABEL,
  PART_HEADINGS,
  PROACTIVE_TEMPLATE,
  REVIEW_FIELD_LABELS,
  REVIEW_GROUP_LABELS,
  ROW_LABELS,
  type ProactiveBand,
} from "../report/template";

/**
 * Writes a Report back out as the text of a real-looking annual report (pure).
 *
 * Two steps: `reportToDocument` builds a layout-free document model (title, headings, paragraphs and the
 * three tables as HTML-like grids with rowSpan/colSpan, following the printed template of the report's
 * formatVersion); `renderText` serialises that model in one of the text layouts seen in the wild.
 * The same document model can feed HTML/DOCX/PDF renderers.
 */

// ---------------------------------------------------------------------------------------------
// Document model

/** header: column headings; label: row labels (incl. rowspan parents); value: a data cell. */
export type CellRole = "header" | "label" | "value";
export type TableCell = { text: string; rowSpan: number; colSpan: number; role: CellRole };
export type TableId = "proactive" | "applications" | "reviewLitigation";
/** HTML-like: each row lists only the cells that start in it; spans cover the rest. */
export type Table = { id: TableId; columnCount: number; rows: TableCell[][] };

export type Block = { kind: "heading"; text: string } | { kind: "paragraph"; text: string } | { kind: "table"; table: Table };

export type ReportDocument = { title: string; blocks: Block[] };

export function reportToDocument(report: Report): ReportDocument {
  return {
    title: `${report.agency}${report.year}年政府信息公开工作年度报告`,
    blocks: [
      paragraph(preamble(report)),
      heading(PART_HEADINGS.overview),
      ...paragraphs(report.sections.overview),
      heading(PART_HEADINGS.proactive),
      { kind: "table", table: proactiveTable(report) },
      heading(PART_HEADINGS.applications),
      { kind: "table", table: applicationsTable(report) },
      heading(PART_HEADINGS.reviewLitigation),
      { kind: "table", table: reviewLitigationTable(report) },
      heading(PART_HEADINGS.problems),
      ...paragraphs(report.sections.problems),
      heading(PART_HEADINGS.other),
      ...paragraphs(report.sections.other),
    ],
  };
}

function heading(text: string): Block {
  return { kind: "heading", text };
}

function paragraph(text: string): Block {
  return { kind: "paragraph", text };
}

function paragraphs(text: string | null): Block[] {
  if (text === null) return [];
  return text
    .split(/\n+/)
    .filter((line) => line.trim() !== "")
    .map(paragraph);
}

/** `2024-05-29` → `2024年5月29日`. */
export function chineseDate(iso: string): string {
  const [year, month, day] = iso.split("-").map(Number);
  return `${year}年${month}月${day}日`;
}

function preamble(report: Report): string {
  const period = `本报告中所列数据的统计期限自${chineseDate(report.periodStart)}起至${chineseDate(report.periodEnd)}止。`;
  return `本报告根据《中华人民共和国政府信息公开条例》要求编制，全文包括总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、政府信息公开行政复议和行政诉讼情况、存在的主要问题及改进情况、其他需要报告的事项。${period}`;
}

function cell(text: string, role: CellRole, colSpan = 1, rowSpan = 1): TableCell {
  return { text, role, colSpan, rowSpan };
}

// 表二 ----------------------------------------------------------------------------------------

const PROACTIVE_COLUMNS = 4;

function proactiveTable(report: Report): Table {
  const rawByKey = new Map(report.proactive.map((entry) => [entry.key, entry.raw]));
  const rows = PROACTIVE_TEMPLATE[report.formatVersion].flatMap((band) => proactiveBandRows(band, rawByKey));
  return { id: "proactive", columnCount: PROACTIVE_COLUMNS, rows };
}

function proactiveBandRows(band: ProactiveBand, rawByKey: Map<string, string>): TableCell[][] {
  return [
    [cell(band.heading, "label", PROACTIVE_COLUMNS)],
    [cell("信息内容", "header"), ...spreadOverColumns(band.metrics, "header")],
    ...band.rows.map((row) => [
      cell(row.category, "label"),
      ...spreadOverColumns(
        row.fields.map((field) => rawByKey.get(field.key) ?? ""),
        "value",
      ),
    ]),
  ];
}

/** Cells after the 信息内容 column; the last one spans what is left of the four columns. */
function spreadOverColumns(texts: string[], role: CellRole): TableCell[] {
  const width = PROACTIVE_COLUMNS - 1;
  return texts.map((text, i) => cell(text, role, i === texts.length - 1 ? width - i : 1));
}

// 表三 ----------------------------------------------------------------------------------------

const LABEL_COLUMNS = 3;

function applicationsTable(report: Report): Table {
  const printed = PRINTED_ROWS[report.formatVersion];
  const header: TableCell[][] = [
    [cell(APPLICATIONS_NOTE, "header", LABEL_COLUMNS, 3), cell(APPLICANTS_LABEL, "header", APPLICANT_COLUMNS.length)],
    [cell(COLUMN_LABELS.naturalPerson, "header", 1, 2), cell(ORGANISATIONS_LABEL, "header", 5), cell(COLUMN_LABELS.total, "header", 1, 2)],
    (["business", "research", "nonprofit", "legal", "otherOrg"] as const).map((column) => cell(COLUMN_LABELS[column], "header")),
  ];
  const body = printed.map((row, index) => [
    ...applicationLabelCells(row, index, printed),
    ...APPLICANT_COLUMNS.map((column) => cell(formatCount(report.applications[row][column]), "value")),
  ]);
  return { id: "applications", columnCount: LABEL_COLUMNS + APPLICANT_COLUMNS.length, rows: [...header, ...body] };
}

/**
 * The label cells that start in a row: a rowspan parent opens where its group starts (三、本年度办理结果
 * over all result rows, （三）不予公开 over its eight items …), the row's own label spans the label
 * columns its parents leave free.
 */
function applicationLabelCells(row: ApplicationRow, index: number, printed: readonly ApplicationRow[]): TableCell[] {
  const { parents, label } = ROW_LABELS[row];
  const previous = index > 0 ? ROW_LABELS[printed[index - 1]!] : undefined;
  const cells: TableCell[] = [];
  parents.forEach((parent, depth) => {
    if (previous?.parents[depth] === parent) return;
    const span = printed.slice(index).filter((other) => ROW_LABELS[other].parents[depth] === parent).length;
    cells.push(cell(parent, "label", 1, span));
  });
  cells.push(cell(label, "label", LABEL_COLUMNS - parents.length));
  return cells;
}

function formatCount(value: number | null): string {
  return value === null ? "" : String(value);
}

// 表四 ----------------------------------------------------------------------------------------

function reviewLitigationTable(report: Report): Table {
  const fieldHeaders = () => REVIEW_FIELDS.map((field) => cell(REVIEW_FIELD_LABELS[field], "header"));
  const fields = REVIEW_FIELDS.length;
  const rows: TableCell[][] = [
    [cell(REVIEW_GROUP_LABELS.reconsideration, "header", fields), cell(LITIGATION_LABEL, "header", fields * 2)],
    [
      ...REVIEW_FIELDS.map((field) => cell(REVIEW_FIELD_LABELS[field], "header", 1, 2)),
      cell(REVIEW_GROUP_LABELS.litigationDirect, "header", fields),
      cell(REVIEW_GROUP_LABELS.litigationAfterReconsideration, "header", fields),
    ],
    [...fieldHeaders(), ...fieldHeaders()],
    REVIEW_GROUPS.flatMap((group) => REVIEW_FIELDS.map((field) => cell(formatCount(report.reviewLitigation[group][field]), "value"))),
  ];
  return { id: "reviewLitigation", columnCount: fields * REVIEW_GROUPS.length, rows };
}

// ---------------------------------------------------------------------------------------------
// Grid: where every cell of a table sits

/** One position of the full grid: the cell covering it, and whether it is that cell's top-left corner. */
export type GridSlot = { cell: TableCell; origin: boolean; belowOrigin: boolean; leftmost: boolean };

export function tableGrid(table: Table): GridSlot[][] {
  const grid: (GridSlot | undefined)[][] = table.rows.map(() => new Array<GridSlot | undefined>(table.columnCount));
  table.rows.forEach((cells, rowIndex) => {
    let column = 0;
    for (const tableCell of cells) {
      while (grid[rowIndex]![column] !== undefined) column++;
      for (let dy = 0; dy < tableCell.rowSpan; dy++) {
        for (let dx = 0; dx < tableCell.colSpan; dx++) {
          const target = grid[rowIndex + dy];
          if (target === undefined || column + dx >= table.columnCount) throw new Error(`cell ${tableCell.text} overflows ${table.id}`);
          target[column + dx] = { cell: tableCell, origin: dy === 0 && dx === 0, belowOrigin: dy > 0, leftmost: dx === 0 };
        }
      }
      column += tableCell.colSpan;
    }
  });
  const empty: TableCell = cell("", "value");
  return grid.map((slots) => Array.from(slots, (slot) => slot ?? { cell: empty, origin: true, belowOrigin: false, leftmost: true }));
}

/** A cell as it comes out of one text export: its text and role. */
type OutCell = { text: string; role: CellRole };

/** Every grid position; covered ones empty (text from PDF/HTML table exports). */
function fullGridRows(table: Table): OutCell[][] {
  return tableGrid(table).map((slots) => slots.map((slot) => (slot.origin ? out(slot.cell) : { text: "", role: slot.cell.role })));
}

/** Word's text export: starting cells, plus one empty cell where a vertically merged cell continues. */
function wordRows(table: Table): OutCell[][] {
  return tableGrid(table).map((slots) =>
    slots
      .filter((slot) => slot.origin || (slot.belowOrigin && slot.leftmost))
      .map((slot) => (slot.origin ? out(slot.cell) : { text: "", role: slot.cell.role })),
  );
}

/** PDF text extraction: only the cells that start in a row. */
function originRows(table: Table): OutCell[][] {
  return table.rows.map((cells) => cells.map(out));
}

function out(tableCell: TableCell): OutCell {
  return { text: tableCell.text, role: tableCell.role };
}

// ---------------------------------------------------------------------------------------------
// Text layouts

export const LAYOUTS = ["tabs", "cellPerLine", "wrapped", "spaced", "fullWidth", "runTogether", "glued"] as const;
export type Layout = (typeof LAYOUTS)[number];

export function renderReport(report: Report, layout: Layout): string {
  return renderText(reportToDocument(report), layout);
}

export function renderText(doc: ReportDocument, layout: Layout): string {
  const parts = [doc.title, ...doc.blocks.map((block) => renderBlock(block, layout, doc.title))];
  return `${parts.join("\n\n")}\n`;
}

function renderBlock(block: Block, layout: Layout, salt: string): string {
  if (block.kind !== "table") return block.text;
  return TABLE_WRITERS[layout](block.table, `${salt}|${block.table.id}`);
}

type TableWriter = (table: Table, salt: string) => string;

const TABLE_WRITERS: Record<Layout, TableWriter> = {
  tabs: (table) => lines(fullGridRows(table), (row) => row.map((c) => c.text).join("\t")),
  spaced: (table) =>
    lines(
      fullGridRows(table).map((row) => row.map(spaceApart)),
      (row) => row.map((c) => c.text).join("\t"),
    ),
  fullWidth: (table, salt) =>
    lines(
      fullGridRows(table).map((row) => row.map(toFullWidth)),
      (row, r) => row.map((c) => c.text).reduce((acc, text, i) => `${acc}${fullWidthSeparator(`${salt}|${r}|${i}`)}${text}`),
    ),
  cellPerLine: (table) => wordRows(table).map(cellLines).join("\n\n"),
  wrapped: (table, salt) =>
    wordRows(table)
      .map((row, r) => cellLines(row.map((c, i) => wrapCell(c, `${salt}|${r}|${i}`))))
      .join("\n\n"),
  runTogether: (table) => joinTable(table, originRows(table), (row) => row.map((c) => c.text).join(" ")),
  glued: (table) => joinTable(table, originRows(table), glueCells),
};

function lines(rows: OutCell[][], writeRow: (row: OutCell[], index: number) => string): string {
  return rows.map(writeRow).join("\n");
}

function cellLines(row: OutCell[]): string {
  return row.map((c) => `\t${c.text}`).join("\n");
}

/** 表二 keeps one row per line; 表三 and 表四 come out as one line each. */
function joinTable(table: Table, rows: OutCell[][], writeRow: (row: OutCell[]) => string): string {
  if (table.id === "proactive") return rows.map(writeRow).join("\n");
  return writeRow(rows.flat());
}

// spaced ------------------------------------------------------------------------------------

function spaceApart(c: OutCell): OutCell {
  if (c.role === "value") return c;
  return { ...c, text: Array.from(c.text).join(" ") };
}

// fullWidth ---------------------------------------------------------------------------------

const FULL_WIDTH_ZERO = 0xff10;

function toFullWidth(c: OutCell): OutCell {
  const digits = c.text.replace(/[0-9]/g, (d) => String.fromCharCode(FULL_WIDTH_ZERO + Number(d)));
  return { ...c, text: c.role === "value" ? digits : digits.replace(/（/g, "(").replace(/）/g, ")") };
}

function fullWidthSeparator(key: string): string {
  return hash(key) % 3 === 0 ? "\u00a0" : "\u3000";
}

// wrapped -----------------------------------------------------------------------------------

const NBSP = "\u00a0";
const HAN = /[\u4e00-\u9fff]/;

/** Labels broken across lines at arbitrary points, NBSP-only lines, NBSP-padded numbers (seeds 002, 003). */
function wrapCell(c: OutCell, key: string): OutCell {
  if (c.text === "") return c;
  const roll = hash(key);
  if (c.role === "value") {
    if (roll % 7 === 0) return { ...c, text: `${c.text}${NBSP}` };
    if (roll % 7 === 1) return { ...c, text: `${NBSP}${c.text}` };
    return c;
  }
  let text = breakLabel(c.text, roll);
  if (roll % 5 === 0) text = `${Array.from({ length: 1 + ((roll >>> 8) % 8) }, () => NBSP).join("\n")}\n${text}`;
  return { ...c, text };
}

/** Break at one or two points where both sides keep a Chinese character (so no line reads as a number). */
function breakLabel(text: string, roll: number): string {
  const chars = Array.from(text);
  const points = chars.map((_, i) => i).filter((i) => i > 0 && HAN.test(chars.slice(0, i).join("")) && HAN.test(chars.slice(i).join("")));
  if (points.length === 0 || roll % 3 === 0) return text;
  const first = points[(roll >>> 4) % points.length]!;
  const cuts = new Set([first]);
  if (roll % 4 === 1) {
    const second = points[(roll >>> 12) % points.length]!;
    const [a, b] = [Math.min(first, second), Math.max(first, second)];
    if (HAN.test(chars.slice(a, b).join(""))) cuts.add(second);
  }
  return chars.map((ch, i) => (cuts.has(i) ? `\n${ch}` : ch)).join("");
}

// glued -------------------------------------------------------------------------------------

const NUMERIC = /[0-9]/;

function isNumber(c: OutCell): boolean {
  return c.role === "value" && NUMERIC.test(c.text);
}

/** A number loses its separator towards another number or a label/header; 不涉及, — or an empty cell keep theirs. */
function glues(before: OutCell, after: OutCell): boolean {
  const textual = (c: OutCell) => c.role !== "value" && c.text !== "";
  return (isNumber(before) && (isNumber(after) || textual(after))) || (isNumber(after) && textual(before));
}

/** Like runTogether, but without separators next to numbers (`数量6000006二、上年结转…`). */
function glueCells(row: OutCell[]): string {
  return row.reduce((acc, c, i) => (i === 0 ? c.text : `${acc}${glues(row[i - 1]!, c) ? "" : " "}${c.text}`), "");
}

// ---------------------------------------------------------------------------------------------

/** FNV-1a: a pure, deterministic stand-in for randomness in the layouts. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
