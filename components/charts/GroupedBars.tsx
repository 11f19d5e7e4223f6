"use client";

import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { colorAt, formatTick, type ChartRow, type ChartSeries } from "./palette";

export type GroupedBarsProps = {
  /** One row per category (an agency, a year); a value per series key, already in the chart's unit. */
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

const LABEL_CHARACTERS = 11;

/** A long agency name cut to fit beside its bar; the tooltip shows it whole. */
const shorten = (name: unknown) => {
  const text = String(name);
  return text.length > LABEL_CHARACTERS ? `${text.slice(0, LABEL_CHARACTERS - 1)}…` : text;
};

/**
 * Grouped (or stacked) bars; draws what it is given. The recharts half only: pages use `GroupedBars` from
 * `@/components/charts`, which sizes the figure on the server and loads this in the browser.
 */
export default function GroupedBarsPlot({ data, categoryKey, series, unit = "", stacked = false, horizontal = false, max }: GroupedBarsProps) {
  const domain: [(dataMin: number) => number, number | "auto"] = [(dataMin) => Math.min(0, dataMin), max ?? "auto"];
  const format = formatTick(unit);
  return (
    <ResponsiveContainer width="100%" height="100%">
      <BarChart data={data} layout={horizontal ? "vertical" : "horizontal"} margin={{ top: 8, right: 16, bottom: 8, left: 8 }}>
        <CartesianGrid strokeDasharray="3 3" />
        {horizontal ? (
          <>
            <XAxis type="number" tickFormatter={format} domain={domain} allowDataOverflow={max !== undefined} />
            <YAxis type="category" dataKey={categoryKey} width={150} tick={{ fontSize: 12 }} interval={0} tickFormatter={shorten} />
          </>
        ) : (
          <>
            <XAxis dataKey={categoryKey} tick={{ fontSize: 12 }} />
            <YAxis tickFormatter={format} width={56} domain={domain} allowDataOverflow={max !== undefined} />
          </>
        )}
        <Tooltip formatter={(value) => format(value)} />
        {series.length > 1 && <Legend />}
        {series.map((s, i) => (
          <Bar key={s.key} dataKey={s.key} name={s.name} fill={colorAt(i)} stackId={stacked ? "stack" : undefined} isAnimationActive={false} />
        ))}
      </BarChart>
    </ResponsiveContainer>
  );
}
