/**
 * Empty cells, which print nothing, by the columns of the rows around them: in 规章 | 0 | (empty) | 23 the 23
 * must stay in the third value column. A table's columns are those of its rows with the most cells.
 * Text positions cannot tell an empty cell from a merged one, so only gaps between values are filled.
 */
import { overlaps, type Cell, type Row } from "./pdf-lines";

type Column = { x0: number; x1: number };

function columnsOf(rows: Row[]): Column[] {
  const most = Math.max(...rows.map((r) => r.cells.length));
  const widest = rows.filter((r) => r.cells.length === most);
  return Array.from({ length: most }, (_, k) => ({
    x0: Math.min(...widest.map((r) => r.cells[k]!.x0)),
    x1: Math.max(...widest.map((r) => r.cells[k]!.x1)),
  }));
}

function columnIndex(cell: Cell, columns: Column[]): number {
  const hit = columns.findIndex((c) => overlaps(c, cell));
  if (hit >= 0) return hit;
  const centre = (cell.x0 + cell.x1) / 2;
  let best = 0;
  columns.forEach((c, k) => {
    if (Math.abs((c.x0 + c.x1) / 2 - centre) < Math.abs((columns[best]!.x0 + columns[best]!.x1) / 2 - centre)) best = k;
  });
  return best;
}

/**
 * Empty cells for the columns a row skips between two of its values. Not after the row's first cell: a label
 * spanning columns (一、本年新收…) or a value centred across merged cells (行政许可 | 0 over three columns)
 * skips columns that are not empty.
 */
function fillGaps(row: Row, columns: Column[]): void {
  const indexes = row.cells.map((c) => columnIndex(c, columns));
  if (indexes.some((k, i) => i > 0 && k <= indexes[i - 1]!)) return;
  const cells: Cell[] = [];
  row.cells.forEach((cell, i) => {
    if (i > 1) {
      const before = row.cells[i - 1]!;
      for (let k = indexes[i - 1]! + 1; k < indexes[i]!; k++) {
        const column = columns[k]!;
        if (!overlaps(before, column)) cells.push({ x0: column.x0, x1: column.x0, pieces: [] });
      }
    }
    cells.push(cell);
  });
  row.cells = cells;
}

/** Rows in reading order; runs of consecutive table rows get their empty cells back. */
export function fillEmptyCells(rows: Row[]): void {
  let start = 0;
  while (start < rows.length) {
    let end = start;
    while (end < rows.length && rows[end]!.anchor) end++;
    if (end - start >= 2) {
      const block = rows.slice(start, end);
      const columns = columnsOf(block);
      for (const row of block) if (row.cells.length < columns.length) fillGaps(row, columns);
    }
    start = end + 1;
  }
}
