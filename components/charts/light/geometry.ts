import type { ChartRow, ChartSeries } from "../palette";

/**
 * Where the marks of a light chart go (components/charts/light): pure arithmetic from the rows and the box's size
 * to pixels, laid out as recharts lays out the same charts elsewhere (margins, a 56 px value axis, a tenth of each
 * category left empty on either side of its bars, years inset by 16 px), so a chart looks the same on every page.
 */

export const MARGIN = { top: 8, right: 16, bottom: 8, left: 8 };
export const VALUE_AXIS_WIDTH = 56;
export const CATEGORY_AXIS_HEIGHT = 30;
const YEAR_PADDING = 16;
const CATEGORY_GAP = 0.1;
const BAR_GAP = 4;

export type Box = { width: number; height: number };
export type Plot = { left: number; top: number; width: number; height: number };

export function plotArea(box: Box): Plot {
  const left = MARGIN.left + VALUE_AXIS_WIDTH;
  const top = MARGIN.top;
  return {
    left,
    top,
    width: Math.max(1, box.width - left - MARGIN.right),
    height: Math.max(1, box.height - top - MARGIN.bottom - CATEGORY_AXIS_HEIGHT),
  };
}

/** 1, 2, 2.5 or 5 times a power of ten: the smallest at least `raw`. */
export function niceStep(raw: number): number {
  if (!(raw > 0)) return 1;
  const power = 10 ** Math.floor(Math.log10(raw));
  return ([1, 2, 2.5, 5, 10].find((m) => m * power >= raw - 1e-9) ?? 10) * power;
}

/** The value axis: from min(0, lowest) to `max` or a round number above the highest, in about `count` ticks. */
export function valueTicks(values: number[], max?: number, count = 5): number[] {
  const low = Math.min(0, ...values);
  const high = max ?? Math.max(0, ...values);
  if (high === low) return [low, low + 1];
  const step = niceStep((high - low) / (count - 1));
  const first = Math.floor(low / step) * step;
  const last = max ?? Math.ceil(high / step) * step;
  const ticks: number[] = [];
  for (let tick = first; tick <= last + step / 1e6; tick += step) ticks.push(Number(tick.toPrecision(12)));
  return ticks;
}

/** A value's height in the plot, given the axis's ticks (first at the bottom, last at the top). */
export function yOf(value: number, ticks: number[], plot: Plot): number {
  const low = ticks[0]!;
  const high = ticks.at(-1)!;
  return plot.top + plot.height - ((value - low) / (high - low)) * plot.height;
}

export const numberAt = (row: ChartRow | undefined, key: string): number | null => {
  const value = row?.[key];
  return typeof value === "number" && Number.isFinite(value) ? value : null;
};

/** Every value a chart draws: of a stacked chart, each category's running sums. */
export function drawnValues(rows: ChartRow[], series: ChartSeries[], stacked: boolean): number[] {
  if (!stacked) return rows.flatMap((row) => series.flatMap((s) => numberAt(row, s.key) ?? []));
  return rows.map((row) => series.reduce((sum, s) => sum + (numberAt(row, s.key) ?? 0), 0));
}

export type BarRect = { category: number; series: number; x: number; y: number; width: number; height: number };

/** The category's band: its left edge and width. */
export const band = (index: number, count: number, plot: Plot) => ({ x: plot.left + (index * plot.width) / count, width: plot.width / count });

/** The bars of every category: side by side, or stacked from the first series at the bottom. */
export function barRects(rows: ChartRow[], series: ChartSeries[], ticks: number[], plot: Plot, stacked: boolean): BarRect[] {
  const rects: BarRect[] = [];
  rows.forEach((row, category) => {
    const { x, width } = band(category, rows.length, plot);
    const inner = width * (1 - 2 * CATEGORY_GAP);
    const barWidth = stacked ? inner : Math.max(1, (inner - BAR_GAP * (series.length - 1)) / series.length);
    let base = 0;
    series.forEach((s, i) => {
      const value = numberAt(row, s.key);
      if (value === null) return;
      const from = stacked ? base : 0;
      const to = from + value;
      if (stacked) base = to;
      const top = Math.min(yOf(from, ticks, plot), yOf(to, ticks, plot));
      const left = x + width * CATEGORY_GAP + (stacked ? 0 : i * (barWidth + BAR_GAP));
      rects.push({ category, series: i, x: left, y: top, width: barWidth, height: Math.abs(yOf(to, ticks, plot) - yOf(from, ticks, plot)) });
    });
  });
  return rects;
}

/** A year's horizontal place on a line chart: the first and last years inset from the plot's edges. */
export function yearX(year: number, years: number[], plot: Plot): number {
  const first = Math.min(...years);
  const last = Math.max(...years);
  if (first === last) return plot.left + plot.width / 2;
  return plot.left + YEAR_PADDING + ((year - first) / (last - first)) * (plot.width - 2 * YEAR_PADDING);
}

/** A series' line as runs of points: a year without a value ends a run (a gap, not a fall to 0). */
export function lineRuns(rows: ChartRow[], key: string, ticks: number[], plot: Plot): { x: number; y: number }[][] {
  const years = rows.map((row) => Number(row.year));
  const runs: { x: number; y: number }[][] = [[]];
  for (const row of rows) {
    const value = numberAt(row, key);
    if (value === null) {
      if (runs.at(-1)!.length) runs.push([]);
      continue;
    }
    runs.at(-1)!.push({ x: yearX(Number(row.year), years, plot), y: yOf(value, ticks, plot) });
  }
  return runs.filter((run) => run.length > 0);
}

/** The category (row) nearest to a horizontal position: by band for bars, by year for lines. */
export function categoryAt(x: number, rows: ChartRow[], plot: Plot, kind: "bars" | "lines"): number {
  if (rows.length === 0) return -1;
  if (kind === "bars") return Math.min(rows.length - 1, Math.max(0, Math.floor(((x - plot.left) / plot.width) * rows.length)));
  const years = rows.map((row) => Number(row.year));
  let nearest = 0;
  years.forEach((year, i) => {
    if (Math.abs(yearX(year, years, plot) - x) < Math.abs(yearX(years[nearest]!, years, plot) - x)) nearest = i;
  });
  return nearest;
}
