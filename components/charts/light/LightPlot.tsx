"use client";

import { useEffect, useRef, useState, type KeyboardEvent, type PointerEvent } from "react";
import { formatTick, seriesColor, type ChartRow, type ChartSeries } from "../palette";
import { SeriesTooltip } from "../parts";
import {
  band,
  barRects,
  CATEGORY_AXIS_HEIGHT,
  categoryAt,
  drawnValues,
  lineRuns,
  numberAt,
  plotArea,
  valueTicks,
  yearX,
  yOf,
  type Box,
  type Plot,
} from "./geometry";

/**
 * A chart drawn without recharts, for the overview's first load: the server renders the SVG (at a default size,
 * scaled to its box until the browser measures it), the browser redraws it at its box's size, and hovering or
 * arrow keys (the SVG takes focus) show every series' value at a category in the same tooltip as the recharts charts.
 */

export type LightPlotProps = {
  kind: "bars" | "lines";
  /** One row per category; for lines, `year` is the category. */
  data: ChartRow[];
  categoryKey: string;
  series: ChartSeries[];
  unit?: string;
  stacked?: boolean;
  /** The value axis's top (100 for shares in percent). */
  max?: number;
  label: string;
};

/** The size the server draws at: the figure's width on a desktop page, before the browser measures it. */
const SERVER_BOX: Box = { width: 960, height: 280 };

function useBoxSize() {
  const ref = useRef<HTMLDivElement>(null);
  const [box, setBox] = useState<Box | null>(null);
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    const observer = new ResizeObserver(([entry]) => {
      const { width, height } = entry!.contentRect;
      if (width > 0 && height > 0) setBox({ width: Math.round(width), height: Math.round(height) });
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  return { ref, box };
}

function ValueAxis({ ticks, plot, format }: { ticks: number[]; plot: Plot; format: (value: unknown) => string }) {
  return (
    <g className="chart-axis">
      {ticks.map((tick) => {
        const y = yOf(tick, ticks, plot);
        return (
          <g key={tick}>
            <line x1={plot.left} x2={plot.left + plot.width} y1={y} y2={y} stroke="currentColor" strokeOpacity={0.25} strokeDasharray="3 3" />
            <text x={plot.left - 6} y={y + 4} textAnchor="end" fontSize={12} fill="currentColor" className="chart-tick">
              {format(tick)}
            </text>
          </g>
        );
      })}
    </g>
  );
}

function CategoryAxis({ labels, xs, plot }: { labels: string[]; xs: number[]; plot: Plot }) {
  const y = plot.top + plot.height;
  return (
    <g className="chart-axis">
      <line x1={plot.left} x2={plot.left + plot.width} y1={y} y2={y} stroke="currentColor" strokeOpacity={0.5} />
      {labels.map((label, i) => (
        <text key={label} x={xs[i]} y={y + CATEGORY_AXIS_HEIGHT / 2 + 6} textAnchor="middle" fontSize={12} fill="currentColor" className="chart-tick">
          {label}
        </text>
      ))}
    </g>
  );
}

function Marks({ props, ticks, plot, active }: { props: LightPlotProps; ticks: number[]; plot: Plot; active: number }) {
  const { kind, data, series, stacked = false } = props;
  if (kind === "bars") {
    const cursor = active >= 0 ? band(active, data.length, plot) : null;
    return (
      <g>
        {cursor && <rect x={cursor.x} y={plot.top} width={cursor.width} height={plot.height} fill="currentColor" fillOpacity={0.08} />}
        {barRects(data, series, ticks, plot, stacked).map((bar) => (
          <rect
            key={`${bar.category}.${bar.series}`}
            x={bar.x}
            y={bar.y}
            width={bar.width}
            height={bar.height}
            fill={seriesColor(series[bar.series]!, bar.series)}
          />
        ))}
      </g>
    );
  }
  const years = data.map((row) => Number(row.year));
  const cursorX = active >= 0 ? yearX(years[active]!, years, plot) : null;
  return (
    <g>
      {cursorX !== null && <line x1={cursorX} x2={cursorX} y1={plot.top} y2={plot.top + plot.height} stroke="currentColor" strokeOpacity={0.4} />}
      {series.map((s, i) => {
        const color = seriesColor(s, i);
        return (
          <g key={s.key}>
            {lineRuns(data, s.key, ticks, plot).map((run) => (
              <polyline
                key={run[0]!.x}
                points={run.map((p) => `${p.x},${p.y}`).join(" ")}
                fill="none"
                stroke={color}
                strokeWidth={2}
                strokeDasharray={s.dashed ? "6 4" : undefined}
              />
            ))}
            {data.map((row, j) =>
              numberAt(row, s.key) === null ? null : (
                <circle key={j} cx={yearX(years[j]!, years, plot)} cy={yOf(numberAt(row, s.key)!, ticks, plot)} r={j === active ? 5 : 3} fill={color} />
              ),
            )}
          </g>
        );
      })}
    </g>
  );
}

export default function LightPlot(props: LightPlotProps) {
  const { kind, data, categoryKey, series, unit = "", stacked = false, max, label } = props;
  const { ref, box } = useBoxSize();
  const [active, setActive] = useState(-1);
  const size = box ?? SERVER_BOX;
  const plot = plotArea(size);
  const ticks = valueTicks(drawnValues(data, series, kind === "bars" && stacked), max);
  const format = formatTick(unit);
  const years = data.map((row) => Number(row.year));
  const xs = data.map((_, i) => (kind === "bars" ? band(i, data.length, plot).x + band(i, data.length, plot).width / 2 : yearX(years[i]!, years, plot)));
  const onPointer = (event: PointerEvent<SVGSVGElement>) => {
    const x = event.clientX - event.currentTarget.getBoundingClientRect().left;
    setActive(categoryAt(x, data, plot, kind));
  };
  const onKey = (event: KeyboardEvent<SVGSVGElement>) => {
    const step = event.key === "ArrowRight" ? 1 : event.key === "ArrowLeft" ? -1 : 0;
    if (event.key === "Escape") setActive(-1);
    if (step === 0) return;
    event.preventDefault();
    setActive((current) => Math.min(data.length - 1, Math.max(0, current < 0 ? 0 : current + step)));
  };
  const tipLeft = active >= 0 && xs[active]! > size.width / 2;
  return (
    <div ref={ref} className="light-plot">
      <svg
        className="light-surface"
        width={box ? size.width : "100%"}
        height={box ? size.height : "100%"}
        viewBox={`0 0 ${size.width} ${size.height}`}
        role="application"
        aria-label={`${label}（用左右方向键查看各项数值）`}
        // biome-ignore lint/a11y/noNoninteractiveTabindex: the chart takes arrow keys to show its values (role application), as recharts' accessibility layer does
        tabIndex={0}
        onPointerMove={onPointer}
        onPointerLeave={() => setActive(-1)}
        onKeyDown={onKey}
        onBlur={() => setActive(-1)}
      >
        <ValueAxis ticks={ticks} plot={plot} format={format} />
        <Marks props={props} ticks={ticks} plot={plot} active={active} />
        <CategoryAxis labels={data.map((row) => String(row[categoryKey]))} xs={xs} plot={plot} />
      </svg>
      <div
        className="light-tooltip"
        aria-live="polite"
        style={active < 0 ? { display: "none" } : tipLeft ? { right: size.width - xs[active]! + 12 } : { left: xs[active]! + 12 }}
      >
        {active >= 0 && <SeriesTooltip active label={data[active]![categoryKey]} rows={data} categoryKey={categoryKey} series={series} format={format} />}
      </div>
    </div>
  );
}
