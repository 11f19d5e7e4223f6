import { type Canvas, createCanvas } from "@napi-rs/canvas";
import { type OcrEngine, joinCjk } from "./ocr-engine";
import type { GridCell, Table } from "./ocr-grid";
import { type Binary, inkBox } from "./ocr-raster";

/**
 * Reading one deskewed page image: the text between tables as lines, each table one row a line with its cells
 * tab-separated (spanned cells once, in their top row, as the HTML reader gives them), each cell read on its own.
 * A cell whose Chinese reading looks like a number is read again by the digits-only engine; that reading is the
 * cell's, and it is marked for review when its confidence is low or the two readings differ.
 */

/** Below this confidence (0–100) of the digits engine a number is flagged for review. */
export const REVIEW_CONFIDENCE = 80;
/** Inked pixels fewer than this (at 300 dpi) in a cell: noise, the cell is empty. */
const MIN_CELL_INK = 12;
/** White added around a crop: Tesseract reads poorly what touches the image's edge. */
const PAD = 12;
/** A crop lower than this (pixels) is enlarged to it. */
const MIN_CROP_HEIGHT = 0;

export type PageNumber = { line: number; start: number; length: number; confidence: number; review: boolean; reason: string | null };
export type PageText = { lines: string[]; numbers: PageNumber[] };

/** A rectangle of the page as a PNG with white around it. */
function crop(page: Canvas, x0: number, y0: number, x1: number, y1: number): Buffer {
  const w = Math.max(1, Math.round(x1 - x0));
  const h = Math.max(1, Math.round(y1 - y0));
  // Small print is enlarged: Tesseract reads best with characters some 40 pixels high.
  const k = Math.min(3, Math.max(1, MIN_CROP_HEIGHT / h));
  const out = createCanvas(Math.round(w * k) + 2 * PAD, Math.round(h * k) + 2 * PAD);
  const ctx = out.getContext("2d");
  ctx.fillStyle = "white";
  ctx.fillRect(0, 0, out.width, out.height);
  ctx.drawImage(page, Math.round(x0), Math.round(y0), w, h, PAD, PAD, Math.round(w * k), Math.round(h * k));
  return out.toBuffer("image/png");
}

/** What Tesseract's Chinese model makes of digits, mapped to the digits they are. */
const DIGIT_LOOKALIKES: Record<string, string> = { O: "0", o: "0", 〇: "0", D: "0", I: "1", l: "1", "|": "1", "，": "", ",": "", "。": "." };
const NUMERIC = /^[+-]?[0-9OoD〇Il|,，.。]*[0-9OoD〇Il|][0-9OoD〇Il|,，.。]*$/;

type CellReading = { text: string; number: Omit<PageNumber, "line" | "start" | "length"> | null };

/** A Chinese reading below this confidence of a short text is not taken for a label: the cell is read as a number. */
const UNSURE_TEXT = 60;

async function readCell(engine: OcrEngine, page: Canvas, binary: Binary, cell: GridCell, inset: number): Promise<CellReading> {
  const box = inkBox(binary, Math.round(cell.x0 + inset), Math.round(cell.y0 + inset), Math.round(cell.x1 - inset), Math.round(cell.y1 - inset));
  if (!box || box.count < MIN_CELL_INK) return { text: "", number: null };
  const png = crop(page, box.x0 - 4, box.y0 - 4, box.x1 + 4, box.y1 + 4);
  const chinese = await engine.text(png);
  const flat = chinese.text.replace(/\s+/g, "");
  const numeric = NUMERIC.test(flat);
  // A lone digit is often no more than a low-confidence guess to the Chinese model (1 read as 工), or nothing.
  const unsure = flat === "" || (chinese.confidence < UNSURE_TEXT && flat.length <= 3);
  if (!numeric && !unsure) return { text: flat, number: null };
  const asDigits = numeric ? [...flat].map((c) => DIGIT_LOOKALIKES[c] ?? c).join("") : null;
  let digits = await engine.number(png);
  if (!/\d/.test(digits.text) && box.x1 - box.x0 < box.y1 - box.y0) digits = await engine.number(png, true);
  if (!/\d/.test(digits.text)) {
    if (asDigits === null) return { text: flat, number: null };
    return { text: asDigits, number: { confidence: 0, review: true, reason: `read only by the Chinese model (${flat})` } };
  }
  const differ = asDigits !== null && digits.text !== asDigits;
  const low = digits.confidence < REVIEW_CONFIDENCE;
  const reason = differ
    ? `the two readings differ: ${digits.text} / ${flat}`
    : low
      ? `confidence ${Math.round(digits.confidence)} below ${REVIEW_CONFIDENCE}`
      : null;
  return { text: digits.text, number: { confidence: Math.round(digits.confidence), review: differ || low, reason } };
}

/** Lines of one table: row by row of the lattice, each cell in the row it starts in (a 0 merged down in each). */
async function readTable(engine: OcrEngine, page: Canvas, binary: Binary, table: Table, inset: number, out: PageText): Promise<void> {
  const readings = new Map<GridCell, CellReading>();
  for (const cell of table.cells) readings.set(cell, await readCell(engine, page, binary, cell, inset));
  for (let row = 0; row < table.rows; row++) {
    let line = "";
    const numbers: PageNumber[] = [];
    const inRow = table.cells.filter((c) => c.row === row || (c.row < row && c.row + c.rowSpan > row && readings.get(c)!.text === "0"));
    inRow.forEach((cell, i) => {
      const { text, number } = readings.get(cell)!;
      if (i > 0) line += "\t";
      if (number) numbers.push({ ...number, line: out.lines.length, start: line.length, length: text.length });
      line += text;
    });
    out.lines.push(line);
    out.numbers.push(...numbers);
  }
}

/** A band of text across the page (between tables), read as lines. */
async function readBand(engine: OcrEngine, page: Canvas, binary: Binary, y0: number, y1: number, out: PageText): Promise<void> {
  const box = inkBox(binary, 0, Math.round(y0), binary.width, Math.round(y1));
  if (!box || box.count < MIN_CELL_INK * 4) return;
  const { text } = await engine.text(crop(page, box.x0 - 6, box.y0 - 6, box.x1 + 6, box.y1 + 6));
  for (const line of text.split("\n")) if (joinCjk(line)) out.lines.push(joinCjk(line));
}

/**
 * The text of a page: bands of text and tables from top to bottom. `withText: false` reads only the tables (a long
 * scan's pages other than the first are not read in full).
 */
export async function readPage(engine: OcrEngine, page: Canvas, binary: Binary, tables: Table[], dpi: number, withText: boolean): Promise<PageText> {
  const out: PageText = { lines: [], numbers: [] };
  const inset = Math.max(3, Math.round((6 * dpi) / 300));
  let y = 0;
  for (const table of tables) {
    if (withText) await readBand(engine, page, binary, y, table.y0 - inset, out);
    await readTable(engine, page, binary, table, inset, out);
    y = table.y1 + inset;
  }
  if (withText) await readBand(engine, page, binary, y, binary.height, out);
  return out;
}
