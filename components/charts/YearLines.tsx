"use client";

import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { formatTick, seriesColor, type ChartRow, type ChartSeries } from "./palette";
import { legendText, SeriesTooltip } from "./parts";

export type YearLinesProps = {
  /** One row per year; a missing value leaves a gap in its line (`<key>:note` says why: 未发布, 分母为 0). */
  data: ChartRow[];
  series: ChartSeries[];
  unit?: string;
  label: string;
};

/**
 * Lines across years, one per series; every point is marked, so a 0 is a dot on the axis while a year without a
 * report is a gap. The recharts half only: pages use `YearLines` from `@/components/charts`, which sizes the
 * figure on the server and loads this in the browser.
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
        <Tooltip content={(props) => <SeriesTooltip {...props} rows={data} categoryKey="year" series={series} format={format} />} />
        <Legend itemSorter={null} formatter={legendText} />
        {series.map((s, i) => (
          <Line
            key={s.key}
            dataKey={s.key}
            name={s.name}
            stroke={seriesColor(s, i)}
            strokeDasharray={s.dashed ? "6 4" : undefined}
            strokeWidth={2}
            dot={{ r: 3, fill: seriesColor(s, i) }}
            connectNulls={false}
            isAnimationActive={false}
          />
        ))}
      </LineChart>
    </ResponsiveContainer>
  );
}
