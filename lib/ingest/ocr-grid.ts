import type { Binary } from "./ocr-raster";
import { rowSeams } from "./ocr-seams";

/**
 * Tables of a scanned page found by their ruling lines: long horizontal and vertical runs of ink on the binarised,
 * deskewed page; a vertical line counts only when both its ends meet horizontal ones and a horizontal line only
 * when it crosses two vertical ones, so text strokes and underlines are not rules. The lines' positions make a
 * lattice; neighbouring slots of the lattice with no rule between them are one (merged) cell. Pure functions.
 */
export type HLine = { y: number; x0: number; x1: number };
export type VLine = { x: number; y0: number; y1: number };
/** One cell of a table: its slot in the lattice, the slots it spans, and its box inside the rules (pixels). */
export type GridCell = { row: number; col: number; rowSpan: number; colSpan: number; x0: number; y0: number; x1: number; y1: number };
/** `ys`: the lattice's row boundaries, top to bottom. */
export type Table = { x0: number; y0: number; x1: number; y1: number; rows: number; cols: number; ys: number[]; cells: GridCell[] };

/** Sizes in pixels at 300 dpi, scaled for other resolutions. */
export type GridScale = { minH: number; minV: number; gap: number; tolerance: number; maxThick: number; minCell: number };
export function gridScale(dpi: number): GridScale {
  const k = dpi / 300;
  return {
    minH: Math.round(180 * k),
    minV: Math.round(24 * k),
    gap: Math.max(2, Math.round(3 * k)),
    tolerance: Math.max(4, Math.round(9 * k)),
    maxThick: Math.max(4, Math.round(12 * k)),
    minCell: Math.round(60 * k),
  };
}

type Run = { at: number; start: number; end: number };

/** A rule is solid: at least this share of a run's pixels are ink (speckles bridged by the gap tolerance are not). */
const MIN_FILL = 0.85;

/** Runs of ink along one axis (gaps up to `gap` bridged) at least `min` long and nearly solid. */
function runs(page: Binary, horizontal: boolean, min: number, gap: number): Run[] {
  const { width, height, ink } = page;
  const lines = horizontal ? height : width;
  const length = horizontal ? width : height;
  const step = horizontal ? 1 : width;
  const found: Run[] = [];
  for (let at = 0; at < lines; at++) {
    const base = horizontal ? at * width : at;
    let start = -1;
    let last = -1;
    let count = 0;
    const close = () => {
      if (start >= 0 && last - start + 1 >= min && count >= MIN_FILL * (last - start + 1)) found.push({ at, start, end: last + 1 });
    };
    for (let i = 0, p = base; i < length; i++, p += step) {
      if (ink[p] !== 1) continue;
      if (start < 0 || i - last > gap + 1) {
        close();
        start = i;
        count = 0;
      }
      last = i;
      count++;
    }
    close();
  }
  return found;
}

/**
 * Runs on neighbouring rows (columns) that overlap become one line; its position is their middle. A line thicker
 * than `maxThick` is a block of print (bold text), not a rule.
 */
function mergeRuns(found: Run[], gap: number, maxThick: number): { at: number; start: number; end: number }[] {
  type Open = { first: number; last: number; start: number; end: number; sum: number; n: number };
  const open: Open[] = [];
  const done: Open[] = [];
  for (const run of found) {
    const line = open.find((o) => run.at - o.last <= gap && run.start <= o.end + gap && run.end >= o.start - gap && o.last !== run.at);
    if (line) {
      line.last = run.at;
      line.start = Math.min(line.start, run.start);
      line.end = Math.max(line.end, run.end);
      line.sum += run.at;
      line.n++;
    } else open.push({ first: run.at, last: run.at, start: run.start, end: run.end, sum: run.at, n: 1 });
    for (let i = open.length - 1; i >= 0; i--) if (run.at - open[i]!.last > gap) done.push(...open.splice(i, 1));
  }
  return [...done, ...open].filter((o) => o.last - o.first < maxThick).map((o) => ({ at: o.sum / o.n, start: o.start, end: o.end }));
}

