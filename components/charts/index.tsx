"use client";

/**
 * The charts as pages use them. recharts is about half the JavaScript of a page with a chart, so it is not part of
 * the first load: the figure (its label and its height, so nothing moves) is rendered on the server, and the
 * recharts half of each chart is fetched in the browser after hydration. Every chart has a server-rendered table
 * twin on its page, so readers without JavaScript or with a screen reader keep the numbers.
 *
 * `ssr: false` has to be used from a client component, hence this module.
 */

import dynamic from "next/dynamic";
import type { LegendEntry } from "./ChartDownloads";
import type { DistributionProps } from "./Distribution";
import { Figure } from "./Figure";
import type { GroupedBarsProps } from "./GroupedBars";
import { barsHeight, CHART_HEIGHT, legendOf, NEUTRAL } from "./palette";
import type { YearLinesProps } from "./YearLines";

export type { DistributionRow } from "./Distribution";
export type { ChartRow, ChartSeries } from "./palette";

/** Holds the figure's box until recharts arrives; the figure already has its final height. */
const Pending = () => <div className="chart-pending" aria-hidden="true" />;

const GroupedBarsPlot = dynamic(() => import("./GroupedBars"), { ssr: false, loading: Pending });
const YearLinesPlot = dynamic(() => import("./YearLines"), { ssr: false, loading: Pending });
const DistributionPlot = dynamic(() => import("./Distribution"), { ssr: false, loading: Pending });

/** Grouped (or stacked) bars; draws what it is given. */
export function GroupedBars(props: GroupedBarsProps) {
  const height = barsHeight({ rows: props.data.length, series: props.series.length, stacked: props.stacked, horizontal: props.horizontal });
  return (
    <Figure label={props.label} height={height} legend={props.series.length > 1 ? legendOf(props.series) : []}>
      <GroupedBarsPlot {...props} />
    </Figure>
  );
}

/** Lines across years, one per series. */
export function YearLines(props: YearLinesProps) {
  return (
    <Figure label={props.label} height={CHART_HEIGHT} legend={legendOf(props.series)}>
      <YearLinesPlot {...props} />
    </Figure>
  );
}

const DISTRIBUTION_LEGEND: LegendEntry[] = [
  { name: "最小–最大、四分位间距", color: NEUTRAL },
  { name: "中位数", color: "#1f2328" },
  { name: "合计（汇总计算）", color: NEUTRAL, dashed: true },
];

/** The spread of a measure over a group's members per year: range, interquartile band, median, and the pooled value. */
export function Distribution(props: DistributionProps) {
  return (
    <Figure label={props.label} height={CHART_HEIGHT} legend={DISTRIBUTION_LEGEND}>
      <DistributionPlot {...props} />
    </Figure>
  );
}
