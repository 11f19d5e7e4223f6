/**
 * Rows by position, for producers whose stream order is not reading order (all labels first, then all
 * numbers): lines with two or more chunks are rows, and a lone line joins the neighbouring row that has
 * nothing in its column, or wraps the cell just above it.
 */
import {
  cellOf,
  continues,
  isNumeric,
  LINE_PITCH,
  lineRow,
  MAX_CONTINUATION,
  mergeColumns,
  numericChunks,
  overlaps,
  spansCells,
  startsLabel,
  type Chunk,
  type Line,
  type Page,
  type Row,
} from "./pdf-lines";

function cellIn(line: Line, span: { x0: number; x1: number }): Chunk | undefined {
  return line.chunks.find((c) => overlaps(c, span));
}

/** A narrow cell wraps 1035 as 103 over 5: number lines stacked in one column are one number. */
function numberStacks(page: Page, singles: Chunk[]): Chunk[][] {
  const stacks: Chunk[][] = [];
  const taken = new Set<Chunk>();
  const numeric = singles.filter((c) => isNumeric(c.text));
  for (const start of numeric) {
    if (taken.has(start)) continue;
    const stack = [start];
    taken.add(start);
    for (const c of numeric) {
      if (!taken.has(c) && continues(stack[stack.length - 1]!, c, page)) {
        stack.push(c);
        taken.add(c);
      }
    }
    stacks.push(stack);
  }
  return [...stacks, ...singles.filter((c) => !taken.has(c)).map((c) => [c])];
}

/** Left edges this close (× font size) line up: the lines of one left-aligned cell. */
const SAME_LEFT_EDGE = 0.5;
/** A wrapped line of a top-aligned cell lies at most this far (× font size) below the line before. */
const WRAP_PITCH = 1.6;

/** The lowest line so far of the row's cell in the block's column, if the block continues it (top-aligned wrap). */
function continuesCellAbove(block: Chunk[], row: Row): boolean {
  const first = block[0]!;
  if (startsLabel(first.text)) return false;
  const cell = row.cells.find((c) => overlaps(c, first));
  const lowest = cell?.pieces[cell.pieces.length - 1];
  if (!lowest) return false;
  const dy = first.y - lowest.y;
  return dy > 0 && dy <= WRAP_PITCH * first.size && Math.abs(first.x0 - lowest.x0) <= SAME_LEFT_EDGE * first.size;
}

/**
 * The row a block of lone lines joins, or null. A row has one cell per column, so the block goes to a
 * neighbouring row with nothing in its column: a label centred on its row (line 1 above the numbers, line 2
 * below), a rowspan label, a number wrapped in a centred cell. When both neighbours have a cell there, a
 * line just below the last line of the cell above, on its left edge, wraps that cell (top-aligned rows).
 */
function chooseRow(block: Chunk[], anchors: Line[], rowOf: Map<Line, Row>): Line | null {
  const span = { x0: Math.min(...block.map((c) => c.x0)), x1: Math.max(...block.map((c) => c.x1)) };
  const top = block[0]!.y;
  const bottom = block[block.length - 1]!.y;
  const size = block[0]!.size;
  const fits = (a: Line) => !cellIn(a, span) && !block.some((c) => spansCells(c, a));
  const straddled = anchors.filter((a) => a.y > top && a.y < bottom);
  if (straddled.length) return straddled.find(fits) ?? null;

  const above = anchors.findLast((a) => a.y <= top);
  const below = anchors.find((a) => a.y >= bottom);
  if (above && below && block.every((c) => isNumeric(c.text)) && cellIn(below, span) && isNumeric(cellIn(above, span)?.text ?? "")) {
    return top - above.y <= MAX_CONTINUATION * size ? above : null;
  }
  const reach = 1.1 * LINE_PITCH * size;
  const toBelow = below && fits(below) && below.y - bottom <= reach ? below.y - bottom : Infinity;
  const toAbove = above && fits(above) && top - above.y <= reach ? top - above.y : Infinity;
  // Ties go down: a label line given to the row below only precedes that row's own label.
  if (toBelow !== Infinity || toAbove !== Infinity) return toBelow <= toAbove ? below! : above!;
  if (above && !block.some((c) => spansCells(c, above)) && continuesCellAbove(block, rowOf.get(above)!)) return above;
  return null;
}

function wrapsBelow(chunk: Chunk, pieces: Chunk[]): Chunk | undefined {
  return pieces.find((p) => {
    const dy = chunk.y - p.y;
    return (
      !startsLabel(chunk.text) && overlaps(p, chunk) && dy > 0 && dy <= WRAP_PITCH * chunk.size && Math.abs(chunk.x0 - p.x0) <= SAME_LEFT_EDGE * chunk.size
    );
  });
}

/**
 * Lines of several chunks that only continue the cells of the row above (top-aligned cells wrapping on the
 * same line: 三、本年度办 | （一）予以公 over 理结果 | 开) are not rows: their chunks are handled as lone lines.
 * A line with numbers of its own is a row, unless they are the tails of fewer numbers above (1035 as 103/5).
 */
function wrappedLines(candidates: Line[]): Set<Line> {
  const wrapped = new Set<Line>();
  let pieces: Chunk[] = [];
  let numbersAbove = 0;
  for (const line of candidates) {
    const numbers = numericChunks(line).length;
    const continued = line.chunks.map((c) => wrapsBelow(c, pieces));
    const tails = numbers === 0 || numbers < numbersAbove;
    if (pieces.length && tails && continued.every(Boolean)) {
      wrapped.add(line);
      pieces = pieces.map((p) => line.chunks[continued.indexOf(p)] ?? p);
      continue;
    }
    pieces = [...line.chunks];
    numbersAbove = numbers;
  }
  return wrapped;
}

export function positionalRows(page: Page): Row[] {
  const candidates = page.lines.filter((l) => l.chunks.length >= 2);
  const wrapped = wrappedLines(candidates);
  const anchors = candidates.filter((l) => !wrapped.has(l));
  const singles = page.lines.filter((l) => l.chunks.length === 1 || wrapped.has(l)).flatMap((l) => l.chunks);
  const rowOf = new Map<Line, Row>();
  const rows: Row[] = [];
  for (const line of anchors) {
    const row: Row = { y: line.y, cells: line.chunks.map((c) => cellOf([c])), anchor: true };
    rowOf.set(line, row);
    rows.push(row);
  }
  // Top to bottom, so that a cell wrapped over several lines grows one line at a time.
  for (const block of numberStacks(page, singles).sort((a, b) => a[0]!.y - b[0]!.y)) {
    const line = chooseRow(block, anchors, rowOf);
    if (!line) {
      rows.push(...block.map(lineRow));
      continue;
    }
    const row = rowOf.get(line)!;
    row.cells = mergeColumns([...row.cells, cellOf(block)]);
  }
  return rows;
}
