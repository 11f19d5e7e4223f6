/**
 * Empty cells, which print nothing, by the columns of the rows around them: in 规章 | 0 | (empty) | 23 the 23
 * must stay in the third value column. A table's columns are those of its rows with the most cells.
 * Text positions cannot tell an empty cell from a merged one, so only gaps between values are filled, and a
 * gap before the first value only where a row above under the same header has cells in those columns.
 */
import { cellText, overlaps, type Cell, type Row } from "./pdf-lines";

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

/** What a value cell of a table prints: a number (with a sign or unit: +3, 45元) or not applicable (不涉及, 无, —, /). */
const VALUE = /^(?:[+-]?\d[\d,]*(?:\.\d+)?(?:万元|元|件|项|个|条)?|不涉及|无|[—\-－]+|[/／])$/;

/** A row of values (规章 | 0 | 23), not of headers (信息内容 | 本年制发件数 | …): a cell after the label holds a value. */
function hasValues(row: Row): boolean {
  return row.cells.slice(1).some((cell) => VALUE.test(cellText(cell).replace(/\s+/g, "")));
}

/**
 * The row whose columns an empty first value is placed by: the nearest row above with more cells, within the
 * part of the table under the same header row. A header row, or a row of values, with no more cells than this
 * one ends the search: the row is as wide as its part of the table (行政许可 | 0, its one value centred across
 * three merged columns under 信息内容 | 本年处理决定数量).
 */
function referenceAbove(block: Row[], index: number): Row | null {
  const count = block[index]!.cells.length;
  for (let i = index - 1; i >= 0; i--) {
    const row = block[i]!;
    if (row.cells.length > count) return row;
    if (row.cells.length === count || !hasValues(row)) return null;
  }
  return null;
}

/**
 * An empty first value (规章 | (empty) | 0 | 23): the columns a row skips between its label and its first
 * value, by the cells of the row above that has them (the header 信息内容 | 本年制发件数 | …, or a full
 * row). Only when the label lines up with that row's first cell and does not reach into the skipped columns.
 */
function fillLeadingGap(row: Row, reference: Row): void {
  const columns: Column[] = reference.cells;
  const label = row.cells[0]!;
  if (row.cells.length < 2 || !overlaps(label, columns[0]!)) return;
  const indexes = row.cells.slice(1).map((c) => columnIndex(c, columns));
  if (indexes[0]! <= 1 || indexes.some((k, i) => i > 0 && k <= indexes[i - 1]!)) return;
  const skipped = columns.slice(1, indexes[0]);
  if (skipped.some((column) => overlaps(label, column))) return;
  row.cells.splice(1, 0, ...skipped.map((column) => ({ x0: column.x0, x1: column.x0, pieces: [] })));
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
      block.forEach((row, i) => {
        if (row.cells.length < columns.length) fillGaps(row, columns);
        const reference = hasValues(row) ? referenceAbove(block, i) : null;
        if (reference) fillLeadingGap(row, reference);
      });
    }
    start = end + 1;
  }
}
