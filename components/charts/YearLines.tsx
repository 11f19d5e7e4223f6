"use client";

import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { colorAt, formatTick, type ChartRow, type ChartSeries } from "./palette";

export type YearLinesProps = {
  /** One row per year; a missing value leaves a gap in its line. */
  data: ChartRow[];
  series: ChartSeries[];
  unit?: string;
  label: string;
};

/**
 * Lines across years, one per series. The recharts half only: pages use `YearLines` from `@/components/charts`,
 * which sizes the figure on the server and loads this in the browser.
 */
export default function YearLinesPlot({ data, series, unit = "" }: YearLinesProps) {
  const format = formatTick(unit);
  return (
    <ResponsiveContainer width="100%" height="100%">
      <LineChart data={data} margin={{ top: 8, right: 16, bottom: 8, left: 8 }}>
        <CartesianGrid strokeDasharray="3 3" />
        <XAxis
          dataKey="year"
          type="number"
          domain={["dataMin", "dataMax"]}
          ticks={data.map((row) => row.year as number)}
          allowDecimals={false}
          padding={{ left: 16, right: 16 }}
        />
        <YAxis tickFormatter={format} width={56} />
        <Tooltip formatter={(value) => format(value)} />
        <Legend />
        {series.map((s, i) => (
          <Line
            key={s.key}
            dataKey={s.key}
            name={s.name}
            stroke={s.dashed ? "#1f2328" : colorAt(i)}
            strokeDasharray={s.dashed ? "6 4" : undefined}
            strokeWidth={2}
            dot
            connectNulls={false}
            isAnimationActive={false}
          />
        ))}
      </LineChart>
    </ResponsiveContainer>
  );
}
