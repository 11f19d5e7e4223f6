/** Series colours, distinguishable in light and dark mode and in greyscale print order. */
export const PALETTE = ["#b8322a", "#2f6db5", "#d99a1e", "#3c8d5a", "#7b4fa0", "#1aa3a3", "#8a6d3b", "#d45d9a", "#5b6770", "#9fb83a"];

export const colorAt = (index: number) => PALETTE[index % PALETTE.length];

/** A series to draw; a dashed one is a group total drawn over its members. */
export type ChartSeries = { key: string; name: string; dashed?: boolean };
export type ChartRow = Record<string, string | number | null | [number, number]>;

export function formatTick(unit: string) {
  return (value: unknown) => (value === null || value === undefined ? "—" : `${value}${unit}`);
}

/** The vertical bar chart's height, and the horizontal one's: a row per category (per bar when grouped). */
const BAR_ROW_HEIGHT = 22;
export const CHART_HEIGHT = 320;

export function barsHeight({ rows, series, stacked = false, horizontal = false }: { rows: number; series: number; stacked?: boolean; horizontal?: boolean }) {
  const barsPerRow = stacked ? 1 : series;
  return horizontal ? Math.max(220, 80 + rows * barsPerRow * BAR_ROW_HEIGHT) : CHART_HEIGHT;
}
