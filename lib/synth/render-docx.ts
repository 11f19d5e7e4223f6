import {
  AlignmentType,
  BorderStyle,
  Document,
  Packer,
  Paragraph,
  Table as DocxTable,
  TableCell as DocxCell,
  TableLayoutType,
  TableRow,
  TextRun,
  VerticalAlign,
  WidthType,
} from "docx";
import { strFromU8, strToU8, unzipSync, zipSync } from "fflate";
import { leadingHeaderRows } from "./render-html";
import { tableGrid, type Block, type ReportDocument, type Table, type TableCell } from "./render";

/**
 * The document model (lib/report/render.ts) as a Word document through the `docx` package: merged cells
 * use columnSpan (gridSpan) and rowSpan (docx writes the vMerge restart/continue cells), exactly as the
 * model's spans say. Column widths follow the text in each column, so labels get room and numbers fit.
 */

export type DocxOptions = {
  /** East Asian and Latin font name; LibreOffice embeds it when converting to PDF. */
  font?: string;
  bodyPt?: number;
  tablePt?: number;
  /** Repeat a table's leading header rows on every page it runs onto (Word's 标题行重复). */
  repeatHeaderRows?: boolean;
  borders?: boolean;
  /** Where text sits in a cell taller than it (a row whose label wraps): Word's default is top, most reports centre. */
  verticalAlign?: "top" | "center";
  /** Written as the document's created/modified time (and the zip entries' time): fixed, for identical bytes. */
  date?: Date;
};

const DEFAULTS: Required<DocxOptions> = {
  font: "Noto Sans CJK SC",
  bodyPt: 12,
  tablePt: 9,
  repeatHeaderRows: true,
  borders: true,
  verticalAlign: "center",
  date: new Date("2025-01-01T00:00:00Z"),
};

const TWIPS_PER_PT = 20;
/** A4 portrait with 2 cm margins. */
const PAGE = { width: 11906, height: 16838, margin: 1134 };
const TEXT_WIDTH = PAGE.width - 2 * PAGE.margin;
/** Left + right cell padding. */
const CELL_PADDING = 2 * 60;

export async function renderDocx(doc: ReportDocument, options: DocxOptions = {}): Promise<Buffer> {
  const settings = { ...DEFAULTS, ...options };
  const children = [titleParagraph(doc.title, settings), ...doc.blocks.map((block) => docxBlock(block, settings))];
  const document = new Document({
    creator: "nianbao",
    title: doc.title,
    sections: [{ properties: { page: { size: { width: PAGE.width, height: PAGE.height }, margin: allMargins(PAGE.margin) } }, children }],
  });
  return pinTimestamps(await Packer.toBuffer(document), settings.date);
}

/**
 * docx stamps the current time into docProps/core.xml and every zip entry; the same model and options must
 * give the same bytes (committed fixtures, reproducible corpora), so both get `date`.
 */
function pinTimestamps(docx: Buffer, date: Date): Buffer {
  const stamp = date.toISOString().replace(/\.\d{3}Z$/, "Z");
  const entries = unzipSync(docx);
  const core = entries["docProps/core.xml"];
  if (core) {
    const xml = strFromU8(core).replace(/(<dcterms:(?:created|modified)[^>]*>)[^<]*/g, `$1${stamp}`);
    entries["docProps/core.xml"] = strToU8(xml);
  }
  // Zip times are local wall-clock fields: give them the UTC fields so every time zone writes the same bytes.
  const wallClock = new Date(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate(), date.getUTCHours(), date.getUTCMinutes());
  return Buffer.from(zipSync(entries, { mtime: wallClock }));
}

function allMargins(twips: number) {
  return { top: twips, bottom: twips, left: twips, right: twips };
}

function run(text: string, pt: number, settings: Required<DocxOptions>, bold = false): TextRun {
  return new TextRun({ text, bold, size: Math.round(pt * 2), font: { ascii: settings.font, hAnsi: settings.font, eastAsia: settings.font } });
}

function titleParagraph(title: string, settings: Required<DocxOptions>): Paragraph {
  return new Paragraph({ alignment: AlignmentType.CENTER, spacing: { after: 240 }, children: [run(title, settings.bodyPt + 4, settings, true)] });
}

