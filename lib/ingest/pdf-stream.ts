/**
 * Rows for producers that write tables row by row, cell by cell (Word, WPS, LibreOffice): they write a cell's
 * lines one after the other, so the next chunk in the stream, just below, continues the cell. All lines a
 * cell spans belong to its row, unless the cell spans rows that each start a number in one column (a rowspan
 * label, which goes to the first of them).
 */
import {
  cellOf,
  continues,
  isNumeric,
  lineRow,
  LINE_PITCH,
  mergeColumns,
  numericChunks,
  overlaps,
  SAME_LINE,
  type Cell,
  type Chunk,
  type Line,
  type Page,
  type Row,
} from "./pdf-lines";

/** A part heading of the report (三、收到和处理政府信息公开申请情况): never the first line of a table cell. */
const PART_HEADING = /^\s*[一二三四五六七八九十\d]{1,2}\s*[、.．]\s*\S.*(?:情况|事项)\s*$/;
/** Share of consecutive number rows that must come in stream order for the page to count as written row by row. */
const ROW_MAJOR_SHARE = 0.8;

/**
 * Row by row: every chunk of a number row comes after the row above in the stream, except a rowspan label
 * drawn with an earlier row (it comes before the whole row above). A producer that writes all labels first
 * puts the next row's label before the numbers of this one. Lines holding only the wrapped tails of the
 * numbers above (103 over 5) are not rows.
 */
export function isRowMajor(lines: Line[], links: Links): boolean {
  const rows = lines.filter((l) => numericChunks(l).filter((c) => !links.linked.has(c)).length >= 2);
  if (rows.length < 2) return true;
  let ordered = 0;
  for (let i = 1; i < rows.length; i++) {
    const above = rows[i - 1]!.chunks;
    const first = Math.min(...above.map((c) => c.first));
    const last = Math.max(...above.map((c) => c.last));
    if (rows[i]!.chunks.every((c) => c.first > last || c.last < first || links.linked.has(c))) ordered++;
  }
  return ordered >= ROW_MAJOR_SHARE * (rows.length - 1);
}

/** Each chunk's continuation: the next chunk in the stream, just below it in the same column. */
export type Links = { next: Map<Chunk, Chunk>; linked: Set<Chunk> };

export function streamLinks(page: Page): Links {
  const byFirst = new Map<number, Chunk>();
  for (const line of page.lines) for (const c of line.chunks) byFirst.set(c.first, c);
  const indexes = [...page.lineOf.keys()].flatMap((c) => c.fragments.map((f) => f.index)).sort((a, b) => a - b);
  const following = new Map(indexes.map((index, i) => [index, indexes[i + 1]]));
  const next = new Map<Chunk, Chunk>();
  const linked = new Set<Chunk>();
  for (const line of page.lines) {
    for (const c of line.chunks) {
      const after = byFirst.get(following.get(c.last) ?? -1);
      if (after && !linked.has(after) && !PART_HEADING.test(c.text) && continues(c, after, page)) {
        next.set(c, after);
        linked.add(after);
      }
    }
  }
  return { next, linked };
}

/** Chains of linked chunks: the lines of one cell. */
function streamChains(page: Page, { next, linked }: Links): Chunk[][] {
  const chains: Chunk[][] = [];
  for (const line of page.lines) {
    for (const start of line.chunks) {
      if (linked.has(start)) continue;
      const chain: Chunk[] = [];
      for (let c: Chunk | undefined = start; c; c = next.get(c)) chain.push(c);
      chains.push(chain);
    }
  }
  return chains;
}

class Groups {
  private parent: number[];
  constructor(size: number) {
    this.parent = Array.from({ length: size }, (_, i) => i);
  }
  find(i: number): number {
    while (this.parent[i] !== i) i = this.parent[i] = this.parent[this.parent[i]!]!;
    return i;
  }
  union(a: number, b: number): void {
    this.parent[this.find(a)] = this.find(b);
  }
}

