import { expandSpans, type SpanCell } from "../ingest/grid";
import type { ReportDocument, TableId } from "./render";

/**
 * A PDF written by hand (pure): text in a non-embedded CJK font (STSong-Light, UniGB-UCS2-H), as iText-based
 * systems write them, table cells written column by column so content order is not reading order. Used by the
 * PDF reader's fixtures (scripts/make-pdf-fixtures.ts) and the synthetic corpus (no LibreOffice needed).
 */

/** Which of the template's tables a table block is: its column widths follow. */
export type PdfRole = TableId;
export type PdfBlock = { kind: "p"; text: string; heading: boolean } | { kind: "table"; role: PdfRole; rows: SpanCell[][] };

/** The document model (lib/report/render.ts) as the blocks of this writer: the title and headings set apart. */
export function documentBlocks(doc: ReportDocument): PdfBlock[] {
  return [
    { kind: "p", text: doc.title, heading: true },
    ...doc.blocks.map(
      (block): PdfBlock =>
        block.kind === "table"
          ? { kind: "table", role: block.table.id, rows: block.table.rows }
          : { kind: "p", text: block.text, heading: block.kind === "heading" },
    ),
  ];
}

/** The document model as PDF bytes. */
export function renderPdf(doc: ReportDocument): Uint8Array {
  return writeCmapPdf(documentBlocks(doc));
}

// A hand-written PDF with a non-embedded CJK font (STSong-Light, UniGB-UCS2-H), as iText-based systems write them

const PAGE_W = 595;
const PAGE_H = 842;
const MARGIN = 50;

type Glyphs = { x: number; y: number; size: number; text: string };

function ucs2Hex(text: string): string {
  return [...text].map((ch) => (ch.codePointAt(0) ?? 0x3f).toString(16).padStart(4, "0")).join("");
}

function wrapChars(text: string, perLine: number): string[] {
  const chars = [...text];
  const lines: string[] = [];
  for (let i = 0; i < chars.length; i += perLine) lines.push(chars.slice(i, i + perLine).join(""));
  return lines.length ? lines : [""];
}

/**
 * The order table cells are written in: column by column, as some report generators do (content order is
 * not reading order), or row by row, cell by cell, a cell's lines together, as word processors do.
 */
export type CellOrder = "columns" | "rows";

/**
 * Lays the model out in pages of positioned strings (every glyph is 1 em wide: the font has no W array).
 * Table cells are written in `order`; every page gets a page number in its footer.
 */
function layoutCmapPages(blocks: PdfBlock[], order: CellOrder): Glyphs[][] {
  const pages: Glyphs[][] = [[]];
  let y = PAGE_H - MARGIN;
  let cells: (Glyphs & { column: number; row: number })[] = [];
  const put = (g: Glyphs) => pages[pages.length - 1]!.push(g);
  const flushCells = () => {
    const byColumns = (a: (typeof cells)[number], b: (typeof cells)[number]) => a.column - b.column || b.y - a.y;
    const byRows = (a: (typeof cells)[number], b: (typeof cells)[number]) => a.row - b.row || a.column - b.column || b.y - a.y;
    cells.sort(order === "columns" ? byColumns : byRows).forEach(put);
    cells = [];
  };
  const need = (height: number) => {
    if (y - height >= MARGIN) return;
    flushCells();
    put({ x: PAGE_W / 2 - 10, y: MARGIN / 2, size: 9, text: `- ${pages.length} -` });
    pages.push([]);
    y = PAGE_H - MARGIN;
  };
  for (const block of blocks) {
    if (block.kind === "p") {
      const size = 10.5;
      for (const line of wrapChars(block.text, Math.floor((PAGE_W - 2 * MARGIN) / size))) {
        need(size * 1.6);
        y -= size * 1.6;
        put({ x: MARGIN, y, size, text: line });
      }
      continue;
    }
    const size = 7;
    const grid = expandSpans(block.rows);
    const columns = grid[0]?.length ?? 0;
    const maxChars = block.role === "applications" ? [6, 6, 18, 4, 4, 4, 4, 4, 4, 4] : Array(columns).fill(block.role === "reviewLitigation" ? 4 : 10);
    const widths = Array.from({ length: columns }, (_, c) => (maxChars[c] ?? 6) * size + 6);
    y -= 6;
    grid.forEach((row, rowIndex) => {
      const lines = row.map((text, c) => wrapChars(text ?? "", maxChars[c] ?? 6));
      const height = Math.max(...lines.map((l) => l.length)) * size * 1.4 + 4;
      need(height);
      let x = MARGIN;
      lines.forEach((cellLines, column) => {
        cellLines.forEach((line, k) => line && cells.push({ x: x + 3, y: y - 2 - (k + 1) * size * 1.4 + size * 0.3, size, text: line, column, row: rowIndex }));
        x += widths[column] ?? 0;
      });
      y -= height;
    });
    flushCells();
  }
  put({ x: PAGE_W / 2 - 10, y: MARGIN / 2, size: 9, text: `- ${pages.length} -` });
  return pages;
}

function pdfObjects(objects: string[]): Uint8Array {
  let out = "%PDF-1.4\n";
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(Buffer.byteLength(out, "latin1"));
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = Buffer.byteLength(out, "latin1");
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  out += offsets.map((o) => `${String(o).padStart(10, "0")} 00000 n \n`).join("");
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return new Uint8Array(Buffer.from(out, "latin1"));
}

export function writeCmapPdf(blocks: PdfBlock[], order: CellOrder = "columns"): Uint8Array {
  const pages = layoutCmapPages(blocks, order);
  // 1 catalog, 2 pages, 3 font, 4 CID font, 5 descriptor, then a page and its content per page.
  const objects = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    `<< /Type /Pages /Kids [${pages.map((_, i) => `${6 + 2 * i} 0 R`).join(" ")}] /Count ${pages.length} >>`,
    "<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H /DescendantFonts [4 0 R] >>",
    "<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light /CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 4 >> /FontDescriptor 5 0 R /DW 1000 >>",
    "<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [-25 -254 1000 880] /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >>",
  ];
  pages.forEach((glyphs, i) => {
    const content = glyphs.map((g) => `BT /F1 ${g.size} Tf ${g.x.toFixed(2)} ${g.y.toFixed(2)} Td <${ucs2Hex(g.text)}> Tj ET`).join("\n");
    objects.push(`<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${PAGE_W} ${PAGE_H}] /Resources << /Font << /F1 3 0 R >> >> /Contents ${7 + 2 * i} 0 R >>`);
    objects.push(`<< /Length ${Buffer.byteLength(content, "latin1")} >>\nstream\n${content}\nendstream`);
  });
  return pdfObjects(objects);
}
