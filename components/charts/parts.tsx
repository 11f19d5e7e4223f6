"use client";

import type { ReactNode } from "react";
import { noteKey, seriesColor, type ChartRow, type ChartSeries } from "./palette";

/** What the recharts halves share: legend text in the page's text colour, and a tooltip that names every series. */

/** Legend text in the text colour (the swatch carries the series' colour): series colours are not text colours. */
export const legendText = (value: string): ReactNode => <span className="chart-legend-text">{value}</span>;

/** A value as the tooltip and the labels show it: the number, or why there is none (未发布, 分母为 0). */
export function shownPoint(row: ChartRow | undefined, key: string, format: (value: unknown) => string): string {
  const value = row?.[key];
  if (value !== null && value !== undefined) return format(value);
  const note = row?.[noteKey(key)];
  return typeof note === "string" ? note : "—";
}

type TooltipProps = { active?: boolean; label?: unknown; rows: ChartRow[]; categoryKey: string; series: ChartSeries[]; format: (value: unknown) => string };

/** Every series at the hovered category, in legend order, with its full name: a missing value says why. */
export function SeriesTooltip({ active, label, rows, categoryKey, series, format }: TooltipProps) {
  if (!active) return null;
  const row = rows.find((r) => String(r[categoryKey]) === String(label));
  if (!row) return null;
  return (
    <div className="chart-tooltip">
      <p className="chart-tooltip-title">{String(label)}</p>
      <ul>
        {series.map((s, i) => (
          <li key={s.key}>
            <span className="chart-swatch" style={{ background: seriesColor(s, i) }} aria-hidden="true" />
            {s.name}：<strong>{shownPoint(row, s.key, format)}</strong>
          </li>
        ))}
      </ul>
    </div>
  );
}