/** The first numbers of a row's cells: on one line, or a few lines apart (103 centred over 5), never two in one column. */
type NumberRow = { top: number; bottom: number; chains: Chunk[][] };

function numberRows(chains: Chunk[][]): NumberRow[] {
  const numeric = chains.filter((chain) => isNumeric(chain[0]!.text)).sort((a, b) => a[0]!.y - b[0]!.y);
  const rows: NumberRow[] = [];
  for (const chain of numeric) {
    const head = chain[0]!;
    const row = rows[rows.length - 1];
    const sameRow = row && head.y - row.bottom <= LINE_PITCH * head.size && !row.chains.some((c) => overlaps(c[0]!, head));
    if (sameRow) {
      row.chains.push(chain);
      row.bottom = Math.max(row.bottom, head.y);
    } else {
      rows.push({ top: head.y, bottom: head.y, chains: [chain] });
    }
  }
  return rows;
}

/** The number rows whose lines lie within the cell's first and last line. */
function coveredRows(chain: Chunk[], rows: NumberRow[]): NumberRow[] {
  const tolerance = SAME_LINE * chain[0]!.size;
  const top = chain[0]!.y;
  const bottom = chain[chain.length - 1]!.y;
  return rows.filter((r) => r.top - tolerance <= bottom && r.bottom + tolerance >= top);
}

/** The lines whose baselines lie within the chain's top and bottom lines. */
function coveredLines(chain: Chunk[], lines: Line[]): number[] {
  const tolerance = SAME_LINE * chain[0]!.size;
  const top = chain[0]!.y - tolerance;
  const bottom = chain[chain.length - 1]!.y + tolerance;
  const covered: number[] = [];
  lines.forEach((line, i) => {
    if (line.y >= top && line.y <= bottom) covered.push(i);
  });
  return covered;
}

/** Cells that cover no number row (header rows, tables without numbers): rows are the lines their cells span. */
function unnumberedGroups(page: Page, chains: Chunk[][]): Cell[][] {
  const { lines } = page;
  const groups = new Groups(lines.length);
  const lineIndex = new Map(lines.map((line, i) => [line, i]));
  const homes = chains.map((chain) => lineIndex.get(page.lineOf.get(chain[0]!)!)!);
  chains.forEach((chain, k) => {
    if (chain.length > 1) for (const i of coveredLines(chain, lines)) groups.union(homes[k]!, i);
  });
  const byGroup = new Map<number, Cell[]>();
  chains.forEach((chain, k) => {
    const group = groups.find(homes[k]!);
    (byGroup.get(group) ?? byGroup.set(group, []).get(group)!).push(cellOf(chain));
  });
  return [...byGroup.values()];
}

function toRows(cells: Cell[]): Row[] {
  const merged = mergeColumns(cells);
  if (merged.length >= 2) return [{ y: Math.min(...merged.map((c) => c.pieces[0]!.y)), cells: merged, anchor: true }];
  // One cell: a narrative paragraph or a lone line, kept as its lines.
  return merged[0]!.pieces.map(lineRow);
}

/**
 * A row is anchored by its numbers: every other cell joins the number row its lines cover; a cell covering
 * several (a rowspan label) joins the first.
 */
export function streamRows(page: Page, links: Links): Row[] {
  const chains = streamChains(page, links);
  const rows = numberRows(chains);
  const cellsOf = new Map<NumberRow, Cell[]>(rows.map((r) => [r, r.chains.map(cellOf)]));
  const unnumbered: Chunk[][] = [];
  for (const chain of chains) {
    if (isNumeric(chain[0]!.text)) continue;
    const covered = coveredRows(chain, rows);
    if (covered.length) cellsOf.get(covered[0]!)!.push(cellOf(chain));
    else unnumbered.push(chain);
  }
  return [...cellsOf.values(), ...unnumberedGroups(page, unnumbered)].flatMap(toRows);
}