function crosses(h: HLine, v: VLine, tolerance: number): boolean {
  return v.x >= h.x0 - tolerance && v.x <= h.x1 + tolerance && h.y >= v.y0 - tolerance && h.y <= v.y1 + tolerance;
}

/**
 * Pieces of one rule (broken by a scan's specks or by the steps of a turned line) joined: pieces within a few
 * pixels of one position whose ends are close. The joined line keeps its pieces' mean position.
 */
function joinPieces(lines: { at: number; start: number; end: number }[], tolerance: number): { at: number; start: number; end: number }[] {
  const sorted = [...lines].sort((a, b) => a.at - b.at || a.start - b.start);
  const joined: { at: number; start: number; end: number }[] = [];
  for (const piece of sorted) {
    const line = joined.find((l) => Math.abs(l.at - piece.at) <= tolerance / 2 && piece.start <= l.end + 2 * tolerance && piece.end >= l.start - 2 * tolerance);
    if (!line) joined.push({ ...piece });
    else Object.assign(line, { start: Math.min(line.start, piece.start), end: Math.max(line.end, piece.end) });
  }
  return joined;
}

/** The ruling lines of a page that belong to tables. */
export function rulingLines(page: Binary, scale: GridScale): { h: HLine[]; v: VLine[] } {
  const pieces = mergeRuns(runs(page, true, Math.round(scale.minH / 3), scale.gap), scale.gap, scale.maxThick);
  const hCandidates = joinPieces(pieces, scale.tolerance)
    .filter((l) => l.end - l.start >= scale.minH)
    .map(({ at, start, end }) => ({ y: at, x0: start, x1: end }));
  const vPieces = mergeRuns(runs(page, false, Math.round(scale.minV / 2), scale.gap), scale.gap, scale.maxThick);
  const vCandidates = joinPieces(vPieces, scale.tolerance)
    .filter((l) => l.end - l.start >= scale.minV)
    .map(({ at, start, end }) => ({ x: at, y0: start, y1: end }));
  const t = scale.tolerance;
  // A vertical rule runs from one horizontal rule to another: cut to the outermost two it reaches (a stroke of print
  // touching its end is not part of it); one that reaches fewer than two is print.
  const between = (line: VLine, hs: HLine[]): VLine | null => {
    const ys = hs.filter((h) => h.y >= line.y0 - t && h.y <= line.y1 + t && line.x >= h.x0 - t && line.x <= h.x1 + t).map((h) => h.y);
    if (ys.length < 2) return null;
    const [y0, y1] = [Math.min(...ys), Math.max(...ys)];
    return y1 - y0 >= scale.minV ? { x: line.x, y0, y1 } : null;
  };
  const rules = (lines: VLine[], hs: HLine[]) => lines.map((line) => between(line, hs)).filter((line): line is VLine => line !== null);
  let v = rules(vCandidates, hCandidates);
  // A rule crosses at least two rules a cell apart; the strokes of a printed number stand closer together.
  const h = hCandidates.filter((line) => {
    const xs = v.filter((vl) => crosses(line, vl, t)).map((vl) => vl.x);
    return xs.length >= 2 && Math.max(...xs) - Math.min(...xs) >= scale.minCell;
  });
  v = rules(vCandidates, h);
  return { h, v };
}

/** Positions within `tolerance` of each other are one. */
function cluster(values: number[], tolerance: number): number[] {
  const sorted = [...values].sort((a, b) => a - b);
  const groups: number[][] = [];
  for (const value of sorted) {
    const group = groups.at(-1);
    if (group && value - group.at(-1)! <= tolerance) group.push(value);
    else groups.push([value]);
  }
  return groups.map((g) => g.reduce((a, b) => a + b, 0) / g.length);
}

class UnionFind {
  private readonly parent: number[];
  constructor(n: number) {
    this.parent = Array.from({ length: n }, (_, i) => i);
  }
  find(i: number): number {
    while (this.parent[i] !== i) i = this.parent[i] = this.parent[this.parent[i]!]!;
    return i;
  }
  union(a: number, b: number): void {
    this.parent[this.find(a)] = this.find(b);
  }
}

