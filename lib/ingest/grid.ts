/** A table cell as a document model gives it: text plus the grid slots it spans. */
export type SpanCell = { text: string; rowSpan: number; colSpan: number };

/**
 * Expands spanned cells into a rectangular grid by occupancy (the HTML table model): a cell goes into the
 * first free slot of its row; slots covered by a rowspan or colspan from elsewhere stay empty strings.
 */
export function expandSpans(rows: SpanCell[][]): string[][] {
  const grid: (string | undefined)[][] = [];
  rows.forEach((cells, r) => {
    grid[r] ??= [];
    let c = 0;
    for (const cell of cells) {
      while (grid[r]![c] !== undefined) c++;
      for (let i = 0; i < Math.max(1, cell.rowSpan); i++) {
        for (let j = 0; j < Math.max(1, cell.colSpan); j++) {
          (grid[r + i] ??= [])[c + j] = i === 0 && j === 0 ? cell.text : "";
        }
      }
      c += Math.max(1, cell.colSpan);
    }
  });
  return grid.slice(0, rows.length).map((row) => Array.from(row, (text) => text ?? ""));
}

/** One line per row, cells joined by tabs; line breaks inside a cell become spaces-free joins. */
export function gridToText(grid: string[][]): string {
  return grid.map((row) => row.map((cell) => cell.replace(/[\t\n\r]+/g, "").trim()).join("\t")).join("\n");
}
