/**
 * Positioned text of one page as lines and chunks: fragments on one baseline form a line, and a line splits
 * into chunks (cells) at wide gaps. Also the cell and row shapes the layout passes build, and their text.
 */

/** A text item on the page: top-left origin, `y` is the baseline, `index` its place in the content stream. */
export type Fragment = { text: string; x0: number; x1: number; y: number; size: number; index: number };

/** Fragments on one baseline read as one run of text (one cell's line, or one narrative line). */
export type Chunk = { fragments: Fragment[]; x0: number; x1: number; y: number; size: number; first: number; last: number; text: string };

export type Cell = { x0: number; x1: number; pieces: Chunk[] };
/** `anchor`: a table row (two or more cells); otherwise a line of its own. */
export type Row = { y: number; cells: Cell[]; anchor: boolean };

export type Line = { y: number; chunks: Chunk[] };

/** Baselines closer than this (× font size) are one line: digits often sit ~1 pt off the CJK baseline. */
export const SAME_LINE = 0.4;
/** A horizontal gap wider than this (× font size) separates cells; word spaces are ~0.25, cell padding ≥ 0.5. */
const CELL_GAP = 0.45;
/** Text from elsewhere in the stream is another cell already at this gap (× font size). */
const STREAM_CELL_GAP = 0.3;
/** Items this close in the stream were written together (pdf.js puts space and end-of-line items between). */
const STREAM_NEIGHBOURS = 3;
/** A gap wider than this (× font size) inside a chunk is a real space. */
const WORD_GAP = 0.15;
/** Word processors widen a CJK–Latin/digit boundary by ~0.2 em with no space character (2024年, 45元). */
const AUTOSPACE_GAP = 0.22;
/** Typical line pitch (× font size) of single-spaced CJK text. */
export const LINE_PITCH = 1.45;
/** A continuation line lies at most this far (× font size) below the line it continues. */
export const MAX_CONTINUATION = 2.0;

const NUMBER = /^[+-]?\d[\d,]*(?:\.\d+)?$/;
const CJK = /[\u2e80-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef]/;

/** A row label starts with its item number (一、 （三） 3. 2、) or names an article (第二十条第（五）项). */
const NEW_LABEL = /^(?:[（(]?\s*[一二三四五六七八九十\d]{1,3}\s*[)）、.．]|第[一二三四五六七八九十百\d]+[条章节项])/;

export function startsLabel(text: string): boolean {
  return NEW_LABEL.test(text.trim());
}

export function isNumeric(text: string): boolean {
  return NUMBER.test(text.replace(/\s+/g, ""));
}

export function overlaps(a: { x0: number; x1: number }, b: { x0: number; x1: number }): boolean {
  return a.x0 < b.x1 && b.x0 < a.x1;
}

function isSpaceGap(text: string, next: Fragment, gap: number): boolean {
  const boundary = CJK.test(text.slice(-1)) !== CJK.test(next.text.slice(0, 1));
  return gap > (boundary ? AUTOSPACE_GAP : WORD_GAP) * next.size;
}

function joinFragments(fragments: Fragment[]): string {
  let text = "";
  let end = -Infinity;
  for (const f of fragments) {
    if (text && !text.endsWith(" ") && isSpaceGap(text, f, f.x0 - end)) text += " ";
    text += f.text;
    end = Math.max(end, f.x1);
  }
  return text;
}

function makeChunk(fragments: Fragment[]): Chunk {
  const indexes = fragments.map((f) => f.index);
  return {
    fragments,
    x0: fragments[0]!.x0,
    x1: Math.max(...fragments.map((f) => f.x1)),
    y: fragments.reduce((sum, f) => sum + f.y, 0) / fragments.length,
    size: Math.max(...fragments.map((f) => f.size)),
    first: Math.min(...indexes),
    last: Math.max(...indexes),
    text: joinFragments(fragments),
  };
}

function startsCell(previous: Fragment, next: Fragment, end: number): boolean {
  const gap = next.x0 - end;
  const size = Math.min(previous.size, next.size);
  if (gap > CELL_GAP * size) return true;
  return gap > STREAM_CELL_GAP * size && Math.abs(next.index - previous.index) > STREAM_NEIGHBOURS;
}

