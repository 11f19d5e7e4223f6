import { createCanvas } from "@napi-rs/canvas";
import { type OcrEngine, type Recognised, joinCjk } from "./ocr-engine";
import type { GridCell, Table } from "./ocr-grid";
import { type Binary, type CleanInk, cleanInk } from "./ocr-raster";

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
/** Print taller than this (pixels at 300 dpi) is more than one line of digits. */
const MAX_DIGIT_HEIGHT = 60;
/** More specks than this a million pixels and a page is speckled (a clean page has a few dozen in all). */
const SPECKLED = 30;
/** Blots of ink smaller than this many pixels (at 300 dpi) are specks, not print (a decimal point has some 20). */
const MIN_BLOT = 8;

export type PageNumber = { line: number; start: number; length: number; confidence: number; review: boolean; reason: string | null };
export type PageText = { lines: string[]; numbers: PageNumber[] };

/** The cleaned ink of a rectangle (its box) as a black-on-white PNG with white around it, enlarged `k` times. */
function crop(clean: CleanInk, k = 1): Buffer {
  const box = clean.box!;
  const w = box.x1 - box.x0;
  const h = box.y1 - box.y0;
  const ink = createCanvas(w, h);
  const ictx = ink.getContext("2d");
  const image = ictx.createImageData(w, h);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const value = clean.ink[(box.y0 + y) * clean.width + box.x0 + x] ? 0 : 255;
      const p = 4 * (y * w + x);
      image.data[p] = image.data[p + 1] = image.data[p + 2] = value;
      image.data[p + 3] = 255;
    }
  }
  ictx.putImageData(image, 0, 0);
  const out = createCanvas(Math.round(w * k) + 2 * PAD, Math.round(h * k) + 2 * PAD);
  const ctx = out.getContext("2d");
  ctx.fillStyle = "white";
  ctx.fillRect(0, 0, out.width, out.height);
  ctx.drawImage(ink, 0, 0, w, h, PAD, PAD, Math.round(w * k), Math.round(h * k));
  return out.toBuffer("image/png");
}

/** What Tesseract's Chinese model makes of digits, mapped to the digits they are. */
const DIGIT_LOOKALIKES: Record<string, string> = {
  O: "0",
  o: "0",
  〇: "0",
  D: "0",
  I: "1",
  l: "1",
  "|": "1",
  "]": "1",
  "[": "1",
  "!": "1",
  "，": "",
  ",": "",
  "。": ".",
};
const NUMERIC = /^[+-]?[0-9OoD〇Il|[\]!,，.。]*[0-9OoD〇Il|[\]!][0-9OoD〇Il|[\]!,，.。]*$/;

/** A second reading's outcome: the number taken, and whether it is still to be checked. */
type Settled = { text: string; confidence: number; review: boolean; reason: string | null };

type CellReading = { text: string; number: Omit<PageNumber, "line" | "start" | "length"> | null };

/**
 * A label's digit run glued to the character after it is a misread stroke (尚 read as 1: 1未审), unless what follows
 * is a unit or a numbering mark (1.属于…, 2024年): dropped, so the parser does not take it for a cell's number.
 */
function strayDigits(label: string): string {
  return label.replace(/\d+(?=[\u4e00-\u9fff])(?![年月日号个件项条次类])/g, "");
}

/** A Chinese reading below this confidence of a short text is not taken for a label: the cell is read as a number. */
const UNSURE_TEXT = 60;

async function readCell(engine: OcrEngine, binary: Binary, cell: GridCell, inset: number, minBlot: number, dpi: number): Promise<CellReading> {
  const clean = cleanInk(binary, cell.x0 + inset, cell.y0 + inset, cell.x1 - inset, cell.y1 - inset, minBlot);
  const box = clean.box;
  if (!box || clean.count < MIN_CELL_INK) return { text: "", number: null };
  const png = crop(clean);
  const chinese = await engine.text(png);
  const flat = chinese.text.replace(/\s+/g, "");
  // Specks at a number's ends come back as punctuation (、12. for 12): what is tested and compared is the rest.
  const bare = flat.replace(/^[^0-9A-Za-z\u4e00-\u9fff+-]+|[^0-9A-Za-z\u4e00-\u9fff]+$/g, "");
  // A sum of money may carry its unit (21193045元): kept after the number, the number read as any other.
  const unit = /\d(万?元)$/.exec(bare)?.[1] ?? "";
  const trimmed = bare.slice(0, bare.length - unit.length);
  const numeric = NUMERIC.test(trimmed);
  // Mostly digits with other marks among them (机186): read by the digits engine, and flagged.
  const mixed = !numeric && (trimmed.match(/\d/g)?.length ?? 0) * 2 >= trimmed.length && /\d/.test(trimmed);
  // A lone digit is often no more than a low-confidence guess to the Chinese model (1 read as 工), or nothing.
  // So is a short reading of one line of ink narrower than that many Chinese characters (a 1 is a quarter as wide).
  const w = box.x1 - box.x0;
  const h = box.y1 - box.y0;
  const narrow = flat.length <= 2 && w < 0.7 * h * flat.length && h <= (MAX_DIGIT_HEIGHT * dpi) / 300;
  const unsure = flat === "" || narrow || mixed || (chinese.confidence < UNSURE_TEXT && flat.length <= 3);
  if (!numeric && !unsure) return { text: strayDigits(flat), number: null };
  const asDigits = numeric ? [...trimmed].map((c) => DIGIT_LOOKALIKES[c] ?? c).join("") : null;
  // The digits engine reads the number alone: a unit after it would be read as digits too (元 as 7).
  const digitsInk = unit ? withoutUnit(clean, unit.length) : clean;
  let digits = await engine.number(crop(digitsInk));
  // A lone digit the line mode finds nothing in: read again as one character, twice the size.
  if (!/\d/.test(digits.text) && box.x1 - box.x0 < box.y1 - box.y0) digits = await engine.number(crop(digitsInk, 2), true);
  if (!/\d/.test(digits.text)) {
    if (asDigits === null) return { text: strayDigits(flat), number: null };
    return { text: asDigits, number: { confidence: 0, review: true, reason: `read only by the Chinese model (${flat})` } };
  }
  const differ = (asDigits !== null && digits.text !== asDigits) || mixed;
  const low = digits.confidence < REVIEW_CONFIDENCE;
  if (differ || low) {
    const again = await secondReading(engine, digitsInk, digits, asDigits, mixed);
    if (again) return { text: again.text + unit, number: { confidence: again.confidence, review: again.review, reason: again.reason } };
  }
  const reason = differ
    ? `the two readings differ: ${digits.text} / ${flat}`
    : low
      ? `confidence ${Math.round(digits.confidence)} below ${REVIEW_CONFIDENCE}`
      : null;
  return { text: digits.text + unit, number: { confidence: Math.round(digits.confidence), review: differ || low, reason } };
}