/** Lines that cross one another, grouped: each group is one table. */
function groupLines(h: HLine[], v: VLine[], tolerance: number): { h: HLine[]; v: VLine[] }[] {
  const sets = new UnionFind(h.length + v.length);
  h.forEach((hl, i) => v.forEach((vl, j) => crosses(hl, vl, tolerance) && sets.union(i, h.length + j)));
  const groups = new Map<number, { h: HLine[]; v: VLine[] }>();
  const group = (i: number) => groups.get(sets.find(i)) ?? groups.set(sets.find(i), { h: [], v: [] }).get(sets.find(i))!;
  h.forEach((line, i) => group(i).h.push(line));
  v.forEach((line, j) => group(h.length + j).v.push(line));
  return [...groups.values()].filter((g) => g.h.length >= 2 && g.v.length >= 2);
}

/**
 * Positions closer than `min` to their neighbour leave the one whose rules are shorter out: a stroke of print that
 * reached two rules makes a column narrower than any cell.
 */
function spaced(positions: number[], min: number, ruled: (at: number) => number): number[] {
  const kept = [...positions];
  for (let i = 0; i + 1 < kept.length; ) {
    if (kept[i + 1]! - kept[i]! >= min) i++;
    else kept.splice(ruled(kept[i]!) < ruled(kept[i + 1]!) ? i : i + 1, 1);
  }
  return kept;
}

/** One table's cells from its lines: lattice slots joined where no rule separates them. */
/**
 * The share of a rule's stretch that is inked: from `from` to `to` along the rule less `trim` at each end, at `at`
 * across it give or take `slack` pixels (a rule's pieces stand a few pixels either side of the lattice's line). A rule is inked all along; a stroke of print its pieces were joined to leaves gaps.
 */
function inkedShare(page: Binary, horizontal: boolean, at: number, from: number, to: number, slack: number, trim: number): number {
  const start = Math.round(from) + trim;
  const end = Math.round(to) - trim;
  if (end <= start) return 1;
  let inked = 0;
  for (let along = start; along < end; along++) {
    for (let d = -slack; d <= slack; d++) {
      const across = Math.round(at) + d;
      const [x, y] = horizontal ? [along, across] : [across, along];
      if (x >= 0 && y >= 0 && x < page.width && y < page.height && page.ink[y * page.width + x] === 1) {
        inked++;
        break;
      }
    }
  }
  return inked / (end - start);
}

/** A rule between two slots is inked along at least this share of their common side. */
const MIN_RULE_INK = 0.8;
/**
 * A side inked along one straight line over at least this share is a rule even where no ruling line was found there
 * (a rule broken by a coarse scan's specks into pieces too short to be taken for a line). A line through dense print
 * inside a merged cell reaches 0.6–0.8 on the sample scans; a found rule 0.94 and more.
 */
const SOLID_RULE = 0.9;

/** The best share of a side inked along one straight line (3 pixels thick) within `slack` of `at`. */
function straightShare(page: Binary, horizontal: boolean, at: number, from: number, to: number, slack: number, trim: number): number {
  let best = 0;
  for (let d = -slack; d <= slack && best < SOLID_RULE; d++) best = Math.max(best, inkedShare(page, horizontal, at + d, from, to, 1, trim));
  return best;
}

