import type { LegendEntry } from "./ChartDownloads";

/**
 * Series colours: each at ≥ 3:1 contrast against the page's light (#fbfaf7) and dark (#17171a) backgrounds
 * (tests/chart-palette.test.ts), so a line or bar stays visible in both. A page gives each agency one colour
 * (`color` of a series) and keeps it in every chart.
 */
export const PALETTE = ["#c0392b", "#2f6db5", "#a86b00", "#2e7d4f", "#8e44ad", "#00838f", "#8a6d3b", "#c2185b", "#5b6770", "#6b7f00"];

export const colorAt = (index: number) => PALETTE[index % PALETTE.length]!;

/** The colour of a group total drawn over its members, and of the distribution's marks: no agency's colour. */
export const NEUTRAL = "#6a6a6a";

/**
 * A series to draw; a dashed one is a group total drawn over its members. `color` keeps a series' colour from
 * chart to chart (an agency's); without it the series' place picks one.
 */
export type ChartSeries = { key: string; name: string; dashed?: boolean; color?: string };
export type ChartRow = Record<string, string | number | null | [number, number]>;

/** The series' colour: its own, else by its place. */
export const seriesColor = (series: ChartSeries, index: number) => series.color ?? (series.dashed ? NEUTRAL : colorAt(index));

/** A chart's legend (and its exported file's): each series' full name and colour, in series order. */
export const legendOf = (series: ChartSeries[]): LegendEntry[] => series.map((s, i) => ({ name: s.name, color: seriesColor(s, i), dashed: s.dashed }));

/**
 * Why a point has no value, as a row carries it (`<key>:note`): 未发布 (no report that year) is not 0, and a rate
 * over nothing (分母为 0) is neither.
 */
export const noteKey = (key: string) => `${key}:note`;

export function formatTick(unit: string) {
  return (value: unknown) => (value === null || value === undefined ? "—" : `${value}${unit}`);
}

/** WCAG relative luminance and contrast ratio of two #rrggbb colours. */
export function contrastRatio(a: string, b: string): number {
  const luminance = (hex: string) => {
    const [r, g, bl] = [1, 3, 5].map((i) => {
      const c = Number.parseInt(hex.slice(i, i + 2), 16) / 255;
      return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * bl!;
  };
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
}

/** The vertical bar chart's height, and the horizontal one's: a row per category (per bar when grouped). */
const BAR_ROW_HEIGHT = 22;
/** A horizontal bar of one series has its category's full name wrapped beside it: two or three lines. */
export const WRAPPED_ROW_HEIGHT = 46;
export const CHART_HEIGHT = 320;

export function barsHeight({ rows, series, stacked = false, horizontal = false }: { rows: number; series: number; stacked?: boolean; horizontal?: boolean }) {
  const barsPerRow = stacked ? 1 : series;
  if (horizontal && barsPerRow === 1) return Math.max(160, 60 + rows * WRAPPED_ROW_HEIGHT);
  return horizontal ? Math.max(220, 80 + rows * barsPerRow * BAR_ROW_HEIGHT) : CHART_HEIGHT;
}
