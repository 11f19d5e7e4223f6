/**
 * Pages of rows into one text: page numbers dropped, a table's header rows repeated on the next page dropped,
 * and a table row split by the page break (a number wrapped as 20 | 77 across the break) joined again,
 * so a table that runs across pages comes out as consecutive lines.
 */
import { cellText, isNumeric, rowText, startsLabel, type Cell, type Row } from "./pdf-lines";

export type PageRows = { rows: Row[]; height: number };

const PAGE_NUMBER = /^[-—–－_·•\s]*(?:第\s*)?\d{1,4}(?:\s*页)?(?:\s*[/／]\s*(?:共\s*)?\d{1,4}\s*页?)?[-—–－_·•\s]*$/;
/** Page numbers sit in the top or bottom margin band, this share of the page height. */
const MARGIN_BAND = 0.1;
/** Header rows of a table: the rows before its first row with a number, at most this many. */
const MAX_HEADER_ROWS = 8;

function compactText(row: Row): string {
  return rowText(row).replace(/\s+/g, "");
}

function isPageNumber(row: Row, height: number): boolean {
  const inMargin = row.y < MARGIN_BAND * height || row.y > (1 - MARGIN_BAND) * height;
  return inMargin && PAGE_NUMBER.test(row.cells.map(cellText).join(" "));
}

function numericCells(row: Row) {
  return row.cells.filter((c) => isNumeric(cellText(c)));
}

function hasNumber(row: Row): boolean {
  return numericCells(row).length > 0;
}

/** The header lines of the table whose last row is `rows[end]`: from the table's first row to its first numeric row. */
function tableHeader(rows: Row[], end: number): Set<string> {
  let start = end;
  while (start > 0 && rows[start - 1]!.anchor) start--;
  // Lines just above the first row belong to the header too (申请人情况 centred above the other header cells).
  const header = new Set<string>();
  for (let i = Math.max(0, start - 2); i <= end && header.size < MAX_HEADER_ROWS; i++) {
    if (i >= start && hasNumber(rows[i]!)) break;
    header.add(compactText(rows[i]!));
  }
  return header;
}

function overlapping(row: Row, cell: Cell): Cell[] {
  return row.cells.filter((c) => c.x0 < cell.x1 && cell.x0 < c.x1);
}

/**
 * A row of 表三 or 表四 split by the page break: the top of the next page holds only the tails of some
 * cells (no item number, fewer numbers than the row, each under one cell of the row), or the last lines
 * of its label.
 */
function isSplitTail(tail: Row, row: Row): boolean {
  const rowNumbers = numericCells(row).length;
  if (!row.anchor || rowNumbers < 5 || startsLabel(cellText(tail.cells[0]!))) return false;
  if (!tail.anchor) {
    const under = overlapping(row, tail.cells[0]!);
    return tail.cells.length === 1 && under.length === 1 && !isNumeric(cellText(tail.cells[0]!)) && !isNumeric(cellText(under[0]!));
  }
  const tailNumbers = numericCells(tail).length;
  if (tailNumbers === 0 || tailNumbers >= rowNumbers) return false;
  return printed(tail).every((t) => overlapping(row, t).length === 1);
}

/** The cells with text (not the empty cells put in for skipped columns). */
function printed(row: Row): Cell[] {
  return row.cells.filter((c) => c.pieces.length);
}

function mergeTail(row: Row, tail: Row): void {
  for (const t of printed(tail)) {
    const cell = overlapping(row, t)[0]!;
    cell.pieces.push(...t.pieces);
  }
}

type Kept = { row: Row; page: number };

/** A line at least this share of the page's text width is a line of running text. */
const FULL_LINE = 0.6;

function extent(row: Row): { x0: number; x1: number; size: number } {
  const pieces = row.cells.flatMap((c) => c.pieces);
  return { x0: row.cells[0]!.x0, x1: row.cells[row.cells.length - 1]!.x1, size: pieces[0]?.size ?? 1 };
}

type Margins = { left: number; right: number };