/** `seams`: rules taken to stand where none was seen (ocr-seams.ts), each a row boundary over its stretch. */
function tableCells(page: Binary, h: HLine[], v: VLine[], scale: GridScale, seams: HLine[] = []): Table | null {
  const t = scale.tolerance;
  const hLength = (y: number) => h.filter((l) => Math.abs(l.y - y) <= t).reduce((sum, l) => sum + l.x1 - l.x0, 0);
  const vLength = (x: number) => v.filter((l) => Math.abs(l.x - x) <= t).reduce((sum, l) => sum + l.y1 - l.y0, 0);
  const ys = spaced(
    cluster(
      [...h, ...seams].map((l) => l.y),
      t,
    ),
    scale.minCell / 2,
    hLength,
  );
  const xs = spaced(
    cluster(
      v.map((l) => l.x),
      t,
    ),
    scale.minCell,
    vLength,
  );
  const rows = ys.length - 1;
  const cols = xs.length - 1;
  if (rows < 1 || cols < 1) return null;
  // A rule separates two slots when a line passes between them and is inked along their common side (a line whose
  // pieces were joined across a stroke of print in the next cell is not inked there).
  const slack = scale.tolerance;
  const seamAt = (k: number, j: number) =>
    seams.some((l) => Math.abs(l.y - ys[k]!) <= t && (xs[j]! + xs[j + 1]!) / 2 >= l.x0 && (xs[j]! + xs[j + 1]!) / 2 <= l.x1);
  const hRule = (k: number, j: number) =>
    seamAt(k, j) ||
    (h.some((l) => Math.abs(l.y - ys[k]!) <= t && (xs[j]! + xs[j + 1]!) / 2 >= l.x0 - t && (xs[j]! + xs[j + 1]!) / 2 <= l.x1 + t) &&
      inkedShare(page, true, ys[k]!, xs[j]!, xs[j + 1]!, slack, scale.gap) >= MIN_RULE_INK) ||
    straightShare(page, true, ys[k]!, xs[j]!, xs[j + 1]!, slack, scale.gap) >= SOLID_RULE;
  const vRule = (k: number, i: number) =>
    (v.some((l) => Math.abs(l.x - xs[k]!) <= t && (ys[i]! + ys[i + 1]!) / 2 >= l.y0 - t && (ys[i]! + ys[i + 1]!) / 2 <= l.y1 + t) &&
      inkedShare(page, false, xs[k]!, ys[i]!, ys[i + 1]!, slack, scale.gap) >= MIN_RULE_INK) ||
    straightShare(page, false, xs[k]!, ys[i]!, ys[i + 1]!, slack, scale.gap) >= SOLID_RULE;
  const slots = new UnionFind(rows * cols);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      if (j + 1 < cols && !vRule(j + 1, i)) slots.union(i * cols + j, i * cols + j + 1);
      if (i + 1 < rows && !hRule(i + 1, j)) slots.union(i * cols + j, (i + 1) * cols + j);
    }
  }
  const spans = new Map<number, { r0: number; c0: number; r1: number; c1: number }>();
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      const root = slots.find(i * cols + j);
      const span = spans.get(root);
      if (!span) spans.set(root, { r0: i, c0: j, r1: i, c1: j });
      else Object.assign(span, { r0: Math.min(span.r0, i), c0: Math.min(span.c0, j), r1: Math.max(span.r1, i), c1: Math.max(span.c1, j) });
    }
  }
  const cells: GridCell[] = [...spans.values()]
    .map(({ r0, c0, r1, c1 }) => ({ row: r0, col: c0, rowSpan: r1 - r0 + 1, colSpan: c1 - c0 + 1, x0: xs[c0]!, y0: ys[r0]!, x1: xs[c1 + 1]!, y1: ys[r1 + 1]! }))
    .sort((a, b) => a.row - b.row || a.col - b.col);
  return { x0: xs[0]!, y0: ys[0]!, x1: xs.at(-1)!, y1: ys.at(-1)!, rows, cols, ys, cells };
}

/** The tables of a deskewed, binarised page, top to bottom. */
export function findTables(page: Binary, dpi = 300): Table[] {
  const scale = gridScale(dpi);
  const { h, v } = rulingLines(page, scale);
  return groupLines(h, v, scale.tolerance)
    .map((g) => {
      const table = tableCells(page, g.h, g.v, scale);
      const seams = table ? rowSeams(page, table, scale) : [];
      return seams.length ? tableCells(page, g.h, g.v, scale, seams) : table;
    })
    .filter((table): table is Table => table !== null)
    .sort((a, b) => a.y0 - b.y0);
}
