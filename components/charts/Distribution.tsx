"use client";

import { Area, CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { formatTick, NEUTRAL } from "./palette";
import { legendText } from "./parts";

export type DistributionRow = {
  year: number;
  /** [min, max] and [q1, q3] of the members' values, and their median; null for a year without values. */
  range: [number, number] | null;
  quartiles: [number, number] | null;
  median: number | null;
  pooled: number | null;
};

export type DistributionProps = { data: DistributionRow[]; unit?: string; label: string };

/**
 * The spread of a measure over a group's members per year: range, interquartile band, median, and the pooled
 * value. The recharts half only: pages use `Distribution` from `@/components/charts`, which sizes the figure on
 * the server and loads this in the browser.
 */
export default function DistributionPlot({ data, unit = "" }: DistributionProps) {
  const format = formatTick(unit);
  const formatPair = (value: unknown) => (Array.isArray(value) ? value.map(format).join(" – ") : format(value));
  return (
    <ResponsiveContainer width="100%" height="100%">
      <ComposedChart data={data} margin={{ top: 8, right: 16, bottom: 8, left: 8 }}>
        <CartesianGrid strokeDasharray="3 3" />
        <XAxis
          dataKey="year"
          type="number"
          domain={["dataMin", "dataMax"]}
          ticks={data.map((row) => row.year)}
          allowDecimals={false}
          padding={{ left: 16, right: 16 }}
        />
        <YAxis tickFormatter={format} width={56} />
        <Tooltip formatter={(value) => formatPair(value)} />
        <Legend itemSorter={null} formatter={legendText} />
        <Area dataKey="range" name="最小–最大" fill={NEUTRAL} fillOpacity={0.15} stroke="none" isAnimationActive={false} />
        <Area dataKey="quartiles" name="四分位间距" fill={NEUTRAL} fillOpacity={0.4} stroke={NEUTRAL} isAnimationActive={false} />
        <Line dataKey="median" name="中位数" stroke="currentColor" strokeWidth={2} isAnimationActive={false} />
        <Line dataKey="pooled" name="合计（汇总计算）" stroke={NEUTRAL} strokeDasharray="5 3" strokeWidth={2} isAnimationActive={false} />
      </ComposedChart>
    </ResponsiveContainer>
  );
}
