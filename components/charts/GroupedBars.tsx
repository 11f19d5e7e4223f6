"use client";

import { Bar, BarChart, CartesianGrid, Cell, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { formatTick, seriesColor, type ChartRow, type ChartSeries } from "./palette";
import { legendText, SeriesTooltip, shownPoint } from "./parts";

export type GroupedBarsProps = {
  /**
   * One row per category (an agency, a year); a value per series key, already in the chart's unit, `<key>:note`
   * saying why a value is missing, and `color` to draw a category's bar in its own colour (one series only).
   */
  data: ChartRow[];
  categoryKey: string;
  series: ChartSeries[];
  unit?: string;
  stacked?: boolean;
  /** Horizontal bars: long category names (agencies) read better down the side. */
  horizontal?: boolean;
  label: string;
  /** The value axis's top (100 for shares in percent); automatic without it. */
  max?: number;
};

const LINE_CHARACTERS = 11;
const LINE_HEIGHT = 14;

/** A name cut into lines of LINE_CHARACTERS: nothing of it is dropped. */
export function wrapName(name: string, width = LINE_CHARACTERS): string[] {
  const lines: string[] = [];
  for (let start = 0; start < name.length; start += width) lines.push(name.slice(start, start + width));
  return lines.length ? lines : [""];
}

type TickProps = { x?: number | string; y?: number | string; payload?: { value?: unknown; index?: number } };

/**
 * A category's full name, wrapped, with its value beside the bar's start: a 0 bar has no length, so the label says
 * 0 (or 未发布, or —) where the bar would be.
 */
function CategoryTick({ x, y, payload, rows, series, format }: TickProps & { rows: ChartRow[]; series: ChartSeries[]; format: (v: unknown) => string }) {
  const row = rows[payload?.index ?? -1];
  const lines = wrapName(String(payload?.value ?? ""));
  const value = series.length === 1 ? shownPoint(row, series[0]!.key, format) : null;
  const all = value === null ? lines : [...lines, value];
  const top = -((all.length - 1) * LINE_HEIGHT) / 2 + 4;
  return (
    <text x={Number(x)} y={Number(y) + top} textAnchor="end" fontSize={12} fill="currentColor" className="chart-tick">
      {all.map((line, i) => (
        <tspan key={i} x={Number(x) - 4} dy={i === 0 ? 0 : LINE_HEIGHT} fontWeight={value !== null && i === all.length - 1 ? 600 : undefined}>
          {line}
        </tspan>
      ))}
    </text>
  );
}

/**
 * Grouped (or stacked) bars; draws what it is given. The legend lists the series in the order they are stacked
 * (first at the bottom or left). The recharts half only: pages use `GroupedBars` from `@/components/charts`,
 * which sizes the figure on the server and loads this in the browser.
 */
export default function GroupedBarsPlot({ data, categoryKey, series, unit = "", stacked = false, horizontal = false, max }: GroupedBarsProps) {
  const domain: [(dataMin: number) => number, number | "auto"] = [(dataMin) => Math.min(0, dataMin), max ?? "auto"];
  const format = formatTick(unit);
  const ownColours = series.length === 1 && data.some((row) => typeof row.color === "string");
  return (
    <ResponsiveContainer width="100%" height="100%">
      <BarChart data={data} layout={horizontal ? "vertical" : "horizontal"} margin={{ top: 8, right: 16, bottom: 8, left: 8 }}>
        <CartesianGrid strokeDasharray="3 3" />
        {horizontal ? (
          <>
            <XAxis type="number" tickFormatter={format} domain={domain} allowDataOverflow={max !== undefined} />
            <YAxis
              type="category"
              dataKey={categoryKey}
              width={150}
              interval={0}
              tick={(props: TickProps) => <CategoryTick {...props} rows={data} series={series} format={format} />}
            />
          </>
        ) : (
          <>
            <XAxis dataKey={categoryKey} tick={{ fontSize: 12 }} />
            <YAxis tickFormatter={format} width={56} domain={domain} allowDataOverflow={max !== undefined} />
          </>
        )}
        <Tooltip content={(props) => <SeriesTooltip {...props} rows={data} categoryKey={categoryKey} series={series} format={format} />} />
        {series.length > 1 && <Legend itemSorter={null} formatter={legendText} />}
        {series.map((s, i) => (
          <Bar key={s.key} dataKey={s.key} name={s.name} fill={seriesColor(s, i)} stackId={stacked ? "stack" : undefined} isAnimationActive={false}>
            {ownColours && data.map((row, j) => <Cell key={j} fill={typeof row.color === "string" ? row.color : seriesColor(s, i)} />)}
          </Bar>
        ))}
      </BarChart>
    </ResponsiveContainer>
  );
}