function splitChunks(fragments: Fragment[]): Chunk[] {
  const chunks: Chunk[] = [];
  let run: Fragment[] = [];
  let end = -Infinity;
  for (const f of fragments) {
    if (run.length && startsCell(run[run.length - 1]!, f, end)) {
      chunks.push(makeChunk(run));
      run = [];
    }
    end = run.length ? Math.max(end, f.x1) : f.x1;
    run.push(f);
  }
  if (run.length) chunks.push(makeChunk(run));
  return chunks;
}

export function groupLines(fragments: Fragment[]): Line[] {
  const sorted = [...fragments].sort((a, b) => a.y - b.y || a.x0 - b.x0);
  const groups: Fragment[][] = [];
  let group: Fragment[] = [];
  for (const f of sorted) {
    if (group.length && Math.abs(f.y - group[0]!.y) > SAME_LINE * Math.min(f.size, group[0]!.size)) {
      groups.push(group);
      group = [];
    }
    group.push(f);
  }
  if (group.length) groups.push(group);
  return groups.map((g) => {
    const chunks = splitChunks(g.sort((a, b) => a.x0 - b.x0));
    return { y: chunks[0]!.y, chunks };
  });
}

export function numericChunks(line: Line): Chunk[] {
  return line.chunks.filter((c) => isNumeric(c.text));
}

export type Page = { lines: Line[]; lineOf: Map<Chunk, Line>; width: number };

/** Text spanning two cells of a line is not a piece of one cell (a narrative line next to a table). */
export function spansCells(chunk: Chunk, line: Line): boolean {
  return line.chunks.filter((c) => c !== chunk && overlaps(c, chunk)).length >= 2;
}

/** Wider than this share of the page's text width, a line is narrative, not a cell's. */
const CELL_MAX_WIDTH = 0.6;

export function continues(upper: Chunk, lower: Chunk, page: Page): boolean {
  const narrow = (c: Chunk) => c.x1 - c.x0 <= CELL_MAX_WIDTH * page.width;
  if (!narrow(upper) || !narrow(lower)) return false;
  const upperLine = page.lineOf.get(upper)!;
  const lowerLine = page.lineOf.get(lower)!;
  const dy = lower.y - upper.y;
  if (upperLine === lowerLine || dy <= 0 || dy > MAX_CONTINUATION * upper.size || !overlaps(upper, lower)) return false;
  if (Math.abs(lower.size - upper.size) > 0.15 * upper.size) return false;
  return !spansCells(lower, upperLine) && !spansCells(upper, lowerLine);
}

export function cellOf(chain: Chunk[]): Cell {
  return { x0: Math.min(...chain.map((c) => c.x0)), x1: Math.max(...chain.map((c) => c.x1)), pieces: [...chain].sort((a, b) => a.y - b.y) };
}

/** Cells one above the other in a row (pieces not chained in the stream) are one cell. */
export function mergeColumns(cells: Cell[]): Cell[] {
  const merged: Cell[] = [];
  for (const cell of [...cells].sort((a, b) => a.x0 - b.x0)) {
    const same = merged.find((m) => overlaps(m, cell));
    if (!same) {
      merged.push({ ...cell, pieces: [...cell.pieces] });
      continue;
    }
    same.pieces.push(...cell.pieces);
    same.pieces.sort((a, b) => a.y - b.y);
    same.x0 = Math.min(same.x0, cell.x0);
    same.x1 = Math.max(same.x1, cell.x1);
  }
  return merged.sort((a, b) => a.x0 - b.x0);
}

export function lineRow(chunk: Chunk): Row {
  return { y: chunk.y, cells: [{ x0: chunk.x0, x1: chunk.x1, pieces: [chunk] }], anchor: false };
}

// ---------------------------------------------------------------------------------------------------------
// Text

/** Lines of one cell: CJK and digits join directly (a wrapped label, 103/5); Latin words get a space. */
function joinPieces(texts: string[]): string {
  let out = "";
  for (const text of texts) {
    const last = out.slice(-1);
    const first = text.slice(0, 1);
    const direct = !out || CJK.test(last) || CJK.test(first) || (/\d/.test(last) && /\d/.test(first));
    out += direct ? text : ` ${text}`;
  }
  return out;
}

export function cellText(cell: Cell): string {
  return joinPieces(cell.pieces.map((p) => p.text.trim()));
}

export function rowText(row: Row): string {
  return row.cells.map(cellText).join("\t");
}
