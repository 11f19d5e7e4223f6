/**
 * One PDF page's positioned text as rows: narrative lines stay lines, table rows become rows of cells.
 *
 * Cheap on purpose: text positions only, no ruling lines. Fragments on one baseline form a line; a line
 * splits into chunks at wide gaps (cells). A table cell may hold several lines (a wrapped label, a number
 * wrapped as 103/5, a rowspan label centred across rows), so rows are rebuilt from cells, not lines:
 *
 * - Producers that write tables row by row, cell by cell (Word, WPS, LibreOffice) write a cell's lines one
 *   after the other, so the next chunk in the stream, just below, continues the cell. All lines a cell
 *   spans belong to its row, unless the cell spans rows that each have their own number in one column
 *   (a rowspan label).
 * - Other producers (all labels first, then all numbers) get a positional pass: lines with two or more
 *   chunks are rows, and a lone line joins the neighbouring row that has nothing in its column.
 */
import { fillEmptyCells } from "./pdf-columns";
import { groupLines, type Chunk, type Fragment, type Line, type Page, type Row } from "./pdf-lines";
import { positionalRows } from "./pdf-positional";
import { isRowMajor, streamLinks, streamRows } from "./pdf-stream";

/** The page's rows in reading order (top to bottom). */
export function layoutRows(fragments: Fragment[]): Row[] {
  if (!fragments.length) return [];
  const lines = groupLines(fragments);
  const lineOf = new Map<Chunk, Line>();
  for (const line of lines) for (const c of line.chunks) lineOf.set(c, line);
  const width = fragments.reduce((max, f) => Math.max(max, f.x1), -Infinity) - fragments.reduce((min, f) => Math.min(min, f.x0), Infinity);
  const page: Page = { lines, lineOf, width };
  const links = streamLinks(page);
  const rows = isRowMajor(lines, links) ? streamRows(page, links) : positionalRows(page);
  rows.sort((a, b) => a.y - b.y || a.cells[0]!.x0 - b.cells[0]!.x0);
  fillEmptyCells(rows);
  return rows;
}
