/** A table cell as a document model gives it: text plus the grid slots it spans. */
export type SpanCell = { text: string; rowSpan: number; colSpan: number };

/** A 0 merged down over several rows is 0 in each of them (real reports merge （六）'s three sub-rows so). */
function spreadsDown(cell: SpanCell): boolean {
  return cell.rowSpan > 1 && cell.text.trim() === "0";
}

/**
 * Expands spanned cells into a rectangular grid by occupancy (the HTML table model): a cell goes into the
 * first free slot of its row; slots covered by a rowspan or colspan from elsewhere are null.
 */
export function expandSpans(rows: SpanCell[][]): (string | null)[][] {
  const grid: (string | null | undefined)[][] = [];
  rows.forEach((cells, r) => {
    grid[r] ??= [];
    let c = 0;
    for (const cell of cells) {
      while (grid[r]![c] !== undefined) c++;
      for (let i = 0; i < Math.max(1, cell.rowSpan); i++) {
        for (let j = 0; j < Math.max(1, cell.colSpan); j++) {
          (grid[r + i] ??= [])[c + j] = i === 0 && j === 0 ? cell.text : j === 0 && spreadsDown(cell) ? cell.text : null;
        }
      }
      c += Math.max(1, cell.colSpan);
    }
  });
  return grid.slice(0, rows.length).map((row) => Array.from(row, (text) => (text === undefined ? "" : text)));
}

/**
 * One line per row with its distinct cells joined by tabs: a spanned cell counts once, so a value printed
 * across three columns is one cell (行政许可\t0), while an empty cell keeps its place. Line breaks inside
 * a cell are removed (wrapped labels and numbers like 103/5 join up).
 */
export function gridToText(grid: (string | null)[][]): string {
  return grid
    .map((row) =>
      row
        .filter((cell): cell is string => cell !== null)
        .map((cell) => cell.replace(/[\t\n\r]+/g, "").trim())
        .join("\t"),
    )
    .join("\n");
}
