import type { GridScale, HLine, Table } from "./ocr-grid";
import { type Binary, cleanInk } from "./ocr-raster";

/**
 * Rows of a table whose rule between them left no ink at all (a scan that lost it): a lattice row about twice as tall
 * as the table's usual row whose cells each hold print above and below a white middle, none across it, is two rows.
 * A row with a label wrapped over two lines is not: its numbers stand across the middle. Pure.
 */

/** A row this many times the table's median row height may be two. */
const TALL = 1.7;
/** A blot smaller than this (pixels at 300 dpi) is a speck, not print. */
const SPECK = 8;

type Halves = { above: boolean; across: boolean; below: boolean };

/** Where a cell's print stands against its middle: above it, across a band of a sixth of a row either side, below it. */
function halves(page: Binary, x0: number, y0: number, x1: number, y1: number, band: number, inset: number): Halves {
  const clean = cleanInk(page, x0 + inset, y0 + inset, x1 - inset, y1 - inset, SPECK);
  const mid = (y1 - y0) / 2 - inset;
  const found: Halves = { above: false, across: false, below: false };
  for (let y = 0; y < clean.height; y++) {
    let inked = false;
    for (let x = 0; x < clean.width && !inked; x++) inked = clean.ink[y * clean.width + x] === 1;
    if (!inked) continue;
    if (y < mid - band) found.above = true;
    else if (y > mid + band) found.below = true;
    else found.across = true;
  }
  return found;
}

/** Seams: where a rule is taken to stand though none was seen, one for each cell of a row read as two. */
export function rowSeams(page: Binary, table: Table, scale: GridScale): HLine[] {
  const heights = table.ys.slice(1).map((y, i) => y - table.ys[i]!);
  const median = [...heights].sort((a, b) => a - b)[Math.floor(heights.length / 2)]!;
  const seams: HLine[] = [];
  heights.forEach((height, row) => {
    if (height < TALL * median) return;
    const cells = table.cells.filter((c) => c.row === row && c.rowSpan === 1);
    const found = cells.map((c) => halves(page, c.x0, c.y0, c.x1, c.y1, median / 6, scale.maxThick));
    const two = found.filter((f) => f.above && f.below).length;
    if (two < 2 || found.some((f) => f.across)) return;
    const y = table.ys[row]! + height / 2;
    for (const cell of cells) seams.push({ y, x0: cell.x0, x1: cell.x1 });
  });
  return seams;
}