/** The left and right edges of the page's running text, from its long lines. */
function textMargins(rows: Row[]): Margins | null {
  const lines = rows.filter((r) => !r.anchor).map(extent);
  if (!lines.length) return null;
  const width = Math.max(...lines.map((l) => l.x1)) - Math.min(...lines.map((l) => l.x0));
  const long = lines.filter((l) => l.x1 - l.x0 >= FULL_LINE * width);
  return { left: Math.min(...long.map((l) => l.x0)), right: Math.max(...long.map((l) => l.x1)) };
}

/**
 * A paragraph wrapped by the page width continues on the next line: joined, so that a wrapped piece such as
 * 情况、存在的主要问题及改进情况、… never passes for a heading. A line that is not full, an indented line, or a
 * line starting with an item number (一、 （二）) starts a new paragraph.
 */
function continuesParagraph(line: Kept, next: Kept, margins: (Margins | null)[]): boolean {
  if (line.row.anchor || next.row.anchor || line.row.cells.length !== 1 || next.row.cells.length !== 1) return false;
  const a = extent(line.row);
  const b = extent(next.row);
  const ma = margins[line.page];
  const mb = margins[next.page];
  if (!ma || !mb || Math.abs(a.size - b.size) > 0.1 * a.size) return false;
  const full = a.x1 >= ma.right - 1.5 * a.size && a.x1 - a.x0 >= FULL_LINE * (ma.right - ma.left);
  const flush = b.x0 <= mb.left + 0.5 * b.size;
  const sameFlow = next.page === line.page ? next.row.y - line.row.y <= 2.5 * a.size : next.page === line.page + 1;
  return full && flush && sameFlow && !startsLabel(cellText(next.row.cells[0]!));
}

function joinParagraphs(kept: Kept[], margins: (Margins | null)[]): Kept[] {
  const joined: Kept[] = [];
  for (const item of kept) {
    const last = joined[joined.length - 1];
    if (last && continuesParagraph(last, item, margins)) {
      const cell = last.row.cells[0]!;
      cell.pieces.push(...item.row.cells[0]!.pieces);
      cell.x1 = Math.max(cell.x1, item.row.cells[0]!.x1);
      // The next line is measured from the last line joined (a paragraph run on from the page before
      // keeps that page, so its later lines still count as the same flow).
      last.row = { ...last.row, y: item.row.y };
      continue;
    }
    joined.push(item);
  }
  return joined;
}

export function assemblePages(pages: PageRows[]): { text: string; pageStarts: number[] } {
  const kept: Kept[] = [];
  // The header of the table still open at the end of the last page; kept while the table runs on.
  let header = new Set<string>();
  let continued = false;
  pages.forEach(({ rows, height }, page) => {
    const body = rows.filter((r) => !isPageNumber(r, height));
    const previous = kept[kept.length - 1];
    let start = 0;
    const wasContinued = continued;
    continued = false;
    if (previous?.row.anchor && previous.page === page - 1) {
      const pageRows = kept.filter((k) => k.page === page - 1).map((k) => k.row);
      const tableStartsPage = pageRows.every((r) => r.anchor);
      if (!(wasContinued && tableStartsPage)) header = tableHeader(pageRows, pageRows.length - 1);
      while (start < body.length && header.has(compactText(body[start]!))) start++;
      for (; start < body.length && isSplitTail(body[start]!, previous.row); start++) mergeTail(previous.row, body[start]!);
      continued = body[start]?.anchor ?? false;
    }
    for (const row of body.slice(start)) kept.push({ row, page });
  });
  const margins = pages.map((_, page) => textMargins(kept.filter((k) => k.page === page).map((k) => k.row)));
  return serialize(joinParagraphs(kept, margins), pages.length);
}

function serialize(kept: Kept[], pageCount: number): { text: string; pageStarts: number[] } {
  const pageStarts: number[] = [];
  const lines: string[] = [];
  let offset = 0;
  let index = 0;
  for (let page = 0; page < pageCount; page++) {
    pageStarts.push(offset);
    for (; index < kept.length && kept[index]!.page === page; index++) {
      const line = rowText(kept[index]!.row);
      lines.push(line);
      offset += line.length + 1;
    }
  }
  const text = lines.join("\n");
  return { text, pageStarts: pageStarts.map((s) => Math.min(s, text.length)) };
}