/**
 * An unsure digit cell read a second time by the digits engine, at twice the size. All three readings agreeing (both
 * digit readings and the Chinese model's) settle it; so does a sure second reading agreeing with the Chinese model
 * (two models, one number), or with the first when the Chinese model read none. An unsure second reading that agrees
 * with the Chinese model against the first is taken but stays flagged. Otherwise null: the first stays, flagged.
 */
async function secondReading(engine: OcrEngine, ink: CleanInk, first: Recognised, asDigits: string | null, mixed: boolean): Promise<Settled | null> {
  if (mixed) return null;
  const second = await engine.number(crop(ink, 2));
  const sure = second.confidence >= REVIEW_CONFIDENCE;
  const confidence = Math.round(Math.max(first.confidence, second.confidence));
  if (asDigits !== null && second.text === asDigits) {
    if (sure || first.text === second.text) return { text: second.text, confidence, review: false, reason: null };
    const reason = `read ${first.text}, then ${second.text} at twice the size (confidence ${Math.round(second.confidence)}) as the Chinese model read it`;
    return { text: second.text, confidence: Math.round(second.confidence), review: true, reason };
  }
  if (asDigits === null && sure && second.text === first.text) return { text: second.text, confidence, review: false, reason: null };
  return null;
}

/** A number's ink without the unit printed after it (元, 万元): cut at the white gap nearest `chars` squares from the right. */
export function withoutUnit(clean: CleanInk, chars: number): CleanInk {
  const box = clean.box!;
  const height = box.y1 - box.y0;
  const target = box.x1 - chars * height;
  let best: number | null = null;
  for (let x = box.x1 - 1; x > box.x0; x--) {
    let inked = false;
    for (let y = box.y0; y < box.y1 && !inked; y++) inked = clean.ink[y * clean.width + x] === 1;
    if (!inked && (best === null || Math.abs(x - target) < Math.abs(best - target))) best = x;
  }
  return best === null ? clean : { ...clean, box: { ...box, x1: best } };
}

/** Lines of one table: row by row of the lattice, each cell in the row it starts in (a 0 merged down in each). */
async function readTable(engine: OcrEngine, binary: Binary, table: Table, inset: number, minBlot: number, dpi: number, out: PageText): Promise<void> {
  const readings = new Map<GridCell, CellReading>();
  for (const cell of table.cells) readings.set(cell, await readCell(engine, binary, cell, inset, minBlot, dpi));
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
async function readBand(engine: OcrEngine, binary: Binary, y0: number, y1: number, minBlot: number, out: PageText): Promise<void> {
  if (y1 - y0 < 8) return;
  const clean = cleanInk(binary, 0, y0, binary.width, y1, minBlot);
  if (!clean.box || clean.count < MIN_CELL_INK * 4) return;
  const { text } = await engine.text(crop(clean));
  for (const line of text.split("\n")) if (joinCjk(line)) out.lines.push(joinCjk(line));
}

/**
 * The text of a page: bands of text and tables from top to bottom. `withText: false` reads only the tables (a long
 * scan's pages other than the first are not read in full).
 */
export async function readPage(engine: OcrEngine, binary: Binary, tables: Table[], dpi: number, withText: boolean): Promise<PageText> {
  const out: PageText = { lines: [], numbers: [] };
  const inset = Math.max(3, Math.round((6 * dpi) / 300));
  // Specks are removed from a speckled page only: on a clean one the dots of small characters are print.
  const speckSize = Math.max(3, Math.round((MIN_BLOT * dpi * dpi) / 90_000));
  const { specks } = cleanInk(binary, 0, 0, binary.width, binary.height, speckSize);
  const minBlot = specks > (SPECKLED * binary.width * binary.height) / 1e6 ? speckSize : 2;
  let y = 0;
  for (const table of tables) {
    if (withText) await readBand(engine, binary, y, table.y0 - inset, minBlot, out);
    await readTable(engine, binary, table, inset, minBlot, dpi, out);
    y = table.y1 + inset;
  }
  if (withText) await readBand(engine, binary, y, binary.height, minBlot, out);
  return out;
}