function docxBlock(block: Block, settings: Required<DocxOptions>): Paragraph | DocxTable {
  if (block.kind === "heading") return new Paragraph({ spacing: { before: 120, after: 60 }, children: [run(block.text, settings.bodyPt, settings, true)] });
  if (block.kind === "paragraph") {
    return new Paragraph({ indent: { firstLine: Math.round(settings.bodyPt * 2 * TWIPS_PER_PT) }, children: [run(block.text, settings.bodyPt, settings)] });
  }
  return docxTable(block.table, settings);
}

// ---------------------------------------------------------------------------------------------
// Tables

function docxTable(table: Table, settings: Required<DocxOptions>): DocxTable {
  const widths = columnWidths(table, settings.tablePt);
  const headerRows = settings.repeatHeaderRows ? leadingHeaderRows(table) : 0;
  const starts = cellColumns(table);
  const rows = table.rows.map(
    (cells, r) =>
      new TableRow({
        tableHeader: r < headerRows,
        children: cells.map((cell, i) => docxCell(cell, spanWidth(widths, starts[r]![i]!, cell.colSpan), settings)),
      }),
  );
  const line = { style: settings.borders ? BorderStyle.SINGLE : BorderStyle.NONE, size: 4, color: "000000" };
  return new DocxTable({
    rows,
    layout: TableLayoutType.FIXED,
    columnWidths: widths,
    width: { size: sum(widths), type: WidthType.DXA },
    borders: { top: line, bottom: line, left: line, right: line, insideHorizontal: line, insideVertical: line },
  });
}

function docxCell(cell: TableCell, width: number, settings: Required<DocxOptions>): DocxCell {
  return new DocxCell({
    columnSpan: cell.colSpan,
    rowSpan: cell.rowSpan,
    verticalAlign: settings.verticalAlign === "top" ? VerticalAlign.TOP : VerticalAlign.CENTER,
    width: { size: width, type: WidthType.DXA },
    margins: { left: CELL_PADDING / 2, right: CELL_PADDING / 2 },
    children: [
      new Paragraph({
        alignment: cell.role === "label" ? AlignmentType.LEFT : AlignmentType.CENTER,
        children: [run(cell.text, settings.tablePt, settings, cell.role === "header")],
      }),
    ],
  });
}

/** The grid column each cell of each row starts in. */
function cellColumns(table: Table): number[][] {
  const grid = tableGrid(table);
  return table.rows.map((cells, r) => cells.map((cell) => grid[r]!.findIndex((slot) => slot.origin && slot.cell === cell)));
}

function spanWidth(widths: number[], start: number, span: number): number {
  return sum(widths.slice(start, start + span));
}

function sum(values: number[]): number {
  return values.reduce((total, value) => total + value, 0);
}

/** Em widths a column is given at least and at most; longer labels wrap. */
const MIN_EMS = 2.5;
const MAX_EMS = 14;

/**
 * Each column as wide as its longest single-column cell (clamped to MAX_EMS). A table wider than the page
 * gives up width from its labels and headers, which wrap, before its numbers, which must not: a total
 * printed as 1815/2 on two lines is a different table to read.
 */
export function columnWidths(table: Table, tablePt: number): number[] {
  const want = new Array<number>(table.columnCount).fill(MIN_EMS);
  const need = new Array<number>(table.columnCount).fill(0);
  tableGrid(table).forEach((slots) =>
    slots.forEach((slot, column) => {
      if (!slot.origin || slot.cell.colSpan !== 1) return;
      const ems = textEms(slot.cell.text) + 0.5;
      want[column] = Math.max(want[column]!, Math.min(MAX_EMS, ems));
      if (slot.cell.role === "value") need[column] = Math.max(need[column]!, ems);
    }),
  );
  const twips = (ems: number) => ems * tablePt * TWIPS_PER_PT + CELL_PADDING;
  const wanted = want.map((ems, i) => twips(Math.max(ems, need[i]!)));
  const needed = need.map(twips);
  const spare = (TEXT_WIDTH - sum(needed)) / (sum(wanted) - sum(needed));
  if (spare >= 1) return scaled(wanted, TEXT_WIDTH / sum(wanted));
  if (spare <= 0) return scaled(needed, TEXT_WIDTH / sum(needed));
  return wanted.map((width, i) => Math.floor(needed[i]! + (width - needed[i]!) * spare));
}

function scaled(widths: number[], factor: number): number[] {
  return widths.map((width) => Math.floor(width * factor));
}

/** Printed width in ems: CJK characters are one em, Latin letters and digits about half. */
function textEms(text: string): number {
  let ems = 0;
  for (const char of text) ems += char.codePointAt(0)! < 0x2e80 ? 0.6 : 1;
  return ems;
}
